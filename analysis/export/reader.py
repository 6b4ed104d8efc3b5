"""The generic reader: one export file's bytes plus its spec give a typed table.

Steps, the same for every file: sniff the encoding (UTF-8, UTF-8 BOM, UTF-16LE with tabs,
a workbook under a ``.csv`` name), find the header by content (so the Connections ``Notes:``
preamble needs no fixed skip, and a leading index column is seen), name the era, split
records (pyarrow's CSV reader, or a line-record splitter for files LinkedIn writes with an
unquoted free-text field), map columns by header name, type them (dates in a shape the spec
does not declare are inferred, see ``dates.infer_dates``). Every record ends up either in the
table or in the quarantine with a reason; a file whose header matches no era is quarantined
whole. Signs that a person re-saved the file are collected in ``FileResult.edits``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .dates import infer_dates, parse_datetimes, parse_months, precision_of
from .repairs import apply_quirks
from .resave import MISSING_MARKERS, XLSX_MAGIC, Edits, is_index_header, xlsx_to_csv
from .spec import BOOL, DATETIME, MONTH, URL_LIST, FileSpec, norm_header

HEADER_SCAN_LINES = 40
SPREADSHEET_DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
TRUE_WORDS = {"yes", "true", "1"}
FALSE_WORDS = {"no", "false", "0"}


@dataclass
class FileResult:
    """What reading one member gave: its rows, its rejects, and the facts for the ledger."""

    member: str
    table: str
    era: str
    encoding: str
    delimiter: str
    frame: pd.DataFrame
    quarantine: list[dict] = field(default_factory=list)
    rows_read: int = 0
    blank_lines: int = 0
    notes: list[str] = field(default_factory=list)
    edits: Edits = field(default_factory=Edits)
    header: str | None = None  # the header seen, when it matches no era (masked)
    recognised_by: str = "name"  # or "header", for a file under a name LinkedIn does not use

    @property
    def rows_loaded(self) -> int:
        return len(self.frame)


# ----------------------------------------------------------------------------- decoding
def sniff(data: bytes) -> tuple[bytes, str, str]:
    """Return UTF-8 bytes, the source encoding's name and the delimiter."""
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace").encode("utf-8"), "utf-16le", "\t"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace").encode("utf-8"), "utf-16be", "\t"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig", ","
    return data, "utf-8", ","


def _from_cp1252(body: bytes, notes: list[str]) -> bytes:
    notes.append("not valid UTF-8 (re-saved by a spreadsheet?): read as Windows-1252")
    return body.decode("cp1252", errors="replace").encode("utf-8")


def _valid_utf8(body: bytes, notes: list[str]) -> bytes:
    """Small files are checked here; big ones by pyarrow while parsing (no second pass)."""
    if len(body) > 1 << 20:
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        return _from_cp1252(body, notes)


def _split_fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


# ----------------------------------------------------------------------------- header
def find_header(data: bytes, spec: FileSpec, delimiter: str) -> tuple[int, int, list[str], str]:
    """Locate the header line by content.

    Returns (byte offset where records start, 1-based line number of the header, the header
    fields, era name). An exact era match wins, also after a leading index column (see
    :func:`has_index_column`); a header that has every required column but matches no era is
    read by name as era ``unrecognised``.
    """
    offset = 0
    eras = [(era, [norm_header(h) for h in era.header]) for era in spec.eras]
    required = {norm_header(h) for h in spec.required_headers}
    for lineno, raw in enumerate(data.split(b"\n", HEADER_SCAN_LINES)[:HEADER_SCAN_LINES], 1):
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        next_offset = offset + len(raw) + 1
        fields = _split_fields(line, delimiter) if line.strip() else []
        normed = [norm_header(f) for f in fields]
        trimmed = normed[:-1] if normed and normed[-1] == "" else normed
        for era, header in eras:
            era_trimmed = header[:-1] if header and header[-1] == "" else header
            if trimmed == era_trimmed or (has_index_column(fields) and trimmed[1:] == era_trimmed):
                return next_offset, lineno, fields, era.name
        if required and required <= set(normed):
            return next_offset, lineno, fields, "unrecognised"
        offset = next_offset
    return -1, 0, [], ""


def header_any_delimiter(data: bytes, spec: FileSpec, delimiter: str):
    """:func:`find_header`, then with the separators spreadsheets use in other locales.

    Excel in much of Europe saves "CSV" with semicolons. Returns find_header's tuple plus the
    delimiter that matched (the sniffed one when none did).
    """
    for sep in (delimiter, *(d for d in SPREADSHEET_DELIMITERS if d != delimiter)):
        found = find_header(data, spec, sep)
        if found[0] >= 0:
            return (*found, sep)
    return (*find_header(data, spec, delimiter), delimiter)


def has_index_column(fields: list[str]) -> bool:
    """A first column named like a data frame's row index, before at least one real column."""
    return len(fields) > 1 and is_index_header(fields[0]) and fields[1].strip() != ""


def _header_seen(data: bytes) -> str:
    """The first non-blank line, with emails and URLs masked, for an error message."""
    for raw in data.split(b"\n", 20)[:20]:
        line = raw[:400].decode("utf-8", errors="replace").strip()  # bounded: no slow regex
        if line:
            line = re.sub(r"\S+@\S+", "<email>", line)
            line = re.sub(r"https?://\S+", "<url>", line)
            return line[:160] + ("..." if len(line) > 160 else "")
    return ""


def _is_placeholder(data: bytes, spec: FileSpec) -> bool:
    """Empty, or only a placeholder text such as 'No conversations found' (small files)."""
    if len(data) > 4096:
        return False
    text = data.decode("utf-8", errors="replace").strip()
    return not text or text in spec.placeholders


# ----------------------------------------------------------------------------- records
def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return out


def _split_csv(body: bytes, names: list[str], delimiter: str):
    """pyarrow split of a well-quoted file. Returns (frame, rejects[(record_no, text)])."""
    rejects: list[tuple[int | None, str]] = []
    if not body.strip():
        return pd.DataFrame({n: pd.Series([], dtype="str") for n in names}), rejects

    def on_invalid(row):
        if row.text.strip():
            rejects.append((row.number, row.text))
        return "skip"

    table = pacsv.read_csv(
        pa.py_buffer(body),
        read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                         invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, null_values=[],
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.to_pandas(), rejects


def _scan_lines(body: str, delimiter: str, n_fields: int) -> tuple[list[int], list[int]]:
    """0-based physical start lines of good and of wrong-width records (slow path, rare).

    Used only when a file has rejects, to give each quarantined record its line number.
    """
    good, bad = [], []
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    line = 0
    try:
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                (good if len(fields) == n_fields else bad).append(line)
            line = reader.line_num
    except csv.Error:
        pass
    return good, bad


def _in_record_layout(body: bytes, spec: FileSpec, delimiter: str) -> bool:
    """Whether to split by ``spec.record_layout``: only if the first record starts as LinkedIn
    writes it. A spreadsheet re-writes dates and quotes every multi-line field, so its copy is
    plain CSV and is read as such."""
    layout = spec.record_layout
    if layout is None or delimiter != ",":
        return False
    for raw in body[:1 << 16].split(b"\n"):
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        if line.strip():
            return re.match(layout.start, line) is not None
    return True


def _split_records(body: str, names: list[str], spec: FileSpec):
    """Line-record split for files with an unquoted free-text last field."""
    layout = spec.record_layout
    assert layout is not None
    start = re.compile(layout.start)
    records: list[list[str]] = []
    starts: list[int] = []
    orphans: list[tuple[int, str]] = []
    for i, line in enumerate(body.split("\n")):
        line = line.removesuffix("\r")
        if start.match(line):
            records.append([line])
            starts.append(i)
        elif records:
            records[-1].append(line)
        elif line.strip():
            orphans.append((i, line))
    rows, rejects, line_of_row = [], [], []
    for lineno, parts in zip(starts, records, strict=True):
        record = "\n".join(parts).rstrip("\n")
        fields = record.split(",", len(names) - 1)  # the last field keeps its commas
        if len(fields) < len(names):
            rejects.append((lineno, record, f"expected {len(names)} fields"))
            continue
        last = fields[-1]
        if layout.unquote_last and len(last) >= 2 and last[0] == '"' and last[-1] == '"':
            last = last[1:-1].replace('""', '"').replace('\\"', '"')
        rows.append(fields[:-1] + [last])
        line_of_row.append(lineno)
    for lineno, text in orphans:
        rejects.append((lineno, text, "line outside any record"))
    frame = pd.DataFrame(rows, columns=names, dtype="str") if rows else pd.DataFrame(
        {n: pd.Series([], dtype="str") for n in names})
    return frame, rejects, line_of_row


# ----------------------------------------------------------------------------- typing
def _dated(text: pd.Series, col, label: str, edits: Edits):
    """Parse a date or month column; values the declared formats cannot read go to inference.

    Returns (values, precision or None, empty mask, failed mask, ambiguous mask). A missing
    marker (``NA``, ``-``...) is never a date: it counts as empty and as a sign of editing.
    """
    if col.kind == DATETIME:
        values, failed = parse_datetimes(text, col.formats)
        precision = None
    else:
        values, precision, failed = parse_months(text, col.formats)
    stripped = text.str.strip()
    empty = (stripped == "").to_numpy()
    ambiguous = np.zeros(len(text), dtype=bool)
    if not failed.any():
        return values, precision, empty, failed, ambiguous
    marker = failed & stripped.isin(MISSING_MARKERS).to_numpy()
    if marker.any():
        edits.markers |= set(stripped[marker])
        empty, failed = empty | marker, failed & ~marker
    if failed.any():
        where = np.flatnonzero(failed)
        got = infer_dates(stripped.iloc[where], months=col.kind != DATETIME)
        if got.how:
            ok = ~got.failed & ~got.ambiguous
            read = where[ok]
            stamps = values.dt.tz_convert(None).to_numpy(dtype="datetime64[us]", copy=True)
            stamps[read] = got.values.dt.tz_convert(None).to_numpy(dtype="datetime64[us]")[ok]
            values = pd.Series(stamps, index=values.index).dt.tz_localize("UTC")
            if precision is not None:
                precision = precision.copy()
                precision.iloc[read] = precision_of(got.how)
            failed = failed.copy()
            failed[where] = got.failed
            ambiguous[where] = got.ambiguous
            edits.date_formats[label] = got.how
            edits.add(f"{label} dates as {got.how}")
    return values, precision, empty, failed, ambiguous


def _typed(frame: pd.DataFrame, header_of: dict[str, str], spec: FileSpec,
           edits: Edits | None = None):
    """Typed columns per spec, plus a per-row reason for rows that must be quarantined.

    Dated columns are typed first: what they reveal (missing markers, re-shaped dates) says
    whether the file was edited, and in an edited file the missing markers are blanks in
    every column.
    """
    edits = edits if edits is not None else Edits()
    n = len(frame)
    reasons = np.full(n, None, dtype=object)
    out: dict[str, pd.Series] = {}
    na = set(spec.na_values)
    dated = [c for c in spec.columns if c.kind in (DATETIME, MONTH)]
    others = [c for c in spec.columns if c.kind not in (DATETIME, MONTH)]
    for col in dated + others:
        if col.kind not in (DATETIME, MONTH) and edits.edited:
            na |= set(MISSING_MARKERS)  # once the dated columns have shown the file's signs
        source = header_of.get(col.name)
        raw = frame[source] if source is not None else pd.Series([""] * n, dtype="str")
        raw = raw.reset_index(drop=True)
        text = raw.str.strip() if col.strip else raw
        if na:
            blank = raw.str.strip().isin(na)
            text = text.where(~blank, "")
            if blank.any() and edits.edited:
                edits.markers |= set(raw[blank].str.strip()) & set(MISSING_MARKERS)
        label = source or col.name
        if col.kind in (DATETIME, MONTH):
            values, precision, empty, failed, ambiguous = _dated(text, col, label, edits)
            if col.required:
                _flag(reasons, empty, f"empty {label}")
            _flag(reasons, ambiguous, f"ambiguous {label}: day/month order not decided by "
                  "the column (no value, or values both ways, with a part over 12)")
            _flag(reasons, failed, f"unreadable {label}")
            out[col.name] = values
            if precision is not None:
                out[f"{col.name}_precision"] = precision
            continue
        empty = (text.str.strip() == "").to_numpy()
        if col.required:
            _flag(reasons, empty, f"empty {label}")
        if col.kind == BOOL:
            low = text.str.strip().str.lower()
            failed = ~(low.isin(TRUE_WORDS) | low.isin(FALSE_WORDS) | (low == "")).to_numpy()
            _flag(reasons, failed, f"unreadable {label}")
            out[col.name] = pd.Series(
                np.where(low.isin(TRUE_WORDS), True, np.where(low.isin(FALSE_WORDS), False, None)),
                dtype="boolean")
        elif col.kind == URL_LIST:
            out[col.name] = split_list(text, present=source is not None)
        else:
            out[col.name] = text.where(~empty, None).astype("str")
    order = [k for c in spec.columns for k in (c.name, f"{c.name}_precision") if k in out]
    return pd.DataFrame({k: out[k] for k in order}), reasons


def split_list(text: pd.Series, *, present: bool) -> pd.Series:
    """Comma-joined values as an Arrow list column; null when the file has no such column."""
    list_type = pa.list_(pa.string())
    if not present:
        return pd.Series(pd.arrays.ArrowExtensionArray(pa.nulls(len(text), list_type)))
    arr = pa.array(text.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    lists = pc.split_pattern(pc.fill_null(arr, ""), ",")
    flat = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    lengths = np.bincount(pc.list_parent_indices(lists).to_numpy()[keep], minlength=len(arr))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    result = pa.ListArray.from_arrays(pa.array(offsets), flat.filter(pa.array(keep)))
    return pd.Series(pd.arrays.ArrowExtensionArray(result))


def _flag(reasons: np.ndarray, mask: np.ndarray, reason: str) -> None:
    todo = mask & pd.isna(reasons)
    reasons[todo] = reason


# ----------------------------------------------------------------------------- entry point
def read_member(data: bytes, member: str, spec: FileSpec) -> FileResult:
    """Read one export file into a :class:`FileResult` (never raises on its content)."""
    edits = Edits()
    if data[:4] == XLSX_MAGIC:
        converted = xlsx_to_csv(data)
        if converted is not None:
            data = converted
            edits.add("an Excel workbook under a .csv name (its first sheet read)")
    body, encoding, delimiter = sniff(data)
    if encoding == "utf-8-sig":
        edits.add("UTF-8 byte-order mark")
    notes: list[str] = []
    if _is_placeholder(body, spec):
        if body.strip():
            notes.append("placeholder text, no records")
        return FileResult(member, spec.table, "empty", encoding, delimiter, _empty_frame(spec),
                          notes=notes)
    offset, header_line, header, era, sep = header_any_delimiter(body, spec, delimiter)
    if sep != delimiter:
        edits.add(f"{DELIMITER_NAMES[sep]}-separated")
        delimiter = sep
    if offset < 0:
        return _unknown_header(body, member, spec, encoding, delimiter)
    if era == "unrecognised":
        notes.append("header matches no known era; columns mapped by name")
    if has_index_column(header):
        edits.add("an index column before the header (written by pandas or R)")
        header = ["(index)"] + header[1:]
    if header_line == 1 and any(e.preamble for e in spec.eras if e.name == era):
        edits.add("no 'Notes:' preamble")
    if body[offset - 2:offset] == b"\r\n":
        edits.add("CRLF line ends")
    names = _unique([h.strip() for h in header])
    header_of = {}
    for name in names:
        col = spec.column_for(name)
        if col is not None and col.name not in header_of:
            header_of[col.name] = name
    body = _valid_utf8(body[offset:], notes)
    first_line = header_line + 1
    if _in_record_layout(body, spec, delimiter):
        text = body.decode("utf-8", errors="replace")
        frame, rejects, line_of_row = _split_records(text, names, spec)
        rejected = [dict(file=member, line=first_line + ln, reason=why, raw=text)
                    for ln, text, why in rejects]
        row_lines = np.asarray(line_of_row, dtype=np.int64) + first_line
    else:
        try:
            frame, bad = _split_csv(body, names, delimiter)
        except pa.ArrowInvalid:  # invalid UTF-8 in a big file
            body = _from_cp1252(body, notes)
            frame, bad = _split_csv(body, names, delimiter)
        rejected, row_lines = [], None
        if bad:
            good_lines, bad_lines = _scan_lines(body.decode("utf-8"), delimiter, len(names))
            for k, (_, text) in enumerate(bad):
                line = first_line + bad_lines[k] if k < len(bad_lines) else None
                rejected.append(dict(file=member, line=line, reason="wrong number of fields",
                                     raw=text))
            if len(good_lines) == len(frame):
                row_lines = np.asarray(good_lines, dtype=np.int64) + first_line
    if any("Windows-1252" in n for n in notes):
        edits.add("Windows-1252 text")
    split_rejects = len(rejected)
    typed, reasons = _typed(frame, header_of, spec, edits)
    bad_rows = pd.notna(reasons)
    if bad_rows.any():
        if row_lines is None:
            good_lines, _ = _scan_lines(body.decode("utf-8"), delimiter, len(names))
            row_lines = np.full(len(frame), -1, dtype=np.int64)
            if len(good_lines) == len(frame):
                row_lines = np.asarray(good_lines, dtype=np.int64) + first_line
        raw_rows = frame.loc[bad_rows]
        for idx, reason in zip(np.flatnonzero(bad_rows), reasons[bad_rows], strict=True):
            line = int(row_lines[idx]) if row_lines[idx] >= 0 else None
            rejected.append(dict(file=member, line=line, reason=reason,
                                 raw=delimiter.join(str(v) for v in raw_rows.loc[idx].tolist())))
        typed = typed.loc[~bad_rows].reset_index(drop=True)
        kept = np.flatnonzero(~bad_rows)
    else:
        kept = np.arange(len(frame))
    typed["source_file"] = member
    typed["source_row"] = kept.astype(np.int64)
    typed = apply_quirks(typed, spec, era)
    if edits.edited:
        notes.append(edits.note())
    return FileResult(member, spec.table, era, encoding, delimiter, typed, rejected,
                      rows_read=len(frame) + split_rejects, notes=notes, edits=edits)


def _unknown_header(body: bytes, member: str, spec: FileSpec, encoding: str,
                    delimiter: str) -> FileResult:
    """A header that matches no era: every record is quarantined, the header kept for the ledger.

    The first non-blank line is taken as the header; each later non-blank record is one
    quarantined row, so the file's rows still add up and the other files are read as usual.
    """
    seen = _header_seen(body)
    text = body.decode("utf-8", errors="replace")
    reason = f"header matches no known era of {spec.table}"
    rejected, header_done = [], False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                if header_done:
                    rejected.append(dict(file=member, line=line, reason=reason,
                                         raw=delimiter.join(fields)))
                header_done = True
            line = reader.line_num + 1
    except csv.Error:  # an unbalanced quote: the rest is one last record
        rejected.append(dict(file=member, line=line, reason=reason, raw=text[-2000:]))
    note = (f"{reason} (header: {seen!r}); all its rows quarantined. If LinkedIn changed the "
            "format, please report it.")
    return FileResult(member, spec.table, "unknown", encoding, delimiter, _empty_frame(spec),
                      rejected, rows_read=len(rejected), notes=[note], header=seen)


def _empty_frame(spec: FileSpec) -> pd.DataFrame:
    typed, _ = _typed(pd.DataFrame(), {}, spec)
    typed["source_file"] = pd.Series([], dtype="str")
    typed["source_row"] = pd.Series([], dtype=np.int64)
    return apply_quirks(typed, spec, "empty")
