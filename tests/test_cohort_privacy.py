"""What a card publishes: bands, quarters, no small counts, stable pseudonyms, uniqueness."""

from __future__ import annotations

import math

import pytest

from analysis.claims import CLAIMS, ClaimResult
from analysis.cohort.card import claim_cell
from analysis.cohort.disclosure import (
    SMALL_COUNT,
    band,
    band_mid,
    donor_id,
    publish,
    quarter,
    round_se,
    uniqueness,
    why_not_testable,
)


def _result(cid: str, **fields) -> ClaimResult:
    c = CLAIMS[cid]
    return ClaimResult(c.id, c.title, c.quote, c.measured, c.rule,
                       fields.pop("verdict", "supported"), family=c.family, **fields)


def _published(*results: ClaimResult) -> dict:
    card = {"archive": {"kind": "Complete", "exported": "2025-08", "eras": []},
            "data": {"first_month": "2021-02", "last_month": "2025-08", "years": 4.58,
                     "network_size": 180},
            "claims": {r.claim_id: claim_cell(r) for r in results}}
    return publish(card, list(results), donor="0123456789abcdef")


def test_sizes_become_bands_and_months_quarters():
    assert [band(n) for n in (9, 10, 24, 25, 180, 999, 12000)] == [
        None, "10-24", "10-24", "25-49", "100-249", "500-999", "10000+"]
    assert [quarter(m) for m in ("2021-01", "2021-03", "2021-04", "2021-12", None)] == [
        "2021-Q1", "2021-Q1", "2021-Q2", "2021-Q4", None]
    assert 100 < band_mid("100-249") < 250 and band_mid(None) is None


def test_rounded_standard_errors_are_never_smaller_than_the_claims():
    for se in (0.0123, 0.1, 0.1001, 0.31, 0.999, 1.234, 17.2):
        rounded = round_se(se)
        assert rounded >= se and rounded <= se * 1.1 + 1e-12
    assert round_se(0.1001) == pytest.approx(0.11) and round_se(0.31) == pytest.approx(0.31)


def test_published_card_has_no_exact_n_month_or_network_size():
    card = _published(_result("C1", estimate=0.75, ci_low=0.6, ci_high=0.85, n=40,
                              window=("2021-09-01", "2025-08-23")),
                      _result("C3", estimate=0.8, ci_low=0.7, ci_high=0.9, n=180,
                              window=("2012-05-01", "2025-08-23")))
    c1, c3 = card["claims"]["C1"], card["claims"]["C3"]
    assert c1["n"] == "25-49" and c1["quarters"] == ["2021-Q3", "2025-Q3"]
    assert "months" not in c1
    # C3 reaches back to the first connection, i.e. about when the person joined.
    assert c3["quarters"] == [None, None] and c3["n"] == "100-249"
    assert card["data"] == {"first_quarter": "2021-Q1", "last_quarter": "2025-Q3",
                            "years": 5, "network_size": "100-249"}
    assert card["archive"]["exported"] == "2025-Q3" and card["donor"] == "0123456789abcdef"
    # the logit of the share (the SE is the one its interval implies), rounded
    assert c1["estimate"] == pytest.approx(math.log(0.75 / 0.25), abs=0.005)


@pytest.mark.parametrize(("x", "n", "kept"), [(9, 40, False), (10, 40, True), (31, 40, False),
                                              (30, 40, True)])
def test_a_count_under_ten_suppresses_the_figures_but_not_the_verdict(x, n, kept):
    card = _published(_result("C1", estimate=x / n, ci_low=0.1, ci_high=0.9, n=n))
    cell = card["claims"]["C1"]
    assert cell["verdict"] == "supported" and cell["n"] == "25-49"
    assert (cell["estimate"] is not None) is kept and (cell["se"] is not None) is kept
    assert kept or cell["suppressed"] == SMALL_COUNT


def test_c6_group_with_few_replies_is_suppressed():
    few = {"warm": {"replied": 4, "n": 20}, "cold_pitch": {"replied": 12, "n": 40}}
    enough = {"warm": {"replied": 10, "n": 20},
              "cold_pitch": {"replied": 12, "n": 40}}
    assert _published(_result("C6", n=60, details={"groups": few}))["claims"]["C6"][
        "estimate"] is None
    assert _published(_result("C6", n=60, details={"groups": enough}))["claims"]["C6"][
        "estimate"] is not None


def test_not_testable_cells_say_why_without_the_exact_n():
    thin = _result("C2", verdict="not testable", n=13,
                   summary="too thin: n = 13 pitching connections, needs ≥ 20")
    gone = _result("C9", verdict="not testable", missing=["Learning.csv"], summary="No courses.")
    groups = _result("C6", verdict="not testable", n=16, summary="too thin: n = 5 openers "
                     "in the smaller group (5 warm, 11 cold pitches), needs ≥ 10")
    card = _published(thin, gone, groups)
    assert card["claims"]["C6"]["not_testable"] == (
        "too thin: fewer than 10 openers in the smaller group")
    assert card["claims"]["C2"]["not_testable"] == "too thin: fewer than 20 pitching connections"
    assert "13" not in str(card["claims"]["C2"])
    assert card["claims"]["C9"]["not_testable"] == "missing: Learning.csv"
    assert why_not_testable({"verdict": "supported"}) is None


def test_donor_fingerprint_follows_the_bytes_not_the_name(tmp_path):
    a, b, c = tmp_path / "Alice.zip", tmp_path / "renamed.zip", tmp_path / "other.zip"
    a.write_bytes(b"PK same bytes")
    b.write_bytes(b"PK same bytes")
    c.write_bytes(b"PK other bytes")
    assert donor_id(a) == donor_id(b) != donor_id(c)
    assert "Alice" not in donor_id(a) and len(donor_id(a)) == 16


def test_uniqueness_reports_the_smallest_group_on_published_fields():
    def card(kind, years, size):
        return {"archive": {"kind": kind, "exported": "2025-Q3"},
                "data": {"years": years, "network_size": size}}

    cards = [card("Complete", 4, "100-249")] * 3 + [card("Complete", 2, "100-249")] * 2
    assert uniqueness(cards)["smallest_group"] == 2 and uniqueness(cards)["unique_donors"] == 0
    cards.append(card("Basic or partial", 9, "500-999"))
    u = uniqueness(cards)
    assert u["smallest_group"] == 1 and u["unique_donors"] == 1 and u["donors"] == 6


def test_the_card_says_whose_labels_corrected_the_classifier():
    from analysis.cohort.disclosure import classifier_errors

    def c1(corrected):
        return {"C1": {"details": {"corrected": corrected}}}

    shipped = {"error_rates": "real labelled openers (leave one export out)", "share": {}}
    assert classifier_errors(c1(shipped)) == "transported"
    mixed = {**shipped, "share": {"owner_labelled": 120}}
    assert classifier_errors(c1(mixed)) == "owner labels"
    own = {"error_rates": "your labels (cross-validated)", "share": {}}
    assert classifier_errors(c1(own)) == "owner labels"
    assert classifier_errors({"C1": {"details": {}}}) is None and classifier_errors({}) is None
