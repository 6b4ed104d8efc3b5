"""Sizes, worlds and planted parameters: every number the demo plants, in one place.

The `default` size is the calibration point: the rates below are per week at `default`, and the
other sizes scale them. Effects are incidence-rate ratios per standard deviation of the
exposure (C4), applied at a lag in weeks. Three worlds: `realistic` (the default: a person whose
aggregate figures resemble real exports, see `realistic.py`), `planted` (large known effects the
tests recover) and `null` (the planted world's marginal rates, no effects).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fmt

DEFAULT_SEED = 7
WORLDS = ("realistic", "planted", "null")  # the first is the default

EXPORT_NAME = "Complete_LinkedInDataExport_08-26-2025.zip"
WORKBOOK_NAME = "Content_2024-08-26_2025-08-25_Demo Owner.xlsx"
OUTCOMES_NAME = "outcomes.csv"
TRUTH_NAME = "truth.json"

OWNER_FIRST, OWNER_LAST = "Demo", "Owner"
OWNER_NAME = "Demo Owner"
OWNER_URL = "https://www.linkedin.com/in/demo-owner-000"

T0 = fmt.epoch(2021, 8, 30)  # Monday: week 0 of the weekly panel
WEEKS = 208  # four years of weeks, ending Sunday 2025-08-24
WEEK = 7 * 86400
T_END = T0 + WEEKS * WEEK  # 2025-08-25 00:00 UTC
EXPORT_AT = fmt.epoch(2025, 8, 26, 6, 0, 0)  # nothing is dated after the export was made
ZIP_DATE = (2025, 8, 26, 6, 0, 0)
WB_START = fmt.epoch(2024, 8, 26)
WB_DAYS = 365


@dataclass(frozen=True)
class Size:
    """Targets for one size; rates scale from `default` by these factors."""

    name: str
    connections: int
    conversations: int
    messages: int
    reactions: int
    activity: float  # scales posts, comments, logins, searches
    long_tail: float  # scales applications, follows, recommendations


SIZES: dict[str, Size] = {
    "small": Size("small", 160, 200, 600, 400, 0.6, 0.5),
    "default": Size("default", 800, 1100, 3000, 2900, 1.0, 1.0),
    "heavy": Size("heavy", 30_000, 150_000, 1_000_000, 100_000, 4.0, 3.0),
}
BASE = SIZES["default"]

# Owner exposures (weekly means at default; AR(1) latent on the log scale keeps them bursty).
EXPOSURES = {"posts": 0.7, "comments": 1.5, "logins": 5.0}  # reactions come from Size
EXPOSURE_AR = (0.8, 0.55)  # phi, innovation sd
# C4 outcomes (weekly means at default), NB dispersion k, trend (log change over 4 years),
# season amplitude (log scale, yearly).
OUTCOMES = {
    "inbound_recruiting": 0.45,
    "inbound_request": 0.40,
    "invitations_received": 2.4,
    "endorsements_received": 0.5,
    "owner_outcomes": 0.28,
}
NB_K = 3.0
TREND = {"inbound_recruiting": 0.35, "inbound_request": 0.2, "invitations_received": 0.3,
         "endorsements_received": -0.2, "owner_outcomes": 0.3}
SEASON = 0.25

# Planted C4 effects: (exposure, outcome, window of weeks, IRR per SD). The outcome in week t
# responds to the exposure summed over weeks t-4 .. t-1 ("over the following 1 to 4 weeks",
# the registered C4 hypothesis), standardised. Every other pair is null.
EFFECT_WINDOW = (1, 4)
EFFECTS = [
    ("posts", "invitations_received", EFFECT_WINDOW, 1.30),
    ("posts", "inbound_request", EFFECT_WINDOW, 1.45),
    ("comments", "inbound_recruiting", EFFECT_WINDOW, 1.25),
]
# C9: learning completions raise recruiting contacts and endorsements for 26 weeks.
LEARNING_BOOST = 2.2
LEARNING_WEEKS = 26
LEARNING_CLUSTERS = (35, 93, 149)  # weeks around which completions cluster

# Other weekly conversation rates at default (scaled by conversations / 1100).
RATES = {
    "in_social": 0.45,
    "automated": 0.65,
    "out_pitch": 0.30,
    "out_pitch_warm": 0.25,  # C6: the owner's pitches to close ties (a prior exchange)
    "out_rf": 0.40,
    "group": 0.08,
    "invitations_sent": 1.6,
}
ACCEPT_IN, ACCEPT_OUT = 0.72, 0.60
PITCHER_SHARE_OF_NEW_CONNECTIONS = 0.30
OLD_CONNECTION_PITCH = 0.06  # share of connected pitches that come from dormant old ties
PITCH_WITHIN_7D = 0.85  # C2: share of newly connected pitchers who pitch within a week
WARM_PITCH_SHARE = 0.02  # pitches from close ties, among unconnected-pitch draws
# C1: the true pitch share of inbound non-automated openers, by year of the panel.
PITCH_SHARE_BY_YEAR = (0.56, 0.62, 0.68, 0.72)
CLOSE_TIE_SHARE = 0.08
HIDDEN_SHARE = 0.03

# Owner reply probabilities (planted); the null world pools them (same marginal rate).
REPLY_PLANTED = {
    "in_pitch": 0.10, "in_pitch_warm": 0.50, "in_recruit": 0.60, "in_request": 0.70,
    "in_social": 0.88, "out_pitch": 0.12, "out_pitch_warm": 0.55, "out_rf": 0.55, "group": 0.90, "automated": 0.0,
}
REPLY_MEDIAN_HOURS_PLANTED = {"pitch": 30.0, "other": 4.0}
LATE_REPLY = 0.05  # replies that come after 14 days
LANGS = ("en", "de", "fr", "es", "nl", "pt")
LANG_P = (0.88, 0.04, 0.025, 0.02, 0.02, 0.015)

OUTCOME_SOURCES = ("linkedin", "referral", "website", "twitter", "substack", "conference",
                   "former_colleague")
OUTCOME_SOURCE_P = (0.25, 0.30, 0.15, 0.08, 0.10, 0.07, 0.05)

SENTINELS = {
    "names": ["Zyxquv Sentinelova", "Qorvath Leakmire"],
    "emails": ["sentinel.leak@example.invalid"],
    "urls": ["https://www.linkedin.com/in/sentinel-leak-url",
             "https://www.linkedin.com/in/sentinel-leak-url-2"],
    "phrases": ["SENTINEL-PHRASE-7391"],
    "companies": ["Sentinelcorp Leakworks"],
}


@dataclass(frozen=True)
class Population:
    """The population values of one world that differ between worlds (rates per week at
    `default`). `planted` and `null` share the values above; `realistic.py` sets its own."""

    outcomes: dict[str, float]
    rates: dict[str, float]
    effects: list
    learning_boost: float
    pitcher_share: float  # of new incoming connections
    old_pitch: float
    pitch_share_by_year: tuple[float, ...]
    lang_p: tuple[float, ...]
    reply: dict[str, float]
    reply_hours: dict[str, float]
    bursty: bool = False  # realistic weekly series (dormant spells, AR(1) rates)


PLANTED = Population(OUTCOMES, RATES, EFFECTS, LEARNING_BOOST,
                     PITCHER_SHARE_OF_NEW_CONNECTIONS, OLD_CONNECTION_PITCH,
                     PITCH_SHARE_BY_YEAR, LANG_P, REPLY_PLANTED, REPLY_MEDIAN_HOURS_PLANTED)
