"""Build the labelled seed corpus for the LinkedOut message classifier.

The messages themselves are hand-written, one file per label and language group, in
``tools/seed_corpus/src/<label>_<group>.txt``.  This script parses those files, assigns
ids deterministically, makes a stratified train/heldout split with a fixed seed and writes
``analysis/data/seed_messages.csv`` (UTF-8, RFC-4180 quoting, CRLF line ends).  It then
re-reads the CSV with the csv module, validates it, and refreshes the counts section of
``tools/seed_corpus/README.md``.

Source format (one record per block)::

    ## <lang> <first_in_thread 1|0> <folder I|A|S|-> <sender p|m|s|o>
    #s Optional subject line
    #h Optional hard-case note
    Message body, any number of lines,
    until the next line that starts with "## ".

``folder``: I=INBOX, A=ARCHIVE, S=SPAM, -=empty.  ``sender``: p=person,
m=linkedin_member, s=linkedin_staff, o=owner.  Lines starting with ``%%`` are comments.

Run:  python tools/seed_corpus/build.py          (rebuild + validate)
      python tools/seed_corpus/build.py --check  (validate existing CSV only)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"
# The corpus itself ships with the package: the classifier trains on it at run time.
CSV_PATH = HERE.parent.parent / "analysis" / "data" / "seed_messages.csv"
DOC_PATH = HERE / "README.md"

SEED = 20240611
HELDOUT_FRACTION = 0.25

LABELS = ("sales_pitch", "recruiting", "request", "social", "automated")
COLUMNS = (
    "id",
    "text",
    "label",
    "language",
    "first_in_thread",
    "subject",
    "folder",
    "sender_kind",
    "hard_case",
    "split",
)
FOLDERS = {"I": "INBOX", "A": "ARCHIVE", "S": "SPAM", "-": ""}
SENDERS = {"p": "person", "m": "linkedin_member", "s": "linkedin_staff", "o": "owner"}
FIRST = {"1": "true", "0": "false"}
LANG_RE = re.compile(r"^[a-z]{2}$")


class SourceError(ValueError):
    pass


def parse_source(path: Path, label: str) -> list[dict[str, str]]:
    """Parse one hand-written source file into row dicts (without id/split)."""
    rows: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    body: list[str] = []
    in_meta = False

    def flush(lineno: int) -> None:
        nonlocal current, body
        if current is None:
            return
        text = "\n".join(body).strip("\n").rstrip()
        if not text.strip():
            raise SourceError(f"{path.name}:{lineno}: empty message body")
        current["text"] = text
        rows.append(current)
        current, body = None, []

    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, start=1):
        if line.startswith("%%"):
            continue
        if line.startswith("## "):
            flush(lineno)
            parts = line[3:].split()
            if len(parts) != 4:
                raise SourceError(f"{path.name}:{lineno}: bad header {line!r}")
            lang, first, folder, sender = parts
            if not LANG_RE.match(lang):
                raise SourceError(f"{path.name}:{lineno}: bad language {lang!r}")
            if first not in FIRST or folder not in FOLDERS or sender not in SENDERS:
                raise SourceError(f"{path.name}:{lineno}: bad header values {line!r}")
            current = {
                "label": label,
                "language": lang,
                "first_in_thread": FIRST[first],
                "subject": "",
                "folder": FOLDERS[folder],
                "sender_kind": SENDERS[sender],
                "hard_case": "",
                "_src": f"{path.name}:{lineno}",
            }
            in_meta = True
            continue
        if current is None:
            if line.strip():
                raise SourceError(f"{path.name}:{lineno}: text outside a record")
            continue
        if in_meta and line.startswith("#s "):
            current["subject"] = line[3:].strip()
            continue
        if in_meta and line.startswith("#h "):
            current["hard_case"] = line[3:].strip()
            continue
        in_meta = False
        body.append(line)
    flush(len(lines))
    return rows


def load_all() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(SRC_DIR.glob("*.txt")):
        label = path.stem.rsplit("_", 1)[0]
        if label not in LABELS:
            raise SourceError(f"{path.name}: unknown label {label!r}")
        rows.extend(parse_source(path, label))
    return rows


def _stable_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assign_ids_and_split(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Shuffle deterministically, assign ids, and hold out ~25% per (label, language).

    Within each (label, language) cell the rows are ordered hard cases first, then the
    rest (each group shuffled with the fixed seed), and round(25% of n) evenly spaced
    positions from a seeded random start are held out (at least 1 when n >= 3).  This
    stratifies by label x language and keeps the share of hard cases in heldout close to
    the share in train.
    """
    rng = random.Random(SEED)
    # Order independent of file order: sort by content hash, then seeded shuffle.
    rows = sorted(rows, key=lambda r: _stable_key(r["text"]))
    rng.shuffle(rows)
    for i, row in enumerate(rows, start=1):
        row["id"] = f"seed-{i:04d}"
        row["split"] = "train"

    cells: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        cells[(row["label"], row["language"])].append(row)
    for key in sorted(cells):
        cell = cells[key]
        n = len(cell)
        n_heldout = int(n * HELDOUT_FRACTION + 0.5)
        if n >= 3:
            n_heldout = max(1, n_heldout)
        if n_heldout == 0:
            continue
        hard = [r for r in cell if r["hard_case"]]
        easy = [r for r in cell if not r["hard_case"]]
        rng.shuffle(hard)
        rng.shuffle(easy)
        ordered = hard + easy
        # Systematic sample: evenly spaced positions with a seeded random start.
        start = rng.random()
        for k in range(n_heldout):
            ordered[int((k + start) * n / n_heldout)]["split"] = "heldout"
    return rows


def write_csv(rows: list[dict[str, str]]) -> None:
    with CSV_PATH.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
        )
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r["id"]):
            writer.writerow({c: row[c] for c in COLUMNS})


def read_csv() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise AssertionError(f"unexpected header {reader.fieldnames}")
        return list(reader)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def validate(rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    expected = [f"seed-{i:04d}" for i in range(1, len(rows) + 1)]
    if sorted(ids) != expected:
        problems.append("ids are not seed-0001..seed-NNNN")
    seen: dict[str, str] = {}
    for r in rows:
        rid = r["id"]
        if r["label"] not in LABELS:
            problems.append(f"{rid}: bad label {r['label']!r}")
        if not LANG_RE.match(r["language"]):
            problems.append(f"{rid}: bad language {r['language']!r}")
        if r["first_in_thread"] not in ("true", "false"):
            problems.append(f"{rid}: bad first_in_thread")
        if r["folder"] not in FOLDERS.values():
            problems.append(f"{rid}: bad folder {r['folder']!r}")
        if r["sender_kind"] not in SENDERS.values():
            problems.append(f"{rid}: bad sender_kind {r['sender_kind']!r}")
        if r["split"] not in ("train", "heldout"):
            problems.append(f"{rid}: bad split")
        if not r["text"].strip():
            problems.append(f"{rid}: empty text")
        key = _norm(r["text"])
        if key in seen:
            problems.append(f"{rid}: duplicate text of {seen[key]}")
        seen[key] = rid
        if re.search(r"https?://(?![\w.-]*(\.test|example\.com)\b)", r["text"]):
            problems.append(f"{rid}: link to a non-.test/example.com domain")
    return problems


def counts_markdown(rows: list[dict[str, str]]) -> str:
    langs = sorted({r["language"] for r in rows}, key=lambda lg: (lg != "en", lg))
    out: list[str] = []
    n = len(rows)
    by_label = Counter(r["label"] for r in rows)
    by_split = Counter(r["split"] for r in rows)
    hard = sum(1 for r in rows if r["hard_case"])
    first = sum(1 for r in rows if r["first_in_thread"] == "true")
    en = sum(1 for r in rows if r["language"] == "en")
    out.append(
        f"Total: **{n}** messages; train {by_split['train']}, heldout {by_split['heldout']} "
        f"({by_split['heldout'] / n:.1%}); English {en} ({en / n:.1%}), other languages "
        f"{n - en} across {len(langs) - 1} languages; first_in_thread=true {first} "
        f"({first / n:.1%}); hard cases {hard} ({hard / n:.1%})."
    )
    out.append("")
    for split in ("all", "train", "heldout"):
        sub = rows if split == "all" else [r for r in rows if r["split"] == split]
        c = Counter((r["label"], r["language"]) for r in sub)
        out.append(f"**{split}** (label x language)")
        out.append("")
        out.append("| label | " + " | ".join(langs) + " | total |")
        out.append("|---|" + "---:|" * (len(langs) + 1))
        for label in LABELS:
            cells = [str(c[(label, lg)]) for lg in langs]
            total = sum(c[(label, lg)] for lg in langs)
            out.append(f"| {label} | " + " | ".join(cells) + f" | {total} |")
        col_tot = [str(sum(c[(lb, lg)] for lb in LABELS)) for lg in langs]
        out.append("| **total** | " + " | ".join(col_tot) + f" | {len(sub)} |")
        out.append("")
    out.append("**Other columns by label** (all splits)")
    out.append("")
    out.append(
        "| label | n | hard cases | first_in_thread=true | with subject | owner | "
        "linkedin_member | linkedin_staff | HTML bodies |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label in LABELS:
        sub = [r for r in rows if r["label"] == label]
        out.append(
            f"| {label} | {by_label[label]} "
            f"| {sum(1 for r in sub if r['hard_case'])} "
            f"| {sum(1 for r in sub if r['first_in_thread'] == 'true')} "
            f"| {sum(1 for r in sub if r['subject'])} "
            f"| {sum(1 for r in sub if r['sender_kind'] == 'owner')} "
            f"| {sum(1 for r in sub if r['sender_kind'] == 'linkedin_member')} "
            f"| {sum(1 for r in sub if r['sender_kind'] == 'linkedin_staff')} "
            f"| {sum(1 for r in sub if '<p' in r['text'])} |"
        )
    out.append("")
    fc = Counter(r["folder"] or "(empty)" for r in rows)
    out.append(
        "Folders: " + ", ".join(f"{k} {v}" for k, v in sorted(fc.items(), key=lambda kv: -kv[1]))
    )
    out.append("")
    out.append("<details><summary>All hard-case notes by label (note: count)</summary>")
    out.append("")
    for label in LABELS:
        notes = Counter(r["hard_case"] for r in rows if r["label"] == label and r["hard_case"])
        out.append(
            f"- **{label}**: "
            + "; ".join(
                f"{note}: {n}" if n > 1 else note
                for note, n in sorted(notes.items(), key=lambda kv: (-kv[1], kv[0]))
            )
        )
    out.append("")
    out.append("</details>")
    return "\n".join(out)


def refresh_doc(rows: list[dict[str, str]]) -> None:
    if not DOC_PATH.exists():
        return
    doc = DOC_PATH.read_text(encoding="utf-8")
    start, end = "<!-- counts:start -->", "<!-- counts:end -->"
    if start not in doc or end not in doc:
        return
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    new = f"{head}{start}\n{counts_markdown(rows)}\n{end}{tail}"
    DOC_PATH.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only validate the existing CSV")
    args = ap.parse_args(argv)

    if not args.check:
        rows = assign_ids_and_split(load_all())
        write_csv(rows)
    parsed = read_csv()
    problems = validate(parsed)
    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        return 1
    if not args.check:
        refresh_doc(parsed)
    print(counts_markdown(parsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
