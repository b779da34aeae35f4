"""`bounceparse status ADDRESS...`: whether each address is suppressed, and the events that
decided (or, when it is not, those that count so far)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from .main import EX_OK

if TYPE_CHECKING:
    from datetime import datetime

    from ..store import Event, Policy, Verdict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .storeargs import add_store_arguments

    parser.add_argument("addresses", nargs="+", metavar="ADDRESS")
    parser.add_argument("--format", "-f", choices=("text", "jsonl"), default="text",
                        help="output format (default: text)")
    add_store_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from .storeargs import failure, open_from_args, store_errors

    out = sys.stdout
    try:
        with open_from_args(args) as store:
            for address in args.addresses:
                verdict = store.status(address)
                if args.format == "jsonl":
                    import json

                    out.write(json.dumps(verdict_dict(verdict, store.policy),
                                         ensure_ascii=False) + "\n")
                else:
                    out.write(verdict_text(verdict, store.policy))
    except store_errors() as exc:
        return failure("status", exc)
    out.flush()
    return EX_OK


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def event_line(e: Event) -> str:
    cols = [_when(e.occurred_at), str(e.kind), e.bounce_type or "-", e.reason or "-",
            e.status or "-", e.reply_code or "-", e.remote_mta or "-", e.source or "-"]
    return "  " + "  ".join(cols)


def verdict_text(v: Verdict, policy: Policy) -> str:
    head = f"{v.address}: {v.why(policy)}"
    if v.since is not None:
        head += f", since {_when(v.since)}"
    lines = [head]
    if v.cleared_at is not None:
        lines.append(f"  cleared {_when(v.cleared_at)} (a delivery notice or unsuppress)")
    shown = v.deciding if v.suppressed else v.counted
    lines += [event_line(e) for e in shown]
    return "\n".join(lines) + "\n"


def event_dict(e: Event) -> dict[str, Any]:
    from ..store._events import COLUMNS

    out: dict[str, Any] = {}
    for name in COLUMNS:
        value = getattr(e, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else (
            None if value is None else str(value))
    return out


def verdict_dict(v: Verdict, policy: Policy) -> dict[str, Any]:
    return {
        "address": v.address,
        "suppressed": v.suppressed,
        "cause": None if v.cause is None else str(v.cause),
        "since": None if v.since is None else v.since.isoformat(),
        "why": v.why(policy),
        "cleared_at": None if v.cleared_at is None else v.cleared_at.isoformat(),
        "deciding": [event_dict(e) for e in v.deciding],
        "counted": [event_dict(e) for e in v.counted],
    }
