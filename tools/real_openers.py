"""Real conversation openers from public LinkedIn exports, as locator rows (no text).

Why: the opener classifier has to be trained and measured on many people's real messages,
but the project must never hold their text. This step turns downloaded repositories
(bare git mirrors, one per public repository, named OWNER+NAME) into

* `exports.csv`: one row per export (repo, commit, path, era, n_openers, split). The
  tune/test split is decided here from repository names and file headers only, before any
  message is read (`discover`);
* `openers-locators.csv`: one row per sampled opener, locating it exactly like the
  development set does (repo, commit, path, 1-based csv.DictReader record, conversation
  id, date, sha256 of the raw CONTENT, language, split) (`extract`);
* the texts, written only to a private cache folder given on the command line
  (`texts.jsonl` for the trainer, `rate_input.jsonl` for the raters: id, text, title).
  A text is the message as the project's ingest reads it (sponsored mail's HTML
  stripped), the one the classifier sees; the hash is of the raw field, to find it again.

An opener is the first message of a conversation (the project's ingest decides, with its
owner detection) that someone other than the export's owner sent.

    python tools/real_openers.py discover --mirrors DIR --out tools/real_openers_data/exports.csv
    python tools/real_openers.py extract --mirrors DIR --exports tools/real_openers_data/exports.csv \
        --out tools/real_openers_data/openers-locators.csv --cache PRIVATE_DIR
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

SEED = 20
MAX_PER_EXPORT = 80
TEST_SHARE = 0.3
# Kept for an independent evaluation: never read, not even their headers.
EVALUATION_ONLY = frozenset({
    "Femi10/Linkedin-Data-Visualization", "Feynman10/Proile", "IrisZh6/DataScienceLevel1",
    "Sajiah/mylinkedindata", "ieglam/network-growth-engine", "mgjslearn/linklens-app",
    "mrityu98/powerBi-LinkedIN_Analytics", "naiaracerqueira/analysis",
    "neelmehra/Linkedin_Analysis", "predator-911/Portfolio2",
})
# The repositories of the earlier development set: already looked at, so never test.
DEV_REPOS = frozenset({
    "apk0703/linkdin_profile_analysis", "naeemahaz/linkedin", "SStellaMary/LinkedIn-Analysis",
    "NicoLorDev97/MetricasRedes",
})
EXPORT_COLUMNS = ["repo", "commit", "path", "era", "n_openers", "split"]
LOCATOR_COLUMNS = ["id", "repo", "commit", "path", "record", "conversation_id", "date",
                   "content_sha256", "language", "split"]


# --- git mirrors -----------------------------------------------------------------------

def git_dir(mirror: Path) -> Path:
    """The git directory of a fetched mirror (bare, or a work tree's .git)."""
    inner = mirror / "repo"
    return inner / ".git" if (inner / ".git").is_dir() else inner


def git(gdir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gdir}", *args], check=True,
                          capture_output=True).stdout


def mirrors(root: Path) -> dict[str, Path]:
    """OWNER/NAME -> git dir, for every mirror under root except the evaluation ones."""
    out = {}
    for d in sorted(root.iterdir()):
        if "+" not in d.name or not d.is_dir():
            continue
        repo = d.name.replace("+", "/", 1)
        if repo not in EVALUATION_ONLY:
            out[repo] = git_dir(d)
    return out


# --- discover: exports and the split, from headers only ---------------------------------

def era_of(header: str) -> str | None:
    """Header generation of a messages file: `old` (From,To,Date,Subject,Content; 2018 and
    before), `mid` (CONVERSATION ID without recipient URLs), `new` (with them); None when
    it is not a LinkedIn messages file."""
    h = header.lstrip("\ufeff").strip().upper()
    if h.startswith("CONVERSATION ID,"):
        return "new" if "RECIPIENT PROFILE URLS" in h else "mid"
    if h.startswith("FROM,TO,DATE,SUBJECT,CONTENT"):
        return "old"
    return None


def not_usable(raw: bytes) -> str | None:
    """Why a messages file cannot give real openers, from aggregates only: its contents
    redacted (almost all identical), or signs of a made-up file (conversation ids not in
    LinkedIn's form, every time stamp on a whole minute)."""
    import re

    records = _records(raw)
    if len(records) < 5:
        return "fewer than 5 messages"
    if len({_content(r) for r in records}) < max(2, 0.05 * len(records)):
        return "contents redacted (almost all identical)"
    ids = [r["CONVERSATION ID"] for r in records if "CONVERSATION ID" in r]
    if ids and sum(bool(re.fullmatch(r"2-[A-Za-z0-9+/=_-]{16,}", i)) for i in ids) < len(ids) / 2:
        return "conversation ids not in LinkedIn's form (made up?)"
    if len(records) >= 10 and all(_date(r)[17:19] == "00" for r in records):
        return "every time stamp on a whole minute (made up?)"
    return None


def find_exports(repo: str, gdir: Path, skipped: list[str] | None = None) -> list[dict]:
    """The LinkedIn messages files of one repository (named messages.csv in any case),
    one per distinct content: a copied file counts once."""
    try:
        commit = git(gdir, "rev-parse", "HEAD").decode().strip()
        names = git(gdir, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines()
    except subprocess.CalledProcessError:
        return []
    found, seen = [], set()
    for path in sorted(n for n in names if PurePosixPath(n).name.lower() == "messages.csv"):
        blob = git(gdir, "rev-parse", f"HEAD:{path}").decode().strip()
        head = git(gdir, "cat-file", "-p", blob)[:2000].decode("utf-8", "replace")
        era = era_of(head.splitlines()[0] if head else "")
        if era and blob not in seen:
            seen.add(blob)
            why = not_usable(git(gdir, "cat-file", "-p", blob))
            if why:
                if skipped is not None:
                    skipped.append(f"{repo}:{path}: {why}")
                continue
            found.append({"repo": repo, "commit": commit, "path": path, "era": era,
                          "blob": blob})
    return found


def _unit(repo: str) -> float:
    """A seeded hash of OWNER/NAME as a number in [0, 1)."""
    return int(hashlib.sha256(f"{SEED}:{repo}".encode()).hexdigest()[:15], 16) / 16 ** 15


def assign_split(exports: list[dict]) -> dict[str, str]:
    """Whole repositories to `tune` or `test`: test when the seeded hash of OWNER/NAME is
    below TEST_SHARE, so adding repositories later never moves one already assigned. An
    era (a repository's newest header generation) left without a test repository gets its
    lowest-hash one. Development repositories always tune."""
    era_rank = {"old": 0, "mid": 1, "new": 2}
    repo_era: dict[str, str] = {}
    for e in exports:
        if e["repo"] not in repo_era or era_rank[e["era"]] > era_rank[repo_era[e["repo"]]]:
            repo_era[e["repo"]] = e["era"]
    split = {r: "test" if r not in DEV_REPOS and _unit(r) < TEST_SHARE else "tune"
             for r in repo_era}
    for era in era_rank:
        free = sorted((r for r in repo_era if repo_era[r] == era and r not in DEV_REPOS),
                      key=_unit)
        if free and all(split[r] == "tune" for r in free):
            split[free[0]] = "test"
    return split


def discover(root: Path, skipped: list[str] | None = None) -> list[dict]:
    """Every usable export under root, with its split (see assign_split)."""
    exports = [e for repo, gdir in mirrors(root).items()
               for e in find_exports(repo, gdir, skipped)]
    split = assign_split(exports)
    for e in exports:
        e["split"] = split[e["repo"]]
    return exports


# --- extract: openers, located ---------------------------------------------------------

def materialise(gdir: Path, path: str, dest: Path) -> Path:
    """Write the CSV files of the messages file's folder (not sub-folders) to dest, as an
    export folder the ingest can read; returns the folder."""
    folder = str(PurePosixPath(path).parent)
    prefix = "" if folder == "." else folder + "/"
    names = git(gdir, "ls-tree", "--name-only", f"HEAD:{prefix}" if prefix else "HEAD")
    dest.mkdir(parents=True, exist_ok=True)
    for name in names.decode().splitlines():
        if name.lower().endswith(".csv"):
            try:
                (dest / name).write_bytes(git(gdir, "show", f"HEAD:{prefix}{name}"))
            except subprocess.CalledProcessError:
                continue  # a sub-folder named *.csv, or a missing large file
    return dest


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _records(raw: bytes) -> list[dict]:
    text = raw.decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _content(rec: dict) -> str:
    return rec.get("CONTENT", rec.get("Content")) or ""


def _date(rec: dict) -> str:
    return rec.get("DATE", rec.get("Date")) or ""


def _norm(text: object) -> str:
    return " ".join(str(text or "").split())


def locate(records: list[dict], msg) -> int | None:
    """1-based DictReader record of a processed message: the ingest keeps the row's
    position in the file (`source_row`, 0-based); it is accepted when that record carries
    the same conversation id (or, in the oldest format without ids, the same sender)."""
    rec = int(msg["source_row"]) + 1
    if not 1 <= rec <= len(records):
        return None
    raw = records[rec - 1]
    if "CONVERSATION ID" in raw:
        ok = raw["CONVERSATION ID"] == str(msg["conversation_id"])
    else:
        ok = _norm(raw.get("From")) == _norm(msg["sender_name"])
    return rec if ok else None


def language(text: str) -> str:
    """ISO 639-1 code by langid (its model ships with the package); `und` when the text
    has too few letters to tell."""
    import langid

    if sum(ch.isalpha() for ch in text) < 20:
        return "und"
    return langid.classify(text)[0]


def openers_of(export: dict, gdir: Path, work: Path) -> tuple[list[dict], str]:
    """Sampled openers (locator fields plus text and title) of one export, and a note."""
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analysis.export.ingest import ingest

    folder = materialise(gdir, export["path"], work / "export")
    note = ""
    try:
        ledger = ingest(folder, work / "processed")
    except Exception as exc:  # noqa: BLE001 - retried below with the messages alone
        # e.g. two files claiming one table: the messages and profile decide the owner
        note = f"full folder unreadable ({type(exc).__name__}), messages alone; "
        for f in folder.iterdir():
            if f.name.lower() not in ("messages.csv", "profile.csv"):
                f.unlink()
        try:
            ledger = ingest(folder, work / "processed")
        except Exception as exc2:  # noqa: BLE001 - an unreadable export is skipped
            return [], f"ingest failed: {type(exc2).__name__}: {str(exc2)[:120]}"
    if not (ledger.get("owner") or {}).get("url") and not (ledger.get("owner") or {}).get(
            "name"):
        return [], "owner not found"
    msgs = pd.read_parquet(work / "processed" / "messages.parquet")
    name = PurePosixPath(export["path"]).name
    keep = (msgs["is_conversation_opener"] & (msgs["direction"] == "in")
            & (msgs["source_file"].str.endswith(name))
            & msgs["text"].fillna("").str.strip().astype(bool))
    cand = msgs.loc[keep]
    rng = random.Random(f"{SEED}:{export['repo']}:{export['path']}")
    idx = sorted(cand.index)
    if len(idx) > MAX_PER_EXPORT:
        idx = sorted(rng.sample(idx, MAX_PER_EXPORT))
    records = _records(git(gdir, "show", f"HEAD:{export['path']}"))
    rows, lost = [], 0
    for i in idx:
        m = msgs.loc[i]
        rec = locate(records, m)
        if rec is None:
            lost += 1
            continue
        raw = records[rec - 1]
        content = _content(raw)
        key = f"{export['repo']}|{export['path']}|{rec}"
        rows.append({"id": "m" + hashlib.sha256(key.encode()).hexdigest()[:10],
                     "repo": export["repo"], "commit": export["commit"],
                     "path": export["path"], "record": rec,
                     "conversation_id": str(m["conversation_id"] or ""),
                     "date": _date(raw), "content_sha256": sha256(content),
                     "language": language(str(m["text"])), "split": export["split"],
                     "text": str(m["text"]),
                     "title": str(raw.get("CONVERSATION TITLE") or raw.get("Subject") or "")})
    note += f"{len(cand)} openers, {len(rows)} kept" + (f", {lost} not located" if lost else "")
    return rows, note


def extract(root: Path, exports: list[dict]) -> tuple[list[dict], list[str]]:
    gdirs = mirrors(root)
    rows, notes = [], []
    for e in exports:
        if e["repo"] in EVALUATION_ONLY:
            raise SystemExit(f"{e['repo']} is kept for evaluation")
        with tempfile.TemporaryDirectory(prefix="real-openers-") as tmp:
            got, note = openers_of(e, gdirs[e["repo"]], Path(tmp))
        e["n_openers"] = len(got)
        rows += got
        notes.append(f"{e['repo']}:{e['path']} ({e['era']}, {e['split']}): {note}")
    return rows, notes


# --- files -----------------------------------------------------------------------------

def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_private(cache: Path, rows: list[dict]) -> None:
    """texts.jsonl (text with its locator, for the trainer) and rate_input.jsonl (id, text,
    title only, tune and test shuffled together, for the raters)."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "texts.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ["id", "text", "title", *LOCATOR_COLUMNS[1:]]},
                                ensure_ascii=False) + "\n")
    shuffled = sorted(rows, key=lambda r: r["id"])
    random.Random(SEED).shuffle(shuffled)
    with open(cache / "rate_input.jsonl", "w", encoding="utf-8") as fh:
        for r in shuffled:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "title": r["title"]},
                                ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("discover", help="list exports and split them (headers only)")
    d.add_argument("--mirrors", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True)
    x = sub.add_parser("extract", help="locate openers of the listed exports")
    x.add_argument("--mirrors", type=Path, required=True)
    x.add_argument("--exports", type=Path, required=True)
    x.add_argument("--out", type=Path, required=True)
    x.add_argument("--cache", type=Path, required=True,
                   help="private folder for the texts (never inside the repository)")
    a = ap.parse_args(argv)
    if a.cmd == "discover":
        skipped: list[str] = []
        exports = discover(a.mirrors, skipped)
        print("\n".join(f"skipped {s}" for s in skipped))
        for e in exports:
            e["n_openers"] = ""
        write_csv(a.out, exports, EXPORT_COLUMNS)
        print(f"{len(exports)} exports in {len({e['repo'] for e in exports})} repositories")
        return 0
    repo_root = Path(__file__).resolve().parents[1]
    if a.cache.resolve().is_relative_to(repo_root):
        raise SystemExit("--cache must be outside the repository: it holds real texts")
    with open(a.exports, encoding="utf-8", newline="") as fh:
        exports = list(csv.DictReader(fh))
    rows, notes = extract(a.mirrors, exports)
    print("\n".join(notes))
    write_csv(a.out, rows, LOCATOR_COLUMNS)
    write_csv(a.exports, exports, EXPORT_COLUMNS)
    write_private(a.cache, rows)
    print(f"{len(rows)} openers from {sum(int(e['n_openers']) > 0 for e in exports)} exports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
