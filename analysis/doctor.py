"""``python -m analysis doctor [PATH]``: one screen for an export that "doesn't work".

It reads the export exactly as ``ingest`` does, but into a temporary folder that is removed
afterwards (nothing in ``data/`` is written or changed), then says what was found (files,
eras, notes, quarantined rows, files not analysed), who the owner is and why, what each
claim needs and has (from the claims' declared needs), and what to do next.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .claims.context import OWNER_UNKNOWN
from .claims.registry import all_claims
from .errors import LinkedOutError
from .export.catalog import spec_for

# Claims that need messages read them by direction, which needs the owner.
MESSAGES_FILE = "messages.csv"
MAX_LISTED = 8
# What every file entry and the ledger itself hold; anything else the reader records (an
# edited file, an inferred date format, a renamed or unknown file) is shown as it is.
FILE_KEYS = {"table", "era", "encoding", "delimiter", "rows_read", "rows_loaded",
             "rows_quarantined", "first_date", "last_date", "notes", "merge", "rows_new",
             "rows_duplicate", "conflicts"}
LEDGER_KEYS = {"linkedout_version", "source", "owner", "files", "tables", "not_analysed",
               "skipped_unsafe", "extras", "totals", "quarantine_reasons", "merge", "exports"}
UNREADABLE = "Could not read the export:"


def diagnose(path: str | Path | None, *, owner_url: str | None = None,
             owner_name: str | None = None, raw_dir: Path | None = None) -> tuple[list[str], bool]:
    """The doctor's screen as lines, and whether the export is ready for a report."""
    from .export import ingest
    from .paths import RAW_DIR

    with tempfile.TemporaryDirectory(prefix="linkedout-doctor-") as tmp:
        try:
            ledger = ingest(path, Path(tmp) / "processed", raw_dir=raw_dir or RAW_DIR,
                            owner_url=owner_url, owner_name=owner_name)
        except LinkedOutError as err:
            return [f"{UNREADABLE} {err}",
                    "Next: give the ZIP LinkedIn sent you (or its unzipped folder) as PATH."], False
    lines = _found(ledger)
    owner_lines, owner_ok = _owner(ledger)
    claim_lines, todo = _claims(ledger, owner_ok)
    lines += owner_lines + claim_lines
    todo = _next_steps(ledger, owner_ok, todo)
    lines.append("Next:")
    lines += [f"  - {t}" for t in todo]
    return lines, owner_ok and not any(_wholly_quarantined(ledger))


def _found(ledger: dict) -> list[str]:
    src, totals = ledger["source"], ledger["totals"]
    lines = [f"Export: {src['name']} ({src['archive']} archive"
             + (f", exported {src['export_date']}" if src.get("export_date") else "") + ")",
             f"Rows: {totals['rows_loaded']:,} loaded, {totals['rows_quarantined']:,} "
             f"quarantined of {totals['rows_read']:,} read"
             + (f"; {totals['rows_duplicate']:,} of them already in a newer file."
                if totals.get("rows_duplicate") else "."),
             "Files read:"]
    for member, f in sorted(ledger["files"].items()):
        span = f" {f['first_date']} .. {f['last_date']}" if f.get("first_date") else ""
        quar = f", {f['rows_quarantined']:,} quarantined" if f["rows_quarantined"] else ""
        dup = f", {f['rows_duplicate']:,} already in another file" \
            if f.get("rows_duplicate") else ""
        lines.append(f"  {member}: {f['table']}, era {f['era']}, {f['rows_loaded']:,} rows"
                     f"{dup}{quar}{span}")
        lines += [f"      note: {n}" for n in f.get("notes", [])]
        if f.get("merge"):
            lines.append(f"      note: {f['merge']}")
        lines += [f"      {k}: {_short(v)}" for k, v in f.items()
                  if k not in FILE_KEYS and v not in (None, [], {}, "")]
    lines += merge_lines(ledger)
    for name, extra in ledger.get("extras", {}).items():
        loaded = f", {extra['rows_loaded']:,} rows" if "rows_loaded" in extra else ""
        lines.append(f"  {name}: {extra.get('kind', 'extra')}{loaded}")
        lines += [f"      note: {n}" for n in extra.get("notes", [])]
    for key, value in ledger.items():
        if key not in LEDGER_KEYS and value not in (None, [], {}, ""):
            lines.append(f"{key.replace('_', ' ').capitalize()}: {_short(value)}")
    reasons = ledger.get("quarantine_reasons", [])
    if reasons:
        lines.append("Quarantined rows, by reason:")
        lines += [f"  {r['file']}: {r['rows']:,} x {r['reason']}" for r in reasons[:MAX_LISTED]]
        if len(reasons) > MAX_LISTED:
            lines.append(f"  ... {len(reasons) - MAX_LISTED} more reasons")
    other = ledger.get("not_analysed", [])
    if other:
        shown = ", ".join(other[:MAX_LISTED]) + (" ..." if len(other) > MAX_LISTED else "")
        lines.append(f"Not analysed ({len(other)} files): {shown}")
    if ledger.get("skipped_unsafe"):
        lines.append(f"Skipped as unsafe: {', '.join(ledger['skipped_unsafe'])}")
    return lines


def merge_lines(ledger: dict) -> list[str]:
    """Several exports, several files for one table: which fed what, and what each added."""
    lines = []
    if ledger.get("exports"):
        lines.append("Exports of one person, merged newest first:")
        lines += [f"  {e['name']} ({e['archive']}"
                  + (f", exported {e['export_date']}" if e.get("export_date") else "")
                  + f"): {e['files']} files, {e['rows_read']:,} rows read, {e['rows_new']:,} "
                  f"new, {e['rows_duplicate']:,} duplicates, {e['conflicts']:,} conflicts"
                  for e in ledger["exports"]]
    for m in ledger.get("merge", {}).values():
        lines.append(f"Merged {m['table']} ({m['kind']}; key {' or '.join(m['key'])}): "
                     f"{m['rows']:,} rows, {m['rows_duplicate']:,} duplicates dropped, "
                     f"{m['conflicts']:,} conflicts (newer value kept)")
        lines += [f"  {', '.join(s['files'])}: {s['rows']:,} rows, {s['rows_new']:,} added, "
                  f"{s['rows_duplicate']:,} duplicates, {s['conflicts']:,} conflicts"
                  for s in m["sources"]]
        if m["conflict_columns"]:
            lines.append("  conflicts by column: " + ", ".join(
                f"{c} {n:,}" for c, n in m["conflict_columns"].items()))
            lines += [f"    {x['column']}: {x['dropped']} differs from {x['kept']} (kept)"
                      for x in m["conflict_examples"]]
    return lines


def _short(value, limit: int = 160) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                          default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _owner(ledger: dict) -> tuple[list[str], bool]:
    owner = ledger["owner"]
    known = bool(owner.get("url") or owner.get("name"))
    who = "found" if known else "NOT found"
    lines = [f"Owner: {who} by {owner['method']} (confidence {owner.get('confidence', '?')})"
             + (" - profile URL known" if owner.get("url") else
                (" - known by name only" if known else ""))]
    ev = owner.get("evidence", {})
    for key, label in (("message_url_coverage", "URL coverage"),
                       ("message_name_coverage", "name coverage"),
                       ("invitations", "invitations (URL)"),
                       ("invitations_name", "invitations (name)")):
        value = ev.get(key)
        if value:
            lines.append(f"  evidence, {label}: {_brief(value)}")
    if owner.get("note"):
        lines.append(f"  {owner['note']}")
    return lines, known


def _brief(value: dict) -> str:
    """Evidence without other people's URLs (shares and counts only)."""
    parts = []
    for k, v in value.items():
        if k in ("url", "candidates", "not_connections"):
            continue
        if k == "top_shares":
            v = ", ".join(f"{s:.0%}" for s in v)
        elif k == "name":
            continue
        parts.append(f"{k} {v}")
    return "; ".join(parts)


def _wholly_quarantined(ledger: dict) -> list[str]:
    return [m for m, f in ledger["files"].items() if f["rows_read"] and not f["rows_loaded"]]


def _claims(ledger: dict, owner_ok: bool) -> tuple[list[str], list[str]]:
    """What each claim needs (its declared files) and whether this export has it."""
    rows = {t: info["rows"] for t, info in ledger["tables"].items()}
    read: dict[str, int] = {}
    for f in ledger["files"].values():
        read[f["table"]] = read.get(f["table"], 0) + f["rows_read"]
    lines, todo = ["Claims (the files each needs, what this export has -> verdict possible):"], []
    missing_files: set[str] = set()
    for claim in all_claims():
        counts = {f: rows.get(spec.table, 0) if (spec := spec_for(f)) else 0
                  for f in claim.needs}
        lack = [f for f, n in counts.items() if not n]
        shown = [f"{f} ({n:,} rows)" if n else f"{f} ({_absent(f, read)})"
                 for f, n in counts.items()]
        needs_owner = MESSAGES_FILE in claim.needs
        if lack and (len(lack) == len(claim.needs) or not claim.needs_any):
            status = "not testable: " + ", ".join(f"{f} {_absent(f, read)}" for f in lack)
            missing_files |= {f for f in lack if _absent(f, read) == "missing"}
        elif needs_owner and not owner_ok:
            status = "not testable: owner unknown"
        else:
            status = "ready" + (f" (without {', '.join(lack)})" if lack else "")
        owner = f" and the owner ({'found' if owner_ok else 'unknown'})" if needs_owner else ""
        lines.append(f"  {claim.id:<4} {claim.title}: {', '.join(shown)}{owner} -> {status}")
    if missing_files:
        todo.append("Missing " + ", ".join(sorted(missing_files)) + ": request the complete "
                    "archive (LinkedIn: Settings & Privacy > Data privacy > Get a copy of your "
                    "data, tick everything); claims without their files stay 'not testable'.")
    return lines, todo


def _absent(file: str, read: dict[str, int]) -> str:
    spec = spec_for(file)
    n = read.get(spec.table, 0) if spec else 0
    return f"all {n:,} rows quarantined" if n else "missing"


def _next_steps(ledger: dict, owner_ok: bool, todo: list[str]) -> list[str]:
    steps = []
    if not owner_ok:
        steps.append(ledger["owner"].get("note") or OWNER_UNKNOWN)
    for member in _wholly_quarantined(ledger):
        steps.append(f"{member}: every row was quarantined (reasons above); use the file as "
                     "LinkedIn sent it (not a copy re-saved by a spreadsheet) if you have it.")
    steps += todo
    if owner_ok:
        steps.append("Build the report: make report EXPORT=<this export> (or python -m "
                     "analysis report --export <this export>).")
    return steps
