"""C5 (jobs through LinkedIn) and C10 (LinkedIn's share of professional outcomes).

A position start is assessable only when the messages, and the job applications when the
archive has that file, cover the whole year before it: otherwise "no trace" could just mean
"not recorded". Employers are matched on whole words after removing legal suffixes, and
short names (under 4 letters, such as "EY" or "SAP") only by an exact company field, never
inside message text, where they hide in ordinary words ("they", "asap").
"""

from __future__ import annotations

import math

import pandas as pd

from .. import stats
from ..export.outcomes import names_linkedin
from ..features.companies import _words, company_key, employer_key  # noqa: F401 - re-exported
from .context import Context
from .definitions import CLAIMS, MINIMUMS, CardSpec, Worlds, share_counts
from .registry import register
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable

LEVELS = ("application", "recruiter contact", "tie at employer", "no trace")
LINKEDIN_TRACE = {"application", "recruiter contact"}
SHORT_KEY = 4  # keys with fewer letters match only an exact company field
MIN_POSITIONS = MINIMUMS["C5"]  # C5's registered minimum of assessable position starts
MIN_OUTCOMES = MINIMUMS["C10"]  # C10's registered minimum of outcomes
def _is_short(key: str) -> bool:
    return len(key.replace(" ", "")) < SHORT_KEY


def same_employer(keys: pd.Series, key: str | None) -> pd.Series:
    """Company fields naming the employer: the same key, or (both keys 4+ letters) one
    contained in the other as whole words ("acme" and "acme analytics")."""
    def match(k) -> bool:
        if not isinstance(k, str) or not k or not key:
            return False
        if k == key:
            return True
        if _is_short(k) or _is_short(key):
            return False
        return f" {key} " in f" {k} " or f" {k} " in f" {key} "

    return keys.map(match).astype(bool)


def names_employer(texts: pd.Series, key: str | None) -> pd.Series:
    """Message texts naming the employer as whole words; never for short keys."""
    if not key or _is_short(key):
        return pd.Series(False, index=texts.index)
    return texts.map(lambda t: f" {key} " in f" {' '.join(_words(t))} ").astype(bool)


def applications_state(ctx: Context) -> str:
    """'rows', 'empty' (the file is in the archive with no rows) or 'missing' (unknown)."""
    if ctx.table("job_applications") is not None:
        return "rows"
    files = ctx.ledger.get("files", {})
    return "empty" if any(f.get("table") == "job_applications" for f in files.values()) \
        else "missing"


def applications_cover_from(apps: pd.DataFrame | None, msg_start) -> pd.Timestamp | None:
    """When the Job Applications file's record begins. LinkedIn lists every application
    made through it, so the first row is the owner's first application, not the start of
    the record: taking it as the start would make the job that first application led to
    unassessable by construction. The record is taken to reach back as far as the
    messages do (the account's recorded history), or to the first application if earlier."""
    if apps is None:
        return None
    first = apps["applied_at"].min()
    return first if msg_start is None or pd.isna(msg_start) else min(first, msg_start)


def position_traces(ctx: Context) -> pd.DataFrame:
    """For each position start: whether its year before is covered, and the LinkedIn traces
    (applications, recruiting conversations, ties at the employer) found in it."""
    positions = ctx.table("positions")
    if positions is None:
        return pd.DataFrame()
    lookback = pd.Timedelta(days=ctx.params.lookback_days)
    msgs = ctx.messages
    msg_start = msgs["sent_at"].min() if msgs is not None else None
    apps = ctx.table("job_applications")
    app_state = applications_state(ctx)
    app_start = applications_cover_from(apps, msg_start)
    app_keys = company_key(apps["company"]) if apps is not None else None
    conns = ctx.keyed_connections
    conn_keys = company_key(conns["company"]) if conns is not None else None
    conv = ctx.conversations
    recruiting = None
    if conv is not None:
        recruiting = conv.loc[(conv["opener_direction"] == "in")
                              & (conv["opener_category"] == "recruiting")]
        sender_company = recruiting["counterpart_key"].map(
            conns.dropna(subset=["key"]).drop_duplicates("key").set_index("key")["company"]
        ) if conns is not None else pd.Series(None, index=recruiting.index, dtype=object)
        recruiting = recruiting.assign(sender_company=company_key(sender_company))
    rows = []
    for i, pos in positions.sort_values("started_on").reset_index(drop=True).iterrows():
        start = pos["started_on"]
        if pd.isna(start):
            continue
        key = employer_key(pos["company"])
        covered_from = start - lookback
        row = {"position": i + 1, "employer": pos["company"], "started_on": start,
               "precision": pos.get("started_on_precision"),
               "messages_cover_year": msg_start is not None and covered_from >= msg_start,
               "applications_cover_year": app_state != "rows" or covered_from >= app_start,
               "applications": None if app_state == "missing" else 0,
               "recruiter_conversations": 0, "ties_at_employer": 0,
               "two_way_ties_at_employer": 0}
        row["assessable"] = row["messages_cover_year"] and row["applications_cover_year"]
        window = (covered_from, start + pd.Timedelta(days=31))  # month-precision starts
        if apps is not None and key:
            hit = same_employer(app_keys, key) & apps["applied_at"].between(*window)
            row["applications"] = int(hit.sum())
        if recruiting is not None and key:
            in_window = recruiting["opener_sent_at"].between(*window)
            named = names_employer(recruiting["opener_text"], key)
            from_there = same_employer(recruiting["sender_company"], key)
            row["recruiter_conversations"] = int((in_window & (named | from_there)).sum())
        if conns is not None and key:
            at = same_employer(conn_keys, key) & (conns["connected_on"] < start)
            row["ties_at_employer"] = int(at.sum())
            ties = ctx.ties
            if ties is not None:
                row["two_way_ties_at_employer"] = int(ties.loc[at.to_numpy(), "two_way"].sum())
        row["evidence"] = ("application" if row["applications"] else
                           "recruiter contact" if row["recruiter_conversations"] else
                           "tie at employer" if row["ties_at_employer"] else "no trace")
        row["linkedin"] = (True if row["evidence"] in LINKEDIN_TRACE
                           else None if row["applications"] is None else False)
        rows.append(row)
    return pd.DataFrame(rows)


def too_thin(n: int, needs: int, what: str) -> str:
    return f"too thin: n = {n} {what}, needs ≥ {needs}"


def c5_jobs(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C5"]
    traces = position_traces(ctx)
    if traces.empty:
        return not_testable(claim, ["Positions.csv"], "No positions with a start date.")
    if ctx.messages is None:
        return not_testable(claim, ["messages.csv"], "No messages, so no recruiter contact "
                            "before a start could be seen.")
    assessable = traces.loc[traces["assessable"]]
    n = len(assessable)
    if n < MIN_POSITIONS:
        result = not_testable(claim, [], too_thin(
            n, MIN_POSITIONS, "assessable position starts (a full year of messages and job "
            "applications before the start)"))
        result.n, result.figure_data = n, traces
        return result
    linked = assessable.loc[assessable["evidence"].isin(LINKEDIN_TRACE)]
    apps_known = applications_state(ctx) != "missing"
    counts = assessable["evidence"].value_counts().reindex(LEVELS, fill_value=0).to_dict()
    if len(linked):
        verdict = CONTRADICTED
        summary = (f"{len(linked)} of {n} assessable position starts went together with a "
                   "LinkedIn job application or recruiter contact in the year before.")
    elif apps_known:
        verdict = SUPPORTED
        summary = (f"No LinkedIn trace found for any of {n} assessable positions: no LinkedIn "
                   "job application to the employer and no recruiting conversation naming it "
                   "or coming from it in the year before. The verdict rests on the absence "
                   "of a trace.")
    else:
        verdict = INCONCLUSIVE
        summary = (f"No LinkedIn recruiter trace found for any of {n} assessable positions, "
                   "but this archive has no Job Applications file, so LinkedIn applications "
                   "are unknown; the complete archive (Jobs/Job Applications.csv) would "
                   "settle it.")
    lim = ["Connections.csv gives each connection's company today, not when the job started.",
           "A recruiter contact counts when a recruiting conversation in the year before names "
           "the employer (whole words; names under 4 letters never match message text) or "
           "comes from someone now working there.",
           f"{len(traces) - n} position(s) cannot be assessed: the messages do not cover "
           "the full year before (the Job Applications file, which lists every LinkedIn "
           "application, is taken to reach back as far as the messages).",
           "Compare: Rajkumar et al. (Science, 2022) found on LinkedIn's own experiments that "
           "moderately weak ties, not the strongest, do most for job mobility."]
    if not apps_known:
        lim.append("No Job Applications file in this archive: application evidence is "
                   "unknown, not absent.")
    return ClaimResult.for_claim(claim, verdict,
        estimate=float(len(linked)), n=n,
        estimate_label="positions with a LinkedIn application or recruiter trace",
        window=ctx.window_of("positions", "started_on"), limitations=lim,
        details={"evidence_levels": counts, "applications": applications_state(ctx)},
        parameters=ctx.params.changed(), figure_data=traces, summary=summary)


def c10_not_fundamental(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C10"]
    traces = position_traces(ctx)
    outcomes = ctx.table("outcomes")
    items = []
    if not traces.empty:
        assessable = traces.loc[traces["assessable"]]
        items += [{"kind": "position", "date": r.started_on, "linkedin": r.linkedin}
                  for r in assessable.itertuples()]
    if outcomes is not None:
        items += [{"kind": r.kind, "date": r.date, "linkedin": names_linkedin(r.source)}
                  for r in outcomes.itertuples()]
    if not items:
        return not_testable(claim, ["Positions.csv", "outcomes.csv"],
                            "No professional outcomes: add your own outcomes.csv.")
    everything = pd.DataFrame(items)
    unknown = int(everything["linkedin"].isna().sum())
    table = everything.loc[everything["linkedin"].notna()].astype({"linkedin": bool})
    k, n = int(table["linkedin"].sum()), len(table)
    lim = ["Outcomes are the assessable position starts plus every row of outcomes.csv; "
           "a position counts for LinkedIn when an application or recruiter contact preceded "
           "it; an outcomes.csv row when its source names LinkedIn in any form."]
    if unknown:
        lim.append(f"{unknown} position(s) with no recruiter trace are left out: without a "
                   "Job Applications file their LinkedIn evidence is unknown.")
    if outcomes is None:
        lim.append("No outcomes.csv: only positions count, so most outcomes are missing.")
    if n < MIN_OUTCOMES:
        result = not_testable(claim, [] if outcomes is not None else ["outcomes.csv"],
                              too_thin(n, MIN_OUTCOMES, "outcomes") + " (add your own "
                              "outcomes.csv)" * (outcomes is None))
        result.n, result.limitations, result.figure_data = n, lim, everything
        return result
    # Outcomes of one job search (interviews, then an offer) share their source and come
    # within weeks to months: quarter-long blocks hold a search (stats.clustered_wilson).
    est, deff = stats.clustered_wilson(table["linkedin"].to_numpy(), table["date"],
                                       block_days=91.0)
    verdict = stats.share_verdict(est, supported_above=False)
    summary = f"{k} of {n} professional outcomes ({est.value:.0%}) went together with a " \
              "LinkedIn trace"
    summary += ("; for the rest none was found, so the verdict rests on the absence of a "
                "trace." if verdict == SUPPORTED else ".")
    by_kind = table.groupby("kind")["linkedin"].agg(["sum", "count"]).reset_index()
    return ClaimResult.for_claim(claim, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p,
        estimate_label="share of professional outcomes with a LinkedIn trace",
        mde=stats.interval_mde(est.low, est.high, fallback=stats.share_mde(n)),
        mde_label="smallest distance from 0.5 detectable (80% power) by the interval shown "
        "(design effect included)",
        window=(table["date"].min().date().isoformat(), table["date"].max().date().isoformat()),
        limitations=lim, parameters=ctx.params.changed(),
        details={"by_kind": by_kind.rename(columns={"sum": "linkedin", "count": "n"})
                 .to_dict("records"), "unknown_positions": unknown, "design_effect": deff},
        figure_data=table, summary=summary)


def _c5_card(result: ClaimResult) -> tuple[float, float]:
    """C5 counts positions with a trace: its empirical log-odds from that count (no interval)."""
    return stats.log_odds(result.estimate, result.n) if result.estimate == result.estimate \
        else (None, None)


def _c5_counts(result: dict) -> list[float]:
    """C5's estimate is a count of positions with a trace: it and the rest are revealed."""
    est, n = result.get("estimate"), int(result.get("n") or 0)
    return [est, n - est] if isinstance(est, int | float) else []


register("C5", c5_jobs, page="04-jobs-and-weak-ties", scale="count",
         axis="positions with a LinkedIn trace (count)", reads=("lookback_days",),
         card=CardSpec("log-odds", "counts", history=True, effect=_c5_card, counts=_c5_counts,
                       why_not_poolable=(
             "C5 rests on a person's few position starts (the claim needs 3). A card shows the "
             "share only when both the starts with a LinkedIn trace and those without number "
             "at least 10 (smaller counts would identify the donor), which few careers reach: "
             "the cohort's evidence on C5 is the share of people per verdict, with its "
             "interval.")),
         worlds=Worlds("tools.validate.worlds:c5_world", 0.0, ("contradicted",), ("names",), None,
                       (0.1, 0.2, 0.3, 0.5, 0.8), "contradicted",
                       "probability that a position came through LinkedIn",
                       note="no interval: C5 counts traces"))
register("C10", c10_not_fundamental, page="04-jobs-and-weak-ties", scale="share",
         card=CardSpec("log-odds", history=True, holds=(-math.inf, 0.0), counts=share_counts),
         interval_rule=lambda low, high: stats.interval_verdict(low, high, 0.5,
                                                                supported_above=False),
         worlds=Worlds("tools.validate.worlds:c10_world", 0.5, ("supported", "contradicted"),
                       ("independent", "episodes", "thin"), (0.2, 0.8),
                       (0.4, 0.35, 0.3, 0.2, 0.1), "supported",
                       "population share of outcomes through LinkedIn"))
