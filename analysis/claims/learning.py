"""C9: are LinkedIn Learning courses followed by more professional outcomes?

Courses come in sprees, so their dates are not independent. The placebo dates therefore
keep the real pattern: the whole set of completion weeks is shifted by one common offset,
circularly within the covered weeks (a circular-shift permutation test). Independent random
placebo dates would scatter the spree and make the band far too narrow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .context import Context
from .definitions import CLAIMS, CardSpec, Worlds
from .registry import register
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable

OUTCOME_SERIES = ("inbound_recruiting", "endorsements_received")
MIN_COMPLETIONS = 5  # registered minimum: 5 completions ...
MIN_MONTHS = 3  # ... in at least 3 separate calendar months


def _outcome_events(ctx: Context) -> pd.Series:
    """Weekly outcome events (recruiting contacts, endorsements, position starts). A week
    counts only where every outcome source covers it; elsewhere it is missing, never zero."""
    panel = ctx.panel
    cols = [c for c in OUTCOME_SERIES if c in panel]
    if not cols:
        return pd.Series(np.nan, panel.index, dtype=float)
    series = panel[cols].sum(axis=1, skipna=False).astype(float)
    positions = ctx.table("positions")
    if positions is not None:
        from ..features import week_of

        starts = week_of(positions["started_on"].dropna()).value_counts()
        series = series + starts.reindex(panel.index, fill_value=0)  # NaN stays NaN
    return series


def _ns(times) -> np.ndarray:
    return pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("ns").asi8


def _week_positions(index: pd.DatetimeIndex, dates) -> np.ndarray:
    """Row of the week holding each date (-1 before the first week)."""
    return np.searchsorted(_ns(index), _ns(dates), side="right") - 1


def _after_minus_before(values: np.ndarray, pos: np.ndarray, weeks: int) -> np.ndarray:
    """Per week position (any shape): events in the ``weeks`` after it minus in the ``weeks``
    before. NaN where either window leaves the covered weeks (prefix sums, vectorised)."""
    missing = np.isnan(values)
    csum = np.concatenate([[0.0], np.cumsum(np.where(missing, 0.0, values))])
    cmiss = np.concatenate([[0], np.cumsum(missing)])
    b0, b1, a0, a1 = pos - weeks, pos, pos + 1, pos + 1 + weeks
    ok = (b0 >= 0) & (a1 <= len(values)) & (pos >= 0)
    b0, b1, a0, a1 = (np.clip(x, 0, len(values)) for x in (b0, b1, a0, a1))
    ok &= (cmiss[b1] - cmiss[b0] == 0) & (cmiss[a1] - cmiss[a0] == 0)
    diff = (csum[a1] - csum[a0]) - (csum[b1] - csum[b0])
    return np.where(ok, diff, np.nan)


@dataclass
class EventStudy:
    """After-minus-before outcome events around completions, against circular shifts."""

    observed: float  # mean over the completions with both windows covered
    per_completion: np.ndarray
    placebo: np.ndarray  # the same mean for each shift of the whole completion pattern
    p: float
    low: float  # placebo 95% band
    high: float
    mde: float  # rise detectable with 80% power: band's top minus the placebo's 20th pct
    verdict: str


def event_study(events: pd.Series, dates, weeks: int, *, draws: int = 500,
                seed: int = 0) -> EventStudy:
    """Circular-shift placebo test of completions ``dates`` on weekly ``events``.

    The covered (non-missing) weeks are laid end to end; every completion in a covered week
    moves by the same offset modulo their number, so sprees stay sprees. All offsets are used
    when there are at most ``draws`` of them, else ``draws`` offsets drawn with ``seed``.
    """
    values = events.to_numpy(float)
    pos = _week_positions(events.index, dates)
    per_completion = _after_minus_before(values, pos, weeks)
    observed = float(np.nanmean(per_completion)) if np.isfinite(per_completion).any() \
        else np.nan
    covered = np.flatnonzero(~np.isnan(values))
    rank = np.searchsorted(covered, pos)
    inside = (pos >= 0) & (rank < len(covered))
    inside[inside] = covered[rank[inside]] == pos[inside]
    rank, n = rank[inside], len(covered)
    offsets = np.arange(1, n)
    if len(offsets) > draws:
        offsets = np.sort(np.random.default_rng(seed).choice(offsets, draws, replace=False))
    placebo = np.full(len(offsets), np.nan)
    if len(rank) and len(offsets):
        shifted = covered[(rank[None, :] + offsets[:, None]) % n]
        diffs = _after_minus_before(values, shifted, weeks)
        usable = np.isfinite(diffs).any(axis=1)
        placebo[usable] = np.nanmean(diffs[usable], axis=1)
    placebo = placebo[np.isfinite(placebo)]
    if len(placebo) == 0 or np.isnan(observed):
        return EventStudy(observed, per_completion, placebo, np.nan, np.nan, np.nan, np.nan,
                          INCONCLUSIVE)
    centre = np.median(placebo)
    p = float((1 + (np.abs(placebo - centre) >= abs(observed - centre)).sum())
              / (1 + len(placebo)))
    low, q20, high = (float(x) for x in np.percentile(placebo, [2.5, 20, 97.5]))
    verdict = SUPPORTED if observed > high else CONTRADICTED if observed < low else INCONCLUSIVE
    return EventStudy(observed, per_completion, placebo, p, low, high, high - q20, verdict)


def thin_reason(done: pd.Series, usable: np.ndarray) -> str | None:
    """The registered minimum: 5 completions with both windows covered, in 3 months."""
    used = done[usable]
    months = used.dt.strftime("%Y-%m").nunique()
    if len(used) >= MIN_COMPLETIONS and months >= MIN_MONTHS:
        return None
    return (f"too thin: n = {len(used)} completions in {months} month(s) with 6 months of "
            f"data on both sides, needs ≥ {MIN_COMPLETIONS} completions in ≥ {MIN_MONTHS} "
            "separate months")


def c9_learning(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C9"]
    learning = ctx.table("learning")
    if learning is None or learning["completed_at"].isna().all():
        return not_testable(claim, ["Learning.csv"],
                            "No completed LinkedIn Learning courses in this export.")
    events = _outcome_events(ctx)
    weeks = ctx.params.learning_window_days // 7
    done = learning["completed_at"].dropna().sort_values().reset_index(drop=True)
    study = event_study(events, done, weeks, draws=ctx.params.placebo_draws,
                        seed=ctx.params.seed)
    usable = np.isfinite(study.per_completion)
    n_used = int(usable.sum())
    thin = thin_reason(done, usable)
    window = ctx.window_of("learning", "completed_at")
    if thin:
        result = not_testable(claim, [], thin)
        result.n, result.window = n_used, window
        result.details = {"completions": len(done), "covered_weeks": int(events.notna().sum())}
        return result
    lim = ["Courses are not assigned at random: people often study when changing jobs, which "
           "raises outcomes after for reasons other than the course.",
           f"Windows of {weeks} weeks before and after each completion; completions too close "
           "to the edges of the covered weeks are left out, and weeks that some outcome "
           "source does not cover are missing, not zero.",
           "Placebo: the whole pattern of completion dates shifted by a common offset "
           "(circularly within the covered weeks), so sprees of courses stay sprees."]
    summary = (f"Across {n_used} completions, outcome events changed by {study.observed:+.2f} "
               f"from the 6 months before to after (placebo band {study.low:+.2f} to "
               f"{study.high:+.2f}).")
    if study.verdict == INCONCLUSIVE:
        summary += (f" A rise smaller than about {study.mde:.2f} events would not show with "
                    "80% power.")
    else:
        summary += " This is an association, not proof that the courses caused it."
    return ClaimResult.for_claim(claim, study.verdict,
        estimate=study.observed, ci_low=study.low, ci_high=study.high, n=n_used, p=study.p,
        estimate_label="outcome events in the 6 months after minus before a completion "
        "(interval: placebo 95% band)",
        mde=study.mde, mde_label="rise in after-minus-before events detectable with 80% power "
        "(placebo band's top minus its 20th percentile)",
        window=window, limitations=lim, parameters=ctx.params.changed(),
        details={"completions": len(done), "placebo": "circular shifts of all completions",
                 "placebo_shifts": len(study.placebo),
                 "covered_weeks": int(events.notna().sum()),
                 "placebo_mean": float(np.mean(study.placebo)) if len(study.placebo)
                 else None},
        figure_data=pd.DataFrame({"placebo": study.placebo}),
        summary=summary)


def _c9_card(result: ClaimResult) -> tuple[float | None, float | None]:
    """The excess over what placebo dates give (their mean is not exactly 0), with the SE
    the placebo 95% band implies."""
    from .. import stats

    est, se = result.estimate, stats.se_from_interval(result.ci_low, result.ci_high)
    if not (est == est and se):
        return None, None
    placebo = result.details.get("placebo_mean")
    return (est - placebo if placebo is not None and placebo == placebo else est), se


register("C9", c9_learning, page="06-learning", scale="difference",
         interval_kind="placebo 95% band",
         axis="outcome events after minus before a course (dashed: 0)",
         reads=("learning_window_days",),
         card=CardSpec("events after minus before, over placebo", "placebo band",
                       effect=_c9_card, holds=(0.0, math.inf), why_not_poolable=(
                           "C9 needs 5 course completions; a card shows the estimate only "
                           "when it rests on at least 10 items, which few people reach: the "
                           "cohort's evidence on C9 is the share of people per verdict, with "
                           "its interval.")),
         worlds=Worlds("tools.validate.worlds:c9_world", 1.0, ("supported", "contradicted"),
                       ("spread", "sprees", "spree_ar0.6", "shock"), None,
                       (1.5, 2.0, 3.0, 5.0, 8.0), "supported",
                       "outcome multiplier in the 26 weeks after a completion",
                       planted_variants=("spread", "sprees", "spree_ar0.6"),
                       note="no coverage: the interval is the placebo band under no effect"))
