"""The table form of reports: one row per recipient, typed columns, shared by the Dask
DataFrame (`bounceparse.dask`) and the command line's Parquet output (`_parquet.py`), so
that results move between the two.

A message's fields are repeated on each of its rows; a message without recipients gets one
row with the recipient columns empty (`recipients` is then 0).  Columns are strings, except
`is_bounce` (bool), `recipients` (int32, the message's number of recipients) and the
categoricals `kind`, `detector`, `reason` and `bounce_type`, whose categories are fixed
vocabularies of the package.  `defects` is joined with `; ` as in CSV.  Each requested
original header (`Options.original_headers`) gets a column of its own, before `defects`.

`Columns` collects values in plain lists (no third-party import); `pandas_frame()` and
`arrow_table()` turn them into a pandas DataFrame or a pyarrow Table, importing those only
then.  Imports: the package's model, reasons, summary helpers and detector names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ..model.results import Kind, Report
from .summary import domain_of

if TYPE_CHECKING:
    import pandas
    import pyarrow

ColumnType = Literal["string", "bool", "int32", "category"]

# name -> type, in table order; the original-header columns go before TRAILER
MESSAGE_COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    ("source", "string"), ("is_bounce", "bool"), ("kind", "category"),
    ("detector", "category"), ("reporting_mta", "string"), ("envelope_id", "string"),
    ("arrival_date", "string"), ("received_from_mta", "string"), ("subject", "string"),
    ("original_message_id", "string"), ("original_from", "string"),
    ("original_to", "string"), ("original_subject", "string"), ("original_date", "string"),
    ("feedback_type", "string"), ("recipients", "int32"),
)
RECIPIENT_COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    ("address", "string"), ("original_recipient", "string"), ("action", "string"),
    ("status", "string"), ("reply_code", "string"), ("reason", "category"),
    ("bounce_type", "category"), ("rule", "string"), ("diagnostic", "string"),
    ("diagnostic_type", "string"), ("remote_mta", "string"), ("last_attempt", "string"),
    ("will_retry_until", "string"), ("command", "string"), ("domain", "string"),
    ("provider", "string"),
)
TRAILER: tuple[tuple[str, ColumnType], ...] = (("defects", "string"), ("error", "string"))
BOUNCE_TYPES = ("hard", "soft")


def schema(original_headers: tuple[str, ...] = ()) -> tuple[tuple[str, ColumnType], ...]:
    """The columns, in order, for these requested original headers; ValueError when a
    header's name is that of a fixed column, or given twice."""
    fixed = (*MESSAGE_COLUMNS, *RECIPIENT_COLUMNS)
    taken = {name for name, _ in (*fixed, *TRAILER)}
    extra: list[tuple[str, ColumnType]] = []
    for name in original_headers:
        if name in taken:
            raise ValueError(f"original header {name!r}: a column of that name exists "
                             "already")
        taken.add(name)
        extra.append((name, "string"))
    return (*fixed, *extra, *TRAILER)


def categories(column: str) -> tuple[str, ...]:
    """The fixed categories of a categorical column."""
    if column == "kind":
        return tuple(k.value for k in Kind)
    if column == "reason":
        from ..model.reasons import REASONS

        return REASONS
    if column == "bounce_type":
        return BOUNCE_TYPES
    if column == "detector":
        from ..engine.api import detector_names

        return detector_names()
    raise KeyError(column)


class Columns:
    """Column values of many reports, in plain lists (see the module doc)."""

    def __init__(self, original_headers: tuple[str, ...] = ()) -> None:
        self.original_headers = original_headers
        self.schema = schema(original_headers)
        self.values: dict[str, list[Any]] = {name: [] for name, _ in self.schema}
        self.rows = 0

    def add(self, report: Report) -> None:
        """The rows of one report."""
        self.add_rows(rows_of(self.original_headers, report))

    def add_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Rows made by `rows_of()` (with the same original headers)."""
        lists = [self.values[name] for name, _ in self.schema]
        for row in rows:
            for values, value in zip(lists, row, strict=True):
                values.append(value)
        self.rows += len(rows)

    def clear(self) -> None:
        for values in self.values.values():
            values.clear()
        self.rows = 0


def rows_of(original_headers: tuple[str, ...], report: Report) -> list[tuple[Any, ...]]:
    """The rows of one report, as tuples in `schema(original_headers)` order (plain values:
    they travel between processes)."""
    from ..knowledge.providers import provider_of

    o = report.original
    f = report.feedback
    found = {name.lower(): value for name, value in (o.headers if o else ())}
    head = (report.source, report.is_bounce, str(report.kind), report.detector,
            report.reporting_mta, report.envelope_id, report.arrival_date,
            report.received_from_mta, report.subject,
            o.message_id if o else None, o.sender if o else None, o.to if o else None,
            o.subject if o else None, o.date if o else None,
            f.feedback_type if f else None, len(report.recipients))
    tail = (*(found.get(name.lower()) for name in original_headers),
            "; ".join(report.defects) or None, report.error)
    rows = []
    for r in report.recipients or (None,):
        if r is None:
            middle: tuple[Any, ...] = (None,) * len(RECIPIENT_COLUMNS)
        else:
            middle = (r.address, r.original_recipient, r.action, r.status, r.reply_code,
                      r.reason, r.bounce_type, r.rule, r.diagnostic, r.diagnostic_type,
                      r.remote_mta, r.last_attempt, r.will_retry_until, r.command,
                      domain_of(r.address),
                      provider_of((r.remote_mta, report.reporting_mta), r.diagnostic))
        rows.append((*head, *middle, *tail))
    return rows


def _codes(values: list[Any], column: str) -> list[int]:
    """Category codes of `values` (-1 for none)."""
    index = {value: i for i, value in enumerate(categories(column))}
    return [-1 if value is None else index.get(value, -1) for value in values]


def index_width(column: str) -> int:
    """Bits of a categorical's codes, as pandas chooses them (and so Arrow's dictionary
    indices when pandas data is written)."""
    n = len(categories(column))
    return 8 if n < 127 else 16 if n < 32767 else 32


def pandas_frame(columns: Columns) -> pandas.DataFrame:
    """The values as a pandas DataFrame with the column types (strings as pyarrow-backed
    `string`, categoricals with their fixed categories)."""
    import pandas as pd

    string = pd.StringDtype("pyarrow")
    data: dict[str, Any] = {}
    for name, kind in columns.schema:
        values = columns.values[name]
        if kind == "string":
            data[name] = pd.array(values, dtype=string)
        elif kind == "bool":
            data[name] = pd.array(values, dtype=bool)
        elif kind == "int32":
            data[name] = pd.array(values, dtype="int32")
        else:
            data[name] = pd.Categorical.from_codes(_codes(values, name),
                                                   categories=list(categories(name)))
    return pd.DataFrame(data)


def arrow_schema(original_headers: tuple[str, ...] = ()) -> pyarrow.Schema:
    """The Arrow schema of the table (what pandas data of `pandas_frame()` is written as)."""
    import pyarrow as pa

    out = []
    for name, kind in schema(original_headers):
        if kind == "string":
            out.append(pa.field(name, pa.large_string()))
        elif kind == "bool":
            out.append(pa.field(name, pa.bool_()))
        elif kind == "int32":
            out.append(pa.field(name, pa.int32()))
        else:
            index = {8: pa.int8(), 16: pa.int16(), 32: pa.int32()}[index_width(name)]
            out.append(pa.field(name, pa.dictionary(index, pa.string())))
    return pa.schema(out)


def arrow_table(columns: Columns) -> pyarrow.Table:
    """The values as a pyarrow Table of `arrow_schema()` (no pandas needed)."""
    import pyarrow as pa

    target = arrow_schema(columns.original_headers)
    arrays = []
    for field in target:
        values = columns.values[field.name]
        if pa.types.is_dictionary(field.type):
            codes = _codes(values, field.name)
            indices = pa.array(codes, type=field.type.index_type,
                               mask=[c < 0 for c in codes])
            dictionary = pa.array(categories(field.name), type=pa.string())
            arrays.append(pa.DictionaryArray.from_arrays(indices, dictionary))
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=target)
