"""Which spec reads each file: by its name, or by its header when the name is not LinkedIn's.

People rename files (``messages1.csv``, ``Connections (2).csv``, ``messages - Copy.csv``) and
put two exports in one folder. A file under an unknown name is read when its header is an
era of exactly one table; several files for one table are then merged by the table's key
(``sources.py``, ``merge.py``), so a copy is never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .archive import Member
from .catalog import CATALOG, KNOWN_UNANALYSED, spec_for
from .reader import header_any_delimiter, sniff
from .resave import XLSX_MAGIC, xlsx_to_csv
from .spec import FileSpec, norm_filename

NOT_EXPORT_FILES = {"outcomes.csv", "labels.csv"}  # the owner's extras, read elsewhere


@dataclass
class Candidate:
    """A member and the spec that reads it; ``data`` is kept when the header was sniffed."""

    member: Member
    spec: FileSpec
    by_header: bool = False
    data: bytes | None = None


def needs_sniffing(member: Member) -> bool:
    """A CSV whose name is neither a spec's nor a known unanalysed LinkedIn file's."""
    name = member.name
    return (name.lower().endswith(".csv") and name.lower() not in NOT_EXPORT_FILES
            and spec_for(name) is None and norm_filename(name) not in KNOWN_UNANALYSED)


def recognise(data: bytes) -> FileSpec | None:
    """The one spec with an era matching this file's header exactly; None if none or several."""
    if data[:4] == XLSX_MAGIC:
        data = xlsx_to_csv(data) or b""
    body, _, delimiter = sniff(data[: 1 << 16])
    tables = {spec.table: spec for spec in CATALOG
              if header_any_delimiter(body, spec, delimiter)[3] not in ("", "unrecognised")}
    return next(iter(tables.values())) if len(tables) == 1 else None
