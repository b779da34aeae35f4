"""`bounceparse parse PATH...`: a report per message, as text, JSON or JSON Lines."""

from __future__ import annotations

import argparse
import sys

from ._cli import EX_DATAERR, EX_OK, EX_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="message file, directory (read recursively) or - for stdin")
    parser.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default=None,
                        help="output format (default: text on a terminal, jsonl otherwise)")
    parser.add_argument("--explain", action="store_true",
                        help="in text output, show why each reason was chosen and what to do")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks of internal errors")
    parser.add_argument("--bounce-type", action="append", default=[], metavar="REASON=TYPE",
                        help="treat REASON as a hard or soft bounce, e.g. "
                             "--bounce-type mailboxfull=hard,suspend=hard (repeatable)")
    parser.add_argument("--bounce-types", metavar="FILE",
                        help="read REASON=TYPE lines (or a JSON object) from FILE")


def bounce_types(specs: list[str], path: str | None) -> dict[str, str]:
    """The reason -> bounce type mapping given on the command line.

    Raises ValueError with a message for people when a reason or a type is unknown.
    """
    from ._reasons import REASONS, canonical

    items: list[str] = []
    if path:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if text.lstrip().startswith("{"):
            import json

            loaded = json.loads(text)
            if not isinstance(loaded, dict):
                raise ValueError(f"{path}: expected a JSON object of reason: type")
            items += [f"{k}={v}" for k, v in loaded.items()]
        else:
            items += [line.split("#", 1)[0] for line in text.splitlines()]
    for spec in specs:
        items += spec.split(",")
    out: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        name, sep, kind = item.partition("=")
        if not sep:
            name, sep, kind = item.partition(":")
        reason = canonical(name)
        kind = kind.strip().lower()
        if reason is None:
            raise ValueError(f"unknown reason {name.strip()!r} (known: {', '.join(REASONS)})")
        if kind not in ("hard", "soft"):
            raise ValueError(f"bounce type of {reason} must be hard or soft, not {kind!r}")
        out[reason] = kind
    return out


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ._api import iter_parse
    from ._options import DEFAULT
    from ._render import report_dict, to_text

    try:
        mapping = bounce_types(args.bounce_type, args.bounce_types)
    except (OSError, ValueError) as exc:
        print(f"bounceparse: {exc}", file=sys.stderr)
        return EX_USAGE
    options = replace(DEFAULT, bounce_types=mapping) if mapping else DEFAULT
    fmt = args.format or ("text" if sys.stdout.isatty() else "jsonl")
    out = sys.stdout
    status = EX_OK
    first = True
    if fmt == "json":
        out.write("[")
    import json

    for report in iter_parse(args.paths, options=options):
        if report.error is not None:
            print(f"bounceparse: {report.source}: {report.error}", file=sys.stderr)
            status = EX_DATAERR
        if fmt == "text":
            out.write(to_text(report, explain=args.explain))
        elif fmt == "jsonl":
            out.write(json.dumps(report_dict(report), ensure_ascii=False) + "\n")
        else:
            out.write(("\n" if first else ",\n") + json.dumps(report_dict(report),
                                                             ensure_ascii=False, indent=2))
        first = False
        out.flush()
    if fmt == "json":
        out.write("\n]\n" if not first else "]\n")
    out.flush()
    return status
