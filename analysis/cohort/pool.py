"""Random-effects meta-analysis of the cards, claim by claim.

Paule-Mandel tau^2 with Hartung-Knapp-Sidik-Jonkman (t-based) intervals through statsmodels'
``combine_effects`` (not the DerSimonian-Laird z-test, anti-conservative with few people);
a Q-profile interval for tau^2; the prediction interval where a new person would likely fall
(Higgins, Thompson & Spiegelhalter 2009); meta-regression on one moderator at a time.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as st

from ..claims import VERDICTS
from .card import scales

MIN_PEOPLE = 3  # fewer estimates: no pooled figure (a t with k - 2 df needs k >= 3)
MODERATORS = {
    "archive kind": ("categorical", lambda card: (card.get("archive") or {}).get("kind")),
    "years of data": ("numeric", lambda card: (card.get("data") or {}).get("years")),
    "network size": ("numeric", lambda card: (card.get("data") or {}).get("network_size")),
}


def _q(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = (w * y).sum() / w.sum()
    return float((w * (y - mu) ** 2).sum())


def tau2_interval(y: np.ndarray, v: np.ndarray, alpha: float = 0.05) -> tuple[float, float]:
    """Q-profile 95% interval for tau^2 (Viechtbauer 2007): where the generalised Q meets
    the chi-square quantiles with k - 1 degrees of freedom."""
    k = len(y)
    hi_q, lo_q = st.chi2.ppf(1 - alpha / 2, k - 1), st.chi2.ppf(alpha / 2, k - 1)
    top = max(10 * float(np.var(y, ddof=1)) + 10 * float(v.max()), 1e-8)

    def bound(target: float) -> float:
        if _q(0.0, y, v) <= target:
            return 0.0
        upper = top
        while _q(upper, y, v) > target:
            upper *= 10
        return float(optimize.brentq(lambda t: _q(t, y, v) - target, 0.0, upper))

    return bound(hi_q), bound(lo_q)


def combine(y, se) -> dict:
    """Pooled estimate (HKSJ 95% interval), tau^2 (Paule-Mandel, Q-profile interval), I^2 and
    the 95% prediction interval of k estimates with their standard errors."""
    from statsmodels.stats.meta_analysis import combine_effects

    y, v = np.asarray(y, float), np.asarray(se, float) ** 2
    k = len(y)
    if k < MIN_PEOPLE:
        return {"k": k}
    res = combine_effects(y, v, method_re="pm", use_t=True)
    mu = float(res.mean_effect_re)
    # HKSJ standard error, never below the plain random-effects one (the "ad hoc" rule of
    # Knapp & Hartung 2003): when the estimates agree more than their errors say, the raw
    # HKSJ interval is narrower than it should be.
    se_mu = max(float(res.sd_eff_w_re_hksj), float(res.sd_eff_w_re))
    crit = float(st.t.ppf(0.975, k - 1))
    tau2 = float(res.tau2)
    half = float(st.t.ppf(0.975, k - 2) * math.sqrt(tau2 + se_mu ** 2))
    tau_lo, tau_hi = tau2_interval(y, v)
    return {"k": k, "estimate": mu, "ci_low": mu - crit * se_mu, "ci_high": mu + crit * se_mu,
            "se": se_mu, "tau2": tau2, "tau2_low": tau_lo, "tau2_high": tau_hi,
            "i2": max(0.0, float(res.i2)), "pi_low": mu - half, "pi_high": mu + half}


def meta_regression(y, se, x, tau2: float, kind: str, name: str = "x") -> dict | None:
    """WLS of the estimates on one moderator, weights 1 / (se^2 + tau^2), t-based slope
    interval; a categorical moderator is compared with its most common level."""
    import statsmodels.api as sm

    frame = pd.DataFrame({"y": y, "w": 1 / (np.asarray(se, float) ** 2 + tau2), "x": x})
    frame = frame.dropna()
    if kind == "categorical":
        if frame["x"].nunique() < 2:
            return None
        base = frame["x"].value_counts().index[0]
        design = pd.get_dummies(frame["x"], dtype=float).drop(columns=[base])
    else:
        frame["x"] = frame["x"].astype(float)
        if frame["x"].nunique() < 3:
            return None
        design = frame[["x"]]
    if len(frame) < design.shape[1] + 3:
        return None
    fit = sm.WLS(frame["y"], sm.add_constant(design, has_constant="add"),
                 weights=frame["w"]).fit()
    ci = fit.conf_int()
    terms = [{"term": (f"per unit of {name}" if kind == "numeric" else f"{t} vs {base}"),
              "slope": float(fit.params[t]), "ci_low": float(ci.loc[t, 0]),
              "ci_high": float(ci.loc[t, 1]), "p": float(fit.pvalues[t])}
             for t in design.columns]
    return {"k": len(frame), "terms": terms}


def _shares(verdicts: list[str]) -> dict:
    total = len(verdicts)
    return {v: {"people": verdicts.count(v), "share": verdicts.count(v) / total if total else None}
            for v in VERDICTS}


def _row(label: str, cid: str, scale: str, cells: list[tuple[dict, dict]]) -> dict:
    """Pool one claim (or one C4/C8 pair): ``cells`` are (card, cell) for every person."""
    usable = [(card, c) for card, c in cells
              if c.get("estimate") is not None and c.get("se") not in (None, 0)]
    row = {"claim": cid, "label": label, "scale": scale, "people": len(cells),
           "estimates": len(usable)}
    pooled = combine([c["estimate"] for _, c in usable], [c["se"] for _, c in usable])
    row.update(pooled)
    row["moderators"] = {}
    if "tau2" in pooled:
        y, se = [c["estimate"] for _, c in usable], [c["se"] for _, c in usable]
        for name, (kind, get) in MODERATORS.items():
            fit = meta_regression(y, se, [get(card) for card, _ in usable], pooled["tau2"], kind,
                                  name)
            if fit:
                row["moderators"][name] = fit
    return row


def pool_cards(cards: list[dict]) -> list[dict]:
    """One pooled row per claim (and per C4/C8 primary pair), with the share of people per
    verdict and why the others could not be pooled."""
    rows = []
    for cid, (scale, _) in scales().items():
        cells = [(card, card["claims"][cid]) for card in cards if cid in card.get("claims", {})]
        row = _row(cid, cid, scale, cells)
        row["verdicts"] = _shares([c["verdict"] for _, c in cells])
        row["not_pooled"] = _why_not(cells)
        rows.append(row)
        pairs: dict[str, list] = {}
        for card, c in cells:
            for p in c.get("pairs", []):
                pairs.setdefault(p["pair"], []).append((card, p))
        for name in sorted(pairs):
            sub = _row(f"{cid} {name}", cid, scale, pairs[name])
            sub["pair"] = name
            rows.append(sub)
    return rows


def _why_not(cells: list[tuple[dict, dict]]) -> dict:
    """Why people have no estimate for a claim: not testable, too few items, no SE."""
    why: dict[str, int] = {}
    for _, c in cells:
        if c.get("estimate") is not None and c.get("se"):
            continue
        if c["verdict"] == "not testable":
            reason = "not testable"
        elif c.get("suppressed"):
            reason = "fewer than 10 items"
        else:
            reason = "no estimate on the pooled scale"
        why[reason] = why.get(reason, 0) + 1
    return why
