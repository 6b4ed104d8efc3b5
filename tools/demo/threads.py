"""Conversations and their messages: who opens, about what, who answers, and when.

Each conversation has a kind (inbound pitch, recruiting, request, social, automated; the owner's
outbound cold pitch or relationship-first opener; group chats). Thread shape is drawn per kind:
pitch nudges before any answer, an owner reply with a kind-specific probability and latency
(planted C6/C7 differences; pooled in the null world), then an alternating tail. Everything is
built as arrays; the only Python loops are over kinds and over the few group chats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import fmt, realistic, texts
from . import params as P
from .people import Network
from .phrasebank import EN
from .timing import pick_before, times_in_weeks, uniform_times

CATEGORY = {"in_pitch": "sales_pitch", "in_pitch_warm": "sales_pitch",
            "in_pitch_conn": "sales_pitch", "in_recruit": "recruiting",
            "in_request": "request", "in_social": "social", "automated": "automated",
            "out_pitch": "sales_pitch", "out_social": "social", "out_request": "request",
            "group": "social"}
OWNER = -1  # sender id of the owner
MEMBER = -2  # "LinkedIn Member" placeholder sender (sponsored)
STAFF = -3  # LinkedIn staff persona


@dataclass
class Threads:
    convs: pd.DataFrame
    msgs: pd.DataFrame
    members: dict[int, list[int]]  # group conversation -> member pids


def _reply_probs(world: str, expected: dict[str, float],
                 reply: dict[str, float] = P.REPLY_PLANTED) -> dict[str, float]:
    """The world's reply probabilities; the null world pools inbound and outbound separately."""
    probs = dict(reply)
    if world == "null":
        inbound = ["in_pitch", "in_pitch_warm", "in_recruit", "in_request", "in_social"]
        tot = sum(expected.get(k, 0.0) for k in inbound)
        pooled = sum(expected.get(k, 0.0) * probs[k] for k in inbound) / max(tot, 1e-9)
        for k in inbound:
            probs[k] = pooled
        outb = ["out_pitch", "out_pitch_warm", "out_rf"]
        tot = sum(expected.get(k, 0.0) for k in outb)
        pooled = sum(expected.get(k, 0.0) * probs[k] for k in outb) / max(tot, 1e-9)
        for k in outb:
            probs[k] = pooled
    return probs


def _block(kind, t, partner, lang=None, sub=None) -> dict:
    n = len(t)
    return {"kind": np.full(n, kind, dtype=object), "t0": np.asarray(t, dtype=np.int64),
            "partner": np.asarray(partner, dtype=np.int64),
            "lang": np.full(n, "en", dtype=object) if lang is None else lang,
            "sub": np.full(n, "", dtype=object) if sub is None else sub}


def _langs(rng, n, pools):
    p = pools.pop.lang_p
    return np.array(P.LANGS, dtype=object)[rng.choice(len(P.LANGS), size=n, p=p)]


@dataclass
class _Pools:
    """Who can write or be written to, and the strangers to create once picked."""

    conn: np.ndarray  # connection time per person (negative: not connected)
    close: np.ndarray  # usable close ties
    quiet: np.ndarray  # usable, neither close nor pitchers
    any: np.ndarray  # usable non-pitchers
    stranger_rows: list[tuple[str, int]] = field(default_factory=list)  # (role, n)
    pop: P.Population = P.PLANTED  # the world's rates, languages and reply probabilities

    def strangers(self, n: int, role: str) -> np.ndarray:
        """Placeholder ids (negative, below -10) replaced by real pids once created."""
        start = sum(k for _r, k in self.stranger_rows)
        self.stranger_rows.append((role, n))
        return -(11 + start + np.arange(n))

    @property
    def rate(self) -> dict[str, float]:
        return self.pop.rates

    def weekly(self, rng, rate: float) -> np.ndarray:
        """Weekly counts at a rate: steady Poisson, or bursty in the realistic world."""
        if self.pop.bursty:
            return realistic.inbox_counts(rng, rate)
        return rng.poisson(rate, P.WEEKS)

    def before(self, rng, pool: str, times: np.ndarray) -> np.ndarray:
        """Someone from the pool connected before each time (-1 when nobody was)."""
        ids = getattr(self, pool)
        return pick_before(rng, ids, self.conn[ids], times)


def build(rng: np.random.Generator, size: P.Size, world: str, net: Network,
          counts: dict[str, np.ndarray], mu: dict[str, np.ndarray],
          pop: P.Population = P.PLANTED) -> Threads:
    """All conversations and messages of the demo."""
    people = net.people
    cscale = size.conversations / P.BASE.conversations
    conn = people["connected"].to_numpy()
    usable = (conn >= 0) & ~people["hidden"].to_numpy()
    close, pitcher = people["close"].to_numpy(), people["pitcher"].to_numpy()
    pools = _Pools(conn, np.flatnonzero(usable & close),
                   np.flatnonzero(usable & ~close & ~pitcher), np.flatnonzero(usable & ~pitcher),
                   pop=pop)
    blocks, pitch_times = _connected_pitches(rng, people, pools, usable)
    blocks += _inbound(rng, counts, cscale, pools)
    blocks += _unconnected_pitches(rng, mu, cscale, pools, pitch_times)
    blocks += _automated(rng, cscale, pools)
    blocks += _outbound(rng, cscale, pools)
    convs = pd.DataFrame({k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]})
    convs = _plant_c5_contacts(convs, net)
    people = _add_strangers(rng, net, pools.stranger_rows)
    part = convs["partner"].to_numpy().copy()
    ph = part <= -11
    part[ph] = len(net.people) + (-part[ph] - 11)
    convs["partner"] = part
    net.people = people
    convs = convs.sort_values(["t0", "kind"], kind="stable").reset_index(drop=True)
    convs["category"] = convs["kind"].map(CATEGORY)
    convs["direction"] = np.where(convs["kind"].str.startswith("out_"), "out", "in")
    members = _group_members(rng, convs, people)
    expected = convs["kind"].replace({"in_pitch_conn": "in_pitch", "out_social": "out_rf",
                                      "out_request": "out_rf"}).value_counts().to_dict()
    probs = _reply_probs(world, expected, pop.reply)
    msgs = _messages(rng, size, world, convs, people, members, probs, net, pop)
    return Threads(convs, msgs, members)


def _connected_pitches(rng, people: pd.DataFrame, pools: _Pools,
                       usable: np.ndarray) -> tuple[list[dict], np.ndarray]:
    """Connected pitchers: first pitch after connecting (C2); some never pitch before the
    export; plus old connections who pitch at any time. Also returns the pitch times."""
    conn = pools.conn
    pids = np.flatnonzero(people["pitcher"].to_numpy())
    within = rng.random(len(pids)) < P.PITCH_WITHIN_7D
    delay = np.where(within, rng.uniform(0.02, 6.9, len(pids)),
                     8 + rng.lognormal(np.log(50), 1.0, len(pids)))
    tp = conn[pids] + (delay * 86400).astype(np.int64)
    keep = (tp < P.T_END) & (tp >= P.T0)
    blocks = [_block("in_pitch_conn", tp[keep], pids[keep], _langs(rng, int(keep.sum()), pools))]
    n_old = int(round(pools.pop.old_pitch / (1 - pools.pop.old_pitch) * keep.sum()))
    old = np.flatnonzero(usable & (people["role"].to_numpy() == "old")
                         & ~people["close"].to_numpy())
    old_p = rng.choice(old, size=min(n_old, len(old)), replace=False)
    people.loc[old_p, "pitcher"] = True
    t_old = uniform_times(rng, len(old_p), P.T0, P.T_END)
    blocks.append(_block("in_pitch_conn", t_old, old_p, _langs(rng, len(old_p), pools)))
    return blocks, np.concatenate([tp[keep], t_old])


def _inbound(rng, counts: dict[str, np.ndarray], cscale: float, pools: _Pools) -> list[dict]:
    """Inbound recruiting and requests follow the C4 outcome series; social from close ties."""
    t_rec = times_in_weeks(rng, counts["inbound_recruiting"])
    from_conn = rng.random(len(t_rec)) < 0.3
    p_rec = pools.before(rng, "quiet", t_rec)
    p_rec = np.where(from_conn & (p_rec >= 0), p_rec, pools.strangers(len(t_rec), "recruiter"))
    blocks = [_block("in_recruit", t_rec, p_rec, _langs(rng, len(t_rec), pools))]
    t_req = times_in_weeks(rng, counts["inbound_request"])
    from_conn = rng.random(len(t_req)) < 0.55
    p_req = pools.before(rng, "any", t_req)
    p_req = np.where(from_conn & (p_req >= 0), p_req, pools.strangers(len(t_req), "requester"))
    blocks.append(_block("in_request", t_req, p_req, _langs(rng, len(t_req), pools)))
    t_soc = times_in_weeks(rng, pools.weekly(rng, pools.rate["in_social"] * cscale))
    p_soc = pools.before(rng, "close", t_soc)
    ok = p_soc >= 0
    blocks.append(_block("in_social", t_soc[ok], p_soc[ok], _langs(rng, int(ok.sum()), pools)))
    return blocks


def _unconnected_pitches(rng, mu: dict[str, np.ndarray], cscale: float, pools: _Pools,
                         pitch_times: np.ndarray) -> list[dict]:
    """Pitches from people not connected (and warm ones from close ties): enough to hit
    the planted pitch share per year (C1) on top of the connected pitchers'."""
    year = np.minimum(np.arange(P.WEEKS) // 52, 3)
    share = np.array(pools.pop.pitch_share_by_year)[year]
    grp_in = pools.rate["group"] * cscale * 0.7
    other = mu["inbound_recruiting"] + mu["inbound_request"] + pools.rate["in_social"] * cscale \
        + grp_in
    conn_weekly = np.bincount(np.clip((pitch_times - P.T0) // P.WEEK, 0, P.WEEKS - 1),
                              minlength=P.WEEKS).astype(float)
    smooth = np.convolve(conn_weekly, np.ones(13) / 13, mode="same")
    nc_mean = np.maximum(share / (1 - share) * other - smooth, 0.05)
    t_nc = times_in_weeks(rng, rng.poisson(nc_mean))
    warm = rng.random(len(t_nc)) < P.WARM_PITCH_SHARE
    p_warm = pools.before(rng, "close", t_nc)
    warm &= p_warm >= 0
    t_cold = t_nc[~warm]
    return [_block("in_pitch_warm", t_nc[warm], p_warm[warm]),
            _block("in_pitch", t_cold, pools.strangers(len(t_cold), "pitcher"),
                   _langs(rng, len(t_cold), pools))]


def _automated(rng, cscale: float, pools: _Pools) -> list[dict]:
    """Sponsored InMail, LinkedIn staff personas, bulk event invitations."""
    t_auto = times_in_weeks(rng, pools.weekly(rng, pools.rate["automated"] * cscale))
    sub = np.array(["sponsored", "staff", "event"], dtype=object)[
        rng.choice(3, size=len(t_auto), p=[0.45, 0.25, 0.30])]
    p_auto = np.where(sub == "sponsored", MEMBER, np.where(sub == "staff", STAFF, 0))
    ev = sub == "event"
    p_auto[ev] = pools.strangers(int(ev.sum()), "organizer")
    return [_block("automated", t_auto, p_auto, sub=sub)]


def _outbound(rng, cscale: float, pools: _Pools) -> list[dict]:
    """The owner's openers, cold pitches vs relationship-first (C6); group chats."""
    t_op = times_in_weeks(rng, rng.poisson(pools.rate["out_pitch"] * cscale, P.WEEKS))
    p_op = pools.before(rng, "quiet", t_op)
    to_stranger = (rng.random(len(t_op)) < 0.15) | (p_op < 0)
    p_op = np.where(to_stranger, pools.strangers(len(t_op), "prospect"), p_op)
    blocks = [_block("out_pitch", t_op, p_op)]
    # Warm pitches (C6): to close ties, who answer them as they answer a friendly note.
    # (own random stream, spawned without advancing the main one: the rest of the world
    # is drawn as before)
    wrng = rng.spawn(1)[0]
    t_wp = times_in_weeks(wrng, wrng.poisson(pools.rate["out_pitch_warm"] * cscale, P.WEEKS))
    p_wp = pools.before(wrng, "close", t_wp)
    okw = p_wp >= 0
    blocks.append(_block("out_pitch", t_wp[okw], p_wp[okw],
                         sub=np.full(int(okw.sum()), "warm", dtype=object)))
    t_rf = times_in_weeks(rng, rng.poisson(pools.rate["out_rf"] * cscale, P.WEEKS))
    to_close = rng.random(len(t_rf)) < 0.65
    p_rf = np.where(to_close, pools.before(rng, "close", t_rf), pools.before(rng, "any", t_rf))
    ok = p_rf >= 0
    ask = to_close & (rng.random(len(t_rf)) < 0.3)
    blocks.append(_block("out_social", t_rf[ok & ~ask], p_rf[ok & ~ask]))
    blocks.append(_block("out_request", t_rf[ok & ask], p_rf[ok & ask]))
    t_g = times_in_weeks(rng, rng.poisson(pools.rate["group"] * cscale, P.WEEKS))
    blocks.append(_block("group", t_g, np.zeros(len(t_g), dtype=np.int64)))
    return blocks


def _plant_c5_contacts(convs: pd.DataFrame, net: Network) -> pd.DataFrame:
    """The weak tie at employer D (one short two-way exchange in 2022) and the recruiter
    from employer C (the recruiting contact closest to 2023-03-08)."""
    convs = pd.concat([convs, pd.DataFrame(_block(
        "in_social", [fmt.epoch(2022, 6, 2, 10, 14, 5)], [net.weak_tie]))], ignore_index=True)
    rec_rows = np.flatnonzero(convs["kind"].to_numpy() == "in_recruit")
    target = fmt.epoch(2023, 3, 8, 9, 30, 0)
    if len(rec_rows):
        j = rec_rows[np.argmin(np.abs(convs.loc[rec_rows, "t0"].to_numpy() - target))]
        convs.loc[j, ["t0", "partner", "lang", "sub"]] = [target, net.recruiter_c, "en",
                                                          "employer_c"]
    return convs


def _add_strangers(rng, net: Network, rows: list[tuple[str, int]]) -> pd.DataFrame:
    """People who write without being connected: pitchers, recruiters, organisers."""
    from .people import _Builder

    b = _Builder(rng, net.pool)
    for role, n in rows:
        b.add(n, role)
    extra = b.frame()
    role = extra["role"].to_numpy()
    titles = {"pitcher": ["Account Executive", "Founder", "Business Development Manager",
                          "Head of Partnerships", "Sales Development Representative"],
              "recruiter": ["Talent Partner", "Technical Recruiter", "Recruitment Consultant",
                            "Head of Talent"],
              "organizer": ["Community Manager", "Events Lead", "Marketing Manager"]}
    for r, opts in titles.items():
        m = role == r
        extra.loc[m, "position"] = np.array(opts, dtype=object)[
            rng.integers(len(opts), size=int(m.sum()))]
    # A few strangers have since deleted their accounts: "LinkedIn Member", no URL.
    extra.loc[rng.random(len(extra)) < 0.01, "deleted"] = True
    return pd.concat([net.people, extra], ignore_index=True)


def _group_members(rng, convs: pd.DataFrame, people: pd.DataFrame) -> dict[int, list[int]]:
    conn = people["connected"].to_numpy()
    pool = np.flatnonzero(people["close"].to_numpy() & ~people["hidden"].to_numpy())
    out: dict[int, list[int]] = {}
    rows = np.flatnonzero(convs["kind"].to_numpy() == "group")
    for r in rows.tolist():
        t = int(convs.at[r, "t0"])
        cand = pool[conn[pool] < t]
        if len(cand) < 2:
            cand = pool
        k = int(min(len(cand), rng.integers(2, 5)))
        out[r] = sorted(rng.choice(cand, size=k, replace=False).tolist())
    # The owner opens about a third of group chats.
    opener_owner = rng.random(len(rows)) < 0.3
    d = convs["direction"].to_numpy().copy()
    d[rows[opener_owner]] = "out"
    convs["direction"] = d
    return out


def _messages(rng, size: P.Size, world: str, convs: pd.DataFrame, people: pd.DataFrame,
              members: dict[int, list[int]], probs: dict[str, float], net: Network,
              pop: P.Population = P.PLANTED) -> pd.DataFrame:
    kind = convs["kind"].to_numpy()
    base_kind = np.where(np.isin(kind, ["out_social", "out_request"]), "out_rf",
                         np.where(kind == "in_pitch_conn", "in_pitch", kind))
    n = len(convs)
    is_pitch = np.isin(kind, ["in_pitch", "in_pitch_conn", "in_pitch_warm", "out_pitch"])
    nudges = rng.choice(4, size=n, p=[0.45, 0.30, 0.17, 0.08])
    n_init = np.where(is_pitch, 1 + nudges, 1 + (rng.random(n) < 0.1))
    n_init[kind == "automated"] = 1
    p_reply = np.array([probs[k] for k in base_kind])
    p_reply[(kind == "out_pitch") & (convs["sub"].to_numpy() == "warm")] = probs["out_pitch_warm"]
    replied = rng.random(n) < p_reply
    special = convs["sub"].to_numpy() == "employer_c"
    weak = convs["partner"].to_numpy() == net.weak_tie
    replied |= special | weak
    rest_mean = {"in_pitch": 0.8, "in_pitch_warm": 2.0, "in_recruit": 2.5, "in_request": 1.8,
                 "in_social": 3.5, "out_pitch": 1.0, "out_rf": 2.5, "group": 5.0,
                 "automated": 0.0}
    mean = np.array([rest_mean[k] for k in base_kind])
    n_rest = rng.poisson(mean)
    # Reply latency (hours): the owner is slow to answer pitches (not in the null world).
    pitch_in = np.isin(kind, ["in_pitch", "in_pitch_conn", "in_pitch_warm"])
    hours = pop.reply_hours
    med = np.where(pitch_in & (world != "null"), hours["pitch"],
                   hours["other"] if world != "null" else 6.0)
    lag_h = rng.lognormal(np.log(med), 1.2, n)
    late = rng.random(n) < P.LATE_REPLY
    lag_s = 3600 * np.where(late, 24 * rng.uniform(15, 60, n), np.minimum(lag_h, 24 * 13.5))
    # The initiator's own messages (pitch nudges days apart, else minutes apart) stop once the
    # answer comes, so latency is measured from the opener whatever the category.
    step = np.where(is_pitch[:, None], rng.uniform(2, 9, (n, 3)) * 86400,
                    rng.uniform(60, 3600, (n, 3)))
    off = np.concatenate([np.zeros((n, 1)), np.cumsum(step, axis=1)], axis=1)
    before = np.maximum(1, (off < lag_s[:, None]).sum(axis=1))
    n_init = np.where(replied, np.minimum(n_init, before), n_init)
    # Top up long threads so that the size's message target is met.
    base_total = int(np.sum(n_init + replied * (1 + n_rest)))
    topup = (np.isin(base_kind, ["in_social", "in_recruit", "in_request", "out_rf", "group"])
             & replied)
    gap = size.messages / 0.97 - base_total
    if gap > 0 and topup.any():
        n_rest = n_rest + np.where(topup, rng.poisson(gap / topup.sum(), n), 0)
    n_rest[special] = np.maximum(n_rest[special], 4)
    n_rest[weak] = 0
    count = n_init + replied * (1 + n_rest)
    # Message level.
    total = int(count.sum())
    ci = np.repeat(np.arange(n), count)
    starts = np.concatenate([[0], np.cumsum(count)[:-1]])
    seq = np.arange(total) - np.repeat(starts, count)
    ni = n_init[ci]
    k = seq - ni
    init_phase = seq < ni
    j = np.minimum(seq, 3)
    init_gap = off[ci, j] - off[ci, np.maximum(j - 1, 0)]
    reply_gap = lag_s[ci] - off[ci, np.minimum(ni - 1, 3)]
    gaps = np.where(init_phase, init_gap,
                    np.where(k == 0, reply_gap, rng.lognormal(np.log(2.5 * 3600), 1.4, total)))
    gaps[seq == 0] = 0
    cs = np.cumsum(gaps)
    t = convs["t0"].to_numpy()[ci] + (cs - cs[starts][ci]).astype(np.int64)
    from_init = init_phase | (k % 2 == 1)
    direction = convs["direction"].to_numpy()
    partner = convs["partner"].to_numpy()
    owner_init = direction[ci] == "out"
    sender = np.where(from_init == owner_init, OWNER, partner[ci])
    # Group chats: rotate the senders among the members and the owner.
    for r, mem in members.items():
        idx = np.arange(starts[r], starts[r] + count[r])
        opts = np.array([OWNER, *mem])
        s = opts[rng.integers(len(opts), size=len(idx))]
        s[0] = OWNER if direction[r] == "out" else mem[0]
        if len(idx) > 1 and s[1] == s[0]:
            s[1] = mem[-1] if s[0] == OWNER else OWNER
        sender[idx] = s
    keep = t < P.EXPORT_AT - 3600
    role = np.where(seq == 0, "open", np.where(init_phase, "nudge",
                                               np.where(k == 0, "reply", "cont")))
    msgs = pd.DataFrame({"conv": ci, "seq": seq, "sender": sender, "t": t,
                         "role": pd.Series(role.astype(object), dtype=object),
                         "k": k})[keep].reset_index(drop=True)
    msgs["text"] = pd.Series(_texts(rng, convs, msgs, people, net), dtype=object)
    attach = (msgs["role"].to_numpy() != "open") & (rng.random(len(msgs)) < 0.012)
    msgs["attach"] = pd.Series(np.where(attach, "https://www.linkedin.com/dms/prv/image/v2/D4E"
                              + pd.Series(rng.integers(10**9, 10**10, len(msgs)))
                              .astype(str).to_numpy().astype(object) + "/messaging-attachment",
                              ""), dtype=object)
    empty = attach & (rng.random(len(msgs)) < 0.5)
    msgs.loc[empty, "text"] = ""
    return msgs


def _texts(rng, convs: pd.DataFrame, msgs: pd.DataFrame, people: pd.DataFrame,
           net: Network) -> np.ndarray:
    """Message bodies by role within the thread and by the conversation's kind."""
    ci = msgs["conv"].to_numpy()
    kind = convs["kind"].to_numpy()[ci]
    sub = convs["sub"].to_numpy()[ci]
    lang = convs["lang"].to_numpy()[ci]
    cat = convs["category"].to_numpy()[ci]
    role = msgs["role"].to_numpy()
    owner_sends = msgs["sender"].to_numpy() == OWNER
    partner = convs["partner"].to_numpy()[ci]
    pidx = np.clip(partner, 0, None)
    p_first = people["first"].to_numpy()[pidx]
    p_comp = people["company"].to_numpy()[pidx]
    p_comp = np.where(p_comp == "", net.pool[pidx % len(net.pool)], p_comp)
    out = np.full(len(msgs), "", dtype=object)
    owner_first = np.full(len(msgs), P.OWNER_FIRST, dtype=object)

    def put(mask, values):
        out[mask] = values

    op = role == "open"
    for k_, bank in [("in_pitch", "sales_pitch"), ("in_pitch_conn", "sales_pitch"),
                     ("in_pitch_warm", "sales_pitch"), ("in_recruit", "recruiting"),
                     ("in_request", "request"), ("in_social", "social")]:
        m = op & (kind == k_)
        put(m, texts.opener(rng, bank, lang[m], owner_first[m], p_comp[m]))
    for k_, bank in [("out_pitch", "out_pitch"), ("out_social", "out_social"),
                     ("out_request", "out_request")]:
        m = op & (kind == k_)
        put(m, texts.opener(rng, bank, lang[m], p_first[m], p_comp[m]))
    m = op & (kind == "group")
    put(m, texts.opener(rng, "social", lang[m],
                        np.where(rng.random(int(m.sum())) < 0.5, "all", "everyone"), p_comp[m]))
    m = op & (sub == "sponsored")
    put(m, texts.sponsored(rng, int(m.sum())))
    m = op & (sub == "staff")
    put(m, texts.pick(rng, EN.STAFF_BODY, int(m.sum())))
    m = op & (sub == "event")
    put(m, texts.opener(rng, "automated", lang[m], owner_first[m], p_comp[m]))
    m = op & (sub == "employer_c")
    co = net.employers["C"]
    put(m, f"Hi {P.OWNER_FIRST}, hope you're well! I'm a recruiter at {co} and I'll be "
           f"upfront, we'd love to talk to you. We're hiring a Lead Data Engineer at {co} to "
           "build out the platform team. Would you be open to a quick chat?")
    # Nudges (pitch follow-ups) and second messages before any answer.
    m = (role == "nudge") & np.isin(kind, ["in_pitch", "in_pitch_conn", "in_pitch_warm",
                                           "out_pitch"])
    put(m, texts.pick(rng, EN.SALES_PITCH["nudge"], int(m.sum())))
    for c in ("recruiting", "request", "social"):
        m = (role == "nudge") & (cat == c)
        put(m, np.where(owner_sends[m], texts.pick(rng, EN.CONT_OWNER[c], int(m.sum())),
                        texts.cont_other(rng, c, lang[m])))
    # First answers.
    for c in ("sales_pitch", "recruiting", "request", "social"):
        m = (role == "reply") & owner_sends & (cat == c)
        put(m, texts.pick(rng, EN.OWNER_REPLY[c], int(m.sum())))
    m = (role == "reply") & ~owner_sends
    for k_, bank in [("out_pitch", EN.OWNER_REPLY["sales_pitch"]),
                     ("out_social", EN.SOCIAL["reply_other"]),
                     ("out_request", EN.OWNER_REPLY["request"]),
                     ("group", EN.CONT_OTHER["social"])]:
        mm = m & (kind == k_)
        put(mm, texts.pick(rng, bank, int(mm.sum())))
    # The tail of the thread.
    k = msgs["k"].to_numpy()
    for c in ("sales_pitch", "recruiting", "request", "social"):
        m = (role == "cont") & (cat == c)
        pitch_out = kind == "out_pitch"
        own = m & owner_sends
        put(own & ~pitch_out, texts.pick(rng, EN.CONT_OWNER[c], int((own & ~pitch_out).sum())))
        put(own & pitch_out, texts.pick(rng, EN.CONT_OTHER[c], int((own & pitch_out).sum())))
        oth = m & ~owner_sends
        put(oth & pitch_out, texts.pick(rng, EN.CONT_OWNER[c], int((oth & pitch_out).sum())))
        oth &= ~pitch_out
        put(oth, texts.cont_other(rng, c, lang[oth]))
        first = oth & (k == 1) & (lang == "en")
        bank = {"sales_pitch": EN.SALES_PITCH["reply_other"],
                "recruiting": EN.RECRUITING["reply_other"],
                "request": EN.REQUEST["reply_other"], "social": EN.SOCIAL["reply_other"]}[c]
        put(first, texts.pick(rng, bank, int(first.sum())))
    auto = cat == "automated"
    out[~auto] = texts.typos(rng, out[~auto], 0.06)
    return out
