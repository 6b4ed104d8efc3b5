"""The owner's network: invitations both ways, connections old and new, roles, employers.

Incoming invitations follow the `invitations_received` outcome series (so engagement effects
reach them); a share of the people who connect are pitchers whose first pitch follows. Old
connections predate the four-year window and have no invitation rows, as in real exports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import fmt, names
from . import params as P
from .phrasebank import EN
from .timing import times_in_weeks

# Special employers of the owner: the positions and their traces (C5).
POSITION_PLAN = [
    # key, title, start (y, m), end (y, m) or None, how
    ("A", "Data Analyst", (2016, 3), (2021, 10), "no_trace"),
    ("B", "Senior Data Engineer", (2021, 11), (2023, 5), "application"),
    ("C", "Lead Data Engineer", (2023, 6), (2024, 8), "recruiter"),
    ("D", "Head of Data", (2024, 9), None, "weak_tie"),
    ("E", "Advisory Board Member", (2025, 4), None, "no_trace"),
]


@dataclass
class Network:
    people: pd.DataFrame  # one row per person (pid = row index)
    invitations: pd.DataFrame
    employers: dict[str, str]  # position key -> company name
    pool: np.ndarray  # other company names
    weak_tie: int  # pid of the weak tie at employer D
    recruiter_c: int  # pid of the recruiter from employer C (not a connection)


class _Builder:
    def __init__(self, rng: np.random.Generator, pool: np.ndarray):
        self.rng, self.pool, self.blocks, self.n = rng, pool, [], 0

    def add(self, n: int, role: str, connected=None, company=None) -> np.ndarray:
        rng = self.rng
        p = names.people(rng, n)
        cred = rng.random(n) < 0.015
        last = np.where(cred, p["last"] + names.CREDENTIALS[rng.integers(len(names.CREDENTIALS),
                                                                            size=n)], p["last"])
        comp = (self.pool[rng.integers(len(self.pool), size=n)] if company is None
                else np.full(n, company, dtype=object))
        comp = np.where(rng.random(n) < 0.04, "", comp)
        email = np.where(rng.random(n) < 0.05, p["email"], "")
        conn = (np.full(n, -1, dtype=np.int64) if connected is None
                else np.asarray(connected, dtype=np.int64))
        df = pd.DataFrame({
            "first": p["first"], "last": last, "url": p["url"], "company": comp,
            "position": names.TITLES[rng.integers(len(names.TITLES), size=n)],
            "email": email, "connected": conn, "role": role,
        })
        self.blocks.append(df)
        ids = np.arange(self.n, self.n + n)
        self.n += n
        return ids

    def frame(self) -> pd.DataFrame:
        df = pd.concat(self.blocks, ignore_index=True)
        df["hidden"] = False
        df["close"] = False
        df["pitcher"] = False
        df["deleted"] = False
        return df


def _lag_days(rng: np.random.Generator, n: int, median: float) -> np.ndarray:
    return np.minimum(rng.lognormal(np.log(median), 1.1, n), 20.0)


def build(rng: np.random.Generator, size: P.Size, inv_counts: np.ndarray, *,
          pitcher_share: float = P.PITCHER_SHARE_OF_NEW_CONNECTIONS,
          sent_counts: np.ndarray | None = None) -> Network:
    """People, connections and invitations for one demo (`sent_counts`: the owner's weekly
    invitations, else steady Poisson)."""
    comp = names.companies(rng, 5 + max(60, size.connections // 4), exclude=set())
    employers = dict(zip("ABCDE", comp[:5], strict=True))
    pool = comp[5:]
    b = _Builder(rng, pool)
    conn_scale = size.connections / P.BASE.connections

    # Incoming invitations (the C4 outcome series) and outgoing ones.
    t_in = times_in_weeks(rng, inv_counts)
    n_in = len(t_in)
    acc_in = rng.random(n_in) < P.ACCEPT_IN
    c_in = t_in + (_lag_days(rng, n_in, 0.6) * 86400).astype(np.int64)
    acc_in &= c_in < P.EXPORT_AT - 86400
    ids_in = b.add(n_in, "invited_in", np.where(acc_in, c_in, -1))
    out_counts = rng.poisson(P.RATES["invitations_sent"] * conn_scale, P.WEEKS) \
        if sent_counts is None else sent_counts
    t_out = times_in_weeks(rng, out_counts)
    n_out = len(t_out)
    acc_out = rng.random(n_out) < P.ACCEPT_OUT
    c_out = t_out + (_lag_days(rng, n_out, 1.5) * 86400).astype(np.int64)
    acc_out &= c_out < P.EXPORT_AT - 86400
    ids_out = b.add(n_out, "invited_out", np.where(acc_out, c_out, -1))

    # Old connections fill the network up to its target size.
    n_new = int(acc_in.sum() + acc_out.sum())
    n_old = max(size.connections - n_new - 1, size.connections // 10)
    start_old = fmt.epoch(2012, 3, 1)
    u = rng.random(n_old) ** 0.55
    t_old = (start_old + u * (P.T0 - start_old)).astype(np.int64)
    ids_old = b.add(n_old, "old", t_old)
    weak = b.add(1, "weak_tie", [fmt.epoch(2022, 5, 17, 9, 41, 0)], employers["D"])[0]
    rec_c = b.add(1, "recruiter_c", None, employers["C"])[0]
    people = b.frame()
    people.loc[rec_c, "position"] = "Senior Technical Recruiter"
    people.loc[weak, "position"] = "Product Manager"

    # Roles: pitchers among those who invited the owner, close ties, hidden members.
    pitcher = ids_in[acc_in][rng.random(int(acc_in.sum())) < pitcher_share]
    people.loc[pitcher, "pitcher"] = True
    people.loc[pitcher, "position"] = np.array(
        ["Business Development Manager", "Account Executive", "Founder & CEO",
         "Sales Development Representative", "Partner", "Growth Hacker"],
        dtype=object)[rng.integers(6, size=len(pitcher))]
    connected = people["connected"].to_numpy() >= 0
    eligible = np.flatnonzero(connected & ~people["pitcher"].to_numpy())
    eligible = eligible[eligible != weak]
    w = np.where(people["role"].to_numpy()[eligible] == "old", 2.0, 1.0)
    n_close = max(8, int(P.CLOSE_TIE_SHARE * connected.sum()))
    close = rng.choice(eligible, size=min(n_close, len(eligible)), replace=False, p=w / w.sum())
    people.loc[close, "close"] = True
    old_quiet = ids_old[~people.loc[ids_old, "close"].to_numpy()]
    n_hidden = max(2, int(P.HIDDEN_SHARE * size.connections))
    hidden = rng.choice(old_quiet, size=min(n_hidden, len(old_quiet)), replace=False)
    # Some hidden members share a connection day, so identical anonymous rows repeat.
    k = len(hidden) // 4
    people.loc[hidden[:k], "connected"] = people.loc[hidden[k: 2 * k], "connected"].to_numpy()
    people.loc[hidden, "hidden"] = True

    # Colleagues at the owner's employers, connected only after the owner started there.
    taken = people["close"].to_numpy() | people["hidden"].to_numpy() | people["pitcher"].to_numpy()
    conn_t = people["connected"].to_numpy()
    for key, _title, (y, m), _end, _how in POSITION_PLAN:
        start = fmt.epoch(y, m, 1)
        cand = np.flatnonzero(connected & ~taken & (conn_t > start + 30 * 86400))
        cand = cand[cand != weak]
        pick = rng.choice(cand, size=min(len(cand), 4 + int(3 * conn_scale ** 0.5)),
                          replace=False) if len(cand) and key != "E" else np.array([], int)
        people.loc[pick, "company"] = employers[key]
        taken[pick] = True

    invitations = _invitations(rng, people, ids_in, t_in, ids_out, t_out)
    return Network(people, invitations, employers, pool, int(weak), int(rec_c))


def _invitations(rng, people, ids_in, t_in, ids_out, t_out) -> pd.DataFrame:
    """Invitation rows both ways; notes on some, and most pitchers' notes pitch."""
    pitcher = people.loc[ids_in, "pitcher"].to_numpy()
    n_in = len(ids_in)
    has_note = rng.random(n_in) < np.where(pitcher, 0.45, 0.14)
    pitch_note = has_note & pitcher & (rng.random(n_in) < 0.8)
    note_in = np.full(n_in, "", dtype=object)
    pi = rng.integers(len(EN.INVITE_NOTE_PITCH), size=n_in)
    oi = rng.integers(len(EN.INVITE_NOTE_OTHER), size=n_in)
    pitch_text = np.array([EN.INVITE_NOTE_PITCH[i].replace("{n}", P.OWNER_FIRST) for i in pi],
                          dtype=object)
    other_text = np.array([EN.INVITE_NOTE_OTHER[i].replace("{n}", P.OWNER_FIRST) for i in oi],
                          dtype=object)
    note_in = np.where(pitch_note, pitch_text, np.where(has_note, other_text, note_in))
    n_out = len(ids_out)
    first_out = people.loc[ids_out, "first"].to_numpy()
    has_out = rng.random(n_out) < 0.2
    ni = rng.integers(len(EN.OWNER_INVITE_NOTE), size=n_out)
    note_out = np.array([EN.OWNER_INVITE_NOTE[i].replace("{n}", f) if h else ""
                         for i, f, h in zip(ni, first_out, has_out, strict=True)], dtype=object)
    return pd.DataFrame({
        "pid": np.concatenate([ids_in, ids_out]),
        "t": np.concatenate([t_in, t_out]),
        "direction": np.array(["INCOMING"] * n_in + ["OUTGOING"] * n_out, dtype=object),
        "note": np.concatenate([note_in, note_out]),
        "note_pitch": np.concatenate([pitch_note, np.zeros(n_out, bool)]),
    })
