"""`bounceparse parse PATH...`: a report per message, as text, JSON or JSON Lines."""

from __future__ import annotations

import argparse
import sys

from ._cli import EX_DATAERR, EX_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="message file, directory (read recursively) or - for stdin")
    parser.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default=None,
                        help="output format (default: text on a terminal, jsonl otherwise)")
    parser.add_argument("--explain", action="store_true",
                        help="in text output, show why each reason was chosen and what to do")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks of internal errors")


def run(args: argparse.Namespace) -> int:
    from ._api import iter_parse
    from ._render import report_dict, to_text

    fmt = args.format or ("text" if sys.stdout.isatty() else "jsonl")
    out = sys.stdout
    status = EX_OK
    first = True
    if fmt == "json":
        out.write("[")
    import json

    for report in iter_parse(args.paths):
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
