"""Conversation openers: the one filter for the inbound openers the claims and figures use."""

from __future__ import annotations

import pandas as pd


def inbound_openers(conv: pd.DataFrame, *, analysed: bool = True) -> pd.DataFrame:
    """One-to-one conversations someone else opened, with a category; ``analysed`` also
    drops automated and sponsored mail (what the claims count; the by-year figure shows
    every category)."""
    keep = ((conv["opener_direction"] == "in") & ~conv["is_group"]
            & conv["opener_category"].notna())
    if analysed:
        keep &= ~conv["opener_is_sponsored"] & (conv["opener_category"] != "automated")
    return conv.loc[keep]


def openers_by_year(conv: pd.DataFrame) -> pd.DataFrame:
    """Inbound openers per year and category (the figure of page 01)."""
    inbound = inbound_openers(conv, analysed=False)
    return (inbound.assign(year=inbound["opener_sent_at"].dt.year)
            .groupby(["year", "opener_category"]).size().rename("n").reset_index()
            .rename(columns={"opener_category": "category"}))


def openers_replied(conv: pd.DataFrame) -> pd.DataFrame:
    """Inbound openers per year and category with how many the owner answered (the index's
    first section)."""
    inbound = inbound_openers(conv, analysed=False)
    return (inbound.assign(year=inbound["opener_sent_at"].dt.year,
                           replied=inbound["replied"].astype(int))
            .groupby(["year", "opener_category"])["replied"].agg(["size", "sum"])
            .reset_index().rename(columns={"opener_category": "category", "size": "n",
                                           "sum": "replied"}))
