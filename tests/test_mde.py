"""Minimum detectable effects read off the interval each claim reports, so a design effect
or a classifier correction that widens the interval widens the MDE with it."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis.claims import Context
from analysis.claims.jobs import c10_not_fundamental


def test_interval_mde_matches_the_formula_on_a_plain_wilson_interval():
    est = stats.wilson(50, 100)
    assert stats.interval_mde(est.low, est.high) == pytest.approx(stats.share_mde(100),
                                                                  rel=0.03)


def test_interval_mde_grows_with_the_design_effect():
    """The same share on an effective sample four times smaller: the MDE doubles."""
    plain = stats.wilson(100, 200)
    wide = stats.effective_wilson(100, 200, 4.0)
    ratio = stats.interval_mde(wide.low, wide.high) / stats.interval_mde(plain.low, plain.high)
    assert ratio == pytest.approx(2.0, rel=0.05)
    assert math.isnan(stats.interval_mde(math.nan, 0.5))
    assert stats.interval_mde(math.nan, 0.5, fallback=0.2) == 0.2


def test_c10_mde_carries_its_design_effect(tmp_path):
    """Outcomes in job-search chains (six per search, all with one source): C10's interval
    is widened by the design effect, and its MDE with it, above the n-only formula."""
    dates, sources = [], []
    rng = np.random.default_rng(31)
    for search in range(8):
        start = pd.Timestamp("2019-01-07", tz="UTC") + pd.Timedelta(days=200 * search)
        src = "linkedin" if rng.random() < 0.5 else "referral"
        for j in range(6):
            dates.append(start + pd.Timedelta(days=7 * j))
            sources.append(src)
    outcomes = pd.DataFrame({"date": dates, "kind": "client", "source": sources,
                             "from_linkedin": [s == "linkedin" for s in sources]})
    (tmp_path / "ledger.json").write_text(json.dumps({"files": {}}))
    r = c10_not_fundamental(Context(processed=tmp_path, _tables={"outcomes": outcomes}))
    assert r.details["design_effect"] > 2
    assert r.mde > 1.3 * stats.share_mde(r.n)
    assert r.mde == pytest.approx(stats.interval_mde(r.ci_low, r.ci_high))
