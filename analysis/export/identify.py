"""Which spec reads each file: by its name, or by its header when the name is not LinkedIn's.

People rename files (``messages1.csv``, ``Connections (2).csv``, ``messages - Copy.csv``) and
put two exports in one folder. A file under an unknown name is read when its header is an
era of exactly one table; two files that could each be the same table (other than the split
parts and twins LinkedIn itself writes) stop the ingest with both names, since silently
mixing two exports would double-count everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ExportError
from .archive import Member
from .catalog import CATALOG, KNOWN_UNANALYSED, spec_for
from .reader import header_any_delimiter, sniff
from .resave import XLSX_MAGIC, xlsx_to_csv
from .spec import FileSpec, norm_filename

SPLIT_PART = re.compile(r"_\d+$")  # "Job Applications_1", "Comments_123456": LinkedIn's parts
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


def _stem(member: Member) -> str:
    return re.sub(r"\.csv$", "", member.name, flags=re.I)


def check_one_per_table(candidates: list[Candidate]) -> None:
    """Raise ExportError when two files could each be one table's file.

    Allowed together: split parts (``_<n>`` suffix), twins of a spec with a ``twin_key``
    (same stem spelled with spaces or underscores), and the distinct names one spec lists
    (``messages.csv`` beside ``guide_messages.csv``).
    """
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        key = c.spec.names[0] if c.by_header else norm_filename(c.member.name)
        groups.setdefault((c.spec.table, key), []).append(c)
    for (table, _), group in groups.items():
        if len(group) < 2:
            continue
        names = [c.member.name.lower() for c in group]
        wholes = [c for c in group if c.by_header or not SPLIT_PART.search(_stem(c.member))]
        twins = group[0].spec.twin_key and not any(c.by_header for c in group)
        clash = (len(set(names)) < len(names) or any(c.by_header for c in group)
                 or (len(wholes) > 1 and not twins))
        if clash:
            raise ExportError(_clash_message(table, group))


def _clash_message(table: str, group: list[Candidate]) -> str:
    listed = ", ".join(
        repr(c.member.path) + (" (recognised by its header)" if c.by_header else "")
        for c in group)
    return (f"{len(group)} files could each be the {table} table: {listed}. They may come from "
            "different exports or be copies. Keep one: move the others out of the export "
            "folder, or point EXPORT (or 'python -m analysis ingest PATH') at a folder that "
            "holds a single export.")
