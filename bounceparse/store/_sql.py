"""What both backends share: the queries, written once, and the operations built on them.

A backend subclasses `SQLBackend` and supplies a connection, a transaction and its
parameter mark; the SQL below is written with `?` marks and only constructs SQLite and
PostgreSQL both understand (window functions, `ON CONFLICT DO NOTHING`, integer division).

May import: the standard library, `._events`, `._policy`, `._schema`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ._events import COLUMNS, SECONDS_PER_DAY, Event, from_row, to_row
from ._policy import Cause, Policy
from ._schema import LATEST, MIGRATIONS, VERSION_TABLE

_INSERT = (f"INSERT INTO bounce_events ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in COLUMNS)}) ON CONFLICT (fingerprint) DO NOTHING")
_EVENTS_OF = (f"SELECT {', '.join(COLUMNS)} FROM bounce_events WHERE address = ? "
              "ORDER BY occurred_at, fingerprint")


class StoreError(Exception):
    """The store cannot be opened or used: the message names it and says why."""


class SchemaError(StoreError):
    """The store was made by a newer bounceparse."""


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

    def lock_schema(self, cur: Any) -> None:
        """Keep other processes from migrating at the same time (inside the transaction)."""

    def sql(self, text: str) -> str:
        return text if self.mark == "?" else text.replace("?", self.mark)

    def execute(self, cur: Any, text: str, params: Sequence[object] = ()) -> Any:
        cur.execute(self.sql(text), tuple(params))
        return cur

    # -- schema -------------------------------------------------------------------------

    def migrate(self) -> int:
        """Apply the missing migrations; the schema version the store is at."""
        with self.transaction():
            cur = self.cursor()
            self.lock_schema(cur)
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
        return version

    def schema_version(self) -> int:
        cur = self.cursor()
        return int(self.execute(cur, "SELECT MAX(version) FROM bounce_schema").fetchone()[0])

    # -- writing ------------------------------------------------------------------------

    def insert(self, events: Sequence[Event]) -> int:
        """Store the events not stored yet (by fingerprint), in one transaction; how many
        were new."""
        if not events:
            return 0
        rows = [to_row(e) for e in events]
        with self.transaction():
            return self.insert_rows(rows)

    def insert_rows(self, rows: list[tuple[object, ...]]) -> int:
        cur = self.cursor()
        cur.executemany(self.sql(_INSERT), rows)
        return int(cur.rowcount)

    def add_clears(self, addresses: Iterable[str], at: int) -> None:
        with self.transaction():
            cur = self.cursor()
            cur.executemany(self.sql("INSERT INTO bounce_clears (address, at) VALUES (?, ?) "
                                     "ON CONFLICT DO NOTHING"), [(a, at) for a in addresses])

    def prune(self, before: int) -> tuple[int, int]:
        """Delete events and clears older than `before`; (events, clears) deleted."""
        with self.transaction():
            cur = self.cursor()
            events = self.execute(cur, "DELETE FROM bounce_events WHERE occurred_at < ?",
                                  (before,)).rowcount
            clears = self.execute(cur, "DELETE FROM bounce_clears WHERE at < ?",
                                  (before,)).rowcount
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

    def suppressed(self, policy: Policy, since: int | None = None,
                   domain: str | None = None) -> Iterator[tuple[str, int, Cause]]:
        """(address, since, cause) of every suppressed address, in address order."""
        query, params = suppressed_query(policy, since, domain)
        if query is None:
            return
        cur = self.cursor()
        for address, at, cause in self.execute(cur, query, params):
            yield str(address), int(at), Cause(str(cause))


def suppressed_query(policy: Policy, since: int | None, domain: str | None
                     ) -> tuple[str | None, list[object]]:
    """The one query that lists suppressed addresses under `policy` (the same verdicts as
    `Policy.decide`), and its parameters; None when the policy suppresses nothing."""
    params: list[object] = []
    domain_filter = ""
    if domain is not None:
        domain_filter = "AND e.domain = ?"
        params.append(domain)
    parts = []
    if policy.hard:
        parts.append("SELECT address, MIN(occurred_at) AS at, 'hard' AS cause, 0 AS rank "
                     "FROM live WHERE kind = 'failure' AND bounce_type = 'hard' "
                     "GROUP BY address")
    if policy.feedback:
        parts.append("SELECT address, MIN(occurred_at) AS at, 'feedback' AS cause, 1 AS rank "
                     "FROM live WHERE kind = 'feedback' GROUP BY address")
    if policy.soft_days:
        lag = int(policy.soft_days) - 1
        params.append(int(policy.soft_window))
        parts.append(f"""SELECT address, MIN(at) AS at, 'soft' AS cause, 2 AS rank FROM (
            SELECT address, day, at,
                   LAG(day, {lag}) OVER (PARTITION BY address ORDER BY day) AS first_day
            FROM (SELECT address, occurred_at / {SECONDS_PER_DAY} AS day,
                         MIN(occurred_at) AS at
                  FROM live
                  WHERE kind = 'failure' AND (bounce_type IS NULL OR bounce_type <> 'hard')
                  GROUP BY address, occurred_at / {SECONDS_PER_DAY}) AS days
            ) AS w
            WHERE first_day IS NOT NULL AND day - first_day <= ? GROUP BY address""")
    if not parts:
        return None, []
    since_filter = ""
    if since is not None:
        since_filter = "AND at >= ?"
        params.append(since)
    query = f"""
        WITH cleared AS (
            SELECT address, MAX(at) AS at FROM (
                SELECT address, occurred_at AS at FROM bounce_events WHERE kind = 'delivery'
                UNION ALL
                SELECT address, at FROM bounce_clears) AS c
            GROUP BY address),
        live AS (
            SELECT e.address, e.occurred_at, e.kind, e.bounce_type
            FROM bounce_events e LEFT JOIN cleared c ON c.address = e.address
            WHERE e.kind IN ('failure', 'feedback') {domain_filter}
              AND (c.at IS NULL OR e.occurred_at > c.at)),
        found AS ({" UNION ALL ".join(parts)}),
        ranked AS (
            SELECT address, at, cause,
                   ROW_NUMBER() OVER (PARTITION BY address ORDER BY at, rank) AS n
            FROM found)
        SELECT address, at, cause FROM ranked WHERE n = 1 {since_filter} ORDER BY address"""
    return query, params
