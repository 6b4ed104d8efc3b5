"""Category shares corrected for the classifier's error (analysis/classify/prevalence.py)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.classify.model import CATEGORIES
from analysis.classify.prevalence import (
    ErrorRates,
    corrected_rate_difference,
    corrected_shares,
    flip_errors,
    measured_errors,
    shipped_error_rates,
)

# P(predicted | true), CATEGORIES order: pitches are often missed as social, and a few
# social openers and recruiters are called pitches, the pattern that inflates the count
M = np.array([
    [0.60, 0.02, 0.03, 0.30, 0.05],
    [0.08, 0.75, 0.10, 0.05, 0.02],
    [0.02, 0.10, 0.70, 0.16, 0.02],
    [0.06, 0.01, 0.03, 0.88, 0.02],
    [0.05, 0.02, 0.03, 0.05, 0.85],
])
TRUE = np.array([0.05, 0.25, 0.10, 0.45, 0.15])


def _sample(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    true = rng.choice(len(CATEGORIES), size=n, p=TRUE)
    pred = np.array([rng.choice(len(CATEGORIES), p=M[t]) for t in true])
    return true, pred


def test_correction_recovers_a_known_share_where_counting_fails():
    rng = np.random.default_rng(1)
    _, pred = _sample(6000, rng)
    # error rates measured on an independent labelled sample of 400 per category
    counts = np.vstack([rng.multinomial(400, M[i]) for i in range(len(CATEGORIES))])
    rates = ErrorRates(counts.astype(float), "synthetic")
    labels = np.asarray(CATEGORIES, dtype=object)[pred]
    out = corrected_shares(labels, rates, exclude=("automated",), draws=400)
    truth = TRUE[0] / TRUE[:4].sum()
    pitch = out["sales_pitch"]
    counted = out["observed"]["sales_pitch"]
    assert abs(pitch["estimate"] - truth) < 0.02  # about two standard errors
    assert pitch["ci_low"] <= truth <= pitch["ci_high"]
    # classify-and-count is far off and its own figure lies outside the corrected interval
    assert counted - truth > 0.03
    assert not pitch["ci_low"] <= counted <= pitch["ci_high"]
    assert sum(out[c]["estimate"] for c in CATEGORIES[:4]) == pytest.approx(1.0)


def test_interval_widens_with_fewer_labelled_openers():
    rng = np.random.default_rng(2)
    _, pred = _sample(3000, rng)
    labels = np.asarray(CATEGORIES, dtype=object)[pred]
    wide, narrow = [corrected_shares(labels, ErrorRates(M * n, "x"), exclude=("automated",),
                                     draws=300)["sales_pitch"] for n in (30, 3000)]
    assert wide["ci_high"] - wide["ci_low"] > 1.5 * (narrow["ci_high"] - narrow["ci_low"])
    for est in (wide, narrow):
        assert 0 <= est["ci_low"] <= est["estimate"] <= est["ci_high"] <= 1


def test_design_effect_widens_only_the_sampling_part():
    """With a perfect classifier the interval is pure sampling: a design effect of 4 (openers
    clustered in time) makes it about twice as wide, as n/4 openers would; the point
    estimate does not move."""
    rates = ErrorRates(np.eye(len(CATEGORIES)) * 10_000, "perfect")
    labels = ["sales_pitch"] * 120 + ["social"] * 280
    plain, clustered = [corrected_shares(labels, rates, draws=1000, design_effect=d)
                        ["sales_pitch"] for d in (1.0, 4.0)]
    assert clustered["estimate"] == plain["estimate"]
    ratio = (clustered["ci_high"] - clustered["ci_low"]) / (plain["ci_high"] - plain["ci_low"])
    assert 1.7 < ratio < 2.3


def test_perfect_classifier_leaves_counts_alone_and_empty_input():
    rates = ErrorRates(np.eye(len(CATEGORIES)) * 1000, "perfect")
    labels = ["sales_pitch"] * 20 + ["social"] * 80
    out = corrected_shares(labels, rates, draws=200)
    assert out["sales_pitch"]["estimate"] == pytest.approx(0.2, abs=0.01)
    assert np.isnan(corrected_shares([], rates)["sales_pitch"]["estimate"])


def test_shipped_error_rates_are_counts_of_real_openers():
    rates = shipped_error_rates()
    assert rates.counts.shape == (len(CATEGORIES), len(CATEGORIES))
    assert rates.n >= 50 and (rates.counts >= 0).all()
    assert np.allclose(rates.matrix().sum(axis=1), 1)
    errs = measured_errors(rates, "sales_pitch", CATEGORIES[:4])
    assert 0 < errs["false_rate"] < errs["sensitivity"] < 1


def test_flip_errors():
    assert flip_errors(0.1) == {"side": "below", "sensitivity_below": pytest.approx(0.2)}
    assert flip_errors(0.8) == {"side": "above", "false_rate_above": pytest.approx(0.6)}


def test_rate_difference_corrected_for_misclassified_groups():
    """True pitches get replies 10% of the time, the rest 50%: misclassification mixes the
    groups and shrinks the observed gap; the correction recovers it."""
    rng = np.random.default_rng(0)
    n = 4000
    true = rng.choice(4, size=n, p=[0.2, 0.3, 0.1, 0.4])
    cum = M[:4, :4] / M[:4, :4].sum(axis=1, keepdims=True)
    pred = (rng.random(n)[:, None] > cum.cumsum(axis=1)[true]).sum(axis=1)
    reply = rng.random(n) < np.where(true == 0, 0.1, 0.5)
    naive = reply[pred == 0].mean() - reply[pred != 0].mean()
    out = corrected_rate_difference(pred == 0, reply, ErrorRates(M * 400, "synthetic"),
                                    "sales_pitch", CATEGORIES[:4], draws=300)
    assert naive > -0.33  # attenuated
    assert abs(out["estimate"] - (-0.4)) < 0.05
    assert out["ci_low"] <= -0.4 <= out["ci_high"]
    assert 0 < out["attenuation"] < 1
    assert out["group_size"]["corrected"] == pytest.approx(0.2 * n, rel=0.15)
