"""How the scorecard and the cards read: the q shown says whether it decides the verdict."""

from __future__ import annotations

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
