"""The default (realistic) demo looks like a real person's export.

Each aggregate that was measured on real exports (docs/demo.md) is computed here from the
processed default demo, after ingest, and must fall inside the range real exports span. The
same measures put the planted world far outside, so the checks can fail.
"""

from __future__ import annotations

import json

import pytest

from analysis.export import ingest
from tools.demo import DEFAULT_SEED, write_demo
from tools.demo.calibration import (
    REAL_NOT_ENGLISH,
    REAL_OPENERS,
    REAL_PITCH_PER_PERSON,
    REAL_SERIES,
    measure,
)

OUTCOME_LIKE = ("inbound_messages", "invitations", "new_connections", "reactions_given")


def _measured(root, world: str, size: str) -> tuple[dict, dict]:
    res = write_demo(root / "raw", seed=DEFAULT_SEED, size=size, world=world, labels=0)
    ingest(res.zip_path, root / "processed")
    truth = json.loads(res.truth_path.read_text(encoding="utf-8"))
    return measure(root / "processed", truth), truth


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    return _measured(tmp_path_factory.mktemp("realistic"), "realistic", "default")


@pytest.mark.parametrize("name", list(REAL_SERIES))
def test_weekly_series_are_autocorrelated_and_overdispersed_like_real_ones(realistic, name):
    """Lag-1 autocorrelation inside the real range; variance/mean above 1 and at most the
    largest seen in a real export (outcome-like series at least 2: strongly overdispersed)."""
    m, _ = realistic
    s = m["series"][name]
    lo, hi, _median, top = REAL_SERIES[name][2:]
    print(f"{name}: ac1 {s['ac1']:.3f} (real {lo}..{hi}), var/mean {s['vmr']:.2f} "
          f"(real median {_median}, max {top}), mean {s['mean']:.2f}/week, "
          f"longest empty run {s['longest_zero_run']} weeks over {s['weeks']}")
    assert s["weeks"] >= 26
    assert lo <= s["ac1"] <= hi, (name, s)
    assert 1.0 < s["vmr"] <= top, (name, s)
    if name in OUTCOME_LIKE:
        assert s["vmr"] >= 2.0, (name, s)


def test_owner_activity_has_long_runs_of_empty_weeks(realistic):
    """Real posting and commenting stops for weeks at a time."""
    m, _ = realistic
    assert m["series"]["posts"]["longest_zero_run"] >= 8, m["series"]["posts"]
    assert m["series"]["comments"]["longest_zero_run"] >= 4, m["series"]["comments"]


def test_inbound_openers_are_mostly_not_pitches(realistic):
    """Category shares within 5 points of the real pooled shares; the pitch share of the
    non-automated openers inside the range real people span; one in five not English."""
    m, truth = realistic
    o = m["openers"]
    print(f"inbound openers n={o['n']}: " + ", ".join(
        f"{k} {v:.3f} (real {REAL_OPENERS[k]})" for k, v in o["shares"].items())
        + f"; pitches among non-automated {o['pitch_share_non_automated']:.3f}; "
        f"not English {o['not_english']:.3f} (real {REAL_NOT_ENGLISH})")
    assert o["n"] >= 300
    for cat, real in REAL_OPENERS.items():
        assert abs(o["shares"][cat] - real) <= 0.05, (cat, o["shares"][cat], real)
    lo, hi = REAL_PITCH_PER_PERSON
    assert lo <= o["pitch_share_non_automated"] <= hi
    assert abs(o["not_english"] - REAL_NOT_ENGLISH) <= 0.05
    # The claim's own measure sees the same: C1's realised share is the population's.
    c1 = truth["claims"]["C1"]
    assert c1["ci95"][0] <= c1["true_pitch_share_inbound_openers"] <= c1["ci95"][1]


def test_truth_records_the_population_values(realistic):
    _, truth = realistic
    assert truth["world"] == "realistic"
    pop = truth["population"]
    rates = pop["inbound_opener_rates_per_week_default"]
    total = sum(v for k, v in rates.items() if not k.startswith("sales_pitch"))
    assert rates["automated"] / total == pytest.approx(0.43 / 0.96, abs=0.02)
    assert 1 - pop["languages"]["en"] > REAL_NOT_ENGLISH  # automated mail is all English
    assert set(truth["opener_languages"]) == set(truth["opener_labels"])
    effects = [e for e in truth["claims"]["C4"]["effects"] if not e["true_null"]]
    assert [(e["exposure"], e["outcome"]) for e in effects] == [
        ("posts", "invitations_received")]


def test_the_planted_world_is_far_from_real_exports(tmp_path):
    """The checks above discriminate: the planted world's inbox is mostly pitches."""
    m, _ = _measured(tmp_path, "planted", "small")
    assert m["openers"]["pitch_share_non_automated"] > REAL_PITCH_PER_PERSON[1] + 0.2
    assert abs(m["openers"]["shares"]["sales_pitch"] - REAL_OPENERS["sales_pitch"]) > 0.2


def test_the_demo_banner_says_what_the_demo_is_and_how_to_switch():
    from analysis.report.page import Chrome

    shown = Chrome(pages=(("index.html", "Scorecard"),), demo=True).header("index.html")
    assert "a synthetic person whose figures resemble real exports; not your data" in shown
    assert "data/raw/" in shown and "make report" in shown
    assert "lo-demo-banner" not in Chrome(pages=(("index.html", "S"),)).header("index.html")
