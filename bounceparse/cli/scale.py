"""The command line on Dask: `summary` and `parse --format parquet` with `--scheduler
ADDRESS` (a running Dask scheduler) or with remote URLs (`s3://...`, any fsspec URL).

With `--scheduler` the work runs on that cluster; with remote URLs alone, on this machine
with Dask's local process pool (`--jobs` processes).  Output is that of a local run: the
same summary, the same Parquet columns (each partition writes its own `part.N.parquet`
through `_parquet`).  Imports bounceparse.dask (dask), and distributed for `--scheduler`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

EX_UNAVAILABLE = 69  # sysexits.h: the Dask scheduler cannot be reached

if TYPE_CHECKING:
    from ..inputs.blocks import Piece
    from ..model.options import Options
    from ..output.summary import Summary


class Unavailable(Exception):
    """The scheduler given with --scheduler cannot be reached."""


def is_url(path: str) -> bool:
    return "://" in path


def wanted(args: argparse.Namespace) -> bool:
    """Whether the command runs on Dask: a scheduler was given or an input is a URL."""
    return bool(getattr(args, "scheduler", None)) or any(is_url(p) for p in args.paths)


def storage_options(args: argparse.Namespace) -> dict[str, Any]:
    """`--storage-option KEY=VALUE`s as fsspec keyword arguments (a value that reads as
    JSON, such as true or 5, is taken as such); ValueError for a malformed one."""
    out: dict[str, Any] = {}
    for spec in getattr(args, "storage_option", None) or ():
        key, sep, value = spec.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--storage-option {spec!r}: expected KEY=VALUE")
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


def require_dask() -> None:
    """ImportError with what to install when dask is missing."""
    try:
        import dask  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError:
        raise ImportError("--scheduler and remote URLs need Dask: "
                          "pip install 'bounceparse[dask]'") from None


@contextmanager
def _compute_options(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """Keyword arguments for dask.compute: the scheduler's client, or local processes."""
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise ImportError("--scheduler needs dask.distributed: "
                              "pip install 'bounceparse[dask]'") from None
        try:
            client = Client(args.scheduler, set_as_default=False, timeout=20)
        except (OSError, TimeoutError, ValueError) as exc:
            raise Unavailable(f"cannot reach the Dask scheduler at {args.scheduler}: "
                              f"{exc}") from None
        with client:
            yield {"scheduler": client}
        return
    import dask

    from ..engine.batch import cpu_count

    jobs = args.jobs if args.jobs > 0 else cpu_count()
    if jobs <= 1:
        yield {"scheduler": "sync"}
        return
    # fork: a spawned worker would run the `bounceparse` script again (it is no module)
    with dask.config.set({"multiprocessing.context": "fork"}):
        yield {"scheduler": "processes", "num_workers": jobs}


def summary(args: argparse.Namespace, options: Options) -> Summary:
    import dask

    from ..dask import summary_delayed

    task = summary_delayed(args.paths, options=options, storage_options=storage_options(args),
                           blocksize=args.block_size)
    with _compute_options(args) as compute:
        (result,) = dask.compute(task, **compute)
    return result  # type: ignore[no-any-return]


def parquet(args: argparse.Namespace, options: Options) -> list[tuple[str, str]]:
    """Write the Parquet parts of every input to `args.output`; the (source, error) of the
    inputs that could not be read."""
    from dataclasses import replace

    import dask
    from dask.delayed import delayed

    from ..dask import _first_lines
    from ..engine.batch import options_state
    from ..inputs.blocks import plan
    from ..output.parquet import output_fs, prepare

    options = replace(options, annotate=False)
    stores = storage_options(args)
    pieces = plan(args.paths, stores, args.block_size)
    fs, directory = output_fs(args.output, stores)
    prepare(fs, directory)
    state = options_state(options)
    tasks = [delayed(_write, pure=True)(piece, state, first, fs, directory, index)
             for index, (piece, first) in enumerate(zip(pieces, _first_lines(pieces),
                                                        strict=True))]
    with _compute_options(args) as compute:
        results = dask.compute(*tasks, **compute)
    if not any(rows for rows, _ in results):  # no rows at all: an empty part for the columns
        from ..output.columns import Columns
        from ..output.parquet import write_part

        write_part(fs, directory, 0, Columns(options.original_headers))
    return [error for _, errors in results for error in errors]


def _write(piece: Piece, state: dict[str, Any], first_line: int, fs: Any, directory: str,
           index: int) -> tuple[int, list[tuple[str, str]]]:
    """One piece's rows as `part.INDEX.parquet` (none when it has no rows): (rows,
    (source, error) of what could not be read)."""
    from ..dask import _failed
    from ..engine.batch import options_from_state, report_of
    from ..inputs.blocks import items
    from ..output.columns import Columns
    from ..output.parquet import write_part

    options = options_from_state(state)
    columns = Columns(options.original_headers)
    errors = []
    for item in items(piece, first_line, options.max_bytes):
        report = report_of(item.source, item.data, item.error, options, item.cut)
        if report.error is not None:
            errors.append((item.source, report.error))
        try:
            columns.add(report)
        except Exception as exc:
            columns.add(_failed(report, exc))
    if columns.rows:
        write_part(fs, directory, index, columns)
    return columns.rows, errors
