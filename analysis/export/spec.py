"""The declarative description of an export file: what a reader needs to know, and nothing else.

One :class:`FileSpec` per LinkedIn file (see ``catalog.py``). The reader in ``reader.py`` is
generic over specs: a new file or a new era is a spec entry plus a fixture, not a new parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Column kinds the reader knows how to type.
STR, DATETIME, MONTH, BOOL, URL_LIST, INT = "str", "datetime", "month", "bool", "url_list", "int"


def norm_header(name: str) -> str:
    """Header names compare case-insensitively, ignoring quotes, spaces and underscores."""
    return re.sub(r"[\s_\"']+", "", name).lower()


def norm_filename(name: str) -> str:
    """File stems compare case-insensitively with spaces and underscores alike.

    A numeric part suffix (``Job Applications_1``, ``Comments_123456``) is dropped, so the
    parts of a split file all match one spec and are concatenated.
    """
    stem = re.sub(r"\.csv$", "", name.strip(), flags=re.I)
    stem = re.sub(r"[\s_]+", "_", stem).lower()
    return re.sub(r"_\d+$", "", stem)


@dataclass(frozen=True)
class Col:
    """One output column.

    ``headers``: the header names it is read from (any era; compared with ``norm_header``).
    ``formats``: strptime formats for ``datetime``/``month`` columns, tried in order.
    ``zone``: ``"utc"`` when the value says UTC/GMT, ``"none"`` when the export gives no zone
    (the value is then read as UTC, and the data dictionary says so).
    ``required``: a row whose value is empty or unreadable here is quarantined.
    Values of a ``datetime``/``month`` column that no format reads are offered to the
    spreadsheet-shape inference (``dates.infer_dates``) before they count as unreadable.
    """

    name: str
    headers: tuple[str, ...]
    kind: str = STR
    doc: str = ""
    formats: tuple[str, ...] = ()
    zone: str = "utc"
    required: bool = False
    strip: bool = False


@dataclass(frozen=True)
class Era:
    """A header variant: its exact column list and where the reference saw it.

    ``preamble``: LinkedIn writes this era with a preamble above the header (Connections'
    ``Notes:`` block); its absence is one sign that a person edited the file.
    """

    name: str
    header: tuple[str, ...]
    evidence: str = ""
    preamble: bool = False


@dataclass(frozen=True)
class RecordLayout:
    """For files LinkedIn writes without quoting a free-text last field.

    A physical line that does not match ``start`` continues the previous record (Comments'
    unquoted multi-line messages); each record splits into as many fields as the header
    names, so commas in the last field stay in it (SearchQueries' unquoted queries).
    """

    start: str
    unquote_last: bool


@dataclass(frozen=True)
class FileSpec:
    """Everything the generic reader needs to turn one export file into a typed table."""

    table: str
    names: tuple[str, ...]  # normalised file stems (see norm_filename)
    columns: tuple[Col, ...]
    eras: tuple[Era, ...]
    doc: str
    required_headers: tuple[str, ...] = ()
    record_layout: RecordLayout | None = None  # used for comma-separated files only
    na_values: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()  # whole-file texts meaning "no data"
    quirks: tuple[str, ...] = ()  # named repairs in repairs.py
    twin_key: tuple[str, ...] = ()  # columns identifying a row across twin files
    # The natural key: alternatives tried in order (a row matches on the first one whose
    # columns are not all empty); ``((),)`` means the table is one record (Profile).
    # Rows of two files with equal keys are one record (merge.py, docs/export-format.md §12).
    merge_key: tuple[tuple[str, ...], ...] = ()
    snapshot: bool = False  # a state (newest export wins) rather than a log of events
    event_time: str | None = None  # column giving the ledger's first/last date
    needed_by: tuple[str, ...] = ()
    extra_columns: tuple[Col, ...] = field(default=())  # derived after reading (documented only)

    def matches(self, member_name: str) -> bool:
        return norm_filename(member_name) in self.names

    def column_for(self, header: str) -> Col | None:
        key = norm_header(header)
        for col in self.columns:
            if any(norm_header(h) == key for h in col.headers):
                return col
        return None
