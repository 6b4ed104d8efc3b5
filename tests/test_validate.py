"""The validation framework (tools/validate): its worlds depart from the analysis model,
its machinery runs every claim, and its checks can fail. The full run is `make validate`;
here a handful of worlds per claim, and loose bounds on the claims whose rates are cheap."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from analysis.claims import registry
from analysis.claims.result import ClaimResult
from tools.validate import WORLDS, Plan, run
from tools.validate import summary as S
from tools.validate.cli import main as validate_main
from tools.validate.report import write
from tools.validate.tables import context
from tools.validate.worlds import build


def test_quick_run_scores_every_claim(tmp_path):
    rows = run(None, Plan.quick(), workers=1)
    assert set(rows["claim"]) == {c.id for c in registry.all_claims()} == set(WORLDS)
    assert rows["error"].isna().all(), rows["error"].dropna().unique()
    assert rows["verdict"].isin(["supported", "contradicted", "inconclusive",
                                 "not testable"]).all()
    kinds = rows.groupby("claim")["kind"].agg(set)
    assert all({"null", "power"} <= k for k in kinds)
    with_interval = [c for c, s in WORLDS.items() if s.coverage_range is not None]
    cov = rows.loc[rows["kind"] == "coverage"]
    assert set(cov["claim"]) == set(with_interval)
    assert cov["covered"].notna().mean() > 0.8  # nearly every planted world gives an interval
    html_path, md_path = write(rows, tmp_path, "python -m tools.validate --quick")
    page = html_path.read_text()
    for title in ("False verdicts in null worlds", "Coverage of the planted population value",
                  "Power: smallest planted effect", "single pair tests"):
        assert title in page and title in md_path.read_text()
    assert "<script" not in page and "src=" not in page and "href=" not in page


def test_worlds_are_autocorrelated_and_overdispersed_like_real_series():
    """The C4 null worlds have the week-to-week dependence the analysis model ignores (real
    weekly outcome series: lag-1 autocorrelation about 0.3, variance/mean 4 to 14)."""
    ac, vm = [], []
    for seed in range(12):
        panel = build("C4", "null", "ar0.3", seed, None).panel
        y = panel["invitations_received"].to_numpy()
        ac.append(np.corrcoef(y[1:], y[:-1])[0, 1])
        vm.append(y.var() / y.mean())
    assert 0.15 < np.mean(ac) < 0.5
    assert 3 < np.median(vm) < 20


def test_planted_value_is_the_population_value_not_the_sample_share():
    world = build("C1", "coverage", "independent", 3, 0.62)
    result = registry.get("C1").function(context(world))
    assert world.value == 0.62 and result.estimate != pytest.approx(0.62, abs=1e-9)


def test_spree_worlds_keep_courses_together():
    done = build("C9", "null", "sprees", 1, None).tables["learning"]["completed_at"]
    gaps = done.sort_values().diff().dt.days.dropna()
    assert (gaps <= 14).sum() >= 6  # three sprees of three


def test_loose_rates_on_cheap_claims():
    """C5 and C9 (fixed on main) stay in loose bounds over 40 null worlds each, C4's single
    pair tests reject a true null near 5% (moved here from the slow calibration test)."""
    rows = run(["C5", "C9", "C4"], Plan(null=40, coverage=0, power=0), workers=1)
    fv = S.false_verdicts(rows).set_index("claim")
    assert fv.loc["C5", "rate"] <= 0.1
    assert fv.loc["C9", "rate"] <= 0.2
    pt = S.pair_tests(rows).set_index(["claim", "variant"])
    assert 0.01 <= pt.loc[("C4", "all"), "rate"] <= 0.12


def test_a_claim_that_always_says_supported_fails_the_bands(monkeypatch):
    def always(ctx):
        return ClaimResult("C10", "t", "q", "m", "r", "supported", estimate=0.15,
                           ci_low=0.1, ci_high=0.2, n=30)

    monkeypatch.setitem(registry.REGISTRY, "C10", replace(registry.get("C10"), function=always))
    rows = run(["C10"], Plan(null=10, coverage=10, power=2), workers=1)
    fv = S.false_verdicts(rows).iloc[0]
    assert fv["rate"] == 1.0 and not fv["pass"]
    assert not S.coverage(rows).iloc[0]["pass"]
    lines = S.failures(rows)
    assert any(line.startswith("C10: false verdicts") for line in lines)
    assert any(line.startswith("C10: interval covers") for line in lines)


def test_crashing_claim_is_counted_not_fatal(monkeypatch):
    def broken(ctx):
        raise ZeroDivisionError("planted")

    monkeypatch.setitem(registry.REGISTRY, "C3", replace(registry.get("C3"), function=broken))
    rows = run(["C3"], Plan(null=3, coverage=0, power=0), workers=1)
    assert rows["error"].str.startswith("ZeroDivisionError").all()
    assert S.false_verdicts(rows).iloc[0]["errors"] == 3


def test_cli_quick_and_unknown_claim(tmp_path, capsys):
    assert validate_main(["--quick", "--claims", "C10,c5", "--workers", "1",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "C10" in out and "C5" in out and (tmp_path / "validation.html").exists()
    md = (tmp_path / "validation.md").read_text()
    assert "--quick --claims C10,c5" in md
    assert validate_main(["--quick", "--claims", "C42", "--out", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("linkedout: error: no validation worlds for C42")


def test_strict_exits_nonzero_when_a_band_is_missed(tmp_path, monkeypatch):
    def wrong(ctx):
        return ClaimResult("C10", "t", "q", "m", "r", "contradicted", estimate=0.9,
                           ci_low=0.8, ci_high=0.95)

    monkeypatch.setitem(registry.REGISTRY, "C10", replace(registry.get("C10"), function=wrong))
    args = ["--quick", "--claims", "C10", "--workers", "1", "--out", str(tmp_path)]
    assert validate_main([*args, "--no-strict"]) == 0
    assert validate_main([*args, "--strict"]) == 1
    # without --quick, strict is the default
    full = ["--worlds", "3", "--power-worlds", "0", "--claims", "C10", "--workers", "1",
            "--out", str(tmp_path), "--seed", "5"]
    assert validate_main(full) == 1


def test_rows_frame_has_one_row_per_world():
    rows = run(["C10"], Plan(null=4, coverage=3, power=1), workers=1)
    assert len(rows) == 4 + 3 + len(WORLDS["C10"].power_grid)
    assert isinstance(rows, pd.DataFrame) and rows["seconds"].gt(0).all()


def test_a_rate_passes_on_its_interval_not_its_point():
    """12 false verdicts in 200 worlds is 6%, under 8%, but the interval reaches 10%: fail.
    Coverage 90% from 200 worlds may be 92-98% within simulation error: pass; 85% may not."""
    from tools.validate.summary import COVERAGE_BAND, FALSE_BAND, _rate

    assert not _rate(12, 200, FALSE_BAND)["pass"]
    assert _rate(5, 200, FALSE_BAND)["pass"]
    assert _rate(180, 200, COVERAGE_BAND)["pass"]
    assert not _rate(170, 200, COVERAGE_BAND)["pass"]
    # intervals far too wide are a failure too: every one of 200 covering is not 95%
    assert not _rate(200, 200, COVERAGE_BAND)["pass"]


def test_each_run_draws_its_own_seeds_and_a_seed_reproduces_it():
    from tools.validate.run import tasks

    one, again, other = (tasks(["C10"], Plan(4, 4, 1, seed=s)) for s in (11, 11, 12))
    assert one == again
    assert {t[3] for t in one}.isdisjoint({t[3] for t in other})
