"""Category shares corrected for the classifier's error, not classify-and-count.

Counting predicted labels reproduces the classifier's mistakes: a classifier that calls 1
in 20 social openers a pitch adds 5 points to a 5% pitch share. If M[t, p] is the chance
that an opener of true category t is predicted p, the predicted shares are q = Mᵀπ, so the
true shares π are recovered by inverting M (the many-category form of Rogan-Gladen),
solved as least squares on the simplex so that shares stay in [0, 1] and sum to 1.

M comes from labelled openers: by default the counts measured on real openers, leave one
export out, shipped as numbers only (`analysis/data/real_error_rates.json`, written by
`python -m tools.tuning --real ... --write-rates`); the owner's own labels
replace them when given. The interval is a parametric bootstrap: each draw takes the rows
of M from a Dirichlet over their labelled counts and the predicted shares from a Dirichlet
over the predicted counts, so it carries both the error-rate and the sampling uncertainty.

Error rates differ from one person's inbox to another's, so a matrix measured on other
people's exports does not become exact as their number grows. The shipped counts therefore
carry, per row, a between-export concentration κ (Dirichlet-multinomial, method of moments
over the exports it was measured on): each bootstrap draw first draws the pooled row, then
a new person's row around it from Dirichlet(κ · pooled row), so the interval includes how
much error rates vary between people. The owner's own labels measure their own inbox and
have no such term.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from .model import CATEGORIES

RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "real_error_rates.json"
DRAWS = 2000
SEED = 20240611
# Dirichlet prior on each row of M: a weak belief that a category is mostly recognised,
# so that a category with few labelled openers does not make M singular.
PRIOR_DIAGONAL, PRIOR_OFF = 1.0, 0.1


@dataclass(frozen=True)
class ErrorRates:
    """Labelled counts of (true, predicted) openers, CATEGORIES order; may be fractional
    (weighted labels scaled to their effective sample size)."""

    counts: np.ndarray
    source: str
    concentration: np.ndarray | None = None  # per row; None: the counts' own inbox

    @property
    def n(self) -> float:
        return float(self.counts.sum())

    def matrix(self) -> np.ndarray:
        """M[t, p]: P(predicted p | true t), with the prior added."""
        m = self.counts + _prior()
        return m / m.sum(axis=1, keepdims=True)

    def rate(self, true: str, predicted: str) -> float:
        m = self.matrix()
        return float(m[CATEGORIES.index(true), CATEGORIES.index(predicted)])


    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """One bootstrap draw of M: the pooled rows from their counts and, with a
        between-export concentration, a new inbox's rows around them."""
        alpha = self.counts + _prior()
        m = np.vstack([rng.dirichlet(a) for a in alpha])
        if self.concentration is None:
            return m
        out = np.empty_like(m)
        for i, (row, kappa) in enumerate(zip(m, self.concentration, strict=True)):
            out[i] = rng.dirichlet(np.maximum(row * kappa, 1e-3))
        return out


def concentration(per_export: list[np.ndarray], *, floor: float = 2.0,
                  ceiling: float = 1e4) -> np.ndarray:
    """Per row of the error matrix, the Dirichlet-multinomial concentration κ of the rows of
    several exports' counts (method of moments: Pearson dispersion φ ≈ 1 + (ñ-1)/(κ+1)).
    Large κ: exports agree; small κ: error rates vary from person to person."""
    stack = np.asarray(per_export, dtype=float)  # exports x true x predicted
    k = stack.shape[1]
    out = np.full(k, ceiling)
    for t in range(k):
        rows = stack[:, t, :]
        n = rows.sum(axis=1)
        rows, n = rows[n > 0], n[n > 0]
        if len(n) < 2:
            continue
        p = (rows.sum(axis=0) + 0.5) / (n.sum() + 0.5 * rows.shape[1])
        expected = n[:, None] * p[None, :]
        x2 = ((rows - expected) ** 2 / expected).sum()
        df = (len(n) - 1) * (rows.shape[1] - 1)
        phi = x2 / df
        n_tilde = (n.sum() - (n ** 2).sum() / n.sum()) / (len(n) - 1)
        if phi <= 1 or n_tilde <= 1:
            continue
        rho = min((phi - 1) / (n_tilde - 1), 1 / (1 + floor))
        out[t] = min(max(1 / rho - 1, floor), ceiling)
    return out


def _prior() -> np.ndarray:
    k = len(CATEGORIES)
    return np.full((k, k), PRIOR_OFF) + np.eye(k) * (PRIOR_DIAGONAL - PRIOR_OFF)


def shipped_error_rates() -> ErrorRates:
    """The error counts measured on real labelled openers (see the file's `measured`)."""
    data = json.loads(RATES_FILE.read_text(encoding="utf-8"))
    assert tuple(data["categories"]) == CATEGORIES, "error-rate file out of date"
    counts = data["counts (rows true, columns predicted)"]
    kappa = data.get("between-export concentration (per true row)")
    return ErrorRates(np.asarray(counts, dtype=float), data["source"],
                      None if kappa is None else np.asarray(kappa, dtype=float))


def write_error_rates(counts: np.ndarray, path: Path, *, measured: str, source: str,
                      concentration: np.ndarray | None = None) -> None:
    """Write counts[true][predicted] (and the rows' between-export concentration) with a
    note of how they were measured."""
    rows = ",\n".join("  " + json.dumps(r) for r in np.asarray(counts).astype(int).tolist())
    kappa = ("" if concentration is None else
             f' "between-export concentration (per true row)": '
             f'{json.dumps([round(float(v), 2) for v in concentration])},\n')
    text = (f'{{"categories": {json.dumps(list(CATEGORIES))},\n'
            f' "counts (rows true, columns predicted)": [\n{rows}\n ],\n{kappa}'
            f' "source": {json.dumps(source)},\n "measured": {json.dumps(measured)}}}\n')
    Path(path).write_text(text, encoding="utf-8")


def _solve(m: np.ndarray, q: np.ndarray) -> np.ndarray:
    """π ≥ 0, Σπ = 1, minimising |Mᵀπ - q| (the sum constraint as a heavy extra row)."""
    a = np.vstack([m.T, np.full(len(q), 100.0)])
    b = np.append(q, 100.0)
    pi, _ = nnls(a, b)
    s = pi.sum()
    return pi / s if s > 0 else np.full(len(q), 1 / len(q))


def _shares(pi: np.ndarray, keep: np.ndarray) -> np.ndarray:
    total = pi[keep].sum()
    return np.where(keep, pi / total if total > 0 else np.nan, np.nan)


def corrected_shares(predicted, rates: ErrorRates, *, exclude: tuple[str, ...] = (),
                     draws: int = DRAWS, seed: int = SEED, design_effect: float = 1.0) -> dict:
    """Share of each category among the openers whose true category is not in `exclude`,
    corrected for the error in `rates`: {category: {estimate, ci_low, ci_high}}, plus
    `observed` (classify-and-count shares over the same categories) and `n`.
    ``design_effect`` (at least 1) shrinks the sampling part of the bootstrap to the
    effective sample size n/deff when openers are clustered in time (``stats.design_effect``);
    the classifier-error part is unchanged."""
    pred = np.asarray(predicted, dtype=object)
    k = len(CATEGORIES)
    q_counts = np.array([(pred == c).sum() for c in CATEGORIES], dtype=float)
    n = int(q_counts.sum())
    keep = np.array([c not in exclude for c in CATEGORIES])
    out = {"n": n, "error_rates": rates.source, "labelled_openers": round(rates.n, 1)}
    if n == 0:
        nan = {"estimate": math.nan, "ci_low": math.nan, "ci_high": math.nan}
        return {**out, **{c: dict(nan) for c in CATEGORIES if c not in exclude},
                "observed": {}}
    point = _shares(_solve(rates.matrix(), q_counts / n), keep)
    rng = np.random.default_rng(seed)
    sims = np.empty((draws, k))
    for b in range(draws):
        m = rates.draw(rng)
        q = rng.dirichlet(q_counts / max(design_effect, 1.0) + 0.5)
        sims[b] = _shares(_solve(m, q), keep)
    obs_total = q_counts[keep].sum()
    for i, c in enumerate(CATEGORIES):
        if not keep[i]:
            continue
        v = float(np.clip(point[i], 0, 1))
        col = sims[:, i][~np.isnan(sims[:, i])]
        low, high = np.percentile(col, [2.5, 97.5]) if len(col) else (math.nan, math.nan)
        # two-sided bootstrap p-value against a share of one half (the claims' line)
        p_half = min(1.0, max(2 * min((col >= 0.5).mean(), (col <= 0.5).mean()),
                              1 / draws)) if len(col) else math.nan
        out[c] = {"estimate": v, "ci_low": float(np.clip(min(low, v), 0, 1)),
                  "ci_high": float(np.clip(max(high, v), 0, 1)), "p_half": float(p_half)}
    out["observed"] = {c: float(q_counts[i] / obs_total) if obs_total else math.nan
                       for i, c in enumerate(CATEGORIES) if keep[i]}
    return out


def flip_errors(observed_share: float, threshold: float = 0.5) -> dict:
    """How large a classifier error would move a share across `threshold`: below it, the
    true share reaches it only if the classifier caught fewer than `sensitivity_below` of the
    true members (with no false ones); above it, the true share falls to it only if more
    than `false_rate_above` of the non-members were counted in (with none missed)."""
    q = float(observed_share)
    if math.isnan(q):
        return {}
    if q < threshold:
        return {"side": "below", "sensitivity_below": q / threshold}
    return {"side": "above", "false_rate_above": (q - threshold) / (1 - threshold)}


def measured_errors(rates: ErrorRates, category: str, among: tuple[str, ...]) -> dict:
    """The measured sensitivity for `category` and the rate at which openers of the other
    categories in `among` are predicted as it (the quantities `flip_errors` bounds)."""
    i = CATEGORIES.index(category)
    m = rates.matrix()
    others = [CATEGORIES.index(c) for c in among if c != category]
    weights = rates.counts[others].sum(axis=1) + 1e-9
    false = float((m[others, i] * weights).sum() / weights.sum())
    return {"sensitivity": float(m[i, i]), "false_rate": false}


def _two_way(m: np.ndarray, counts: np.ndarray, i: int, keep: list[int]) -> tuple[float, float]:
    """Sensitivity for category i and the rate at which the other kept categories are
    predicted as i, with predictions restricted to the kept categories."""
    sub = m[np.ix_(keep, keep)]
    sub = sub / sub.sum(axis=1, keepdims=True)
    pos = keep.index(i)
    se = sub[pos, pos]
    others = [k for k in range(len(keep)) if k != pos]
    w = counts[[keep[k] for k in others]].sum(axis=1) + 1e-9
    fp = float((sub[others, pos] * w).sum() / w.sum())
    return float(se), fp


def _group_rates(se: float, fp: float, q: float, r1: float, r0: float):
    """True share of the group and the true outcome rates in and out of it, from the
    predicted share q and the outcome rates r1 (predicted in) and r0 (predicted out)."""
    if se - fp <= 0.05:
        return math.nan, math.nan, math.nan
    pi = float(np.clip((q - fp) / (se - fp), 1e-6, 1 - 1e-6))
    ppv = pi * se / q if q > 0 else 0.0  # P(true in | predicted in)
    a = pi * (1 - se) / (1 - q) if q < 1 else 0.0  # P(true in | predicted out)
    det = ppv - a
    if det <= 0.05:
        return pi, math.nan, math.nan
    rho_in = ((1 - a) * r1 - (1 - ppv) * r0) / det
    rho_out = (ppv * r0 - a * r1) / det
    return pi, float(np.clip(rho_in, 0, 1)), float(np.clip(rho_out, 0, 1))


def corrected_rate_difference(predicted_in, outcome, rates: ErrorRates, category: str,
                              among: tuple[str, ...], *, draws: int = DRAWS,
                              seed: int = SEED) -> dict:
    """Outcome rate among openers truly of `category` minus among the others (all within
    `among`), corrected for the classifier's error: the observed rates in the predicted
    groups mix both true groups in proportions that follow from the error rates and the
    corrected share. Bootstrap interval over the error rates and both observed rates.
    Also the corrected size of the group and the attenuation factor (PPV - FOR) by which
    errors that do not depend on the outcome shrink the observed difference."""
    grp = np.asarray(predicted_in, dtype=bool)
    y = np.asarray(outcome, dtype=bool)
    n1, n0 = int(grp.sum()), int((~grp).sum())
    out = {"n": n1 + n0, "error_rates": rates.source}
    if not n1 or not n0:
        return {**out, "estimate": math.nan, "ci_low": math.nan, "ci_high": math.nan}
    k1, k0 = int(y[grp].sum()), int(y[~grp].sum())
    i = CATEGORIES.index(category)
    keep = [CATEGORIES.index(c) for c in among]
    q = n1 / (n1 + n0)
    se, fp = _two_way(rates.matrix(), rates.counts, i, keep)
    pi, rho1, rho0 = _group_rates(se, fp, q, k1 / n1, k0 / n0)
    rng = np.random.default_rng(seed)
    sims = []
    for _ in range(draws):
        m = rates.draw(rng)
        se_b, fp_b = _two_way(m, rates.counts, i, keep)
        q_b = rng.beta(n1 + 0.5, n0 + 0.5)
        r1, r0 = rng.beta(k1 + 0.5, n1 - k1 + 0.5), rng.beta(k0 + 0.5, n0 - k0 + 0.5)
        _, a, b = _group_rates(se_b, fp_b, q_b, r1, r0)
        sims.append(a - b)
    sims = np.asarray(sims)
    sims = sims[~np.isnan(sims)]
    est = rho1 - rho0
    if len(sims) < draws / 2 or math.isnan(est):
        return {**out, "estimate": math.nan, "ci_low": math.nan, "ci_high": math.nan,
                "note": "the measured error rates leave the groups indistinguishable"}
    low, high = np.percentile(sims, [2.5, 97.5])
    p = min(1.0, max(2 * min((sims >= 0).mean(), (sims <= 0).mean()), 1 / draws))
    ppv = pi * se / q
    false_out = pi * (1 - se) / (1 - q)
    return {**out, "estimate": float(est), "ci_low": float(min(low, est)),
            "ci_high": float(max(high, est)), "p": float(p),
            "rate_in": rho1, "rate_out": rho0,
            "group_size": {"predicted": n1, "corrected": pi * (n1 + n0)},
            "attenuation": float(ppv - false_out)}
