"""Features the claims are measured on: conversations, ties, and the weekly panel.

Built from the processed tables only (never from raw files). Everything is vectorised:
a heavy user's messages table has a million rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REPLY_WINDOW_DAYS = 14


def map_times(keys: pd.Series, times: pd.Series) -> pd.Series:
    """``keys.map(times)`` for a timestamp lookup; pandas 3 cannot map through an empty
    datetime Series, so an empty lookup gives NaT directly."""
    if times.empty:
        return pd.Series(pd.NaT, index=keys.index, dtype="datetime64[us, UTC]")
    return keys.map(times)
WEEK = "W-MON"  # weeks start on Monday (labelled by their Monday)


# ----------------------------------------------------------------------------- conversations
def conversations(messages: pd.DataFrame, *,
                  reply_window_days: int = REPLY_WINDOW_DAYS) -> pd.DataFrame:
    """One row per conversation: its opener, who opened it, the first reply and its latency.

    A reply is the first message from the other side after the opener (a message by the
    owner when someone else opened, by anyone else when the owner opened). Drafts are
    ignored; messages with unknown direction neither open nor answer.
    """
    msgs = messages.loc[~messages["is_draft"] & messages["direction"].notna()]
    cols = ["conversation_id", "sent_at", "direction", "sender_url", "sender_name",
            "recipient_urls", "recipient_names", "n_recipients", "text", "subject", "folder", "is_sponsored",
            "sender_kind", "conversation_title"]
    opener = msgs.loc[msgs["is_conversation_opener"], cols + ["message_id"]].set_index(
        "conversation_id")
    opener = opener.add_prefix("opener_")
    conv_ids = msgs["conversation_id"]
    open_dir = conv_ids.map(opener["opener_direction"])
    open_at = map_times(conv_ids, opener["opener_sent_at"])
    answer = msgs.loc[(msgs["direction"] != open_dir) & (msgs["sent_at"] >= open_at)]
    first_reply = answer.groupby("conversation_id")["sent_at"].min()

    counts = msgs.groupby(["conversation_id", "direction"]).size().unstack(fill_value=0)
    for side in ("in", "out"):
        if side not in counts:
            counts[side] = 0
    senders = msgs.loc[msgs["direction"] == "in"].groupby("conversation_id")["sender_url"].nunique()

    conv = opener.copy()
    conv["n_in"] = counts["in"].reindex(conv.index, fill_value=0)
    conv["n_out"] = counts["out"].reindex(conv.index, fill_value=0)
    conv["n_messages"] = conv["n_in"] + conv["n_out"]
    conv["two_way"] = (conv["n_in"] > 0) & (conv["n_out"] > 0)
    conv["first_reply_at"] = first_reply.reindex(conv.index)
    latency = (conv["first_reply_at"] - conv["opener_sent_at"]).dt.total_seconds() / 3600
    conv["reply_latency_hours"] = latency
    # Column name kept for the registered 14-day window; it follows reply_window_days.
    conv["replied_14d"] = latency.le(reply_window_days * 24).fillna(False).astype(bool)
    n_rec = conv["opener_n_recipients"].astype("Float64")
    conv["is_group"] = ((n_rec > 1).fillna(False) | (senders.reindex(conv.index, fill_value=0)
                                                     > 1)).astype(bool)
    conv["counterpart_url"], conv["counterpart_name"] = _counterpart(conv)
    return conv.reset_index()


def _counterpart(conv: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The other person of a one-to-one conversation: profile URL and display name."""
    inbound = conv["opener_direction"] == "in"
    out_first = conv["opener_recipient_urls"].map(
        lambda urls: urls[0] if urls is not None and len(urls) == 1 else None)
    url = conv["opener_sender_url"].where(inbound, out_first)
    name = conv["opener_sender_name"].where(inbound, conv["opener_recipient_names"])
    name = name.where(~conv["is_group"], None)
    return url.astype("str").where(url.notna(), None), name.astype("str").where(name.notna(), None)


def name_key(names: pd.Series) -> pd.Series:
    """Names compared case- and space-insensitively (for exports without profile URLs)."""
    return names.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


# ----------------------------------------------------------------------------- ties
def ties(connections: pd.DataFrame, messages: pd.DataFrame, conv: pd.DataFrame,
         as_of: pd.Timestamp) -> pd.DataFrame:
    """Tie strength per connection: messages each way, two-way ever, last contact, age.

    ``connections["key"]`` and ``conv["counterpart_key"]`` link people (profile URL, or
    the name in exports without URLs). Only one-to-one conversations count towards a tie;
    hidden members have no key and no messages, but they are connections too.
    """
    people = connections[["key", "connected_on", "company", "position", "is_anonymous"]].copy()
    one_to_one = conv.loc[~conv["is_group"] & conv["counterpart_key"].notna(),
                          ["conversation_id", "counterpart_key"]]
    msgs = messages.loc[~messages["is_draft"] & messages["direction"].notna(),
                        ["conversation_id", "direction", "sent_at"]]
    msgs = msgs.merge(one_to_one, on="conversation_id")
    per = msgs.groupby(["counterpart_key", "direction"]).size().unstack(fill_value=0)
    for side in ("in", "out"):
        if side not in per:
            per[side] = 0
    last = msgs.groupby("counterpart_key")["sent_at"].max()
    recent = msgs.loc[msgs["sent_at"] > as_of - pd.Timedelta(days=365)]
    recent_sides = recent.groupby("counterpart_key")["direction"].nunique()
    people["messages_in"] = people["key"].map(per["in"]).fillna(0).astype(int)
    people["messages_out"] = people["key"].map(per["out"]).fillna(0).astype(int)
    people["two_way"] = (people["messages_in"] > 0) & (people["messages_out"] > 0)
    people["last_contact"] = map_times(people["key"], last)
    people["reciprocal_12m"] = people["key"].map(recent_sides).fillna(0).eq(2)
    people["connection_age_days"] = (as_of - people["connected_on"]).dt.days
    return people


# ----------------------------------------------------------------------------- weekly panel
def week_of(ts: pd.Series) -> pd.Series:
    """The Monday (UTC midnight) starting the week of each timestamp."""
    ts = pd.to_datetime(ts, utc=True)
    return ts.dt.tz_convert("UTC").dt.floor("D") - pd.to_timedelta(ts.dt.day_of_week, unit="D")


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
