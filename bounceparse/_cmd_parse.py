"""`bounceparse parse PATH...`: a report per message, as text, JSON, JSON Lines or CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from ._cli import EX_DATAERR, EX_OK
from ._model import Report

if TYPE_CHECKING:
    from ._progress import Progress
    from ._sources import Item

T = TypeVar("T")

FORMATS = ("text", "json", "jsonl", "csv")


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by the commands that read many messages (parse, summary)."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="message file, mbox, Maildir, directory (read recursively), "
                             "gzip-compressed file, or - for stdin")
    parser.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                        help="parse on N processes (0: one per CPU); output keeps input order")
    parser.add_argument("--no-progress", action="store_true",
                        help="no progress line on stderr (shown only when it is a terminal)")
    parser.add_argument("--original-header", action="append", default=[], metavar="NAME",
                        help="copy this header of the returned original message into the "
                             "output (repeatable), e.g. X-Campaign-Id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default=None,
                        help="output format (default: text on a terminal, jsonl otherwise)")
    parser.add_argument("--explain", action="store_true",
                        help="in text output, show why each reason was chosen and what to do")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks of internal errors")


def render(fmt: str, explain: bool, original_headers: tuple[str, ...],
           report: Report) -> tuple[str, str | None, str | None]:
    """(output text, source, error) for one report; runs in the worker processes."""
    if fmt == "text":
        from ._render import to_text

        text = to_text(report, explain=explain)
    elif fmt == "csv":
        from ._render import csv_rows, to_csv

        text = to_csv(csv_rows(report, original_headers))
    else:
        import json

        from ._render import report_dict

        text = json.dumps(report_dict(report), ensure_ascii=False,
                          indent=2 if fmt == "json" else None)
    return text, report.source, report.error


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("text" if sys.stdout.isatty() else "jsonl")
    original_headers = tuple(args.original_header)
    out = sys.stdout
    status = EX_OK
    progress, results = results_for(args, partial(render, fmt, args.explain, original_headers))
    first = True
    if fmt == "json":
        out.write("[")
    elif fmt == "csv":
        from ._render import csv_header, to_csv

        out.write(to_csv([csv_header(original_headers)]))
    try:
        for text, source, error in results:
            if error is not None:
                if progress is not None:
                    progress.clear()
                print(f"bounceparse: {source}: {error}", file=sys.stderr)
                status = EX_DATAERR
            if progress is not None and out.isatty():
                progress.clear()
            if fmt == "jsonl":
                out.write(text + "\n")
            elif fmt == "json":
                out.write(("\n" if first else ",\n") + text)
            else:
                out.write(text)
            first = False
            out.flush()
    finally:
        if progress is not None:
            progress.clear()
    if fmt == "json":
        out.write("\n]\n" if not first else "]\n")
    out.flush()
    return status


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return jobs


def results_for(args: argparse.Namespace, transform: Callable[[Report], T]
                ) -> tuple[Progress | None, Iterator[T]]:
    """transform(report) for every message of the inputs, in order, on --jobs processes,
    with a progress line when stderr is a terminal (and --no-progress was not given)."""
    from ._batch import cpu_count, results
    from ._options import Options
    from ._progress import Progress, wanted
    from ._sources import input_size, iter_messages

    jobs = args.jobs if args.jobs > 0 else cpu_count()
    options = Options(original_headers=tuple(args.original_header))
    items: Iterable[Item] = iter_messages(args.paths)
    progress = None
    if not args.no_progress and wanted():
        progress = Progress(input_size(args.paths))
        items = _counted(items, progress)

    def counted_results() -> Iterator[T]:
        for result in results(items, transform, options, jobs):
            if progress is not None:
                progress.add_done()
            yield result

    return progress, counted_results()


def _counted(items: Iterable[Item], progress: Progress) -> Iterator[Item]:
    for item in items:
        progress.add_read(item.size)
        yield item
