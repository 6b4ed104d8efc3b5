"""The cohort page reads the pooled figures on each claim's scale, says how many people a
claim would hold for, and stays readable (and escaped) for large cohorts."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from analysis.cohort import report
from analysis.cohort.figures import holds_for, on_scale, reading
from analysis.cohort.pool import pool_cards
from analysis.cohort.run import Entry
from tools.synthetic_cards import synthetic_cards


def test_values_are_read_on_the_claims_scale():
    assert on_scale("log-odds", 0.0) == "50%" and on_scale("log-odds", math.log(3)) == "75%"
    assert on_scale("log IRR", math.log(1.5)) == "IRR 1.50"
    assert on_scale("risk difference", -0.25) == "-0.25" and on_scale("log-odds", None) == "–"


def test_share_of_people_the_claim_holds_for_follows_the_prediction_distribution():
    agreed = {"k": 40, "estimate": 1.0, "se": 0.05, "tau2": 0.0}
    assert holds_for("C1", agreed) > 0.99 and holds_for("C10", agreed) < 0.01
    split = {"k": 40, "estimate": 0.0, "se": 0.05, "tau2": 1.0}
    assert holds_for("C1", split) == pytest.approx(0.5, abs=0.01)
    # C4: equivalence, |log IRR| < log 1.25, for a spread of +-1 SD around 0.
    wide = {"k": 200, "estimate": 0.0, "se": 1e-3, "tau2": math.log(1.25) ** 2}
    assert holds_for("C4", wide) == pytest.approx(0.683, abs=0.01)
    row = {**agreed, "scale": "log-odds", "ci_low": 0.9, "ci_high": 1.1, "pi_low": 0.8,
           "pi_high": 1.2}
    assert reading("C1", row).startswith("Pooled 73% [71%, 75%]")
    assert "would hold for about 100% of people" in reading("C1", row)


def _entries(k: int) -> tuple[list[Entry], list[dict]]:
    cards = synthetic_cards(k, seed=8)
    entries = [Entry(f"x{i}", Path("."), "card", person=f"Donor {i:08x}", card=c,
                     status="given") for i, c in enumerate(cards)]
    return entries, pool_cards(cards)


@pytest.mark.parametrize(("k", "kind"), [(12, "forest"), (70, "caterpillar")])
def test_forest_up_to_sixty_people_then_caterpillar(monkeypatch, k, kind):
    drawn = []
    for name in ("forest", "caterpillar"):
        real = getattr(report, name)
        monkeypatch.setattr(report, name, lambda *a, _n=name, _f=real: drawn.append(_n) or _f(*a))
    entries, rows = _entries(k)
    html = report.cohort_page(entries, rows, computed=0)
    assert drawn == [kind, kind]  # C1 and C7 of the synthetic cards
    assert html.count("data:image/png;base64,") == 2
    assert html.count("the claim would hold for about") == 2


def test_the_page_escapes_what_it_shows():
    entries, rows = _entries(4)
    entries[0].status, entries[0].reason = "failed", "<script>alert(1)</script>"
    html = report.cohort_page(entries, rows, computed=0)
    assert "<script>" not in html and "&lt;script&gt;" in html
