"""Which files are candidates for the same table, and building each table from them.

LinkedIn itself writes split parts (``Comments_1.csv``, ``Comments_2.csv``) and distinct
files of one spec (``messages.csv`` beside ``guide_messages.csv``): those are concatenated,
as always. Anything else that lands on the same file (a renamed ``Connections1.csv``, a
split ``InvitationsIn.csv``, a twin spelled with spaces, the same file in an older export) is
a second source for it and is merged by the table's key (``merge.py``). With one source per
file nothing is merged, so one export costs what it always did.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pandas as pd

from ..errors import ExportError
from .merge import Merged, Source, merge_sources
from .owner import Owner, identify_owner, same_name
from .reader import FileResult
from .spec import FileSpec, norm_filename

OWNER_TABLES = ("messages", "invitations")  # tables that say whose a file is


def slot(r: FileResult, spec: FileSpec) -> str:
    """The file a member stands for: its LinkedIn name, or the spec's for a renamed file."""
    name = PurePosixPath(r.member).name
    return spec.names[0] if r.recognised_by == "header" else norm_filename(name)


def group(member: str) -> str:
    """Split parts of one file (``X.csv``, ``X_1.csv`` in one folder) share a group."""
    return re.sub(r"_\d+$", "", re.sub(r"\.csv$", "", member, flags=re.I))


def _last_time(frame: pd.DataFrame, spec: FileSpec) -> int:
    if spec.event_time and spec.event_time in frame and len(frame):
        t = frame[spec.event_time].max()
        if pd.notna(t):
            return int(pd.Timestamp(t).value)
    return -(2**62)


def build_table(spec: FileSpec, results: list[FileResult], export_of: dict[str, tuple[int, str]],
                merges: dict) -> pd.DataFrame:
    """One table from its files: parts concatenated, several sources of one file merged.

    ``export_of`` maps a member to (rank of its export, newest 0; the export's name).
    ``merges`` receives, per merged file, the account the ledger and the doctor show.
    """
    slots: dict[str, dict[str, list[FileResult]]] = {}
    for r in results:
        slots.setdefault(slot(r, spec), {}).setdefault(group(r.member), []).append(r)
    frames = []
    for name, groups in slots.items():
        parts = {g: pd.concat([r.frame for r in rs], ignore_index=True)
                 for g, rs in groups.items()}
        if len(groups) == 1:
            frames.extend(parts.values())
            continue
        sources = []
        for g, rs in groups.items():
            rank, export = export_of[rs[0].member]
            frame = parts[g]
            sources.append(Source([r.member for r in rs], frame, export,
                                  (rank, -_last_time(frame, spec), -len(frame), g)))
        if spec.table in OWNER_TABLES:
            owners = [(", ".join(s.files), identify_owner({spec.table: s.frame}))
                      for s in sources]  # a small slice can mislead: only strong evidence
            check_one_person([(label, o) for label, o in owners if o.confidence == "high"])
        merged = merge_sources(spec, sources)
        merges[f"{spec.table}:{name}"] = merged
        frames.append(merged.frame)
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def merge_entry(spec: FileSpec, merged: Merged) -> dict:
    """The ledger's account of one merged file."""
    key = spec.merge_key or (tuple(c.name for c in spec.columns),)
    return {"table": spec.table, "kind": "snapshot, newest wins" if spec.snapshot
            else "events, union", "key": [" + ".join(k) or "(one record)" for k in key],
            "sources": merged.sources,
            "rows": len(merged.frame),
            "rows_duplicate": sum(s["rows_duplicate"] for s in merged.sources),
            "conflicts": sum(s["conflicts"] for s in merged.sources),
            "conflict_columns": dict(sorted(merged.conflicts.items())),
            "conflict_examples": merged.examples}


def _who(owner: Owner) -> str:
    return owner.url or (f'"{owner.name}"' if owner.name else "unknown")


def same_person(a: Owner, b: Owner) -> bool | None:
    """True or False when both owners are known by URL, or else by name; None otherwise."""
    if a.url and b.url:
        return a.url.rstrip("/").casefold() == b.url.rstrip("/").casefold()
    if a.name and b.name:
        return same_name(a.name, b.name)
    return None


def check_one_person(owners: list[tuple[str, Owner]], *, unknown_ok: bool = True) -> None:
    """Stop, in one line naming both, before a merge mixes two people's data."""
    known = [(label, o) for label, o in owners if o.url or o.name]
    for label, owner in known[1:]:
        if same_person(known[0][1], owner) is False:
            first, who = known[0][0], _who(known[0][1])
            raise ExportError(
                f"These belong to different people and will not be merged: {first} (owner "
                f"{who}) and {label} (owner {_who(owner)}). Keep one person's files, or name "
                "one export: make report EXPORT=<path> (or python -m analysis ingest PATH).")
    if not unknown_ok and len(known) < len(owners):
        unknown = [label for label, o in owners if not (o.url or o.name)]
        raise ExportError(
            f"Several exports, and whose {', '.join(unknown)} is cannot be told (no messages, "
            "profile or invitations name the owner), so they are not merged. Name one export "
            "(make report EXPORT=<path>), or say whose they are with --owner-url URL.")
