"""`bounceparse suppressed`: the addresses to stop mailing, under the store's policy.

Text is one address a line (to feed a list manager or a sending system); CSV and JSON
Lines add the domain, since when and why (`hard`, `soft`, `feedback`).
"""

from __future__ import annotations

import argparse
import sys

from .main import EX_OK

FORMATS = ("text", "csv", "jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .storeargs import add_store_arguments, argparse_when

    parser.add_argument("--since", type=argparse_when, metavar="WHEN",
                        help="only addresses suppressed at or after WHEN (2026-11-01, "
                             "2026-11-01T10:00 UTC, or an age: 30d, 12h, 2w)")
    parser.add_argument("--domain", metavar="DOMAIN", help="only addresses of DOMAIN")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text",
                        help="text: one address a line (default); csv and jsonl add domain, "
                             "since and cause")
    add_store_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from .storeargs import failure, open_from_args, policy_overridden, store_errors

    out = sys.stdout
    try:
        with open_from_args(args) as store:
            if not policy_overridden(args) and store.policy != store.stored_policy():
                print("bounceparse suppressed: the configured policy is new to the store: "
                      "judging every address under it", file=sys.stderr)
                store.adopt()
            rows = store.suppressed(since=args.since, domain=args.domain)
            if args.format == "csv":
                import csv

                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(["address", "domain", "since", "cause"])
                for s in rows:
                    writer.writerow([s.address, s.domain, s.since.isoformat(), str(s.cause)])
            elif args.format == "jsonl":
                import json

                for s in rows:
                    out.write(json.dumps({"address": s.address, "domain": s.domain,
                                          "since": s.since.isoformat(),
                                          "cause": str(s.cause)}, ensure_ascii=False) + "\n")
            else:
                for s in rows:
                    out.write(s.address + "\n")
    except store_errors() as exc:
        return failure("suppressed", exc)
    out.flush()
    return EX_OK
