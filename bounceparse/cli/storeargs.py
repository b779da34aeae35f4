"""Command-line options shared by the commands that use the bounce store.

`add_store_arguments()` adds `--db`, `--config` and (for the commands that judge) the
policy options to an argparse parser; `open_from_args()` opens the store they name.
`filter` and `check`, which read their options by hand, use `take_option()` and
`record_message()` instead.  `when()` reads the dates of `--since` and `--before`.

May import: the standard library and bounceparse.store (only when a store is used).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from ..model.results import Report
    from ..store import Store

EX_UNAVAILABLE = 69  # sysexits.h: the store cannot be opened or used

DB_HELP = ("the store: a file (SQLite) or a postgresql:// URL (default: the config file's "
           "db, else $XDG_DATA_HOME/bounceparse/bounces.sqlite3)")
CONFIG_HELP = ("TOML file with db and [policy] (default: "
               "$XDG_CONFIG_HOME/bounceparse/store.toml when it exists)")

def add_store_arguments(parser: argparse.ArgumentParser, *, policy: bool = True) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help=DB_HELP)
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    if not policy:
        return
    group = parser.add_argument_group("policy (overrides the config file's [policy])")
    group.add_argument("--hard", choices=("yes", "no"), default=None,
                       help="the first hard bounce suppresses (default: yes)")
    group.add_argument("--soft-days", type=_count, default=None, metavar="N",
                       help="soft bounces on N distinct days suppress (default: 3; 0: never)")
    group.add_argument("--soft-window", type=_count, default=None, metavar="DAYS",
                       help="... when the first and last are at most DAYS apart (default: 14)")
    group.add_argument("--feedback", choices=("yes", "no"), default=None,
                       help="an abuse complaint (feedback report) suppresses (default: yes)")


def open_from_args(args: argparse.Namespace) -> Store:
    """The store the options name, with their policy; StoreError or ValueError (both with
    a message for people) when it cannot be opened."""
    from ..store import Policy, load_config, open_store

    config = load_config(args.config)
    values = dict(config.policy)
    for name in ("hard", "feedback"):
        given = getattr(args, name, None)
        if given is not None:
            values[name] = given == "yes"
    for name in ("soft_days", "soft_window"):
        given = getattr(args, name, None)
        if given is not None:
            values[name] = given
    return open_store(args.db, policy=Policy.from_mapping(values), config=args.config)


def policy_overridden(args: argparse.Namespace) -> bool:
    """Whether policy options were given (a one-off question, not the store's policy)."""
    return any(getattr(args, name, None) is not None
               for name in ("hard", "feedback", "soft_days", "soft_window"))


def _count(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def when(text: str) -> datetime:
    """A moment from the command line: `2026-11-01`, `2026-11-01T10:00` (UTC unless an
    offset is given), or an age: `30d`, `12h`, `2w` ago.  ValueError for anything else."""
    from datetime import UTC, datetime, timedelta

    value = text.strip()
    units = {"h": 3600, "d": 86400, "w": 7 * 86400}
    if value[:-1].isdigit() and value[-1:].lower() in units:
        return datetime.now(UTC) - timedelta(seconds=int(value[:-1]) * units[value[-1].lower()])
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use 2026-11-01, 2026-11-01T10:00 or an "
                         "age like 30d, 12h, 2w)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def argparse_when(text: str) -> datetime:
    import argparse

    try:
        return when(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def failure(command: str, exc: BaseException) -> int:
    """Say why the store failed; the exit status for it."""
    print(f"bounceparse {command}: {exc}", file=sys.stderr)
    return EX_UNAVAILABLE


def store_errors() -> tuple[type[BaseException], ...]:
    """What opening or using a store may raise that is the store's fault, not ours."""
    from ..store import StoreError
    from ..store._sql import driver_errors

    return (StoreError, ValueError, *driver_errors())


# -- filter and check: options read by hand ---------------------------------------------


def take_option(arg: str, rest: list[str], chosen: dict[str, str | bool]) -> str | None:
    """Take `arg` (and its value from `rest`) into `chosen` when it is a store option:
    None when taken, "" when `arg` is no store option, else an error message."""
    if arg == "--record":
        chosen["record"] = True
        return None
    name, eq, value = arg.partition("=")
    if name not in ("--db", "--config"):
        return ""
    if not eq:
        if not rest:
            return f"{name} needs a value"
        value = rest.pop(0)
    chosen[name[2:]] = value
    return None


def record_message(report: Report, chosen: dict[str, str | bool]) -> str | None:
    """Record the report in the store `chosen` names; None, or what went wrong."""
    try:
        from ..store import open_store

        db = chosen.get("db")
        config = chosen.get("config")
        with open_store(db if isinstance(db, str) else None,
                        config=config if isinstance(config, str) else None) as store:
            store.record(report)
    except Exception as exc:  # the message must pass whatever the store does
        return f"record failed: {exc}"
    return None
