"""The optional creator-analytics workbook (.xlsx) the owner exports from LinkedIn's post
analytics and drops beside the export in ``data/raw/`` (docs/export-format.md §6).

It carries what the member export lacks: daily impressions, engagements and new followers,
the exposure series of C4 and C8, which is all that is read from it (the top posts,
demographics and totals sheets feed no claim). The layout is read by content, never by a
fixed offset: the FOLLOWERS header sits on row 3, dates are text ``M/D/YYYY``. Every sheet
declares a wrong ``<dimension ref="A1"/>``, so the workbook is opened in openpyxl's full
mode, which ignores it. The 2026 ``AggregateAnalytics_`` variant (numbers stored as text)
is read too. A localized workbook is refused, because its day-first dates cannot be told
from month-first ones safely.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PureWindowsPath

import pandas as pd

from ..errors import ExportError
from .spec import norm_header

SHEETS = ("DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS")
HEADER_SCAN_ROWS = 10
MAX_UNCOMPRESSED = 200 * 1024**2  # a 365-day workbook is well under 1 MB
_SUFFIX = r"(?:\s*\(\d+\))?\.xlsx"  # a browser's " (1)" duplicate suffix
_DAY = r"(\d{4}-\d{2}-\d{2})"
CONTENT_NAME = re.compile(rf"^Content_{_DAY}_{_DAY}_(.+?){_SUFFIX}$", re.I)
AGGREGATE_NAME = re.compile(rf"^AggregateAnalytics_(.+)_{_DAY}_{_DAY}{_SUFFIX}$", re.I)
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
NUMBER_TEXT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
RANGE_TEXT = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")

TABLE_DTYPES: dict[str, dict[str, str]] = {
    "creator_daily": {
        "date": "datetime64[us, UTC]", "impressions": "Int64", "engagements": "Int64",
        "new_followers": "Int64", "source_file": "str",
    },
}

TABLE_DOCS: dict[str, dict[str, str]] = {
    "creator_daily": {
        "date": "The day (UTC midnight; LinkedIn writes a calendar day with no zone).",
        "impressions": "Impressions of the owner's posts that day (ENGAGEMENT); NA if absent.",
        "engagements": "Engagements that day (ENGAGEMENT sheet); can be negative in 2026 exports.",
        "new_followers": "New followers that day (FOLLOWERS); NA if that sheet lacks the day.",
        "source_file": "The workbook's file name.",
    },
}


@dataclass
class ExtraResult:
    """What reading one optional input beside the export gave: typed tables, rejects, facts.

    ``rows_read`` counts input data rows; each is either loaded or quarantined, so
    ``rows_read == rows_loaded + rows_quarantined``. Tables that merge inputs (the
    daily one) can therefore have fewer rows than ``rows_loaded``.
    """

    source: str
    kind: str
    tables: dict[str, pd.DataFrame]
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    quarantine: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def frame(table: str, rows: list[dict], dtypes: dict[str, dict[str, str]]) -> pd.DataFrame:
    """A typed frame from row dicts, with the declared dtypes even when empty."""
    cols = dtypes[table]
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=t) for c, t in cols.items()})


# ----------------------------------------------------------------------------- names
def _basename(filename: str) -> str:
    return PureWindowsPath(filename).name  # handles both / and \


def _name_variant(filename: str) -> tuple[str, str | None, str | None]:
    """(variant, start, end) from the file name; dates are ISO there, so unambiguous."""
    name = _basename(filename)
    if m := CONTENT_NAME.match(name):
        return "content", m[1], m[2]
    if m := AGGREGATE_NAME.match(name):
        return "aggregate", m[2], m[3]
    return "unknown", None, None


# ----------------------------------------------------------------------------- cells
class _Unreadable(ValueError):
    """A cell that cannot be read; its row goes to the quarantine with this reason."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(cells) -> bool:
    return all(_text(c) == "" for c in cells)


def _day(value: object, label: str, ctx: _Ctx) -> pd.Timestamp | None:
    """A calendar day: text ``M/D/YYYY`` (LinkedIn), ``YYYY-MM-DD``, or a real Excel date."""
    if isinstance(value, datetime | date):
        ctx.excel_dates += 1
        return pd.Timestamp(value.year, value.month, value.day, tz="UTC")
    text = _text(value)
    if not text:
        return None
    if m := US_DATE.match(text):
        month, day, year = int(m[1]), int(m[2]), int(m[3])
    elif m := ISO_DATE.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise _Unreadable(f"unreadable {label}: expected M/D/YYYY")
    try:
        return pd.Timestamp(year, month, day, tz="UTC")
    except ValueError:
        raise _Unreadable(f"unreadable {label}: no such day") from None


def _count(value: object, label: str, ctx: _Ctx) -> int | None:
    """A whole count; LinkedIn writes floats (``605.0``), or text in 2026 (``"1,210"``)."""
    if isinstance(value, bool):
        raise _Unreadable(f"non-numeric {label}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        if not text:
            return None
        if not NUMBER_TEXT.match(text):
            raise _Unreadable(f"non-numeric {label}")
        number = float(text.replace(",", ""))
        ctx.text_numbers += 1
    elif value is None:
        return None
    else:
        raise _Unreadable(f"non-numeric {label}")
    if not math.isfinite(number) or not number.is_integer():
        raise _Unreadable(f"{label} is not a whole number")
    return int(number)


# ----------------------------------------------------------------------------- context
@dataclass
class _Ctx:
    source: str
    quarantine: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    text_numbers: int = 0
    excel_dates: int = 0

    def reject(self, sheet: str, row_no: int, reason: str, cells) -> None:
        raw = ",".join(_text(c) for c in cells).rstrip(",")
        self.quarantine.append(dict(file=self.source, line=f"{sheet}!{row_no}", reason=reason,
                                    raw=raw))

    def fail(self, what: str) -> ExportError:
        return ExportError(f"{self.source}: {what}; if LinkedIn changed the layout, please "
                           "report it, or remove the file from data/raw/ to analyse the rest")


def _cell(row: tuple, j: int | None) -> object:
    return row[j] if j is not None and j < len(row) else None


def _find_header(rows: list[tuple], wanted: str, sheet: str, ctx: _Ctx) -> tuple[int, list[str]]:
    """Row index and normalised names of the first row holding the header ``wanted``.

    A sheet with nothing below its first row has no data (index -1); any other sheet
    without the header has a changed layout, which is not guessed at.
    """
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        normed = [norm_header(_text(c)) for c in row]
        if wanted in normed:
            return i, normed
    if all(_blank(row) for row in rows[1:]):
        ctx.notes.append(f"{sheet}: no data")
        return -1, []
    raise ctx.fail(f"sheet {sheet} has no {wanted!r} header in its first {HEADER_SCAN_ROWS} rows")


# ----------------------------------------------------------------------------- sheets
def _daily(rows, sheet: str, columns: dict[str, str], ctx: _Ctx) -> dict[pd.Timestamp, dict]:
    """One sheet of daily counts (ENGAGEMENT or FOLLOWERS), keyed by day.

    ``columns`` maps output names to the sheet's header labels.
    """
    h, normed = _find_header(rows, "date", sheet, ctx)
    if h < 0:
        return {}
    date_j = normed.index("date")
    where = {name: normed.index(norm_header(label)) if norm_header(label) in normed else None
             for name, label in columns.items()}
    for name, j in where.items():
        if j is None:
            ctx.notes.append(f"{sheet}: no {columns[name]!r} column; {name} is NA")
    out: dict[pd.Timestamp, dict] = {}
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if _blank(row):
            continue
        ctx.rows_read += 1
        try:
            day = _day(_cell(row, date_j), "Date", ctx)
            if day is None:
                raise _Unreadable("empty Date")
            values = {name: _count(_cell(row, j), columns[name], ctx) for name, j in where.items()}
            if day in out:
                raise _Unreadable("duplicate Date (the first row is kept)")
        except _Unreadable as why:
            ctx.reject(sheet, i + 1, str(why), row)
            continue
        out[day] = values
        ctx.rows_loaded += 1
    for name in columns:
        negative = [v[name] for v in out.values() if v[name] is not None and v[name] < 0]
        if negative:
            ctx.notes.append(f"{sheet}: {len(negative)} day(s) with negative {columns[name]} "
                             f"(lowest {min(negative)}); LinkedIn reports such values (2026); "
                             "loaded as given")
    return out


def _discovery(rows) -> dict:
    """The range text (``M/D/YYYY - M/D/YYYY``): it tells month-first dates from day-first."""
    for row in rows:
        for value in row:
            m = RANGE_TEXT.match(_text(value))
            if m and US_DATE.match(m[1]) and US_DATE.match(m[2]):
                return {"range_text": (m[1], m[2])}
    return {"range_text": None}


# ----------------------------------------------------------------------------- safety checks
def _open(data: bytes, ctx: _Ctx):
    import openpyxl  # imported here: the export reader does not need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            size = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ExportError(f"{ctx.source}: not a readable .xlsx workbook (not a valid zip "
                          "container); export it again from LinkedIn analytics") from None
    if size > MAX_UNCOMPRESSED:
        raise ExportError(f"{ctx.source}: unpacks to {size // 1024**2} MB, far more than a "
                          "LinkedIn analytics workbook; refusing to open it")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # POI workbooks have no default style
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many types on corrupt parts; all mean the same
        raise ExportError(f"{ctx.source}: not a readable .xlsx workbook (corrupt or "
                          "truncated); export it again from LinkedIn analytics") from None


def _sheets(wb, ctx: _Ctx) -> dict[str, object]:
    """Expected sheets by name (case-insensitive); a localized workbook is refused."""
    by_name = {ws.title.strip().upper(): ws for ws in wb.worksheets}
    missing = [s for s in SHEETS if s not in by_name]
    if missing:
        seen = ", ".join(repr(ws.title[:40]) for ws in wb.worksheets[:10])
        raise ExportError(
            f"{ctx.source}: not an English LinkedIn creator-analytics workbook: expected sheets "
            f"{', '.join(SHEETS)}; found {seen}. A workbook in another language has day-first "
            "dates that cannot be read safely: switch LinkedIn to English, export again, "
            "or remove the file from data/raw/")
    extra = [ws.title for ws in wb.worksheets if ws.title.strip().upper() not in SHEETS]
    if extra:
        ctx.notes.append(f"ignored extra sheet(s): {', '.join(extra)}")
    return {s: by_name[s] for s in SHEETS}


def _check_month_first(texts: list[str], discovery: dict, name_range, ctx: _Ctx) -> None:
    """Refuse day-first (dd/mm/yyyy) dates: they would parse month-first silently when <= 12."""
    pairs = [(int(m[1]), int(m[2])) for t in texts if (m := US_DATE.match(t))]
    day_first = any(a > 12 for a, _ in pairs) and not any(b > 12 for _, b in pairs)
    if discovery["range_text"] and name_range[0] and not day_first:
        as_iso = [_iso(t, swap=False) for t in discovery["range_text"]]
        swapped = [_iso(t, swap=True) for t in discovery["range_text"]]
        day_first = as_iso != list(name_range) and swapped == list(name_range)
    if day_first:
        raise ExportError(
            f"{ctx.source}: dates look day-first (dd/mm/yyyy), but LinkedIn's English export "
            "writes M/D/YYYY; switch LinkedIn to English and export again, or remove the "
            "file from data/raw/")


def _iso(text: str, *, swap: bool) -> str | None:
    m = US_DATE.match(text)
    a, b = (int(m[2]), int(m[1])) if swap else (int(m[1]), int(m[2]))
    try:
        return date(int(m[3]), a, b).isoformat()
    except ValueError:
        return None


# ----------------------------------------------------------------------------- entry point
def read_creator_workbook(data: bytes, filename: str) -> ExtraResult:
    """Read a creator-analytics workbook into its daily table plus its quarantine.

    Raises ExportError (one line) for a corrupt file, a localized or day-first workbook,
    or a layout whose headers cannot be found.
    """
    source = _basename(filename)
    ctx = _Ctx(source)
    variant, name_start, name_end = _name_variant(source)
    ctx.notes.append({
        "content": "variant: Content_ workbook (2025 and earlier)",
        "aggregate": "variant: AggregateAnalytics_ workbook (2026)",
        "unknown": "variant: file name matches neither Content_ nor AggregateAnalytics_",
    }[variant])
    wb = _open(data, ctx)
    sheets = _sheets(wb, ctx)
    rows = {name: [tuple(r) for r in ws.iter_rows(values_only=True)] for name, ws in sheets.items()}
    titles = {name: ws.title for name, ws in sheets.items()}

    discovery = _discovery(rows["DISCOVERY"])
    texts = [_text(v) for s in ("ENGAGEMENT", "FOLLOWERS", "TOP POSTS") for r in rows[s]
             for v in r if isinstance(v, str)]
    _check_month_first(texts, discovery, (name_start, name_end), ctx)

    engagement = _daily(rows["ENGAGEMENT"], titles["ENGAGEMENT"],
                        {"impressions": "Impressions", "engagements": "Engagements"}, ctx)
    followers = _daily(rows["FOLLOWERS"], titles["FOLLOWERS"],
                       {"new_followers": "New followers"}, ctx)

    days = sorted(set(engagement) | set(followers))
    daily = [dict(date=d, **engagement.get(d, {}), **followers.get(d, {})) for d in days]

    start, end = _range(discovery, name_start, name_end, ctx)
    if start is not None and end is not None and days:
        outside = sum(1 for d in days if not start <= d <= end)
        if outside:
            ctx.notes.append(f"{outside} daily row(s) fall outside the exported range")
    _fact_notes(ctx, start, end, len(days))
    for r in daily:
        r["source_file"] = source
    return ExtraResult(
        source=source, kind="creator_analytics",
        tables={"creator_daily": frame("creator_daily", daily, TABLE_DTYPES)},
        rows_read=ctx.rows_read, rows_loaded=ctx.rows_loaded,
        rows_quarantined=len(ctx.quarantine), quarantine=ctx.quarantine, notes=ctx.notes)


def _range(discovery: dict, name_start, name_end, ctx: _Ctx):
    """The exported range from DISCOVERY, cross-checked with (or else taken from) the file name."""
    try:
        from_name = tuple(pd.Timestamp(d, tz="UTC") if d else None for d in (name_start, name_end))
    except ValueError:  # a file name such as Content_2024-13-45_...: ignore its dates
        from_name = (None, None)
    if discovery["range_text"] is None:
        if from_name[0] is not None:
            ctx.notes.append("DISCOVERY has no date range; the file name's range is used")
        return from_name
    try:
        start, end = (_day(t, "DISCOVERY range", ctx) for t in discovery["range_text"])
    except _Unreadable as why:
        ctx.notes.append(f"{why}; the file name's range is used")
        return from_name
    if from_name[0] is not None and (start, end) != from_name:
        ctx.notes.append("the DISCOVERY range differs from the file name's; DISCOVERY is used")
    return start, end


def _fact_notes(ctx: _Ctx, start, end, n_days: int) -> None:
    if start is not None and end is not None:
        ctx.notes.append(f"range {start:%Y-%m-%d} to {end:%Y-%m-%d} "
                         f"({(end - start).days + 1} days)")
    ctx.notes.append(f"{n_days} day(s)")
    if ctx.text_numbers:
        ctx.notes.append(f"{ctx.text_numbers} number(s) were stored as text and converted")
    if ctx.excel_dates:
        ctx.notes.append(f"{ctx.excel_dates} dates were Excel date cells, not LinkedIn's text "
                         "(workbook re-saved in a spreadsheet?)")
