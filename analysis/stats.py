"""Inference helpers for the claims: each returns the estimate with its uncertainty.

Thin, tested wrappers over statsmodels and scipy, so that every claim reports its numbers
the same way: an estimate, a 95% interval, a p-value where there is a test, and the
smallest effect the data could have detected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

Z975 = sps.norm.ppf(0.975)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a 95% interval and, where there is a test, its p-value."""

    value: float
    low: float
    high: float
    p: float | None = None
    n: int | None = None

    def as_dict(self) -> dict:
        return {"estimate": self.value, "ci_low": self.low, "ci_high": self.high, "p": self.p,
                "n": self.n}


def wilson(k: int, n: int, *, p0: float = 0.5, alpha: float = 0.05) -> Estimate:
    """Share k/n with its Wilson interval and an exact two-sided binomial test against p0."""
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, None, 0)
    low, high = proportion_confint(k, n, alpha=alpha, method="wilson")
    p = sps.binomtest(k, n, p0).pvalue
    return Estimate(k / n, float(low), float(high), float(p), n)


def time_blocks(times, block_days: float) -> np.ndarray:
    """Block number of each item: consecutive fixed blocks of ``block_days`` days counted
    from the first item (a month, a quarter). An undated item is a block of its own."""
    t = pd.to_datetime(pd.Series(times).reset_index(drop=True), utc=True)
    days = (t - t.min()).dt.total_seconds().to_numpy() / 86400
    blocks = np.floor(np.nan_to_num(days, nan=0.0) / block_days).astype(int)
    undated = np.isnan(days)
    blocks[undated] = blocks.max(initial=0) + 1 + np.arange(undated.sum())
    return blocks


def design_effect(y, blocks) -> float:
    """Design effect of a share: the cluster-robust (sandwich) variance of the mean of the
    0/1 items ``y`` with ``blocks`` as clusters (small-sample factor B/(B-1)), over the
    binomial variance p(1-p)/n; never below 1 (the binomial variance is the floor: a
    negative intra-block correlation is not credited). 1 when there are fewer than 2
    blocks or the share is 0 or 1."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    if n == 0:
        return 1.0
    p = y.mean()
    _, b = np.unique(np.asarray(blocks), return_inverse=True)
    nb = b.max() + 1
    if nb < 2 or p in (0.0, 1.0):
        return 1.0
    resid = np.bincount(b, weights=y - p, minlength=nb)
    v_cr = nb / (nb - 1) * float((resid ** 2).sum()) / n ** 2
    return max(1.0, v_cr / (p * (1 - p) / n))


def effective_wilson(k: float, n: int, deff: float, *, p0: float = 0.5) -> Estimate:
    """Wilson interval and binomial test on the effective sample size n/deff (same share):
    plain ``wilson`` when deff is 1, wider otherwise. ``n`` in the result stays the count
    of items."""
    if n == 0 or deff <= 1.0:
        return wilson(int(round(k)), n, p0=p0)
    n_eff = n / deff
    k_eff = k / deff
    low, high = proportion_confint(k_eff, n_eff, method="wilson")
    p = sps.binomtest(int(round(k_eff)), max(int(round(n_eff)), 1), p0).pvalue
    return Estimate(k / n, float(low), float(high), float(p), n)


def clustered_wilson(y, times, *, block_days: float = 30.0, p0: float = 0.5
                     ) -> tuple[Estimate, float]:
    """A share of 0/1 items dated ``times`` with a Wilson interval honest under clustering
    in time, and its design effect.

    Why: items that share their outcome (a campaign of pitches, a conference cohort, the
    interviews of one job search) arrive close in time, and real weekly series are
    autocorrelated, so k of n is not binomial and plain Wilson is too narrow. Items are
    grouped into fixed blocks of ``block_days`` (longer than the time over which items
    share a cause), the cluster-robust (sandwich) variance of the share over those blocks
    gives the design effect deff (at least 1), and Wilson is applied to the effective
    sample size n/deff. With items independent in time deff estimates 1 and the interval
    is plain Wilson up to sampling noise in deff (it is never narrower)."""
    y = np.asarray(y, dtype=float)
    if len(y) == 0:
        return wilson(0, 0, p0=p0), 1.0
    deff = design_effect(y, time_blocks(times, block_days))
    return effective_wilson(float(y.sum()), len(y), deff, p0=p0), deff


def clustered_mean(values, clusters) -> Estimate:
    """Mean of ``values`` with a 95% interval honest when items of one cluster (the days of
    one week, the messages of one sender) go together: the cluster-robust variance with the
    small-sample factor G/(G-1) and t critical values on G-1 degrees of freedom, G the
    number of clusters (a z interval over-covers nothing and under-covers with few
    clusters). NaN interval with fewer than 2 clusters."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, None, 0)
    mean = float(y.mean())
    _, g = np.unique(np.asarray(clusters), return_inverse=True)
    ng = int(g.max()) + 1
    if ng < 2:
        return Estimate(mean, math.nan, math.nan, None, n)
    resid = np.bincount(g, weights=y - mean, minlength=ng)
    se = math.sqrt(ng / (ng - 1) * float((resid ** 2).sum())) / n
    t = float(sps.t.ppf(0.975, ng - 1))
    return Estimate(mean, mean - t * se, mean + t * se, None, n)


def null_scorecard(counts: dict[str, tuple[int, int]], *, draws: int = 20_000,
                   seed: int = 0) -> dict:
    """False verdicts a scorecard shows when no claim has a real effect, from each claim's
    false-verdict count k of n null worlds: the expected number (sum of the rates) and the
    chance of at least one (1 - prod(1 - rate), claims taken as independent), each with a
    95% interval for the simulation error (Jeffreys Beta(k + 1/2, n - k + 1/2) draws).
    Why: ten claims each near 5% under their null show a false verdict somewhere far more
    often than 5%, and a reader should be told how often."""
    items = [(k, n) for k, n in counts.values() if n > 0]
    if not items:
        return {"claims": 0, "expected": math.nan, "expected_low": math.nan,
                "expected_high": math.nan, "at_least_one": math.nan,
                "at_least_one_low": math.nan, "at_least_one_high": math.nan}
    k = np.array([i[0] for i in items], dtype=float)
    n = np.array([i[1] for i in items], dtype=float)
    rates = sps.beta.rvs(k + 0.5, n - k + 0.5, size=(draws, len(items)),
                         random_state=np.random.default_rng(seed))
    total = rates.sum(1)
    any_false = 1 - np.prod(1 - rates, axis=1)
    point = k / n
    return {"claims": len(items), "expected": float(point.sum()),
            "expected_low": float(np.quantile(total, 0.025)),
            "expected_high": float(np.quantile(total, 0.975)),
            "at_least_one": float(1 - np.prod(1 - point)),
            "at_least_one_low": float(np.quantile(any_false, 0.025)),
            "at_least_one_high": float(np.quantile(any_false, 0.975))}


def share_mde(n: int, *, p0: float = 0.5, power: float = 0.8) -> float:
    """Distance from p0 a true share must have for its 95% interval to exclude p0 with
    the given power (normal approximation, worst case variance at p0)."""
    if n <= 0:
        return math.nan
    return float((Z975 + sps.norm.ppf(power)) * math.sqrt(p0 * (1 - p0) / n))


def interval_mde(low: float, high: float, *, fallback: float = math.nan,
                 power: float = 0.8) -> float:
    """Smallest distance from the null value detectable with ``power`` by the interval the
    claim actually reports: its standard error read off the 95% interval's width, so the
    design effect, a classifier correction or a cluster adjustment that widened the
    interval widen the MDE too (a formula in n alone ignores them). ``fallback`` when the
    interval is missing."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return fallback
    se = (high - low) / (2 * Z975)
    return float((Z975 + sps.norm.ppf(power)) * se)


def two_proportions(k1: int, n1: int, k2: int, n2: int) -> Estimate:
    """Difference p1 - p2 with the Newcombe (score) interval and a score test."""
    if min(n1, n2) == 0:
        return Estimate(math.nan, math.nan, math.nan, None, n1 + n2)
    import warnings

    with warnings.catch_warnings():  # zero counts make statsmodels' side ratios divide by 0
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
        p = test_proportions_2indep(k1, n1, k2, n2, method="score", compare="diff").pvalue
    return Estimate(k1 / n1 - k2 / n2, float(low), float(high), float(p), n1 + n2)


def clustered_two_proportions(y, in_group1, clusters) -> tuple[Estimate, int]:
    """Difference of two reply rates (group 1 minus group 2) with the Newcombe interval,
    widened when the items come in clusters the data name (several openers from one sender):
    the cluster-robust CR2 variance of the difference of means with t critical values on
    G-1 degrees of freedom, never narrower than Newcombe. Returns the estimate and G, the
    number of clusters."""
    y = np.asarray(y, dtype=float)
    g1 = np.asarray(in_group1, dtype=bool)
    k1, n1, k2, n2 = int(y[g1].sum()), int(g1.sum()), int(y[~g1].sum()), int((~g1).sum())
    base = two_proportions(k1, n1, k2, n2)
    keys = pd.Series(clusters, dtype=object).reset_index(drop=True)
    keys = keys.where(keys.notna(), pd.Series([f"_alone{i}" for i in range(len(keys))]))
    _, c = np.unique(keys.astype(str).to_numpy(), return_inverse=True)
    ng = int(c.max()) + 1 if len(c) else 0
    if min(n1, n2) == 0 or ng < 2 or not math.isfinite(base.low):
        return base, ng
    resid = y - np.where(g1, y[g1].mean(), y[~g1].mean())
    n_g = np.where(g1, n1, n2).astype(float)
    # CR2 (Bell-McCaffrey): within a cluster, the residuals of one group are scaled by
    # (1 - m/n_g)^(-1/2), m the cluster's members in that group (the leverage correction
    # of the two-means model, in closed form).
    cell = c * 2 + g1
    m = np.bincount(cell, minlength=2 * ng)[cell]
    adj = 1 / np.sqrt(np.clip(1 - m / n_g, 1e-12, None))
    weight = np.where(g1, 1 / n1, -1 / n2)
    score = np.bincount(c, weights=weight * resid * adj, minlength=ng)
    se = math.sqrt(float((score ** 2).sum()))
    half = float(sps.t.ppf(0.975, ng - 1)) * se
    if half <= (base.high - base.low) / 2:
        return base, ng
    p = float(2 * sps.t.sf(abs(base.value) / se, ng - 1)) if se > 0 else base.p
    return Estimate(base.value, base.value - half, base.value + half, max(p, base.p or 0),
                    base.n), ng


def two_proportions_mde(n1: int, n2: int, *, p: float = 0.5, power: float = 0.8) -> float:
    """Smallest difference in proportions detectable at 5% with the given power."""
    if min(n1, n2) <= 0:
        return math.nan
    return float((Z975 + sps.norm.ppf(power)) * math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)))


def bh(pvalues: list[float | None]) -> list[float | None]:
    """Benjamini-Hochberg q-values; None stays None (a claim with no test)."""
    idx = [i for i, p in enumerate(pvalues) if p is not None and not math.isnan(p)]
    out: list[float | None] = [None] * len(pvalues)
    if idx:
        _, q, _, _ = multipletests([pvalues[i] for i in idx], method="fdr_bh")
        for i, value in zip(idx, q, strict=True):
            out[i] = float(value)
    return out


def tost_log_ratio(log_ratio: float, se: float, low: float, high: float) -> float:
    """Two one-sided tests that a ratio lies inside [low, high] (normal approximation on
    the log scale). Small p: the effect is equivalent to none, within the bounds."""
    if not (se > 0 and math.isfinite(log_ratio)):
        return math.nan
    p_low = 1 - sps.norm.cdf((log_ratio - math.log(low)) / se)
    p_high = sps.norm.cdf((log_ratio - math.log(high)) / se)
    return float(max(p_low, p_high))


def ratio_mde(se: float, *, power: float = 0.8, alpha: float = 0.05) -> float:
    """Smallest ratio above 1 detectable at level ``alpha`` two-sided with the given power
    (pass the Benjamini-Hochberg level a single effect among m tests must reach, 0.05/m)."""
    if not (0 < se < 10):
        return math.nan
    return float(math.exp((sps.norm.isf(alpha / 2) + sps.norm.ppf(power)) * se))


def equivalence_power(se: float, low: float, high: float, *, alpha: float = 0.05) -> float:
    """Chance that a TOST at ``alpha`` declares a ratio equivalent to 1 within [low, high]
    when the true ratio is exactly 1 and the log-ratio's standard error is ``se``."""
    if not (se > 0 and math.isfinite(se)):
        return math.nan
    z = sps.norm.isf(alpha)
    up = sps.norm.cdf(math.log(high) / se - z)
    down = sps.norm.cdf(-math.log(low) / se - z)
    return float(max(0.0, up + down - 1))


def gini(values) -> float:
    """Gini concentration of non-negative values (0: equal, 1: all in one)."""
    x = np.sort(np.asarray(values, dtype=float))
    if len(x) == 0 or x.sum() == 0:
        return math.nan
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum()))


def kaplan_meier(durations, observed) -> pd.DataFrame:
    """Kaplan-Meier survival curve for right-censored data (statsmodels' ``SurvfuncRight``):
    one row per distinct time with the number at risk, the events, the survival and its
    pointwise 95% interval (log-log, so it stays within 0 and 1)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    t = np.asarray(durations, float)
    e = np.asarray(observed, bool)
    cols = ["time", "at_risk", "events", "survival", "ci_low", "ci_high"]
    if len(t) == 0:
        return pd.DataFrame(columns=cols)
    times, first = np.unique(t, return_index=True)
    order = np.sort(t)
    at_risk = len(t) - np.searchsorted(order, times, side="left")
    events = pd.Series(e.astype(int)).groupby(t).sum().reindex(times).to_numpy()
    out = pd.DataFrame({"time": times, "at_risk": at_risk, "events": events,
                        "survival": 1.0, "ci_low": np.nan, "ci_high": np.nan})
    if e.any():
        sf = SurvfuncRight(t, e.astype(int))
        step = np.searchsorted(sf.surv_times, times, side="right") - 1  # last event <= t
        seen = step >= 0
        surv = sf.surv_prob[step[seen]]
        se = sf.surv_prob_se[step[seen]]
        with np.errstate(divide="ignore", invalid="ignore"):
            half = Z975 * se / (surv * np.abs(np.log(surv)))
            low = surv ** np.exp(half)
            high = surv ** np.exp(-half)
        out.loc[seen, "survival"] = surv
        out.loc[seen, "ci_low"] = np.where(np.isfinite(low), low, np.nan)
        out.loc[seen, "ci_high"] = np.where(np.isfinite(high), high, np.nan)
    return out[cols]


@dataclass(frozen=True)
class RateRatio:
    """An incidence-rate ratio per SD of exposure from a negative-binomial fit."""

    irr: float
    low: float
    high: float
    p: float
    se_log: float
    z_model: float  # coefficient over its model-based SE (the shift test's statistic)
    n: int
    alpha: float  # estimated NB dispersion (0 for the Poisson fallback)
    converged: bool
    model: str = "negative binomial"


MIN_EVENT_WEEKS = 5  # a count model needs events spread over weeks, not a burst or two
MAX_CONDITION = 1e10  # beyond this a design's columns are (nearly) collinear


def design_problem(y: np.ndarray, exposure: np.ndarray | None,
                   controls: np.ndarray | None) -> str | None:
    """Why a count regression of ``y`` on exposure and controls cannot be fitted, or None.

    Checked before fitting, so a sparse export gets a reason instead of a singular matrix:
    too few weeks, an outcome that is zero, constant or in fewer than
    ``MIN_EVENT_WEEKS`` weeks, an exposure that does not vary, or collinear columns.
    """
    y = np.asarray(y, float)
    if not np.isfinite(y).all():
        return "the outcome has missing weeks"
    k = 1 + (exposure is not None) + (0 if controls is None else np.atleast_2d(
        controls.T).shape[0])
    if len(y) < k + 3:
        return f"too few weeks ({len(y)})"
    if y.sum() == 0:
        return "the outcome is zero every week"
    if np.ptp(y) == 0:
        return "the outcome is the same every week"
    if (y > 0).sum() < MIN_EVENT_WEEKS:
        return f"the outcome occurs in fewer than {MIN_EVENT_WEEKS} weeks"
    cols = [np.ones(len(y))]
    if exposure is not None:
        exposure = np.asarray(exposure, float)
        if not np.isfinite(exposure).all():
            return "the exposure has missing weeks"
        if np.ptp(exposure) == 0:
            return "the exposure is the same every week"
        cols.append((exposure - exposure.mean()) / exposure.std())
    if controls is not None:
        cols += list(np.atleast_2d(np.asarray(controls, float).T))
    X = np.column_stack(cols)
    if np.linalg.matrix_rank(X) < X.shape[1] or np.linalg.cond(X) > MAX_CONDITION:
        return "the exposure is collinear with the trend or season"
    return None


def negbin_rate_ratio(y: np.ndarray, exposure: np.ndarray, controls: np.ndarray | None,
                      *, hac_lags: int, robust: bool = True) -> RateRatio | None:
    """Fit y ~ NB(exp(b0 + b1*z(exposure) + controls)) with the dispersion estimated (the
    discrete NegativeBinomial model, not a GLM with fixed alpha).

    The standard error is the HAC (Newey-West, ``hac_lags`` lags) one, but never smaller
    than the model-based one: HAC is biased downwards in a few years of weeks, and our
    simulations showed plain HAC rejecting a true null 10-19% of the time at 5%.
    ``robust=False`` skips the HAC step (used by the shift test's refits).
    Returns None when the exposure does not vary or the fit fails.
    """
    import warnings

    from statsmodels.discrete.discrete_model import NegativeBinomial
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning

    if design_problem(y, exposure, controls):
        return None
    z = (exposure - exposure.mean()) / np.std(exposure)
    cols = [np.ones_like(z), z] + ([controls] if controls is not None else [])
    X = np.column_stack(cols)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (ConvergenceWarning, HessianInversionWarning,
                                         RuntimeWarning))
        fitted = _fit_with_hac(NegativeBinomial(y, X), hac_lags=hac_lags, robust=robust)
    if fitted is None:
        return None
    res, se_model, se = fitted
    b = float(res.params[1])
    alpha = float(res.params[-1])
    converged = bool(res.mle_retvals.get("converged", False))
    ok = (np.isfinite(b) and np.isfinite(se) and np.isfinite(se_model) and 0 < se < 10
          and abs(b) < 20)
    if not ok or not converged or not (alpha > DISPERSION_BOUNDARY):
        return poisson_rate_ratio(y, z, controls, hac_lags=hac_lags, robust=robust,
                                  why=_fallback_reason(ok, converged, alpha))
    p = float(2 * sps.norm.sf(abs(b / se)))
    return RateRatio(math.exp(b), math.exp(b - Z975 * se), math.exp(b + Z975 * se), p, se,
                     b / se_model, len(y), alpha, converged)


DISPERSION_BOUNDARY = 1e-4  # NB dispersion at or below this: Poisson is the same model


def _fit_with_hac(model, *, hac_lags: int, robust: bool):
    """Fit a count model; the exposure's error is HAC (Newey-West) but never below the
    model-based one (a NaN HAC error must not win). None when the fit breaks down."""
    try:
        res = model.fit(disp=0, maxiter=300)
        se_model = float(res.bse[1])
        se = se_model
        if robust:
            hac = model.fit(start_params=res.params, disp=0, maxiter=50, cov_type="HAC",
                            cov_kwds={"maxlags": hac_lags})
            se = float(np.fmax(se_model, float(hac.bse[1])))
    except (np.linalg.LinAlgError, ValueError):
        return None
    return res, se_model, se


def _fallback_reason(ok: bool, converged: bool, alpha: float) -> str:
    if not converged:
        return "the negative-binomial fit did not converge"
    if not (alpha > DISPERSION_BOUNDARY):
        return "the negative-binomial dispersion sits on its boundary (no overdispersion)"
    return "the negative-binomial fit gave no finite standard error"


def poisson_rate_ratio(y: np.ndarray, z: np.ndarray, controls: np.ndarray | None, *,
                       hac_lags: int, robust: bool = True, why: str = "") -> RateRatio | None:
    """The fallback when the negative-binomial fit fails or has no overdispersion: a Poisson
    fit of the same design (z is the standardised exposure) with the same rule for errors
    (HAC, never below the model-based error). The model name says it was a fallback."""
    import warnings

    from statsmodels.discrete.discrete_model import Poisson

    X = np.column_stack([np.ones_like(z), z] + ([controls] if controls is not None else []))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = _fit_with_hac(Poisson(y, X), hac_lags=hac_lags, robust=robust)
    if fitted is None:
        return None
    res, se_model, se = fitted
    b = float(res.params[1])
    if not (np.isfinite(b) and np.isfinite(se) and 0 < se < 10 and abs(b) < 20):
        return None
    p = float(2 * sps.norm.sf(abs(b / se)))
    return RateRatio(math.exp(b), math.exp(b - Z975 * se), math.exp(b + Z975 * se), p, se,
                     b / se_model, len(y), 0.0,
                     bool(res.mle_retvals.get("converged", False)),
                     f"Poisson (fallback: {why})" if why else "Poisson")


def negbin_score_z(y: np.ndarray, controls: np.ndarray | None,
                   candidates: np.ndarray) -> np.ndarray | None:
    """Score-test z for adding each column of ``candidates`` to y ~ NB(controls).

    The null model is fitted once; each candidate's z is the efficient score over the
    square root of its information net of the controls. Used by the circular-shift test,
    where the candidates are the exposure rotated by every allowed shift: hundreds of
    tests for the price of one fit. Returns None when the design is degenerate (see
    ``design_problem`` and ``score_problem``).
    """
    if score_problem(y, controls) is not None:
        return None
    import warnings

    from statsmodels.discrete.discrete_model import NegativeBinomial

    Z = np.ones((len(y), 1)) if controls is None else np.column_stack(
        [np.ones(len(y)), controls])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = NegativeBinomial(y, Z).fit(disp=0, maxiter=300)
            beta, alpha = res.params[:-1], float(res.params[-1])
            if not (res.mle_retvals.get("converged", False) and alpha > DISPERSION_BOUNDARY
                    and np.isfinite(beta).all()):
                from statsmodels.discrete.discrete_model import Poisson

                beta, alpha = Poisson(y, Z).fit(disp=0, maxiter=300).params, 0.0
        except (np.linalg.LinAlgError, ValueError):
            return None
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        mu = np.exp(Z @ beta)
        w = mu / (1 + alpha * mu)
        r = (y - mu) / (1 + alpha * mu)
    info_z = Z.T @ (Z * w[:, None])
    if not (np.isfinite(beta).all() and np.isfinite(alpha) and np.isfinite(info_z).all()
            and np.linalg.cond(info_z) < MAX_CONDITION):
        return None  # the null fit ran away (events bunched where the trend can chase them)
    X = (candidates - candidates.mean(0)) / np.where(candidates.std(0) > 0,
                                                      candidates.std(0), np.nan)
    U = X.T @ r
    ZW = Z * w[:, None]
    try:
        proj = np.linalg.solve(info_z, ZW.T @ X)
    except np.linalg.LinAlgError:
        return None
    info = (X * (w[:, None] * X)).sum(0) - (ZW.T @ X * proj).sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return U / np.sqrt(info)


def score_problem(y: np.ndarray, controls: np.ndarray | None) -> str | None:
    """``design_problem`` for the null model of the score test (no exposure column)."""
    return design_problem(y, None, controls)


# -- shared by several claims (claim modules never import each other) -----------------------
# Items sharing a cause (a sales campaign, a conference cohort) arrive within days: month-long
# blocks hold them (``clustered_wilson``).
BLOCK_DAYS = 30.0


def share_verdict(est: Estimate, *, supported_above: bool = True) -> str:
    """The CLAIMS.md rule for shares: the whole 95% interval on one side of 0.5."""
    return interval_verdict(est.low, est.high, 0.5, supported_above=supported_above) \
        if est.n else "inconclusive"


def interval_verdict(low: float, high: float, line: float, *,
                     supported_above: bool = True) -> str:
    """Supported (or contradicted) when the whole 95% interval lies above ``line``, the
    reverse when it lies below, else inconclusive (also when the interval is undefined)."""
    if low is None or high is None or np.isnan(low) or np.isnan(high):
        return "inconclusive"
    if low > line:
        return "supported" if supported_above else "contradicted"
    if high < line:
        return "contradicted" if supported_above else "supported"
    return "inconclusive"


def logit_fit(y, X, term) -> tuple[float, float, float] | None:
    """(coefficient, SE, p) of ``term`` in a logistic regression of ``y`` on ``X`` (with a
    constant), or None when it cannot be fitted (perfect separation and friends)."""
    import warnings

    import statsmodels.api as sm

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    except Exception:  # noqa: BLE001 - any failure to fit means: no estimate
        return None
    return float(res.params[term]), float(res.bse[term]), float(res.pvalues[term])


def log_odds(successes: float, n: int) -> tuple[float, float]:
    """Empirical log-odds and its standard error (0.5 added to each cell: finite at 0 and n)."""
    x = max(0.0, min(float(successes), float(n)))
    a, b = x + 0.5, n - x + 0.5
    return math.log(a / b), math.sqrt(1 / a + 1 / b)


def risk_difference(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Agresti-Caffo: p1 - p2 with one success and one failure added to each group."""
    p1, p2 = (x1 + 1) / (n1 + 2), (x2 + 1) / (n2 + 2)
    return p1 - p2, math.sqrt(p1 * (1 - p1) / (n1 + 2) + p2 * (1 - p2) / (n2 + 2))


def se_from_interval(low, high, transform=lambda v: v) -> float | None:
    """The standard error a 95% interval implies on a (transformed) scale:
    (high - low) / (2 z), or None when the interval is missing or degenerate there."""
    try:
        lo, hi = transform(low), transform(high)
        se = (hi - lo) / (2 * Z975)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return float(se) if math.isfinite(se) and se > 0 else None


def logit(p: float) -> float:
    """log(p / (1 - p)); ValueError at 0 and 1 (no finite log-odds)."""
    return math.log(p / (1 - p))
