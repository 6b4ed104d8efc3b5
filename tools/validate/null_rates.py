"""The false-verdict rate of every claim on null worlds drawn with fresh seeds, written as
numbers (counts per claim, the seeds and the command) to ``analysis/data/null_false_verdicts.json``.

Why: the scorecard says how many false verdicts a person with no real effects would expect
to see; that expectation must be measured on worlds no one tuned the claims to, not
assumed to be 5% per claim. ``python -m tools.validate.null_rates --worlds 100 --seed S``
reproduces a file (the seed base is printed and stored).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from analysis.report.false_verdicts import RATES_FILE  # noqa: E402 - where the report reads them

from .run import run_world
from .worlds import WORLDS


def null_tasks(claims: list[str], worlds: int, seed: int) -> list[tuple]:
    """``worlds`` null worlds per claim, variants in turn, seeds from ``seed`` upwards (the
    fixed validation run uses 0..199; a fresh base keeps these worlds unseen)."""
    return [(cid, "null", WORLDS[cid].variants[i % len(WORLDS[cid].variants)], seed + i, None)
            for cid in claims for i in range(worlds)]


def measure(claims: list[str], worlds: int, seed: int, workers: int = 1) -> dict:
    jobs = null_tasks(claims, worlds, seed)
    started = time.perf_counter()
    if workers <= 1:
        rows = [run_world(t) for t in jobs]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(run_world, jobs, chunksize=4))
    out = {}
    for cid in claims:
        mine = [r for r in rows if r["claim"] == cid and r["error"] is None]
        out[cid] = {"false": int(sum(r["false"] for r in mine)), "worlds": len(mine),
                    "errors": sum(1 for r in rows if r["claim"] == cid and r["error"])}
    return {"claims": out, "seed": seed, "worlds_per_claim": worlds,
            "seconds": round(time.perf_counter() - started, 1),
            "command": f"python -m tools.validate.null_rates --worlds {worlds} "
                       f"--seed {seed}",
            "measured": "share of null worlds (no real effect planted) in which the claim "
                        "gave a verdict that is false under the null, by tools.validate's "
                        "worlds and every variant in turn"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--worlds", type=int, default=100)
    p.add_argument("--seed", type=int, default=None, help="seed base (default: fresh, printed)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--claims", default=",".join(WORLDS))
    p.add_argument("--out", default=str(RATES_FILE))
    args = p.parse_args(argv)
    seed = args.seed if args.seed is not None else int(
        np.random.default_rng().integers(1_000_000, 2_000_000_000))
    print(f"seed base {seed}")
    data = measure([c.strip() for c in args.claims.split(",")], args.worlds, seed,
                   args.workers)
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n")
    for cid, c in data["claims"].items():
        print(f"{cid:<4} {c['false']:>3} / {c['worlds']}")
    print(f"{data['seconds']} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
