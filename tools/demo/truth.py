"""Planted and realised truth of a demo: what every claim's measure should find.

`planted` values are the generator's design; `realised` values are computed from the generated
rows with the oracle labels (no classifier error). `expected_verdict` applies CLAIMS.md's rule
to the realised oracle numbers (or, for C4/C8, to an approximate power calculation), and
`acceptable_verdicts` lists what a correct pipeline may reasonably report at this size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from . import fmt, realistic, series
from . import params as P
from .threads import OWNER
from .world import World, stream

_EXPOSURES = ("posts", "comments", "reactions", "logins")
_OUTCOMES = ("inbound_recruiting", "inbound_request", "invitations_received",
             "endorsements_received", "owner_outcomes")


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (float(max(0.0, c - h)), float(min(1.0, c + h)))


def _rule(lo: float, hi: float, threshold: float = 0.5, above_supports: bool = True) -> str:
    if above_supports:
        return "supported" if lo > threshold else "contradicted" if hi < threshold else \
            "inconclusive"
    return "supported" if hi < threshold else "contradicted" if lo > threshold else \
        "inconclusive"


def _share(k: int, n: int) -> dict:
    lo, hi = wilson(k, n)
    return {"k": int(k), "n": int(n), "share": round(k / n, 4) if n else None,
            "ci95": [round(lo, 4), round(hi, 4)]}


def conversation_facts(w: World) -> pd.DataFrame:
    """Per conversation: opener sender, first answer time, two-way, prior two-way exchange."""
    c = w.threads.convs.copy()
    m = w.threads.msgs
    first = m[m["seq"] == 0].set_index("conv")["sender"]
    c["opener_sender"] = first.reindex(c.index).to_numpy()
    resp = m[m["sender"].to_numpy() != c["opener_sender"].to_numpy()[m["conv"].to_numpy()]]
    first_ans = resp.groupby("conv")["t"].min()
    c["first_answer_t"] = first_ans.reindex(c.index).fillna(-1).astype(np.int64).to_numpy()
    owner_wrote = m[m["sender"] == OWNER].groupby("conv").size().reindex(c.index).fillna(0)
    other_wrote = m[m["sender"] != OWNER].groupby("conv").size().reindex(c.index).fillna(0)
    c["two_way"] = (owner_wrote.to_numpy() > 0) & (other_wrote.to_numpy() > 0)
    c["n_msgs"] = m.groupby("conv").size().reindex(c.index).fillna(0).astype(int).to_numpy()
    one = c["kind"] != "group"
    c["prior_two_way"] = False
    s = c[one & (c["partner"] >= 0)].sort_values(["partner", "t0"], kind="stable")
    fa = s["first_answer_t"].where(s["first_answer_t"] >= 0, 2**52)
    prev_min = fa.groupby(s["partner"]).cummin().groupby(s["partner"]).shift(1)
    prior = (prev_min.fillna(2**52).astype(np.int64) < s["t0"]).to_numpy()
    c.loc[s.index, "prior_two_way"] = prior
    return c


def _c1(w: World, c: pd.DataFrame) -> dict:
    inbound = c[(c["opener_sender"] != OWNER) & (c["category"] != "automated")]
    pitch = inbound["category"] == "sales_pitch"
    year = np.minimum((inbound["t0"].to_numpy() - P.T0) // (52 * P.WEEK), 3)
    by_year = {}
    for y in range(4):
        m = year == y
        by_year[str(y + 1)] = _share(int(pitch[m].sum()), int(m.sum()))
    out = c[(c["opener_sender"] == OWNER) & (c["kind"] != "group")]
    r = _share(int(pitch.sum()), len(inbound))
    planted = float(np.mean(w.pop.pitch_share_by_year))
    return {"true_pitch_share_inbound_openers": planted,
            "planted_share_by_panel_year": list(w.pop.pitch_share_by_year),
            "realised": r["share"], "n": r["n"], "ci95": r["ci95"],
            "realised_by_panel_year": by_year,
            "outbound_pitch_share": _share(int((out["category"] == "sales_pitch").sum()),
                                           len(out)),
            "expected_verdict": _rule(*r["ci95"]),
            "note": "panel years start 2021-08-30; the planted share rises by year (logistic "
                    "trend positive)" if w.world != "realistic" else "panel years start "
                    "2021-08-30; the share is flat across years"}


def _c2(w: World, c: pd.DataFrame) -> dict:
    people = w.net.people
    conn = people["connected"].to_numpy()
    p = c[(c["category"] == "sales_pitch") & (c["opener_sender"] != OWNER) & (c["partner"] >= 0)]
    p = p[conn[p["partner"].to_numpy()] >= 0]
    firsts = p.groupby("partner")["t0"].min()
    days_all = firsts.to_numpy() // 86400 - conn[firsts.index.to_numpy()] // 86400
    naive = days_all[days_all >= 0]
    # The registered estimand: a fixed 365-day horizon over connections made while messages
    # were recorded and at least 365 days before the data ends (no censoring).
    msgs_t = w.threads.msgs["t"].to_numpy()
    start_day, last_day = msgs_t.min() // 86400, msgs_t.max() // 86400 - 365
    c_day = conn[firsts.index.to_numpy()] // 86400
    eligible = (c_day >= start_day) & (c_day <= last_day)
    days = days_all[eligible & (days_all >= 0) & (days_all <= 365)]
    r = _share(int((days <= 7).sum()), len(days))
    inv = w.net.invitations
    noted = inv[(inv["direction"] == "INCOMING") & (inv["note"] != "")]
    return {"planted": {"p_within_7_days_new_pitchers": P.PITCH_WITHIN_7D,
                        "old_connection_share_of_connected_pitches": w.pop.old_pitch,
                        "warm_pitch_share": P.WARM_PITCH_SHARE,
                        "note": "old and warm (close-tie) pitchers pitch long after connecting, "
                                "so the realised 7-day share is below the new-pitcher "
                                "probability"},
            "realised": r["share"], "n": r["n"], "ci95": r["ci95"],
            "median_days_to_first_pitch": float(np.median(days)) if len(days) else None,
            "invitation_notes_that_pitch": _share(int(noted["note_pitch"].sum()), len(noted)),
            "naive_share_all_observed_first_pitches": round(float((naive <= 7).mean()), 4)
            if len(naive) else None,
            "expected_verdict": _rule(*r["ci95"]) if r["n"] >= 20 else "not testable",
            "note": "days = calendar day of first pitch minus Connected On day; fixed horizon: "
                    "connections made while messages were recorded and >= 365 days before the "
                    "last message, first pitched within 365 days of connecting"}


def _c3(w: World, c: pd.DataFrame) -> dict:
    people = w.net.people
    m = w.threads.msgs
    conns = people[people["connected"] >= 0]
    owner_convs = set(m.loc[m["sender"] == OWNER, "conv"].unique().tolist())
    writers = m[(m["sender"] >= 0) & m["conv"].isin(owner_convs)]
    two_way = set(writers["sender"].unique().tolist())
    is_tw = conns.index.isin(list(two_way))
    r = _share(int((~is_tw).sum()), len(conns))
    named = ~conns["hidden"].to_numpy()
    rn = _share(int((~is_tw & named).sum()), int(named.sum()))
    cut = P.EXPORT_AT - 365 * 86400
    recent = m[m["t"] >= cut]
    rc_owner = set(recent.loc[recent["sender"] == OWNER, "conv"].tolist())
    rc = recent[(recent["sender"] >= 0) & recent["conv"].isin(rc_owner)]
    recip = int(rc["sender"].nunique())
    # Messages exchanged per connection (1:1 conversations), Gini over all connections.
    one = c[(c["kind"] != "group") & (c["partner"] >= 0)]
    per = one.groupby("partner")["n_msgs"].sum()
    x = np.sort(per.reindex(conns.index).fillna(0).to_numpy().astype(float))
    gini = float(1 - 2 * np.sum(np.cumsum(x) / x.sum()) / len(x) + 1 / len(x)) if x.sum() \
        else 0.0
    return {"no_two_way_share": r["share"], "n": r["n"], "ci95": r["ci95"],
            "no_two_way_share_named_only": rn,
            "reciprocal_ties_last_12_months": recip, "dunbar_reference": 150,
            "gini_messages_over_connections": round(gini, 4),
            "expected_verdict": _rule(*r["ci95"]),
            "note": "two-way = the owner and the connection both wrote in one conversation "
                    "(group chats included); anonymous rows count as connections without one"}


def weekly_realised(w: World, c: pd.DataFrame) -> dict[str, np.ndarray]:
    def wk(t):
        t = np.asarray(t, dtype=np.int64)
        t = t[(t >= P.T0) & (t < P.T_END)]
        return np.bincount((t - P.T0) // P.WEEK, minlength=P.WEEKS)

    inbound = c[c["opener_sender"] != OWNER]
    inv = w.net.invitations
    return {
        "inbound_recruiting": wk(inbound.loc[inbound["category"] == "recruiting", "t0"]),
        "inbound_request": wk(inbound.loc[inbound["category"] == "request", "t0"]),
        "invitations_received": wk(inv.loc[inv["direction"] == "INCOMING", "t"]),
        "endorsements_received": wk(w.act.endorse_in["t"]),
        "owner_outcomes": wk(w.act.outcomes["t"]),
    }


def _c4(w: World, outcomes: dict[str, np.ndarray], only: tuple[str, ...] = _EXPOSURES) -> dict:
    planted = {(e, o): (win, irr) for e, o, win, irr in w.pop.effects} \
        if w.world != "null" else {}
    pairs = [(e, o) for e in only for o in _OUTCOMES]
    n_true = max(1, len(planted))
    alpha = 0.05 * n_true / (len(_EXPOSURES) * len(_OUTCOMES))
    effects = []
    for e, o in pairs:
        lag, irr = planted.get((e, o), (None, 1.0))
        pw = series.approx_power(w.mu[o], series.window_z(w.exposures[e], lag or P.EFFECT_WINDOW),
                                 irr, alpha)
        se = pw["se_log_irr"]
        effects.append({"exposure": e, "outcome": o,
                        "window_weeks": list(lag) if lag else None, "irr_per_sd": irr,
                        "true_null": lag is None,
                        "approx_power_detect": pw["power_detect"] if lag else None,
                        "approx_power_equivalence": pw["power_equivalence"] if not lag
                        else None,
                        "approx_mde_irr_80pct": round(float(np.exp(
                            (norm.ppf(1 - alpha / 2) + 0.8416) * se)), 3),
                        "approx_se_log_irr": se})
    return {"effects": effects, "alpha_bh_approx": round(alpha, 5)}


def _verdict_c4(effects: list[dict]) -> tuple[str, list[str], str]:
    real = [e for e in effects if not e["true_null"]]
    if real:
        p_any = 1 - np.prod([1 - e["approx_power_detect"] for e in real])
        if p_any >= 0.8:
            return "contradicted", ["contradicted"], f"P(detect >=1 effect) ~ {p_any:.2f}"
        return "inconclusive", ["inconclusive", "contradicted"], \
            f"P(detect >=1 effect) ~ {p_any:.2f}: too small to be reliable"
    p_eq = float(np.prod([e["approx_power_equivalence"] for e in effects]))
    if p_eq >= 0.8:
        return "supported", ["supported", "inconclusive"], f"P(all equivalent) ~ {p_eq:.2f}"
    return "inconclusive", ["inconclusive", "supported"], \
        f"all pairs null but P(all equivalent) ~ {p_eq:.2f}; ~5% chance of a false " \
        "'contradicted' at the BH level"


def _c5(w: World, c: pd.DataFrame) -> dict:
    out = []
    people = w.net.people
    for pos in w.act.positions:
        ev = {}
        if pos["how"] == "application":
            a = w.act.applications
            ev["application_dates"] = fmt.iso_day(
                a.loc[a["company"] == pos["company"], "t"].to_numpy()).tolist()
        if pos["how"] == "recruiter":
            cc = c[c["sub"] == "employer_c"]
            ev["recruiter_conversation_ids"] = cc["cid"].tolist() if "cid" in cc else []
            ev["recruiter_contact_dates"] = fmt.iso_day(cc["t0"].to_numpy()).tolist()
        if pos["how"] == "weak_tie":
            p = people.loc[w.net.weak_tie]
            ev["weak_tie_url"] = p["url"]
            ev["weak_tie_connected_on"] = fmt.iso_day(np.array([p["connected"]]))[0]
            ev["weak_tie_messages_exchanged"] = int(c.loc[c["partner"] == w.net.weak_tie,
                                                         "n_msgs"].sum())
        out.append({"company": pos["company"], "title": pos["title"],
                    "started_on": fmt.iso_day(np.array([pos["started"]]))[0][:7],
                    "how": pos["how"], "evidence": ev,
                    "in_data_window": pos["started"] >= P.T0})
    return {"positions": out, "expected_verdict": "contradicted",
            "note": "positions at B (application) and C (recruiter message) have LinkedIn "
                    "traces; D has only a weak tie; A predates the data; E has none"}


def _two_group(k1: int, n1: int, k2: int, n2: int) -> dict:
    """Odds ratio of group 1 vs 2 with a Wald CI (0.5 continuity correction)."""
    a, b, cc, d = k1 + 0.5, n1 - k1 + 0.5, k2 + 0.5, n2 - k2 + 0.5
    lor = np.log(a * d / (b * cc))
    se = np.sqrt(1 / a + 1 / b + 1 / cc + 1 / d)
    return {"odds_ratio": round(float(np.exp(lor)), 3),
            "ci95": [round(float(np.exp(lor - 1.96 * se)), 3),
                     round(float(np.exp(lor + 1.96 * se)), 3)]}


def _c6(w: World, c: pd.DataFrame) -> dict:
    """The registered groups: the owner's warm pitches (prior two-way exchange) vs cold
    pitches; openers with no ask vs cold pitches is secondary."""
    o = c[(c["opener_sender"] == OWNER) & (c["kind"] != "group") & (c["partner"] >= 0)]
    pitch = o["category"] == "sales_pitch"
    cold = pitch & ~o["prior_two_way"]
    warm = pitch & o["prior_two_way"]
    within = (o["first_answer_t"] >= 0) & (o["first_answer_t"] - o["t0"] <= 14 * 86400)
    kc, nc = int(within[cold].sum()), int(cold.sum())
    kr, nr = int(within[warm].sum()), int(warm.sum())
    orr = _two_group(kr, nr, kc, nc)
    lo, hi = orr["ci95"]
    no_ask = o["category"] == "social"
    thin = min(nr, nc) < 10 or kr + kc < 5
    planted = ({"cold_pitch": w.pop.reply["out_pitch"],
                "warm_pitch": w.pop.reply["out_pitch_warm"]} if w.world != "null"
               else {"pooled": "same reply probability for warm and cold pitches"})
    return {"planted_reply_probability": planted,
            "realised_reply_14d": {"cold_pitch": _share(kc, nc), "warm_pitch": _share(kr, nr),
                                   "no_ask": _share(int(within[no_ask].sum()),
                                                    int(no_ask.sum()))},
            "odds_ratio_warm_vs_cold": orr,
            "note": "warm pitches go to close ties (most with an earlier exchange); the "
                    "groups are the realised prior_two_way, as the claim defines them",
            "expected_verdict": "not testable" if thin else "supported" if lo > 1
            else "contradicted" if hi < 1 else "inconclusive"}


def _c7(w: World, c: pd.DataFrame) -> dict:
    i = c[(c["opener_sender"] != OWNER) & (c["kind"] != "group") & (c["partner"] >= 0)
          & (c["category"] != "automated")]
    # The registered groups: cold pitches vs other cold openers (no prior two-way exchange).
    i = i[~i["prior_two_way"]]
    cold = i["category"] == "sales_pitch"
    replied = i["first_answer_t"] >= 0
    lat = (i["first_answer_t"] - i["t0"]) / 3600.0
    kc, nc = int(replied[cold].sum()), int(cold.sum())
    ko, no = int(replied[~cold].sum()), int((~cold).sum())
    p1, p2 = kc / max(nc, 1), ko / max(no, 1)
    se = np.sqrt(p1 * (1 - p1) / max(nc, 1) + p2 * (1 - p2) / max(no, 1))
    diff = p1 - p2
    lo, hi = diff - 1.96 * se, diff + 1.96 * se
    return {"realised_reply_rate": {"cold_pitch": _share(kc, nc), "other_inbound": _share(ko, no)},
            "difference_cold_minus_other": round(float(diff), 4),
            "ci95": [round(float(lo), 4), round(float(hi), 4)],
            "median_latency_hours": {
                "cold_pitch": round(float(lat[cold & replied].median()), 2) if kc else None,
                "other_inbound": round(float(lat[~cold & replied].median()), 2) if ko else None},
            "expected_verdict": "supported" if hi < 0 else "contradicted" if lo > 0
            else "inconclusive"}


def _c9(w: World, weekly: dict[str, np.ndarray]) -> dict:
    rng = stream(w.seed, "truth-permutation")
    events = np.asarray(w.learning_weeks, dtype=np.int64)
    L = P.LEARNING_WEEKS
    res = {}
    for name in ("inbound_recruiting", "endorsements_received"):
        y = weekly[name].astype(float)

        def stat(ev, y=y):
            return float(np.mean([y[e + 1: e + 1 + L].sum() - y[e - L: e].sum() for e in ev]))

        obs = stat(events)
        lo_w, hi_w = L, P.WEEKS - L - 1
        draws = np.array([stat(rng.integers(lo_w, hi_w, len(events))) for _ in range(2000)])
        band = np.quantile(draws, [0.025, 0.975])
        res[name] = {"after_minus_before": round(obs, 3),
                     "placebo_band95": [round(float(band[0]), 3), round(float(band[1]), 3)],
                     "verdict": "supported" if obs > band[1] else "contradicted"
                     if obs < band[0] else "inconclusive"}
    planted = {"boost_irr": w.pop.learning_boost, "weeks_after": L,
               "outcomes": ["inbound_recruiting", "endorsements_received"]} \
        if _boosted(w) else None
    primary = res["inbound_recruiting"]["verdict"]
    return {"planted": planted, "completion_weeks": events.tolist(),
            "completion_dates": fmt.iso_day(P.T0 + events * P.WEEK).tolist(),
            "realised": res, "expected_verdict": primary,
            "acceptable_verdicts": sorted({primary, "inconclusive"}),
            "note": "oracle event study on the true weekly counts, 26 weeks after vs before, "
                    "placebo dates drawn uniformly"}


def _boosted(w: World) -> bool:
    return w.world != "null" and w.pop.learning_boost != 1.0


def _c10(w: World) -> dict:
    o = w.act.outcomes
    pos = [p for p in w.act.positions if p["started"] >= P.T0]
    k_o = int((o["source"] == "linkedin").sum())
    strict = sum(p["how"] in ("application", "recruiter") for p in pos)
    broad = sum(p["how"] in ("application", "recruiter", "weak_tie") for p in pos)
    n = len(o) + len(pos)
    r = _share(k_o + strict, n)
    rb = _share(k_o + broad, n)
    return {"true_linkedin_source_share_outcomes": P.OUTCOME_SOURCE_P[0],
            "realised": r["share"], "n": n, "ci95": r["ci95"],
            "realised_counting_weak_ties": rb,
            "outcome_rows": len(o), "positions_in_window": len(pos),
            "expected_verdict": _rule(*r["ci95"], above_supports=False)}


def build(w: World, counts: dict[str, int]) -> dict:
    c = conversation_facts(w)
    weekly = weekly_realised(w, c)
    c4 = _c4(w, w.mu)
    v4, ok4, why4 = _verdict_c4(c4["effects"])
    c8 = _c4(w, w.mu, only=("logins",))
    v8, ok8, why8 = _verdict_c4(c8["effects"])
    claims = {
        "C1": _c1(w, c), "C2": _c2(w, c), "C3": _c3(w, c),
        "C4": {**c4, "expected_verdict": v4, "acceptable_verdicts": ok4, "why": why4,
               "derived_exposures": {
                   "impressions": "creator workbook, last 365 days only; generated from posts "
                                  "(each post's impressions decay over a week), so it carries "
                                  "the posts effects", "engagements": "~1.8% of impressions",
                   "new_followers": "Poisson(0.8 + impressions/2500) per day"},
               "model": {"nb_dispersion_k": P.NB_K, "trend_log_change": P.TREND,
                         "season_amplitude_log": P.SEASON,
                         "learning_boost_on": ["inbound_recruiting", "endorsements_received"]
                         if _boosted(w) else []}},
        "C5": _c5(w, c), "C6": _c6(w, c), "C7": _c7(w, c),
        "C8": {"exposure": "logins", "logins_per_week_mean": round(float(
            w.exposures["logins"].mean()), 3), "effects": c8["effects"],
            "expected_verdict": v8, "acceptable_verdicts": ok8, "why": why8},
        "C9": _c9(w, weekly), "C10": _c10(w),
    }
    for k in ("C1", "C2", "C3", "C5", "C6", "C7", "C10"):
        claims[k].setdefault("acceptable_verdicts", [claims[k]["expected_verdict"]])
    # Near the threshold a classifier's error can tip a share either way.
    for k, bound in (("C1", 0), ("C2", 0), ("C3", 0), ("C10", 1)):
        if abs(claims[k]["ci95"][bound] - 0.5) < 0.03:
            claims[k]["acceptable_verdicts"] = sorted({*claims[k]["acceptable_verdicts"],
                                                       "inconclusive"})
    # With no planted effect, chance can push an oracle test past its bound; the truth is null.
    unplanted = ("C6", "C7", "C9") if w.world == "null" else () if _boosted(w) else ("C9",)
    for k in unplanted:
        claims[k]["acceptable_verdicts"] = sorted({*claims[k]["acceptable_verdicts"],
                                                   "inconclusive"})
        claims[k]["note_null"] = "no effect was planted: 'inconclusive' is the truth"
    _registered_truths(w, claims)
    labels = dict(zip(c["cid"].to_numpy().tolist(), c["category"].to_numpy().tolist(),
                      strict=True))
    outbound = c[(c["opener_sender"] == OWNER) & (c["kind"] != "group")]
    extra = {}
    if w.world == "realistic":  # (planted and null truth files stay as they were)
        extra = {"population": realistic.describe(),
                 "opener_languages": dict(zip(c["cid"].to_numpy().tolist(),
                                              c["lang"].to_numpy().tolist(), strict=True))}
    return {
        **extra,
        "claims": claims,
        "opener_labels": labels,
        "message_labels_path": "truth.json#/opener_labels (conversation id -> category of the "
                               "first message)",
        "outbound_opener_groups": {cid: ("cold_pitch" if (cat == "sales_pitch" and not prior)
                                         else "relationship_first" if (prior or k == "out_social")
                                         else "other")
                                   for cid, cat, prior, k in zip(
                                       outbound["cid"], outbound["category"],
                                       outbound["prior_two_way"], outbound["kind"],
                                       strict=True)},
        "weekly": {"week0_monday": fmt.iso_day(np.array([P.T0]))[0], "weeks": P.WEEKS,
                   "exposures": {k: v.astype(int).tolist() for k, v in w.exposures.items()},
                   "outcomes": {k: v.astype(int).tolist() for k, v in weekly.items()},
                   "outcome_means": {k: np.round(v, 4).tolist() for k, v in w.mu.items()}},
        "counts": counts,
        "verdict_note": "expected verdicts apply CLAIMS.md's rules to the realised data with the "
                        "true labels (oracle); a classifier adds error, acceptable_verdicts "
                        "allow for it near thresholds",
    }


NONE_PLANTED = "none planted"


def _registered_truths(w: World, claims: dict) -> None:
    """Claims registered beyond those above bring their own truth (``Claim.demo_truth``);
    without one nothing was planted for them, so every verdict is acceptable."""
    from analysis.claims import VERDICTS, all_claims

    for claim in all_claims():
        if claim.id in claims:
            continue
        truth = claim.demo_truth(w) if claim.demo_truth is not None else {
            "planted": NONE_PLANTED, "expected_verdict": None}
        expected = truth.get("expected_verdict")
        truth.setdefault("acceptable_verdicts", [expected] if expected else list(VERDICTS))
        claims[claim.id] = truth
