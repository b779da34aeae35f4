"""`Store`: the operations on a bounce store, whatever its backend; `open_store()`.

May import: the standard library, bounceparse's model, and the store's own modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from types import TracebackType

from ..model.results import Report
from ._config import default_db_path, is_postgres, load_config
from ._events import Event, epoch, events_of, from_epoch, normal_address, now
from ._policy import CAUSES, Policy, Suppression, Verdict
from ._sql import SchemaError, SQLBackend, StoreError, driver_errors

BATCH_EVENTS = 500  # events per transaction when recording many reports


class Store:
    """A bounce store: record reports, ask who is suppressed and why."""

    def __init__(self, backend: SQLBackend, policy: Policy | None = None,
                 where: str = "") -> None:
        self.backend = backend
        self.policy = policy or Policy()
        self.where = where  # the path or URL, for messages (a URL without its password)

    # -- recording ----------------------------------------------------------------------

    def record(self, report: Report, recorded_at: datetime | None = None) -> int:
        """Store the report's events; how many were new (0 when it was recorded before)."""
        return self.record_events(events_of(report, recorded_at))

    def record_events(self, events: Iterable[Event]) -> int:
        """Store events (one transaction); how many were new."""
        return self.backend.insert(list(events))

    def record_many(self, reports: Iterable[Report], recorded_at: datetime | None = None
                    ) -> int:
        """Store the events of many reports, `BATCH_EVENTS` to a transaction."""
        new = 0
        batch: list[Event] = []
        for report in reports:
            batch += events_of(report, recorded_at)
            if len(batch) >= BATCH_EVENTS:
                new += self.record_events(batch)
                batch = []
        return new + self.record_events(batch)

    # -- verdicts -----------------------------------------------------------------------

    def events(self, address: str) -> list[Event]:
        """Every event of `address`, in time order."""
        key = normal_address(address)
        return [] if key is None else self.backend.events_of(key)

    def status(self, address: str, policy: Policy | None = None) -> Verdict:
        """Whether `address` is suppressed, and the events that decided."""
        key = normal_address(address) or address.strip().lower()
        clears = [from_epoch(at) for at in self.backend.clears_of(key)]
        return (policy or self.policy).decide(key, self.backend.events_of(key), clears)

    def suppressed(self, since: datetime | None = None, domain: str | None = None,
                   policy: Policy | None = None) -> Iterator[Suppression]:
        """Every suppressed address (suppressed at or after `since`; of `domain`), in
        address order.  Under the store's own policy (`stored_policy()`) this reads the
        verdicts kept up to date as events arrive; under another, every event is judged
        (slower: see `adopt()`)."""
        chosen = policy or self.policy
        at = None if since is None else epoch(since)
        where = None if domain is None else domain.strip().lower()
        if chosen == self.stored_policy():
            causes = CAUSES
            for address, domain_of, moment, cause in self.backend.suppressed(at, where):
                yield Suppression(address, domain_of, moment, causes[cause])
            return
        with self.backend.transaction(write=False):
            verdicts = list(self.backend.decide_all(chosen, where))
        for address, moment, cause in verdicts:
            if at is None or moment >= at:
                yield Suppression(address, address.rpartition("@")[2], moment, cause)

    def stored_policy(self) -> Policy | None:
        """The policy of the verdicts the store keeps (None before one was adopted)."""
        return self.backend.stored_policy()

    def adopt(self, policy: Policy | None = None) -> None:
        """Make `policy` (by default this Store's) the store's own: every address is judged
        again under it, and from then on every write keeps its verdicts up to date."""
        self.backend.adopt(policy or self.policy)

    # -- maintenance --------------------------------------------------------------------

    def unsuppress(self, addresses: Iterable[str], at: datetime | None = None) -> list[str]:
        """Clear the addresses: only events after now (or `at`) count for them; the
        addresses as stored (ValueError for one that is no address)."""
        keys = []
        for address in addresses:
            key = normal_address(address)
            if key is None:
                raise ValueError(f"not an email address: {address!r}")
            keys.append(key)
        self.backend.add_clears(keys, epoch(at or now()))
        return keys

    def prune(self, before: datetime) -> tuple[int, int]:
        """Delete the events (and clears) older than `before`; (events, clears) deleted."""
        return self.backend.prune(epoch(before))

    def count(self) -> int:
        """The number of events stored."""
        return self.backend.count()

    def copy_to(self, target: Store) -> int:
        """Copy every event and clear of this store into `target` (another store, on any
        backend: how a store moves from SQLite to PostgreSQL); how many events were new
        there.  Safe to repeat: what `target` has already is left as it is."""
        from ._events import COLUMNS, from_row

        new = 0
        batch: list[Event] = []
        query = f"SELECT {', '.join(COLUMNS)} FROM bounce_events ORDER BY id"
        for row in self.backend.stream(self.backend.cursor(), query):
            batch.append(from_row(row))
            if len(batch) >= 5 * BATCH_EVENTS:
                new += target.record_events(batch)
                batch = []
        new += target.record_events(batch)
        by_time: dict[int, list[str]] = {}
        for address, at in self.backend.all_clears():
            by_time.setdefault(at, []).append(address)
        for at, addresses in sorted(by_time.items()):
            target.backend.add_clears(addresses, at)
        return new

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_store(db: str | os.PathLike[str] | None = None, *, policy: Policy | None = None,
               config: str | os.PathLike[str] | None = None) -> Store:
    """The store at `db`: a file path (SQLite) or a `postgresql://` URL; by default what
    the configuration file says, else the default path (see `_config.py`).  The schema is
    created or brought up to date.  `policy` overrides the configuration file's."""
    settings = load_config(config)
    target = os.fspath(db) if db is not None else settings.db or os.fspath(default_db_path())
    chosen = policy or Policy.from_mapping(settings.policy)
    backend: SQLBackend
    where = _without_password(target) if is_postgres(target) else os.path.expanduser(target)
    try:
        if is_postgres(target):
            from ._postgres import PostgresBackend

            backend = PostgresBackend(target)
        else:
            from ._sqlite import SQLiteBackend

            backend = SQLiteBackend(where)
    except Exception as exc:
        if isinstance(exc, (*driver_errors(), OSError)):
            raise StoreError(f"{where}: cannot open the store: {_message(exc)}") from exc
        raise
    try:
        backend.migrate(chosen)
    except SchemaError as exc:
        backend.close()
        raise SchemaError(f"{where}: {exc}") from None
    except Exception as exc:
        backend.close()
        if isinstance(exc, driver_errors()):
            raise StoreError(f"{where}: cannot set up the store: {_message(exc)}") from exc
        raise
    return Store(backend, chosen, where)


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
