"""C1 (being sold to) and C2 (pitching on first contact): shares of conversation openers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import features, stats
from ..classify.claim_errors import category_error_rates, inbound_pool, pitch_precision
from .context import Context
from .definitions import CLAIMS, MINIMUMS, CardSpec, Worlds, share_counts, too_thin
from .registry import register
from .result import (
    INCONCLUSIVE,
    NOT_TESTABLE,
    ClaimResult,
    not_testable,
)

MIN_C1, MIN_C2 = MINIMUMS["C1"], MINIMUMS["C2"]


def inbound_openers(ctx: Context) -> pd.DataFrame:
    """One-to-one conversations someone else opened, excluding automated and sponsored mail."""
    return features.inbound_openers(ctx.conversations)


def corrected_pitch_share(ctx: Context, k: int, n: int, deff: float = 1.0
                          ) -> tuple[stats.Estimate, dict, list[str]]:
    """C1's pitch share corrected for the classifier's error (matrix inversion over all
    five categories, automated openers then left out), with how large an error would flip
    the verdict. Only sponsored mail is left out beforehand: the correction also moves
    openers wrongly called automated back into the count. ``deff``: the design effect of
    clustering in time, applied to the sampling part of the interval."""
    from ..classify.prevalence import corrected_shares, flip_errors, measured_errors

    conv = ctx.conversations
    pool = inbound_pool(conv)
    rates = category_error_rates(ctx)
    labelled = _owner_labelled(ctx, conv.loc[pool.index, "opener_message_id"])
    shares = corrected_shares(pool[~labelled], rates, exclude=("automated",),
                              seed=ctx.params.seed, design_effect=deff)
    pitch = shares["sales_pitch"]
    if labelled.any():  # the owner's labels are the truth for those openers: no correction
        pitch = _with_labelled(pool, labelled, rates, ctx.params.seed, pitch, deff)
    est = stats.Estimate(pitch["estimate"], pitch["ci_low"], pitch["ci_high"],
                         pitch["p_half"], n)
    among = ("sales_pitch", "recruiting", "request", "social")
    flip = flip_errors(k / n)
    measured = measured_errors(rates, "sales_pitch", among)
    corr = {"method": "matrix inversion of the measured confusion (generalised "
                      "Rogan-Gladen), parametric bootstrap interval",
            "error_rates": rates.source, "labelled_openers": round(rates.n, 1),
            "share": pitch, "shares": {c: shares[c] for c in among},
            "flip": {**flip, "measured": measured}}
    if k == 0:
        why = (f"no opener was classified as a pitch, so only a classifier that misses "
               f"every pitch could hide a majority of them (measured: it catches "
               f"{measured['sensitivity']:.0%})")
    elif flip.get("side") == "below":
        why = (f"the verdict would flip only if the classifier caught fewer than "
               f"{flip['sensitivity_below']:.0%} of the real pitches (measured: "
               f"{measured['sensitivity']:.0%})")
    else:
        why = (f"the verdict would flip only if more than {flip['false_rate_above']:.0%} of "
               f"the other openers were wrongly called pitches (measured: "
               f"{measured['false_rate']:.0%})")
    lim = [f"Categories come from a classifier; the share is corrected for its error "
           f"measured on {rates.source}, {rates.n:.0f} openers, and the interval carries "
           f"that uncertainty. At the observed share of {k / n:.0%}, {why}. Label a sample "
           "of your own messages (notebook 07) to measure the error on your inbox."]
    if not rates.source.startswith("your labels"):
        lim.append("Transport assumption: the correction assumes the classifier errs on this "
                   "inbox as it did on the openers it was measured on. Its interval carries "
                   "the uncertainty of those error rates, not a systematic difference between "
                   "inboxes (texts easier or harder to classify than those); only your own "
                   "labels remove that assumption.")
    return est, corr, lim


def _owner_labelled(ctx: Context, ids: pd.Series) -> pd.Series:
    """Which openers carry the owner's own label (their category is known, not predicted)."""
    if ctx.labels is None or not len(ctx.labels):
        return pd.Series(False, index=ids.index)
    return ids.isin(set(ctx.labels["message_id"].astype(str)))


def _with_labelled(pool: pd.Series, labelled: pd.Series, rates, seed: int,
                   unlabelled: dict, deff: float = 1.0) -> dict:
    """Pitch share over all openers when some are labelled by the owner: the labelled ones
    count as labelled, the corrected share applies to the others only (its interval mapped
    through the same mix)."""
    from ..classify.prevalence import corrected_shares

    lab = pool[labelled]
    k_lab = int((lab == "sales_pitch").sum())
    n_lab = int((lab != "automated").sum())
    n_unl = int((~labelled).sum())
    if not n_unl:
        return {**unlabelled, "estimate": k_lab / n_lab if n_lab else math.nan}
    auto = corrected_shares(pool[~labelled], rates, draws=1, seed=seed).get(
        "automated", {}).get("estimate", 0.0)
    m_unl = n_unl * (1 - (auto if auto == auto else 0.0))

    def mix(share: float) -> float:
        return (k_lab + share * m_unl) / (n_lab + m_unl) if n_lab + m_unl else math.nan

    point = unlabelled["estimate"]
    if point != point:  # no correctable opener left among the unlabelled (all automated, say):
        point = k_lab / n_lab if n_lab else math.nan  # they add only their interval's width
    est = mix(point)
    if est != est:
        return {**unlabelled, "estimate": math.nan, "owner_labelled": n_lab}
    # The correction's uncertainty (unlabelled openers) and the sampling uncertainty of the
    # share over all openers (as for a fully labelled inbox) add in quadrature.
    total = n_lab + m_unl
    w = stats.effective_wilson(est * total, int(round(total)), deff)
    low = est - math.hypot(est - mix(unlabelled["ci_low"]), est - w.low)
    high = est + math.hypot(mix(unlabelled["ci_high"]) - est, w.high - est)
    return {**unlabelled, "estimate": est, "ci_low": max(0.0, low), "ci_high": min(1.0, high),
            "owner_labelled": n_lab, "corrected_unlabelled": unlabelled}


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
    y = (frame["opener_category"] == "sales_pitch").astype(float).to_numpy()
    t = (frame["opener_sent_at"] - frame["opener_sent_at"].min()).dt.days.to_numpy() / 365.25
    if len(y) < 20 or y.min() == y.max() or np.ptp(t) < 1:
        return {}
    fit = stats.logit_fit(y, t, 1)
    if fit is None:  # perfect separation and friends: no trend estimate
        return {}
    b, se, p = fit
    return {"odds_ratio_per_year": float(np.exp(b)), "ci_low": float(np.exp(b - stats.Z975 * se)),
            "ci_high": float(np.exp(b + stats.Z975 * se)), "p": p}


def c1_being_sold_to(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C1"]
    if ctx.conversations is None:
        return not_testable(claim, *ctx.why_no_conversations())
    inbound = inbound_openers(ctx)
    n = len(inbound)
    k = int((inbound["opener_category"] == "sales_pitch").sum())
    is_pitch = (inbound["opener_category"] == "sales_pitch").to_numpy()
    est, deff = stats.clustered_wilson(is_pitch, inbound["opener_sent_at"],
                                       block_days=stats.BLOCK_DAYS)
    details: dict = {"observed_share": est.as_dict(), "design_effect": deff}
    lim = list(ctx.label_problems)
    if ctx.labels_cover_all_openers:
        lim.insert(0, "Every opener carries your own label: no classifier error to correct.")
    elif n:
        est, corr, lim_corr = corrected_pitch_share(ctx, k, n, deff)
        details["corrected"] = corr
        lim = lim_corr + lim
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
    verdict = stats.share_verdict(est)
    summary = _c1_summary(k, n, est, "corrected" in details)
    if n < MIN_C1:
        verdict, summary = NOT_TESTABLE, too_thin(n, MIN_C1, "inbound openers")
    figure = _by_year(inbound)
    return ClaimResult.for_claim(claim, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p,
        estimate_label="share of inbound openers that are sales pitches",
        mde=stats.interval_mde(est.low, est.high, fallback=stats.share_mde(n)),
        mde_label="smallest distance from 0.5 detectable (80% power) by the interval shown "
        "(design effect and classifier correction included)",
        window=ctx.window_of("messages", "sent_at"), limitations=lim, details=details,
        parameters=ctx.params.changed(), figure_data=figure, summary=summary)


def _c1_summary(k: int, n: int, est: stats.Estimate, corrected: bool) -> str:
    if not n:
        return "No inbound conversation openers."
    if not corrected:
        return f"{k} of {n} inbound conversation openers ({est.value:.0%}) are sales pitches"
    return (f"{k} of {n} inbound conversation openers ({k / n:.0%}) are classified as sales "
            f"pitches; corrected for the classifier's error, {est.value:.0%} "
            f"({est.low:.0%} to {est.high:.0%}) are pitches")


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
    horizon = fixed_horizon(ctx, first, connected)
    k, n, before = horizon["within_window"], horizon["n"], horizon["pitched_before_connecting"]
    window = ctx.params.pitch_window_days
    days = horizon["days"]
    est, deff = stats.clustered_wilson((days <= window).to_numpy(),
                                       connected.reindex(days.index), block_days=stats.BLOCK_DAYS)
    km = _time_to_first_pitch(ctx, first, connected)
    details = {"pitched_before_connecting": before, "median_days": horizon["median_days"],
               "design_effect": deff,
               "fixed_horizon": {key: v for key, v in horizon.items() if key != "days"},
               "naive_share_all_observed_first_pitches": horizon["naive"]}
    notes = ctx.invitation_note_pitches()
    if notes is not None:
        details["invitation_notes"] = notes
    lim = ["Connections.csv gives the day of connecting, not the time.",
           f"Measured at a fixed horizon: only connections made while messages were being "
           f"recorded and at least {HORIZON_DAYS} days before the export count "
           f"({horizon['eligible_connections']} here), and of those only the "
           f"{n} whose first pitch came within {HORIZON_DAYS} days of connecting; so the share "
           "does not depend on how old the account is. The Kaplan-Meier curve shows the "
           "whole time to first pitch.",
           f"{before} pitch(es) came before connecting (InMail or open profiles) and are not "
           "counted."]
    verdict = stats.share_verdict(est)
    mde = stats.interval_mde(est.low, est.high, fallback=stats.share_mde(n))
    if n < MIN_C2:
        verdict = NOT_TESTABLE
    elif n and not ctx.labels_cover_all_openers:
        details["classifier_error"], note = _c2_error_bounds(ctx, est.value)
        lim.append(note)
        if details["classifier_error"].get("could_flip") and verdict != INCONCLUSIVE:
            details["classifier_error"]["verdict_without_correction"] = verdict
    return ClaimResult.for_claim(claim, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p,
        estimate_label=f"share of first pitches within {window} days of connecting, among "
        f"first pitches within {HORIZON_DAYS} days",
        mde=mde, mde_label="smallest distance from 0.5 detectable (80% power) by the "
        "interval shown (design effect included)",
        window=ctx.window_of("messages", "sent_at"), limitations=lim, details=details,
        parameters=ctx.params.changed(), figure_data=km,
        summary=too_thin(n, MIN_C2, "pitching connections with full follow-up")
        if verdict == NOT_TESTABLE else (f"Of {n} connections (made at least a year before the export) whose first "
                 f"pitch came within a year of connecting, {k} ({k / n:.0%}) pitched within "
                 f"{window} days" if n else "No connection pitched within a year of connecting "
                 "(among those made at least a year before the export)."))


def _c2_error_bounds(ctx: Context, share: float) -> tuple[dict, str]:
    """Bounds on C2's share if some of the connections counted as pitching did not pitch:
    with precision P, the true share lies between (s - (1 - P)) / P (all wrongly counted
    ones were inside the window) and s / P (all were outside), clipped to [0, 1]."""
    ppv = pitch_precision(ctx)
    if not ppv or np.isnan(ppv):
        return {}, "The classifier's precision for pitches could not be estimated here."
    low, high = max(0.0, (share - (1 - ppv)) / ppv), min(1.0, share / ppv)
    flips = (low < 0.5 <= high) or (low <= 0.5 < high)
    # the precision below which the worst case crosses one half (2(1 - s) above it, 2s below)
    flip_at = 2 * (1 - share) if share > 0.5 else 2 * share
    out = {"pitch_precision": ppv, "share_if_errors_inside_window": low,
           "share_if_errors_outside_window": high, "could_flip": bool(flips),
           "flips_below_precision": min(1.0, flip_at)}
    note = (f"About {1 - ppv:.0%} of the openers counted as pitches are probably not pitches "
            f"(estimated from the classifier's measured error); depending on when those "
            f"came, the share is between {low:.0%} and {high:.0%}, "
            + ("which straddles one half: classifier error alone could flip the verdict."
               if flips else "on the same side of one half: classifier error alone cannot "
               "flip the verdict.")
            + f" It would take a pitch precision below {min(1.0, flip_at):.0%} to flip it.")
    return out, note


HORIZON_DAYS = 365


def fixed_horizon(ctx: Context, first_pitch: pd.Series, connected: pd.Series) -> dict:
    """C2's registered estimand: connections made while messages were recorded and at least
    ``HORIZON_DAYS`` before the export; of those first pitched within ``HORIZON_DAYS`` days
    of connecting, how many within the pitch window. Every such connection has had the full
    year to pitch, so nothing is censored and the share does not grow with account age."""
    start = ctx.table("messages")["sent_at"].min().normalize()
    last = (ctx.as_of - pd.Timedelta(days=HORIZON_DAYS)).normalize()
    # Connected On is a calendar day, so days are counted between calendar days.
    connected_on = pd.to_datetime(pd.Series(first_pitch.index, index=first_pitch.index).map(
        connected.to_dict()), utc=True)
    all_days = (first_pitch.dt.floor("D") - connected_on).dt.days.dropna()
    before = int((all_days < 0).sum())
    window = ctx.params.pitch_window_days
    observed = all_days[all_days >= 0]
    eligible = connected[(connected >= start) & (connected <= last)]
    days = all_days.reindex(eligible.index).dropna()
    days = days[(days >= 0) & (days <= HORIZON_DAYS)]
    return {"n": int(len(days)), "within_window": int((days <= window).sum()),
            "eligible_connections": int(len(eligible)), "horizon_days": HORIZON_DAYS,
            "pitched_before_connecting": before, "days": days,
            "median_days": float(days.median()) if len(days) else None,
            "naive": float((observed <= window).mean()) if len(observed) else None}


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


def _c1_flip(result: ClaimResult) -> tuple[str, bool | None] | None:
    """From C1's classifier-error analysis: how large an error would flip it, and whether
    the measured error is that large."""
    if "corrected" not in result.details:
        return None
    f = result.details["corrected"]["flip"]
    m = f.get("measured", {})
    if f.get("side") == "below":
        return (f"flips if sensitivity < {f['sensitivity_below']:.2f} "
                f"(measured {m.get('sensitivity', float('nan')):.2f})",
                m.get("sensitivity", 1) < f["sensitivity_below"])
    if f.get("side") == "above":
        return (f"flips if false-pitch rate > {f['false_rate_above']:.2f} "
                f"(measured {m.get('false_rate', float('nan')):.2f})",
                m.get("false_rate", 0) > f["false_rate_above"])
    return None


def _c1_error_end(result: ClaimResult) -> tuple[str, dict] | None:
    """The other end of the classifier's error range: the share counted as classified."""
    if "corrected" not in result.details:
        return None
    return "none (shares counted as classified)", result.details["observed_share"]


def _c2_flip(result: ClaimResult) -> tuple[str, bool | None] | None:
    e = result.details.get("classifier_error")
    if not e:
        return None
    return (f"share between {e['share_if_errors_inside_window']:.2f} and "
            f"{e['share_if_errors_outside_window']:.2f} at precision "
            f"{e['pitch_precision']:.2f}", bool(e["could_flip"]))


def _share_rule(low: float, high: float) -> str:
    return stats.interval_verdict(low, high, 0.5)


register("C1", c1_being_sold_to, page="01-being-sold-to", scale="share", uses_classifier=True,
         card=CardSpec("log-odds", holds=(0.0, math.inf), counts=share_counts), interval_rule=_share_rule, classifier_flip=_c1_flip,
         error_end=_c1_error_end,
         worlds=Worlds("tools.validate.worlds:c1_world", 0.5, ("supported", "contradicted"), ("independent", "campaigns", "thin"),
                       (0.2, 0.8), (0.55, 0.6, 0.65, 0.7, 0.8), "supported",
                       "population pitch share"))
register("C2", c2_pitch_on_first_contact, page="01-being-sold-to", scale="share",
         reads=("pitch_window_days",), uses_classifier=True,
         card=CardSpec("log-odds", holds=(0.0, math.inf), counts=share_counts),
         interval_rule=_share_rule, classifier_flip=_c2_flip,
         worlds=Worlds("tools.validate.worlds:c2_world", 0.5, ("supported", "contradicted"), ("old", "young"), (0.2, 0.8),
                       (0.55, 0.6, 0.65, 0.7, 0.8), "supported",
                       "P(first pitch ≤ 7 days, given ≤ 365 days)",
                       note="the planted value is the registered fixed-horizon estimand "
                            "(connections at least 365 days old, first pitch within 365 "
                            "days)"))
