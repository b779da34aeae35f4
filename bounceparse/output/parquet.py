"""Parquet output of the table (`_columns`), written with pyarrow (the `parquet` extra):
`bounceparse parse --format parquet --output DIR` writes `DIR/part.N.parquet` files, with
the same columns and types as `bounceparse.dask.read_bounces(...).to_parquet(DIR)`.

`PartWriter` collects rows and writes files of at most `FILE_ROWS` rows in row groups of
`GROUP_ROWS`, so memory stays flat; `write_part()` writes one table (a Dask task's piece).
Output goes to a local directory, or through fsspec to any URL.  Imports: `_columns`,
pyarrow (and fsspec for a URL) on first use.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .columns import Columns, arrow_schema, arrow_table

if TYPE_CHECKING:
    import pyarrow.parquet

GROUP_ROWS = 50_000  # rows per row group
FILE_ROWS = 1_000_000  # rows per file


def output_fs(output: str, storage_options: dict[str, Any] | None = None) -> tuple[Any, str]:
    """(fsspec filesystem or None for a local directory, path): where `output` is."""
    if "://" not in output:
        return None, os.path.abspath(output)
    import fsspec.core

    fs, path = fsspec.core.url_to_fs(output, **(storage_options or {}))
    return fs, path


def prepare(fs: Any, path: str) -> None:
    """Create the output directory; ValueError when it exists with something in it (the
    parts of an earlier run would mix with these)."""
    if fs is None:
        if os.path.isdir(path) and os.listdir(path):
            raise ValueError(f"{path}: the output directory is not empty")
        if os.path.exists(path) and not os.path.isdir(path):
            raise ValueError(f"{path}: exists and is not a directory")
        os.makedirs(path, exist_ok=True)
        return
    if fs.exists(path):
        if not fs.isdir(path):
            raise ValueError(f"{path}: exists and is not a directory")
        if fs.ls(path):
            raise ValueError(f"{path}: the output directory is not empty")
    fs.makedirs(path, exist_ok=True)


def _open(fs: Any, path: str) -> Any:
    return open(path, "wb") if fs is None else fs.open(path, "wb")


def part_name(directory: str, index: int) -> str:
    return f"{directory.rstrip('/')}/part.{index}.parquet"


def write_part(fs: Any, directory: str, index: int, columns: Columns) -> None:
    """One file of `columns`' rows: `DIR/part.INDEX.parquet`."""
    import pyarrow.parquet as pq

    with _open(fs, part_name(directory, index)) as handle:
        pq.write_table(arrow_table(columns), handle, row_group_size=GROUP_ROWS)


class PartWriter:
    """Rows in, `part.N.parquet` files out (see the module doc).  At least one file is
    written, empty when there are no rows, so that readers find the columns."""

    def __init__(self, fs: Any, directory: str, original_headers: tuple[str, ...] = ()
                 ) -> None:
        self.fs = fs
        self.directory = directory
        self.columns = Columns(original_headers)
        self.index = 0
        self.rows = 0  # rows in the open file
        self.handle: Any = None
        self.writer: pyarrow.parquet.ParquetWriter | None = None

    def add_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.columns.add_rows(rows)
        if self.columns.rows >= GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self.writer is None:
            self.handle = _open(self.fs, part_name(self.directory, self.index))
            self.writer = pq.ParquetWriter(self.handle, arrow_schema(
                self.columns.original_headers))
        self.writer.write_table(arrow_table(self.columns), row_group_size=GROUP_ROWS)
        self.rows += self.columns.rows
        self.columns.clear()
        if self.rows >= FILE_ROWS:
            self._close_file()

    def _close_file(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.handle.close()
            self.writer = self.handle = None
            self.index += 1
            self.rows = 0

    def close(self) -> None:
        if self.columns.rows or (self.index == 0 and self.writer is None):
            self._flush()
        self._close_file()
