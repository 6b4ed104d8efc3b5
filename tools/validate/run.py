"""Run each claim on many null and planted worlds (a process pool, one world per task) and
collect what can fail: false verdicts, interval coverage of the planted population value,
and power over a grid of planted effects."""

from __future__ import annotations

import math
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import pipeline
from analysis.claims import registry

from .tables import context
from .worlds import build, worlds_of


@dataclass(frozen=True)
class Plan:
    """How many worlds: ``null`` and ``coverage`` per claim, ``power`` per grid effect."""

    null: int = 200
    coverage: int = 200
    power: int = 100
    seed: int = 0  # base of every world's seed: a fresh one per run (cli), printed

    @classmethod
    def quick(cls) -> Plan:
        return cls(null=6, coverage=6, power=2)


def tasks(claims: list[str], plan: Plan) -> list[tuple]:
    """(claim, kind, variant, seed, effect) for every world to run; every seed is offset by
    ``plan.seed`` (one run, one base: the same base reproduces it), variants taken in turn."""
    out = []
    base = plan.seed * 1_000_000
    for cid in claims:
        spec = worlds_of()[cid]
        for i in range(plan.null):
            out.append((cid, "null", spec.variants[i % len(spec.variants)], base + i, None))
        if spec.coverage_range is not None:
            low, high = spec.coverage_range
            for i in range(plan.coverage):
                effect = float(np.random.default_rng([base + i, 7]).uniform(low, high))
                out.append((cid, "coverage", spec.planted()[i % len(spec.planted())],
                            base + 10_000 + i, effect))
        for j, effect in enumerate(spec.power_grid):
            for i in range(plan.power):
                out.append((cid, "power", spec.planted()[i % len(spec.planted())],
                            base + 20_000 + 1000 * j + i, effect))
    return out


def planted_value(world, result) -> float:
    """The population value the claim's interval should cover: the planted pair's row for
    C4/C8, the estimand the claim reports when a world plants several, else the value."""
    pair = world.values.get("pair")
    if pair is not None:
        return world.value
    for name, value in world.values.items():
        if name in (result.estimate_label or ""):
            return value
    return world.value


def interval_of(world, result) -> tuple[float, float]:
    """The claim's 95% interval, or for C4/C8 the planted pair's own interval."""
    pair = world.values.get("pair")
    if pair is None:
        return result.ci_low, result.ci_high
    table = result.details.get("pairs")
    if table is None:
        return math.nan, math.nan
    row = table.loc[(table["exposure"] == pair[0]) & (table["outcome"] == pair[1])]
    if row.empty:
        return math.nan, math.nan
    return float(row["ci_low"].iloc[0]), float(row["ci_high"].iloc[0])


def run_world(task: tuple) -> dict:
    """Build one world, evaluate its claim, and score the verdict and interval."""
    cid, kind, variant, seed, effect = task
    row = {"claim": cid, "kind": kind, "variant": variant, "seed": seed, "effect": effect,
           "verdict": None, "estimate": math.nan, "ci_low": math.nan, "ci_high": math.nan,
           "value": math.nan, "false": False, "covered": None, "detected": False,
           "tests": 0, "rejections": 0, "error": None, "seconds": 0.0}
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            world = build(cid, kind, variant, seed, effect)
            result = pipeline.evaluate_claim(context(world), cid, strict=True)
        except Exception as err:  # noqa: BLE001 - a crash is a finding, not the end of the run
            row["error"] = f"{type(err).__name__}: {err}"[:200]
            row["seconds"] = time.perf_counter() - started
            return row
    low, high = interval_of(world, result)
    value = planted_value(world, result)
    row.update(verdict=result.verdict, estimate=result.estimate, ci_low=low, ci_high=high,
               value=value, false=result.verdict in world.false_verdicts,
               detected=result.verdict == world.detected)
    if kind == "coverage" and math.isfinite(low) and math.isfinite(high):
        row["covered"] = bool(low <= value <= high)
    pairs = result.details.get("pairs")
    if isinstance(pairs, pd.DataFrame) and "p" in pairs:
        primary = pairs.loc[pairs.get("role", "primary") == "primary", "p"].dropna()
        row["tests"], row["rejections"] = len(primary), int((primary < 0.05).sum())
    row["seconds"] = time.perf_counter() - started
    return row


def run(claims: list[str] | None = None, plan: Plan | None = None, *,
        workers: int = 2) -> pd.DataFrame:
    """Every world of the plan for these claims (all registered claims by default); one row
    per world. ``workers`` <= 1 runs in this process (no pool)."""
    claims = claims or [c.id for c in registry.all_claims()]
    known = {c.id for c in registry.all_claims()}
    unknown = [c for c in claims if c not in known]
    if unknown:
        from analysis.errors import LinkedOutError

        raise LinkedOutError(f"no validation worlds for {', '.join(unknown)}: no such claim "
                             f"(known: {', '.join(c.id for c in registry.all_claims())})")
    worlds_of(claims)  # a registered claim without worlds fails here, loudly
    jobs = tasks(claims, plan or Plan())
    if workers <= 1:
        rows = [run_world(t) for t in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(run_world, jobs, chunksize=4))
    return pd.DataFrame(rows)
