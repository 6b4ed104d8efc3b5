"""The weekly panel: one row per week, one column per exposure or outcome series.

A series is missing (NaN) outside its source file's coverage and zero only inside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .times import week_of

# Weekly series: name -> (role, table, time column, filter). Exposures are what the owner
# does on LinkedIn; outcomes are what CLAIMS.md counts as value coming back.
TABLE_SERIES = {
    "posts": ("exposure", "shares", "shared_at", None),
    "comments": ("exposure", "comments", "commented_at", None),
    "reactions": ("exposure", "reactions", "reacted_at", None),
    "logins": ("exposure", "logins", "logged_in_at", None),
    "invitations_received": ("outcome", "invitations", "sent_at", ("direction", "in")),
    "endorsements_received": ("outcome", "endorsements_received", "endorsed_at", None),
    "recommendations_received": ("outcome", "recommendations_received", "created_at", None),
    "applications": ("exposure", "job_applications", "applied_at", None),
    "reported_outcomes": ("outcome", "outcomes", "date", None),
}
CATEGORY_SERIES = {"inbound_recruiting": "recruiting", "inbound_request": "request"}
CREATOR_SERIES = ("impressions", "engagements", "new_followers")


def weekly_counts(times: pd.Series, weeks: pd.DatetimeIndex,
                  coverage: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.Series:
    """Events per week; zero only inside the source's coverage window, missing outside it."""
    counts = week_of(times.dropna()).value_counts().reindex(weeks, fill_value=0).astype(float)
    if coverage is None:
        return pd.Series(np.nan, index=weeks)
    start, end = coverage
    inside = (weeks >= start) & (weeks <= end)
    return counts.where(inside)


def coverage_of(times: pd.Series, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """A source covers from the week of its first event to the export's last week."""
    times = times.dropna()
    if times.empty:
        return None
    return week_of(pd.Series([times.min()])).iloc[0], end


def export_end(tables: dict[str, pd.DataFrame | None]) -> pd.Timestamp:
    """The export's end: the latest event in any table (the day the data stops)."""
    latest = []
    for _, table, col, _ in TABLE_SERIES.values():
        frame = tables.get(table)
        if frame is not None and col in frame:
            latest.append(frame[col].max())
    for table, col in (("messages", "sent_at"), ("connections", "connected_on")):
        frame = tables.get(table)
        if frame is not None:
            latest.append(frame[col].max())
    latest = [t for t in latest if pd.notna(t)]
    return max(latest) if latest else pd.Timestamp.now(tz="UTC")


def weekly_panel(tables: dict[str, pd.DataFrame | None], conversations: pd.DataFrame | None,
                 as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per week (Monday) from the first week of coverage to the export's last week.

    ``tables`` maps processed table names to frames (None when absent); ``conversations``
    carries each opener's category (None when the messages have no direction).
    """
    end = week_of(pd.Series([as_of])).iloc[0]
    sources: dict[str, tuple[pd.Series, tuple | None]] = {}
    for name, (_, table, col, filt) in TABLE_SERIES.items():
        frame = tables.get(table)
        if frame is None or col not in frame:
            continue
        times = frame[col]
        cover = coverage_of(times, end)
        if filt is not None:
            times = times[frame[filt[0]] == filt[1]]
        sources[name] = (times, cover)
    messages = tables.get("messages")
    if conversations is not None and messages is not None:
        cover = coverage_of(messages["sent_at"], end)
        inbound = conversations.loc[conversations["opener_direction"] == "in"]
        for name, category in CATEGORY_SERIES.items():
            sources[name] = (inbound.loc[inbound["opener_category"] == category,
                                         "opener_sent_at"], cover)
    starts = [c[0] for _, c in sources.values() if c is not None]
    if not starts:
        return pd.DataFrame()
    weeks = pd.date_range(min(starts), end, freq="7D", tz="UTC")
    panel = pd.DataFrame(index=weeks)
    for name, (times, cover) in sources.items():
        panel[name] = weekly_counts(times, weeks, cover)
    daily = tables.get("creator_daily")
    if daily is not None:
        wk = week_of(daily["date"])
        for col in CREATOR_SERIES:
            if col in daily and daily[col].notna().any():
                sums = daily[col].groupby(wk).sum(min_count=1)
                panel[col] = sums.reindex(weeks)
    panel.index.name = "week"
    return panel
