"""C3: are the owner's connections superficial? Two-way conversations per connection."""

from __future__ import annotations

import math

from .. import stats
from .context import Context
from .definitions import CLAIMS, MINIMUMS, CardSpec, Worlds, share_counts, too_thin
from .registry import register
from .result import NOT_TESTABLE, SUPPORTED, ClaimResult, not_testable


def c3_superficial_ties(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C3"]
    ties = ctx.ties
    if ties is None:
        missing = [f for f, t in (("Connections.csv", "connections"),
                                  ("messages.csv", "messages")) if not ctx.has(t)]
        if missing:
            return not_testable(claim, missing, "Needs connections and messages.")
        return not_testable(claim, *ctx.why_no_conversations())
    linked = ties.loc[ties["key"].notna()]
    hidden = int(ties["key"].isna().sum())
    n = len(linked)
    k = int((~linked["two_way"]).sum())
    est, deff = stats.clustered_wilson((~linked["two_way"]).to_numpy(), linked["connected_on"],
                                       block_days=stats.BLOCK_DAYS)
    reciprocal = int(linked["reciprocal_12m"].sum())
    low, high = ctx.params.dunbar_band
    totals = linked["messages_in"] + linked["messages_out"]
    details = {
        "reciprocal_ties_12m": reciprocal,
        "dunbar": {"number": ctx.params.dunbar, "band": [low, high],
                   "position": "below" if reciprocal < low else
                   "above" if reciprocal > high else "within"},
        "gini_messages": stats.gini(totals),
        "hidden_members": hidden,
        "connections_with_any_message": int((totals > 0).sum()),
        "design_effect": deff,
    }
    lim = ["Only conversations on LinkedIn count: ties kept up by email, phone or in person "
           "look superficial here.",
           f"{hidden} hidden or closed members have no profile and cannot be matched to "
           "messages; they are left out of the share."]
    if not ctx.keys_are_urls:
        lim.append("This export's Connections.csv has no profile URLs, so connections are "
                   "matched to conversations by name (namesakes can be confused).")
    verdict = stats.share_verdict(est)
    if verdict == SUPPORTED:
        lim.insert(0, "'Supported' rests on the absence of a trace: no two-way LinkedIn "
                      "conversation was found with most connections, which does not show that "
                      "none happened elsewhere.")
    summary = (f"No two-way LinkedIn conversation found with {k} of {n} connections "
               f"({est.value:.0%}); {reciprocal} reciprocal ties in the last 12 months "
               f"(Dunbar's band {low:.0f}-{high:.0f})" if n else "No connections to assess.")
    if n < MINIMUMS["C3"]:
        verdict, summary = NOT_TESTABLE, too_thin(n, MINIMUMS["C3"], "connections")
    figure = linked[["messages_in", "messages_out", "two_way", "reciprocal_12m",
                     "connection_age_days"]].reset_index(drop=True)
    return ClaimResult.for_claim(claim, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p,
        estimate_label="share of connections with no two-way conversation ever",
        mde=stats.interval_mde(est.low, est.high, fallback=stats.share_mde(n)),
        mde_label="smallest distance from 0.5 detectable (80% power) by the interval shown",
        window=ctx.window_of("connections", "connected_on"), limitations=lim, details=details,
        parameters=ctx.params.changed(), figure_data=figure,
        summary=summary)


register("C3", c3_superficial_ties, page="02-superficial-ties", scale="share",
         card=CardSpec("log-odds", history=True, holds=(0.0, math.inf), counts=share_counts),
         interval_rule=lambda low, high: stats.interval_verdict(low, high, 0.5),
         worlds=Worlds("tools.validate.worlds:c3_world", 0.5, ("supported", "contradicted"), ("independent", "cohorts"), (0.2, 0.8),
                       (0.53, 0.56, 0.6, 0.65, 0.7), "supported",
                       "population share with no two-way conversation"))
