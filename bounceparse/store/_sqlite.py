"""The SQLite backend: a file, from the standard library.

Concurrent writers (one `bounceparse filter --record` per delivered message) are safe: the
file is in WAL mode (readers never block the writer), every write is one `BEGIN IMMEDIATE`
transaction, and a writer that finds the file locked waits up to `BUSY_TIMEOUT` seconds
rather than failing.  `synchronous=FULL`: a recorded event survives a crash of the machine,
not only of the process.

May import: the standard library and `._sql`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._sql import SQLBackend

BUSY_TIMEOUT = 60.0  # seconds a writer waits for the lock
CACHE_KB = 65536  # page cache per connection, at most


class SQLiteBackend(SQLBackend):
    name = "sqlite"
    mark = "?"
    id_column = "INTEGER PRIMARY KEY"

    def __init__(self, path: str, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None,
                                    check_same_thread=False)
        self._retry(lambda: self.conn.execute("PRAGMA journal_mode=WAL").fetchone(),
                    busy_timeout)
        self.conn.execute("PRAGMA synchronous=FULL")
        # 64 MB of page cache (allocated as used): the fingerprint index takes inserts in
        # random order, which the default 2 MB cache turns into reads once the store grows
        self.conn.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        self.depth = 0

    @staticmethod
    def _retry(action: Any, seconds: float) -> Any:
        """Switching to WAL needs a moment alone with the file; when many processes open a
        new store at once, wait for it like for any lock."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[None]:
        if self.depth:
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        self.depth = 1
        try:
            yield
        except BaseException:
            self.depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self.depth = 0
        self.conn.execute("COMMIT")

    def cursor(self) -> Any:
        return self.conn.cursor()

    def insert_rows(self, cur: Any, rows: list[tuple[object, ...]]) -> int:
        before = self.conn.total_changes
        super().insert_rows(cur, rows)
        return self.conn.total_changes - before

    def close(self) -> None:
        self.conn.close()
