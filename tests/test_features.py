"""Conversation features on a hand-made messages table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import features

OWNER = "https://www.linkedin.com/in/owner"


def _msg(conv, at, direction, sender, recipients, opener=False, draft=False):
    return {"conversation_id": conv, "sent_at": pd.Timestamp(at, tz="UTC"),
            "direction": direction, "sender_url": sender, "sender_name": sender.rsplit("/", 1)[-1],
            "recipient_urls": recipients, "recipient_names": "x", "n_recipients": len(recipients),
            "text": "hi", "subject": None, "folder": "INBOX", "is_sponsored": False,
            "sender_kind": "owner" if direction == "out" else "person",
            "conversation_title": None, "message_id": f"{conv}-{at}",
            "is_conversation_opener": opener, "is_draft": draft}


@pytest.fixture
def messages():
    a, b, c = (f"https://www.linkedin.com/in/{n}" for n in "abc")
    rows = [
        _msg("1", "2024-01-01 10:00", "in", a, [OWNER], opener=True),
        _msg("1", "2024-01-04 10:00", "out", OWNER, [a]),          # reply after 72 h
        _msg("2", "2024-02-01 10:00", "out", OWNER, [b], opener=True),
        _msg("2", "2024-03-01 10:00", "in", b, [OWNER]),            # reply after 29 days
        _msg("3", "2024-02-01 10:00", "in", c, [OWNER], opener=True),
        _msg("3", "2024-02-02 10:00", "out", OWNER, [c], draft=True),  # a draft is no reply
        _msg("4", "2024-05-01 10:00", "out", OWNER, [a, b], opener=True),  # group
        _msg("4", "2024-05-01 11:00", "in", a, [OWNER, b]),
    ]
    return pd.DataFrame(rows)


def test_replies_latency_and_two_way(messages):
    conv = features.conversations(messages).set_index("conversation_id")
    assert conv.loc["1", "reply_latency_hours"] == pytest.approx(72)
    assert conv["replied_14d"].to_dict() == {"1": True, "2": False, "3": False, "4": True}
    assert conv["two_way"].to_dict() == {"1": True, "2": True, "3": False, "4": True}
    assert conv.loc["3", "n_out"] == 0


def test_group_and_counterparts(messages):
    conv = features.conversations(messages).set_index("conversation_id")
    assert conv["is_group"].to_dict() == {"1": False, "2": False, "3": False, "4": True}
    assert conv.loc["1", "counterpart_url"].endswith("/a")
    assert conv.loc["2", "counterpart_url"].endswith("/b")
    assert pd.isna(conv.loc["4", "counterpart_url"])


def test_weekly_counts_are_missing_outside_coverage():
    weeks = pd.date_range("2024-01-01", periods=6, freq="7D", tz="UTC")
    times = pd.Series(pd.to_datetime(["2024-01-16", "2024-01-17", "2024-01-30"], utc=True))
    cover = features.coverage_of(times, weeks[-1])
    counts = features.weekly_counts(times, weeks, cover)
    assert counts.isna().tolist() == [True, True, False, False, False, False]
    assert counts.dropna().tolist() == [2.0, 0.0, 1.0, 0.0]


def test_week_of_is_the_monday():
    ts = pd.Series(pd.to_datetime(["2024-01-07 23:59", "2024-01-08 00:00"], utc=True))
    assert features.week_of(ts).dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-08"]
