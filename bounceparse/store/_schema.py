"""The store's schema, the same on every backend, as numbered migrations.

A store records the migrations applied to it in `bounce_schema`; opening a store applies
the missing ones in order, each in one transaction, so that a store made by an older
bounceparse is brought up to date, and one made by a newer one is refused.
In the SQL, `{id}` stands for the backend's auto-numbered key column type.

May import: nothing.
"""

from __future__ import annotations

# version -> statements.  Never edit a released migration: add the next one.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        """CREATE TABLE bounce_events (
            id {id},
            fingerprint TEXT NOT NULL UNIQUE,
            address TEXT NOT NULL,
            domain TEXT NOT NULL,
            occurred_at BIGINT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT,
            bounce_type TEXT,
            status TEXT,
            reply_code TEXT,
            remote_mta TEXT,
            provider TEXT,
            detector TEXT,
            message_id TEXT,
            original_message_id TEXT,
            envelope_id TEXT,
            verp TEXT,
            source TEXT,
            recorded_at BIGINT NOT NULL
        )""",
        # status ADDRESS: every event of one address, in time order
        "CREATE INDEX bounce_events_address ON bounce_events (address, occurred_at)",
        # prune --before
        "CREATE INDEX bounce_events_occurred ON bounce_events (occurred_at)",
        """CREATE TABLE bounce_clears (
            address TEXT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (address, at)
        )""",
    )),
    (2, (
        # the verdicts of the store's policy, kept up to date as events arrive: one row per
        # suppressed address, so that `suppressed` reads a list instead of judging every
        # address's history
        """CREATE TABLE bounce_verdicts (
            address TEXT PRIMARY KEY,
            domain TEXT NOT NULL,
            since BIGINT NOT NULL,
            cause TEXT NOT NULL
        )""",
        # suppressed [--domain D]: the list in address order from an index alone (a
        # lookup in the table per row would take most of the time)
        """CREATE INDEX bounce_verdicts_list
            ON bounce_verdicts (address, domain, since, cause)""",
        """CREATE INDEX bounce_verdicts_domain
            ON bounce_verdicts (domain, address, since, cause)""",
        # the policy the verdicts follow (key "policy", its fields as JSON); until it is
        # set, opening the store judges every address once
        """CREATE TABLE bounce_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    )),
)

LATEST = MIGRATIONS[-1][0]

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS bounce_schema (
    version INTEGER PRIMARY KEY,
    applied_at BIGINT NOT NULL
)"""
