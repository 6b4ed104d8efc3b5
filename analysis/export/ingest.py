"""Ingest: an export (ZIP or folder) in, typed tables + ledger + quarantine out.

``ingest()`` is what ``python -m analysis ingest`` and ``make ingest`` run. It reads every
member in memory, combines split files and twins, finds the owner, derives the message
fields, reads the optional extras, and writes the processed set atomically.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pandas as pd
from tqdm.auto import tqdm

from .. import __version__
from ..errors import ExportError
from ..paths import PROCESSED_DIR, RAW_DIR
from .archive import Export, open_export
from .catalog import CATALOG, KNOWN_UNANALYSED, spec_by_table, spec_for
from .dictionary import render_dictionary
from .identify import Candidate, check_one_per_table, needs_sniffing, recognise
from .locate import Inputs, locate_inputs
from .messages import derive_message_fields
from .owner import Owner, identify_owner
from .reader import DELIMITER_NAMES, FileResult, read_member
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


def _read_members(export: Export) -> tuple[list[FileResult], list[str]]:
    """Read every file a spec knows, by name or (renamed files) by header.

    Which file reads as which table is settled before any big file is read, so two
    candidates for one table stop the ingest at once.
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
    check_one_per_table(candidates)
    results = []
    total = sum(c.member.size for c in candidates)
    with tqdm(total=total, unit="B", unit_scale=True, desc="Reading export", leave=False,
              disable=None if total > 20 * 1024**2 else True) as bar:
        for c in candidates:
            data = c.data if c.data is not None else export.read(c.member)
            c.data = None
            result = read_member(data, c.member.path, c.spec)
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


def _file_group(path: str) -> str:
    """Parts of one split file share a group; twins (spaces vs underscores) do not."""
    return re.sub(r"_\d+$", "", re.sub(r"\.csv$", "", PurePosixPath(path).name, flags=re.I))


def _combine(spec: FileSpec, results: list[FileResult], ledger_files: dict) -> pd.DataFrame:
    """Concatenate parts; merge twin files by ``spec.twin_key`` (the richer twin wins)."""
    groups: dict[str, list[FileResult]] = {}
    for r in results:
        groups.setdefault(_file_group(r.member), []).append(r)
    frames = {g: pd.concat([r.frame for r in rs], ignore_index=True) for g, rs in groups.items()}
    if len(frames) == 1 or not spec.twin_key:
        return pd.concat(list(frames.values()), ignore_index=True)
    ranked = sorted(frames, key=lambda g: (-len(frames[g]), g))
    base = frames[ranked[0]]
    merged = [base]
    key = list(spec.twin_key)
    seen = base[key].astype(str).agg("\x1f".join, axis=1)
    for g in ranked[1:]:
        other = frames[g]
        other_keys = other[key].astype(str).agg("\x1f".join, axis=1)
        extra = other.loc[~other_keys.isin(seen)]
        merged.append(extra)
        for r in groups[g]:
            ledger_files[r.member]["merge"] = (
                f"twin of {groups[ranked[0]][0].member}: {len(other) - len(extra)} of its rows "
                f"are also in the twin (kept once), {len(extra)} added")
    return pd.concat(merged, ignore_index=True)


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


def ingest(path: str | Path | None = None, out_dir: str | Path | None = None, *,
           raw_dir: str | Path | None = None, owner_url: str | None = None,
           owner_name: str | None = None) -> dict:
    """Ingest an export and write the processed set; return the ledger."""
    inputs = locate_inputs(path, Path(raw_dir) if raw_dir else RAW_DIR)
    out = Path(out_dir) if out_dir else PROCESSED_DIR
    with open_export(inputs.export) as export:
        results, not_analysed = _read_members(export)
        _check_is_linkedin(export, results, not_analysed)
        fingerprint = export.fingerprint()
        skipped = list(export.skipped)
        source_kind = export.kind

    files = {}
    for r in results:
        files[r.member] = _file_entry(r, spec_by_table(r.table))
    tables: dict[str, pd.DataFrame] = {}
    for spec in CATALOG:
        mine = [r for r in results if r.table == spec.table]
        if mine:
            tables[spec.table] = _combine(spec, mine, files)

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
        "source": {"name": inputs.export.name, "kind": source_kind, "sha256": fingerprint,
                   **_export_type(inputs.export, tables)},
        "owner": _owner_entry(owner),
        "files": files,
        "tables": {name: {"rows": len(frame),
                          "files": sorted(m for m, f in files.items() if f["table"] == name)}
                   for name, frame in sorted(tables.items())},
        "not_analysed": not_analysed,
        "skipped_unsafe": skipped,
        "extras": extras,
        "totals": {
            "rows_read": sum(f["rows_read"] for f in files.values()),
            "rows_loaded": sum(f["rows_loaded"] for f in files.values()),
            "rows_quarantined": sum(f["rows_quarantined"] for f in files.values()),
        },
        "quarantine_reasons": quarantine.groupby(["file", "reason"]).size()
        .reset_index(name="rows").to_dict("records") if len(quarantine) else [],
    }
    all_tables = {**tables, **extra_tables}

    def fill(tmp: Path) -> None:
        for name, frame in sorted(all_tables.items()):
            write_table(tmp / f"{name}.parquet", frame)
        write_table(tmp / "quarantine.parquet", quarantine)
        write_json(tmp / "ledger.json", ledger)
        (tmp / "data_dictionary.md").write_text(render_dictionary(), encoding="utf-8")

    replace_dir_atomically(out, fill)
    return ledger
