"""Bounce archives on a Dask cluster: `read_bounces()` gives a Dask DataFrame of every
recipient of every message, `summarize()` the counts of `bounceparse summary`.

    >>> from bounceparse.dask import read_bounces
    >>> df = read_bounces("s3://bounces/2026/*.mbox.gz", storage_options={"anon": False})
    >>> df[df.bounce_type == "hard"].address.unique().compute()
    >>> df.to_parquet("s3://results/bounces/")

Needs the `dask` extra (`pip install 'bounceparse[dask]'`: dask's DataFrame, fsspec; s3fs,
gcsfs... for object stores).  Inputs are those of `_blocks.plan()`: message files, mboxes,
Maildirs, gzip-compressed files, directories and globs, on any fsspec filesystem; each
partition reads about `blocksize` bytes of input (by default 16 MiB, less for inputs under
1 GiB, which make 64 partitions: see `_blocks`), so a worker's memory does not depend on
the size of the archive.  Rows and columns are `_columns`' (the command line's
`--format parquet` writes the same).  A message the parser cannot analyse is a row with a
defect (`analysis failed: ...`) and an input that cannot be read a row with `error` set:
neither fails a task.

This module may import dask, pandas and fsspec; the rest of the package never imports it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import dask
from dask.delayed import Delayed, delayed

from .engine.batch import options_from_state, options_state, report_of
from .inputs.blocks import BLOCKSIZE, Piece, count_lines, items, plan
from .model.options import DEFAULT, Options
from .model.results import Kind, Report
from .output.columns import Columns, pandas_frame
from .output.summary import Summary, keys_of

if TYPE_CHECKING:
    import dask.dataframe
    import pandas

__all__ = ["BLOCKSIZE", "read_bounces", "summarize", "summary_delayed"]

MERGE_FAN_IN = 16  # per-partition summaries merged per task


def read_bounces(urlpath: str | Sequence[str], *, options: Options = DEFAULT,
                 storage_options: dict[str, Any] | None = None,
                 blocksize: int | None = None) -> dask.dataframe.DataFrame:
    """A Dask DataFrame with one row per recipient of every message in `urlpath` (a path,
    URL, glob or directory, or a list of them); see `_columns` for the columns.

    `options` are the analysis options (`Options.annotate` is not used: the table holds no
    explanations); `storage_options` go to the fsspec filesystem (`anon`, `endpoint_url`,
    `key`...); `blocksize` is the bytes of input per partition (None: chosen, see the
    module doc).  Nothing is read before the frame is computed, except the listing of the
    inputs and the first bytes of files larger than `blocksize`.
    """
    import dask.dataframe as dd

    pieces = plan(urlpath, storage_options, blocksize)
    headers = tuple(options.original_headers)
    meta = pandas_frame(Columns(headers))
    state = options_state(replace(options, annotate=False))
    parts = [delayed(_frame, pure=True)(piece, state, first_line)
             for piece, first_line in zip(pieces, _first_lines(pieces), strict=True)]
    if not parts:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def summary_delayed(urlpath: str | Sequence[str], *, options: Options = DEFAULT,
                    storage_options: dict[str, Any] | None = None,
                    blocksize: int | None = None) -> Delayed:
    """The `Summary` of the messages in `urlpath`, as a Dask Delayed: a summary per
    partition, merged in a tree (no DataFrame is built)."""
    pieces = plan(urlpath, storage_options, blocksize)
    state = options_state(replace(options, annotate=False))
    parts: list[Any] = [delayed(_summary, pure=True)(piece, state) for piece in pieces]
    if not parts:
        return delayed(Summary)()
    while len(parts) > 1:
        parts = [delayed(_merge, pure=True)(*parts[i:i + MERGE_FAN_IN])
                 for i in range(0, len(parts), MERGE_FAN_IN)]
    return parts[0]


def summarize(urlpath: str | Sequence[str], *, options: Options = DEFAULT,
              storage_options: dict[str, Any] | None = None, blocksize: int | None = None,
              **compute: Any) -> Summary:
    """The counts `bounceparse summary` gives for these inputs, computed with Dask (on the
    current client, or with `scheduler=...` and the other arguments of `dask.compute`)."""
    task = summary_delayed(urlpath, options=options, storage_options=storage_options,
                           blocksize=blocksize)
    (result,) = dask.compute(task, **compute)
    assert isinstance(result, Summary)
    return result


def _first_lines(pieces: list[Piece]) -> list[Any]:
    """The line number each piece starts on: 1, or for a later range of a split mbox 1
    plus the newlines of the ranges before it.  Those are counted by cheap tasks of their
    own and summed by one task per file (not a chain of additions: each would wait for a
    free worker in turn, and hold back the ranges after it)."""
    out: list[Any] = []
    run: list[Piece] = []  # the ranges of one split mbox, so far
    for piece in [*pieces, None]:
        if (piece is not None and run and piece.kind == "mbox" and piece.start > 0
                and piece.paths == run[0].paths):
            run.append(piece)
            continue
        if len(run) > 1:
            starts = delayed(_starts, pure=True)(
                *(delayed(count_lines, pure=True)(p) for p in run[:-1]))
            out += [starts[k] for k in range(len(run) - 1)]
        if piece is not None:
            out.append(1)
        run = [piece] if piece is not None and piece.kind == "mbox" else []
    return out


def _starts(*newlines: int) -> list[int]:
    """The first line of each range after the first, from the newlines of those before."""
    return [1 + n for n in itertools.accumulate(newlines)]


def _reports(piece: Piece, state: dict[str, Any], first_line: int) -> Any:
    options = options_from_state(state)
    for item in items(piece, first_line, options.max_bytes):
        yield report_of(item.source, item.data, item.error, options, item.cut)


def _failed(report: Report, exc: Exception) -> Report:
    return Report(source=report.source, is_bounce=False, kind=Kind.NONE,
                  defects=(f"analysis failed: {type(exc).__name__}: {exc}",))


def _frame(piece: Piece, state: dict[str, Any], first_line: int) -> pandas.DataFrame:
    """The rows of one piece (a partition of `read_bounces()`)."""
    columns = Columns(tuple(state["original_headers"]))
    for report in _reports(piece, state, first_line):
        try:
            columns.add(report)
        except Exception as exc:  # a report the table cannot take: keep the message
            columns.add(_failed(report, exc))
    return pandas_frame(columns)


def _summary(piece: Piece, state: dict[str, Any]) -> Summary:
    """The counts of one piece (line numbers do not matter to them)."""
    summary = Summary()
    for report in _reports(piece, state, 1):
        try:
            keys = keys_of(report)
        except Exception as exc:
            keys = keys_of(_failed(report, exc))
        summary.add(keys)
    return summary


def _merge(*summaries: Summary) -> Summary:
    out = Summary()
    for summary in summaries:
        out.merge(summary)
    return out
