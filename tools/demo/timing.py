"""Where in time events fall: weekly counts to timestamps, and pools picked by date."""

from __future__ import annotations

import numpy as np

from . import params as P

_DOW_P = np.array([0.18, 0.19, 0.19, 0.18, 0.16, 0.05, 0.05])


def times_in_weeks(rng: np.random.Generator, counts: np.ndarray, t0: int = P.T0) -> np.ndarray:
    """Timestamps for weekly event counts: weekdays and office hours (UTC) favoured."""
    w = np.repeat(np.arange(len(counts)), counts)
    n = len(w)
    dow = rng.choice(7, size=n, p=_DOW_P)
    hour = np.clip(rng.normal(11.0, 3.3, n), 0.0, 23.999)
    sec = (hour * 3600).astype(np.int64)
    return t0 + w * P.WEEK + dow * 86400 + sec


def uniform_times(rng: np.random.Generator, n: int, start: int, end: int) -> np.ndarray:
    """n timestamps between start and end, with office-hour times of day."""
    days = rng.integers(0, max(1, (end - start) // 86400), size=n)
    hour = np.clip(rng.normal(11.0, 3.3, n), 0.0, 23.999)
    return start + days * 86400 + (hour * 3600).astype(np.int64)


def pick_before(rng: np.random.Generator, pool: np.ndarray, pool_times: np.ndarray,
                when: np.ndarray) -> np.ndarray:
    """For each time in `when`, a random member of `pool` whose time is earlier; -1 if none."""
    if len(pool) == 0:
        return np.full(len(when), -1, dtype=np.int64)
    order = np.argsort(pool_times, kind="stable")
    pool, pool_times = pool[order], pool_times[order]
    k = np.searchsorted(pool_times, when, side="left")
    j = np.floor(rng.random(len(when)) * k).astype(np.int64)
    return np.where(k > 0, pool[np.minimum(j, len(pool) - 1)], -1)


def week_of(t: np.ndarray) -> np.ndarray:
    return (np.asarray(t, dtype=np.int64) - P.T0) // P.WEEK
