"""Weekly exposure and outcome series: the causal core of the demo world.

Exposures (the owner's posts, comments, reactions, logins) are independent bursty count series.
Outcomes are negative-binomial counts whose log-mean has a trend, a yearly season and, in the
planted world, lagged exposure effects (C4) and a post-course boost (C9). The null world keeps
each outcome's marginal rate but drops every effect.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from . import params as P


def exposure(rng: np.random.Generator, mean: float, weeks: int = P.WEEKS) -> np.ndarray:
    """A bursty weekly count with the given mean: Poisson over an AR(1) log-rate."""
    phi, sd = P.EXPOSURE_AR
    x = np.zeros(weeks)
    eps = rng.normal(0.0, sd, weeks)
    x[0] = eps[0] / np.sqrt(1 - phi**2)
    for t in range(1, weeks):
        x[t] = phi * x[t - 1] + eps[t]
    rate = np.exp(x)
    return rng.poisson(mean * rate / rate.mean()).astype(np.int64)  # mean exactly on target


def standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else np.zeros(len(x))


def lagged(z: np.ndarray, lag: int) -> np.ndarray:
    out = np.zeros_like(z, dtype=float)
    out[lag:] = z[: len(z) - lag]
    return out


def window_z(x: np.ndarray, window: tuple[int, int]) -> np.ndarray:
    """The exposure summed over weeks t-last .. t-first, standardised (zero before data)."""
    first, last = window
    total = sum(lagged(x.astype(float), k) for k in range(first, last + 1))
    return standardise(total)


def baseline_log_mean(name: str, weeks: int = P.WEEKS) -> np.ndarray:
    """Trend plus yearly season, centred so that the mean multiplier is about 1."""
    t = np.arange(weeks)
    trend = P.TREND.get(name, 0.0) * (t / (weeks - 1) - 0.5)
    season = P.SEASON * np.cos(2 * np.pi * (t + 17) / 52.1775)  # low around late December
    return trend + season


def learning_indicator(completion_weeks: np.ndarray, weeks: int = P.WEEKS) -> np.ndarray:
    """1 in the weeks after a course completion (within LEARNING_WEEKS), else 0."""
    ind = np.zeros(weeks)
    for w in completion_weeks:
        ind[int(w) + 1: int(w) + 1 + P.LEARNING_WEEKS] = 1.0
    return ind


def outcome_means(exposures: dict[str, np.ndarray], rates: dict[str, float], world: str,
                  learning: np.ndarray, pop: P.Population = P.PLANTED) -> dict[str, np.ndarray]:
    """Weekly NB means per outcome. Effects multiply; the total is renormalised to the rate."""
    out = {}
    for name, rate in rates.items():
        log_mu = baseline_log_mean(name)
        base = np.exp(log_mu)
        if world != "null":
            for exp_name, outcome, window, irr in pop.effects:
                if outcome == name:
                    log_mu = log_mu + np.log(irr) * window_z(exposures[exp_name], window)
            if name in ("inbound_recruiting", "endorsements_received") \
                    and pop.learning_boost != 1.0:
                log_mu = log_mu + np.log(pop.learning_boost) * learning
        mu = np.exp(log_mu)
        # Same expected total in both worlds: scale to the baseline's total.
        out[name] = mu * (rate * base.sum() / mu.sum())
    return out


def nb_counts(rng: np.random.Generator, mu: np.ndarray) -> np.ndarray:
    """Negative-binomial counts (gamma-Poisson, dispersion NB_K) with means mu."""
    lam = mu * rng.gamma(P.NB_K, 1.0 / P.NB_K, size=len(mu))
    return rng.poisson(lam).astype(np.int64)


def approx_power(mu: np.ndarray, z_lagged: np.ndarray, irr: float, alpha: float) -> dict:
    """Rough power of an NB regression to find IRR per SD: Fisher information with the NB
    variance, inflated by 1.25 for HAC errors and the trend/season terms."""
    info = float(np.sum(z_lagged**2 * mu / (1 + mu / P.NB_K)))
    se = 1.25 / np.sqrt(info) if info > 0 else float("inf")
    zcrit = norm.ppf(1 - alpha / 2)
    zval = abs(np.log(irr)) / se
    power = float(norm.cdf(zval - zcrit) + norm.cdf(-zval - zcrit))
    # TOST equivalence power at bounds [0.8, 1.25] when the true IRR is `irr`.
    b = np.log(1.25)
    zt = norm.ppf(0.95)
    est = np.log(irr)
    eq = float(max(0.0, norm.cdf((b - zt * se - est) / se) - norm.cdf((-b + zt * se - est) / se)))
    return {"se_log_irr": round(se, 4), "power_detect": round(power, 3),
            "power_equivalence": round(eq, 3)}
