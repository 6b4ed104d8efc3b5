"""Statistics against published or hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import stats


def test_wilson_matches_newcombe_1998_table():
    # Newcombe (1998) Stat Med 17:857, example 81/263: Wilson 0.2553 to 0.3662.
    est = stats.wilson(81, 263)
    assert est.value == pytest.approx(81 / 263)
    assert (round(est.low, 4), round(est.high, 4)) == (0.2553, 0.3662)


def test_wilson_exact_binomial_p():
    # P(X >= 8 or X <= 2 | n=10, p=.5) = 2 * (1 + 10 + 45) / 1024
    assert stats.wilson(8, 10).p == pytest.approx(2 * 56 / 1024)


def test_newcombe_difference_interval():
    # Newcombe (1998) Stat Med 17:873, example 56/70 vs 48/80: 0.0524 to 0.3339 (method 10).
    est = stats.two_proportions(56, 70, 48, 80)
    assert est.value == pytest.approx(0.2)
    assert (round(est.low, 4), round(est.high, 4)) == (0.0524, 0.3339)


def test_benjamini_hochberg_by_hand():
    # sorted p .005 .01 .03 .04 (m=4): q = min over tail of p*m/rank = .02 .02 .04 .04
    assert stats.bh([0.01, 0.04, 0.03, 0.005, None]) == pytest.approx(
        [0.02, 0.04, 0.04, 0.02, None])


def test_gini_extremes():
    assert stats.gini([1, 1, 1, 1]) == pytest.approx(0.0)
    assert stats.gini([0, 0, 0, 1]) == pytest.approx(0.75)


def test_kaplan_meier_by_hand():
    km = stats.kaplan_meier([1, 2, 2, 3], [True, True, False, True])
    assert km["survival"].tolist() == pytest.approx([0.75, 0.5, 0.0])
    assert km["at_risk"].tolist() == [4, 3, 1]


def _km_by_definition(t, e) -> pd.DataFrame:
    """The product-limit estimator written out (O(n^2)): the reference for the fast one."""
    d = pd.DataFrame({"t": t, "e": e})
    rows, surv = [], 1.0
    for time, grp in d.groupby("t", sort=True):
        at_risk = int((d["t"] >= time).sum())
        events = int(grp["e"].sum())
        surv *= 1 - events / at_risk
        rows.append((time, at_risk, events, surv))
    return pd.DataFrame(rows, columns=["time", "at_risk", "events", "survival"])


def test_kaplan_meier_matches_the_definition_with_ties_and_censoring():
    rng = np.random.default_rng(3)
    t = rng.integers(0, 60, 500).astype(float)
    e = rng.random(500) < 0.6
    km, ref = stats.kaplan_meier(t, e), _km_by_definition(t, e)
    assert km["time"].tolist() == ref["time"].tolist()
    assert km["at_risk"].tolist() == ref["at_risk"].tolist()
    assert km["events"].tolist() == ref["events"].tolist()
    assert km["survival"].to_numpy() == pytest.approx(ref["survival"].to_numpy())
    inside = km.dropna(subset=["ci_low"])
    assert len(inside) > 10
    assert (inside["ci_low"] <= inside["survival"]).all()
    assert (inside["survival"] <= inside["ci_high"]).all()


def test_kaplan_meier_without_events_stays_at_one():
    km = stats.kaplan_meier([3, 1, 2], [False, False, False])
    assert km["survival"].tolist() == [1.0, 1.0, 1.0]
    assert stats.kaplan_meier([], []).empty


def test_tost_equivalence_and_mde():
    p = stats.tost_log_ratio(0.0, 0.05, 0.8, 1.25)
    assert p == pytest.approx(1 - stats.sps.norm.cdf(math.log(1.25) / 0.05))
    assert stats.tost_log_ratio(math.log(1.5), 0.05, 0.8, 1.25) > 0.5
    assert stats.ratio_mde(0.1) == pytest.approx(math.exp((1.959964 + 0.841621) * 0.1), rel=1e-5)


def test_share_mde_half_width():
    # (1.96 + 0.84) * sqrt(.25 / 100) = 0.14
    assert stats.share_mde(100) == pytest.approx(0.1401, abs=1e-3)


def test_design_effect_of_identical_clusters_by_hand():
    """B blocks of m identical items: the sandwich variance is p(1-p)/(B-1), so the design
    effect is m*B/(B-1) exactly; with every item its own block it is 1."""
    m, b = 5, 40
    y = np.repeat(np.arange(b) % 2 == 0, m)
    blocks = np.repeat(np.arange(b), m)
    assert stats.design_effect(y, blocks) == pytest.approx(m * b / (b - 1))
    assert stats.design_effect(y, np.arange(len(y))) == pytest.approx(1.0, abs=0.03)


def test_clustered_wilson_blocks_by_date_and_widens():
    """Clusters of 6 identical items within a week of each other, in distinct months: the
    month blocks hold them (deff 6*B/(B-1), as by hand) and the interval is as wide as Wilson on n/6."""
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2020-01-01", tz="UTC")
    centres = rng.choice(np.arange(48), 40, replace=False) * 30.0
    times = [start + pd.Timedelta(days=c + d) for c in centres
             for d in [0.0, *rng.uniform(0, 7, 5)]]  # each cluster inside one month block
    y = np.repeat(rng.random(40) < 0.5, 6)
    est, deff = stats.clustered_wilson(y, times, block_days=30)
    assert deff == pytest.approx(6 * 40 / 39)
    plain = stats.wilson(int(y.sum()), len(y))
    assert est.value == plain.value and est.n == len(y)
    assert (est.high - est.low) > 2 * (plain.high - plain.low)
    shrunk = stats.wilson(round(y.sum() / deff), round(len(y) / deff))
    assert est.high - est.low == pytest.approx(shrunk.high - shrunk.low, rel=0.1)


def test_clustered_wilson_is_plain_wilson_when_independent_in_time():
    """Independent items at independent times: deff is 1 up to sampling noise, never
    below, and the interval is never narrower than plain Wilson."""
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2020-01-01", tz="UTC")
    deffs, ratios = [], []
    for _ in range(200):
        n = int(rng.integers(80, 250))
        y = rng.random(n) < 0.4
        times = start + pd.to_timedelta(rng.uniform(0, 1460, n), unit="D")
        est, deff = stats.clustered_wilson(y, times, block_days=30)
        plain = stats.wilson(int(y.sum()), n)
        assert deff >= 1.0 and est.low <= plain.low + 1e-12 and est.high >= plain.high - 1e-12
        deffs.append(deff)
        ratios.append((est.high - est.low) / (plain.high - plain.low))
    assert np.mean(deffs) < 1.15
    assert np.median(ratios) < 1.05
