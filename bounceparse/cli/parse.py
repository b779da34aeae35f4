"""`bounceparse parse PATH...`: a report per message, as text, JSON, JSON Lines or CSV, or
a table of recipients as Parquet files (`--format parquet --output DIR`, `_parquet.py`;
on Dask with `--scheduler` or remote URLs, `_scale.py`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from ..model.results import Report
from .main import EX_NOINPUT, EX_OK, EX_USAGE

if TYPE_CHECKING:
    from ..inputs.sources import Item
    from ..model.options import Options
    from ..output.progress import Progress

T = TypeVar("T")

FORMATS = ("text", "json", "jsonl", "csv", "parquet")


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
    parser.add_argument("--bounce-type", action="append", default=[], metavar="REASON=TYPE",
                        help="treat REASON as a hard or soft bounce, e.g. "
                             "--bounce-type mailboxfull=hard,suspend=hard (repeatable)")
    parser.add_argument("--bounce-types", metavar="FILE",
                        help="read REASON=TYPE lines (or a JSON object) from FILE")
    parser.add_argument("--skip-detector", action="append", default=[], metavar="NAME",
                        help="do not try detector NAME (repeatable, or comma-separated; an "
                             "unknown NAME lists the valid ones): for a detector that "
                             "misreads your mail, or to see how unknown formats fare")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on this Dask scheduler (tcp://HOST:8786; needs "
                             "bounceparse[dask]); paths may then be URLs the workers can read")
    parser.add_argument("--storage-option", action="append", default=[], metavar="KEY=VALUE",
                        help="fsspec option for URL inputs and outputs (s3://...), e.g. "
                             "endpoint_url=http://127.0.0.1:9000 (repeatable)")
    parser.add_argument("--block-size", type=_size, default=None, metavar="SIZE",
                        help="on Dask: bytes of input per partition (default 16M, less "
                             "for inputs under 1G: 64 partitions)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default=None,
                        help="output format (default: text on a terminal, jsonl otherwise)")
    parser.add_argument("--output", "-o", metavar="DIR",
                        help="with --format parquet: the directory (or URL) to write "
                             "part.N.parquet files to; it must be empty or new")
    parser.add_argument("--explain", action="store_true",
                        help="in text output, show why each reason was chosen and what to do")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks of internal errors")


def bounce_types(specs: list[str], path: str | None) -> dict[str, str]:
    """The reason -> bounce type mapping given on the command line.

    Raises ValueError with a message for people when a reason or a type is unknown.
    """
    from ..model.reasons import REASONS, canonical

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


def options_for(args: argparse.Namespace) -> Options:
    """The analysis options the command line asks for; ValueError/OSError for people when
    --bounce-type or --bounce-types is wrong."""
    from dataclasses import replace

    from ..model.options import DEFAULT

    try:
        mapping = bounce_types(args.bounce_type, args.bounce_types)
    except OSError as exc:
        raise ValueError(f"--bounce-types {args.bounce_types}: "
                         f"{exc.strerror or exc}") from None
    skipped = frozenset(name for spec in args.skip_detector for name in spec.split(",") if name)
    return replace(DEFAULT, bounce_types=mapping, original_headers=tuple(args.original_header),
                   debug=bool(getattr(args, "debug", False)), skip_detectors=skipped)


def render(fmt: str, explain: bool, original_headers: tuple[str, ...],
           report: Report, width: int | None = None) -> tuple[str, str | None, str | None]:
    """(output text, source, error) for one report; runs in the worker processes."""
    if fmt == "text":
        from ..output.render import to_text

        text = to_text(report, explain=explain, width=width)
    elif fmt == "csv":
        from ..output.render import csv_rows, to_csv

        text = to_csv(csv_rows(report, original_headers))
    else:
        import json

        from ..output.render import report_dict

        text = json.dumps(report_dict(report), ensure_ascii=False,
                          indent=2 if fmt == "json" else None)
    return text, report.source, report.error


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("text" if sys.stdout.isatty() else "jsonl")
    if args.explain and fmt != "text":
        print(f"bounceparse: --explain is for text output; {fmt} output holds rule, "
              "evidence, explanation and hints already", file=sys.stderr)
        return EX_USAGE
    original_headers = tuple(args.original_header)
    width = None
    if fmt == "text" and sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size().columns
    try:
        options = options_for(args)
    except (OSError, ValueError) as exc:
        print(f"bounceparse: {exc}", file=sys.stderr)
        return EX_USAGE
    if fmt == "parquet":
        return _run_parquet(args, options)
    if args.output is not None:
        print("bounceparse: --output is for --format parquet", file=sys.stderr)
        return EX_USAGE
    from .scale import wanted

    if wanted(args):
        print("bounceparse: --scheduler and URL inputs need --format parquet (or the "
              "summary command)", file=sys.stderr)
        return EX_USAGE
    if fmt in ("text", "csv") and not args.explain:  # explanations would not be shown
        from dataclasses import replace

        options = replace(options, annotate=False)
    out = sys.stdout
    status = EX_OK
    progress, results = results_for(
        args, partial(render, fmt, args.explain, original_headers, width=width), options)
    first = True
    if fmt == "json":
        out.write("[")
    elif fmt == "csv":
        from ..output.render import csv_header, to_csv

        out.write(to_csv([csv_header(original_headers)]))
    try:
        for text, source, error in results:
            if error is not None:
                if progress is not None:
                    progress.clear()
                print(f"bounceparse: {source}: {error}", file=sys.stderr)
                status = EX_NOINPUT
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


def _run_parquet(args: argparse.Namespace, options: Options) -> int:
    """`--format parquet --output DIR`: the recipients' table, here or on Dask."""
    from dataclasses import replace

    from .scale import wanted

    if not args.output:
        print("bounceparse: --format parquet needs --output DIR", file=sys.stderr)
        return EX_USAGE
    try:
        from ..output.columns import schema

        schema(options.original_headers)
        import pyarrow  # noqa: F401
    except ValueError as exc:
        print(f"bounceparse: {exc}", file=sys.stderr)
        return EX_USAGE
    except ImportError:
        print("bounceparse: --format parquet needs pyarrow: pip install "
              "'bounceparse[parquet]'", file=sys.stderr)
        return EX_USAGE
    from .scale import EX_UNAVAILABLE, Unavailable

    try:
        if wanted(args):
            from .scale import parquet, require_dask

            require_dask()
            errors = parquet(args, options)
        else:
            errors = _parquet_here(args, replace(options, annotate=False))
    except (ImportError, ValueError) as exc:
        print(f"bounceparse: {exc}", file=sys.stderr)
        return EX_USAGE
    except Unavailable as exc:
        print(f"bounceparse: {exc}", file=sys.stderr)
        return EX_UNAVAILABLE
    for source, error in errors:
        print(f"bounceparse: {source}: {error}", file=sys.stderr)
    return EX_NOINPUT if errors else EX_OK


def _parquet_here(args: argparse.Namespace, options: Options) -> list[tuple[str, str]]:
    """The table of every message, written by this process (parsed on --jobs processes)."""
    from ..output.columns import rows_of
    from ..output.parquet import PartWriter, output_fs, prepare

    fs, directory = output_fs(args.output, None)
    prepare(fs, directory)
    writer = PartWriter(fs, directory, options.original_headers)
    errors = []
    progress, results = results_for(args, partial(rows_of, options.original_headers), options)
    try:
        for rows in results:
            error = rows[0][-1]
            if error is not None:
                if progress is not None:
                    progress.clear()
                errors.append((rows[0][0], error))
            writer.add_rows(rows)
    finally:
        if progress is not None:
            progress.clear()
        writer.close()
    return errors


def _size(value: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = value.strip().lower().removesuffix("ib").removesuffix("b")
    try:
        size = int(float(text[:-1]) * units[text[-1]]) if text and text[-1] in units else int(
            text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 16M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError("must be at least 1 byte")
    return size


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return jobs


def count(value: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def results_for(args: argparse.Namespace, transform: Callable[[Report], T], options: Options
                ) -> tuple[Progress | None, Iterator[T]]:
    """transform(report) for every message of the inputs, in order, on --jobs processes,
    with a progress line when stderr is a terminal (and --no-progress was not given)."""
    from ..engine.batch import cpu_count, results
    from ..inputs.sources import input_size, iter_messages
    from ..output.progress import Progress, wanted

    jobs = args.jobs if args.jobs > 0 else cpu_count()
    items: Iterable[Item] = iter_messages(args.paths, max_bytes=options.max_bytes)
    progress = None
    if not args.no_progress and wanted() and _many(args.paths):
        progress = Progress(input_size(args.paths))
        items = _counted(items, progress)

    def counted_results() -> Iterator[T]:
        for result in results(items, transform, options, jobs):
            if progress is not None:
                progress.add_done()
            yield result

    return progress, counted_results()


def _many(paths: list[str]) -> bool:
    """Whether the inputs may hold many messages (a progress line is then worth drawing):
    more than one input, a directory, stdin, or a file over a megabyte (an mbox)."""
    import os

    if len(paths) != 1 or paths[0] == "-" or os.path.isdir(paths[0]):
        return True
    try:
        return os.path.getsize(paths[0]) > 1 << 20
    except OSError:
        return False


def _counted(items: Iterable[Item], progress: Progress) -> Iterator[Item]:
    for item in items:
        progress.add_read(item.size)
        yield item
