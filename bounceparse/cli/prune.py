"""`bounceparse prune --before WHEN`: delete the events (and clears) older than WHEN."""

from __future__ import annotations

import argparse

from .main import EX_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .storeargs import add_store_arguments, argparse_when

    parser.add_argument("--before", type=argparse_when, required=True, metavar="WHEN",
                        help="delete what happened before WHEN (2026-01-01, "
                             "2026-01-01T00:00 UTC, or an age: 365d, 52w)")
    add_store_arguments(parser, policy=False)


def run(args: argparse.Namespace) -> int:
    from .storeargs import failure, open_from_args, store_errors

    try:
        with open_from_args(args) as store:
            events, clears = store.prune(args.before)
    except store_errors() as exc:
        return failure("prune", exc)
    print(f"deleted {events:,} events and {clears:,} clears from before "
          f"{args.before.isoformat()}")
    return EX_OK
