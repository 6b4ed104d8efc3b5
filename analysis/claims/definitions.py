"""The registered hypotheses of CLAIMS.md: quote, measure and verdict rule, fixed up front.

``measured`` and ``rule`` are templates over the ``Params`` fields (``{reply_window_days}``,
``{equivalence_low}``, ...), rendered from the live parameters, so a ``--set`` change shows in
the text. Each claim module registers its claim with the function and presentation
(``registry.register``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .params import Params


@dataclass(frozen=True)
class CardSpec:
    """How a claim enters the effect card: the scale its effect is pooled on, where the SE
    comes from, whether its window spans a whole career (left out of the card's months of
    data), and hooks for claims whose effect is not read off their own 95% interval."""

    scale: str = "log-odds"  # log-odds, log IRR, risk difference, or the claim's own words
    se_from: str = "interval"  # interval, counts or placebo band (docs/cohort.md)
    history: bool = False
    effect: Callable | None = None  # ClaimResult -> (estimate, se) on ``scale``
    extra: Callable | None = None  # ClaimResult -> more fields of the card cell (C4/C8 pairs)
    # The headline is selected from several tests (the smallest q of many pairs): the cohort
    # pools the cell's pairs one by one, never the headline.
    by_pair: bool = False
    # Why a typical person's card cannot carry a poolable estimate (said on the cohort page).
    why_not_poolable: str = ""
    # Where the claim holds for one person on the pooled scale: (low, high) of the true effect.
    holds: tuple[float, float] | None = None
    # The counts a published estimate would reveal (result dict -> counts): a card suppresses
    # the estimate when one is under its minimum (share_counts for a share of n).
    counts: Callable | None = None


def share_counts(result: dict) -> list[float]:
    """A share of n reveals its numerator and the complement."""
    est, n = result.get("estimate"), int(result.get("n") or 0)
    if not isinstance(est, int | float):
        return []
    x = round(est * n)
    return [x, n - x]


@dataclass(frozen=True)
class Worlds:
    """How to validate a claim on simulated worlds (``tools.validate``): the world maker
    make(rng, variant, effect) (a callable, or "module:function" imported when used), the
    null effect and the verdicts false under it, the variants, the planted effects for
    coverage (None when the interval is not one for the effect) and the power grid with the
    verdict that counts as detection."""

    make: Callable | str
    null_effect: float
    null_false: tuple[str, ...]
    variants: tuple[str, ...]
    coverage_range: tuple[float, float] | None
    power_grid: tuple[float, ...]
    detected: str
    effect_label: str
    planted_variants: tuple[str, ...] | None = None  # default: the null variants
    note: str = ""

    def planted(self) -> tuple[str, ...]:
        return self.planted_variants or self.variants

    def maker(self) -> Callable:
        if callable(self.make):
            return self.make
        import importlib

        module, _, name = self.make.partition(":")
        return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Claim:
    """Everything any part of LinkedOut knows about a claim: evaluation, report, doctor,
    sensitivity, effect card, validation and demo truth all read it from here."""

    id: str
    title: str
    quote: str
    measured: str
    rule: str
    family: str  # Benjamini-Hochberg family
    needs: tuple[str, ...]  # export files whose absence makes the claim not testable
    function: Callable | None = None  # ctx -> ClaimResult
    page: str = "00-scorecard"  # the notebook that discusses it (section anchor: the id)
    scale: str = "share"  # share (against 0.5), ratio (1), difference (0) or count
    axis: str = ""  # x-axis label in the forest plot ("" = the scale's own)
    percent_points: bool = False  # a difference of shares, shown in percentage points
    interval_kind: str = "95% CI"  # what the interval around the estimate is
    own_q: bool = False  # carries the q of its own family (set by the claim itself)
    needs_any: bool = False  # any one of ``needs`` is enough
    measured_template: str = ""
    rule_template: str = ""
    minimum: int | None = None  # the registered minimum n, rendered into the rule ({minimum})
    reads: tuple[str, ...] = ()  # the Params it reads; their registered ranges are varied
    uses_classifier: bool = False  # its verdict rests on the classifier's categories
    card: CardSpec = CardSpec()
    worlds: Worlds | None = None  # validation worlds; None fails validate loudly
    demo_truth: Callable | None = None  # demo World -> its truth entry; None: none planted
    interval_rule: Callable | None = None  # (low, high) -> verdict: the rule on an interval
    classifier_flip: Callable | None = None  # result -> (what flips it, could it flip)
    error_end: Callable | None = None  # result -> (value, estimate dict) at the error's other end

    @property
    def anchor(self) -> str:
        """The id of the claim's section on its page."""
        return self.id

    def rendered(self, params: Params) -> Claim:
        """The claim with its measure and rule written for these parameters."""
        keys = {**params.__dict__, "minimum": self.minimum,
                "lookback_months": round(params.lookback_days / 30.44),
                "learning_window_months": round(params.learning_window_days / 30.44)}
        measured = self.measured_template or self.measured
        rule = self.rule_template or self.rule
        return replace(self, measured=measured.format(**keys), rule=rule.format(**keys),
                       measured_template=measured, rule_template=rule)


_DEFINED = (
    Claim("C1", "Being sold to",
          "more like a platform for being sold to",
          "Share of inbound conversation openers (first message of a conversation, not from the "
          "owner, not automated) that are sales pitches; inbound vs the owner's own outbound "
          "pitches; trend by year.",
          "with at least {minimum} inbound openers: supported if the 95% interval's lower bound > 0.5; "
          "contradicted if its upper bound < 0.5; else inconclusive.",
          "shares", ("messages.csv",), minimum=20),
    Claim("C2", "Pitch on first contact",
          "pitch decks in the same breath that they introduce themselves",
          "At a fixed horizon: among connections made while messages were recorded and at least "
          "365 days before the export, of those whose first pitch came within 365 days of "
          "connecting, the share whose first pitch came within {pitch_window_days} days; the Kaplan-Meier curve "
          "of days to first pitch; the share of invitation notes that pitch.",
          "with at least {minimum} such pitching connections: supported if the lower bound of the "
          "{pitch_window_days}-day share > 0.5; contradicted if its upper bound < 0.5; else inconclusive.",
          "shares", ("messages.csv", "Connections.csv"), minimum=20),
    Claim("C3", "Superficial ties",
          "superficial relationships with her hundreds of contacts",
          "Share of connections with no two-way conversation ever; reciprocal ties in the last "
          "12 months against Dunbar's band; concentration (Gini) of messages over connections.",
          "with at least {minimum} connections: supported if the lower bound of the no-two-way share "
          "> 0.5; contradicted if its upper bound < 0.5; else inconclusive.",
          "shares", ("Connections.csv", "messages.csv"), minimum=50),
    Claim("C4", "Vanity metrics",
          "vanity metrics of clicks, likes, shares, and comments ... provide nothing of value",
          "Weekly exposure (own posts, comments, reactions given; creator analytics when "
          "present) against weekly outcomes (inbound recruiting, inbound requests, invitations "
          "received, endorsements and recommendations received, the owner's outcomes) over "
          "the following {lag_weeks[0]} to {lag_weeks[1]} weeks: negative-binomial regression (Poisson when the fit "
          "fails or shows no overdispersion) with trend and season, HAC errors; incidence-rate "
          "ratio (IRR) per standard deviation of exposure. Pairs with fewer than 52 covered "
          "weeks (creator-analytics pairs: 52 less the {lag_weeks[1]} lag weeks, as the "
          "workbook holds at most a year) or 20 outcome events are left out and listed; "
          "beside each, a lead placebo (the activity of the weeks after the outcome).",
          "supported (no value) if every primary pair is equivalent (TOST, IRR within "
          "[{equivalence_low}, {equivalence_high}]); contradicted if any primary pair has a positive effect with q < 0.05; "
          "else inconclusive, with the minimum detectable IRR.",
          "C4", ("Shares.csv", "Comments.csv", "Reactions.csv")),
    Claim("C5", "Jobs through LinkedIn",
          "I for one have never gotten a job through the platform, but I do know someone who "
          "has",
          "For each position start whose {lookback_months} months before are covered by the messages (and the "
          "job applications, when the archive has them): a LinkedIn job application to that "
          "employer; a recruiting conversation naming or coming from it; connections at it "
          "before the start and the strength of those ties.",
          "with at least {minimum} assessable position starts: supported (for this owner) if no "
          "position has an application or recruiter trace; contradicted if any has; "
          "inconclusive if none has but the job applications are unknown.",
          "none", ("Positions.csv",), minimum=3),
    Claim("C6", "Relationship-first selling",
          "the way to sell to someone is to build a real relationship ... offer help with no "
          "agenda",
          "The owner's outbound pitches: reply within {reply_window_days} days when the pitch is warm (a prior "
          "two-way exchange with that person) vs cold (none); logistic regression with "
          "connection age. Openers with no ask vs cold pitches as a secondary comparison.",
          "with at least {minimum} openers in each group and 5 replies: supported if warm pitches "
          "have the higher reply odds with the interval of the odds ratio above 1; "
          "contradicted if below 1; else inconclusive.",
          "replies", ("messages.csv",), minimum=10),
    Claim("C7", "Dreaded cold messages",
          "A LinkedIn message is the 2020s equivalent of a cold sales call. You dread it.",
          "The owner's reply rate (within {reply_window_days} days) and reply latency to inbound cold pitches vs "
          "to other cold inbound openers (recruiting, requests, social from people with no "
          "prior two-way exchange), not messages from friends.",
          "with at least 20 cold openers, {minimum} in each group: supported if the owner replies "
          "less to cold pitches (interval of the difference below 0); contradicted if more "
          "(interval above 0); else inconclusive.",
          "replies", ("messages.csv",), minimum=10),
    Claim("C8", "Logging in to the landfill",
          "log into a landfill ... several times a day and feel like we've done our bit of "
          "networking ... with no evidence",
          "Logins per week as exposure in the C4 model; logins per active day.",
          "as C4: supported (no value) if every pair is equivalent; contradicted if any "
          "positive effect has q < 0.05; else inconclusive.",
          "C8", ("Logins.csv",)),
    Claim("C9", "Helpful courses",
          "professional courses ... many of which are quite helpful",
          "LinkedIn Learning completions as events; outcome rates (recruiting contacts, "
          "endorsements, position changes) in the {learning_window_months} months after vs before, against placebo "
          "dates that keep the clustering of the real ones (all completions shifted by one "
          "offset, circularly within the covered weeks).",
          "with at least {minimum} completions in 3 separate months: supported if the after-minus-"
          "before difference is above the placebo 95% band; contradicted if below it; else "
          "inconclusive.",
          "C9", ("Learning.csv",), minimum=5),
    Claim("C10", "Not fundamental to success",
          "LinkedIn is not fundamental to professional success",
          "Share of the owner's professional outcomes (assessable positions, and every row of "
          "outcomes.csv, whose source counts when it names LinkedIn) with a LinkedIn trace.",
          "with at least {minimum} outcomes: supported if the upper bound < 0.5; contradicted if the "
          "lower bound > 0.5; else inconclusive.",
          "shares", ("Positions.csv",), minimum=10),
)
CLAIMS = {c.id: c.rendered(Params()) for c in _DEFINED}


# The registered minimum for a verdict (one rule for thin data): below it a claim is
# "not testable" with the reason "too thin: n = X, needs ≥ Y", never "inconclusive".
# C4/C8: per pair, covered weeks and outcome events; C6/C7: per group (C6 also replies).
MINIMUMS = {c.id: c.minimum for c in _DEFINED if c.minimum is not None}
MIN_C7_OPENERS = 20
MIN_C6_REPLIES = 5
MIN_PAIR_WEEKS, MIN_PAIR_EVENTS = 52, 20


def too_thin(n: int, need: int, what: str) -> str:
    """The one wording of the thin-data rule."""
    return f"too thin: n = {n} {what}, needs ≥ {need}"
