"""The statistics behind C1, C4, C8 and C9 checked against values computed independently:
statsmodels' GLM paths (a second implementation of the negative-binomial fit, its HAC errors
and the score test), closed forms, and a brute-force placebo test written with plain loops.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

from analysis import stats
from analysis.claims.learning import event_study
from analysis.classify.model import CATEGORIES
from analysis.classify.prevalence import ErrorRates, corrected_shares


def _ar(rng, n, rho, sd):
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = rho * x[t - 1] + rng.normal(0, sd)
    return x


def _independent_ar_series(seed: int, n: int = 260):
    """Exposure and outcome over independent latent AR(1)s (rho 0.9): the scores are
    autocorrelated, so Newey-West errors exceed the model-based ones in many draws."""
    rng = np.random.default_rng(seed)
    x = rng.poisson(np.exp(1 + _ar(rng, n, 0.9, 0.4))).astype(float)
    y = rng.poisson(np.exp(1 + _ar(rng, n, 0.9, 0.4))).astype(float)
    return x, y, (np.arange(n) / 52)[:, None]


def _glm(y, x, controls, alpha, **fit):
    z = (x - x.mean()) / x.std()
    X = np.column_stack([np.ones(len(y)), z, controls])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha)).fit(**fit)


@pytest.mark.parametrize("seed", [0, 2])
def test_negbin_rate_ratio_matches_the_glm_at_the_fitted_dispersion(seed):
    x, y, controls = _independent_ar_series(seed)
    fit = stats.negbin_rate_ratio(y, x, controls, hac_lags=4, robust=False)
    glm = _glm(y, x, controls, fit.alpha)
    assert math.log(fit.irr) == pytest.approx(glm.params[1], abs=1e-5)
    assert fit.se_log == pytest.approx(glm.bse[1], rel=0.05)  # observed vs expected info
    assert fit.z_model == pytest.approx(math.log(fit.irr) / fit.se_log)
    assert fit.converged


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_negbin_hac_error_matches_the_glm_newey_west(seed):
    """Where Newey-West (4 lags) is wider than the model, the reported error is the HAC one,
    equal to statsmodels' GLM HAC at the same dispersion; the p-value follows from it."""
    x, y, controls = _independent_ar_series(seed)
    model = stats.negbin_rate_ratio(y, x, controls, hac_lags=4, robust=False)
    fit = stats.negbin_rate_ratio(y, x, controls, hac_lags=4)
    hac = _glm(y, x, controls, model.alpha, cov_type="HAC", cov_kwds={"maxlags": 4}).bse[1]
    assert hac > 1.1 * model.se_log  # the case where the widening matters
    assert fit.se_log == pytest.approx(hac, rel=0.005)
    b = math.log(fit.irr)
    assert fit.p == pytest.approx(2 * stats.sps.norm.sf(abs(b / hac)), rel=0.01)
    assert fit.low == pytest.approx(math.exp(b - 1.959964 * hac), rel=1e-3)


def test_negbin_hac_never_narrows_the_model_error():
    x, y, controls = _independent_ar_series(2)
    model = stats.negbin_rate_ratio(y, x, controls, hac_lags=4, robust=False)
    hac = _glm(y, x, controls, model.alpha, cov_type="HAC", cov_kwds={"maxlags": 4}).bse[1]
    assert hac < model.se_log
    assert stats.negbin_rate_ratio(y, x, controls, hac_lags=4).se_log == model.se_log


def test_negbin_binary_exposure_closed_form():
    """With a 0/1 exposure and no controls, the NB fit of each group's mean is the group's
    sample mean, so the IRR per SD of exposure is (m1/m0) ** sd(x)."""
    rng = np.random.default_rng(11)
    x = np.repeat([0.0, 1.0], 150)
    y = rng.negative_binomial(2, np.where(x > 0, 2 / (2 + 3.0), 2 / (2 + 1.5))).astype(float)
    fit = stats.negbin_rate_ratio(y, x, None, hac_lags=4, robust=False)
    m0, m1 = y[x == 0].mean(), y[x == 1].mean()
    assert math.log(fit.irr) == pytest.approx(x.std() * math.log(m1 / m0), rel=1e-4)


def test_negbin_score_z_matches_the_glm_score_test():
    """z squared equals statsmodels' score (LM) test for the omitted variable, expected
    information, null model at its fitted dispersion: for an effect and for a null shift."""
    from statsmodels.discrete.discrete_model import NegativeBinomial

    rng = np.random.default_rng(5)
    n = 200
    t = np.arange(n) / 52
    latent = _ar(rng, n, 0.6, 0.5)
    x = rng.poisson(np.exp(1 + latent)).astype(float)
    y = rng.poisson(np.exp(0.3 + 0.2 * (x - x.mean()) / x.std() + 0.8 * latent)).astype(float)
    candidates = np.column_stack([x, np.roll(x, 10), np.roll(x, 60)])
    z = stats.negbin_score_z(y, t[:, None], candidates)
    Z = np.column_stack([np.ones(n), t])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha = NegativeBinomial(y, Z).fit(disp=0).params[-1]
        null = sm.GLM(y, Z, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    for j in range(candidates.shape[1]):
        c = candidates[:, j]
        lm = null.score_test(exog_extra=((c - c.mean()) / c.std())[:, None], observed=False)[0]
        assert z[j] ** 2 == pytest.approx(float(np.squeeze(lm)), rel=1e-3)
    assert abs(z[0]) > 3  # the real effect stands out


def _brute_event_study(values, dates_week, weeks):
    """The circular-shift placebo test written out with loops: every offset of the whole
    completion pattern within the covered weeks, windows of ``weeks`` on each side."""
    covered = [i for i, v in enumerate(values) if not math.isnan(v)]

    def diff(pos):
        before = range(pos - weeks, pos)
        after = range(pos + 1, pos + 1 + weeks)
        if pos - weeks < 0 or pos + weeks >= len(values):
            return math.nan
        if any(math.isnan(values[i]) for i in [*before, *after]):
            return math.nan
        return sum(values[i] for i in after) - sum(values[i] for i in before)

    def mean(ps):
        d = [diff(p) for p in ps]
        d = [v for v in d if not math.isnan(v)]
        return sum(d) / len(d) if d else math.nan

    observed = mean(dates_week)
    ranks = [covered.index(p) for p in dates_week]
    placebo = [mean([covered[(r + k) % len(covered)] for r in ranks])
               for k in range(1, len(covered))]
    placebo = np.array([p for p in placebo if not math.isnan(p)])
    centre = np.median(placebo)
    p = (1 + np.sum(np.abs(placebo - centre) >= abs(observed - centre))) / (1 + len(placebo))
    return observed, placebo, p


def test_event_study_matches_a_brute_force_placebo():
    import pandas as pd

    rng = np.random.default_rng(3)
    n, weeks = 120, 6
    values = rng.poisson(2, n).astype(float)
    values[40:48] = np.nan  # an uncovered stretch: missing, never zero
    values[70:80] += 4  # a rise after the spree
    index = pd.date_range("2022-01-03", periods=n, freq="7D", tz="UTC")
    done_weeks = [62, 63, 63, 65, 20, 95]  # a spree plus singles
    dates = pd.Series(index[done_weeks] + pd.Timedelta(days=2))
    study = event_study(pd.Series(values, index=index), dates, weeks, draws=10_000)
    observed, placebo, p = _brute_event_study(list(values), done_weeks, weeks)
    assert study.observed == pytest.approx(observed)
    assert np.sort(study.placebo) == pytest.approx(np.sort(placebo))
    assert study.p == pytest.approx(p)
    assert (study.low, study.high) == pytest.approx(tuple(np.percentile(placebo, [2.5, 97.5])))


def _two_category_rates(sens: float, spec: float, n: float) -> ErrorRates:
    """Confusion counts where only pitches and social notes are confused: sens of pitches
    are called pitches, spec of social notes are called social; the rest exact."""
    k = len(CATEGORIES)
    counts = np.diag(np.full(k, n))
    i, j = CATEGORIES.index("sales_pitch"), CATEGORIES.index("social")
    counts[i, i], counts[i, j] = sens * n, (1 - sens) * n
    counts[j, j], counts[j, i] = spec * n, (1 - spec) * n
    return ErrorRates(counts.astype(float), "test")


def test_prevalence_correction_is_rogan_gladen_for_two_categories():
    """With two categories the matrix inversion is the Rogan-Gladen closed form
    (p + sp - 1) / (se + sp - 1)."""
    rates = _two_category_rates(0.9, 0.8, 10**7)
    predicted = ["sales_pitch"] * 30 + ["social"] * 70
    got = corrected_shares(predicted, rates, draws=400)["sales_pitch"]
    assert got["estimate"] == pytest.approx((0.30 + 0.8 - 1) / (0.9 + 0.8 - 1), abs=1e-4)
    assert got["ci_low"] < got["estimate"] < got["ci_high"]


def test_prevalence_interval_with_exact_rates_is_the_mapped_sampling_interval():
    """With the error rates known almost exactly, only sampling is left: the interval is the
    observed share's Jeffreys interval mapped through the closed form (to bootstrap error)."""
    sens, spec, k, n = 0.9, 0.85, 120, 300
    rates = _two_category_rates(sens, spec, 10**8)
    predicted = ["sales_pitch"] * k + ["social"] * (n - k)
    got = corrected_shares(predicted, rates, draws=4000)["sales_pitch"]
    low, high = proportion_confint(k, n, method="jeffreys")
    j = sens + spec - 1
    assert got["ci_low"] == pytest.approx((low + spec - 1) / j, abs=0.02)
    assert got["ci_high"] == pytest.approx((high + spec - 1) / j, abs=0.02)
