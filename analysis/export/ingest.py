"""Ingest: an export (ZIP or folder) in, typed tables + ledger + quarantine out.

``ingest()`` is what ``python -m analysis ingest`` and ``make ingest`` run. It reads every
member in memory, builds each table from its files (parts concatenated; copies, splits and
older exports of the same person merged by the table's key, ``sources.py``), finds the
owner, derives the message fields, reads the optional extras, and writes the processed set
atomically.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd
from tqdm.auto import tqdm

from .. import __version__
from ..errors import ExportError
from ..paths import PROCESSED_DIR, RAW_DIR
from .archive import Export, open_export
from .catalog import CATALOG, KNOWN_UNANALYSED, spec_by_table, spec_for
from .dictionary import render_dictionary
from .identify import Candidate, needs_sniffing, recognise
from .locate import Inputs, locate_inputs
from .messages import derive_message_fields
from .owner import Owner, identify_owner
from .reader import DELIMITER_NAMES, FileResult, read_member
from .sources import build_table, check_one_person, merge_entry
from .spec import FileSpec, norm_filename
from .store import replace_dir_atomically, write_json, write_table

EXPORT_NAME = re.compile(r"^(Basic|Complete)_LinkedInDataExport_(\d{2})-(\d{2})-(\d{4})", re.I)
ACTIVITY_TABLES = {"shares", "comments", "reactions", "votes", "logins", "search_queries"}
OTHER_ARCHIVES = (
    (re.compile(r"(^|/)data/(tweets?|manifest|account)\.js$", re.I), "a Twitter/X archive"),
    (re.compile(r"(^|/)(your_activity_across_facebook|personal_information/profile_information"
                r"|messages/inbox)/", re.I), "a Facebook archive"),
    (re.compile(r"(^|/)(your_instagram_activity|personal_information/personal_information)",
                re.I), "an Instagram archive"),
    (re.compile(r"(^|/)Takeout/", re.I), "a Google Takeout archive"),
)
QUARANTINE_COLUMNS = ["file", "line", "reason", "raw"]


def _read_members(export: Export, prefix: str = "") -> tuple[list[FileResult], list[str]]:
    """Read every file a spec knows, by name or (renamed files) by header.

    ``prefix`` (the export's name and a slash, when several exports are read) keeps members
    of different exports apart in the ledger, the quarantine and ``source_file``.
    """
    candidates, not_analysed = [], []
    for member in export:
        if needs_sniffing(member):
            data = export.read(member)
            spec = recognise(data)
            if spec is None:
                not_analysed.append(member.path)
            else:
                candidates.append(Candidate(member, spec, by_header=True, data=data))
            continue
        spec = spec_for(member.name) if member.name.lower().endswith(".csv") else None
        if spec is None:
            not_analysed.append(member.path)
        else:
            candidates.append(Candidate(member, spec))
    results = []
    total = sum(c.member.size for c in candidates)
    with tqdm(total=total, unit="B", unit_scale=True, desc="Reading export", leave=False,
              disable=None if total > 20 * 1024**2 else True) as bar:
        for c in candidates:
            data = c.data if c.data is not None else export.read(c.member)
            c.data = None
            result = read_member(data, prefix + c.member.path, c.spec)
            if c.by_header:
                result.notes.insert(0, f"recognised by its header as the {c.spec.table} file "
                                       "(the name is not one LinkedIn uses)")
                result.recognised_by = "header"
            results.append(result)
            bar.update(c.member.size)
    return results, not_analysed


def _check_is_linkedin(export: Export, results: list[FileResult], not_analysed: list[str]) -> None:
    """Refuse, with a reason, archives that are not LinkedIn exports or hold nothing usable."""
    if any(_needed(r.table) for r in results):
        return
    known = {norm_filename(PurePosixPath(p).name) for p in not_analysed}
    if results or known & set(KNOWN_UNANALYSED):
        raise ExportError(
            f"{export.source.name}: this LinkedIn export has none of the files the analysis "
            "needs (Connections.csv, messages.csv, Invitations.csv, ...). Request the full "
            "archive (LinkedIn: Settings & Privacy > Data privacy > Get a copy of your data)."
        )
    names = [m._key for m in export.members] + not_analysed  # before a wrapper folder is cut
    for pattern, what in OTHER_ARCHIVES:
        if any(pattern.search(p) for p in names):
            raise ExportError(
                f"{export.source.name}: this looks like {what}, not a LinkedIn export. "
                "Download your LinkedIn data (Settings & Privacy > Data privacy > Get a copy "
                "of your data) and give that ZIP instead."
            )
    raise ExportError(
        f"{export.source.name}: no LinkedIn export files found (expected files such as "
        "Connections.csv and messages.csv). Give the ZIP LinkedIn sent you, or its folder."
    )


def _needed(table: str) -> bool:
    """Tables some claim needs (Profile alone, say, is not enough to analyse anything)."""
    return any(spec.table == table and any(n.startswith("C") for n in spec.needed_by)
               for spec in CATALOG)


def _export_type(source: Path, tables: dict[str, pd.DataFrame]) -> dict:
    match = EXPORT_NAME.match(source.name)
    if match:
        kind, mm, dd, yyyy = match.groups()
        return {"archive": kind.capitalize(), "export_date": f"{yyyy}-{mm}-{dd}",
                "how": "from the file name"}
    activity = ACTIVITY_TABLES & {t for t, f in tables.items() if len(f)}
    return {"archive": "Complete" if activity else "Basic or partial", "export_date": None,
            "how": "inferred from the files present"}


def _file_entry(r: FileResult, spec: FileSpec) -> dict:
    entry = {
        "table": r.table, "era": r.era, "encoding": r.encoding,
        "delimiter": DELIMITER_NAMES.get(r.delimiter, r.delimiter),
        "rows_read": r.rows_read, "rows_loaded": r.rows_loaded,
        "rows_quarantined": len(r.quarantine),
        "rows_new": r.rows_loaded, "rows_duplicate": 0, "conflicts": 0,  # merged: recounted
        "first_date": None, "last_date": None,
    }
    if spec.event_time and r.rows_loaded:
        times = r.frame[spec.event_time].dropna()
        if len(times):
            entry["first_date"] = times.min().date().isoformat()
            entry["last_date"] = times.max().date().isoformat()
    if r.recognised_by != "name":
        entry["recognised_by"] = r.recognised_by
    if r.header is not None:
        entry["header"] = r.header
    if r.edits.edited:
        entry["edited"] = r.edits.signs
    if r.edits.date_formats:
        entry["date_formats"] = dict(r.edits.date_formats)
    if r.notes:
        entry["notes"] = list(r.notes)
    return entry


def _owner_entry(owner: Owner) -> dict:
    """The owner and how it was found; candidate URLs of other people are counted, not kept."""
    evidence = dict(owner.evidence)
    cov = evidence.get("message_url_coverage")
    if cov:
        evidence["message_url_coverage"] = {
            "conversations": cov["conversations"], "best_coverage": cov["best_coverage"],
            "candidates": len(cov["candidates"]), "candidates_not_connections":
            len(cov["not_connections"])}
    for key in ("profile_name_sender_url",):
        if evidence.get(key) and evidence[key] != owner.url:
            evidence[key] = "(another URL)"
    invited = evidence.get("invitations_name")
    if invited and invited["name"] != owner.name:
        evidence["invitations_name"] = {**invited, "name": "(another name)"}
    cov = evidence.get("message_name_coverage")
    if cov:  # shares only: other people's names appear in the note when they are the question
        evidence["message_name_coverage"] = {
            "conversations": cov["conversations"],
            "top_shares": [s for _, s in cov["ranked"]],
            "owner_share": next((s for n, s in cov["ranked"] if n == owner.name), None)}
    return {"url": owner.url, "name": owner.name, "method": owner.method,
            "confidence": owner.confidence, "note": owner.note, "evidence": evidence}


def _read_extras(inputs: Inputs) -> tuple[dict, dict[str, pd.DataFrame], list[dict]]:
    extras, tables, quarantine = {}, {}, []
    readers = []
    if inputs.creator_workbooks:
        from .creator_analytics import read_creator_workbook
        readers += [(p, read_creator_workbook) for p in inputs.creator_workbooks]
    if inputs.outcomes:
        from .outcomes import read_outcomes
        readers.append((inputs.outcomes, read_outcomes))
    for path, reader in readers:
        result = reader(path.read_bytes(), path.name)
        extras[path.name] = {
            "kind": result.kind, "tables": sorted(result.tables), "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded, "rows_quarantined": result.rows_quarantined,
            "notes": list(result.notes)}
        for name, frame in result.tables.items():
            tables[name] = pd.concat([tables[name], frame], ignore_index=True) \
                if name in tables else frame
        quarantine.extend(result.quarantine)
    if "creator_daily" in tables:  # overlapping workbooks: a day counts once (newest wins)
        tables["creator_daily"] = (tables["creator_daily"].drop_duplicates("date", keep="last")
                                   .sort_values("date").reset_index(drop=True))
    if inputs.labels:  # the owner's labels enter like every other input: read and checked
        from .labels import read_labels

        labels = read_labels(inputs.labels)
        tables["labels"] = labels.reset_index(drop=True)
        extras[inputs.labels.name] = {"kind": "labels", "tables": ["labels"],
                                      "rows_loaded": len(labels)}
    return extras, tables, quarantine


@dataclass
class _ExportRead:
    """One export as read: its files' results and what the ledger says about it."""

    path: Path
    kind: str
    fingerprint: str
    skipped: list
    results: list[FileResult]
    not_analysed: list[str]


def _read_export(path: Path, prefix: str) -> _ExportRead:
    with open_export(path) as export:
        results, not_analysed = _read_members(export, prefix)
        _check_is_linkedin(export, results, not_analysed)
        return _ExportRead(path, export.kind, export.fingerprint(), list(export.skipped),
                           results, [prefix + p for p in not_analysed])


def _own_tables(read: _ExportRead) -> dict[str, pd.DataFrame]:
    """An export's tables, parts simply concatenated: enough to tell whose it is."""
    tables: dict[str, list[pd.DataFrame]] = {}
    for r in read.results:
        tables.setdefault(r.table, []).append(r.frame)
    return {t: pd.concat(fs, ignore_index=True) for t, fs in tables.items()}


def _newest_first(reads: list[_ExportRead], owner_url: str | None,
                  owner_name: str | None) -> list[tuple[_ExportRead, dict, Owner]]:
    """Several exports: check they are one person's, and order them newest first."""
    out = []
    for read in reads:
        tables = _own_tables(read)
        out.append((read, _export_type(read.path, tables), identify_owner(tables), tables))
    given = bool(owner_url or owner_name)
    check_one_person([(r.path.name, o) for r, _, o, _ in out], unknown_ok=given)

    def when(item) -> str:
        read, kind, _, tables = item
        if kind["export_date"]:
            return kind["export_date"]
        last = [str(f[s.event_time].max())[:10] for t, f in tables.items()
                if (s := spec_by_table(t)).event_time and len(f) and f[s.event_time].notna().any()]
        return max(last, default="")

    out.sort(key=lambda item: (when(item), item[0].path.name), reverse=True)
    return [(read, kind, owner) for read, kind, owner, _ in out]


def ingest(path: str | Path | list | None = None, out_dir: str | Path | None = None, *,
           raw_dir: str | Path | None = None, owner_url: str | None = None,
           owner_name: str | None = None) -> dict:
    """Ingest an export (or several of one person) and write the processed set; return the
    ledger."""
    inputs = locate_inputs(path, Path(raw_dir) if raw_dir else RAW_DIR)
    out = Path(out_dir) if out_dir else PROCESSED_DIR
    several = len(inputs.exports) > 1
    reads = [_read_export(p, f"{p.name}/" if several else "") for p in inputs.exports]
    exports = _newest_first(reads, owner_url, owner_name) if several else []
    if several:
        reads = [read for read, _, _ in exports]
    results = [r for read in reads for r in read.results]
    export_of = {r.member: (rank, read.path.name)
                 for rank, read in enumerate(reads) for r in read.results}

    files = {}
    for r in results:
        files[r.member] = _file_entry(r, spec_by_table(r.table))
    tables: dict[str, pd.DataFrame] = {}
    merges: dict = {}
    for spec in CATALOG:
        mine = [r for r in results if r.table == spec.table]
        if mine:
            tables[spec.table] = build_table(spec, mine, export_of, merges)
    merge_ledger = {}
    for name, merged in merges.items():
        spec = spec_by_table(name.split(":")[0])
        merge_ledger[name] = merge_entry(spec, merged)
        for member, counts in merged.per_file.items():
            files[member].update(counts)

    owner = identify_owner(tables, owner_url, owner_name)
    if "messages" in tables:
        tables["messages"] = derive_message_fields(tables["messages"], owner)

    extras, extra_tables, extra_quarantine = _read_extras(inputs)
    quarantine = pd.DataFrame(
        [q for r in results for q in r.quarantine] + extra_quarantine, columns=QUARANTINE_COLUMNS)
    # A line number in a CSV, "SHEET!row" in a workbook: kept as text.
    quarantine["line"] = quarantine["line"].map(lambda v: None if pd.isna(v) else str(v))
    quarantine = quarantine.astype({"file": "str", "line": "str", "reason": "str", "raw": "str"})

    ledger = {
        "linkedout_version": __version__,
        "source": _source_entry(reads, exports, tables),
        "owner": _owner_entry(owner),
        "files": files,
        "tables": {name: {"rows": len(frame),
                          "files": sorted(m for m, f in files.items() if f["table"] == name)}
                   for name, frame in sorted(tables.items())},
        "not_analysed": [p for read in reads for p in read.not_analysed],
        "skipped_unsafe": [s for read in reads for s in read.skipped],
        "extras": extras,
        "totals": {
            "rows_read": sum(f["rows_read"] for f in files.values()),
            "rows_loaded": sum(f["rows_loaded"] for f in files.values()),
            "rows_quarantined": sum(f["rows_quarantined"] for f in files.values()),
            "rows_duplicate": sum(f["rows_duplicate"] for f in files.values()),
        },
        "quarantine_reasons": quarantine.groupby(["file", "reason"]).size()
        .reset_index(name="rows").to_dict("records") if len(quarantine) else [],
    }
    if merge_ledger:
        ledger["merge"] = merge_ledger
    if several:
        ledger["exports"] = [_export_entry(read, kind, o, files) for read, kind, o in exports]
    all_tables = {**tables, **extra_tables}

    def fill(tmp: Path) -> None:
        for name, frame in sorted(all_tables.items()):
            write_table(tmp / f"{name}.parquet", frame)
        write_table(tmp / "quarantine.parquet", quarantine)
        write_json(tmp / "ledger.json", ledger)
        (tmp / "data_dictionary.md").write_text(render_dictionary(), encoding="utf-8")

    replace_dir_atomically(out, fill)
    return ledger


def _source_entry(reads: list[_ExportRead], exports: list, tables: dict) -> dict:
    """One export as before; several: named together, the newest's kind, one fingerprint."""
    if not exports:
        read = reads[0]
        return {"name": read.path.name, "kind": read.kind, "sha256": read.fingerprint,
                **_export_type(read.path, tables)}
    newest = exports[0][1]
    complete = any(kind["archive"] == "Complete" for _, kind, _ in exports)
    digest = hashlib.sha256("".join(r.fingerprint for r in reads).encode()).hexdigest()
    return {"name": " + ".join(r.path.name for r in reads), "kind": f"{len(reads)} exports",
            "sha256": digest, "archive": "Complete" if complete else newest["archive"],
            "export_date": newest["export_date"],
            "how": f"{len(reads)} exports of one person merged, newest first"}


def _export_entry(read: _ExportRead, kind: dict, owner: Owner, files: dict) -> dict:
    """The coverage line of one export among several: what it held and what it added."""
    mine = [files[r.member] for r in read.results]
    dates = [f[k] for f in mine for k in ("first_date", "last_date") if f.get(k)]
    return {"name": read.path.name, "kind": read.kind, "archive": kind["archive"],
            "export_date": kind["export_date"], "how": kind["how"], "files": len(mine),
            "first_date": min(dates, default=None), "last_date": max(dates, default=None),
            "owner_found_by": owner.method,
            "rows_read": sum(f["rows_read"] for f in mine),
            "rows_new": sum(f["rows_new"] for f in mine),
            "rows_duplicate": sum(f["rows_duplicate"] for f in mine),
            "conflicts": sum(f["conflicts"] for f in mine),
            "rows_quarantined": sum(f["rows_quarantined"] for f in mine)}
