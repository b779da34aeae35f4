"""The PostgreSQL backend, through psycopg 3 (`pip install 'bounceparse[postgres]'`), for a
store shared by several mail hosts.

Writes are transactions with `ON CONFLICT DO NOTHING` on the fingerprint, so any number of
recorders can run at once; each writing transaction (and a migration) holds an advisory
lock, so that the verdicts it re-decides see every event committed before it.

May import: the standard library, psycopg, and `._sql`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ._sql import SQLBackend, StoreError

WRITE_LOCK = 0x626F756E6365  # advisory lock key held by every writing transaction
_names = itertools.count()


class PostgresBackend(SQLBackend):
    name = "postgresql"
    mark = "%s"
    id_column = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError("a PostgreSQL store needs psycopg 3: "
                             "pip install 'bounceparse[postgres]'") from None
        self.url = url
        self.conn = psycopg.connect(url, autocommit=True)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def cursor(self) -> Any:
        return self.conn.cursor()

    def lock_writes(self, cur: Any) -> None:
        """One writer at a time (each re-decides the addresses it touched, which must see
        the other writers' events); readers are never blocked."""
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def stream(self, cur: Any, text: str, params: Sequence[object] = ()) -> Iterable[Any]:
        with self.conn.cursor(name=f"bounceparse_{next(_names)}", withhold=True) as named:
            named.itersize = 5000
            named.execute(self.sql(text), tuple(params))
            yield from named

    def close(self) -> None:
        self.conn.close()
