"""C4/C8's pair fit and its circular-shift calibration, on weekly panels built here."""

import math

import numpy as np
import pandas as pd

from analysis.claims.exposure import fit_pair, shift_inflation


def _panel(rng, weeks: int, effect: float, *, rho: float = 0.0) -> pd.DataFrame:
    """Weekly exposure (AR(1) on the log scale when rho > 0) and an outcome whose rate
    rises by `effect` (log IRR) per SD of the exposure summed over the previous 1-4 weeks."""
    index = pd.date_range("2021-01-04", periods=weeks, freq="W-MON", tz="UTC")
    z = np.zeros(weeks)
    for t in range(1, weeks):
        z[t] = rho * z[t - 1] + rng.normal()
    exposure = rng.poisson(np.exp(1.0 + 0.5 * z))
    lagged = pd.Series(exposure).rolling(4).sum().shift(1).to_numpy()
    scaled = (lagged - np.nanmean(lagged)) / np.nanstd(lagged)
    outcome = rng.poisson(np.exp(0.7 + effect * np.nan_to_num(scaled)))
    return pd.DataFrame({"posts": exposure.astype(float), "recruiting": outcome.astype(float)},
                        index=index)


def test_fit_pair_recovers_a_planted_rate_ratio():
    rng = np.random.default_rng(3)
    fit = fit_pair(_panel(rng, 208, 0.4), "posts", "recruiting", lags=(1, 4), hac_lags=4)
    assert fit["skipped"] is None
    assert fit["ci_low"] < math.exp(0.4) < fit["ci_high"]
    assert fit["p"] < 0.001


def test_fit_pair_says_why_it_skips_a_short_or_empty_pair():
    rng = np.random.default_rng(4)
    short = fit_pair(_panel(rng, 30, 0.0), "posts", "recruiting", lags=(1, 4), hac_lags=4)
    assert short["skipped"].startswith("too thin") and math.isnan(short["irr"])
    empty = _panel(rng, 120, 0.0).assign(recruiting=0.0)
    none = fit_pair(empty, "posts", "recruiting", lags=(1, 4), hac_lags=4)
    assert none["skipped"] and math.isnan(none["irr"])


def test_shift_inflation_is_near_one_for_independent_series_and_grows_with_drift():
    """Rotations of an exposure against an unrelated outcome give score z with SD near 1
    when neither series drifts; two slowly drifting series give a wider null."""
    rng = np.random.default_rng(5)
    flat = [shift_inflation(_panel(rng, 208, 0.0), "posts", "recruiting", lags=(1, 4))[0]
            for _ in range(5)]
    assert 0.7 < float(np.median(flat)) < 1.4
    drifting = []
    for _ in range(5):
        p = _panel(rng, 208, 0.0, rho=0.95)
        trend = np.cumsum(rng.normal(size=len(p)))
        p["recruiting"] = rng.poisson(np.exp(0.5 + 0.35 * (trend - trend.mean()) / trend.std()))
        drifting.append(shift_inflation(p, "posts", "recruiting", lags=(1, 4))[0])
    assert float(np.median(drifting)) > float(np.median(flat))


def test_shift_inflation_says_why_a_short_series_cannot_be_rotated():
    rng = np.random.default_rng(6)
    sd, why = shift_inflation(_panel(rng, 30, 0.0), "posts", "recruiting", lags=(1, 4))
    assert math.isnan(sd) and "too short" in why
