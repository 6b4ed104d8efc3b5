"""Which verdicts flip across the registered parameter ranges and the classifier's error.

Each claim is re-evaluated with one registered choice it reads (``Claim.reads``) changed at a
time, over the ranges of ``params.RANGES``; for each claim that uses the classifier, its own
flip analysis (how large an error would flip it, against the measured error) and, where it
has one, its verdict at the other end of the error range (``Claim.error_end``). The result is
one tidy table: claim, what was varied, the value, the verdict there and whether it differs
from the verdict at the registered defaults.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import registry
from .context import Context
from .evaluate import run_claim
from .params import RANGES

FILE_NAME = "sensitivity.csv"
NO_ANALYSIS = "no classifier-error analysis (labels cover every opener, or no verdict)"


def _changes(fields: tuple[str, ...], value) -> dict:
    return dict(zip(fields, value, strict=True)) if len(fields) > 1 else {fields[0]: value}


def classifier_flip(result) -> tuple[str, bool | None]:
    """From a claim's own classifier-error analysis: (what it says, could it flip)."""
    hook = result.claim.classifier_flip
    found = hook(result) if hook is not None else None
    return found or (NO_ANALYSIS, None)


def _error_end(r) -> list[dict]:
    """The other end of the classifier's error range, where the claim has one (C1: no
    correction, the classifier taken as perfect; C7: the correction), judged by the claim's
    own verdict rule."""
    hook = r.claim.error_end
    found = hook(r) if hook is not None else None
    if not found:
        return []
    value, est = found
    low, high = est.get("ci_low"), est.get("ci_high")
    if low is None or high is None or low != low:
        return []
    return [r.variation("classifier error", value, r.verdict_at(low, high),
                        estimate=est.get("estimate"), ci_low=low, ci_high=high)]


def sensitivity(ctx: Context, baseline: dict | None = None) -> pd.DataFrame:
    """Every registered variation of every claim that reads the parameter varied
    (``Claim.reads``), and the classifier's error for every claim that uses it; one row
    each."""
    base = baseline or {}
    claims = registry.all_claims()

    def baseline_of(claim_id: str):
        if claim_id not in base:
            base[claim_id] = run_claim(claim_id, ctx)
        return base[claim_id]

    rows = []
    for parameter, (fields, values) in RANGES.items():
        for claim in claims:
            if not set(fields) <= set(claim.reads):
                continue
            r = baseline_of(claim.id)
            for value in values:
                varied = ctx.with_params(spec_curve=False, **_changes(fields, value))
                v = run_claim(claim.id, varied)
                rows.append(r.variation(parameter, value, v.verdict, estimate=v.estimate,
                                        ci_low=v.ci_low, ci_high=v.ci_high) | {"n": v.n})
    for claim in claims:
        if not claim.uses_classifier:
            continue
        r = baseline_of(claim.id)
        text, could = classifier_flip(r)
        rows.append(r.variation("classifier error", text, None if could is None else (
            "may flip" if could else r.verdict), flipped=bool(could)))
        rows += _error_end(r)
    return pd.DataFrame(rows)


def save_sensitivity(table: pd.DataFrame, results: Path) -> Path:
    """Write the table beside claims.json (CSV: tidy, one row per variation)."""
    path = Path(results) / FILE_NAME
    table.to_csv(path, index=False)
    return path


def flipped_lines(table: pd.DataFrame) -> list[str]:
    """The variations that change a verdict, one line each (what the CLI prints)."""
    flips = table.loc[table["flipped"]]
    return [f"{r.claim_id:<4} {r.parameter} = {r.value}: {r.baseline_verdict} → {r.verdict}"
            for r in flips.itertuples()]
