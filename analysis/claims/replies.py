"""C6 (relationship-first selling) and C7 (cold messages are dreaded): reply behaviour."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .. import stats
from ..features import map_times
from .being_sold_to import inbound_openers
from .context import Context
from .definitions import CLAIMS
from .registry import register
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable


def _connection_age_at(ctx: Context, conv: pd.DataFrame) -> pd.Series:
    connected = map_times(conv["counterpart_key"], ctx.connection_dates()) if ctx.has(
        "connections") else pd.Series(pd.NaT, index=conv.index, dtype="datetime64[us, UTC]")
    return ((conv["opener_sent_at"] - connected).dt.days).clip(lower=0)


def c6_relationship_selling(ctx: Context) -> ClaimResult:
    import statsmodels.api as sm

    claim = CLAIMS["C6"]
    conv = ctx.conversations
    if conv is None:
        return not_testable(claim, *ctx.why_no_conversations())
    out = conv.loc[(conv["opener_direction"] == "out") & ~conv["is_group"]
                   & conv["opener_category"].notna()].copy()
    out["relationship_first"] = out["prior_two_way"] | (out["opener_category"] == "social")
    out["cold_pitch"] = (out["opener_category"] == "sales_pitch") & ~out["prior_two_way"]
    used = out.loc[out["relationship_first"] | out["cold_pitch"]].copy()
    age = _connection_age_at(ctx, used)
    used["is_connection"] = age.notna().astype(float)
    used["log_age"] = np.log1p(age.fillna(0))
    y = used["replied_14d"].astype(float)
    groups = {}
    for name, mask in (("relationship_first", used["relationship_first"]),
                       ("cold_pitch", ~used["relationship_first"])):
        est = stats.wilson(int(y[mask].sum()), int(mask.sum()))
        groups[name] = {"replied": int(y[mask].sum()), **est.as_dict()}
    n = len(used)
    lim = ["Reply within 14 days. The owner's openers are few for most people; the odds "
           "ratio is adjusted for connection age only, not for who was approached."]
    base = ClaimResult(claim.id, claim.title, claim.quote, claim.measured, claim.rule,
                       INCONCLUSIVE, n=n, family=claim.family, limitations=lim,
                       window=ctx.window_of("messages", "sent_at"),
                       parameters=ctx.params.changed(), details={"groups": groups},
                       estimate_label="odds ratio of a reply, relationship-first vs cold pitch",
                       figure_data=pd.DataFrame([{"group": g, **v} for g, v in groups.items()]))
    n_rel, n_cold = int(used["relationship_first"].sum()), int((~used["relationship_first"]).sum())
    if min(n_rel, n_cold) < 5 or y.sum() < 5 or y.sum() == n:
        base.summary = (f"Too few outbound openers to compare ({n_rel} relationship-first, "
                        f"{n_cold} cold pitches, {int(y.sum())} replied).")
        base.limitations.append("Thin data: at least 5 in each group and 5 replies are needed.")
        return base
    X = used[["relationship_first"]].astype(float)
    if used["is_connection"].nunique() > 1:
        X = X.assign(is_connection=used["is_connection"])
    X = X.assign(log_age=used["log_age"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
        b, se = res.params["relationship_first"], res.bse["relationship_first"]
        p = float(res.pvalues["relationship_first"])
    except Exception:  # separation: fall back to the unadjusted comparison
        b, se, p = math.nan, math.nan, None
    if not (np.isfinite(b) and np.isfinite(se)) or se > 10 or abs(b) > 20:
        base.summary = "The reply model could not be fitted (the groups separate perfectly)."
        base.limitations.append("Separation: one group's replies are all or nothing.")
        return base
    orr, low, high = math.exp(b), math.exp(b - 1.96 * se), math.exp(b + 1.96 * se)
    verdict = SUPPORTED if low > 1 else CONTRADICTED if high < 1 else INCONCLUSIVE
    base.verdict = verdict
    base.estimate, base.ci_low, base.ci_high, base.p = orr, low, high, p
    base.mde = stats.ratio_mde(se)
    base.mde_label = "smallest odds ratio above 1 detectable (80% power)"
    rel, cold = groups["relationship_first"], groups["cold_pitch"]
    base.summary = (f"The owner's relationship-first openers got replies {rel['estimate']:.0%} of "
                    f"the time vs {cold['estimate']:.0%} for cold pitches (odds ratio "
                    f"{orr:.2f}, 95% CI {low:.2f}-{high:.2f}).")
    return base


def c7_cold_messages(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C7"]
    if ctx.conversations is None:
        return not_testable(claim, *ctx.why_no_conversations())
    inbound = inbound_openers(ctx)
    cold = (inbound["opener_category"] == "sales_pitch") & ~inbound["prior_two_way"]
    replied = inbound["replied_14d"]
    k1, n1 = int(replied[cold].sum()), int(cold.sum())
    k2, n2 = int(replied[~cold].sum()), int((~cold).sum())
    est = stats.two_proportions(k1, n1, k2, n2)
    latency = inbound.loc[replied, "reply_latency_hours"]
    details = {
        "cold_pitches": {"replied": k1, "n": n1, **stats.wilson(k1, n1).as_dict(),
                         "median_latency_hours": _median(latency[cold[replied]])},
        "other_openers": {"replied": k2, "n": n2, **stats.wilson(k2, n2).as_dict(),
                          "median_latency_hours": _median(latency[~cold[replied]])},
    }
    thin = min(n1, n2) < ctx.params.min_events
    if thin or math.isnan(est.low):
        verdict = INCONCLUSIVE
    else:
        verdict = SUPPORTED if est.high < 0 else CONTRADICTED if est.low > 0 else INCONCLUSIVE
    lim = ["A reply is any message from the owner in the conversation within 14 days; "
           "declining politely counts as replying."]
    if thin:
        lim.append(f"Fewer than {ctx.params.min_events} openers in a group: too thin for a "
                   "verdict.")
    figure = pd.DataFrame([{"group": g, **{k: v for k, v in d.items()}}
                           for g, d in details.items()])
    if not ctx.labels_cover_all_openers and n1 and n2:
        details["corrected"], note = _c7_corrected(ctx, inbound)
        lim.append(note)
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n1 + n2, p=est.p,
        family=claim.family, estimate_label="reply rate to cold pitches minus to other openers",
        mde=stats.two_proportions_mde(n1, n2), mde_label="smallest difference detectable "
        "(80% power)", window=ctx.window_of("messages", "sent_at"), limitations=lim,
        details=details, parameters=ctx.params.changed(), figure_data=figure,
        summary=f"The owner replied to {k1} of {n1} cold pitches and {k2} of {n2} other "
        "inbound openers." if n1 + n2 else "No inbound openers.")


def _c7_corrected(ctx: Context, inbound: pd.DataFrame) -> tuple[dict, str]:
    """Among cold inbound openers, the reply rate to true pitches minus to the other true
    categories, corrected for the classifier's error, with the corrected number of cold
    pitches; and a note on how classifier error moves the comparison."""
    from ..classify.prevalence import corrected_rate_difference
    from .being_sold_to import category_error_rates

    cold = inbound.loc[~inbound["prior_two_way"]]
    among = ("sales_pitch", "recruiting", "request", "social")
    corr = corrected_rate_difference(cold["opener_category"] == "sales_pitch",
                                     cold["replied_14d"], category_error_rates(ctx),
                                     "sales_pitch", among, seed=ctx.params.seed)
    if np.isnan(corr["estimate"]):
        return corr, ("The classifier's measured error leaves cold pitches and other cold "
                      "openers too mixed to correct the comparison for it.")
    size = corr["group_size"]
    note = (f"Corrected for the classifier's error ({corr['error_rates']}), among cold "
            f"openers the reply rate to pitches minus to the others is "
            f"{corr['estimate']:+.0%} (95% CI {corr['ci_low']:+.0%} to {corr['ci_high']:+.0%})"
            f", with about {size['corrected']:.0f} true cold pitches for "
            f"{size['predicted']} classified. Errors that do not depend on whether you replied "
            f"only shrink a difference (here by a factor of {corr['attenuation']:.2f}); only "
            "errors that do could reverse it.")
    return corr, note


def _median(values: pd.Series) -> float | None:
    return float(values.median()) if len(values) else None


register("C6", c6_relationship_selling, page="05-relationship-selling", scale="ratio")
register("C7", c7_cold_messages, page="01-being-sold-to", scale="difference",
         percent_points=True, axis="difference in reply rate (dashed: 0 = no difference)")
