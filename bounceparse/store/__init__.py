"""bounceparse.store: remember bounces and decide whom to stop mailing.

    >>> from bounceparse.store import open_store
    >>> with open_store("bounces.sqlite3") as store:       # or "postgresql://..."
    ...     store.record(bounceparse.parse(raw_bytes))
    ...     for s in store.suppressed():
    ...         print(s.address, s.since, s.cause)
    ...     print(store.status("user@example.com").why(store.policy))

A store keeps one event per recipient of each failure, delay, delivery and feedback report
(`Event`); `Policy` decides from them (docs/store.md).  Backends: SQLite (the
standard library) and PostgreSQL (psycopg 3, the `postgres` extra), one schema.

May import: the store's own modules (which import bounceparse's model, never the parser).
"""

from __future__ import annotations

from ._config import default_config_path, default_db_path, load_config
from ._events import Event, events_of
from ._policy import Cause, Policy, Suppression, Verdict
from ._sql import SchemaError, StoreError
from ._store import Store, open_store

__all__ = [
    "Cause",
    "Event",
    "Policy",
    "SchemaError",
    "Store",
    "StoreError",
    "Suppression",
    "Verdict",
    "default_config_path",
    "default_db_path",
    "events_of",
    "load_config",
    "open_store",
]
