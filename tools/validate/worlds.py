"""Null and planted worlds for every claim, (each claim's entry is registered with the claim).

A world is built so that it does NOT match the analysis model: weekly counts are
autocorrelated and over-dispersed, job searches drive activity and outcomes together, courses
come in sprees, openers come in campaigns, connections in cohorts, outcomes in job-search
episodes, and the members of a campaign, cohort or episode arrive close in time (within days
to weeks) as real ones do, so that the clustering can be seen in the data. Each claim's entry says
which variants its null worlds draw from, the population value under the null, the planted
values for coverage and the grid of effects for power. A claim names its world function
and entry when it registers (``Claim.worlds``); its world function may live in its own module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.claims.definitions import Worlds

from . import processes as pr
from .tables import (
    START,
    Conversation,
    World,
    connections_table,
    messages_table,
    weeks,
)

DAY = pd.Timedelta(days=1)
END = START + pr.WEEKS * 7 * DAY
NON_PITCH = {k: v for k, v in pr.OPENER_MIX.items() if k not in ("automated", "sales_pitch")}


def _person(i: int, tag: str = "p") -> str:
    return f"https://www.linkedin.com/in/{tag}-{i:05d}"


def _at(rng: np.random.Generator, n: int, start=START, end=END) -> list[pd.Timestamp]:
    span = (end - start).total_seconds()
    return [start + pd.Timedelta(seconds=float(s)) for s in rng.uniform(0, span, n)]


def _days(offsets: np.ndarray, start=START) -> list[pd.Timestamp]:
    return [start + pd.Timedelta(days=float(d)) for d in offsets]


SPAN_DAYS = (END - START).days


def _pick(rng: np.random.Generator, mix: dict[str, float], n: int) -> list[str]:
    keys = list(mix)
    probs = np.array([mix[k] for k in keys])
    return list(rng.choice(keys, n, p=probs / probs.sum()))


def _with_end_marker(convs: list[Conversation]) -> list[Conversation]:
    """A last automated message on the export's final day, so every world ends at END."""
    return convs + [Conversation(_person(0, "end"), END - DAY, "in", "automated")]


def _messages_world(convs: list[Conversation], **extra) -> World:
    msgs, labels = messages_table(_with_end_marker(convs))
    return World(tables={"messages": msgs, **extra}, labels=labels)


# -- C1: share of inbound openers that pitch -----------------------------------------------
def c1_world(rng: np.random.Generator, variant: str, share: float) -> World:
    """Inbound openers (real category mix for the non-pitches, automated mail included and
    filtered by the claim); the pitch share among the rest is ``share`` in the population.
    'campaigns': openers arrive in runs of one kind (several sellers from one firm, a wave of
    congratulations; geometric size, mean 2) within a week of one another (a campaign is
    centred on a random day); 'thin': 25 openers. Other openers come at independent times."""
    n = 25 if variant == "thin" else int(rng.integers(80, 250))
    if variant == "campaigns":
        is_pitch, ids = pr.clustered_binary(rng, n, share, mean_cluster=2.0, with_ids=True)
    else:
        is_pitch = rng.random(n) < share
    cats = [("sales_pitch" if p else c) for p, c in zip(is_pitch, _pick(rng, NON_PITCH, n),
                                                        strict=True)]
    n_auto = int(n * pr.OPENER_MIX["automated"] / (1 - pr.OPENER_MIX["automated"]))
    cats += ["automated"] * n_auto
    times = _at(rng, len(cats))
    if variant == "campaigns":  # the campaigns' members close in time, the rest as before
        times[:n] = _days(pr.cluster_times(rng, ids, SPAN_DAYS - 2, 7.0))
    convs = [Conversation(_person(i), t, "in", c,
                          reply_after_hours=float(rng.exponential(30)) if rng.random() < 0.4
                          else None)
             for i, (t, c) in enumerate(zip(times, cats, strict=True))]
    w = _messages_world(convs)
    w.value = share
    return w


# -- C2: first pitch within 7 days of connecting, at a fixed 365-day horizon ----------------
TAIL_DAYS = 200.0  # later first pitches: 8 days plus an exponential delay with this mean


def c2_world(rng: np.random.Generator, variant: str, share: float) -> World:
    """Connections made over the years of messages; some pitch at a delay that is under 8
    days with probability w, else 8 + Exp(200) days (often past the export). ``share`` is
    the registered estimand: P(delay <= 7 | delay <= 365). 'young': 2 years of messages
    (much follow-up cut short); 'old': the default 4 years."""
    years = 2 if variant == "young" else 4
    start = END - years * 365 * DAY
    n = int(rng.integers(400, 900))
    q = 1 - np.exp(-(365 - 8) / TAIL_DAYS)  # P(tail delay <= 365)
    w = share * q / (1 - share + share * q)
    connected = [t.normalize() for t in _at(rng, n, start, END - 2 * DAY)]
    people = [_person(i) for i in range(n)]
    convs = []
    for who, on in zip(people, connected, strict=True):
        if rng.random() < 0.35:  # this connection pitches some day
            delay = rng.uniform(0, 8) if rng.random() < w else 8 + rng.exponential(TAIL_DAYS)
            at = on + delay * DAY
            if at < END - DAY:
                convs.append(Conversation(who, at, "in", "sales_pitch"))
        elif rng.random() < 0.3:
            convs.append(Conversation(who, on + rng.exponential(60) * DAY, "in",
                                      _pick(rng, NON_PITCH, 1)[0], 5.0))
    convs = [c for c in convs if c.opened_at < END - DAY]
    convs.append(Conversation(_person(0, "start"), start, "in", "automated"))
    w_ = _messages_world(convs, connections=connections_table(people, connected))
    w_.value = share
    return w_


# -- C3: connections with no two-way conversation ever --------------------------------------
def c3_world(rng: np.random.Generator, variant: str, share: float) -> World:
    """Connections, each with no two-way conversation with population probability ``share``.
    'cohorts': connections come in cohorts (an employer, a conference) sharing a logit-normal
    effect (SD 0.8, mean cohort size 15) and connect within 5 days of one another (a
    cohort is centred on a random day)."""
    n = int(rng.integers(150, 500))
    if variant == "cohorts":
        p_none, ids = pr.cluster_probs(rng, n, share, 0.8, mean_cluster=15.0, with_ids=True)
    else:
        p_none = np.full(n, share)
    none = rng.random(n) < p_none
    people = [_person(i) for i in range(n)]
    connected = [t.normalize() for t in _at(rng, n, START, END - 60 * DAY)]
    if variant == "cohorts":
        connected = [t.normalize() for t in
                     _days(pr.cluster_times(rng, ids, SPAN_DAYS - 60, 5.0))]
    convs = []
    for who, on, alone in zip(people, connected, none, strict=True):
        at = on + rng.uniform(1, 50) * DAY
        if not alone:
            convs.append(Conversation(who, at, rng.choice(["in", "out"]), "social",
                                      float(rng.exponential(40))))
        elif rng.random() < 0.5:  # a message that was never answered
            convs.append(Conversation(who, at, rng.choice(["in", "out"]), "social"))
    w = _messages_world(convs, connections=connections_table(people, connected))
    w.value = share
    return w


# -- C6: the owner's warm vs cold pitches --------------------------------------------------
def _odds(p: float) -> float:
    return p / (1 - p)


def c6_world(rng: np.random.Generator, variant: str, odds_ratio: float) -> World:
    """The owner's outbound pitches: to people with a prior two-way exchange (warm) and to
    strangers (cold), replied to with probabilities whose odds ratio (warm over cold) is
    ``odds_ratio`` (cold: 0.25); plus social notes to friends, answered 75% of the time (not
    pitches, so not part of the registered comparison). 'heterogeneous': the reply
    probability also varies by recipient (logit-normal, SD 1)."""
    p_cold = 0.25
    p_warm = _odds(p_cold) * odds_ratio / (1 + _odds(p_cold) * odds_ratio)
    n_warm, n_cold, n_social = (int(rng.integers(15, 50)) for _ in range(3))
    convs, i = [], 0
    for group, n, p in (("warm", n_warm, p_warm), ("cold", n_cold, p_cold),
                        ("social", n_social, 0.75)):
        probs = np.full(n, p)
        if variant == "heterogeneous":
            probs = 1 / (1 + np.exp(-(np.log(probs / (1 - probs)) + rng.normal(0, 1, n))))
        for at, pr_reply in zip(_at(rng, n, START + 120 * DAY, END - 30 * DAY), probs,
                                strict=True):
            who = _person(i)
            i += 1
            if group != "cold":  # an earlier exchange both ways makes them warm
                convs.append(Conversation(who, at - rng.uniform(30, 110) * DAY, "in", "social",
                                          float(rng.exponential(20))))
            replied = float(rng.exponential(24)) if rng.random() < pr_reply else None
            convs.append(Conversation(who, at, "out", "social" if group == "social"
                                      else "sales_pitch", replied))
    people = sorted({c.person for c in convs})
    known = connections_table(people, [START] * len(people))  # all connected before
    w = _messages_world(convs, connections=known)
    w.value = odds_ratio
    w.values = {"odds ratio": odds_ratio, "difference": p_warm - p_cold}
    return w


# -- C7: the owner's replies to cold pitches vs other cold openers ---------------------------
def c7_world(rng: np.random.Generator, variant: str, difference: float) -> World:
    """Inbound cold openers (no prior exchange): pitches answered with probability
    0.25 + ``difference``, other cold openers (recruiting, requests, social from strangers)
    0.25; friends (a prior two-way exchange) are answered 80% of the time and are not part
    of the registered comparison. 'campaigns': pitches come in campaigns whose reply
    probability varies (logit-normal, SD 1)."""
    p_other = 0.25
    p_pitch = p_other + difference
    n_pitch, n_other, n_friend = (int(rng.integers(25, 120)) for _ in range(3))
    convs, i = [], 0
    for group, n, p in (("pitch", n_pitch, p_pitch), ("other", n_other, p_other),
                        ("friend", n_friend, 0.8)):
        probs = (pr.cluster_probs(rng, n, p, 1.0, mean_cluster=5.0)
                 if variant == "campaigns" and group == "pitch" else np.full(n, p))
        cats = (["sales_pitch"] * n if group == "pitch" else
                _pick(rng, NON_PITCH, n) if group == "other" else ["social"] * n)
        for at, pr_reply, cat in zip(_at(rng, n, START + 120 * DAY, END - 30 * DAY), probs,
                                     cats, strict=True):
            who = _person(i)
            i += 1
            if group == "friend":
                convs.append(Conversation(who, at - rng.uniform(30, 110) * DAY, "out", "social",
                                          float(rng.exponential(20))))
            replied = float(rng.exponential(24)) if rng.random() < pr_reply else None
            convs.append(Conversation(who, at, "in", cat, replied))
    w = _messages_world(convs)
    w.value = difference
    return w


# -- C4 / C8: weekly exposure against weekly outcomes -------------------------------------
def _panel_world(rng: np.random.Generator, variant: str, irr: float,
                 exposures: tuple[str, ...]) -> World:
    """Weekly exposures and the four registered outcomes, each a count over a latent AR(1).
    'ar0.3': the autocorrelation of real series (0.3-0.45); 'ar0.6': outcome latents with lag-1 autocorrelation 0.6; 'shock': job-search episodes
    double every exposure and outcome together (no effect of one on the other); 'bursty':
    exposures in long bursts (autocorrelation 0.85); 'sparse': outcomes at a quarter of
    their usual rate (some pairs fall below the minimum). With ``irr`` != 1 the first
    exposure raises inbound recruiting by ``irr`` per SD of its sum over the 4 weeks before."""
    n = pr.WEEKS
    search = pr.episodes(rng, n) * np.log(2.0) if variant == "shock" else 0.0
    panel = pd.DataFrame(index=weeks(n))
    for name in exposures:
        s = pr.EXPOSURES[name]
        rho = 0.85 if variant == "bursty" else None
        panel[name] = pr.counts(rng, s, n, rho=rho, log_shift=search)
    x = panel[exposures[0]].to_numpy()
    window = sum(np.concatenate([np.zeros(k), x[: n - k]]) for k in range(1, 5))
    z = (window - window[4:].mean()) / window[4:].std()
    z[:4] = 0.0
    for name, s in pr.OUTCOMES.items():
        rho = 0.6 if variant == "ar0.6" else None
        effect = np.log(irr) * z if name == "inbound_recruiting" else 0.0
        scale = 0.25 if variant == "sparse" else 1.0
        panel[name] = pr.counts(rng, s, n, rho=rho, log_shift=search + effect,
                                mean_scale=scale)
    w = World(panel=panel)
    w.value = irr
    w.values = {"pair": (exposures[0], "inbound_recruiting")}
    return w


def c4_world(rng, variant, irr):
    """Posts, comments and reactions against the four outcomes (12 pairs)."""
    return _panel_world(rng, variant, irr, ("posts", "comments", "reactions"))


def c8_world(rng, variant, irr):
    """Logins against the four outcomes (4 pairs)."""
    return _panel_world(rng, variant, irr, ("logins",))


c4_world.__doc__ += "\n" + _panel_world.__doc__
c8_world.__doc__ += "\n" + _panel_world.__doc__


# -- C9: outcomes around course completions ------------------------------------------------
def c9_world(rng: np.random.Generator, variant: str, boost: float) -> World:
    """Course completions and weekly outcomes (recruiting contacts, endorsements) over latent
    AR(1)s. 'spread': 9 completions at random weeks; 'sprees': 3 sprees of 3 courses within
    two weeks; 'spree_ar0.6': one spree of 6 and 3 singles, outcome autocorrelation 0.6;
    'shock': courses are taken during job searches, which double the outcomes too. With
    ``boost`` != 1 outcomes are multiplied by it in the 26 weeks after each completion."""
    n = pr.WEEKS
    search = pr.episodes(rng, n, per_year=1.0) if variant == "shock" else np.zeros(n)
    lo, hi = 26, n - 27
    if variant == "sprees":
        done = np.concatenate([c + rng.integers(0, 14, 3) / 7 for c in
                               rng.choice(np.arange(lo, hi - 2), 3, replace=False)])
    elif variant == "spree_ar0.6":
        first = rng.integers(lo, hi - 2)
        done = np.concatenate([first + rng.integers(0, 14, 6) / 7,
                               rng.choice(np.arange(lo, hi), 3, replace=False)])
    elif variant == "shock":
        during = np.flatnonzero(search[lo:hi] > 0) + lo
        pool = during if len(during) >= 3 else np.arange(lo, hi)
        done = rng.choice(pool, 9, replace=True).astype(float)
    else:
        done = rng.choice(np.arange(lo, hi), 9, replace=False).astype(float)
    week_of_done = np.floor(done).astype(int)
    after = np.zeros(n)
    for wk in week_of_done:
        after[wk + 1: wk + 27] = 1.0
    panel = pd.DataFrame(index=weeks(n))
    for name in ("inbound_recruiting", "endorsements_received"):
        s = pr.OUTCOMES[name]
        rho = 0.6 if variant == "spree_ar0.6" else None
        panel[name] = pr.counts(rng, s, n, rho=rho,
                                log_shift=search * np.log(2.0) + after * np.log(boost),
                                mean_scale=2.0)
    completed = START + pd.to_timedelta(done * 7 * 86400 + rng.uniform(0, 86400, len(done)),
                                        unit="s")
    learning = pd.DataFrame({"title": [f"Course {i}" for i in range(len(done))],
                             "completed_at": pd.to_datetime(completed, utc=True)})
    w = World(tables={"learning": learning}, panel=panel)
    w.value = boost
    return w


# -- C5 / C10: positions and professional outcomes ------------------------------------------
EMPLOYERS = ("Acme Analytics", "Nordwind Logistik", "EY", "SAP", "Brightpath Health",
             "Ingenia Systems", "ING", "The Company Co.", "Société Générale", "Kestrel Labs")
VARIANT_NAMES = {"Acme Analytics": "ACME Analytics Inc.", "Nordwind Logistik":
                 "Nordwind Logistik GmbH", "Brightpath Health": "Brightpath Health, LLC",
                 "Ingenia Systems": "Ingenia Systems Ltd", "Société Générale":
                 "Societe Generale S.A.", "Kestrel Labs": "Kestrel Labs Corp"}
TRAP_TEXTS = ("they are hiring asap, recruiting now", "The role is remote and they pay well",
              "We sap no energy: ping me asap", "Recruiting for a thriving company",
              "Being in touch with the ingenious team")
OTHER_FIRMS = ("Umbrella Corp", "Globex", "Initech", "Hooli", "Vandelay Industries")


def c5_world(rng: np.random.Generator, variant: str, via: float) -> World:
    """Four position starts (short and look-alike employer names included), a year of
    messages before each, a Job Applications file, and recruiters from other firms whose
    messages hide short names in ordinary words. Each position came through LinkedIn with
    probability ``via``: then an application to the employer (its name written
    differently) or a recruiter from it precedes the start."""
    employers = list(rng.choice(EMPLOYERS, 4, replace=False))
    starts = sorted(t.normalize() for t in _at(rng, 4, START + 400 * DAY, END - 40 * DAY))
    positions = pd.DataFrame({"company": employers, "title": "Engineer",
                              "started_on": pd.to_datetime(starts, utc=True),
                              "started_on_precision": "month"})
    convs, people, companies, conn_on, apps = [], [], [], [], []
    for i in range(int(rng.integers(10, 40))):  # recruiters from unrelated firms
        who = _person(i, "rec")
        people.append(who)
        companies.append(str(rng.choice(OTHER_FIRMS)))
        conn_on.append(_at(rng, 1, START, END - 60 * DAY)[0].normalize())
        convs.append(Conversation(who, conn_on[-1] + 3 * DAY, "in", "recruiting",
                                  text=str(rng.choice(TRAP_TEXTS))))
    first_app = START + rng.uniform(0, 30) * DAY  # the applications file covers the years
    for t in [first_app, *_at(rng, int(rng.integers(3, 12)), first_app, END - DAY)]:
        apps.append({"applied_at": t, "company": str(rng.choice(OTHER_FIRMS))})
    for j, (emp, start) in enumerate(zip(employers, starts, strict=True)):
        if rng.random() < via:
            when = start - rng.uniform(20, 300) * DAY
            if rng.random() < 0.5:
                apps.append({"applied_at": when, "company": VARIANT_NAMES.get(emp, emp)})
            else:
                who = _person(j, "emp")
                people.append(who)
                companies.append(VARIANT_NAMES.get(emp, emp))
                conn_on.append((when - 10 * DAY).normalize())
                convs.append(Conversation(who, when, "in", "recruiting", 12.0,
                                          text="An opening in my team, interested?"))
    convs.append(Conversation(_person(0, "start"), START, "in", "automated"))
    applications = pd.DataFrame(apps)
    applications["applied_at"] = pd.to_datetime(applications["applied_at"], utc=True)
    applications["job_title"] = "Engineer"
    applications = applications.sort_values("applied_at").reset_index(drop=True)
    w = _messages_world(convs, connections=connections_table(people, conn_on, companies),
                        positions=positions, job_applications=applications)
    w.value = via
    return w


LINKEDIN_SOURCES = ("LinkedIn", "linkedin post", "LinkedIn Jobs", "via LinkedIn recruiter")
OTHER_SOURCES = ("referral", "email", "conference", "former colleague", "company website")


def c10_world(rng: np.random.Generator, variant: str, share: float) -> World:
    """The owner's outcomes.csv: outcomes whose source names LinkedIn (in any form) with
    population probability ``share``. 'episodes': outcomes come in chains from one search
    (an interview, then an offer; geometric, mean 3) sharing one source, within 6 weeks of
    one another (a search is centred on a random day); 'thin': 12."""
    n = 12 if variant == "thin" else int(rng.integers(20, 60))
    if variant == "episodes":
        via, ids = pr.clustered_binary(rng, n, share, mean_cluster=3.0, with_ids=True)
    else:
        via = rng.random(n) < share
    sources = [str(rng.choice(LINKEDIN_SOURCES if v else OTHER_SOURCES)) for v in via]
    if variant == "episodes":
        dates = _days(pr.cluster_times(rng, ids, SPAN_DAYS - 1, 42.0))
        order = np.argsort(dates, kind="stable")
        dates, sources = [dates[i] for i in order], [sources[i] for i in order]
    else:
        dates = sorted(_at(rng, n))
    outcomes = pd.DataFrame({"date": pd.to_datetime(dates, utc=True).floor("D"),
                             "kind": rng.choice(["interview", "offer", "client"], n),
                             "source": sources})
    w = World(tables={"outcomes": outcomes})
    w.value = share
    return w


# -- the registry ---------------------------------------------------------------------------
ClaimWorlds = Worlds  # each claim registers its own (``Claim.worlds``)


def worlds_of(claims=None) -> dict[str, Worlds]:
    """claim -> its validation worlds, for every registered claim (or those named); a claim
    registered without worlds is an error, never silently skipped."""
    from analysis.claims import registry
    from analysis.errors import LinkedOutError

    chosen = [registry.get(c) for c in claims] if claims else registry.all_claims()
    missing = [c.id for c in chosen if c.worlds is None]
    if missing:
        raise LinkedOutError(f"no validation worlds for {', '.join(missing)}: register the "
                             "claim with worlds=Worlds(...) (see analysis/claims/definitions.py)")
    return {c.id: c.worlds for c in chosen}


def __getattr__(name: str):
    if name == "WORLDS":  # every registered claim's worlds, derived from the registry
        return worlds_of()
    raise AttributeError(name)


def build(claim: str, kind: str, variant: str, seed: int, effect: float | None) -> World:
    """One world: ``kind`` 'null' uses the claim's null effect; otherwise ``effect``."""
    spec = worlds_of([claim])[claim]
    rng = np.random.default_rng([seed, sum(map(ord, claim)), sum(map(ord, variant))])
    world = spec.maker()(rng, variant, spec.null_effect if kind == "null" else effect)
    world.false_verdicts = spec.null_false if kind == "null" else ()
    world.detected = spec.detected
    return world
