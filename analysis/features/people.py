"""Person keys: how a connection and the other side of a conversation are linked.

Exports before Jul 2023 have no URL in Connections.csv: people are then linked by name.
"""

from __future__ import annotations

import pandas as pd


def full_name(people: pd.DataFrame) -> pd.Series:
    """"First Last" from the ``first_name`` and ``last_name`` columns; either may be empty
    (hidden members have neither: then the name is "")."""
    first = people["first_name"].fillna("").astype(str).str.strip()
    last = people["last_name"].fillna("").astype(str).str.strip()
    return (first + " " + last).str.strip()


def name_key(names: pd.Series) -> pd.Series:
    """Names compared case- and space-insensitively (for exports without profile URLs)."""
    return names.str.strip().str.lower().str.replace(r"\s+", " ", regex=True)


def keys_are_urls(connections: pd.DataFrame | None) -> bool:
    """Whether people are keyed by profile URL (else by name)."""
    return connections is None or bool(connections["profile_url"].notna().any())


def keyed_connections(connections: pd.DataFrame, by_url: bool) -> pd.DataFrame:
    """The connections with a ``key`` column (hidden members have none when keyed by name)."""
    conns = connections.copy()
    if by_url:
        conns["key"] = conns["profile_url"]
    else:
        conns["key"] = name_key(full_name(conns)).where(~conns["is_anonymous"], None)
    return conns


def counterpart_keys(conv: pd.DataFrame, by_url: bool) -> pd.Series:
    """The key of the other person of each conversation, comparable to the connections'."""
    return conv["counterpart_url"] if by_url else name_key(conv["counterpart_name"])
