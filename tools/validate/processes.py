"""Random processes that real weekly LinkedIn series follow and the analysis model does not:
autocorrelated over-dispersed counts, job-search episodes, bursts and clusters.

The figures below come from aggregate statistics of real exports (one value per export with
at least 26 covered weeks, the median over exports): lag-1 autocorrelation and variance/mean
of weekly counts. Inbound messages 0.31 and 4.2; invitations 0.36 and 14; new connections
0.51 and 13.9; reactions given 0.39 and 7.1; posts 0.08 and 1.7; comments 0.14 and 1.8.
Among inbound conversation openers: about 43% automated or sponsored, 27% social, 19%
recruiting, 8% requests, 4% sales pitches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WEEKS = 208  # four years of weekly data
OPENER_MIX = {"automated": 0.43, "social": 0.27, "recruiting": 0.19, "request": 0.08,
              "sales_pitch": 0.04}  # real inbound openers (aggregate shares)


@dataclass(frozen=True)
class Series:
    """A weekly count: mean per week, lag-1 autocorrelation of its latent log-rate, and
    the latent's marginal SD (sets the variance/mean ratio: 1 + mean * (exp(sd^2) - 1))."""

    mean: float
    rho: float
    sd: float


# Exposures and outcomes tuned to the real medians above (ac1 and variance/mean).
EXPOSURES = {"posts": Series(0.6, 0.10, 0.8), "comments": Series(1.0, 0.15, 0.8),
             "reactions": Series(3.0, 0.45, 0.95), "logins": Series(5.0, 0.5, 0.7)}
OUTCOMES = {"inbound_recruiting": Series(0.5, 0.35, 1.0), "inbound_request": Series(0.3, 0.35, 1.0),
            "invitations_received": Series(2.0, 0.40, 1.25),
            "endorsements_received": Series(0.4, 0.30, 1.0)}


def ar1(rng: np.random.Generator, n: int, rho: float, sd: float) -> np.ndarray:
    """A stationary Gaussian AR(1) with marginal SD ``sd``."""
    x = np.empty(n)
    x[0] = rng.normal(0, sd)
    innov = rng.normal(0, sd * np.sqrt(1 - rho**2), n)
    for t in range(1, n):
        x[t] = rho * x[t - 1] + innov[t]
    return x


def counts(rng: np.random.Generator, s: Series, n: int = WEEKS, *, rho: float | None = None,
           log_shift: np.ndarray | float = 0.0, mean_scale: float = 1.0) -> np.ndarray:
    """Poisson counts over an AR(1) log-rate (a negative-binomial-like count with a latent
    AR(1)): the mean is ``s.mean * mean_scale`` before ``log_shift`` acts."""
    latent = ar1(rng, n, s.rho if rho is None else rho, s.sd)
    rate = np.exp(latent - s.sd**2 / 2 + log_shift) * s.mean * mean_scale
    return rng.poisson(rate).astype(float)


def episodes(rng: np.random.Generator, n: int = WEEKS, *, per_year: float = 0.8,
             mean_weeks: float = 12.0) -> np.ndarray:
    """Job-search episodes: 1 in the weeks of a search, 0 otherwise (a two-state Markov
    chain that starts about ``per_year`` searches a year lasting ``mean_weeks`` on average)."""
    state, out = 0, np.zeros(n)
    start, stop = per_year / 52, 1 / mean_weeks
    for t in range(n):
        state = int(rng.random() < (1 - stop if state else start))
        out[t] = state
    return out


def _cluster_sizes(rng: np.random.Generator, n: int, mean_cluster: float) -> np.ndarray:
    sizes = rng.geometric(1 / mean_cluster, n)
    return sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]


def _cluster_ids(sizes: np.ndarray, n: int) -> np.ndarray:
    return np.repeat(np.arange(len(sizes)), sizes)[:n]


def clustered_binary(rng: np.random.Generator, n: int, p: float, *,
                     mean_cluster: float = 3.0, with_ids: bool = False):
    """n Bernoulli outcomes with population share exactly ``p``, in clusters (a campaign, a
    cohort) whose size is geometric with mean ``mean_cluster``; within a cluster every
    outcome is the same. ``with_ids``: also each item's cluster number (to place the
    members of a cluster close in time, see ``cluster_times``)."""
    sizes = _cluster_sizes(rng, n, mean_cluster)
    per = rng.random(len(sizes)) < p
    out = np.repeat(per, sizes)[:n].astype(bool)
    return (out, _cluster_ids(sizes, n)) if with_ids else out


def cluster_probs(rng: np.random.Generator, n: int, p: float, sd: float,
                  mean_cluster: float = 10.0, *, with_ids: bool = False):
    """Per-item probabilities sharing a logit-normal effect within clusters, averaging p."""
    sizes = _cluster_sizes(rng, n, mean_cluster)
    probs = _logit_normal_probs(rng, len(sizes), p, sd)
    out = np.repeat(probs, sizes)[:n]
    return (out, _cluster_ids(sizes, n)) if with_ids else out


def cluster_times(rng: np.random.Generator, ids: np.ndarray, span_days: float,
                  spread_days: float) -> np.ndarray:
    """Day offsets (0..span_days) for clustered items: each cluster is centred on a uniform
    random day and its members fall uniformly within ``spread_days`` of one another (a wave
    of sellers from one firm within days, a conference cohort, the interviews and offer of
    one search within weeks), as real clusters are; nothing else ties them together."""
    k = int(ids.max()) + 1 if len(ids) else 0
    first = rng.uniform(0, max(span_days - spread_days, 0.0), k)
    return first[ids] + rng.uniform(0, spread_days, len(ids))


def _logit_normal_probs(rng: np.random.Generator, k: int, p: float, sd: float) -> np.ndarray:
    """k probabilities expit(m + sd*Z) with m chosen so that their expectation is p."""
    grid = np.random.default_rng(0).normal(0, sd, 20000)
    lo, hi = -15.0, 15.0
    for _ in range(60):
        m = (lo + hi) / 2
        if np.mean(1 / (1 + np.exp(-(m + grid)))) < p:
            lo = m
        else:
            hi = m
    return 1 / (1 + np.exp(-(m + rng.normal(0, sd, k))))
