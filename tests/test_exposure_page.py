"""What C4/C8's page says about each pair: tested pairs with their estimate (never "not
tested (nan)"), left-out pairs with no model, MDE or estimate, the creator-analytics minimum
the workbook can reach, the lead placebo beside the lagged estimate, and C8's logins per
active day. Panels are built here; nothing comes from a real export."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.claims import Context
from analysis.claims.exposure import exposure_claim, min_weeks_for

WEEKS = 150


def _index(weeks: int = WEEKS, start: str = "2021-01-04") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=weeks, freq="7D", tz="UTC")


def _context(panel: pd.DataFrame, tables: dict | None = None) -> Context:
    """A context whose weekly panel is the one given (the claim reads only the panel)."""
    ctx = Context(processed="/nonexistent", _tables=dict(tables or {}))
    ctx.__dict__["panel"] = panel
    return ctx


def _null_panel(seed: int, weeks: int = WEEKS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "posts": rng.poisson(3, weeks).astype(float),
        "inbound_recruiting": rng.poisson(1.5, weeks).astype(float),
    }, index=_index(weeks))


def test_every_tested_pair_shows_its_estimate_and_no_line_says_nan():
    r = exposure_claim(_context(_null_panel(11)), "C4")
    pairs = r.details["pairs"]
    tested = pairs.loc[pairs["irr"].notna()]
    assert len(tested) == 1
    assert not any("nan" in line for line in r.limitations), r.limitations
    assert not any("not tested" in line for line in r.limitations), r.limitations
    row = tested.iloc[0]
    shown = [line for line in r.limitations if line.startswith("posts → inbound_recruiting: IRR")]
    assert len(shown) == 1
    assert f"IRR {row['irr']:.2f} per SD" in shown[0]
    assert f"95% CI {row['ci_low']:.2f} to {row['ci_high']:.2f}" in shown[0]


def test_a_thin_pair_is_listed_without_model_estimate_or_mde():
    """An outcome with fewer than 20 events is left out: it must not read as fitted (no
    'fitted as Poisson' line), carry an MDE, an error or an equivalence power."""
    rng = np.random.default_rng(12)
    panel = _null_panel(12)
    sparse = np.zeros(WEEKS)
    sparse[rng.choice(WEEKS, 12, replace=False)] = 1.0  # 12 events over 12 weeks
    panel["inbound_request"] = sparse
    r = exposure_claim(_context(panel), "C4")
    pairs = r.details["pairs"].set_index("outcome")
    thin = pairs.loc["inbound_request"]
    assert thin["thin"] and thin["skipped"].startswith("too thin: n = 12 outcome events")
    for col in ("irr", "ci_low", "ci_high", "p", "se_log", "mde_irr", "equivalence_power",
                "lead_irr"):
        assert math.isnan(thin[col]), col
    assert thin["model"] is None
    assert not any("inbound_request: fitted as" in line for line in r.limitations)
    assert any("left out" in line and "posts → inbound_request" in line
               for line in r.limitations)
    assert r.mde == pytest.approx(pairs.loc["inbound_recruiting", "mde_irr"])


def test_the_creator_workbook_year_can_reach_its_minimum():
    """A workbook holds at most 365 days, so at lags 1-4 a creator pair has at most 48
    covered weeks: its minimum must be reachable (48), while other pairs keep 52."""
    assert min_weeks_for("impressions", (1, 4)) == 48
    assert min_weeks_for("posts", (1, 4)) == 52
    rng = np.random.default_rng(13)
    panel = _null_panel(13)
    year = np.full(WEEKS, np.nan)
    year[-52:] = rng.poisson(400, 52)  # the last 52 weeks: a full workbook year
    panel["impressions"] = year
    r = exposure_claim(_context(panel), "C4")
    row = r.details["pairs"].set_index("exposure").loc["impressions"]
    assert row["n_weeks"] == 48
    assert not row["thin"] and math.isfinite(row["irr"]), row["skipped"]
    short = panel.assign(impressions=np.where(np.arange(WEEKS) >= WEEKS - 51, year, np.nan))
    row = exposure_claim(_context(short), "C4").details["pairs"].set_index(
        "exposure").loc["impressions"]
    assert row["thin"] and "needs ≥ 48" in row["skipped"]


def test_lead_placebo_catches_outcomes_that_drive_activity():
    """Outcomes that make the owner active in the following weeks (a reaction, not value):
    the lead placebo (activity after the outcome) is large and clearly above 1, shown beside
    the lagged estimate; in a null panel it covers 1."""
    rng = np.random.default_rng(14)
    y = rng.poisson(1.5, WEEKS).astype(float)
    later = pd.Series(y).rolling(4, min_periods=1).sum().shift(1).fillna(0).to_numpy()
    x = rng.poisson(np.exp(0.5 + 0.35 * (later - later.mean()) / later.std())).astype(float)
    panel = pd.DataFrame({"posts": x, "inbound_recruiting": y}, index=_index())
    row = exposure_claim(_context(panel), "C4").details["pairs"].iloc[0]
    assert row["lead_ci_low"] > 1.1, row[["lead_irr", "lead_ci_low", "irr"]]
    null = exposure_claim(_context(_null_panel(15)), "C4").details["pairs"].iloc[0]
    assert null["lead_ci_low"] < 1 < null["lead_ci_high"]


def test_c8_computes_logins_per_active_day():
    """C8 promises logins per active day: 3 logins on each of 100 days and 1 on each of
    another 100 gives 2.0, with a cluster-robust interval around it, in the finding."""
    days = pd.date_range("2022-01-03", periods=200, freq="D", tz="UTC")
    times = [d + pd.Timedelta(hours=h) for i, d in enumerate(days)
             for h in range(3 if i % 2 else 1)]
    logins = pd.DataFrame({"logged_in_at": pd.to_datetime(times, utc=True)})
    panel = _null_panel(16).rename(columns={"posts": "logins"})
    r = exposure_claim(_context(panel, {"logins": logins}), "C8")
    got = r.details["logins_per_active_day"]
    assert got["estimate"] == pytest.approx(2.0) and got["n"] == 200
    assert got["ci_low"] < 2.0 < got["ci_high"]
    assert "Logins per active day: 2.00" in r.summary


def test_verdict_sentences_speak_of_association():
    """A planted lagged effect gives 'contradicted', said as an association over time (the
    design is observational), never as the activity bringing or causing the outcomes."""
    rng = np.random.default_rng(17)
    x = rng.poisson(3, 200).astype(float)
    lagged = pd.Series(x).rolling(4).sum().shift(1).to_numpy()
    z = np.nan_to_num((lagged - np.nanmean(lagged)) / np.nanstd(lagged))
    panel = pd.DataFrame({"posts": x, "inbound_recruiting": rng.poisson(np.exp(0.4 + 0.4 * z))
                          .astype(float)}, index=_index(200))
    r = exposure_claim(_context(panel), "C4")
    assert r.verdict == "contradicted", r.summary
    assert "went together with" in r.summary and "an association over time" in r.summary
    assert "not proof" in r.summary
