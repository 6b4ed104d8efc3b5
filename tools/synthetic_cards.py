"""Effect cards drawn from a planted random-effects world: known mean, tau^2 and moderator.

The pooling is checked (tests) and timed (bench) on these: person i has a true effect
theta_i ~ N(mean + slope * (years_i - 4), tau^2) and reports y_i ~ N(theta_i, se_i^2).
Real demo exports are too alike (one planted world) to test between-person spread.
"""

from __future__ import annotations

import numpy as np

from analysis.cohort.card import CARD_FORMAT, SCALES
from analysis.stats import Z975


def synthetic_cards(k: int, *, mean: float = 0.6, tau2: float = 0.09, slope: float = 0.0,
                    claims: tuple[str, ...] = ("C1", "C7"), seed: int = 0) -> list[dict]:
    """``k`` cards whose ``claims`` carry effects drawn from the planted world."""
    rng = np.random.default_rng(seed)
    years = rng.uniform(1.0, 8.0, k).round(2)
    kinds = rng.choice(["Complete", "Basic or partial"], k, p=[0.7, 0.3])
    cards = []
    for i in range(k):
        cells = {}
        for cid in claims:
            se = float(rng.uniform(0.1, 0.45))
            theta = rng.normal(mean + slope * (years[i] - 4.0), np.sqrt(tau2))
            y = float(rng.normal(theta, se))
            verdict = ("supported" if y - Z975 * se > 0 else
                       "contradicted" if y + Z975 * se < 0 else "inconclusive")
            cells[cid] = {"verdict": verdict, "scale": SCALES[cid][0], "se_from": "counts",
                          "months": ["2021-01", "2025-06"], "n": int(rng.integers(20, 400)),
                          "estimate": y, "se": se}
        cards.append({"linkedout_card": CARD_FORMAT, "linkedout_version": "synthetic",
                      "archive": {"kind": str(kinds[i]), "exported": "2025-07", "eras": []},
                      "data": {"first_month": "2021-01", "last_month": "2025-06",
                               "years": float(years[i]),
                               "network_size": int(rng.integers(5, 300)) * 10},
                      "parameters": {}, "claims": cells})
    return cards
