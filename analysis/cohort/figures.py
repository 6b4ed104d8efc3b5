"""The cohort page's plots, on each claim's own scale, and the pooled figure read against the
claim's rule.

Estimates are pooled on an additive scale (log-odds, log IRR, risk difference) but read on
the claim's: a share in %, an IRR, a difference. Up to ``FOREST_MAX`` people a forest plot
shows each person's estimate [95% CI] and weight; above it a sorted caterpillar plot and a
histogram of person effects stay readable.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as st

from ..stats import Z975

FOREST_MAX = 60


def expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def on_scale(scale: str, value: float | None) -> str:
    """A pooled-scale value as the claim reads it."""
    if value is None or not math.isfinite(value):
        return "–"
    if scale == "log-odds":
        return f"{100 * expit(value):.0f}%"
    if scale == "log IRR":
        return f"IRR {math.exp(value):.2f}"
    return f"{value:+.2f}"


def holds_for(cid: str, row: dict) -> float | None:
    """Share of people for whom the claim would hold: the mass of the prediction
    distribution N(mu, tau^2 + SE(mu)^2), t with k - 2 df, inside the claim's region."""
    from ..claims import all_claims

    holds = next((c.card.holds for c in all_claims() if c.id == cid), None)
    if holds is None or row.get("tau2") is None or row.get("k", 0) < 3:
        return None
    low, high = holds
    scale = math.sqrt(row["tau2"] + row["se"] ** 2)
    t = st.t(max(row["k"] - 2, 1), loc=row["estimate"], scale=scale)
    return float(t.cdf(high) - t.cdf(low))


def reading(cid: str, row: dict) -> str:
    """One sentence: the pooled estimate on the claim's scale and how many people it holds for."""
    if row.get("ci_low") is None:
        return ""
    scale = row["scale"]
    text = (f"Pooled {on_scale(scale, row['estimate'])} [{on_scale(scale, row['ci_low'])}, "
            f"{on_scale(scale, row['ci_high'])}]; a new person's effect would fall in "
            f"[{on_scale(scale, row['pi_low'])}, {on_scale(scale, row['pi_high'])}]")
    share = holds_for(cid, row)
    if share is not None:
        text += f"; the claim would hold for about {100 * share:.0f}% of people"
    return text + "."


def _ticks(ax, scale: str) -> str:
    """Tick labels on the claim's scale; returns the axis label."""
    lo, hi = ax.get_xlim()
    if scale == "log-odds":
        shares = [s for s in (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                                  0.95, 0.99)
                  if lo <= math.log(s / (1 - s)) <= hi]
        ax.set_xticks([math.log(s / (1 - s)) for s in shares], [f"{100 * s:g}%" for s in shares])
        return "share (log-odds axis; dashed: 50%, no effect)"
    if scale == "log IRR":
        irrs = [r for r in (0.25, 0.5, 0.8, 1, 1.25, 2, 4) if lo <= math.log(r) <= hi]
        ax.set_xticks([math.log(r) for r in irrs], [f"{r:g}" for r in irrs])
        return "incidence-rate ratio per SD (log axis; dashed: 1, no effect)"
    return f"{scale} (dashed: 0, no effect)"


def _pooled_marks(ax, row: dict, y: float) -> None:
    if row.get("ci_low") is None:
        return
    mu, lo, hi = row["estimate"], row["ci_low"], row["ci_high"]
    ax.fill([lo, mu, hi, mu], [y, y + 0.3, y, y - 0.3], color="#222222", zorder=4)
    ax.plot([row["pi_low"], row["pi_high"]], [y - 0.8, y - 0.8], color="#222222", lw=1, ls=":")
    ax.text(0.01, 0.01, f"τ² = {row['tau2']:.3g} [{row['tau2_low']:.3g}, {row['tau2_high']:.3g}]"
            f"   I² = {100 * row['i2']:.0f}%   95% PI dotted", transform=ax.transAxes,
            fontsize=7, va="bottom")


def _legend(ax, colours: dict) -> None:
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=v) for v, c in colours.items()], fontsize=7,
              loc="upper right", title="own verdict", title_fontsize=7)


def forest(title: str, scale: str, people: list[tuple[str, dict]], row: dict):
    """One row per person: estimate with 95% interval, coloured by the person's verdict,
    the interval and random-effects weight written beside; the pooled diamond and the
    prediction interval underneath."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plots import VERDICT_COLOURS

    k = len(people)
    tau2 = row.get("tau2") or 0.0
    weights = [1 / (c["se"] ** 2 + tau2) for _, c in people]
    total = sum(weights)
    fig, ax = plt.subplots(figsize=(9, min(0.22 * k + 2.2, 16)))
    for i, ((_name, c), w) in enumerate(zip(people, weights, strict=True)):
        y = k - i + 1
        lo, hi = c["estimate"] - Z975 * c["se"], c["estimate"] + Z975 * c["se"]
        colour = VERDICT_COLOURS.get(c["verdict"], "#888888")
        ax.plot([lo, hi], [y, y], color=colour, lw=1.2)
        ax.scatter([c["estimate"]], [y], color=colour, s=8 + 60 * w / total, zorder=3)
        ax.annotate(f"{on_scale(scale, c['estimate'])} [{on_scale(scale, lo)}, "
                    f"{on_scale(scale, hi)}]  {100 * w / total:.1f}%", (1.01, y),
                    xycoords=("axes fraction", "data"), fontsize=6, va="center")
    _pooled_marks(ax, row, 0.5)
    ax.axvline(0, color="#333333", lw=0.8, ls="--")
    ax.set_yticks([k - i + 1 for i in range(k)] + [0.5], [n for n, _ in people] + ["pooled"],
                  fontsize=6)
    ax.set_xlabel(_ticks(ax, scale))
    _legend(ax, {v: VERDICT_COLOURS[v] for v in VERDICT_COLOURS
                 if any(c["verdict"] == v for _, c in people)})
    ax.set_title(f"{title}\nright: estimate [95% CI]  weight", fontsize=9)
    return fig


def caterpillar(title: str, scale: str, people: list[tuple[str, dict]], row: dict):
    """Above FOREST_MAX people: estimates sorted with their intervals (no names), and a
    histogram of the person effects beside."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plots import VERDICT_COLOURS

    cells = sorted((c for _, c in people), key=lambda c: c["estimate"])
    fig, (ax, hist) = plt.subplots(1, 2, figsize=(10, 4.5), width_ratios=(3, 1.3))
    est = np.array([c["estimate"] for c in cells])
    half = Z975 * np.array([c["se"] for c in cells])
    colours = [VERDICT_COLOURS.get(c["verdict"], "#888888") for c in cells]
    x = np.arange(len(cells))
    ax.vlines(x, est - half, est + half, colors=colours, lw=0.6)  # one call: 100k people
    ax.scatter(x, est, c=colours, s=3, zorder=3)
    if row.get("ci_low") is not None:
        ax.axhspan(row["ci_low"], row["ci_high"], color="#222222", alpha=0.25)
        ax.axhline(row["pi_low"], color="#222222", ls=":", lw=1)
        ax.axhline(row["pi_high"], color="#222222", ls=":", lw=1)
    ax.axhline(0, color="#333333", lw=0.8, ls="--")
    ax.set_xlabel("people, sorted by estimate")
    # The value axis is vertical here: label it on the claim's scale through a twin.
    ax.set_ylabel(scale)
    _legend(ax, {v: VERDICT_COLOURS[v] for v in VERDICT_COLOURS
                 if any(c["verdict"] == v for c in cells)})
    hist.hist(est, bins=min(40, max(10, len(cells) // 10)),
              orientation="horizontal", color="#777777")
    hist.set_xlabel("people")
    hist.sharey(ax)
    if row.get("tau2") is not None:
        ax.text(0.01, 0.98, f"τ² = {row['tau2']:.3g}   I² = {100 * row['i2']:.0f}%   "
                "band: pooled 95% CI; dotted: 95% PI", transform=ax.transAxes, fontsize=7,
                va="top")
    ax.set_title(title, fontsize=9)
    return fig
