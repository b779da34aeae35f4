"""`bounceparse unsuppress ADDRESS...`: clear addresses, so that only what happens after
now counts for them (the events stay, for `status`)."""

from __future__ import annotations

import argparse
import sys

from .main import EX_OK, EX_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .storeargs import add_store_arguments

    parser.add_argument("addresses", nargs="+", metavar="ADDRESS")
    add_store_arguments(parser, policy=False)


def run(args: argparse.Namespace) -> int:
    from ..store._events import normal_address
    from .storeargs import failure, open_from_args, store_errors

    bad = [a for a in args.addresses if normal_address(a) is None]
    if bad:
        print(f"bounceparse unsuppress: not an email address: {bad[0]!r}", file=sys.stderr)
        return EX_USAGE
    try:
        with open_from_args(args) as store:
            for address in store.unsuppress(args.addresses):
                print(f"{address}: cleared")
    except store_errors() as exc:
        return failure("unsuppress", exc)
    return EX_OK
