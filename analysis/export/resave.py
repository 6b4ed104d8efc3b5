"""What a spreadsheet program leaves in a file a person opened and saved again.

Excel, Numbers, LibreOffice, pandas and R re-write an export's CSV files: the ``Notes:``
preamble goes, blanks become ``NA``, dates change shape, line ends become CRLF, an index
column appears, text is saved as Windows-1252, or the file is a workbook under a ``.csv``
name. The reader reads such files and records here, per file, the signs that it was edited;
the ledger shows them so a person knows which files are not as LinkedIn wrote them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

# Texts spreadsheet programs and data-frame libraries write for an empty cell. They count as
# empty in a dated column always (no date reads so), elsewhere only in a file that looks edited.
MISSING_MARKERS = ("NA", "N/A", "n/a", "#N/A", "-", "NaN", "nan")
INDEX_HEADER = re.compile(r"^(unnamed:?\d*|index|)$")  # pandas "Unnamed: 0", R's "", "index"
XLSX_MAGIC = b"PK\x03\x04"

# Signs that, alone, LinkedIn can produce too (CRLF in activity files; no preamble in some
# eras): listed as reasons, but a file is called edited only with a sign LinkedIn never makes.
SUPPORTING = ("CRLF line ends", "no 'Notes:' preamble")


@dataclass
class Edits:
    """Signs that a file was saved again by a program, and the date shapes inferred."""

    found: list[str] = field(default_factory=list)
    markers: set[str] = field(default_factory=set)  # missing markers read as blanks
    date_formats: dict[str, str] = field(default_factory=dict)  # column -> inferred shape

    def add(self, sign: str) -> None:
        if sign not in self.found:
            self.found.append(sign)

    @property
    def signs(self) -> list[str]:
        blanks = [f"{'/'.join(sorted(self.markers))} for blanks"] if self.markers else []
        return self.found + blanks

    @property
    def edited(self) -> bool:
        return any(s not in SUPPORTING for s in self.signs)

    def note(self) -> str:
        return "looks edited (saved again by a spreadsheet program?): " + "; ".join(self.signs)


def is_index_header(name: str) -> bool:
    """A leading column that a data-frame library adds when it writes its row index."""
    return bool(INDEX_HEADER.match(re.sub(r"\s+", "", name).lower()))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_to_csv(data: bytes) -> bytes | None:
    """The first sheet of a workbook as UTF-8 CSV bytes; None if it is not a readable workbook.

    Date cells become ``YYYY-MM-DD HH:MM:SS`` text, which the date inference then reads.
    """
    from openpyxl import load_workbook  # only for this rare case: keeps import time low

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure means "not a workbook we can read"
        return None
    try:
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_cell(v) for v in row])
        return out.getvalue().encode("utf-8")
    finally:
        book.close()
