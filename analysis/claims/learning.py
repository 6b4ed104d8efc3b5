"""C9: are LinkedIn Learning courses followed by more professional outcomes?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from .context import Context
from .definitions import CLAIMS
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable

OUTCOME_SERIES = ("inbound_recruiting", "endorsements_received")


def _outcome_events(ctx: Context) -> pd.Series:
    """Weekly outcome events (recruiting contacts, endorsements, position starts); missing
    where no source covers the week."""
    panel = ctx.panel
    cols = [c for c in OUTCOME_SERIES if c in panel]
    series = panel[cols].sum(axis=1, min_count=1) if cols else pd.Series(np.nan, panel.index)
    positions = ctx.table("positions")
    if positions is not None:
        from ..features import week_of

        starts = week_of(positions["started_on"].dropna()).value_counts()
        series = series.add(starts.reindex(panel.index, fill_value=0), fill_value=0)
    return series


def _ns(times) -> np.ndarray:
    return pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("ns").asi8


def _after_minus_before(events: pd.Series, dates, weeks: int) -> np.ndarray:
    """Per date: events in the ``weeks`` after its week minus in the ``weeks`` before.
    NaN where either window leaves the covered weeks (vectorised with prefix sums)."""
    values = events.to_numpy(float)
    missing = np.isnan(values)
    csum = np.concatenate([[0.0], np.cumsum(np.where(missing, 0.0, values))])
    cmiss = np.concatenate([[0], np.cumsum(missing)])
    pos = np.searchsorted(_ns(events.index), _ns(dates), side="right") - 1
    b0, b1, a0, a1 = pos - weeks, pos, pos + 1, pos + 1 + weeks
    ok = (b0 >= 0) & (a1 <= len(values)) & (pos >= 0)
    b0, b1, a0, a1 = (np.clip(x, 0, len(values)) for x in (b0, b1, a0, a1))
    ok &= (cmiss[b1] - cmiss[b0] == 0) & (cmiss[a1] - cmiss[a0] == 0)
    diff = (csum[a1] - csum[a0]) - (csum[b1] - csum[b0])
    return np.where(ok, diff, np.nan)


def _mean(values: np.ndarray) -> float:
    return float(np.nanmean(values)) if np.isfinite(values).any() else np.nan


def c9_learning(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C9"]
    learning = ctx.table("learning")
    if learning is None or learning["completed_at"].isna().all():
        return not_testable(claim, ["Learning.csv"],
                            "No completed LinkedIn Learning courses in this export.")
    events = _outcome_events(ctx)
    weeks = ctx.params.learning_window_days // 7
    done = learning["completed_at"].dropna().sort_values()
    per_completion = _after_minus_before(events, done, weeks)
    observed = _mean(per_completion)
    covered = events.dropna().index
    rng = np.random.default_rng(ctx.params.seed)
    placebo = []
    if len(covered) > 2 * weeks + 1:
        lo, hi = _ns(covered[[weeks]])[0], _ns(covered[[-weeks - 1]])[0]
        for _ in range(ctx.params.placebo_draws):
            fake = pd.to_datetime(np.sort(rng.integers(lo, hi, len(done))), utc=True)
            placebo.append(_mean(_after_minus_before(events, fake, weeks)))
    p, low, high = stats.permutation_p(observed, np.asarray(placebo))
    n_used = int(np.isfinite(per_completion).sum())
    thin = n_used < 3 or float(np.nansum(events)) < ctx.params.min_events
    if thin or np.isnan(observed) or np.isnan(low):
        verdict = INCONCLUSIVE
    else:
        verdict = SUPPORTED if observed > high else CONTRADICTED if observed < low else INCONCLUSIVE
    lim = ["Courses are not assigned at random: people often study when changing jobs, which "
           "raises outcomes after for reasons other than the course.",
           f"Windows of {weeks} weeks before and after each completion; completions too close "
           "to the edges of the data are left out."]
    if thin:
        lim.append("Too few completions or outcome events for a verdict.")
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=observed, ci_low=low, ci_high=high, n=n_used, p=p, family=claim.family,
        estimate_label="outcome events in the 6 months after minus before a completion "
        "(interval: placebo 95% band)",
        window=ctx.window_of("learning", "completed_at"), limitations=lim,
        parameters=ctx.params.changed(),
        details={"completions": len(done), "placebo_mean": float(np.nanmean(placebo))
                 if placebo else None},
        figure_data=pd.DataFrame({"placebo": placebo}),
        summary=f"Across {n_used} completions, outcome events changed by {observed:+.2f} from "
        f"the 6 months before to after (placebo band {low:+.2f} to {high:+.2f})."
        if n_used else "No completion has 6 months of data on both sides.")
