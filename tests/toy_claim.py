"""A toy claim, complete in this one module as a contributor would write it: "connections
are made at the end of the year" (share of connections made in the last
``reply_window_days`` days of a year). Nothing outside this module names it; the tests
register it under an id no real claim uses and restore the registry afterwards."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import stats
from analysis.claims.definitions import CardSpec, Claim, Worlds
from analysis.claims.registry import register
from analysis.claims.result import NOT_TESTABLE, ClaimResult, not_testable

TOY_ID = "C99"
TOY_PAGE = "02-superficial-ties"


def toy_function(ctx) -> ClaimResult:
    claim = ctx_claim(ctx)
    conns = ctx.table("connections")
    if conns is None:
        return not_testable(claim, ["Connections.csv"], "No connections.")
    day = conns["connected_on"].dropna()
    year_end = pd.to_datetime(day.dt.year.astype(str) + "-12-31", utc=True)
    late = ((year_end - day.dt.floor("D")).dt.days < ctx.params.reply_window_days).to_numpy()
    est = stats.wilson(int(late.sum()), len(late))
    verdict = stats.share_verdict(est)
    if len(late) < claim.minimum:
        verdict = NOT_TESTABLE
    return ClaimResult.for_claim(
        claim, verdict, estimate=est.value, ci_low=est.low, ci_high=est.high, n=len(late),
        p=est.p, estimate_label="share of connections made at the end of a year",
        summary=f"{int(late.sum())} of {len(late)} connections were made at the end of a year")


def ctx_claim(ctx) -> Claim:
    from analysis.claims import registry

    return registry.get(TOY_ID).rendered(ctx.params)


def toy_world(rng: np.random.Generator, variant: str, effect: float):
    """A simulated owner whose connections fall in the last 14 days of a year with
    probability ``effect``."""
    from tools.validate.tables import World, connections_table

    n = 120
    years = rng.integers(2015, 2025, n)
    late = rng.random(n) < effect
    offset = np.where(late, rng.integers(0, 14, n), rng.integers(14, 365, n))
    days = [pd.Timestamp(f"{y}-12-31") - pd.Timedelta(days=int(o)) for y, o in
            zip(years, offset, strict=True)]
    w = World(tables={"connections": connections_table([f"p{i}" for i in range(n)], days)})
    w.value = effect
    return w


TOY = Claim(TOY_ID, "Year-end networking", "everyone connects at the end of the year",
            "Share of connections made in the last {reply_window_days} days of a year.",
            "with at least {minimum} connections: supported if the 95% interval's lower bound "
            "> 0.5; contradicted if its upper bound < 0.5; else inconclusive.",
            "toy", ("Connections.csv",), minimum=1, reads=("reply_window_days",),
            card=CardSpec("log-odds"),
            interval_rule=lambda low, high: stats.interval_verdict(low, high, 0.5),
            worlds=Worlds(toy_world, 0.5, ("supported", "contradicted"), ("plain",),
                          (0.2, 0.8), (0.7, 0.9), "supported", "year-end share"))


def register_toy(**changes) -> Claim:
    """The whole of adding the claim: one ``register`` call."""
    from dataclasses import replace

    return register(replace(TOY, **changes), toy_function, page=TOY_PAGE, scale="share")
