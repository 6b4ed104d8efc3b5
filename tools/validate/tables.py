"""Processed tables for a simulated world, built in memory, and the Context over them.

The validation tests the statistics, not the reader: a world is handed to the claims as the
tables the ingest would have written (same columns, tz-aware UTC times), without writing and
re-reading a ZIP. Every opener is labelled with its planted category, as an owner who labelled
everything would, so the classifier drops out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.claims import Context, Params

OWNER_URL = "https://www.linkedin.com/in/validation-owner"
START = pd.Timestamp("2021-01-04", tz="UTC")  # a Monday: week 0 of every world
NOWHERE = Path("/nonexistent/linkedout-validation-world")  # no table is ever read from disk


@dataclass
class World:
    """One simulated owner: processed tables, a weekly panel (when the claim reads one) and
    the planted truth: the population value the claim's interval should cover and which
    verdicts are false in this world."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    panel: pd.DataFrame | None = None
    labels: pd.DataFrame | None = None
    value: float = float("nan")  # the planted population value of the claim's estimate
    values: dict = field(default_factory=dict)  # alternatives, by estimand name
    false_verdicts: tuple[str, ...] = ()
    detected: str | None = None  # the verdict that counts as finding the planted effect


def context(world: World, **params) -> Context:
    """A Context over the world's tables; nothing is read from disk."""
    p = Params(spec_curve=False, **params)
    ledger = {"owner": {"url": OWNER_URL, "name": "Validation Owner"},
              "files": {n: {"table": n} for n in world.tables}}
    return Context.from_tables(world.tables, p, world.labels, ledger=ledger, panel=world.panel)


def weeks(n: int) -> pd.DatetimeIndex:
    return pd.date_range(START, periods=n, freq="7D", tz="UTC", name="week")


@dataclass
class Conversation:
    """A one-to-one conversation: who opened it, when, with which category, and when (if
    ever) the other side answered."""

    person: str  # the counterpart's profile URL
    opened_at: pd.Timestamp
    direction: str  # "in": the counterpart opened; "out": the owner did
    category: str
    reply_after_hours: float | None = None
    text: str = "hello"


def messages_table(convs: list[Conversation]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """messages.parquet rows for these conversations and the owner's label of every opener."""
    rows, labels = [], []
    for i, c in enumerate(convs):
        cid = f"conv-{i:06d}"
        owner_first = c.direction == "out"
        steps = [(c.opened_at, owner_first, c.text)]
        if c.reply_after_hours is not None:
            steps.append((c.opened_at + pd.Timedelta(hours=c.reply_after_hours),
                          not owner_first, "thanks"))
        for j, (at, by_owner, text) in enumerate(steps):
            rows.append({
                "conversation_id": cid, "conversation_title": "", "subject": "",
                "sender_name": "Validation Owner" if by_owner else c.person.rsplit("/", 1)[-1],
                "sender_url": OWNER_URL if by_owner else c.person,
                "recipient_names": c.person.rsplit("/", 1)[-1] if by_owner else
                "Validation Owner",
                "recipient_urls": [c.person] if by_owner else [OWNER_URL],
                "sent_at": at, "text": text, "folder": "INBOX", "is_draft": False,
                "is_sponsored": False, "direction": "out" if by_owner else "in",
                "sender_kind": "member", "n_recipients": 1,
                "message_id": f"{cid}-{j}", "is_conversation_opener": j == 0})
        labels.append({"message_id": f"{cid}-0", "label": c.category})
    msgs = pd.DataFrame(rows)
    msgs["sent_at"] = pd.to_datetime(msgs["sent_at"], utc=True)
    msgs["n_recipients"] = msgs["n_recipients"].astype("Int64")
    return msgs.sort_values("sent_at", kind="stable").reset_index(drop=True), \
        pd.DataFrame(labels)


def connections_table(people: list[str], connected_on: list[pd.Timestamp],
                      companies: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({
        "first_name": [p.rsplit("/", 1)[-1] for p in people], "last_name": "X",
        "profile_url": people, "email": None,
        "company": companies if companies is not None else "Somewhere Else",
        "position": "Engineer",
        "connected_on": pd.to_datetime(pd.Series(connected_on), utc=True).dt.floor("D"),
        "is_anonymous": False})
    return frame
