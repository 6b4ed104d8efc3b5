"""Assemble one demo world (realistic, planted or null) from its parts, each on its own seeded stream.

Separate streams per part mean that the two worlds of one seed share their exposures, people
and texts, and differ only where the planted effects act.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import activity, people, realistic, series, threads
from . import params as P
from .timing import week_of


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator per part, stable across Python runs (crc32, not hash())."""
    return np.random.default_rng([int(seed), zlib.crc32(name.encode("utf-8"))])


@dataclass
class World:
    seed: int
    size: P.Size
    world: str
    exposures: dict[str, np.ndarray]
    mu: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    learning_weeks: np.ndarray
    net: people.Network
    threads: threads.Threads
    act: activity.Activity
    daily: pd.DataFrame  # creator-analytics days: impressions, engagements, followers
    pop: P.Population = P.PLANTED
    sentinels: dict | None = None


def build(seed: int, size: P.Size, world: str) -> World:
    if world not in P.WORLDS:
        raise ValueError(f"world must be one of {P.WORLDS}, not {world!r}")
    pop = population(world)
    conv_scale = size.conversations / P.BASE.conversations
    conn_scale = size.connections / P.BASE.connections
    if pop.bursty:
        ex, _away = realistic.exposures(stream(seed, "realistic-activity"), size)
    else:
        ex = {
            "posts": series.exposure(stream(seed, "posts"),
                                     P.EXPOSURES["posts"] * size.activity),
            "comments": series.exposure(stream(seed, "comments"),
                                        P.EXPOSURES["comments"] * size.activity),
            "reactions": series.exposure(stream(seed, "reactions"), size.reactions / P.WEEKS),
            "logins": series.exposure(stream(seed, "logins"),
                                      P.EXPOSURES["logins"] * size.activity),
        }
    completed = activity.learning_completions(stream(seed, "learning"))
    lw = week_of(completed)
    learning = series.learning_indicator(lw)
    scale = {"inbound_recruiting": conv_scale, "inbound_request": conv_scale,
             "invitations_received": conn_scale, "endorsements_received": conn_scale,
             "owner_outcomes": size.long_tail ** 0.5}
    rates = {k: v * scale[k] for k, v in pop.outcomes.items()}
    mu = series.outcome_means(ex, rates, world, learning, pop)
    sent = None
    if pop.bursty:
        mu = realistic.bursty_means(stream(seed, "realistic-bursts"), mu)
        sent = realistic.sent_invitations(stream(seed, "realistic-sent"),
                                          pop.rates["invitations_sent"] * conn_scale)
    rng_o = stream(seed, "outcomes")
    counts = {k: series.nb_counts(rng_o, mu[k]) for k in P.OUTCOMES}
    net = people.build(stream(seed, "people"), size, counts["invitations_received"],
                       pitcher_share=pop.pitcher_share, sent_counts=sent)
    th = threads.build(stream(seed, "threads"), size, world, net, counts, mu, pop)
    act = activity.build(stream(seed, "activity"), size, net, ex, counts, completed)
    daily = _daily(stream(seed, "creator"), act.posts, size)
    return World(seed, size, world, ex, mu, counts, lw, net, th, act, daily, pop)


def population(world: str) -> P.Population:
    """The population values a world draws from (planted and null share theirs)."""
    return realistic.POPULATION if world == "realistic" else P.PLANTED


def _daily(rng: np.random.Generator, posts: pd.DataFrame, size: P.Size) -> pd.DataFrame:
    """Creator analytics per day: impressions driven by posts (decaying over a week)."""
    days = P.WB_START // 86400 + np.arange(P.WB_DAYS)
    imp = rng.poisson(40 * size.activity ** 0.5, P.WB_DAYS).astype(float)
    pday = posts["t"].to_numpy() // 86400
    total = rng.lognormal(np.log(1800), 0.9, len(pday))
    decay = np.array([0.45, 0.25, 0.12, 0.08, 0.05, 0.03, 0.02])
    for d, tot in zip(pday.tolist(), total.tolist(), strict=True):
        for k, share in enumerate(decay):
            j = d + k - days[0]
            if 0 <= j < P.WB_DAYS:
                imp[j] += tot * share
    imp = np.round(imp)
    eng = rng.binomial(imp.astype(np.int64), 0.018)
    foll = rng.poisson(0.8 + imp / 2500)
    post_imp = total.round()
    post_eng = rng.binomial(post_imp.astype(np.int64), 0.02)
    posts["impressions"] = post_imp
    posts["engagements"] = post_eng
    return pd.DataFrame({"day": days * 86400, "impressions": imp, "engagements": eng,
                         "new_followers": foll})


def plant_sentinels(w: World) -> dict:
    """Rename a close tie and a cold pitcher to distinctive sentinel values (privacy test)."""
    s = P.SENTINELS
    people_ = w.net.people
    convs = w.threads.convs
    msgs = w.threads.msgs
    inv = w.net.invitations
    partners = convs["partner"].to_numpy()
    close = people_["close"].to_numpy() & ~people_["hidden"].to_numpy()
    senders = set(msgs["sender"].to_numpy().tolist())
    cand = [p for p in np.flatnonzero(close).tolist() if p in senders]
    with_inv = [p for p in cand if p in set(inv["pid"].tolist())]
    a = (with_inv or cand)[0]
    pitch = [p for p in convs.loc[convs["kind"] == "in_pitch", "partner"].tolist()
             if p in senders and not people_.at[p, "deleted"]]
    b = int(pitch[0]) if pitch else int(people_.index[-1])
    first, last = s["names"][0].split(" ")
    people_.loc[a, ["first", "last", "url", "email", "company"]] = [
        first, last, s["urls"][0], s["emails"][0], s["companies"][0]]
    first, last = s["names"][1].split(" ")
    people_.loc[b, ["first", "last", "url", "company"]] = [first, last, s["urls"][1],
                                                         s["companies"][0]]
    phrase = s["phrases"][0]
    for pid in (a, b):
        conv_ids = np.flatnonzero(partners == pid)
        m = np.flatnonzero(np.isin(msgs["conv"].to_numpy(), conv_ids)
                           & (msgs["sender"].to_numpy() == pid))
        if len(m):
            msgs.loc[m[0], "text"] = (msgs.loc[m[0], "text"] + " " + phrase).strip()
    ia = np.flatnonzero(inv["pid"].to_numpy() == a)
    if len(ia):
        inv.loc[ia[0], "note"] = f"Hi {P.OWNER_FIRST}, {phrase} let's connect."
    w.sentinels = dict(s)
    return w.sentinels
