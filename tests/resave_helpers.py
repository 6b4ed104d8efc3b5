"""Re-write an era fixture the way a spreadsheet program saves it again (synthetic fixtures).

Each "program" takes a LinkedIn file's records and writes the bytes that Excel, R, pandas,
LibreOffice (day-first locale) or an .xlsx "Save As" would leave under the same name. The
tests read both files and compare: what LinkedIn wrote and what the person saved must give
the same table, up to what the program threw away (Excel keeps minutes, not seconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from conftest import ERAS
from openpyxl import Workbook

US_SHORT = "%m/%d/%y, %I:%M %p"


@dataclass(frozen=True)
class Kind:
    """One dated LinkedIn file: where its fixture is, its date columns and their shape."""

    era: str
    name: str
    dates: dict[str, tuple[str, ...]]  # header -> LinkedIn's shapes, tried in order
    month: bool = False  # a month column (positions): Excel turns "Jan 2023" into "Jan-23"

    def records(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of the fixture, without the ``Notes:`` preamble."""
        text = (ERAS / self.era / self.name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        start = next(i for i, r in enumerate(rows) if self.dates.keys() & set(r))
        return rows[start], [r for r in rows[start + 1:] if any(c.strip() for c in r)]

    @property
    def original(self) -> bytes:
        return (ERAS / self.era / self.name).read_bytes()


KINDS = {
    "connections": Kind("2023mid", "Connections.csv", {"Connected On": ("%d %b %Y",)}),
    "connections-2018": Kind("2018", "Connections.csv", {"Connected On": (US_SHORT,)}),
    "messages": Kind("2023mid", "messages.csv", {"DATE": ("%Y-%m-%d %H:%M:%S UTC",)}),
    "invitations": Kind("2023mid", "Invitations.csv", {"Sent At": (US_SHORT,)}),
    "positions-2023": Kind("2023mid", "Positions.csv", {"Started On": ("%b %Y", "%Y"),
                                                        "Finished On": ("%b %Y", "%Y")},
                           month=True),
    "positions": Kind("2018", "Positions.csv", {"Started On": ("%b %Y", "%Y"),
                                                "Finished On": ("%b %Y", "%Y")}, month=True),
}


def _parse(value: str, shapes: tuple[str, ...]) -> tuple[dt.datetime, str] | None:
    for shape in shapes:
        try:
            return dt.datetime.strptime(value.strip(), shape), shape
        except ValueError:
            continue
    return None


def _has_time(kind: Kind, column: str) -> bool:
    return any("%H" in s or "%I" in s for s in kind.dates[column])


def _rewrite(kind: Kind, header, rows, date_text, blank: str = ""):
    """Rows with every date re-written by ``date_text(datetime, shape, column)``."""
    where = {header.index(c): c for c in kind.dates}
    out = []
    for row in rows:
        new = []
        for i, cell in enumerate(row):
            got = _parse(cell, kind.dates[where[i]]) if i in where and cell.strip() else None
            new.append(date_text(got[0], got[1], where[i]) if got else (cell or blank))
        out.append(new)
    return out


def _csv(header, rows, *, line_end: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def excel(kind: Kind) -> bytes:
    """Excel (US) "CSV (Comma delimited)": no preamble, d-Mon-yy / m/d/yyyy h:mm, CRLF, cp1252."""
    header, rows = kind.records()

    def shape(value: dt.datetime, source: str, column: str) -> str:
        if kind.month:
            return value.strftime("%b-%y") if "%b" in source else str(value.year)
        if _has_time(kind, column):
            return f"{value.month}/{value.day}/{value.year} {value.hour}:{value.minute:02d}"
        return f"{value.day}-{value.strftime('%b')}-{value.strftime('%y')}"

    text = _csv(header, _rewrite(kind, header, rows, shape), line_end="\r\n")
    return text.encode("cp1252", errors="replace")


def excel_german(kind: Kind) -> bytes:
    """Excel in a German locale: semicolons, dd.mm.yyyy (hh:mm), CRLF, Windows-1252.

    English month names ("Mar 2021") are not dates to it, so month columns stay as text.
    """
    header, rows = kind.records()

    def shape(value: dt.datetime, source: str, column: str) -> str:
        if kind.month:
            return value.strftime(source)
        return value.strftime("%d.%m.%Y %H:%M" if _has_time(kind, column) else "%d.%m.%Y")

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(_rewrite(kind, header, rows, shape))
    return buf.getvalue().encode("cp1252", errors="replace")


def r_write_csv(kind: Kind) -> bytes:
    """R's write.csv: a "" row-name column, NA for blanks, ISO dates, every field quoted."""
    header, rows = kind.records()

    def shape(value: dt.datetime, source: str, column: str) -> str:
        if kind.month:
            return value.strftime("%b %Y") if "%b" in source else str(value.year)
        return value.strftime("%Y-%m-%d %H:%M:%S" if _has_time(kind, column) else "%Y-%m-%d")

    rows = _rewrite(kind, header, rows, shape, blank="NA")
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow([""] + header)
    writer.writerows([[str(i + 1)] + r for i, r in enumerate(rows)])
    return buf.getvalue().replace('"NA"', "NA").encode("utf-8")


def pandas_to_csv(kind: Kind) -> bytes:
    """pandas read_csv(parse_dates) then to_csv, read and saved twice: "Unnamed: 0" index."""
    header, rows = kind.records()

    def shape(value: dt.datetime, source: str, column: str) -> str:
        if kind.month:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")

    rows = _rewrite(kind, header, rows, shape)
    return _csv(["Unnamed: 0"] + header, [[str(i)] + r for i, r in enumerate(rows)]).encode()


def libreoffice_day_first(kind: Kind) -> bytes:
    """LibreOffice in a day-first locale: dd/mm/yyyy (hh:mm:ss), UTF-8 with a BOM."""
    header, rows = kind.records()

    def shape(value: dt.datetime, source: str, column: str) -> str:
        if kind.month:
            return value.strftime("%m/%Y") if "%b" in source else str(value.year)
        fmt = "%d/%m/%Y %H:%M:%S" if _has_time(kind, column) else "%d/%m/%Y"
        return value.strftime(fmt)

    return b"\xef\xbb\xbf" + _csv(header, _rewrite(kind, header, rows, shape)).encode("utf-8")


def xlsx_as_csv(kind: Kind) -> bytes:
    """An .xlsx workbook saved under the .csv name: real date cells, blanks as empty cells."""
    header, rows = kind.records()
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in _rewrite(kind, header, rows, lambda v, s, c: v if "%b" in s or not kind.month
                        else v.year):
        sheet.append([None if c == "" else c for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


PROGRAMS = {"excel": excel, "excel-de": excel_german, "r": r_write_csv, "pandas": pandas_to_csv,
            "libreoffice-dmy": libreoffice_day_first, "xlsx": xlsx_as_csv}


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name

