"""`bounceparse summary PATH...`: counts by kind, reason, bounce type, status, recipient
domain and provider, as tables with bars on a terminal, or JSON or CSV for dashboards."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from .main import EX_NOINPUT, EX_OK, EX_USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .parse import add_input_arguments

    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=("text", "json", "csv"), default="text",
                        help="output format (default: text)")
    from .parse import count

    parser.add_argument("--top", type=count, default=10, metavar="N",
                        help="show the N most common values of each (0: all); the rest are "
                             "counted as (other)")


def run(args: argparse.Namespace) -> int:
    from ..output.summary import Summary, keys_of, to_csv_rows, to_text
    from .parse import options_for, results_for

    try:
        options = replace(options_for(args), annotate=False)  # counts need no explanations
    except (OSError, ValueError) as exc:
        print(f"bounceparse summary: {exc}", file=sys.stderr)
        return EX_USAGE
    from .scale import wanted

    if wanted(args):  # on Dask (`--scheduler`, URL inputs)
        from .scale import EX_UNAVAILABLE, Unavailable, require_dask
        from .scale import summary as dask_summary

        try:
            require_dask()
            summary = dask_summary(args, options)
        except (ImportError, ValueError) as exc:
            print(f"bounceparse summary: {exc}", file=sys.stderr)
            return EX_USAGE
        except Unavailable as exc:
            print(f"bounceparse summary: {exc}", file=sys.stderr)
            return EX_UNAVAILABLE
    else:
        summary = Summary()
        progress, results = results_for(args, keys_of, options)
        try:
            for keys in results:
                summary.add(keys)
        finally:
            if progress is not None:
                progress.clear()
    out = sys.stdout
    if args.format == "json":
        import json

        out.write(json.dumps(summary.as_dict(args.top), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        from ..output.render import to_csv

        out.write(to_csv(to_csv_rows(summary, args.top)))
    else:
        encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
        out.write(to_text(summary, args.top, unicode_bars=out.isatty() and encoding == "utf8"))
    out.flush()
    if summary.errors:
        print(f"bounceparse summary: {summary.errors} input(s) could not be read",
              file=sys.stderr)
        return EX_NOINPUT
    return EX_OK
