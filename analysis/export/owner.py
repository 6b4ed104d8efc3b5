"""Find whose export this is, from the data, with the evidence written down.

The owner is never "the most frequent sender". Evidence, strongest first: an explicit
``--owner-url``; in exports from Jul 2023 on, the one profile URL present in every
conversation (docs/export-format.md §4.2) that is not a connection (nobody is their own
connection); the inviter of outgoing and invitee of incoming invitations (2024+); the sender
URL of messages signed with the Profile.csv name (2021-era exports); the sender of 2018
``OUTGOING`` messages (name only, 2018 exports have no URLs).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

COVERAGE_NEEDED = 0.9


@dataclass
class Owner:
    url: str | None
    name: str | None
    method: str
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def list_array(series: pd.Series) -> pa.ListArray:
    """A list-typed pandas column as one contiguous Arrow list array."""
    arr = pa.array(series)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _profile_name(tables: dict[str, pd.DataFrame]) -> str | None:
    profile = tables.get("profile")
    if profile is None or profile.empty:
        return None
    row = profile.iloc[0]
    parts = [row.get("first_name"), row.get("last_name")]
    name = " ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())
    return name or None


def _url_coverage(messages: pd.DataFrame, connections: set[str]) -> dict | None:
    """The URL found in the largest share of conversations that carry recipient URLs."""
    if messages.empty or "recipient_urls" not in messages:
        return None
    has_rpu = messages["recipient_urls"].notna().to_numpy()
    if not has_rpu.any():
        return None
    msgs = messages.loc[has_rpu]
    lists = list_array(msgs["recipient_urls"])
    flat = pc.list_flatten(lists).to_numpy(zero_copy_only=False)
    parent = pc.list_parent_indices(lists).to_numpy()
    senders = msgs["sender_url"].to_numpy(dtype=object)
    conv = msgs["conversation_id"].to_numpy(dtype=object)
    n_conv = len(pd.unique(conv))
    first_conv = conv[0]
    first_rows = np.flatnonzero(conv == first_conv)
    candidates = {s for s in senders[first_rows] if isinstance(s, str)}
    candidates |= {flat[i] for i in np.flatnonzero(np.isin(parent, first_rows))}
    top_senders = pd.Series(senders).value_counts().index[:5]
    candidates |= set(top_senders)
    scores = {}
    for url in sorted(candidates):
        rows = senders == url
        rows[parent[flat == url]] = True
        scores[url] = len(pd.unique(conv[rows])) / n_conv
    if not scores:
        return None
    best = max(scores.values())
    tops = sorted(u for u, s in scores.items() if s == best)
    not_connected = [u for u in tops if u not in connections]
    return {"conversations": n_conv, "best_coverage": round(best, 4), "candidates": tops,
            "not_connections": not_connected}


def _invitation_url(invitations: pd.DataFrame | None) -> dict | None:
    if invitations is None or invitations.empty or invitations["inviter_url"].isna().all():
        return None
    own = pd.concat([
        invitations.loc[invitations["direction"] == "out", "inviter_url"],
        invitations.loc[invitations["direction"] == "in", "invitee_url"],
    ]).dropna()
    if own.empty:
        return None
    counts = own.value_counts()
    return {"url": counts.index[0], "share": round(counts.iloc[0] / len(own), 4), "rows": len(own)}


def identify_owner(tables: dict[str, pd.DataFrame], override_url: str | None = None) -> Owner:
    messages = tables.get("messages", pd.DataFrame())
    connections = tables.get("connections")
    connected = set(connections["profile_url"].dropna()) if connections is not None else set()
    name = _profile_name(tables)
    evidence: dict = {"profile_name": name}

    coverage = _url_coverage(messages, connected)
    evidence["message_url_coverage"] = coverage
    invite = _invitation_url(tables.get("invitations"))
    evidence["invitations"] = invite

    signed = None
    if name and not messages.empty:
        own_rows = messages.loc[messages["sender_name"] == name, "sender_url"].dropna()
        if not own_rows.empty:
            signed = own_rows.value_counts().index[0]
    evidence["profile_name_sender_url"] = signed

    if not messages.empty and "direction_raw" in messages:
        out_names = messages.loc[messages["direction_raw"].str.upper() == "OUTGOING",
                                 "sender_name"].dropna()
        if not out_names.empty:
            evidence["outgoing_sender_name_2018"] = out_names.value_counts().index[0]
            name = name or evidence["outgoing_sender_name_2018"]

    if override_url:
        return Owner(override_url, name, "--owner-url", evidence)
    if coverage and coverage["best_coverage"] >= COVERAGE_NEEDED:
        pool = coverage["not_connections"] or coverage["candidates"]
        if len(pool) > 1 and signed in pool:
            pool = [signed]
        if len(pool) > 1 and invite and invite["url"] in pool:
            pool = [invite["url"]]
        if len(pool) == 1:
            return Owner(pool[0], name, "profile URL present in every conversation", evidence)
    if invite:
        return Owner(invite["url"], name, "inviter of outgoing / invitee of incoming invitations",
                     evidence)
    if signed:
        return Owner(signed, name, "sender URL of messages signed with the Profile.csv name",
                     evidence)
    if name:
        return Owner(None, name, "name only (this export has no profile URLs)", evidence)
    return Owner(None, None, "not found", evidence)
