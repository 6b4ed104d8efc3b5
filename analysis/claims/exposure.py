"""C4 and C8: does activity on LinkedIn (exposure) bring outcomes in the weeks after?

Each (exposure, outcome) pair is a negative-binomial regression of the weekly outcome count
on the exposure summed over the previous weeks (1 to 4 by default), with a linear trend and
a yearly season, HAC errors. Effects are incidence-rate ratios per SD of exposure, adjusted
by Benjamini-Hochberg within the claim's family, with a TOST for equivalence to no effect.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd

from .. import stats
from ..features import CREATOR_SERIES, TABLE_SERIES
from .context import FILE_OF_TABLE, Context
from .definitions import CLAIMS, MIN_PAIR_EVENTS, MIN_PAIR_WEEKS, CardSpec, Worlds, too_thin
from .registry import register
from .result import (
    CONTRADICTED,
    INCONCLUSIVE,
    NOT_TESTABLE,
    SUPPORTED,
    ClaimResult,
    not_testable,
)

# Primary pairs (the verdict): the activities the article calls vanity metrics (and the
# creator-analytics exposures when the workbook is present) against every registered
# outcome with enough events, the owner's outcomes.csv and recommendations included. A pair
# below the registered minimum (covered weeks, outcome events) is left out and listed.
C4_EXPOSURES = ("posts", "comments", "reactions")
C8_EXPOSURES = ("logins",)
OUTCOMES = ("inbound_recruiting", "inbound_request", "invitations_received",
            "endorsements_received")
SECONDARY_EXPOSURES = CREATOR_SERIES
SECONDARY_OUTCOMES = ("recommendations_received", "reported_outcomes")
PRIMARY_OUTCOMES = OUTCOMES + SECONDARY_OUTCOMES
YEAR_WEEKS = 52  # the creator-analytics workbook holds at most 365 days: 52 whole weeks


def min_weeks_for(exposure: str, lags: tuple[int, int]) -> int:
    """The registered minimum of covered weeks for a pair. A creator-analytics exposure
    comes from a workbook of at most a year, of which the lag window uses the first
    ``lags[1]`` weeks: 52 covered weeks could never be reached, so its minimum is the whole
    workbook year less the lag (48 at lags 1-4), the most it can hold."""
    if exposure in CREATOR_SERIES:
        return min(MIN_PAIR_WEEKS, YEAR_WEEKS - max(lags))
    return MIN_PAIR_WEEKS


def lagged_sum(x: pd.Series, first: int, last: int) -> pd.Series:
    """Exposure summed over weeks t-last .. t-first (missing if any of them is missing)."""
    return sum(x.shift(k) for k in range(first, last + 1))


def _controls(index: pd.DatetimeIndex, trend: bool, season: bool) -> np.ndarray | None:
    t = (index - index[0]).days.to_numpy() / 365.25
    cols = []
    if trend:
        cols.append(t)
    if season and t[-1] - t[0] >= 1.0:  # a season needs at least a year of weeks
        cols += [np.sin(2 * np.pi * t), np.cos(2 * np.pi * t)]
    return np.column_stack(cols) if cols else None


def _design(panel: pd.DataFrame, exposure: str, outcome: str, lags: tuple[int, int],
            monthly: bool) -> pd.DataFrame:
    """Outcome and lagged exposure, aligned on the weeks (or months) both are observed."""
    if monthly:
        frame = panel[[exposure, outcome]].resample("MS").sum(min_count=1)
    else:
        frame = panel[[exposure, outcome]]
    xs = frame[exposure]
    x = xs.shift(1) if monthly else lagged_sum(xs, *lags)
    return pd.DataFrame({"x": x, "y": frame[outcome]}).dropna()


def fit_pair(panel: pd.DataFrame, exposure: str, outcome: str, *, lags: tuple[int, int],
             hac_lags: int, trend: bool = True, season: bool = True,
             monthly: bool = False, min_weeks: int = MIN_PAIR_WEEKS) -> dict:
    """One specification of one pair: IRR per SD with its interval and p."""
    data = _design(panel, exposure, outcome, lags, monthly)
    base = {"exposure": exposure, "outcome": outcome, "n_weeks": len(data),
            "events": float(data["y"].sum()), "irr": math.nan, "ci_low": math.nan,
            "ci_high": math.nan, "p": math.nan, "se_log": math.nan, "z_model": math.nan,
            "skipped": None, "model": None}
    need = 12 if monthly else min_weeks
    if len(data) < need:
        return {**base, "skipped": too_thin(len(data), need, "covered "
                                            + ("months" if monthly else "weeks"))}
    y, x = data["y"].to_numpy(float), data["x"].to_numpy(float)
    controls = _controls(data.index, trend, season)
    problem = stats.design_problem(y, x, controls)
    if problem:
        return {**base, "skipped": problem}
    fit = stats.negbin_rate_ratio(y, x, controls,
                                  hac_lags=max(1, hac_lags // 4) if monthly else hac_lags)
    if fit is None:
        return {**base, "skipped": "neither the negative-binomial nor the Poisson model gave a "
                "finite estimate (separation)"}
    return {**base, "irr": fit.irr, "ci_low": fit.low, "ci_high": fit.high, "p": fit.p,
            "se_log": fit.se_log, "z_model": fit.z_model, "converged": fit.converged,
            "model": fit.model}


def shift_inflation(panel: pd.DataFrame, exposure: str, outcome: str, *,
                    lags: tuple[int, int], min_shift: int = 8) -> tuple[float, str | None]:
    """How much wider than the model says the null spread of the effect's z really is.

    The exposure series is rotated against the outcome by every shift of at least
    ``min_shift`` weeks (keeping both series' own autocorrelation, breaking their link),
    and the score z of each rotation is computed. Under the model those z have SD 1; two
    autocorrelated series drift together by chance more often, and their SD grows. The
    returned SD scales the model-based standard error (a circular-shift calibration).
    Returns (NaN, the reason) when the calibration cannot be run on this pair.
    """
    seen = panel[exposure].dropna()
    n = len(seen)
    shifts = np.arange(min_shift, n - min_shift + 1)
    if len(shifts) < 20:
        return math.nan, "the series is too short to rotate"
    values = seen.to_numpy(float)
    rotated = values[(np.arange(n)[:, None] - shifts[None, :]) % n]  # column k: shift k
    first, last = lags
    csum = np.vstack([np.zeros((1, len(shifts))), np.cumsum(rotated, axis=0)])
    rows = np.arange(last, n)  # x_t = sum of values t-last .. t-first
    x = csum[rows - first + 1] - csum[rows - last]
    y = panel[outcome].reindex(seen.index).to_numpy(float)[rows]
    ok = np.isfinite(y)
    if ok.sum() < 20:
        return math.nan, "fewer than 20 weeks with the outcome"
    controls = _controls(seen.index[rows][ok], True, True)
    problem = stats.score_problem(y[ok], controls)
    if problem:
        return math.nan, problem
    z = stats.negbin_score_z(y[ok], controls, x[ok])
    if z is None:
        return math.nan, ("the model without the exposure is degenerate (too few or too "
                           "bunched outcome weeks for trend and season)")
    z = z[np.isfinite(z)]
    if len(z) < 20:
        return math.nan, "fewer than 20 rotations could be scored"
    return float(np.std(z)), None


def _inflate(table: pd.DataFrame) -> None:
    """Widen each pair's standard error by the shift calibration (never narrow it) and
    recompute its interval and p-value from the widened error."""
    factor = table["shift_sd"].clip(lower=1.0).fillna(1.0)
    log_irr = np.log(table["irr"])
    se = np.fmax(table["se_log"], table["z_model"].rdiv(log_irr).abs() * factor)
    table["se_log"] = se
    table["ci_low"] = np.exp(log_irr - stats.Z975 * se)
    table["ci_high"] = np.exp(log_irr + stats.Z975 * se)
    table["p"] = 2 * stats.sps.norm.sf(np.abs(log_irr / se))


def _pairs(ctx: Context, exposures, outcomes) -> tuple[list[tuple[str, str]], list[str]]:
    panel = ctx.panel
    have = [c for c in panel.columns if panel[c].notna().any()]
    exp = [e for e in exposures if e in have]
    out = [o for o in outcomes if o in have]
    missing = []
    for e in exposures:
        if e not in have and e in TABLE_SERIES:
            missing.append(FILE_OF_TABLE[TABLE_SERIES[e][1]])
    return [(e, o) for e in exp for o in out], missing


def pair_table(ctx: Context, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Every pair's IRR per SD, widened interval, p, BH q within these pairs, TOST, the
    minimum detectable IRR at the BH level a single effect must reach, and the power to
    show equivalence. Pairs below the registered minimum are kept as rows, untested."""
    p = ctx.params
    rows = [fit_pair(ctx.panel, e, o, lags=p.lag_weeks, hac_lags=p.hac_lags,
                     min_weeks=min_weeks_for(e, p.lag_weeks)) for e, o in pairs]
    table = pd.DataFrame(rows)
    table["skipped"] = [s if isinstance(s, str) else None for s in table["skipped"]]
    thin = (table["events"] < MIN_PAIR_EVENTS) & table["skipped"].isna()
    table.loc[thin, "skipped"] = [too_thin(int(e), MIN_PAIR_EVENTS, "outcome events")
                                  for e in table.loc[thin, "events"]]
    thin = table["skipped"].str.startswith("too thin", na=False)
    untested = table["skipped"].notna()  # left out: no estimate, model, error or MDE shown
    table.loc[untested, ["irr", "ci_low", "ci_high", "p", "se_log", "z_model"]] = math.nan
    table["model"] = pd.Series([None if out else m for m, out in
                                zip(table["model"], untested, strict=True)], dtype=object)
    shifts = [shift_inflation(ctx.panel, r.exposure, r.outcome, lags=p.lag_weeks)
              if r.p == r.p else (math.nan, None) for r in table.itertuples()]
    table["shift_sd"] = [s for s, _ in shifts]
    table["calibration_skipped"] = [why for _, why in shifts]
    _inflate(table)
    table["q"] = stats.bh([None if math.isnan(v) else v for v in table["p"]])
    table["q"] = table["q"].astype(float)
    table["tost_p"] = [stats.tost_log_ratio(math.log(r.irr), r.se_log, p.equivalence_low,
                                            p.equivalence_high) if r.irr == r.irr else math.nan
                       for r in table.itertuples()]
    table["equivalent"] = table["tost_p"] < 0.05
    m = max(1, int(table["irr"].notna().sum()))
    table["mde_irr"] = [stats.ratio_mde(s, alpha=0.05 / m) if s == s else math.nan
                        for s in table["se_log"]]
    table["equivalence_power"] = [
        stats.equivalence_power(s, p.equivalence_low, p.equivalence_high) if s == s
        else math.nan for s in table["se_log"]]
    table["thin"] = thin
    _lead_placebo(ctx, table)
    return table


def _lead_placebo(ctx: Context, table: pd.DataFrame) -> None:
    """The same model with the activity of the weeks *after* each outcome week (leads
    1-4 instead of lags 1-4), widened by the pair's shift calibration. Activity cannot
    cause outcomes that came before it: an effect here as large as the lagged one says the
    lagged association is a common cause (a job search) or a reaction, not value."""
    p = ctx.params
    first, last = p.lag_weeks
    leads = []
    for r in table.itertuples():
        if r.irr != r.irr:
            leads.append({"irr": math.nan, "ci_low": math.nan, "ci_high": math.nan,
                          "p": math.nan, "se_log": math.nan, "z_model": math.nan})
            continue
        fit = fit_pair(ctx.panel, r.exposure, r.outcome, lags=(-last, -first),
                       hac_lags=p.hac_lags, min_weeks=0)
        leads.append(fit)
    lead = pd.DataFrame(leads)[["irr", "ci_low", "ci_high", "p", "se_log", "z_model"]]
    lead["shift_sd"] = table["shift_sd"].to_numpy()
    if len(lead):
        _inflate(lead)
    for col in ("irr", "ci_low", "ci_high", "p"):
        table[f"lead_{col}"] = lead[col].to_numpy()


def equivalence_power_all(tested: pd.DataFrame) -> float:
    """Chance that every tested pair passes its TOST if no pair has any effect (the pairs
    taken as independent): the power to reach 'supported (no value)'."""
    powers = tested["equivalence_power"].dropna()
    return float(np.prod(powers)) if len(powers) == len(tested) and len(tested) else math.nan


def exposure_claim(ctx: Context, claim_id: str) -> ClaimResult:
    claim = CLAIMS[claim_id]
    p = ctx.params
    exposures = C4_EXPOSURES if claim_id == "C4" else C8_EXPOSURES
    chosen = exposures + (SECONDARY_EXPOSURES if claim_id == "C4" else ())
    pairs, missing = _pairs(ctx, chosen, PRIMARY_OUTCOMES)
    missing = [f for f in missing if f not in ("the creator-analytics workbook",)]
    if not pairs:
        return not_testable(claim, missing or list(claim.needs),
                            "No exposure series (or no outcome series) in this export.")
    table = pair_table(ctx, pairs).assign(role="primary")
    thin = table["thin"]
    tested = table.loc[table["irr"].notna()]
    positive = tested.loc[(tested["irr"] > 1) & (tested["q"] < 0.05)]
    power_all = equivalence_power_all(tested)
    if tested.empty:
        verdict = NOT_TESTABLE
    elif len(positive):
        verdict = CONTRADICTED
    elif tested["equivalent"].all():
        verdict = SUPPORTED
    else:
        verdict = INCONCLUSIVE
    head = (positive if len(positive) else tested).sort_values(["q", "p"]).head(1)
    lim = [
        "Observational weekly data: an association over the following weeks is not proof "
        "that the activity caused the outcome (both may follow a job search, say).",
        f"HAC (Newey-West) errors with {p.hac_lags} lags, never below the model-based errors; "
        "and widened further when rotating the exposure series against the outcome (a "
        "circular-shift calibration) shows more chance co-movement than the model admits: "
        "weeks are autocorrelated, so the effective sample is smaller than the number of "
        "weeks.",
        "'Job applications answered' is not in the export, so it is not an outcome here.",
    ]
    if thin.any():
        listed = "; ".join(f"{r.exposure} → {r.outcome} ({r.skipped})"
                           for r in table.loc[thin].itertuples())
        creator_min = min_weeks_for(CREATOR_SERIES[0], p.lag_weeks)
        lim.append(f"{int(thin.sum())} pair(s) are below the registered minimum "
                   f"({MIN_PAIR_WEEKS} covered weeks, {creator_min} "
                   f"for the year-long creator-analytics workbook, and {MIN_PAIR_EVENTS} "
                   f"outcome events) and are left out: {listed}.")
    fallback = table.loc[table["model"].astype(str).str.startswith("Poisson")]
    for r in fallback.itertuples():
        lim.append(f"{r.exposure} → {r.outcome}: fitted as {r.model}, with the same HAC and "
                   "shift calibration.")
    lim += _pair_estimates(tested)
    lim += _skipped_notes(table.loc[~thin])
    if missing:
        lim.append("Missing exposure files: " + ", ".join(sorted(set(missing))) + ".")
    if len(tested):
        lim.append(_equivalence_note(power_all, len(tested)))
    result = ClaimResult.for_claim(claim, verdict, n=int(tested["n_weeks"].max()) if len(tested) else 0,
        missing=sorted(set(missing)), limitations=lim, parameters=p.changed(),
        window=(ctx.panel.index.min().date().isoformat(), ctx.panel.index.max().date().isoformat()),
    )
    if len(head):
        h = head.iloc[0]
        result.estimate, result.ci_low, result.ci_high = h["irr"], h["ci_low"], h["ci_high"]
        result.p, result.q = float(h["p"]), float(h["q"])
        result.estimate_label = (f"IRR per SD of {h['exposure']} on {h['outcome']} "
                                 f"(the pair with the smallest q)")
    if len(tested):
        result.mde = float(tested["mde_irr"].median())
        result.mde_label = (f"median minimum detectable IRR (80% power at the BH level "
                            f"0.05/{len(tested)} a single effect must reach) over tested pairs")
        result.details["equivalence_power_all_pairs"] = power_all
    if p.spec_curve and len(tested):
        result.details["spec_curve"] = spec_curve(ctx, tested[["exposure", "outcome",
                                                               "shift_sd"]])
    result.details["pairs"] = table
    result.figure_data = table
    result.summary = _summary(verdict, table.loc[table["role"] == "primary"], positive)
    if claim_id == "C8":
        per_day = logins_per_active_day(ctx)
        if per_day is not None:
            result.details["logins_per_active_day"] = per_day.as_dict()
            result.summary += (f" Logins per active day: {per_day.value:.2f} (95% CI "
                               f"{per_day.low:.2f} to {per_day.high:.2f}) over {per_day.n} "
                               "days with a login.")
    return result


def logins_per_active_day(ctx: Context) -> stats.Estimate | None:
    """C8's 'several times a day': the mean number of logins on days with at least one, its
    interval cluster-robust over weeks (busy weeks hold busy days). None without logins."""
    logins = ctx.table("logins")
    if logins is None or "logged_in_at" not in logins:
        return None
    times = pd.to_datetime(logins["logged_in_at"].dropna(), utc=True)
    if times.empty:
        return None
    per_day = times.dt.floor("D").value_counts().sort_index()
    weeks = per_day.index.tz_localize(None).to_period("W").astype(str)
    return stats.clustered_mean(per_day.to_numpy(float), weeks)


def _skipped_notes(table: pd.DataFrame) -> list[str]:
    """One line per pair that was not tested, or not calibrated, and why: no pair is
    dropped silently."""
    notes = []
    for r in table.itertuples():
        if isinstance(r.skipped, str) and r.skipped:
            notes.append(f"{r.exposure} → {r.outcome}: not tested ({r.skipped}).")
        elif r.calibration_skipped:
            notes.append(f"{r.exposure} → {r.outcome}: circular-shift calibration skipped "
                         f"({r.calibration_skipped}); model-based errors used.")
    return notes


def _pair_estimates(tested: pd.DataFrame) -> list[str]:
    """One line per tested pair: its estimate, interval, p and q, and beside it the lead
    placebo (the activity of the weeks after), so every pair behind the verdict is shown."""
    lines = []
    for r in tested.itertuples():
        text = (f"{r.exposure} → {r.outcome}: IRR {r.irr:.2f} per SD (95% CI {r.ci_low:.2f} "
                f"to {r.ci_high:.2f}), p = {r.p:.3g}, q = {r.q:.3g}")
        lead = getattr(r, "lead_irr", math.nan)
        if lead == lead:
            text += (f"; lead placebo (activity in the weeks after) IRR {lead:.2f} "
                     f"(95% CI {r.lead_ci_low:.2f} to {r.lead_ci_high:.2f})")
        lines.append(text + ".")
    return lines


def spec_curve(ctx: Context, pairs: pd.DataFrame) -> pd.DataFrame:
    """Every tested pair under lags 1..8, with and without trend, weekly and monthly; each
    specification's error widened by its pair's shift calibration, as in the main test."""
    p = ctx.params
    rows = []
    if "shift_sd" not in pairs:
        pairs = pairs.assign(shift_sd=math.nan)
    for e, o, sd in pairs[["exposure", "outcome", "shift_sd"]].itertuples(index=False):
        start = len(rows)
        for trend in (True, False):
            for lag in range(1, p.spec_curve_lags + 1):
                r = fit_pair(ctx.panel, e, o, lags=(lag, lag), hac_lags=p.hac_lags, trend=trend)
                rows.append({**r, "spec": f"weekly lag {lag}", "trend": trend})
            r = fit_pair(ctx.panel, e, o, lags=(1, 1), hac_lags=p.hac_lags, trend=trend,
                         monthly=True)
            rows.append({**r, "spec": "monthly lag 1", "trend": trend})
        for r in rows[start:]:
            r["shift_sd"] = sd
    table = pd.DataFrame(rows)
    if len(table):
        _inflate(table)
    return table


def _equivalence_note(power_all: float, n: int) -> str:
    """The power to reach 'supported (no value)', and what it means when it is low."""
    if power_all != power_all:
        return "The power to show every pair equivalent to no effect could not be computed."
    text = (f"Power to establish equivalence: if no activity had any effect, all {n} tested "
            f"pairs would be shown equivalent to no effect with probability {power_all:.0%}.")
    if power_all < 0.2:
        text += (" Below 20%: this data cannot show 'no value' whatever the truth; "
                 "'inconclusive' is the most it can say without a positive effect.")
    return text


def _summary(verdict: str, table: pd.DataFrame, positive: pd.DataFrame) -> str:
    n = int(table["irr"].notna().sum())
    if verdict == CONTRADICTED:
        best = positive.sort_values("q").iloc[0]
        return (f"In {len(positive)} of {n} tested exposure-outcome pairs more activity went "
                f"together with more outcomes in the following weeks (e.g. {best['exposure']} "
                f"→ {best['outcome']}: IRR {best['irr']:.2f} per SD, q = {best['q']:.3f}): an "
                "association over time, not proof that the activity brought them (see the "
                "lead placebo).")
    if verdict == SUPPORTED:
        return (f"In all {n} pairs more activity went together with at most a negligible "
                "change in outcomes in the following weeks (IRR within the equivalence "
                "bounds): an association over time in this account, not proof that the "
                "activity could not help.")
    if n == 0:
        return (f"too thin: no exposure-outcome pair reaches {MIN_PAIR_WEEKS} covered weeks and "
                f"{MIN_PAIR_EVENTS} outcome events ({len(table)} pairs listed)")
    return (f"No pair shows a clear positive effect, but not all {len(table)} pairs could be "
            "shown equivalent to no effect: the data cannot tell.")


def _card_pairs(result: ClaimResult) -> dict:
    """Each primary exposure-outcome pair's log IRR and interval-implied SE, for the card
    (pooled pair by pair; the card suppresses pairs on too few weeks)."""
    table = result.figure_data
    if table is None or "irr" not in table:
        return {"pairs": []}
    out = []
    for _, row in table.iterrows():
        if row.get("role", "primary") != "primary":
            continue
        n = int(row["n_weeks"]) if pd.notna(row.get("n_weeks")) else 0
        irr = row.get("irr")
        se = stats.se_from_interval(row.get("ci_low"), row.get("ci_high"), math.log)
        ok = irr is not None and pd.notna(irr) and irr > 0 and se
        out.append({"pair": f"{row['exposure']} -> {row['outcome']}", "n": n,
                    "estimate": math.log(irr) if ok else None, "se": se if ok else None})
    return {"pairs": out}


_SHOCK = ("ar0.3", "ar0.6", "shock", "bursty", "sparse")
_WORLDS = {
    "C4": Worlds("tools.validate.worlds:c4_world", 1.0, ("contradicted",), _SHOCK, (1.1, 1.6),
                 (1.1, 1.2, 1.3, 1.5, 1.75), "contradicted",
                 "IRR per SD of posts (4 weeks) on inbound recruiting",
                 planted_variants=("ar0.3", "ar0.6", "bursty"),
                 note="in 'shock' null worlds activity and outcomes rise together in "
                      "job searches with no effect of one on the other; planted worlds "
                      "leave the shock out (there the association is not the planted "
                      "effect)"),
    "C8": Worlds("tools.validate.worlds:c8_world", 1.0, ("contradicted",), _SHOCK, (1.1, 1.6),
                 (1.1, 1.2, 1.3, 1.5, 1.75), "contradicted",
                 "IRR per SD of logins (4 weeks) on inbound recruiting",
                 planted_variants=("ar0.3", "ar0.6", "bursty"),
                 note="planted worlds leave out the job-search shock"),
}
for _id in ("C4", "C8"):  # any one exposure file is enough; q from their own pair family
    register(_id, partial(exposure_claim, claim_id=_id), page="03-vanity-metrics",
             scale="ratio", own_q=True, needs_any=True,
             reads=("lag_weeks", "equivalence_low", "equivalence_high"),
             card=CardSpec("log IRR", extra=_card_pairs, by_pair=True,
                           holds=(math.log(0.8), math.log(1.25))), worlds=_WORLDS[_id])
