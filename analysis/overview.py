"""What an export shows before any claim is tested: small tidy frames for the index's first
section ("What your export shows").

Descriptive counts only, from the processed tables and the figure tables the claims saved
(``data/processed/report/``); the one uncertainty shown (the classifier's) is read from C1's
own details, never recomputed. Every function returns an empty frame when its data are
absent, and ``missing_files`` names the file that would fill it, so the report can say so
instead of drawing an empty figure. Nothing here holds a name, URL or text of another
person: employers are pseudonymised (``Employer A``) unless the owner asked to reveal.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import stats

# kind of data -> (processed table, time column, the export file that carries it)
KINDS = {
    "Connections": ("connections", "connected_on", "Connections.csv"),
    "Messages": ("messages", "sent_at", "messages.csv"),
    "Invitations": ("invitations", "sent_at", "Invitations.csv"),
    "Posts": ("shares", "shared_at", "Shares.csv"),
    "Comments": ("comments", "commented_at", "Comments.csv"),
    "Reactions": ("reactions", "reacted_at", "Reactions.csv"),
    "Searches": ("search_queries", "searched_at", "SearchQueries.csv"),
    "Saved jobs": ("saved_jobs", "saved_at", "Jobs/Saved Jobs.csv"),
    "Job applications": ("job_applications", "applied_at", "Jobs/Job Applications.csv"),
    "Positions": ("positions", "started_on", "Positions.csv"),
    "Logins": ("logins", "logged_in_at", "Logins.csv"),
    "Learning": ("learning", "last_watched_at", "Learning.csv"),
}
RHYTHM = ("Posts", "Comments", "Reactions")
FUNNEL = ("Searches", "Saved jobs", "Job applications", "Positions")
TOP_EMPLOYERS = 8


def _table(processed: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
    path = Path(processed) / f"{name}.parquet"
    if not path.exists():
        return None
    import pyarrow.parquet as pq

    have = set(pq.read_schema(path).names)
    if columns and not set(columns) <= have:
        return None
    return pd.read_parquet(path, columns=columns)


def _times(processed: Path, kind: str) -> pd.Series:
    table, col, _ = KINDS[kind]
    frame = _table(processed, table, [col])
    if frame is None:
        return pd.Series([], dtype="datetime64[ns, UTC]")
    return pd.to_datetime(frame[col], utc=True).dropna()


def missing_files(processed: Path, kinds=tuple(KINDS)) -> list[str]:
    """The export files behind ``kinds`` that this export lacks (or that have no dated row)."""
    return [KINDS[k][2] for k in kinds if _times(processed, k).empty]


def coverage(processed: Path) -> pd.DataFrame:
    """Rows per kind of data and year: kind, year, n (only kinds with dated rows)."""
    rows = []
    for kind in KINDS:
        t = _times(processed, kind)
        for year, n in t.dt.year.value_counts().sort_index().items():
            rows.append({"kind": kind, "year": int(year), "n": int(n)})
    return pd.DataFrame(rows, columns=["kind", "year", "n"])


def openers(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Inbound one-to-one conversation openers by year and category, with how many the
    owner replied to: year, category, n, replied (the table the claims step saved)."""
    t = tables.get("openers_replied")
    if t is None or t.empty:
        return pd.DataFrame(columns=["year", "category", "n", "replied"])
    return t[["year", "category", "n", "replied"]].sort_values(["year", "category"]) \
        .reset_index(drop=True)


def reply_rates(openers_frame: pd.DataFrame) -> pd.DataFrame:
    """The owner's reply rate to each category of inbound opener, all years together, with
    a Wilson 95% interval: category, n, replied, rate, ci_low, ci_high."""
    cols = ["category", "n", "replied", "rate", "ci_low", "ci_high"]
    if openers_frame.empty:
        return pd.DataFrame(columns=cols)
    g = openers_frame.groupby("category", as_index=False)[["n", "replied"]].sum()
    rows = []
    for r in g.itertuples():
        est = stats.wilson(int(r.replied), int(r.n))
        rows.append({"category": r.category, "n": int(r.n), "replied": int(r.replied),
                     "rate": r.replied / r.n if r.n else float("nan"),
                     "ci_low": est.low, "ci_high": est.high})
    return pd.DataFrame(rows, columns=cols).sort_values("n", ascending=False) \
        .reset_index(drop=True)


def corrected_shares(claims: dict) -> pd.DataFrame:
    """C1's category shares corrected for the classifier's measured error (its details'
    ``corrected``): category, estimate, ci_low, ci_high; empty when C1 has none."""
    cols = ["category", "estimate", "ci_low", "ci_high"]
    c1 = claims.get("C1")
    shares = ((getattr(c1, "details", None) or {}).get("corrected") or {}).get("shares") or {}
    rows = [{"category": k, **{c: v.get(c) for c in cols[1:]}} for k, v in shares.items()
            if isinstance(v, dict) and v.get("estimate") is not None]
    return pd.DataFrame(rows, columns=cols)


def owner_labelled_openers(claims: dict) -> int:
    """How many of C1's openers the owner labelled (the corrected shares then cover only
    the rest)."""
    c1 = claims.get("C1")
    share = (((getattr(c1, "details", None) or {}).get("corrected") or {}).get("share") or {})
    return int(share.get("owner_labelled") or 0)


def network(processed: Path) -> pd.DataFrame:
    """Connections made each year and the running total: year, new, total."""
    t = _times(processed, "Connections")
    if t.empty:
        return pd.DataFrame(columns=["year", "new", "total"])
    per = t.dt.year.value_counts().sort_index()
    years = range(int(per.index.min()), int(per.index.max()) + 1)
    per = per.reindex(years, fill_value=0)
    return pd.DataFrame({"year": list(years), "new": per.to_numpy(int),
                         "total": per.cumsum().to_numpy(int)})


def ever_messaged(tables: dict[str, pd.DataFrame]) -> tuple[int, int]:
    """(connections you ever exchanged a message with, connections matched to messages)."""
    ties = tables.get("ties")
    if ties is None or ties.empty or not {"messages_in", "messages_out"} <= set(ties):
        return 0, 0
    any_msg = (ties["messages_in"].fillna(0) + ties["messages_out"].fillna(0)) > 0
    return int(any_msg.sum()), len(ties)


def rhythm(processed: Path) -> pd.DataFrame:
    """Posts, comments and reactions per year: kind, year, n (zeros kept inside the span)."""
    frame = coverage(processed)
    part = frame.loc[frame["kind"].isin(RHYTHM)]
    if part.empty:
        return part.reset_index(drop=True)
    years = range(int(part["year"].min()), int(part["year"].max()) + 1)
    kinds = [k for k in RHYTHM if k in set(part["kind"])]
    full = pd.MultiIndex.from_product([kinds, years], names=["kind", "year"])
    return part.set_index(["kind", "year"])["n"].reindex(full, fill_value=0).reset_index()


def funnel(processed: Path) -> pd.DataFrame:
    """The job-search funnel from the files that exist: stage, n, first, last (years)."""
    rows = []
    for kind in FUNNEL:
        t = _times(processed, kind)
        if not t.empty:
            rows.append({"stage": kind, "n": len(t), "first": int(t.dt.year.min()),
                         "last": int(t.dt.year.max())})
    return pd.DataFrame(rows, columns=["stage", "n", "first", "last"])


def employers(processed: Path, *, reveal: bool = False, top: int = TOP_EMPLOYERS) -> pd.DataFrame:
    """Where your connections work: the ``top`` employers by connections, the rest as one
    row, pseudonymised: employer, n, share. Connections without a company are left out."""
    cols = ["employer", "n", "share"]
    conns = _table(processed, "connections", ["company"])
    if conns is None:
        return pd.DataFrame(columns=cols)
    from .features.companies import employer_key
    from .privacy import Pseudonyms

    keys = conns["company"].map(employer_key).dropna()
    if keys.empty:
        return pd.DataFrame(columns=cols)
    counts = keys.value_counts()
    # the name each key is shown under (its most frequent spelling), before pseudonyms
    spelled = conns.assign(key=conns["company"].map(employer_key)).dropna(subset=["key"]) \
        .groupby("key")["company"].agg(lambda s: s.value_counts().index[0])
    names = Pseudonyms.from_processed(processed, reveal=reveal)
    head = counts.head(top)
    rows = [{"employer": names.employer(spelled[k]), "n": int(n)} for k, n in head.items()]
    rest = counts.iloc[top:]
    if len(rest):
        rows.append({"employer": f"{len(rest):,} other employers", "n": int(rest.sum())})
    out = pd.DataFrame(rows, columns=["employer", "n"])
    out["share"] = out["n"] / int(counts.sum())
    return out[cols]
