"""The PostgreSQL backend, through psycopg 3 (`pip install 'bounceparse[postgres]'`), for a
store shared by several mail hosts.

Writes are transactions with `ON CONFLICT DO NOTHING` on the fingerprint, so any number of
recorders can write at once; migrations take an advisory lock so that only one process
applies them.

May import: the standard library, psycopg, and `._sql`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._sql import SQLBackend, StoreError

SCHEMA_LOCK = 0x626F756E6365  # advisory lock key held while migrating ("bounce")


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
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def cursor(self) -> Any:
        return self.conn.cursor()

    def lock_schema(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))

    def close(self) -> None:
        self.conn.close()
