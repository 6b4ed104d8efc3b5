"""``python -m analysis <command>``: the command line the Makefile and users call.

Expected failures (``LinkedOutError``) print one line on stderr and exit non-zero; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import LinkedOutError


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .paths import PROCESSED_DIR
    from .pipeline import ingest

    out = Path(args.out) if args.out else PROCESSED_DIR
    ledger = ingest(args.path, out, owner_url=args.owner_url, owner_name=args.owner_name)
    totals = ledger["totals"]
    owner = ledger["owner"]
    print(f"Read {len(ledger['files'])} files from {ledger['source']['name']} "
          f"({ledger['source']['archive']} archive): {totals['rows_loaded']:,} rows loaded, "
          f"{totals['rows_quarantined']:,} quarantined of {totals['rows_read']:,} read.")
    for name, table in ledger["tables"].items():
        print(f"  {name:<26} {table['rows']:>10,} rows")
    if ledger["not_analysed"]:
        print(f"  {len(ledger['not_analysed'])} other files present, not analysed "
              "(listed in ledger.json).")
    print(f"Owner: {'found' if owner['url'] or owner['name'] else 'NOT found'} "
          f"({owner['method']}; confidence {owner.get('confidence', 'none')}).")
    if owner.get("note"):
        print(owner["note"])
    if totals["rows_quarantined"]:
        print(f"Quarantined rows and reasons: {out / 'quarantine.parquet'}")
    for member, f in ledger["files"].items():
        if f.get("edited") or f.get("recognised_by") == "header" or f.get("header"):
            print(f"  note: {member}: {'; '.join(f.get('notes', [])) or 'see ledger.json'}")
    print(f"Wrote {out}")
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    from . import pipeline
    from .claims.context import INGESTED
    from .claims.sensitivity import flipped_lines
    from .paths import PROCESSED_DIR

    processed = Path(args.processed) if args.processed else PROCESSED_DIR
    if not (processed / "ledger.json").exists():
        raise LinkedOutError(f"No processed data in {processed}: run 'make ingest' first.")
    done = pipeline.claims_stage(processed, labels=args.labels or INGESTED,
                                 with_sensitivity=args.sensitivity)
    results = done.results
    print(f"{'claim':<5} {'verdict':<14} {'estimate':>9}  {'95% interval':<19} {'n':>6}  what")
    for r in results:
        interval = (f"[{r.ci_low:.3g}, {r.ci_high:.3g}]" if r.ci_low == r.ci_low else "")
        estimate = f"{r.estimate:.3g}" if r.estimate == r.estimate else ""
        print(f"{r.claim_id:<5} {r.verdict:<14} {estimate:>9}  {interval:<19} {r.n:>6}  "
              f"{r.title}")
    for r in results:
        if r.claim_id in done.failed:
            print(f"{r.claim_id} {r.summary} (a bug: the traceback is in "
                  f"{done.out / 'claims' / 'errors.log'}).")
        elif r.summary.startswith("not testable: owner unknown"):
            print(f"{r.claim_id} {r.summary}")
            break
    if not done.reused:
        print(f"Wrote {done.out / 'claims.json'}")
    if args.sensitivity:
        table = done.tables[pipeline.SENSITIVITY]
        flips = flipped_lines(table)
        print(f"Sensitivity: {len(table)} variations, {len(flips)} change a verdict"
              + (":" if flips else "."))
        for line in flips:
            print("  " + line)
        print(f"{'Reused' if done.reused else 'Wrote'} {done.out / 'figures' / 'sensitivity.parquet'}"
              " (the report's 'How robust is each verdict?' reads it)")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import UNREADABLE, diagnose

    lines, _ = diagnose(args.path, owner_url=args.owner_url, owner_name=args.owner_name)
    print("\n".join(lines))
    return 1 if lines[0].startswith(UNREADABLE) else 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from .export.dictionary import render_dictionary

    text = render_dictionary()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read an export into data/processed/")
    p.add_argument("path", nargs="?", help="export ZIP or folder (default: the one in data/raw/)")
    p.add_argument("--out", help="write the processed set here instead of data/processed/")
    p.add_argument("--owner-url", help="the owner's profile URL, if detection gets it wrong")
    p.add_argument("--owner-name", help="the owner's name as it appears in messages.csv (exports "
                   "without profile URLs), if the owner is not found")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("claims", help="evaluate every claim on data/processed/ and save the "
                       "results in data/results/")
    p.add_argument("--processed", help="processed data folder (default data/processed/; the "
                   "results go beside it, in <folder>-results, or results for 'processed')")
    p.add_argument("--labels", help="use this labels.csv instead of the labels ingested with "
                   "the export (a missing file means no labels)")
    p.add_argument("--sensitivity", action="store_true", help="also re-evaluate every verdict "
                   "across the registered parameter ranges and the classifier's error; saved "
                   "with the results (figures/sensitivity.parquet), which the report reads")
    p.set_defaults(func=_cmd_claims)

    from .classify.cli import add_parser as add_classify_parser
    from .cohort.cli import add_parser as add_cohort_parser
    from .report import add_parser as add_report_parser

    add_classify_parser(sub)
    add_report_parser(sub)
    add_cohort_parser(sub)

    p = sub.add_parser("doctor", help="say what was found in an export, who the owner is, "
                       "what each claim needs and what to do next (writes nothing)")
    p.add_argument("path", nargs="?", help="export ZIP or folder (default: the one in data/raw/)")
    p.add_argument("--owner-url", help="try this owner profile URL")
    p.add_argument("--owner-name", help="try this owner name")
    p.set_defaults(func=_cmd_doctor)

    p = sub.add_parser("dictionary", help="print the data dictionary (Markdown)")
    p.add_argument("--output", help="write to this file instead of stdout")
    p.set_defaults(func=_cmd_dictionary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LinkedOutError as exc:
        print(f"linkedout: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("linkedout: interrupted; earlier processed data is left as it was.", file=sys.stderr)
        return 130
