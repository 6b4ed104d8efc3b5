"""Every registered safeguard fails a test when it is removed or weakened: each minimum at
its boundary (one below: not testable; at it: a verdict), the corrections (design effect,
HAC floor, the Poisson fallback's robust errors, BH, the circular-shift widening, the MDE
level, the classifier bounds) and C5's coverage rules. tools/mutate.py sabotages each of
them in turn; docs/mutation.md lists what it found. Conversations are built here, synthetic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import stats
from analysis.claims import Context
from analysis.claims.being_sold_to import c1_being_sold_to
from analysis.claims.definitions import MINIMUMS
from analysis.claims.exposure import _inflate, exposure_claim
from analysis.claims.replies import c6_relationship_selling, c7_cold_messages

T0 = pd.Timestamp("2021-01-04", tz="UTC")


def _conversations(rows: list[dict]) -> pd.DataFrame:
    """Conversations with what the claims read: who opened, the category, a prior two-way
    exchange, a reply within 14 days. Each row is its own person, a week apart."""
    n = len(rows)
    base = {"opener_direction": "in", "is_group": False, "opener_is_sponsored": False,
            "opener_category": "social", "prior_two_way": False, "replied": False,
            "reply_latency_hours": np.nan}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["opener_sent_at"] = [T0 + pd.Timedelta(days=7 * i) for i in range(n)]
    frame["counterpart_key"] = [f"p{i}" for i in range(n)]
    frame["conversation_id"] = [f"c{i}" for i in range(n)]
    frame["opener_message_id"] = [f"m{i}" for i in range(n)]
    frame["opener_text"] = "hello"
    return frame


def _context(conv: pd.DataFrame) -> Context:
    """Every opener labelled by the owner: no classifier, so the test is of the rule."""
    ctx = Context(processed="/nonexistent")
    ctx.__dict__.update(conversations=conv, labels_cover_all_openers=True,
                        messages=pd.DataFrame({"sent_at": conv["opener_sent_at"]}))
    ctx.__dict__["connection_dates"] = lambda: pd.Series(dtype="datetime64[ns, UTC]")
    return ctx


# -- minimums, at their boundary ----------------------------------------------------------
@pytest.mark.parametrize("n", [MINIMUMS["C1"] - 1, MINIMUMS["C1"]])
def test_c1_minimum_at_its_boundary(n):
    conv = _conversations([{"opener_category": "sales_pitch" if i % 4 else "social"}
                           for i in range(n)])
    r = c1_being_sold_to(_context(conv))
    if n < 20:
        assert r.verdict == "not testable" and r.summary == f"too thin: n = {n} inbound " \
            "openers, needs ≥ 20"
    else:
        assert r.verdict != "not testable" and r.n == 20


def _c6_rows(warm: int, cold: int, replies: int) -> list[dict]:
    rows = [{"opener_direction": "out", "opener_category": "sales_pitch",
             "prior_two_way": i < warm} for i in range(warm + cold)]
    for i in range(replies):  # replies spread over both groups
        rows[(i * 2) % (warm + cold)]["replied"] = True
    return rows


@pytest.mark.parametrize(("warm", "replies", "testable"),
                         [(9, 8, False), (10, 8, True), (10, 4, False), (10, 5, True)])
def test_c6_minimums_at_their_boundary(warm, replies, testable):
    r = c6_relationship_selling(_context(_conversations(_c6_rows(warm, 12, replies))))
    assert (r.verdict != "not testable") == testable, r.summary
    if not testable:
        assert r.summary.startswith("too thin")


def _c7_rows(pitches: int, others: int) -> list[dict]:
    rows = [{"opener_category": "sales_pitch", "replied": i % 3 == 0,
             "reply_latency_hours": 5.0 if i % 3 == 0 else np.nan} for i in range(pitches)]
    rows += [{"opener_category": "recruiting", "replied": i % 2 == 0,
              "reply_latency_hours": 5.0 if i % 2 == 0 else np.nan} for i in range(others)]
    return rows


@pytest.mark.parametrize(("pitches", "others", "testable"),
                         [(9, 15, False), (10, 15, True), (10, 9, False), (10, 10, True)])
def test_c7_minimums_at_their_boundary(pitches, others, testable):
    r = c7_cold_messages(_context(_conversations(_c7_rows(pitches, others))))
    assert (r.verdict != "not testable") == testable, r.summary


# -- C4/C8: the pair minimums, BH, the shift widening and the MDE level --------------------
def _panel(seed: int, weeks: int, rate: float = 1.5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.date_range("2021-01-04", periods=weeks, freq="7D", tz="UTC")
    return pd.DataFrame({"posts": rng.poisson(3, weeks).astype(float),
                         "inbound_recruiting": rng.poisson(rate, weeks).astype(float)},
                        index=index)


def _c4(panel: pd.DataFrame):
    ctx = Context(processed="/nonexistent")
    ctx.__dict__["panel"] = panel
    return exposure_claim(ctx, "C4")


@pytest.mark.parametrize(("weeks", "tested"), [(55, False), (56, True)])
def test_c4_pair_weeks_minimum_at_its_boundary(weeks, tested):
    """56 weeks of panel leave 52 covered weeks after the 4 lag weeks; 55 leave 51."""
    pairs = _c4(_panel(41, weeks, rate=3.0)).details["pairs"]
    row = pairs.iloc[0]
    assert row["n_weeks"] == weeks - 4
    assert math.isfinite(row["irr"]) == tested, row["skipped"]


@pytest.mark.parametrize(("events", "tested"), [(19, False), (20, True)])
def test_c4_pair_events_minimum_at_its_boundary(events, tested):
    panel = _panel(42, 120)
    y = np.zeros(len(panel))
    y[np.linspace(10, len(panel) - 1, events).astype(int)] = 1.0
    panel["inbound_recruiting"] = y
    row = _c4(panel).details["pairs"].iloc[0]
    assert row["events"] == events
    assert math.isfinite(row["irr"]) == tested, row["skipped"]


def test_c4_q_is_benjamini_hochberg_over_the_pairs_and_the_mde_at_its_level():
    """Three tested pairs: q is BH of their p, and each MDE is at the level 0.05/3 a single
    effect must reach (not 0.05)."""
    panel = _panel(43, 160)
    rng = np.random.default_rng(43)
    panel["comments"] = rng.poisson(2, len(panel)).astype(float)
    panel["reactions"] = rng.poisson(5, len(panel)).astype(float)
    pairs = _c4(panel).details["pairs"]
    tested = pairs.loc[pairs["irr"].notna()]
    assert len(tested) == 3
    assert tested["q"].tolist() == pytest.approx(stats.bh(tested["p"].tolist()))
    assert (tested["q"] >= tested["p"]).all() and (tested["q"] > tested["p"]).any()
    for r in tested.itertuples():
        assert r.mde_irr == pytest.approx(stats.ratio_mde(r.se_log, alpha=0.05 / 3))


def test_shift_widening_widens_and_never_narrows():
    """A calibration SD of 2 doubles the standard error; one of 0.5 leaves it unchanged."""
    table = pd.DataFrame({"irr": [1.2, 1.2], "se_log": [0.1, 0.1],
                          "z_model": [math.log(1.2) / 0.1] * 2, "shift_sd": [2.0, 0.5],
                          "ci_low": np.nan, "ci_high": np.nan, "p": np.nan})
    _inflate(table)
    assert table["se_log"].tolist() == pytest.approx([0.2, 0.1])
    assert table["ci_low"].iloc[0] == pytest.approx(math.exp(math.log(1.2) - stats.Z975 * 0.2))


# -- stats: the design effect and the count models' error floors ---------------------------
def test_design_effect_has_its_floor_and_small_sample_factor():
    """Alternating items in blocks of two cancel within blocks (negative correlation): no
    credit below 1. Two blocks with all-or-nothing items: the sandwich with B/(B-1)."""
    y = np.array([1, 0] * 10, dtype=float)
    assert stats.design_effect(y, np.repeat(np.arange(10), 2)) == 1.0
    y = np.array([1.0] * 5 + [0.0] * 5)
    blocks = np.repeat([0, 1], 5)
    v_cr = 2 / 1 * (2.5 ** 2 * 2) / 100
    assert stats.design_effect(y, blocks) == pytest.approx(v_cr / (0.25 / 10))


def _autocorrelated(seed: int, weeks: int = 200):
    """An overdispersion-free outcome and an exposure that both drift: HAC errors exceed
    the model's."""
    rng = np.random.default_rng(seed)
    z = np.zeros(weeks)
    for t in range(1, weeks):
        z[t] = 0.9 * z[t - 1] + rng.normal()
    x = rng.poisson(np.exp(1 + 0.4 * z)).astype(float)
    y = rng.poisson(np.exp(0.5 + 0.3 * z)).astype(float)
    return y, x


def test_poisson_fallback_keeps_hac_errors_never_below_the_model():
    """The Poisson fallback has the same robust rule as the negative binomial: its error is
    the larger of HAC and model-based, and with drifting series HAC is the larger."""
    y, x = _autocorrelated(44)
    z = (x - x.mean()) / x.std()
    robust = stats.poisson_rate_ratio(y, z, None, hac_lags=4)
    plain = stats.poisson_rate_ratio(y, z, None, hac_lags=4, robust=False)
    assert robust.se_log > 1.2 * plain.se_log
    assert robust.se_log >= abs(math.log(robust.irr) / robust.z_model) - 1e-12


def test_negbin_error_is_never_below_the_model_based_error():
    for seed in range(45, 50):
        y, x = _autocorrelated(seed)
        fit = stats.negbin_rate_ratio(y, x, None, hac_lags=4)
        assert fit.se_log >= abs(math.log(fit.irr) / fit.z_model) - 1e-12


# -- C2, C3, C10 minimums ---------------------------------------------------------------------
@pytest.mark.parametrize("n", [MINIMUMS["C2"] - 1, MINIMUMS["C2"]])
def test_c2_minimum_at_its_boundary(n):
    """n connections made in 2021, each first pitched 3 days (or, every third, 30 days)
    after connecting, with the messages and the export covering the full year after."""
    from analysis.claims.being_sold_to import c2_pitch_on_first_contact

    conv = _conversations([{"opener_category": "sales_pitch"} for _ in range(n)])
    lag = [pd.Timedelta(days=30 if i % 3 == 0 else 3) for i in range(n)]
    connected = pd.Series([t - d for t, d in zip(conv["opener_sent_at"], lag, strict=True)],
                          index=conv["counterpart_key"])
    ctx = _context(conv)
    ctx._tables.update(messages=pd.DataFrame({"sent_at": [T0 - pd.Timedelta(days=60)]}),
                       connections=pd.DataFrame({"connected_on": connected.to_numpy()}))
    ctx.__dict__.update(as_of=pd.Timestamp("2024-06-01", tz="UTC"),
                        connection_dates=lambda: connected)
    r = c2_pitch_on_first_contact(ctx)
    assert r.n == n
    assert (r.verdict == "not testable") == (n < 20), r.summary


def _ties(n: int) -> pd.DataFrame:
    return pd.DataFrame({"key": [f"p{i}" for i in range(n)], "two_way": [i % 3 == 0
                                                                          for i in range(n)],
                         "connected_on": [T0 + pd.Timedelta(days=9 * i) for i in range(n)],
                         "reciprocal_12m": False, "messages_in": 1, "messages_out": 0,
                         "connection_age_days": 400})


@pytest.mark.parametrize("n", [MINIMUMS["C3"] - 1, MINIMUMS["C3"]])
def test_c3_minimum_at_its_boundary(n):
    from analysis.claims.superficial_ties import c3_superficial_ties

    ctx = Context(processed="/nonexistent")
    ctx.__dict__.update(ties=_ties(n), keys_are_urls=True)
    r = c3_superficial_ties(ctx)
    assert (r.verdict == "not testable") == (n < 50), r.summary


@pytest.mark.parametrize("n", [9, 10])
def test_c10_minimum_at_its_boundary(n, tmp_path):
    import json

    from analysis.claims.jobs import c10_not_fundamental

    outcomes = pd.DataFrame({"date": pd.date_range("2022-01-03", periods=n, freq="120D",
                                                   tz="UTC"),
                             "kind": "client", "source": ["referral", "linkedin"] * (n // 2)
                             + ["referral"] * (n % 2)})
    outcomes["from_linkedin"] = outcomes["source"] == "linkedin"
    (tmp_path / "ledger.json").write_text(json.dumps({"files": {}}))
    r = c10_not_fundamental(Context(processed=tmp_path, _tables={"outcomes": outcomes}))
    assert r.n == n and (r.verdict == "not testable") == (n < 10), r.summary


# -- the classifier bounds and correction ---------------------------------------------------
def test_c1_share_is_corrected_for_the_classifier_error():
    """Openers the classifier labelled (not the owner): the share is corrected with the
    shipped error rates, so its interval is wider than the plain (design-effect) Wilson."""
    conv = _conversations([{"opener_category": "sales_pitch" if i % 3 else "recruiting"}
                           for i in range(60)])
    ctx = _context(conv)
    ctx.__dict__.update(labels_cover_all_openers=False, _label_evaluation=None)
    r = c1_being_sold_to(ctx)
    assert "corrected" in r.details and r.details["corrected"]["share"]
    plain = stats.wilson(40, 60)
    assert r.ci_high - r.ci_low > 1.2 * (plain.high - plain.low)


def test_c2_classifier_bounds_straddle_one_half_when_precision_is_low(monkeypatch):
    """A share of 60% with pitch precision 80%: between (0.6 - 0.2) / 0.8 = 50% and
    0.6 / 0.8 = 75%, so classifier error alone could flip the verdict."""
    from analysis.claims import being_sold_to

    monkeypatch.setattr(being_sold_to, "pitch_precision", lambda ctx: 0.8)
    out, note = being_sold_to._c2_error_bounds(None, 0.6)
    assert out["share_if_errors_inside_window"] == pytest.approx(0.5)
    assert out["share_if_errors_outside_window"] == pytest.approx(0.75)
    assert out["could_flip"] and "could flip" in note
    assert out["flips_below_precision"] == pytest.approx(0.8)


def test_c7_interval_is_cluster_robust_over_senders():
    """Cold pitches in campaigns (four senders, six openers each, answered alike): C7's
    interval is wider than Newcombe's on the same counts, and says it is over 4 + 20
    senders."""
    rows = [{"opener_category": "sales_pitch", "replied": s == 0} for s in range(4)
            for _ in range(6)]
    rows += [{"opener_category": "recruiting", "replied": i % 2 == 0} for i in range(20)]
    conv = _conversations(rows)
    conv["counterpart_key"] = [f"s{i // 6}" for i in range(24)] + [f"r{i}" for i in range(20)]
    r = c7_cold_messages(_context(conv))
    plain = stats.two_proportions(6, 24, 10, 20)
    assert r.estimate == pytest.approx(plain.value)
    assert r.ci_high - r.ci_low > 1.3 * (plain.high - plain.low)
    assert any("over the 24 senders" in line for line in r.limitations)


def test_c6_interval_is_cluster_robust_over_people_pitched():
    """The owner pitches six people three times each (answered alike) warm and twelve
    people once cold: the interval uses the people as clusters with t(G-1) and is wider
    than with every pitch taken as its own person."""
    rows = [{"opener_direction": "out", "opener_category": "sales_pitch", "prior_two_way": True,
             "replied": p % 2 == 0} for p in range(6) for _ in range(3)]
    rows += [{"opener_direction": "out", "opener_category": "sales_pitch",
              "prior_two_way": False, "replied": i % 4 == 0} for i in range(12)]
    conv = _conversations(rows)
    alone = c6_relationship_selling(_context(conv.copy()))
    conv["counterpart_key"] = [f"w{i // 3}" for i in range(18)] + [f"c{i}" for i in range(12)]
    r = c6_relationship_selling(_context(conv))
    assert r.estimate == pytest.approx(alone.estimate)
    assert math.log(r.ci_high / r.ci_low) > 1.1 * math.log(alone.ci_high / alone.ci_low)
    assert any("over the 18 people pitched" in line for line in r.limitations)


# -- C5's coverage rules ---------------------------------------------------------------------
def test_c5_needs_a_year_of_messages_even_without_an_applications_file(tmp_path):
    """No Job Applications file, messages from January 2019: a start in March 2019 has no
    covered year before it and is not assessable; later starts are."""
    import json

    from analysis.claims.jobs import position_traces

    (tmp_path / "ledger.json").write_text(json.dumps({"files": {}}))
    messages = pd.DataFrame({"sent_at": pd.to_datetime(["2019-01-07"], utc=True)})
    positions = pd.DataFrame({"company": ["Early Corp", "Late Corp"],
                              "started_on": pd.to_datetime(["2019-03-01", "2021-03-01"],
                                                           utc=True)})
    ctx = Context(processed=tmp_path, _tables={"positions": positions})
    ctx.__dict__.update(messages=messages, conversations=None, keyed_connections=None)
    traces = position_traces(ctx).set_index("employer")
    assert traces["messages_cover_year"].to_dict() == {"Early Corp": False, "Late Corp": True}
    assert traces["assessable"].to_dict() == {"Early Corp": False, "Late Corp": True}
