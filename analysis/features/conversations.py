"""Conversations: one row per thread, with its opener, first reply and who the other side is."""

from __future__ import annotations

import pandas as pd

from .times import map_times

REPLY_WINDOW_DAYS = 14


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
    # replied within the reply window (reply_window_days; 14 days as registered)
    conv["replied"] = latency.le(reply_window_days * 24).fillna(False).astype(bool)
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


def with_prior_two_way(conv: pd.DataFrame) -> pd.DataFrame:
    """Whether the owner and the counterpart had already written to each other (both ways)
    before this conversation's opener: the moment the first conversation with that person
    became two-way precedes it."""
    two_way_at = (conv.loc[conv["two_way"] & conv["counterpart_url"].notna()]
                  .groupby("counterpart_url")["first_reply_at"].min())
    became = pd.to_datetime(conv["counterpart_url"].map(two_way_at.to_dict()), utc=True)
    conv = conv.copy()
    conv["prior_two_way"] = (became < conv["opener_sent_at"]).fillna(False).astype(bool)
    return conv
