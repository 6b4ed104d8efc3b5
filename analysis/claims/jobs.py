"""C5 (jobs through LinkedIn) and C10 (LinkedIn's share of professional outcomes)."""

from __future__ import annotations

import re

import pandas as pd

from .. import stats
from .being_sold_to import share_verdict
from .context import Context
from .definitions import CLAIMS
from .result import CONTRADICTED, INCONCLUSIVE, SUPPORTED, ClaimResult, not_testable

LEVELS = ("application", "recruiter contact", "tie at employer", "no trace")
LINKEDIN_TRACE = {"application", "recruiter contact"}
COMPANY_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|bv|nv|plc|corp|corporation|co|"
    r"company|group|holding|holdings)\b\.?", re.I)


def company_key(names: pd.Series) -> pd.Series:
    """Employer names compared without case, punctuation or legal suffixes."""
    key = names.fillna("").str.lower().str.replace(COMPANY_SUFFIX, " ", regex=True)
    key = key.str.replace(r"[^\w\s]", " ", regex=True).str.split().str.join(" ")
    return key.where(key.str.len() >= 2, None)


def _same_company(keys: pd.Series, employer: str) -> pd.Series:
    return keys.fillna("").map(lambda k: bool(k) and (k == employer or f" {employer} " in
                                                      f" {k} " or f" {k} " in f" {employer} "))


def position_traces(ctx: Context) -> pd.DataFrame:
    """For each position start inside the data: the LinkedIn traces in the year before."""
    positions = ctx.table("positions")
    if positions is None:
        return pd.DataFrame()
    lookback = pd.Timedelta(days=ctx.params.lookback_days)
    msgs = ctx.messages
    data_start = msgs["sent_at"].min() if msgs is not None else None
    apps = ctx.table("job_applications")
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
        ) if conns is not None else pd.Series(None, index=recruiting.index)
        recruiting = recruiting.assign(sender_company=company_key(sender_company.astype("str")))
    rows = []
    for i, pos in positions.sort_values("started_on").reset_index(drop=True).iterrows():
        start = pos["started_on"]
        if pd.isna(start):
            continue
        employer = company_key(pd.Series([pos["company"]])).iloc[0] or ""
        row = {"position": i + 1, "employer": pos["company"], "started_on": start,
               "precision": pos.get("started_on_precision"),
               "assessable": data_start is not None and start - lookback >= data_start - lookback
               and start >= data_start, "applications": 0, "recruiter_conversations": 0,
               "ties_at_employer": 0, "two_way_ties_at_employer": 0}
        window = (start - lookback, start + pd.Timedelta(days=31))  # month-precision starts
        if apps is not None and employer:
            hit = _same_company(app_keys, employer) & apps["applied_at"].between(*window)
            row["applications"] = int(hit.sum())
        if recruiting is not None and employer:
            in_window = recruiting["opener_sent_at"].between(*window)
            names = recruiting["opener_text"].fillna("").str.lower().str.contains(
                re.escape(employer), regex=True)
            from_there = _same_company(recruiting["sender_company"], employer)
            row["recruiter_conversations"] = int((in_window & (names | from_there)).sum())
        if conns is not None and employer:
            at = _same_company(conn_keys, employer) & (conns["connected_on"] < start)
            row["ties_at_employer"] = int(at.sum())
            ties = ctx.ties
            if ties is not None:
                row["two_way_ties_at_employer"] = int(ties.loc[at.to_numpy(), "two_way"].sum())
        row["evidence"] = ("application" if row["applications"] else
                           "recruiter contact" if row["recruiter_conversations"] else
                           "tie at employer" if row["ties_at_employer"] else "no trace")
        rows.append(row)
    return pd.DataFrame(rows)


def c5_jobs(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C5"]
    traces = position_traces(ctx)
    if traces.empty:
        return not_testable(claim, ["Positions.csv"], "No positions with a start date.")
    assessable = traces.loc[traces["assessable"]]
    if assessable.empty:
        result = not_testable(claim, [], "No position starts while messages were recorded, so "
                              "no trace before a start could be seen.")
        result.figure_data = traces
        return result
    linked = assessable.loc[assessable["evidence"].isin(LINKEDIN_TRACE)]
    verdict = CONTRADICTED if len(linked) else SUPPORTED
    counts = assessable["evidence"].value_counts().reindex(LEVELS, fill_value=0).to_dict()
    lim = ["Connections.csv gives each connection's company today, not when the job started.",
           "A recruiter contact counts when a recruiting conversation in the year before names "
           "the employer or comes from someone now working there.",
           f"{len(traces) - len(assessable)} position(s) started before the messages begin and "
           "cannot be assessed.",
           "Compare: Rajkumar et al. (Science, 2022) found on LinkedIn's own experiments that "
           "moderately weak ties, not the strongest, do most for job mobility."]
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=float(len(linked)), n=len(assessable), family=claim.family,
        estimate_label="positions with a LinkedIn application or recruiter trace",
        window=ctx.window_of("positions", "started_on"), limitations=lim,
        details={"evidence_levels": counts}, parameters=ctx.params.changed(),
        figure_data=traces,
        summary=f"{len(linked)} of {len(assessable)} assessable position starts had a LinkedIn "
        "application or recruiter contact in the year before.")


def c10_not_fundamental(ctx: Context) -> ClaimResult:
    claim = CLAIMS["C10"]
    traces = position_traces(ctx)
    outcomes = ctx.table("outcomes")
    items = []
    if not traces.empty:
        assessable = traces.loc[traces["assessable"]]
        items += [{"kind": "position", "date": r.started_on,
                   "linkedin": r.evidence in LINKEDIN_TRACE} for r in assessable.itertuples()]
    if outcomes is not None:
        items += [{"kind": r.kind, "date": r.date, "linkedin": bool(r.from_linkedin)}
                  for r in outcomes.itertuples()]
    if not items:
        return not_testable(claim, ["Positions.csv", "outcomes.csv"],
                            "No professional outcomes: add your own outcomes.csv.")
    table = pd.DataFrame(items)
    k, n = int(table["linkedin"].sum()), len(table)
    est = stats.wilson(k, n)
    verdict = share_verdict(est, supported_above=False) if n >= 5 else INCONCLUSIVE
    lim = ["Outcomes are the assessable position starts plus every row of outcomes.csv; "
           "a position counts for LinkedIn when an application or recruiter contact preceded "
           "it."]
    if outcomes is None:
        lim.append("No outcomes.csv: only positions count, so most outcomes are missing.")
    if n < 5:
        lim.append("Fewer than 5 outcomes: too thin for a verdict.")
    by_kind = table.groupby("kind")["linkedin"].agg(["sum", "count"]).reset_index()
    return ClaimResult(
        claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
        estimate=est.value, ci_low=est.low, ci_high=est.high, n=n, p=est.p, family=claim.family,
        estimate_label="share of professional outcomes with a LinkedIn trace",
        mde=stats.share_mde(n), mde_label="smallest distance from 0.5 detectable (80% power)",
        window=(table["date"].min().date().isoformat(), table["date"].max().date().isoformat()),
        limitations=lim, parameters=ctx.params.changed(),
        details={"by_kind": by_kind.rename(columns={"sum": "linkedin", "count": "n"})
                 .to_dict("records")},
        figure_data=table,
        summary=f"{k} of {n} professional outcomes ({est.value:.0%}) have a LinkedIn trace.")
