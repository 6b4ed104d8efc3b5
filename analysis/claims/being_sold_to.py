"""C1 (being sold to) and C2 (pitching on first contact): shares of conversation openers."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .. import stats
from .context import Context
from .definitions import CLAIMS
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable


def share_verdict(est: stats.Estimate, *, supported_above: bool = True) -> str:
    """The CLAIMS.md rule for shares: the whole 95% interval on one side of 0.5."""
    if est.n == 0 or np.isnan(est.low):
        return INCONCLUSIVE
    if est.low > 0.5:
        return SUPPORTED if supported_above else CONTRADICTED
    if est.high < 0.5:
        return CONTRADICTED if supported_above else SUPPORTED
    return INCONCLUSIVE


def inbound_openers(ctx: Context) -> pd.DataFrame:
    """One-to-one conversations someone else opened, excluding automated and sponsored mail."""
    conv = ctx.conversations
    keep = ((conv["opener_direction"] == "in") & ~conv["is_group"]
            & ~conv["opener_is_sponsored"] & (conv["opener_category"] != "automated")
            & conv["opener_category"].notna())
    return conv.loc[keep]


def _by_year(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    years = frame["opener_sent_at"].dt.year
    for year, grp in frame.groupby(years):
        k, n = int((grp["opener_category"] == "sales_pitch").sum()), len(grp)
        est = stats.wilson(k, n)
        rows.append({"year": int(year), "n": n, "pitches": k, "share": est.value,
                     "ci_low": est.low, "ci_high": est.high})
    return pd.DataFrame(rows)


def _trend(frame: pd.DataFrame) -> dict:
    """Odds ratio per year of an inbound opener being a pitch (logistic regression)."""
    import statsmodels.api as sm

    y = (frame["opener_category"] == "sales_pitch").astype(float).to_numpy()
    t = (frame["opener_sent_at"] - frame["opener_sent_at"].min()).dt.days.to_numpy() / 365.25
    if len(y) < 20 or y.min() == y.max() or np.ptp(t) < 1:
        return {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.Logit(y, sm.add_constant(t)).fit(disp=0)
    except Exception:  # perfect separation and friends: no trend estimate
        return {}
    b, se = res.params[1], res.bse[1]
    return {"odds_ratio_per_year": float(np.exp(b)), "ci_low": float(np.exp(b - 1.96 * se)),
            "ci_high": float(np.exp(b + 1.96 * se)), "p": float(res.pvalues[1])}


def c1_being_sold_to(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C1"]
    if ctx.conversations is None:
        return not_testable(claim, *ctx.why_no_conversations())
    inbound = inbound_openers(ctx)
    n = len(inbound)
    k = int((inbound["opener_category"] == "sales_pitch").sum())
    est = stats.wilson(k, n)
    lim = ["Categories come from a classifier; label a sample of your messages (notebook 07) "
           "to measure its error and correct the share for it."]
    details: dict = {"observed_share": est.as_dict()}
    corrected = ctx.pitch_error_rates()
    lim += ctx.label_problems
    if corrected is not None and n:
        sens, spec = corrected
        est = stats.rogan_gladen(k, n, sens, spec)
        details["rogan_gladen"] = est.as_dict()
        lim = ["Share corrected for the classifier's measured error on your labels "
               "(Rogan-Gladen); the interval includes that uncertainty."]
    outbound = ctx.conversations.loc[(ctx.conversations["opener_direction"] == "out")
                                     & ~ctx.conversations["is_group"]
                                     & ctx.conversations["opener_category"].notna()]
    k_out = int((outbound["opener_category"] == "sales_pitch").sum())
    details["inbound_vs_outbound"] = {
        "inbound": {"pitches": k, "n": n}, "outbound": {"pitches": k_out, "n": len(outbound)},
        **stats.two_proportions(k, n, k_out, len(outbound)).as_dict()}
    details["trend"] = _trend(inbound)
    details["categories"] = (ctx.conversations.loc[ctx.conversations["opener_direction"] == "in",
                                                   "opener_category"].value_counts().to_dict())
    verdict = share_verdict(est) if n >= ctx.params.min_events else INCONCLUSIVE
    if n < ctx.params.min_events:
        lim.append(f"Only {n} inbound openers: fewer than {ctx.params.min_events}, too thin "
                   "for a verdict.")
    figure = _by_year(inbound)
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p, family=claim.family,
        estimate_label="share of inbound openers that are sales pitches",
        mde=stats.share_mde(n), mde_label="smallest distance from 0.5 detectable (80% power)",
        window=ctx.window_of("messages", "sent_at"), limitations=lim, details=details,
        parameters=ctx.params.changed(), figure_data=figure,
        summary=f"{k} of {n} inbound conversation openers ({est.value:.0%}) are sales pitches"
        if n else "No inbound conversation openers.")


def c2_pitch_on_first_contact(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C2"]
    conns = ctx.table("connections")
    if conns is None:
        missing = [f for f, t in (("messages.csv", "messages"), ("Connections.csv",
                                                                 "connections"))
                   if not ctx.has(t)]
        return not_testable(claim, missing, "Needs messages and connections.")
    if ctx.conversations is None:
        return not_testable(claim, *ctx.why_no_conversations())
    connected = ctx.connection_dates()
    inbound = inbound_openers(ctx)
    pitches = inbound.loc[inbound["opener_category"] == "sales_pitch"]
    first = pitches.groupby("counterpart_key")["opener_sent_at"].min()
    # Connected On is a calendar day, so days are counted between calendar days.
    connected_on = pd.to_datetime(pd.Series(first.index, index=first.index).map(
        connected.to_dict()), utc=True)
    days = (first.dt.floor("D") - connected_on).dt.days.dropna()
    before = int((days < 0).sum())
    days = days[days >= 0]
    window = ctx.params.pitch_window_days
    k, n = int((days <= window).sum()), len(days)
    est = stats.wilson(k, n)
    km = _time_to_first_pitch(ctx, first, connected)
    details = {"pitched_before_connecting": before, "median_days": float(days.median())
               if n else None}
    notes = ctx.invitation_note_pitches()
    if notes is not None:
        details["invitation_notes"] = notes
    lim = ["Connections.csv gives the day of connecting, not the time.",
           f"{before} pitch(es) came before connecting (InMail or open profiles) and are not "
           "counted."]
    verdict = share_verdict(est) if n >= ctx.params.min_events else INCONCLUSIVE
    if n < ctx.params.min_events:
        lim.append(f"Only {n} connections pitched: too thin for a verdict.")
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p, family=claim.family,
        estimate_label=f"share of first pitches within {window} days of connecting",
        mde=stats.share_mde(n), mde_label="smallest distance from 0.5 detectable (80% power)",
        window=ctx.window_of("messages", "sent_at"), limitations=lim, details=details,
        parameters=ctx.params.changed(), figure_data=km,
        summary=f"{k} of {n} connections who pitched did so within {window} days of connecting"
        if n else "No pitches from connections.")


def _time_to_first_pitch(ctx: Context, first_pitch: pd.Series,
                         connected: pd.Series) -> pd.DataFrame:
    """Kaplan-Meier curve of days from connecting to the first pitch, censored at the end
    of the data, over connections made while messages were being recorded."""
    start = ctx.table("messages")["sent_at"].min()
    conn = connected[connected >= start.normalize()]
    pitch_at = pd.to_datetime(pd.Series(conn.index, index=conn.index).map(
        first_pitch.to_dict()), utc=True)
    event = (pitch_at.notna() & (pitch_at >= conn)).to_numpy()
    end = pitch_at.where(event, ctx.as_of)
    durations = (end - conn).dt.total_seconds().to_numpy() / 86400
    return stats.kaplan_meier(np.clip(durations, 0, None), event)
