"""The owner's own outcomes file, ``data/raw/outcomes.csv``: what happened and through which
channel (a client won, an interview, a talk, revenue), written by hand or in a spreadsheet.

It is the only record of professional outcomes outside LinkedIn, so C4, C8, C9 and C10 use
it, and C10 counts ``source``. Hand-written files are forgiven what can be read without
guessing (header case, a BOM, Excel's Windows-1252 and ``;`` in European locales, currency
symbols and separators in amounts) and nothing else: a day/month date such as 03/04/2024 is
quarantined, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import PureWindowsPath

import pandas as pd

from ..errors import ExportError
from .creator_analytics import ExtraResult, frame
from .spec import norm_header

EXPECTED_HEADER = "date,kind,value,source,note"
REQUIRED = ("date", "kind", "source")
OPTIONAL = ("value", "note")
DELIMITERS = (",", ";", "\t")
SOURCE_REASON = "source is required: it says which channel the outcome came through"

ISO_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$", re.I)
DAY_MONTH = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(\s.*)?$")
CURRENCY = re.compile(r"US\$|[€$£¥₹]|\b[A-Z]{3}\b")
CURRENCY_CODES = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "US$": "USD"}
AMOUNT = re.compile(r"^[+-]?\d[\d.,]*$")
LINKEDIN = re.compile(r"(?<![^\W_])linked[\s_-]*in(?![^\W_])", re.I)


def names_linkedin(source) -> bool:
    """A source counts as LinkedIn when it names LinkedIn as a word in any form
    ("linkedin", "LinkedIn Jobs", "linkedin post", "Linked In")."""
    return isinstance(source, str) and LINKEDIN.search(source) is not None

TABLE_DTYPES: dict[str, dict[str, str]] = {
    "outcomes": {
        "date": "datetime64[us, UTC]", "kind": "str", "value": "Float64", "currency": "str",
        "source": "str", "note": "str", "from_linkedin": "bool", "source_file": "str",
        "source_line": "int64",
    },
}

TABLE_DOCS: dict[str, dict[str, str]] = {
    "outcomes": {
        "date": "When it happened; YYYY-MM-DD[ HH:MM] read as UTC unless the text gives a zone.",
        "kind": "What happened (client, interview, talk, revenue, ...), lower-cased.",
        "value": "Amount, if any (currency symbols and separators removed); NA when empty.",
        "currency": "Currency written with the value (EUR, GBP, USD, ... or '$'); NA if none.",
        "source": "Channel it came through (linkedin, referral, website, ...), lower-cased.",
        "note": "The owner's free-text note; NA when empty.",
        "from_linkedin": "True when source names LinkedIn in any form ('linkedin', 'LinkedIn "
                         "Jobs', 'via linked in'): C10's LinkedIn trace.",
        "source_file": "The outcomes file's name.",
        "source_line": "1-based line of the record in the file.",
    },
}


class _Unreadable(ValueError):
    """A value that cannot be read without guessing; its row is quarantined."""


# ----------------------------------------------------------------------------- decoding
def _decode(data: bytes, notes: list[str]) -> str:
    """UTF-8 (BOM optional); UTF-16 or Windows-1252 when a spreadsheet saved it so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append("UTF-16 text (a spreadsheet's 'Unicode text' save)")
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append("not valid UTF-8 (saved by a spreadsheet?): read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most known column names."""
    known = set(REQUIRED + OPTIONAL)

    def score(d: str) -> int:
        return len(known & {norm_header(f) for f in next(csv.reader([header_line], delimiter=d))})

    return max(DELIMITERS, key=lambda d: (score(d), d == ","))


# ----------------------------------------------------------------------------- values
def parse_date(text: str) -> datetime:
    """A year-first date, optionally with a time and zone, as an aware UTC datetime."""
    m = ISO_DATE.match(text)
    if not m:
        if DAY_MONTH.match(text):
            raise _Unreadable("ambiguous date (day and month order unknown): "
                              "write it as YYYY-MM-DD")
        raise _Unreadable("unreadable date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM")
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        when = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise _Unreadable("unreadable date: no such day or time") from None
    offset = timedelta(0)
    if zone and zone.upper() not in ("Z", "UTC"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return (when - offset).replace(tzinfo=UTC)


def parse_amount(text: str, *, decimal_comma: bool) -> tuple[float | None, str | None]:
    """(number, currency) from an amount such as ``€1,250.50`` or ``1.234,50 €``.

    With both ``,`` and ``.`` present, the last one is the decimal mark. A single separator
    followed by exactly three digits (``5,000``) is a thousands mark in a comma-delimited
    file and a decimal mark in a ``;``-delimited one (European Excel); otherwise it is decimal.
    """
    text = text.strip()
    if not text:
        return None, None
    found = CURRENCY.findall(text)
    if len(set(found)) > 1:
        raise _Unreadable("unreadable value: more than one currency")
    currency = CURRENCY_CODES.get(found[0], found[0]) if found else None
    number = re.sub(r"[\s\u00a0\u202f']", "", CURRENCY.sub("", text))
    if not AMOUNT.match(number):
        raise _Unreadable("unreadable value: write a plain number such as 5000 or 5000.50")
    seps = [c for c in number if c in ",."]
    decimal = thousands = None
    if len(set(seps)) == 2:
        decimal = seps[-1]
        thousands = "," if decimal == "." else "."
    elif len(seps) > 1:
        thousands = seps[0]
    elif seps and re.search(r"[.,]\d{3}$", number):  # "5,000" or "5.000": the file decides
        decimal_mark = "," if decimal_comma else "."
        decimal, thousands = (seps[0], None) if seps[0] == decimal_mark else (None, seps[0])
    elif seps:
        decimal = seps[0]
    whole, _, frac = number.partition(decimal) if decimal else (number, "", "")
    if any(c in ",." for c in frac):
        raise _Unreadable("unreadable value: write a plain number such as 5000 or 5000.50")
    if thousands and thousands in whole:
        if not re.match(rf"^[+-]?\d{{1,3}}(?:\{thousands}\d{{3}})+$", whole):
            raise _Unreadable("unreadable value: misplaced thousands separator")
        whole = whole.replace(thousands, "")
    number = whole + ("." + frac if decimal else "")
    return float(number), currency


# ----------------------------------------------------------------------------- entry point
def read_outcomes(data: bytes, filename: str = "outcomes.csv") -> ExtraResult:
    """Read the outcomes file into table ``outcomes``; quarantine rows that cannot be read.

    Raises ExportError when a required column (date, kind, source) is missing.
    """
    source_file = PureWindowsPath(filename).name
    notes: list[str] = []
    text = _decode(data, notes)
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        notes.append("empty file: no outcomes")
        empty = frame("outcomes", [], TABLE_DTYPES)
        return ExtraResult(source_file, "outcomes", {"outcomes": empty}, notes=notes)
    delimiter = _delimiter(lines[first])
    if delimiter != ",":
        notes.append({";": "semicolon-delimited (Excel in a European locale)",
                      "\t": "tab-delimited"}[delimiter])
    reader = csv.reader(io.StringIO("".join(lines[first:]), newline=""), delimiter=delimiter)
    header = [norm_header(h) for h in next(reader)]
    line_no = first + reader.line_num  # physical line where the header ends
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ExportError(
            f"{source_file}: missing required column(s) {', '.join(missing)}; the first line "
            f"must be the header {EXPECTED_HEADER} (any order, value and note optional)")
    where = {c: header.index(c) for c in REQUIRED + OPTIONAL if c in header}
    extra = [h or f"column {j + 1}" for j, h in enumerate(header)
             if h not in where or header.index(h) != j]
    if extra:
        notes.append(f"ignored extra column(s): {', '.join(extra)}")

    rows, quarantine = [], []
    rows_read = blank = 0
    for fields in _records(reader, source_file, first):
        start, line_no = line_no + 1, first + reader.line_num
        if not any(f.strip() for f in fields):
            blank += 1
            continue
        rows_read += 1
        try:
            rows.append(_row(fields, header, where, delimiter) | {"source_line": start})
        except _Unreadable as why:
            quarantine.append(dict(file=source_file, line=start, reason=str(why),
                                   raw=delimiter.join(fields)))
    for r in rows:
        r["source_file"] = source_file
    table = frame("outcomes", rows, TABLE_DTYPES)
    _fact_notes(table, quarantine, blank, notes)
    return ExtraResult(source_file, "outcomes", {"outcomes": table}, rows_read=rows_read,
                       rows_loaded=len(rows), rows_quarantined=len(quarantine),
                       quarantine=quarantine, notes=notes)


def _records(reader, source_file: str, first: int):
    """The reader's records; a file csv cannot split at all is one clear error."""
    try:
        yield from reader
    except csv.Error:
        raise ExportError(f"{source_file}: cannot be split into fields after line "
                          f"{first + reader.line_num}; save it again as CSV (UTF-8)") from None


def _row(fields: list[str], header: list[str], where: dict[str, int], delimiter: str) -> dict:
    """One typed record; every problem in the row is named in one reason."""
    if len(fields) > len(header) and any(f.strip() for f in fields[len(header):]):
        raise _Unreadable("more fields than the header: quote values that contain "
                          f"the delimiter {delimiter!r}")

    def get(col: str) -> str:
        j = where.get(col)
        return fields[j].strip() if j is not None and j < len(fields) else ""

    problems: list[str] = []
    out: dict = {}
    text = get("date")
    if not text:
        problems.append("date is required (YYYY-MM-DD)")
    else:
        try:
            out["date"] = pd.Timestamp(parse_date(text))
        except _Unreadable as why:
            problems.append(str(why))
    out["kind"] = get("kind").lower() or None
    if out["kind"] is None:
        problems.append("kind is required: what happened (client, interview, talk, revenue, ...)")
    try:
        out["value"], out["currency"] = parse_amount(get("value"), decimal_comma=delimiter == ";")
    except _Unreadable as why:
        problems.append(str(why))
    out["source"] = get("source").lower() or None
    if out["source"] is None:
        problems.append(SOURCE_REASON)
    out["note"] = get("note") or None
    if problems:
        raise _Unreadable("; ".join(problems))
    out["from_linkedin"] = names_linkedin(out["source"])
    return out


def _fact_notes(table: pd.DataFrame, quarantine: list[dict], blank: int, notes: list[str]) -> None:
    if blank:
        notes.append(f"{blank} blank line(s) skipped")
    if len(table):
        notes.append(f"{len(table)} outcomes, {table['date'].min():%Y-%m-%d} to "
                     f"{table['date'].max():%Y-%m-%d}; sources: "
                     + ", ".join(f"{s} {n}" for s, n in table["source"].value_counts().items()))
    near = sorted({s for s in table["source"]
                   if "linkedin" in s.replace(" ", "") and not names_linkedin(s)})
    if near:
        notes.append(f"source(s) {near} contain 'linkedin' inside another word, so they count "
                     "as not from LinkedIn; write 'linkedin' if they are")
    currencies = sorted(table["currency"].dropna().unique())
    if len(currencies) > 1:
        notes.append(f"values in several currencies ({', '.join(currencies)}), not converted; "
                     "compare amounts within one currency")
    ambiguous = sum("ambiguous date" in q["reason"] for q in quarantine)
    if ambiguous:
        notes.append(f"{ambiguous} date(s) such as 03/04/2024 could be day- or month-first; "
                     "write dates as YYYY-MM-DD")
