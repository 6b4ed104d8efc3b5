"""The negative-binomial helpers behind C4/C8 on simulated weekly series with a known rate
ratio (unit tests: no export, no ZIP, a second each)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import stats


def _weeks(irr: float, *, n: int = 300, alpha: float = 0.5, seed: int = 7):
    """Weekly counts y ~ NB(mean exp(b0 + log(irr) * z), dispersion alpha), z = the
    standardised exposure, with a linear trend as the control."""
    rng = np.random.default_rng(seed)
    exposure = rng.poisson(3, n).astype(float)
    z = (exposure - exposure.mean()) / exposure.std()
    trend = np.linspace(-1, 1, n)
    mu = np.exp(math.log(2.0) + math.log(irr) * z + 0.2 * trend)
    y = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)).astype(float)
    return y, exposure, trend[:, None]


@pytest.mark.parametrize("irr", [1.0, 1.4])
def test_rate_ratio_recovers_the_planted_irr(irr):
    y, exposure, trend = _weeks(irr)
    fit = stats.negbin_rate_ratio(y, exposure, trend, hac_lags=4)
    assert fit is not None and fit.n == len(y)
    assert fit.low < irr < fit.high  # the 95% interval covers the truth
    assert fit.high / fit.low < 1.6  # and is informative at 300 weeks
    assert fit.alpha == pytest.approx(0.5, abs=0.25)  # the dispersion is estimated
    assert (fit.p < 0.01) == (irr != 1.0)


def test_hac_never_narrows_the_model_interval():
    y, exposure, trend = _weeks(1.2)
    robust = stats.negbin_rate_ratio(y, exposure, trend, hac_lags=4)
    plain = stats.negbin_rate_ratio(y, exposure, trend, hac_lags=4, robust=False)
    assert robust.irr == pytest.approx(plain.irr)
    assert robust.se_log >= plain.se_log - 1e-12


def test_rate_ratio_refuses_a_constant_exposure():
    y, _, trend = _weeks(1.0)
    assert stats.negbin_rate_ratio(y, np.full(len(y), 3.0), trend, hac_lags=4) is None


def test_score_z_agrees_with_the_wald_z_and_scores_each_candidate():
    y, exposure, trend = _weeks(1.4)
    wald = stats.negbin_rate_ratio(y, exposure, trend, hac_lags=4, robust=False).z_model
    noise = np.random.default_rng(1).poisson(3, len(y)).astype(float)
    z = stats.negbin_score_z(y, trend, np.column_stack([exposure, noise]))
    assert z.shape == (2,)
    assert z[0] == pytest.approx(wald, rel=0.2)  # score and Wald tests agree asymptotically
    assert abs(z[1]) < 3  # an unrelated series scores like noise


def test_score_z_refuses_an_empty_outcome():
    _, exposure, trend = _weeks(1.0)
    assert stats.negbin_score_z(np.zeros(len(exposure)), trend, exposure[:, None]) is None
