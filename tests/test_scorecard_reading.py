"""How the scorecard and the cards read: the q shown says whether it decides the verdict, and
the scorecard says how many false verdicts chance alone would give (measured, not assumed)."""

from __future__ import annotations

import math

import pytest

from analysis.claims import ClaimResult
from analysis.report import explain


def _result(claim_id: str, family: str) -> ClaimResult:
    return ClaimResult(claim_id, "t", "q", "m", "r", "supported", estimate=0.7, ci_low=0.6,
                       ci_high=0.8, p=0.01, q=0.03, family=family)


def test_q_reads_as_deciding_only_where_it_decides():
    """C4/C8's verdict needs q < 0.05 over its pairs; C1's (shares family) and C7's
    (replies family) rest on their own 95% interval, so their q is labelled as reference."""
    for cid, fam in (("C1", "shares"), ("C7", "replies"), ("C10", "shares")):
        text = str(explain.card(_result(cid, fam)))
        assert "for reference; the verdict uses the 95% interval" in text, cid
        assert "decides" not in text
    for cid in ("C4", "C8"):
        text = str(explain.card(_result(cid, cid)))
        assert "q &lt; 0.05 decides" in text or "q < 0.05 decides" in text, cid


def test_null_scorecard_adds_measured_rates_not_an_assumed_five_percent():
    """Ten claims each with 10 false verdicts in 200 null worlds: 0.5 expected, at least one
    on 1 - 0.95^10 = 40% of scorecards; the simulation error gives an interval around each.
    Claims with fewer false verdicts lower both."""
    from analysis import stats

    even = stats.null_scorecard({f"C{i}": (10, 200) for i in range(10)})
    assert even["expected"] == pytest.approx(0.5)
    assert even["at_least_one"] == pytest.approx(1 - 0.95 ** 10)
    assert even["expected_low"] < 0.5 < even["expected_high"]
    assert even["at_least_one_low"] < even["at_least_one"] < even["at_least_one_high"]
    fewer = stats.null_scorecard({f"C{i}": (2, 200) for i in range(10)})
    assert fewer["expected"] == pytest.approx(0.1) and fewer["at_least_one"] < 0.1
    assert math.isnan(stats.null_scorecard({})["expected"])


def test_the_scorecard_line_counts_only_claims_that_reached_a_verdict():
    from analysis.report.false_verdicts import null_line

    rates = {"claims": {"C1": {"false": 10, "worlds": 200}, "C2": {"false": 20, "worlds": 200},
                        "C3": {"false": 0, "worlds": 200}},
             "worlds_per_claim": 200, "seed": 12345}
    line = null_line({"C1": "supported", "C2": "not testable", "C3": "inconclusive"}, rates)
    assert "if none of the 2 claims tested here" in line
    assert "about 0.05 false verdicts" in line and "at least one on 5%" in line
    assert "200 simulated null worlds per claim (fresh seeds from 12345)" in line
    assert null_line({"C2": "not testable"}, rates) == ""


def test_the_shipped_rates_were_measured_for_every_claim_with_worlds():
    """The scorecard's chance line reads analysis/data/null_false_verdicts.json: it must hold
    a measurement (no errors, at least 100 null worlds) for every claim validation can
    simulate, with the seed and command that reproduce it."""
    from analysis.report.false_verdicts import load_rates
    from tools.validate.worlds import WORLDS

    rates = load_rates()
    assert rates is not None and set(rates["claims"]) == set(WORLDS)
    for cid, c in rates["claims"].items():
        assert c["worlds"] >= 100 and c["errors"] == 0, cid
        assert 0 <= c["false"] <= c["worlds"]
    assert str(rates["seed"]) in rates["command"]
