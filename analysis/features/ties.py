"""Tie strength per connection, from the one-to-one conversations with that person."""

from __future__ import annotations

import pandas as pd

from .times import map_times


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
