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
from .disclosure import band_mid

MIN_PEOPLE = 3  # fewer estimates: no pooled figure (a t with k - 2 df needs k >= 3)
MODERATORS = {
    "archive kind": ("categorical", lambda card: (card.get("archive") or {}).get("kind")),
    "years of data": ("numeric", lambda card: (card.get("data") or {}).get("years")),
    "network size": ("numeric",
                     lambda card: band_mid((card.get("data") or {}).get("network_size"))),
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
    p = float(2 * st.t.sf(abs(mu / se_mu), k - 1))
    return {"k": k, "estimate": mu, "ci_low": mu - crit * se_mu, "ci_high": mu + crit * se_mu,
            "se": se_mu, "p": p, "tau2": tau2, "tau2_low": tau_lo, "tau2_high": tau_hi,
            "i2": max(0.0, float(res.i2)), "pi_low": mu - half, "pi_high": mu + half}


MIN_META_PEOPLE, MIN_PER_LEVEL = 10, 3


def residual_tau2(y: np.ndarray, v: np.ndarray, design: np.ndarray) -> float:
    """Paule-Mandel residual tau^2 of a mixed-effects meta-regression: the between-person
    variance left once the moderator is in the model, where the generalised Q of the
    weighted fit equals its degrees of freedom (k - p); 0 when even tau^2 = 0 fits."""
    k, p = design.shape

    def q(tau2: float) -> float:
        w = 1 / (v + tau2)
        beta = np.linalg.lstsq(design * np.sqrt(w)[:, None], y * np.sqrt(w), rcond=None)[0]
        return float((w * (y - design @ beta) ** 2).sum()) - (k - p)

    if q(0.0) <= 0:
        return 0.0
    upper = max(float(np.var(y)), 1e-6)
    while q(upper) > 0:
        upper *= 10
    return float(optimize.brentq(q, 0.0, upper))


def meta_regression(y, se, x, kind: str, name: str = "x") -> dict | None:
    """Mixed-effects meta-regression on one moderator: weights 1 / (se^2 + residual tau^2),
    Knapp-Hartung t intervals (the WLS scale). Only with at least MIN_META_PEOPLE people and,
    for a categorical moderator, MIN_PER_LEVEL people in every level compared (else None:
    a slope resting on one or two people reads as strong on nothing)."""
    import statsmodels.api as sm

    frame = pd.DataFrame({"y": y, "v": np.asarray(se, float) ** 2, "x": x}).dropna()
    if len(frame) < MIN_META_PEOPLE:
        return None
    if kind == "categorical":
        counts = frame["x"].value_counts()
        frame = frame[frame["x"].isin(counts[counts >= MIN_PER_LEVEL].index)]
        if frame["x"].nunique() < 2 or len(frame) < MIN_META_PEOPLE:
            return None
        base = frame["x"].value_counts().index[0]
        design = pd.get_dummies(frame["x"], dtype=float).drop(columns=[base])
    else:
        frame["x"] = frame["x"].astype(float)
        if frame["x"].nunique() < MIN_PER_LEVEL:
            return None
        design = frame[["x"]]
    exog = sm.add_constant(design, has_constant="add")
    tau2 = residual_tau2(frame["y"].to_numpy(), frame["v"].to_numpy(), exog.to_numpy())
    fit = sm.WLS(frame["y"], exog, weights=1 / (frame["v"] + tau2)).fit()
    ci = fit.conf_int()
    terms = [{"term": (f"per unit of {name}" if kind == "numeric" else f"{t} vs {base}"),
              "slope": float(fit.params[t]), "ci_low": float(ci.loc[t, 0]),
              "ci_high": float(ci.loc[t, 1]), "p": float(fit.pvalues[t]),
              "people": (len(frame) if kind == "numeric"
                         else int((frame["x"] == t).sum()) + int((frame["x"] == base).sum()))}
             for t in design.columns]
    return {"k": len(frame), "tau2_residual": tau2, "terms": terms}


def bh(pvalues: list[float]) -> list[float]:
    """Benjamini-Hochberg q-values (step-up, monotone)."""
    m = len(pvalues)
    order = np.argsort(pvalues)
    q = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, pvalues[i] * m / rank)
        q[i] = running
    return [float(v) for v in q]


def adjust_moderators(rows: list[dict]) -> None:
    """q-values across every moderator term of every claim and pair (one family)."""
    terms = [t for r in rows for m in r.get("moderators", {}).values() for t in m["terms"]]
    for t, q in zip(terms, bh([t["p"] for t in terms]), strict=True):
        t["q"] = q


def wilson(x: int, n: int) -> tuple[float | None, float | None]:
    """Wilson 95% interval of a share of people."""
    if not n:
        return None, None
    z, p = 1.959963984540054, x / n
    mid, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (mid - half) / (1 + z * z / n), (mid + half) / (1 + z * z / n)


def _shares(verdicts: list[str]) -> dict:
    total = len(verdicts)
    return {v: {"people": verdicts.count(v), "share": verdicts.count(v) / total if total else None,
                "ci": list(wilson(verdicts.count(v), total))}
            for v in VERDICTS}


def poolable(cell: dict) -> bool:
    """Pooled only where the person's own verdict is testable and the figure survived."""
    return (cell.get("verdict") != "not testable" and cell.get("estimate") is not None
            and bool(cell.get("se")))


def _row(label: str, cid: str, scale: str, cells: list[tuple[dict, dict]]) -> dict:
    """Pool one claim (or one C4/C8 pair): ``cells`` are (card, cell) for every person."""
    usable = [(card, c) for card, c in cells if poolable(c)]
    row = {"claim": cid, "label": label, "scale": scale, "people": len(cells),
           "estimates": len(usable)}
    pooled = combine([c["estimate"] for _, c in usable], [c["se"] for _, c in usable])
    row.update(pooled)
    row["moderators"] = {}
    if "tau2" in pooled:
        y, se = [c["estimate"] for _, c in usable], [c["se"] for _, c in usable]
        for name, (kind, get) in MODERATORS.items():
            fit = meta_regression(y, se, [get(card) for card, _ in usable], kind, name)
            if fit:
                row["moderators"][name] = fit
    return row


def pool_cards(cards: list[dict]) -> list[dict]:
    """One pooled row per claim (and per C4/C8 primary pair), with the share of people per
    verdict and why the others could not be pooled; coverage, verdict shares and the pooled
    figure all come from the same cells (every person with a card for the claim)."""
    from ..claims import all_claims

    specs = {c.id: c.card for c in all_claims()}
    rows = []
    for cid, (scale, _) in scales().items():
        spec = specs[cid]
        cells = [(card, card["claims"][cid]) for card in cards if cid in card.get("claims", {})]
        if spec.by_pair:
            row = {"claim": cid, "label": cid, "scale": scale, "people": len(cells),
                   "estimates": sum(poolable(c) for _, c in cells), "k": 0, "moderators": {},
                   "by_pair": True}
        else:
            row = _row(cid, cid, scale, cells)
        row["verdicts"] = _shares([c["verdict"] for _, c in cells])
        row["not_pooled"] = _why_not(cells)
        if spec.why_not_poolable and "estimate" not in row:
            row["why_not_poolable"] = spec.why_not_poolable
        rows.append(row)
        pairs: dict[str, list] = {}
        for card, c in cells:
            if c.get("verdict") == "not testable":
                continue
            for p in c.get("pairs", []):
                pairs.setdefault(p["pair"], []).append((card, {**p, "verdict": c["verdict"]}))
        subs = []
        for name in sorted(pairs):
            sub = _row(f"{cid} {name}", cid, scale, pairs[name])
            sub["pair"] = name
            subs.append(sub)
        if spec.by_pair:
            row["pairs"] = _pair_summary(subs)
        rows.extend(subs)
    adjust_moderators(rows)
    return rows


def _pair_summary(subs: list[dict]) -> dict:
    """C4/C8 across pairs: BH q-values over the pooled pairs, and how many stand at q < 0.05
    (never the per-person smallest-q pair, which would pool a selected statistic)."""
    pooled = [s for s in subs if "p" in s]
    for s, q in zip(pooled, bh([s["p"] for s in pooled]), strict=True):
        s["q"] = q
    return {"pairs": len(subs), "pooled": len(pooled),
            "q_below_05": [s["pair"] for s in pooled if s["q"] < 0.05]}


def _why_not(cells: list[tuple[dict, dict]]) -> dict:
    """Why people have no pooled estimate for a claim (the same test as the pooling)."""
    why: dict[str, int] = {}
    for _, c in cells:
        if poolable(c):
            continue
        if c["verdict"] == "not testable":
            reason = "not testable" + (f" ({c['not_testable']})" if c.get("not_testable") else "")
        elif c.get("dropped"):
            reason = "cell rejected on reading"
        elif c.get("suppressed"):
            reason = "suppressed on the card (fewer than 10 items, or a count under 10)"
        else:
            reason = "no estimate on the pooled scale"
        why[reason] = why.get(reason, 0) + 1
    return why
