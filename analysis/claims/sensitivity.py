"""Which verdicts flip across the registered parameter ranges and the classifier's error.

Each claim is re-evaluated with one registered choice changed at a time (reply window 7,
14 or 30 days; pitch window 3, 7 or 14 days; exposure lag 1 to 8 weeks; equivalence bounds
[0.8, 1.25] or [0.9, 1.11]); the classifier's error from each claim's own flip
analysis (how large an error would flip it, against the measured error) and, for C1 and
C7, the verdict at the other end of the error range (C1 uncorrected, C7 corrected). The result is
one tidy table: claim, what was varied, the value, the verdict there and whether it differs
from the verdict at the registered defaults.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .context import Context
from .evaluate import run_claim

# parameter -> (claims it moves, registered values)
RANGES: dict[str, tuple[tuple[str, ...], tuple]] = {
    "reply_window_days": (("C6", "C7"), (7, 14, 30)),
    "pitch_window_days": (("C2",), (3, 7, 14)),
    "lag_weeks": (("C4", "C8"), tuple((k, k) for k in range(1, 9))),
    "equivalence": (("C4", "C8"), ((0.8, 1.25), (0.9, 1.11))),
}
CLASSIFIER_CLAIMS = ("C1", "C2", "C6", "C7")
FILE_NAME = "sensitivity.csv"


def _changes(parameter: str, value) -> dict:
    if parameter == "equivalence":
        return {"equivalence_low": value[0], "equivalence_high": value[1]}
    return {parameter: value}


def _row(claim_id: str, parameter: str, value, result, baseline: str) -> dict:
    return {"claim_id": claim_id, "parameter": parameter, "value": str(value),
            "verdict": result.verdict, "baseline_verdict": baseline,
            "flipped": result.verdict != baseline, "estimate": result.estimate,
            "ci_low": result.ci_low, "ci_high": result.ci_high, "n": result.n}


def classifier_flip(result) -> tuple[str, bool | None]:
    """From a claim's own classifier-error analysis: (what it says, could it flip)."""
    d = result.details
    if result.claim_id == "C1" and "corrected" in d:
        f = d["corrected"]["flip"]
        m = f.get("measured", {})
        if f.get("side") == "below":
            return (f"flips if sensitivity < {f['sensitivity_below']:.2f} "
                    f"(measured {m.get('sensitivity', float('nan')):.2f})",
                    m.get("sensitivity", 1) < f["sensitivity_below"])
        if f.get("side") == "above":
            return (f"flips if false-pitch rate > {f['false_rate_above']:.2f} "
                    f"(measured {m.get('false_rate', float('nan')):.2f})",
                    m.get("false_rate", 0) > f["false_rate_above"])
    if result.claim_id == "C2" and d.get("classifier_error"):
        e = d["classifier_error"]
        return (f"share between {e['share_if_errors_inside_window']:.2f} and "
                f"{e['share_if_errors_outside_window']:.2f} at precision "
                f"{e['pitch_precision']:.2f}", bool(e["could_flip"]))
    flip = None
    if result.claim_id == "C7":
        flip = d.get("corrected", {}).get("flip")
        wrong = d.get("corrected", {}).get("expected_wrong")
    elif result.claim_id == "C6" and d.get("classifier_error"):
        e = d["classifier_error"]
        flip, wrong = e["flip_warm"], (e["expected_wrong"] or {}).get("warm")
    if flip:
        if flip["openers"] is None:
            return "no number of misclassified openers flips it", False
        could = wrong is not None and wrong == wrong and wrong >= flip["openers"]
        return (f"flips if {flip['openers']} openers in the group are misclassified "
                f"(expected about {wrong:.0f})" if wrong is not None and wrong == wrong
                else f"flips if {flip['openers']} openers are misclassified", could)
    return "no classifier-error analysis (labels cover every opener, or no verdict)", None


def sensitivity(ctx: Context, baseline: dict | None = None) -> pd.DataFrame:
    """Every registered variation of every claim it concerns, one row each."""
    base = baseline or {}
    rows = []
    for parameter, (claims, values) in RANGES.items():
        for claim_id in claims:
            if claim_id not in base:
                base[claim_id] = run_claim(claim_id, ctx)
            for value in values:
                varied = ctx.with_params(spec_curve=False, **_changes(parameter, value))
                rows.append(_row(claim_id, parameter, value, run_claim(claim_id, varied),
                                 base[claim_id].verdict))
    for claim_id in CLASSIFIER_CLAIMS:
        if claim_id not in base:
            base[claim_id] = run_claim(claim_id, ctx)
        r = base[claim_id]
        text, could = classifier_flip(r)
        rows.append({"claim_id": claim_id, "parameter": "classifier error", "value": text,
                     "verdict": None if could is None else ("may flip" if could else
                                                            r.verdict),
                     "baseline_verdict": r.verdict, "flipped": bool(could),
                     "estimate": r.estimate, "ci_low": r.ci_low, "ci_high": r.ci_high,
                     "n": r.n})
        rows += _error_ends(r)
    return pd.DataFrame(rows)


def _error_ends(r) -> list[dict]:
    """The other end of the classifier's error range, where a claim has it: C1's verdict
    with no correction (the classifier taken as perfect), C7's with the correction."""
    def row(value, est):
        low, high = est.get("ci_low"), est.get("ci_high")
        if low is None or high is None or low != low:
            return []
        line = 0.5 if r.claim_id == "C1" else 0.0
        if r.claim_id == "C1":
            verdict = "supported" if low > line else "contradicted" if high < line else \
                "inconclusive"
        else:
            verdict = "supported" if high < line else "contradicted" if low > line else \
                "inconclusive"
        if r.verdict == "not testable":
            verdict = r.verdict
        return [{"claim_id": r.claim_id, "parameter": "classifier error", "value": value,
                 "verdict": verdict, "baseline_verdict": r.verdict,
                 "flipped": verdict != r.verdict, "estimate": est.get("estimate"),
                 "ci_low": low, "ci_high": high, "n": r.n}]

    if r.claim_id == "C1" and "corrected" in r.details:
        return row("none (shares counted as classified)", r.details["observed_share"])
    corrected = r.details.get("corrected") or {}
    estimate = corrected.get("estimate")
    if r.claim_id == "C7" and estimate is not None and estimate == estimate:
        return row("measured (difference corrected for it)", corrected)
    return []


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
