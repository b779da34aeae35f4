"""What both backends share: the SQL, written once, and the operations built on it.

A backend subclasses `SQLBackend` and supplies a connection, a transaction, its parameter
mark and its write lock; the SQL below is written with `?` marks and only constructs that
SQLite and PostgreSQL both understand (`ON CONFLICT`, `excluded.`).

Verdicts: the store keeps, in `bounce_verdicts`, the suppressed addresses under its own
policy (remembered in `bounce_meta`).  Every write (events, clears, prune) re-decides the
addresses it touches, in the same transaction and under the write lock, with
`Policy.decide` — the one implementation of the policy.  Judging under another policy
reads every event instead (`decide_all`).

May import: the standard library, `._events`, `._policy`, `._schema`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import groupby
from typing import Any

from ._events import COLUMNS, Event, from_row, to_row
from ._policy import Cause, Policy
from ._schema import LATEST, MIGRATIONS, VERSION_TABLE

_INSERT = (f"INSERT INTO bounce_events ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in COLUMNS)}) ON CONFLICT (fingerprint) DO NOTHING")
_EVENTS_OF = (f"SELECT {', '.join(COLUMNS)} FROM bounce_events WHERE address = ? "
              "ORDER BY occurred_at, fingerprint")
# what the policy reads of an event (the rest is left out when judging many addresses)
_JUDGED = "address, occurred_at, kind, bounce_type"
_UPSERT_VERDICT = ("INSERT INTO bounce_verdicts (address, domain, since, cause) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (address) DO UPDATE SET "
                   "domain = excluded.domain, since = excluded.since, cause = excluded.cause")
CHUNK = 500  # addresses per IN (...) query


class StoreError(Exception):
    """The store cannot be opened or used: the message names it and says why."""


class SchemaError(StoreError):
    """The store was made by a newer bounceparse."""


def driver_errors() -> tuple[type[Exception], ...]:
    """The exception classes of the database drivers loaded (for `except`)."""
    import sqlite3
    import sys

    found: list[type[Exception]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found.append(psycopg.Error)
    return tuple(found)


def policy_json(policy: Policy) -> str:
    from dataclasses import asdict

    return json.dumps(asdict(policy), sort_keys=True)


class SQLBackend:
    """The operations of a store on a DB-API connection (see the module doc)."""

    mark = "?"  # the driver's parameter mark
    id_column = "INTEGER PRIMARY KEY"
    name = "sql"

    def transaction(self, write: bool = True) -> AbstractContextManager[Any]:
        """A transaction; `write=False` for one that only reads."""
        raise NotImplementedError

    def cursor(self) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def lock_writes(self, cur: Any) -> None:
        """Keep other writers out until the transaction ends (SQLite's BEGIN IMMEDIATE
        does already)."""

    def stream(self, cur: Any, text: str, params: Sequence[object] = ()) -> Iterable[Any]:
        """The rows of a big query, without holding them all in memory."""
        return self.execute(cur, text, params)  # type: ignore[no-any-return]

    def sql(self, text: str) -> str:
        return text if self.mark == "?" else text.replace("?", self.mark)

    def execute(self, cur: Any, text: str, params: Sequence[object] = ()) -> Any:
        cur.execute(self.sql(text), tuple(params))
        return cur

    # -- schema -------------------------------------------------------------------------

    def migrate(self, policy: Policy) -> int:
        """Apply the missing migrations; the schema version the store is at.  A store
        without a policy of its own (a new one, or one from before verdicts were kept)
        adopts `policy`."""
        current = self._current_version()
        if current == LATEST:
            return current
        with self.transaction():
            cur = self.cursor()
            self.lock_writes(cur)
            self.execute(cur, VERSION_TABLE)
            version = self.execute(cur, "SELECT MAX(version) FROM bounce_schema").fetchone()[0]
            version = int(version or 0)
            if version > LATEST:
                raise SchemaError(f"the store is at schema version {version}; this bounceparse "
                                  f"knows versions up to {LATEST}: upgrade bounceparse")
            for number, statements in MIGRATIONS:
                if number <= version:
                    continue
                for statement in statements:
                    self.execute(cur, statement.replace("{id}", self.id_column))
                self.execute(cur, "INSERT INTO bounce_schema (version, applied_at) VALUES (?, ?)",
                             (number, int(time.time())))
                version = number
            if self.stored_policy(cur) is None:
                self._set_policy(cur, policy)
        return version

    def _current_version(self) -> int | None:
        """The schema version when the store is complete (its policy set), read without
        locking; None when it needs the migration step (or is not made yet)."""
        try:
            with self.transaction(write=False):
                cur = self.cursor()
                row = self.execute(cur, "SELECT MAX(version) FROM bounce_schema").fetchone()
                if row is None or row[0] is None or int(row[0]) != LATEST:
                    return None
                return LATEST if self.stored_policy(cur) is not None else None
        except Exception as exc:
            if isinstance(exc, driver_errors()):
                return None  # no such table yet: the locked path makes it
            raise

    def schema_version(self) -> int:
        cur = self.cursor()
        return int(self.execute(cur, "SELECT MAX(version) FROM bounce_schema").fetchone()[0])

    # -- the store's policy -------------------------------------------------------------

    def stored_policy(self, cur: Any = None) -> Policy | None:
        """The policy the stored verdicts follow; None before one was adopted."""
        cur = cur or self.cursor()
        row = self.execute(cur, "SELECT value FROM bounce_meta WHERE key = 'policy'").fetchone()
        return None if row is None else Policy.from_mapping(json.loads(row[0]))

    def adopt(self, policy: Policy) -> None:
        """Make `policy` the store's, judging every address under it."""
        with self.transaction():
            cur = self.cursor()
            self.lock_writes(cur)
            self._set_policy(cur, policy)

    def _set_policy(self, cur: Any, policy: Policy) -> None:
        self.execute(cur, "DELETE FROM bounce_meta WHERE key = 'policy'")
        self.execute(cur, "INSERT INTO bounce_meta (key, value) VALUES ('policy', ?)",
                     (policy_json(policy),))
        self._rebuild(cur, policy)

    def _rebuild(self, cur: Any, policy: Policy) -> None:
        self.execute(cur, "DELETE FROM bounce_verdicts")
        rows = []
        for address, since, cause in self.decide_all(policy, cur=self.cursor()):
            rows.append((address, address.rpartition("@")[2], since, str(cause)))
            if len(rows) >= CHUNK:
                cur.executemany(self.sql(_UPSERT_VERDICT), rows)
                rows = []
        if rows:
            cur.executemany(self.sql(_UPSERT_VERDICT), rows)

    def _redecide(self, cur: Any, addresses: Iterable[str]) -> None:
        """Judge `addresses` again under the store's policy (inside the write lock)."""
        policy = self.stored_policy(cur) or Policy()
        wanted = sorted(set(addresses))
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i:i + CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows: dict[str, list[tuple[int, str, str | None]]] = {a: [] for a in chunk}
            for address, at, kind, bounce_type in self.execute(
                    cur, f"SELECT {_JUDGED} FROM bounce_events WHERE address IN ({marks}) "
                    "ORDER BY address, occurred_at, fingerprint", chunk).fetchall():
                rows[address].append((int(at), kind, bounce_type))
            clears: dict[str, list[int]] = {a: [] for a in chunk}
            for address, at in self.execute(cur, "SELECT address, at FROM bounce_clears "
                                            f"WHERE address IN ({marks})", chunk).fetchall():
                clears[address].append(int(at))
            upserts, deletes = [], []
            for address in chunk:
                cause, since, *_ = policy.judge(rows[address], clears[address])
                if cause is None:
                    deletes.append((address,))
                else:
                    upserts.append((address, address.rpartition("@")[2], since, str(cause)))
            if upserts:
                cur.executemany(self.sql(_UPSERT_VERDICT), upserts)
            if deletes:
                cur.executemany(self.sql("DELETE FROM bounce_verdicts WHERE address = ?"),
                                deletes)

    # -- writing ------------------------------------------------------------------------

    def insert(self, events: Sequence[Event]) -> int:
        """Store the events not stored yet (by fingerprint) and judge their addresses
        again, in one transaction; how many were new."""
        if not events:
            return 0
        rows = [to_row(e) for e in events]
        with self.transaction():
            cur = self.cursor()
            self.lock_writes(cur)
            new = self.insert_rows(cur, rows)
            if new:
                self._redecide(cur, (e.address for e in events))
        return new

    def insert_rows(self, cur: Any, rows: list[tuple[object, ...]]) -> int:
        cur.executemany(self.sql(_INSERT), rows)
        return int(cur.rowcount)

    def add_clears(self, addresses: Sequence[str], at: int) -> None:
        with self.transaction():
            cur = self.cursor()
            self.lock_writes(cur)
            cur.executemany(self.sql("INSERT INTO bounce_clears (address, at) VALUES (?, ?) "
                                     "ON CONFLICT DO NOTHING"), [(a, at) for a in addresses])
            self._redecide(cur, addresses)

    def prune(self, before: int) -> tuple[int, int]:
        """Delete events and clears older than `before`; (events, clears) deleted."""
        with self.transaction():
            cur = self.cursor()
            self.lock_writes(cur)
            events = self.execute(cur, "DELETE FROM bounce_events WHERE occurred_at < ?",
                                  (before,)).rowcount
            clears = self.execute(cur, "DELETE FROM bounce_clears WHERE at < ?",
                                  (before,)).rowcount
            if events or clears:
                self._rebuild(cur, self.stored_policy(cur) or Policy())
        return int(events), int(clears)

    # -- reading ------------------------------------------------------------------------

    def events_of(self, address: str) -> list[Event]:
        cur = self.cursor()
        return [from_row(row) for row in self.execute(cur, _EVENTS_OF, (address,)).fetchall()]

    def clears_of(self, address: str) -> list[int]:
        cur = self.cursor()
        rows = self.execute(cur, "SELECT at FROM bounce_clears WHERE address = ?", (address,))
        return [int(row[0]) for row in rows.fetchall()]

    def all_clears(self) -> list[tuple[str, int]]:
        cur = self.cursor()
        rows = self.execute(cur, "SELECT address, at FROM bounce_clears ORDER BY at, address")
        return [(str(a), int(at)) for a, at in rows.fetchall()]

    def count(self) -> int:
        cur = self.cursor()
        return int(self.execute(cur, "SELECT COUNT(*) FROM bounce_events").fetchone()[0])

    def suppressed(self, since: int | None = None, domain: str | None = None
                   ) -> Iterable[tuple[str, str, int, str]]:
        """(address, domain, since, cause) of every address suppressed under the store's
        policy, in address order: the stored verdicts."""
        where: list[str] = []
        params: list[object] = []
        if domain is not None:
            where.append("domain = ?")
            params.append(domain)
        if since is not None:
            where.append("since >= ?")
            params.append(since)
        query = "SELECT address, domain, since, cause FROM bounce_verdicts"
        if where:
            query += " WHERE " + " AND ".join(where)
        return self.stream(self.cursor(), query + " ORDER BY address", params)

    def decide_all(self, policy: Policy, domain: str | None = None, cur: Any = None
                   ) -> Iterator[tuple[str, int, Cause]]:
        """(address, since, cause) of every address (of `domain`) that `policy` suppresses,
        judged from all its events, in address order."""
        cur = cur or self.cursor()
        clears: dict[str, list[int]] = {}
        for address, at in self.execute(self.cursor(), "SELECT address, at FROM bounce_clears"
                                        ).fetchall():
            clears.setdefault(str(address), []).append(int(at))
        query = f"SELECT {_JUDGED} FROM bounce_events"
        params: list[object] = []
        if domain is not None:
            query += " WHERE domain = ?"
            params.append(domain)
        rows = self.stream(cur, query + " ORDER BY address, occurred_at, fingerprint", params)
        for address, group in groupby(rows, key=lambda row: str(row[0])):
            history = [(int(at), kind, bounce_type) for _, at, kind, bounce_type in group]
            cause, since, *_ = policy.judge(history, clears.get(address, ()))
            if cause is not None and since is not None:
                yield address, since, cause
