"""Figures of the index's first section ("What your export shows"), in the theme and with
the title and caption layout of ``analysis.plots``.

Each function takes one frame from ``analysis.overview`` and returns a ``Figure``, or None
when the frame is empty: the section then says which file is missing instead of drawing an
empty frame.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from .plots import CATEGORY_COLOURS, WIDTH, _finish, label

KIND_COLOURS = {"Posts": "#4393c3", "Comments": "#5aae61", "Reactions": "#d6604d"}


def coverage(frame: pd.DataFrame, *, title: str = "Which years each kind of data covers"
             ) -> Figure | None:
    """One row per kind of data, a dot per year sized by its rows, the count written in."""
    if frame is None or frame.empty:
        return None
    kinds = list(dict.fromkeys(frame["kind"]))
    fig, ax = plt.subplots(figsize=(WIDTH, 0.55 * len(kinds) + 1.6))
    top = float(frame["n"].max())
    for i, kind in enumerate(kinds):
        part = frame.loc[frame["kind"] == kind]
        y = len(kinds) - 1 - i
        ax.plot([part["year"].min(), part["year"].max()], [y, y], color="#bbbbbb", lw=2,
                zorder=1)
        sizes = 30 + 400 * np.sqrt(part["n"].to_numpy(float) / top)
        ax.scatter(part["year"], [y] * len(part), s=sizes, color="#0a3d62", alpha=0.7, zorder=2)
        for year, n, size in zip(part["year"], part["n"], sizes, strict=True):
            ax.annotate(f"{n:,}", (year, y), xytext=(0, np.sqrt(size) / 2 + 1),
                        textcoords="offset points", ha="center", fontsize=7, color="#333333")
    ax.set_yticks(range(len(kinds) - 1, -1, -1), kinds)
    years = frame["year"]
    ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
    ax.set_ylim(-0.7, len(kinds) - 0.2)
    step = max(1, (int(years.max()) - int(years.min())) // 12 + 1)
    ax.set_xticks(range(int(years.min()), int(years.max()) + 1, step))
    ax.set_xlabel("year")
    return _finish(fig, title, "Dot size and number: rows of that kind dated in that year.")


def openers(frame: pd.DataFrame, *, title: str = "Who starts conversations with you"
            ) -> Figure | None:
    """Inbound one-to-one openers per year, stacked by category (counts, not shares: with
    few openers a share hides how few there are)."""
    if frame is None or frame.empty:
        return None
    table = frame.pivot_table(index="year", columns="category", values="n", aggfunc="sum",
                              fill_value=0)
    order = [c for c in CATEGORY_COLOURS if c in table] + [c for c in table
                                                           if c not in CATEGORY_COLOURS]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6))
    years = table.index.astype(str)
    bottom = np.zeros(len(table))
    for cat in order:
        ax.bar(years, table[cat], bottom=bottom, color=CATEGORY_COLOURS.get(cat),
               label=label(cat).replace("_", " "))
        bottom += table[cat].to_numpy()
    ax.set_ylabel("inbound openers (count)")
    ax.set_xlabel("year")
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _finish(fig, title, "Categories from the message classifier; automated mail "
                   "(sponsored InMail, newsletters) included.")


def replies(rates: pd.DataFrame, *, title: str = "How often you reply, by who wrote"
            ) -> Figure | None:
    """The owner's reply rate per opener category with Wilson 95% intervals."""
    if rates is None or rates.empty:
        return None
    g = rates.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.55 * len(g) + 1.6))
    y = np.arange(len(g))[::-1]
    ax.barh(y, g["rate"] * 100, color=[CATEGORY_COLOURS.get(c, "#888888") for c in g["category"]],
            alpha=0.85)
    spread = np.nan_to_num(np.vstack([np.clip(g["rate"] - g["ci_low"], 0, None),
                                      np.clip(g["ci_high"] - g["rate"], 0, None)]) * 100)
    ax.errorbar(g["rate"] * 100, y, xerr=spread, fmt="none", ecolor="#222222", capsize=4)
    ax.set_yticks(y, [f"{label(c).replace('_', ' ')} ({r}/{n})"
                      for c, r, n in zip(g["category"], g["replied"], g["n"], strict=True)])
    ax.set_xlim(0, 100)
    ax.set_xlabel("inbound openers you answered (%)")
    return _finish(fig, title, "Bar: share of inbound openers of that kind you answered "
                   "within the reply window (replied/all); whisker: 95% interval.")


def network(frame: pd.DataFrame, *, title: str = "How your network grew") -> Figure | None:
    """New connections per year (bars) and the running total (line, right axis)."""
    if frame is None or frame.empty:
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    years = frame["year"].astype(str)
    ax.bar(years, frame["new"], color="#4393c3")
    ax.set_ylabel("new connections")
    ax.set_xlabel("year")
    right = ax.twinx()
    right.plot(years, frame["total"], color="#0a3d62", marker="o", lw=2)
    right.set_ylabel("connections in total")
    right.grid(False)
    right.set_ylim(0, frame["total"].max() * 1.1)
    if len(frame) > 12:
        for i, tick in enumerate(ax.get_xticklabels()):
            tick.set_visible(i % 2 == 0)
    return _finish(fig, title, "Bars: connections made that year; line: all connections "
                   "so far (right axis).")


def rhythm(frame: pd.DataFrame, *, title: str = "Your posting, commenting and reacting"
           ) -> Figure | None:
    """Posts, comments and reactions per year, side by side."""
    if frame is None or frame.empty or not frame["n"].sum():
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2))
    sns.barplot(frame.assign(year=frame["year"].astype(str)), x="year", y="n", hue="kind",
                palette=KIND_COLOURS, ax=ax)
    ax.set_ylabel("count per year")
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, frameon=False)
    return _finish(fig, title, "Counts per calendar year of the posts, comments and "
                   "reactions in the export.")


def funnel(frame: pd.DataFrame, *, title: str = "Your job search on LinkedIn") -> Figure | None:
    """Searches, saved jobs, applications and positions as horizontal bars (a log axis
    when they differ by orders of magnitude)."""
    if frame is None or frame.empty:
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, 0.5 * len(frame) + 1.5))
    y = np.arange(len(frame))[::-1]
    ax.barh(y, frame["n"], color="#4393c3")
    names = [f"{s} ({a}–{b})" if a != b else f"{s} ({a})"
             for s, a, b in zip(frame["stage"], frame["first"], frame["last"], strict=True)]
    ax.set_yticks(y, names)
    for yi, n in zip(y, frame["n"], strict=True):
        ax.annotate(f"{n:,}", (n, yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    if frame["n"].max() / max(frame["n"].min(), 1) > 50:
        ax.set_xscale("log")
        ax.set_xlabel("count (log scale)")
    else:
        ax.set_xlabel("count")
    ax.set_xlim(right=frame["n"].max() * (3 if ax.get_xscale() == "log" else 1.15))
    return _finish(fig, title, "Each stage counted from its own file, over the years in "
                   "brackets; the stages need not cover the same years.")


def employers(frame: pd.DataFrame, *, title: str = "Where your connections work"
              ) -> Figure | None:
    """Share of connections (with a company given) at each of the top employers."""
    if frame is None or frame.empty:
        return None
    fig, ax = plt.subplots(figsize=(WIDTH, 0.36 * len(frame) + 1.5))
    y = np.arange(len(frame))[::-1]
    last_is_rest = frame["employer"].iloc[-1].endswith("other employers")
    colours = ["#4393c3"] * len(frame)
    if last_is_rest:
        colours[-1] = "#bbbbbb"
    ax.barh(y, frame["share"] * 100, color=colours)
    ax.set_yticks(y, [label(e) for e in frame["employer"]])
    for yi, n, s in zip(y, frame["n"], frame["share"], strict=True):
        ax.annotate(f"{n:,} ({s:.0%})", (s * 100, yi), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(0, min(100, frame["share"].max() * 130))
    ax.set_xlabel("share of connections with a company given (%)")
    return _finish(fig, title, "Employers pseudonymised with the report's letters (your "
                   "own employers come first); grey: all the others together.")
