"""Pooling takes only what may be pooled: testable cells, C4/C8 pair by pair, moderators
that rest on enough people, with multiplicity control."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from analysis import __version__
from analysis.cohort.checks import clean_card, expected_parameters, mark_duplicates
from analysis.cohort.pool import bh, meta_regression, pool_cards, residual_tau2
from analysis.cohort.run import Entry
from tools.synthetic_cards import synthetic_cards


def _row(rows, cid):
    return next(r for r in rows if r["claim"] == cid and not r.get("pair"))


def test_not_testable_cells_are_not_pooled_and_coverage_says_so():
    cards = synthetic_cards(12, seed=4)
    for card in cards[:5]:  # their figures exist, but their own verdict is "not testable"
        card["claims"]["C1"].update(verdict="not testable", not_testable="too thin: fewer "
                                    "than 20 inbound openers")
    row = _row(pool_cards(cards), "C1")
    assert row["people"] == 12 and row["estimates"] == row["k"] == 7
    assert row["not_pooled"] == {"not testable (too thin: fewer than 20 inbound openers)": 5}
    assert row["estimates"] + sum(row["not_pooled"].values()) == row["people"]
    assert row["verdicts"]["not testable"]["people"] == 5
    assert sum(v["people"] for v in row["verdicts"].values()) == row["people"]
    lo, hi = row["verdicts"]["not testable"]["ci"]
    assert lo < 5 / 12 < hi


def _paired(k: int, effects: dict[str, float], seed: int = 0) -> list[dict]:
    """Cards whose C4 holds pairs with the given true log IRRs."""
    rng = np.random.default_rng(seed)
    cards = synthetic_cards(k, claims=("C4",), seed=seed)
    for card in cards:
        pairs = []
        for name, mu in effects.items():
            se = float(rng.uniform(0.1, 0.3))
            pairs.append({"pair": name, "n": "100-249", "estimate": float(rng.normal(mu, se)),
                          "se": se})
        card["claims"]["C4"]["pairs"] = pairs
        # The per-person headline: the smallest-q pair, a selected statistic.
        best = max(pairs, key=lambda p: abs(p["estimate"]) / p["se"])
        card["claims"]["C4"].update(estimate=best["estimate"], se=best["se"])
    return cards


def test_c4_is_pooled_pair_by_pair_never_on_each_persons_selected_pair():
    names = [f"x{i} -> y" for i in range(8)]
    cards = _paired(30, {**dict.fromkeys(names[:7], 0.0), names[7]: 0.4}, seed=2)
    rows = pool_cards(cards)
    head = _row(rows, "C4")
    assert head["by_pair"] and "estimate" not in head
    pairs = [r for r in rows if r["claim"] == "C4" and r.get("pair")]
    assert len(pairs) == 8 and all("q" in r for r in pairs)
    assert head["pairs"]["q_below_05"] == [names[7]]
    # A null pair's pooled interval covers 0 once pooled on its own.
    null = next(r for r in pairs if r["pair"] == names[0])
    assert null["ci_low"] < 0 < null["ci_high"]


def test_bh_matches_the_textbook_step_up():
    p = [0.01, 0.04, 0.03, 0.005, 0.5]
    assert bh(p) == pytest.approx([0.025, 0.05, 0.05, 0.025, 0.5])


def test_residual_tau2_is_what_the_moderator_leaves():
    rng = np.random.default_rng(1)
    k = 200
    x = rng.uniform(0, 10, k)
    se = rng.uniform(0.05, 0.15, k)
    y = 0.2 * x + rng.normal(0, np.sqrt(0.04 + se ** 2))
    design = np.column_stack([np.ones(k), x])
    assert 0.025 < residual_tau2(y, se ** 2, design) < 0.06
    # Total tau^2 (no moderator) also holds the slope's spread: far larger.
    assert residual_tau2(y, se ** 2, design[:, :1]) > 0.2


def test_meta_regression_needs_ten_people_and_three_per_level():
    rng = np.random.default_rng(3)
    y, se = rng.normal(0, 0.2, 12), np.full(12, 0.2)
    one_basic = ["Complete"] * 11 + ["Basic"]
    assert meta_regression(y, se, one_basic, "categorical", "archive kind") is None
    assert meta_regression(y[:9], se[:9], list(range(9)), "numeric", "years") is None
    fit = meta_regression(y, se, ["Complete"] * 8 + ["Basic"] * 4, "categorical", "kind")
    assert fit["k"] == 12 and fit["terms"][0]["people"] == 12
    assert fit["tau2_residual"] >= 0


def _card(**changes) -> dict:
    card = synthetic_cards(1, seed=5)[0]
    card.update(linkedout_version=__version__, parameters=expected_parameters())
    card.update(changes)
    return card


def test_checks_exclude_foreign_cards_and_drop_bad_cells():
    assert clean_card(_card())[1] is None
    assert "card format 1" in clean_card(_card(linkedout_card=1))[1]
    assert "made by LinkedOut" in clean_card(_card(linkedout_version="9.9"))[1]
    other = _card()
    other["parameters"] = {**other["parameters"], "min_events": 5}
    assert "other parameters (min_events)" in clean_card(other)[1]
    bad = _card()
    bad["claims"]["C1"]["scale"] = "share"
    bad["claims"]["C7"]["se"] = 0.0001
    card, why, notes = clean_card(bad)
    assert why is None and len(notes) == 2
    assert card["claims"]["C1"]["estimate"] is None and card["claims"]["C1"]["dropped"]
    assert card["claims"]["C7"]["estimate"] is None


def test_the_same_card_twice_is_pooled_once():
    card = _card()
    entries = [Entry("a.json", None, "card", person="Donor 1", card=card, status="given"),
               Entry("b.json", None, "card", person="Donor 1", card=copy.deepcopy(card),
                     status="given"),
               Entry("c.json", None, "card", person="Donor 2", card=_card(donor="ff" * 8),
                     status="given")]
    mark_duplicates(entries)
    assert [e.status for e in entries] == ["given", "duplicate", "given"]
    assert "pooled once" in entries[1].reason
