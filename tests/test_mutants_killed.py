"""Tests written for the mutants the mutation run (tools/mutate.py) found alive: each pins
a number that a one-line change used to leave every test passing. See docs/mutation.md."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from test_safeguards import _context, _conversations

from analysis import stats


def test_two_proportions_mde_formula():
    """(z.975 + z.80) * sqrt(p(1-p)(1/n1 + 1/n2)) at p = 0.5."""
    want = (1.959964 + 0.841621) * math.sqrt(0.25 * (1 / 40 + 1 / 60))
    assert stats.two_proportions_mde(40, 60) == pytest.approx(want, rel=1e-5)


def test_c6_counts_fallback_is_the_haldane_wald_odds_ratio():
    from analysis.claims.replies import _odds_ratio_counts

    lor, se = _odds_ratio_counts(3, 10, 0, 12)
    a, b, c, d = 3.5, 7.5, 0.5, 12.5
    assert lor == pytest.approx(math.log(a * d / (b * c)))
    assert se == pytest.approx(math.sqrt(1 / a + 1 / b + 1 / c + 1 / d))


def _c6_clustered():
    from analysis.claims.replies import c6_relationship_selling

    rows = [{"opener_direction": "out", "opener_category": "sales_pitch", "prior_two_way": True,
             "replied": p % 2 == 0} for p in range(6) for _ in range(3)]
    rows += [{"opener_direction": "out", "opener_category": "sales_pitch",
              "prior_two_way": False, "replied": i % 4 == 0} for i in range(12)]
    conv = _conversations(rows)
    conv["counterpart_key"] = [f"w{i // 3}" for i in range(18)] + [f"c{i}" for i in range(12)]
    return c6_relationship_selling, conv


def test_c6_p_value_uses_t_on_people_minus_one():
    """18 people pitched: p is two-sided t on 17 degrees of freedom, consistent with the
    interval (whose half-width is t(17) times the error)."""
    c6, conv = _c6_clustered()
    r = c6(_context(conv))
    crit = sps.t.ppf(0.975, 17)
    se = math.log(r.ci_high / r.ci_low) / (2 * crit)
    assert r.p == pytest.approx(2 * sps.t.sf(abs(math.log(r.estimate)) / se, 17), rel=1e-6)


def test_c6_classifier_note_counts_the_expected_wrong_cold_pitches(monkeypatch):
    """With the classifier in use, C6 states how many of the n cold pitches the measured
    precision predicts to be wrong: (1 - precision) * n."""
    from analysis.claims import replies

    c6, conv = _c6_clustered()
    ctx = _context(conv)
    ctx.__dict__["labels_cover_all_openers"] = False
    monkeypatch.setattr(replies, "pitch_precision", lambda ctx: 0.75)
    r = c6(ctx)
    expected = r.details["classifier_error"]["expected_wrong"]
    assert expected["warm"] == pytest.approx(0.25 * 18)
    assert expected["cold"] == pytest.approx(0.25 * 12)


def test_c7_corrects_only_when_the_classifier_labelled_openers():
    from analysis.claims.replies import c7_cold_messages

    rows = [{"opener_category": "sales_pitch", "replied": i % 3 == 0} for i in range(12)]
    rows += [{"opener_category": "recruiting", "replied": i % 2 == 0} for i in range(12)]
    labelled = c7_cold_messages(_context(_conversations(rows)))
    assert "corrected" not in labelled.details
    ctx = _context(_conversations(rows))
    ctx.__dict__.update(labels_cover_all_openers=False, _label_evaluation=None)
    assert "corrected" in c7_cold_messages(ctx).details


def test_spec_curve_covers_every_lag_from_one():
    """Lags 1..8, weekly, with and without trend, plus the monthly fit: 18 rows a pair."""
    from analysis.claims import Context
    from analysis.claims.exposure import spec_curve

    rng = np.random.default_rng(51)
    index = pd.date_range("2021-01-04", periods=150, freq="7D", tz="UTC")
    panel = pd.DataFrame({"posts": rng.poisson(3, 150).astype(float),
                          "inbound_recruiting": rng.poisson(1.5, 150).astype(float)},
                         index=index)
    ctx = Context(processed="/nonexistent")
    ctx.__dict__["panel"] = panel
    table = spec_curve(ctx, pd.DataFrame({"exposure": ["posts"],
                                          "outcome": ["inbound_recruiting"],
                                          "shift_sd": [1.0]}))
    specs = set(table["spec"])
    assert {f"weekly lag {k}" for k in range(1, 9)} <= specs and "monthly lag 1" in specs
    assert len(table) == 18


def test_c9_five_completions_in_exactly_three_months_are_enough(tmp_path):
    """The registered minimum is 5 completions in at least 3 months: 3 months must do (the
    old tests only had 2 months, thin, and 4 months, enough, so a raised month minimum
    passed)."""
    from test_learning import _context as learning_context
    from test_learning import _endorsements, _learning

    from analysis.claims.learning import c9_learning

    rng = np.random.default_rng(2)
    endorse = _endorsements("2020-01-06", rng, weeks=200)
    three = ["2021-03-02", "2021-03-09", "2021-06-01", "2021-06-08", "2021-09-07"]
    r = c9_learning(learning_context(tmp_path, {"endorsements_received": endorse,
                                                "learning": _learning(three)}))
    assert r.verdict != "not testable", r.summary


def test_clustered_difference_keeps_newcombe_when_clusters_narrow_it():
    """Senders whose two openers split (one answered, one not) make the cluster-robust
    half-width smaller than Newcombe's (here 46% of the full width): the interval stays
    Newcombe's exactly, never narrowed."""
    y1 = [1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1,
          0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    y2 = [1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0,
          1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0]
    y = np.array(y1 + y2, dtype=float)
    group = np.arange(80) < 40
    senders = np.repeat(np.arange(40), 2)
    est, g = stats.clustered_two_proportions(y, group, senders)
    plain = stats.two_proportions(15, 40, 22, 40)
    assert g == 40 and (est.low, est.high) == pytest.approx((plain.low, plain.high))


def test_flip_count_can_remove_every_replied_opener():
    """The flip may need every replied opener of group 1 taken out (k reaching 0)."""
    from analysis.claims.misclass import flip_count

    flip = flip_count(3, 10, 0, 10, side=lambda k, n, k2, n2: 1 if k > 0 else 0)
    assert flip["openers"] == 3 and flip["verdict_side"] == 1
