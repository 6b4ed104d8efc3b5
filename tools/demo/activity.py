"""The owner's own activity and outcomes: posts, comments, reactions, logins, learning,
endorsements, recommendations, jobs, positions, follows and the owner's outcomes file.

Weekly counts come from the series module; this module turns them into dated rows with
believable content.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import fmt
from . import params as P
from .people import POSITION_PLAN, Network
from .phrasebank import EN
from .timing import pick_before, times_in_weeks, uniform_times, week_of


@dataclass
class Activity:
    posts: pd.DataFrame
    comments: pd.DataFrame
    reactions: pd.DataFrame
    votes: pd.DataFrame
    logins: pd.DataFrame
    searches: pd.DataFrame
    learning: pd.DataFrame
    endorse_in: pd.DataFrame
    endorse_out: pd.DataFrame
    recs_in: pd.DataFrame
    recs_out: pd.DataFrame
    applications: pd.DataFrame
    saved_jobs: pd.DataFrame
    positions: list[dict]
    outcomes: pd.DataFrame
    company_follows: pd.DataFrame
    member_follows: pd.DataFrame


def _ids(rng, n, lo=7_000_000_000_000_000_000, hi=7_360_000_000_000_000_000):
    return pd.Series(rng.integers(lo, hi, n, dtype=np.int64)).astype(str).to_numpy(dtype=object)


def learning_completions(rng: np.random.Generator) -> np.ndarray:
    """Completion times of courses, clustered in three learning sprees (C9 events)."""
    weeks = np.concatenate([c + rng.integers(-2, 3, 3) for c in P.LEARNING_CLUSTERS])
    return np.sort(times_in_weeks(rng, np.bincount(weeks, minlength=P.WEEKS)))


def build(rng: np.random.Generator, size: P.Size, net: Network, ex: dict[str, np.ndarray],
          counts: dict[str, np.ndarray], completed_t: np.ndarray) -> Activity:
    people = net.people
    # Posts: multi-line commentary, a link sometimes.
    t_posts = times_in_weeks(rng, ex["posts"])
    n = len(t_posts)
    nlines = rng.integers(1, 6, n)
    lines = np.array(EN.POST_LINES, dtype=object)
    text = []
    for k, li in zip(nlines.tolist(), rng.integers(len(lines), size=(n, 5)).tolist(), strict=True):
        body = [lines[i] for i in dict.fromkeys(li[:k])]
        if k > 2:
            body.insert(1, "")
        if rng.random() < 0.5:
            body += ["", " ".join(EN.POST_TAGS[i] for i in rng.choice(len(EN.POST_TAGS), 2,
                                                                        replace=False))]
        text.append("\n".join(body))
    kind = np.where(rng.random(n) < 0.5, "share", "ugcPost")
    posts = pd.DataFrame({
        "t": t_posts, "id": _ids(rng, n), "kind": kind, "text": text,
        "shared_url": np.where(rng.random(n) < 0.2, "https://demo-owner.example/blog/post-"
                               + pd.Series(np.arange(n)).astype(str).to_numpy(dtype=object), ""),
        "media_url": np.where(rng.random(n) < 0.25, "https://media.licdn.com/dms/image/v2/D4E22"
                              + "AQ" + _ids(rng, n) + "/feedshare-shrink_800/0/1", ""),
    })
    # Comments: some on two lines.
    t_com = times_in_weeks(rng, ex["comments"])
    n = len(t_com)
    c1 = np.array(EN.COMMENTS, dtype=object)[rng.integers(len(EN.COMMENTS), size=n)]
    c2 = np.array(EN.COMMENT_SECOND_LINE, dtype=object)[
        rng.integers(len(EN.COMMENT_SECOND_LINE), size=n)]
    comments = pd.DataFrame({"t": t_com, "id": _ids(rng, n),
                             "kind": np.where(rng.random(n) < 0.7, "activity", "ugcPost"),
                             "text": np.where(rng.random(n) < 0.1, c1 + "\n" + c2, c1)})
    # Reactions.
    t_r = times_in_weeks(rng, ex["reactions"])
    n = len(t_r)
    rtype = np.array(["LIKE", "PRAISE", "EMPATHY", "APPRECIATION", "INTEREST", "ENTERTAINMENT"],
                     dtype=object)[rng.choice(6, size=n, p=[0.62, 0.14, 0.08, 0.06, 0.07, 0.03])]
    rkind = np.array(["activity", "ugcPost", "groupPost"], dtype=object)[
        rng.choice(3, size=n, p=[0.6, 0.37, 0.03])]
    reactions = pd.DataFrame({"t": t_r, "type": rtype, "kind": rkind, "id": _ids(rng, n),
                              "comment": rng.random(n) < 0.04})
    n_votes = max(3, int(12 * size.activity))
    votes = pd.DataFrame({
        "t": uniform_times(rng, n_votes, P.T0, P.T_END),
        "id": _ids(rng, n_votes),
        "option": np.array(["Yes, definitely", "No", "It depends", "SQL, obviously",
                            "Python", "Both, honestly"], dtype=object)[
            rng.integers(6, size=n_votes)]})
    # Logins (the C8 exposure) and searches.
    t_l = times_in_weeks(rng, ex["logins"])
    n = len(t_l)
    ips = np.array(["192.0.2.14", "198.51.100.23", "203.0.113.7", "2001:db8::1",
                    "2001:db8:85a3::8a2e:370:7334", "198.51.100.101"], dtype=object)
    uas = np.array([
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.5 Safari/605.1.15",
        "LinkedIn/9.29.8102 (iPhone; iOS 17.5.1; Scale/3.00)",
        "com.linkedin.android/4.1.960 (Linux; U; Android 14; en_US; Pixel 7; Build/AP2A)",
    ], dtype=object)
    logins = pd.DataFrame({"t": t_l, "ip": ips[rng.integers(len(ips), size=n)],
                           "ua": uas[rng.choice(len(uas), size=n, p=[0.4, 0.2, 0.25, 0.15])]})
    t_s = times_in_weeks(rng, rng.poisson(1.6 * size.activity, P.WEEKS))
    q = np.array(EN.SEARCHES, dtype=object)[rng.integers(len(EN.SEARCHES), size=len(t_s))]
    dup = rng.random(len(t_s)) < 0.08  # the same query repeated at the same second
    searches = pd.DataFrame({"t": np.concatenate([t_s, t_s[dup]]),
                             "query": np.concatenate([q, q[dup]])})
    learning = _learning(rng, completed_t)
    endorse_in, endorse_out = _endorsements(rng, people, counts["endorsements_received"], size)
    recs_in, recs_out = _recommendations(rng, people, size)
    applications, saved_jobs = _jobs(rng, net, size)
    positions = [{"key": key, "company": net.employers[key], "title": title,
                  "started": fmt.epoch(y, m, 1), "ended": None if end is None
                  else fmt.epoch(end[0], end[1], 1), "how": how,
                  "year_only": key == "A"}
                 for key, title, (y, m), end, how in POSITION_PLAN]
    outcomes = _outcomes(rng, counts["owner_outcomes"])
    n_cf = max(5, int(40 * size.long_tail))
    cf = pd.DataFrame({"org": net.pool[rng.choice(len(net.pool), min(n_cf, len(net.pool)),
                                                  replace=False)]})
    cf["t"] = np.sort(uniform_times(rng, len(cf), fmt.epoch(2016, 1, 1), P.T_END))[::-1]
    n_mf = max(5, int(30 * size.long_tail))
    mf_p = rng.choice(len(people), size=min(n_mf, len(people)), replace=False)
    full = (people["first"].to_numpy()[mf_p] + " " + people["last"].to_numpy()[mf_p])
    mf = pd.DataFrame({"t": np.sort(uniform_times(rng, len(mf_p), P.T0, P.T_END)),
                       "status": np.where(rng.random(len(mf_p)) < 0.85, "Active", "Unfollow"),
                       "name": full})
    return Activity(posts, comments, reactions, votes, logins, searches, learning, endorse_in,
                    endorse_out, recs_in, recs_out, applications, saved_jobs, positions,
                    outcomes, cf, mf)


def _learning(rng, completed_t: np.ndarray) -> pd.DataFrame:
    courses = EN.COURSES
    n_done = len(completed_t)
    n_other = 6
    idx = rng.permutation(len(courses))[: n_done + n_other] if n_done + n_other <= len(
        courses) else rng.integers(len(courses), size=n_done + n_other)
    watched = np.concatenate([completed_t - rng.integers(3600, 5 * 86400, n_done),
                              uniform_times(rng, n_other, P.T0, P.T_END)])
    completed = np.concatenate([completed_t, np.full(n_other, -1)])
    watched[-2:] = -1  # saved but never opened
    desc = [f"<p>{courses[i][0]}: practical lessons and exercises.</p>" for i in idx]
    desc[0] = desc[0] + "\r\n<p>Includes a final project.</p>"
    return pd.DataFrame({"title": [courses[i][0] for i in idx],
                         "type": [courses[i][1] for i in idx], "desc": desc,
                         "watched": watched, "completed": completed,
                         "saved": np.where(np.arange(len(idx)) >= n_done + n_other - 3, "true",
                                           "false")})


def _endorsements(rng, people: pd.DataFrame, weekly: np.ndarray, size: P.Size):
    conn = people["connected"].to_numpy()
    ok = (conn >= 0) & ~people["hidden"].to_numpy() & ~people["pitcher"].to_numpy()
    close = np.flatnonzero(ok & people["close"].to_numpy())
    anyp = np.flatnonzero(ok)
    skills = np.array(EN.SKILLS, dtype=object)
    w = 1.0 / np.arange(1, len(skills) + 1) ** 0.8
    t = times_in_weeks(rng, weekly)
    who = np.where(rng.random(len(t)) < 0.5, pick_before(rng, close, conn[close], t),
                   pick_before(rng, anyp, conn[anyp], t))
    ein = pd.DataFrame({"t": t, "pid": who,
                        "skill": skills[rng.choice(len(skills), size=len(t), p=w / w.sum())]})
    ein = ein[ein["pid"] >= 0].reset_index(drop=True)
    t2 = times_in_weeks(rng, rng.poisson(0.15 * size.long_tail, P.WEEKS))
    who2 = pick_before(rng, close, conn[close], t2)
    eout = pd.DataFrame({"t": t2, "pid": who2, "skill": skills[rng.integers(len(skills),
                                                                           size=len(t2))]})
    return ein, eout[eout["pid"] >= 0].reset_index(drop=True)


def _recommendations(rng, people: pd.DataFrame, size: P.Size):
    close = np.flatnonzero(people["close"].to_numpy() & ~people["hidden"].to_numpy())
    out = []
    for n in (max(2, int(5 * size.long_tail)), max(1, int(3 * size.long_tail))):
        pid = rng.choice(close, size=min(n, len(close)), replace=False)
        first = people["first"].to_numpy()[pid]
        tmpl = np.array(EN.RECOMMENDATION_TEXT, dtype=object)[
            rng.integers(len(EN.RECOMMENDATION_TEXT), size=len(pid))]
        out.append(pd.DataFrame({
            "pid": pid, "t": np.sort(uniform_times(rng, len(pid), P.T0, P.T_END))[::-1],
            "tmpl": tmpl, "first": first}))
    out[0]["text"] = [t.replace("{n}", P.OWNER_FIRST) for t in out[0]["tmpl"]]
    out[1]["text"] = [t.replace("{n}", f) for t, f in zip(out[1]["tmpl"], out[1]["first"],
                                                           strict=True)]
    return out[0], out[1]


def _jobs(rng, net: Network, size: P.Size):
    """Applications (one to employer B, two months before the owner started there)."""
    n = max(6, int(16 * size.long_tail))
    windows = [(fmt.epoch(2021, 8, 30), fmt.epoch(2021, 10, 20)),
               (fmt.epoch(2023, 1, 10), fmt.epoch(2023, 5, 20)),
               (fmt.epoch(2024, 5, 1), fmt.epoch(2024, 8, 20)),
               (P.T0, P.T_END)]
    which = rng.choice(4, size=n, p=[0.3, 0.25, 0.25, 0.2])
    t = np.array([uniform_times(rng, 1, *windows[w])[0] for w in which])
    comp = net.pool[rng.integers(len(net.pool), size=n)]
    titles = np.array(["Senior Data Engineer", "Lead Data Engineer", "Head of Data",
                       "Analytics Engineering Manager", "Staff Data Engineer"], dtype=object)
    t = np.concatenate([[fmt.epoch(2021, 9, 14, 10, 22, 0)], t])
    comp = np.concatenate([[net.employers["B"]], comp])
    title = np.concatenate([["Senior Data Engineer"], titles[rng.integers(5, size=n)]])
    qa = np.where(rng.random(n + 1) < 0.6,
                  "How many years of work experience do you have with Python?:8 | "
                  "Are you legally authorized to work in Germany?:Yes", "")
    apps = pd.DataFrame({"t": t, "company": comp, "title": title, "qa": qa,
                         "url": "https://www.linkedin.com/jobs/view/"
                         + pd.Series(rng.integers(3_000_000_000, 4_200_000_000, n + 1))
                         .astype(str).to_numpy(dtype=object)})
    apps = apps.sort_values("t", ascending=False, kind="stable").reset_index(drop=True)
    m = max(5, int(25 * size.long_tail))
    saved = pd.DataFrame({
        "t": np.sort(uniform_times(rng, m, P.T0, P.T_END))[::-1],
        "url": "https://www.linkedin.com/jobs/view/" + pd.Series(
            rng.integers(3_000_000_000, 4_200_000_000, m)).astype(str).to_numpy(dtype=object),
        "title": np.where(rng.random(m) < 0.1, "", titles[rng.integers(5, size=m)]),
        "company": np.where(rng.random(m) < 0.1, "", net.pool[rng.integers(len(net.pool),
                                                                           size=m)])})
    return apps, saved


_KINDS = {"client_won": (0.35, "New client"), "interview": (0.2, "Interview"),
          "speaking_invitation": (0.15, "Invited to speak"), "revenue": (0.15, "Invoice paid"),
          "podcast_invite": (0.08, "Podcast guest"), "job_offer": (0.07, "Offer received")}
_NOTE = {"linkedin": "via LinkedIn", "referral": "referred by a friend",
         "website": "contact form on my website", "twitter": "came from Twitter",
         "substack": "newsletter reader", "conference": "met at a conference",
         "former_colleague": "ex-colleague reached out"}


def _outcomes(rng, weekly: np.ndarray) -> pd.DataFrame:
    t = times_in_weeks(rng, weekly)
    n = len(t)
    kinds = list(_KINDS)
    kind = np.array(kinds, dtype=object)[rng.choice(len(kinds), size=n,
                                                    p=[v[0] for v in _KINDS.values()])]
    source = np.array(P.OUTCOME_SOURCES, dtype=object)[
        rng.choice(len(P.OUTCOME_SOURCES), size=n, p=P.OUTCOME_SOURCE_P)]
    value = np.where(np.isin(kind, ["client_won", "revenue"]),
                     (rng.lognormal(np.log(9000), 0.7, n) // 50 * 50).astype(np.int64), 1)
    note = np.array([f"{_KINDS[k][1]}, {_NOTE[s]}" for k, s in zip(kind, source, strict=True)],
                    dtype=object)
    return pd.DataFrame({"t": t, "week": week_of(t), "kind": kind, "value": value,
                         "source": source, "note": note})
