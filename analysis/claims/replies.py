"""C6 (relationship-first selling) and C7 (cold messages are dreaded): reply behaviour."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .. import stats
from ..classify.claim_errors import category_error_rates, pitch_precision
from ..features import inbound_openers, map_times
from .context import Context
from .definitions import (
    CLAIMS,
    MIN_C6_REPLIES,
    MIN_C7_OPENERS,
    MINIMUMS,
    CardSpec,
    Worlds,
    too_thin,
)
from .misclass import flip_count, flip_note
from .registry import register
from .result import (
    CONTRADICTED,
    INCONCLUSIVE,
    NOT_TESTABLE,
    SUPPORTED,
    ClaimResult,
    not_testable,
)

COLD_CATEGORIES = ("sales_pitch", "recruiting", "request", "social")


def _connection_age_at(ctx: Context, conv: pd.DataFrame) -> pd.Series:
    connected = map_times(conv["counterpart_key"], ctx.connection_dates()) if ctx.has(
        "connections") else pd.Series(pd.NaT, index=conv.index, dtype="datetime64[us, UTC]")
    return ((conv["opener_sent_at"] - connected).dt.days).clip(lower=0)


def _odds_ratio_counts(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """Unadjusted log odds ratio and its Wald SE (0.5 added to every cell)."""
    a, b, c, d = k1 + 0.5, n1 - k1 + 0.5, k2 + 0.5, n2 - k2 + 0.5
    return math.log(a * d / (b * c)), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)


def _or_side(k1: int, n1: int, k2: int, n2: int) -> int:
    lor, se = _odds_ratio_counts(k1, n1, k2, n2)
    return 1 if lor - stats.Z975 * se > 0 else -1 if lor + stats.Z975 * se < 0 else 0


def c6_relationship_selling(ctx: Context) -> ClaimResult:
    """The owner's warm pitches (a prior two-way exchange with that person) against cold
    pitches (none); openers with no ask (social) against cold pitches as a secondary
    comparison. Reply odds adjusted for connection age."""
    claim = CLAIMS["C6"]
    conv = ctx.conversations
    if conv is None:
        return not_testable(claim, *ctx.why_no_conversations())
    out = conv.loc[(conv["opener_direction"] == "out") & ~conv["is_group"]
                   & conv["opener_category"].notna()].copy()
    pitch = out["opener_category"] == "sales_pitch"
    out["warm"] = pitch & out["prior_two_way"]
    out["cold_pitch"] = pitch & ~out["prior_two_way"]
    out["no_ask"] = out["opener_category"] == "social"
    used = out.loc[out["warm"] | out["cold_pitch"]].copy()
    y = used["replied"].astype(float)
    groups = {}
    for name in ("warm", "cold_pitch", "no_ask"):
        mask = out[name]
        k = int(out.loc[mask, "replied"].sum())
        groups[name] = {"replied": k, **stats.wilson(k, int(mask.sum())).as_dict()}
    n = len(used)
    n_warm, n_cold = int(used["warm"].sum()), int(used["cold_pitch"].sum())
    k_warm, k_cold = groups["warm"]["replied"], groups["cold_pitch"]["replied"]
    secondary = _c6_secondary(groups)
    lim = [f"Reply within {ctx.params.reply_window_days} days. Warm: the owner's pitch to "
           "someone with an earlier two-way exchange; cold: a pitch with none. The odds ratio "
           "is adjusted for connection age only, not for who was approached."]
    base = ClaimResult.for_claim(claim, INCONCLUSIVE, n=n, limitations=lim,
                       window=ctx.window_of("messages", "sent_at"),
                       parameters=ctx.params.changed(),
                       details={"groups": groups, "no_ask_vs_cold_pitch": secondary},
                       estimate_label="odds ratio of a reply, warm vs cold pitch",
                       figure_data=pd.DataFrame([{"group": g, **v} for g, v in groups.items()]))
    if min(n_warm, n_cold) < MINIMUMS["C6"]:
        base.verdict = NOT_TESTABLE
        base.summary = too_thin(min(n_warm, n_cold), MINIMUMS["C6"],
                                f"openers in the smaller group ({n_warm} warm, {n_cold} cold "
                                "pitches)")
        return base
    if y.sum() < MIN_C6_REPLIES:
        base.verdict = NOT_TESTABLE
        base.summary = too_thin(int(y.sum()), MIN_C6_REPLIES, "replies")
        return base
    lor, se_counts = _odds_ratio_counts(k_warm, n_warm, k_cold, n_cold)
    b, se, p, people = _c6_logit(ctx, used, y)
    crit = 1.96
    if np.isfinite(se) and se <= 10 and abs(b) <= 20 and people > 2:
        # pitches to one person go together: cluster-robust error, t on G-1
        crit = float(stats.sps.t.ppf(0.975, people - 1))
        p = float(2 * stats.sps.t.sf(abs(b / se), people - 1))
        base.limitations.append(f"Pitches to one person go together: the error is "
                                f"cluster-robust over the {people} people pitched (never "
                                f"below the model's), with t critical values on "
                                f"{people - 1} degrees of freedom.")
    base.mde = stats.ratio_mde(se if np.isfinite(se) and se < 10 else se_counts)
    base.mde_label = "smallest odds ratio above 1 detectable (80% power)"
    if not (np.isfinite(b) and np.isfinite(se)) or se > 10 or abs(b) > 20:
        b, se, p = lor, se_counts, float(2 * stats.sps.norm.sf(abs(lor / se_counts)))
        crit = 1.96
        base.limitations.append("The adjusted model separates (one group's replies are all "
                                "or nothing): the unadjusted odds ratio with 0.5 added to "
                                "each cell is used.")
    orr, low, high = math.exp(b), math.exp(b - crit * se), math.exp(b + crit * se)
    base.verdict = SUPPORTED if low > 1 else CONTRADICTED if high < 1 else INCONCLUSIVE
    base.estimate, base.ci_low, base.ci_high, base.p = orr, low, high, p
    if not ctx.labels_cover_all_openers:
        base.details["classifier_error"], note = _c6_flip(ctx, k_warm, n_warm, k_cold, n_cold)
        base.limitations.append(note)
    warm, cold = groups["warm"], groups["cold_pitch"]
    base.summary = (f"The owner's warm pitches got replies {warm['estimate']:.0%} of the time "
                    f"vs {cold['estimate']:.0%} for cold pitches (odds ratio {orr:.2f}, 95% CI "
                    f"{low:.2f}-{high:.2f})"
                    + (": a prior exchange went together with " + ("more" if orr > 1 else "fewer")
                       + " replies." if base.verdict in (SUPPORTED, CONTRADICTED)
                       else ": the data cannot tell the two apart."))
    return base


def _c6_logit(ctx: Context, used: pd.DataFrame, y: pd.Series
              ) -> tuple[float, float, float, int]:
    """Log odds ratio of a reply for warm vs cold pitches, adjusted for connection age; its
    error cluster-robust over the people pitched (never below the model's), and the number
    of those people."""
    import statsmodels.api as sm

    age = _connection_age_at(ctx, used)
    X = used[["warm"]].astype(float)
    is_conn = age.notna().astype(float)
    if is_conn.nunique() > 1:
        X = X.assign(is_connection=is_conn)
    log_age = np.log1p(age.fillna(0))
    if log_age.nunique() > 1:  # without connection dates it is constant (no adjustment)
        X = X.assign(log_age=log_age)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = sm.Logit(y, sm.add_constant(X))
            res = model.fit(disp=0)
            keys = used["counterpart_key"].astype(object)
            keys = keys.where(keys.notna(), used.index.astype(str))
            codes = pd.factorize(keys)[0]
            people = int(codes.max()) + 1
            se = float(res.bse["warm"])
            if people > 2:
                robust = model.fit(start_params=res.params, disp=0, cov_type="cluster",
                                   cov_kwds={"groups": codes})
                se = float(np.fmax(se, robust.bse["warm"]))
        return float(res.params["warm"]), se, float(res.pvalues["warm"]), people
    except Exception:  # separation and friends: the caller falls back to the counts
        return math.nan, math.nan, math.nan, 0


def _c6_secondary(groups: dict) -> dict:
    """Openers with no ask against cold pitches (unadjusted odds ratio), shown, not decided."""
    na, cp = groups["no_ask"], groups["cold_pitch"]
    if not (na["n"] and cp["n"]):
        return {}
    lor, se = _odds_ratio_counts(na["replied"], na["n"], cp["replied"], cp["n"])
    return {"odds_ratio": math.exp(lor), "ci_low": math.exp(lor - stats.Z975 * se),
            "ci_high": math.exp(lor + stats.Z975 * se)}


def _c6_flip(ctx: Context, k1: int, n1: int, k2: int, n2: int) -> tuple[dict, str]:
    """How many of the openers counted as pitches would have to be something else to flip
    C6 (warm is the smaller group for most people, so the count is taken there and in the
    cold group, whichever is smaller), against the measured pitch precision."""
    ppv = pitch_precision(ctx)
    warm = flip_count(k1, n1, k2, n2, _or_side)
    cold = flip_count(k2, n2, k1, n1, lambda a, b, c, d: -_or_side(c, d, a, b))
    options = [(f, g, n) for f, g, n in ((warm, "warm pitches", n1), (cold, "cold pitches", n2))
               if f["openers"] is not None]
    expected = {"warm": (1 - ppv) * n1 if ppv == ppv else None,
                "cold": (1 - ppv) * n2 if ppv == ppv else None}
    out = {"pitch_precision": ppv, "expected_wrong": expected,
           "flip_warm": warm, "flip_cold": cold,
           "note": "precision measured on inbound openers, applied to the owner's own"}
    if not options:
        return out, flip_note(warm, expected["warm"], "pitches")
    f, g, _ = min(options, key=lambda o: o[0]["openers"])
    return out, flip_note(f, expected["warm" if g.startswith("warm") else "cold"], g)


def c7_cold_messages(ctx: Context) -> ClaimResult:
    """Reply rate to cold inbound pitches against other cold inbound openers (recruiting,
    requests, social from people with no prior two-way exchange), not against friends."""
    claim = CLAIMS["C7"]
    if ctx.conversations is None:
        return not_testable(claim, *ctx.why_no_conversations())
    inbound = inbound_openers(ctx.conversations)
    inbound = inbound.loc[~inbound["prior_two_way"]
                          & inbound["opener_category"].isin(COLD_CATEGORIES)]
    cold = inbound["opener_category"] == "sales_pitch"
    replied = inbound["replied"]
    k1, n1 = int(replied[cold].sum()), int(cold.sum())
    k2, n2 = int(replied[~cold].sum()), int((~cold).sum())
    # One sender may open several cold conversations (a campaign): senders are clusters.
    est, senders = stats.clustered_two_proportions(replied.to_numpy(), cold.to_numpy(),
                                                   inbound["counterpart_key"].to_numpy())
    latency = inbound.loc[replied, "reply_latency_hours"]
    details = {
        "cold_pitches": {"replied": k1, "n": n1, **stats.wilson(k1, n1).as_dict(),
                         "median_latency_hours": _median(latency[cold[replied]])},
        "other_cold_openers": {"replied": k2, "n": n2, **stats.wilson(k2, n2).as_dict(),
                               "median_latency_hours": _median(latency[~cold[replied]])},
    }
    if math.isnan(est.low):
        verdict = INCONCLUSIVE
    else:
        verdict = SUPPORTED if est.high < 0 else CONTRADICTED if est.low > 0 else INCONCLUSIVE
    summary = (f"The owner replied to {k1} of {n1} cold pitches and {k2} of {n2} other cold "
               "inbound openers (recruiting, requests, social from people with no earlier "
               "exchange)" + (f": cold pitches went together with {'fewer' if est.value < 0 else 'more'}"
                              " replies." if verdict in (SUPPORTED, CONTRADICTED) else ".")
               if n1 + n2 else "No cold inbound openers.")
    if n1 + n2 < MIN_C7_OPENERS:
        verdict, summary = NOT_TESTABLE, too_thin(n1 + n2, MIN_C7_OPENERS,
                                                  "cold inbound openers")
    elif min(n1, n2) < MINIMUMS["C7"]:
        verdict, summary = NOT_TESTABLE, too_thin(
            min(n1, n2), MINIMUMS["C7"], f"openers in the smaller group ({n1} cold pitches, "
            f"{n2} other cold openers)")
    lim = [f"A reply is any message from the owner in the conversation within "
           f"{ctx.params.reply_window_days} days; declining politely counts as replying.",
           f"Openers from one sender go together: the interval is cluster-robust over the "
           f"{senders} senders (t critical values on {max(senders - 1, 1)} degrees of freedom), "
           "never narrower than Newcombe's.",
           "Both groups are first contacts from people with no earlier two-way exchange, so "
           "messages from friends do not make pitches look ignored."]
    figure = pd.DataFrame([{"group": g, **{k: v for k, v in d.items()}}
                           for g, d in details.items()])
    if not ctx.labels_cover_all_openers and n1 and n2:
        details["corrected"], note = _c7_corrected(ctx, inbound)
        lim.append(note)
        ppv = pitch_precision(ctx)
        flip = flip_count(k1, n1, k2, n2)
        wrong = (1 - ppv) * n1 if ppv == ppv else None
        details["corrected"].update(flip=flip, expected_wrong=wrong, pitch_precision=ppv)
        lim.append(flip_note(flip, wrong, "cold pitches"))
    return ClaimResult.for_claim(claim, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n1 + n2, p=est.p,
        estimate_label="reply rate to cold pitches minus to other cold openers",
        mde=stats.interval_mde(est.low, est.high, fallback=stats.two_proportions_mde(n1, n2)),
        mde_label="smallest difference detectable (80% power) by the interval shown",
        window=ctx.window_of("messages", "sent_at"), limitations=lim,
        details=details, parameters=ctx.params.changed(), figure_data=figure, summary=summary)


def _c7_corrected(ctx: Context, inbound: pd.DataFrame) -> tuple[dict, str]:
    """Among cold inbound openers, the reply rate to true pitches minus to the other true
    categories, corrected for the classifier's error, with the corrected number of cold
    pitches; and a note on how classifier error moves the comparison."""
    from ..classify.prevalence import corrected_rate_difference

    cold = inbound  # already the cold openers of the four categories
    among = COLD_CATEGORIES
    corr = corrected_rate_difference(cold["opener_category"] == "sales_pitch",
                                     cold["replied"], category_error_rates(ctx),
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


def _c6_card(result: ClaimResult) -> tuple[float | None, float | None]:
    """The warm-minus-cold reply-rate difference from the counts (Agresti-Caffo): C6's own
    interval is for an adjusted odds ratio, not for a difference that pools across people."""
    groups = result.details.get("groups") or {}
    warm, cold = groups.get("warm"), groups.get("cold_pitch")
    if not (warm and cold and warm.get("n") and cold.get("n")):
        return None, None
    return stats.risk_difference(int(warm["replied"]), int(warm["n"]),
                                 int(cold["replied"]), int(cold["n"]))


def _group_flip(flip: dict | None, wrong) -> tuple[str, bool | None] | None:
    if not flip:
        return None
    if flip["openers"] is None:
        return "no number of misclassified openers flips it", False
    could = wrong is not None and wrong == wrong and wrong >= flip["openers"]
    return (f"flips if {flip['openers']} openers in the group are misclassified "
            f"(expected about {wrong:.0f})" if wrong is not None and wrong == wrong
            else f"flips if {flip['openers']} openers are misclassified", could)


def _c6_classifier_flip(result: ClaimResult) -> tuple[str, bool | None] | None:
    e = result.details.get("classifier_error")
    if not e:
        return None
    return _group_flip(e["flip_warm"], (e["expected_wrong"] or {}).get("warm"))


def _c7_classifier_flip(result: ClaimResult) -> tuple[str, bool | None] | None:
    corrected = result.details.get("corrected", {})
    return _group_flip(corrected.get("flip"), corrected.get("expected_wrong"))


def _c7_error_end(result: ClaimResult) -> tuple[str, dict] | None:
    """The other end of the classifier's error range: the difference corrected for it."""
    corrected = result.details.get("corrected") or {}
    estimate = corrected.get("estimate")
    if estimate is None or estimate != estimate:
        return None
    return "measured (difference corrected for it)", corrected


def _c6_counts(result: dict) -> list[float]:
    """C6's card reveals each group's replies and non-replies."""
    counts: list[float] = []
    for g in (result.get("details", {}).get("groups") or {}).values():
        if isinstance(g, dict) and g.get("n"):
            counts += [g.get("replied", 0), g["n"] - g.get("replied", 0)]
    return counts


register("C6", c6_relationship_selling, page="05-relationship-selling", scale="ratio",
         reads=("reply_window_days",), uses_classifier=True,
         card=CardSpec("risk difference", "counts", effect=_c6_card, holds=(0.0, math.inf),
                       counts=_c6_counts), classifier_flip=_c6_classifier_flip,
         worlds=Worlds("tools.validate.worlds:c6_world", 1.0, ("supported", "contradicted"),
                       ("constant", "heterogeneous"), (0.5, 4.0), (1.5, 2.0, 3.0, 4.0, 6.0),
                       "supported", "odds ratio of a reply, warm over cold pitches",
                       note="the registered comparison: the owner's warm pitches (prior "
                            "two-way exchange) against cold pitches; social notes to friends "
                            "are in the world but not in the estimand"))
register("C7", c7_cold_messages, page="01-being-sold-to", scale="difference",
         percent_points=True, axis="difference in reply rate (dashed: 0 = no difference)",
         reads=("reply_window_days",), uses_classifier=True,
         card=CardSpec("risk difference", holds=(-math.inf, 0.0)),
         interval_rule=lambda low, high: stats.interval_verdict(low, high, 0.0,
                                                                supported_above=False),
         classifier_flip=_c7_classifier_flip, error_end=_c7_error_end,
         worlds=Worlds("tools.validate.worlds:c7_world", 0.0, ("supported", "contradicted"),
                       ("independent", "campaigns"), (-0.2, 0.2),
                       (-0.05, -0.1, -0.15, -0.2, -0.25), "supported",
                       "reply rate difference, cold pitches minus other cold openers",
                       note="the registered comparison: cold pitches against other cold "
                            "openers; friends' messages are in the world but not in the "
                            "estimand"))
