"""``python -m analysis card`` (a donor's effect card) and ``python -m analysis cohort``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..paths import REPORTS_DIR


def _cmd_card(args: argparse.Namespace) -> int:
    from ..export.locate import locate_inputs
    from ..paths import RAW_DIR
    from .card import make_card, write_card
    from .report import card_preview
    from .run import resolve

    export = resolve(locate_inputs(args.path, RAW_DIR).export)
    print(f"Making the effect card of {export.name} (reads the export; takes a minute)...")
    card = make_card(export, owner_url=args.owner_url, owner_name=args.owner_name)
    out = write_card(card, args.out)
    preview = out.with_suffix(".html")
    preview.write_text(card_preview(card, out.name), encoding="utf-8")
    print(f"Wrote {out} and its preview {preview}: open the preview to see exactly what you "
          "would share.")
    return 0


def _cmd_cohort(args: argparse.Namespace) -> int:
    """Exit 0 only when every entry gave a card (duplicates aside); 1 when some entry failed
    (the report is written for the rest); 3 when the cluster was lost part-way."""
    import sys

    from .disclosure import uniqueness
    from .pool import pool_cards
    from .report import write_cohort_report
    from .run import run_cohort, save

    out = Path(args.out)
    run = run_cohort(Path(args.dir), out, scheduler=args.scheduler, workers=args.workers,
                     memory=args.memory_limit, progress=not args.quiet, ship=args.ship,
                     worker_timeout=args.worker_timeout)
    pooled = pool_cards(run.cards)
    privacy = uniqueness(run.cards)
    save(run, pooled, out, privacy=privacy)
    index = write_cohort_report(run.entries, pooled, out, computed=run.computed,
                                privacy=privacy)
    failed = [e for e in run.entries if e.status == "failed"]
    for e in failed:
        print(f"  {e.person} ({e.name}): {e.reason}")
    print(f"Wrote {index}")
    print(f"{len(run.cards)} card(s) pooled, {len(failed)} of {len(run.entries)} "
          f"entr{'y' if len(run.entries) == 1 else 'ies'} failed, in {run.seconds:.1f} s.")
    if run.aborted:
        print(f"linkedout: error: the cohort run stopped early: {run.aborted}. The cards "
              "finished so far are kept; run the same command again to compute the rest.",
              file=sys.stderr)
        return 3
    return 1 if failed else 0


def add_parser(sub) -> None:
    p = sub.add_parser("card", help="turn one export into a PII-free effect card to donate")
    p.add_argument("path", nargs="?", help="export ZIP or folder (default: the one in data/raw/)")
    p.add_argument("--out", default="reports/card/card.json",
                   help="card to write; its HTML preview goes beside it (default "
                   "reports/card/card.json)")
    p.add_argument("--owner-url", help="the owner's profile URL, if detection gets it wrong")
    p.add_argument("--owner-name", help="the owner's name as it appears in messages.csv")
    p.set_defaults(func=_cmd_card)

    p = sub.add_parser("cohort", help="pool many exports and/or cards (random-effects "
                       "meta-analysis on Dask) into reports/cohort/")
    p.add_argument("dir", help="folder holding exports (ZIPs or folders) and/or cards (.json)")
    p.add_argument("--scheduler", help="address of a running Dask scheduler "
                   "(default: a local cluster)")
    p.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    p.add_argument("--memory-limit", default="3GiB",
                   help="memory per local worker before Dask restarts it (default 3GiB)")
    p.add_argument("--out", default=str(REPORTS_DIR / "cohort"),
                   help="report and card cache folder (default reports/cohort/)")
    p.add_argument("--ship", choices=("bytes", "path"),
                   help="send each export's bytes to the workers, or let workers open its path "
                   "(default: bytes with --scheduler, path on local workers)")
    p.add_argument("--worker-timeout", type=float, default=120.0,
                   help="seconds with no worker connected before the run stops with an error "
                   "(default 120)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_cohort)
