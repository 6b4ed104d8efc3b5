"""``make bench-cohort``: time the cohort run on N small demo exports, and the pooling.

For each N: the wall time of ``python -m analysis cohort`` from cold (every card computed,
the local cluster started) and warm (every card reused), per export, and the scaling from
the smallest to the largest N; then the pooling step alone (and the report) on 1,000
planted cards. Demo exports are generated once into ``.cache/bench-cohort/``. Prints a
table and writes ``reports/bench-cohort.json``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.paths import PROJECT_ROOT, REPORTS_DIR
from tools.synthetic_cards import synthetic_cards

CACHE = PROJECT_ROOT / ".cache" / "bench-cohort"
ALL_CLAIMS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10")


def exports(n: int) -> list[Path]:
    """The first ``n`` small demo exports (seed 1000 + i, alternating planted and null)."""
    from tools.demo import write_demo

    found = []
    for i in range(n):
        folder = CACHE / "exports" / f"donor-{i:04d}"
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            write_demo(folder, seed=1000 + i, size="small",
                       world="null" if i % 2 else "planted")
            (folder / "done").write_text("")
        found.append(folder)
    return found


def cohort_dir(n: int) -> Path:
    folder = CACHE / f"cohort-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for src in exports(n):
        os.symlink(src, folder / src.name)
    return folder


def timed_run(folder: Path, out: Path, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "cohort", str(folder), "--out", str(out),
                    "--workers", str(workers), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def pooling(k: int = 1000) -> dict:
    from analysis.cohort.pool import pool_cards
    from analysis.cohort.report import cohort_page
    from analysis.cohort.run import Entry

    cards = synthetic_cards(k, claims=ALL_CLAIMS, slope=0.05, seed=1)
    start = time.perf_counter()
    pooled = pool_cards(cards)
    pool_s = time.perf_counter() - start
    entries = [Entry(f"card-{i}.json", Path("."), "card", f"Person {i + 1:03d}", card=c,
                     status="given") for i, c in enumerate(cards)]
    start = time.perf_counter()
    cohort_page(entries, pooled, computed=0)
    return {"cards": k, "pool_s": pool_s, "report_s": time.perf_counter() - start}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_cohort", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40],
                        help="numbers of exports to run (default 10 40)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        print(f"  preparing {n} demo exports (cached after the first time) ...", flush=True)
        folder = cohort_dir(n)
        with tempfile.TemporaryDirectory() as tmp:
            print(f"  cohort of {n} on {args.workers} workers: cold ...", flush=True)
            cold = timed_run(folder, Path(tmp) / "out", args.workers)
            warm = timed_run(folder, Path(tmp) / "out", args.workers)
        rows.append({"exports": n, "workers": args.workers, "cold_s": cold,
                     "per_export_s": cold / n, "warm_s": warm,
                     "load_1min": round(os.getloadavg()[0], 1)})
    pool = pooling()
    print(f"\n{'exports':>8} {'workers':>8} {'cold s':>8} {'s/export':>9} {'warm s':>8} "
          f"{'load':>6}")
    for r in rows:
        print(f"{r['exports']:>8} {r['workers']:>8} {r['cold_s']:>8.1f} {r['per_export_s']:>9.2f} "
              f"{r['warm_s']:>8.1f} {r['load_1min']:>6}")
    print("(load: the machine's 1-minute load average after the run; other work slows it)")
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"scaling {a['exports']} -> {b['exports']} exports: time x"
              f"{b['cold_s'] / a['cold_s']:.2f} for x{b['exports'] / a['exports']:.1f} exports "
              f"({'linear or better' if b['per_export_s'] <= a['per_export_s'] * 1.1 else 'worse than linear'})")
    print(f"pooling {pool['cards']} cards: {pool['pool_s']:.2f} s (target <= 5 s); "
          f"cohort report page: {pool['report_s']:.2f} s")
    path = REPORTS_DIR / "bench-cohort.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"runs": rows, "pooling": pool}, indent=2) + "\n")
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
