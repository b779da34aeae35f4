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

from .._model import Kind
from ._events import COLUMNS, Event, from_epoch, from_row, to_row
from ._policy import Cause, Policy, Verdict
from ._schema import LATEST, MIGRATIONS, VERSION_TABLE

_INSERT = (f"INSERT INTO bounce_events ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in COLUMNS)}) ON CONFLICT (fingerprint) DO NOTHING")
_EVENTS_OF = (f"SELECT {', '.join(COLUMNS)} FROM bounce_events WHERE address = ? "
              "ORDER BY occurred_at, fingerprint")
# what the policy reads of an event (the rest is left out when judging many addresses)
_JUDGED = "fingerprint, address, occurred_at, kind, bounce_type"
_UPSERT_VERDICT = ("INSERT INTO bounce_verdicts (address, domain, since, cause) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (address) DO UPDATE SET "
                   "domain = excluded.domain, since = excluded.since, cause = excluded.cause")
CHUNK = 500  # addresses per IN (...) query


class StoreError(Exception):
    """The store cannot be opened or used: the message names it and says why."""


class SchemaError(StoreError):
    """The store was made by a newer bounceparse."""


def _judged(row: Sequence[Any]) -> Event:
    """An event with what the policy reads (from a _JUDGED row)."""
    fingerprint, address, at, kind, bounce_type = row
    return Event(fingerprint=str(fingerprint), address=str(address),
                 domain=str(address).rpartition("@")[2], occurred_at=from_epoch(int(at)),
                 kind=Kind(str(kind)), bounce_type=bounce_type)


def policy_json(policy: Policy) -> str:
    from dataclasses import asdict

    return json.dumps(asdict(policy), sort_keys=True)


class SQLBackend:
    """The operations of a store on a DB-API connection (see the module doc)."""

    mark = "?"  # the driver's parameter mark
    id_column = "INTEGER PRIMARY KEY"
    name = "sql"

    def transaction(self) -> AbstractContextManager[Any]:
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
        for verdict in self.decide_all(policy, cur=self.cursor()):
            rows.append(_verdict_row(verdict))
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
            events: dict[str, list[Event]] = {a: [] for a in chunk}
            for row in self.execute(cur, f"SELECT {_JUDGED} FROM bounce_events "
                                    f"WHERE address IN ({marks})", chunk).fetchall():
                events[str(row[1])].append(_judged(row))
            clears: dict[str, list[Any]] = {a: [] for a in chunk}
            for address, at in self.execute(cur, "SELECT address, at FROM bounce_clears "
                                            f"WHERE address IN ({marks})", chunk).fetchall():
                clears[str(address)].append(from_epoch(int(at)))
            upserts, deletes = [], []
            for address in chunk:
                verdict = policy.decide(address, events[address], clears[address])
                if verdict.suppressed:
                    upserts.append(_verdict_row(verdict))
                else:
                    deletes.append((address,))
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

    def count(self) -> int:
        cur = self.cursor()
        return int(self.execute(cur, "SELECT COUNT(*) FROM bounce_events").fetchone()[0])

    def suppressed(self, since: int | None = None, domain: str | None = None
                   ) -> Iterator[tuple[str, int, Cause]]:
        """(address, since, cause) of every address suppressed under the store's policy,
        in address order: the stored verdicts."""
        where, params = [], []
        if domain is not None:
            where.append("domain = ?")
            params.append(domain)
        if since is not None:
            where.append("since >= ?")
            params.append(since)
        query = "SELECT address, since, cause FROM bounce_verdicts"
        if where:
            query += " WHERE " + " AND ".join(where)
        cur = self.cursor()
        for address, at, cause in self.execute(cur, query + " ORDER BY address", params):
            yield str(address), int(at), Cause(str(cause))

    def decide_all(self, policy: Policy, domain: str | None = None, cur: Any = None
                   ) -> Iterator[Verdict]:
        """The verdict on every address (of `domain`) that `policy` suppresses, judged from
        all its events, in address order."""
        cur = cur or self.cursor()
        clears: dict[str, list[Any]] = {}
        for address, at in self.execute(self.cursor(), "SELECT address, at FROM bounce_clears"
                                        ).fetchall():
            clears.setdefault(str(address), []).append(from_epoch(int(at)))
        query = f"SELECT {_JUDGED} FROM bounce_events"
        params: list[object] = []
        if domain is not None:
            query += " WHERE domain = ?"
            params.append(domain)
        rows = self.stream(cur, query + " ORDER BY address, occurred_at", params)
        for address, group in groupby(rows, key=lambda row: str(row[1])):
            verdict = policy.decide(address, [_judged(r) for r in group],
                                    clears.get(address, ()))
            if verdict.suppressed:
                yield verdict


def _verdict_row(verdict: Verdict) -> tuple[object, ...]:
    from ._events import epoch

    assert verdict.since is not None and verdict.cause is not None
    return (verdict.address, verdict.address.rpartition("@")[2], epoch(verdict.since),
            str(verdict.cause))
