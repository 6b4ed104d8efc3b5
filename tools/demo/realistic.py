"""The realistic world (the default demo): a synthetic person whose figures resemble real exports.

Calibrated to aggregate figures measured on real LinkedIn exports that their owners published
(docs/demo.md restates them): inbound conversation openers are about 43% automated or bulk,
27% social, 19% recruiting, 8% requests and 4% sales pitches (7% of the non-automated ones), one
in five not in English; weekly series are autocorrelated and overdispersed, with runs of empty
weeks. Reply rates, network growth and activity levels have no published real figure; they are
set to a plausible person's here and recorded in truth.json like every other population value.
Nothing here decides a verdict: the claims are evaluated on the rows this world generates.
"""

from __future__ import annotations

import numpy as np

from . import params as P

# Inbound openers per week at `default` (4.0 in all): automated 1.72, social 1.08 (the social
# rate plus group chats others open), recruiting 0.76, requests 0.32, pitches ~0.16 (the share
# of non-automated openers below, filled in by unconnected pitchers on top of connected ones).
POPULATION = P.Population(
    outcomes={"inbound_recruiting": 0.76, "inbound_request": 0.32, "invitations_received": 2.4,
              "endorsements_received": 0.3, "owner_outcomes": 0.28},
    rates={"in_social": 1.02, "automated": 1.72, "out_pitch": 0.05, "out_pitch_warm": 0.03,
           "out_rf": 0.5, "group": 0.08, "invitations_sent": 1.2},
    # A modest engagement effect (posting brings invitations), nothing else: a person's own
    # activity rarely moves their inbox much.
    effects=[("posts", "invitations_received", P.EFFECT_WINDOW, 1.15)],
    learning_boost=1.0,
    pitcher_share=0.04,
    old_pitch=0.06,
    pitch_share_by_year=(0.07, 0.07, 0.07, 0.07),
    # Non-automated inbound openers (57% of all) are a third not English: a fifth of all.
    lang_p=(0.65, 0.21, 0.04, 0.03, 0.04, 0.03),
    reply={"in_pitch": 0.08, "in_pitch_warm": 0.40, "in_recruit": 0.45, "in_request": 0.50,
           "in_social": 0.80, "out_pitch": 0.20, "out_pitch_warm": 0.45, "out_rf": 0.60,
           "group": 0.85, "automated": 0.0},
    reply_hours={"pitch": 20.0, "other": 6.0},
    bursty=True,
)

# Spells away from LinkedIn: weekly P(active -> away) and P(away -> active); about 10% of
# weeks away in spells of ~6 weeks, in which the owner posts, comments and reacts very little.
AWAY = (0.018, 0.16)
AWAY_LEVEL = 0.03
# The owner's weekly activity: mean at `default` (reactions: from the size), AR(1) of the
# log-rate (phi, innovation sd) and gamma noise shape k (None: no extra noise).
EXPOSURES = {"posts": (0.35, 0.6, 0.7, 3.0), "comments": (0.8, 0.4, 0.5, None),
             "reactions": (None, 0.6, 0.35, 6.0), "logins": (5.0, 0.7, 0.5, 6.0)}
# Bursts in what comes in (AR(1) log-rate multiplying the outcome means, then NB noise) and
# in the invitations the owner sends (networking sprees).
OUTCOME_AR = {"inbound_recruiting": (0.6, 0.5), "inbound_request": (0.5, 0.45),
              "invitations_received": (0.8, 0.8), "endorsements_received": (0.5, 0.5),
              "owner_outcomes": (0.3, 0.3)}
SENT_AR = (0.75, 1.2)
# Bursts in the inbox's other openers (social notes, automated mail) and their weekly series.
INBOX_AR = (0.7, 0.5)


def ar_factor(rng: np.random.Generator, phi: float, sd: float,
              weeks: int = P.WEEKS) -> np.ndarray:
    """exp of a stationary AR(1) series, scaled to mean 1: a bursty weekly rate multiplier."""
    if sd == 0:
        return np.ones(weeks)
    eps = rng.normal(0.0, sd, weeks)
    x = np.empty(weeks)
    x[0] = eps[0] / np.sqrt(1 - phi**2)
    for t in range(1, weeks):
        x[t] = phi * x[t - 1] + eps[t]
    f = np.exp(x)
    return f / f.mean()


def away_weeks(rng: np.random.Generator, weeks: int = P.WEEKS) -> np.ndarray:
    """True in the weeks the owner is away (a two-state Markov chain, stationary start)."""
    p_leave, p_back = AWAY
    u = rng.random(weeks)
    away = np.zeros(weeks, dtype=bool)
    away[0] = u[0] < p_leave / (p_leave + p_back)
    for t in range(1, weeks):
        away[t] = u[t] < (1 - p_back if away[t - 1] else p_leave)
    return away


def exposures(rng: np.random.Generator, size: P.Size) -> tuple[dict[str, np.ndarray],
                                                                np.ndarray]:
    """The owner's weekly posts, comments, reactions and logins, and the away weeks."""
    away = away_weeks(rng)
    out = {}
    for name, (mean, phi, sd, k) in EXPOSURES.items():
        m = size.reactions / P.WEEKS if mean is None else mean * size.activity
        low = AWAY_LEVEL * 10 if name == "logins" else AWAY_LEVEL  # one still logs in a bit
        rate = np.where(away, low, 1.0) * ar_factor(rng, phi, sd)
        if k is not None:
            rate = rate * rng.gamma(k, 1.0 / k, P.WEEKS)
        out[name] = rng.poisson(m * rate / rate.mean()).astype(np.int64)
    return out, away


def bursty_means(rng: np.random.Generator, mu: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Outcome means times a bursty AR(1) factor (the expected total is kept)."""
    return {k: v * ar_factor(rng, *OUTCOME_AR[k]) for k, v in mu.items()}


def sent_invitations(rng: np.random.Generator, rate: float) -> np.ndarray:
    """Weekly invitations the owner sends, in sprees."""
    return rng.poisson(rate * ar_factor(rng, *SENT_AR)).astype(np.int64)


def inbox_counts(rng: np.random.Generator, rate: float) -> np.ndarray:
    """Weekly counts of social or automated openers, bursty like a real inbox."""
    return rng.poisson(rate * ar_factor(rng, *INBOX_AR)).astype(np.int64)


def describe() -> dict:
    """The realistic world's population values, for truth.json."""
    pop = POPULATION
    return {
        "inbound_opener_rates_per_week_default": {
            "automated": pop.rates["automated"], "social": pop.rates["in_social"],
            "recruiting": pop.outcomes["inbound_recruiting"],
            "request": pop.outcomes["inbound_request"],
            "sales_pitch_share_of_non_automated": pop.pitch_share_by_year[0]},
        "languages": dict(zip(P.LANGS, pop.lang_p, strict=True)),
        "reply_probability": pop.reply, "reply_median_hours": pop.reply_hours,
        "invitations_per_week_default": {"received": pop.outcomes["invitations_received"],
                                         "sent": pop.rates["invitations_sent"]},
        "acceptance": {"incoming": P.ACCEPT_IN, "outgoing": P.ACCEPT_OUT},
        "away": {"p_leave": AWAY[0], "p_back": AWAY[1], "activity_level": AWAY_LEVEL},
        "exposures": {k: {"mean_default": v[0], "ar_phi": v[1], "ar_sd": v[2],
                          "gamma_k": v[3]} for k, v in EXPOSURES.items()},
        "outcome_bursts_ar": {k: list(v) for k, v in OUTCOME_AR.items()},
        "sent_bursts_ar": list(SENT_AR), "inbox_bursts_ar": list(INBOX_AR),
    }
