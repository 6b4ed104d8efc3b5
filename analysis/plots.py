"""The report's figures: small functions over tidy frames, one seaborn theme.

Every function takes a tidy ``DataFrame`` (the figure data a claim returned, or a table the
report saved beside it), keyword-only options, and returns a titled ``Figure`` whose axes say
their units and whose bottom line is a one-line caption. Empty or missing data give a small
figure that says so, so a notebook runs top to bottom on any export.

Example:
    >>> from analysis import plots
    >>> plots.setup()  # doctest: +SKIP
    >>> fig = plots.forest(results.forest_frame())  # doctest: +SKIP
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

VERDICT_COLOURS = {"supported": "#1b7837", "contradicted": "#b2182b",
                   "inconclusive": "#8c6d1f", "not testable": "#888888"}
CATEGORY_COLOURS = {"sales_pitch": "#d6604d", "recruiting": "#4393c3", "request": "#92c5de",
                    "social": "#5aae61", "automated": "#bababa"}
EVIDENCE_COLOURS = {"application": "#b2182b", "recruiter contact": "#ef8a62",
                    "tie at employer": "#67a9cf", "no trace": "#999999"}
WIDTH = 9.0  # inches: the width of a notebook's output area at 100 dpi
CAPTION_IN = 0.42  # room for the caption under the axes (inches)


def setup(*, dpi: int = 100) -> None:
    """The one theme; PNG output for notebooks (embedded in the HTML report)."""
    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind",
                  rc={"figure.dpi": dpi, "savefig.dpi": dpi, "axes.titlesize": 11,
                      "axes.titleweight": "bold", "figure.titlesize": 13,
                      "figure.titleweight": "bold", "axes.labelsize": 10})
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
    except ImportError:  # outside Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    plt.close(plt.figure())  # let the inline backend register its formatters first
    # PNG only, with the title and caption as the image's alternative text.
    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(
        Figure, lambda fig: None if _empty_html(fig) else (
            print_figure(fig, "png", bbox_inches="tight"), {"alt": fig.get_label() or "figure"}))
    formatters["text/html"].for_type(Figure, _empty_html)
    for mime in ("image/svg+xml", "application/pdf", "image/jpeg"):
        formatters[mime].type_printers.pop(Figure, None)


def _finish(fig: Figure, title: str, caption: str) -> Figure:
    """Title on top, a one-line caption at the bottom, tight layout in between."""
    height = fig.get_size_inches()[1]
    fig.set_label(f"{title}. {caption}")
    fig.suptitle(title, x=0.01, y=1 - 0.08 / height, ha="left", va="top")
    fig.text(0.01, 0.12 / height, caption, ha="left", va="bottom", fontsize=9, color="#444444")
    fig.tight_layout(rect=(0, CAPTION_IN / height, 1, 1))
    plt.close(fig)  # returned, shown once by Jupyter's display of the return value
    return fig


def _log_axis(ax, which: str = "x") -> None:
    """Log scale with plain tick labels (0.5, 0.8, 1, 1.25, 2) instead of powers of ten."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    axis = ax.xaxis if which == "x" else ax.yaxis
    (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    lo, hi = ax.get_xlim() if which == "x" else ax.get_ylim()
    ticks = [v * 10.0 ** k for k in range(-3, 4) for v in (1, 2, 5)]
    if hi / lo < 6:
        ticks += [0.8, 1.25, 1.5, 3]
    axis.set_major_locator(FixedLocator(sorted(t for t in ticks if lo <= t <= hi)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def empty(title: str, why: str) -> Figure:
    """A figure that says why there is nothing to show."""
    fig, ax = plt.subplots(figsize=(WIDTH, 1.6))
    ax.axis("off")
    ax.text(0.5, 0.5, why, ha="center", va="center", fontsize=10, color="#555555",
            transform=ax.transAxes, wrap=True)
    fig.linkedout_empty = (title, why)  # notebooks show this as one sentence, not a frame
    return _finish(fig, title, "No data for this figure in this export.")


def _empty_html(fig: Figure) -> str | None:
    """An empty figure as one sentence (None for a real figure: it is drawn as PNG)."""
    said = getattr(fig, "linkedout_empty", None)
    if said is None:
        return None
    from html import escape

    title, why = said
    return (f'<p class="lo-empty-figure"><b>{escape(title)}</b>: No data for this figure '
            f"in this export. {escape(why)}</p>")


def label(text: object) -> str:
    """Text from the data made safe for matplotlib (a '$' would start mathtext)."""
    return str(text).replace("$", r"\$")


def _spread(frame: pd.DataFrame, value: str = "estimate") -> np.ndarray:
    """Error-bar lengths (in %) below and above each estimate: never negative (a Wilson
    bound of 0 successes is 1e-18, not 0) and zero where the interval is unknown."""
    v = frame[value].to_numpy(float)
    below = np.clip(v - frame["ci_low"].to_numpy(float), 0, None)
    above = np.clip(frame["ci_high"].to_numpy(float) - v, 0, None)
    return np.nan_to_num(np.vstack([below, above]) * 100)


def _missing(frame: pd.DataFrame | None, *cols: str) -> bool:
    return frame is None or len(frame) == 0 or not set(cols) <= set(frame.columns)


# ----------------------------------------------------------------------------- scorecard
def forest(claims: pd.DataFrame, *, title: str = "Every claim's estimate and 95% interval",
           caption: str | None = None) -> Figure:
    """Forest plot: one row per claim, grouped by the scale its estimate is on.

    ``claims`` has claim, title, verdict, axis (the x-axis label of the claim's scale),
    reference (the no-effect or 50% line), estimate, ci_low, ci_high.
    """
    if _missing(claims, "claim", "verdict", "axis", "estimate", "ci_low", "ci_high"):
        return empty(title, "No claim results.")
    # A claim without an estimate is not drawn (the report lists it with its reason), and
    # neither is a panel left with none.
    claims = claims.loc[claims["estimate"].notna()].reset_index(drop=True)
    if claims.empty:
        return empty(title, "No claim has an estimate in this export.")
    axes_order = list(dict.fromkeys(claims["axis"]))
    sizes = [int((claims["axis"] == a).sum()) for a in axes_order]
    fig, axs = plt.subplots(len(axes_order), 1, figsize=(WIDTH, 0.42 * sum(sizes)
                                                          + 0.75 * len(sizes) + 1.2),
                            gridspec_kw={"height_ratios": [s + 1.2 for s in sizes]},
                            squeeze=False)
    for ax, axis in zip(axs[:, 0], axes_order, strict=True):
        part = claims.loc[claims["axis"] == axis].reset_index(drop=True)
        ref = float(part["reference"].iloc[0])
        ax.axvline(ref, color="#333333", lw=1, ls="--", zorder=1)
        log = "log" in axis
        for i, row in part.iterrows():
            y = len(part) - 1 - i
            colour = VERDICT_COLOURS.get(row["verdict"], "#888888")
            est = row["estimate"]
            lo, hi = row["ci_low"], row["ci_high"]
            if pd.notna(lo) and pd.notna(hi):
                ax.plot([lo, hi], [y, y], color=colour, lw=2.5, solid_capstyle="round")
            ax.plot(est, y, "o", color=colour, ms=8, zorder=3)
        labels = [f"{r.claim} {r.title} — {r.verdict}" for r in part.itertuples()]
        ax.set_yticks(range(len(part) - 1, -1, -1), labels)
        ax.set_ylim(-0.7, len(part) - 0.3)
        if log:
            _log_axis(ax, "x")
        ax.set_xlabel(axis)
        for tick, row in zip(ax.get_yticklabels(), part.itertuples(), strict=True):
            tick.set_color(VERDICT_COLOURS.get(row.verdict, "#333333"))
    return _finish(fig, title, caption or "Dot: estimate; bar: 95% interval (C9: placebo "
                   "band); dashed: no effect or 50%; colour: verdict.")


# ----------------------------------------------------------------------------- C1 / C2 / C7
def category_shares(counts: pd.DataFrame | None, *, pitch_share: pd.DataFrame | None = None,
                    title: str = "Who opens conversations with you, by year") -> Figure:
    """Share of inbound one-to-one conversation openers by category and year (``counts``:
    year, category, n); beside it, C1's pitch share among non-automated openers with its
    Wilson interval (``pitch_share``: year, share, ci_low, ci_high)."""
    if _missing(counts, "year", "category", "n"):
        return empty(title, "No classified inbound conversation openers.")
    table = counts.pivot_table(index="year", columns="category", values="n", aggfunc="sum",
                               fill_value=0)
    order = [c for c in CATEGORY_COLOURS if c in table] + [c for c in table
                                                           if c not in CATEGORY_COLOURS]
    table = table[order]
    shares = table.div(table.sum(axis=1), axis=0) * 100
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(WIDTH, 4.2),
                                   gridspec_kw={"width_ratios": [3, 2]})
    bottom = np.zeros(len(shares))
    years = shares.index.astype(str)
    for cat in order:
        ax1.bar(years, shares[cat], bottom=bottom, label=cat.replace("_", " "),
                color=CATEGORY_COLOURS.get(cat))
        bottom += shares[cat].to_numpy()
    for x, n in zip(years, table.sum(axis=1), strict=True):
        ax1.text(x, 101, f"n={n}", ha="center", va="bottom", fontsize=8)
    ax1.set_ylim(0, 110)
    ax1.set_ylabel("share of inbound openers (%)")
    ax1.set_xlabel("year")
    ax1.set_title("Categories (all inbound one-to-one)")
    ax1.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
               frameon=False)
    if _missing(pitch_share, "year", "share", "ci_low", "ci_high"):
        ax2.axis("off")
    else:
        ps = pitch_share.sort_values("year")
        x = ps["year"].astype(str)
        ax2.errorbar(x, ps["share"] * 100, yerr=_spread(ps, "share"), fmt="o",
                     color=CATEGORY_COLOURS["sales_pitch"], capsize=4)
        ax2.axhline(50, color="#333333", ls="--", lw=1)
        ax2.set_ylim(0, 100)
        ax2.set_ylabel("sales pitches (% of non-automated)")
        ax2.set_xlabel("year")
        ax2.set_title("C1: pitch share, 95% CI")
    return _finish(fig, title, "Automated mail (sponsored InMail, newsletters) is shown left "
                   "but excluded from C1's share (right); dashed: 50%.")


def time_to_first_pitch(km: pd.DataFrame | None, *, window_days: int = 7,
                        title: str = "Time from connecting to a first sales pitch") -> Figure:
    """Kaplan-Meier curve (``km``: time in days, survival) drawn as the cumulative share of
    new connections who have pitched."""
    if _missing(km, "time", "survival"):
        return empty(title, "No connections made while messages were recorded.")
    k = km.sort_values("time")
    t = np.concatenate([[0.0], k["time"].to_numpy(float)])
    pitched = np.concatenate([[0.0], (1 - k["survival"].to_numpy(float)) * 100])
    if not np.nanmax(pitched) > 0:  # a flat line at zero is an empty frame: say it
        return empty(title, "No connection made while messages were recorded has pitched "
                     "you.")
    fig, ax = plt.subplots(figsize=(WIDTH, 3.8))
    ax.step(t, pitched, where="post", color=CATEGORY_COLOURS["sales_pitch"], lw=2)
    ax.axvline(window_days, color="#333333", ls="--", lw=1)
    at = np.interp(window_days, t, pitched)
    ax.annotate(f"{at:.0f}% within {window_days} days", (window_days, at),
                xytext=(8, 8), textcoords="offset points", fontsize=9)
    from matplotlib.ticker import FuncFormatter

    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlim(0, max(t.max(), window_days * 2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_ylim(0, max(5, pitched.max() * 1.15))
    ax.set_xlabel("days since connecting (log scale after 1 day)")
    ax.set_ylabel("connections who have pitched (%)")
    return _finish(fig, title, "Kaplan-Meier over connections made while messages were "
                   "recorded, censored at the end of the data; dashed: the pitch window.")


def reply_rates(groups: pd.DataFrame | None, *, title: str, caption: str,
                labels: dict[str, str] | None = None, window_days: int = 14) -> Figure:
    """Reply rates with Wilson intervals per group (``groups``: group, estimate, ci_low,
    ci_high, n)."""
    if _missing(groups, "group", "estimate", "ci_low", "ci_high", "n"):
        return empty(title, "No conversations to compare.")
    g = groups.reset_index(drop=True)
    names = [f"{(labels or {}).get(x, x.replace('_', ' '))} (n={n})"
             for x, n in zip(g["group"], g["n"], strict=True)]
    fig, ax = plt.subplots(figsize=(WIDTH, 0.7 * len(g) + 1.8))
    y = np.arange(len(g))[::-1]
    colours = sns.color_palette("colorblind", len(g))
    ax.barh(y, g["estimate"] * 100, color=colours, alpha=0.75)
    ax.errorbar(g["estimate"] * 100, y, xerr=_spread(g), fmt="none", ecolor="#222222",
                capsize=4)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"replied within {window_days} days (%)")
    return _finish(fig, title, caption)


# ----------------------------------------------------------------------------- C3
def tie_strength(ties: pd.DataFrame | None, *, reciprocal: float | None = None,
                 dunbar: float = 150, band: tuple[float, float] = (100, 231),
                 title: str = "How strong are your LinkedIn ties?") -> Figure:
    """Messages exchanged per connection (``ties``: messages_in, messages_out, two_way), and
    the number of reciprocal ties in the last 12 months against Dunbar's band."""
    if _missing(ties, "messages_in", "messages_out", "two_way"):
        return empty(title, "Needs connections and messages.")
    total = ties["messages_in"] + ties["messages_out"]
    bins = [-0.5, 0.5, 1.5, 5.5, 20.5, 100.5, np.inf]
    names = ["0", "1", "2-5", "6-20", "21-100", ">100"]
    binned = pd.cut(total, bins, labels=names)
    counts = pd.crosstab(binned, ties["two_way"].map({True: "two-way", False: "one-way or none"}))
    counts = counts.reindex(names, fill_value=0)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(WIDTH, 4.0),
                                   gridspec_kw={"width_ratios": [3, 2]})
    bottom = np.zeros(len(counts))
    for col, colour in (("one-way or none", "#bababa"), ("two-way", "#4393c3")):
        if col in counts:
            ax1.bar(counts.index.astype(str), counts[col], bottom=bottom, label=col,
                    color=colour)
            bottom += counts[col].to_numpy()
    ax1.set_xlabel("messages exchanged with the connection (count, all time)")
    ax1.set_ylabel("connections (count)")
    ax1.set_title(f"{len(ties):,} connections")
    ax1.legend(fontsize=8)
    low, high = band
    ax2.axhspan(low, high, color="#fdb863", alpha=0.35, label=f"Dunbar's band {low:.0f}-{high:.0f}")
    ax2.axhline(dunbar, color="#b35806", ls="--", lw=1, label=f"Dunbar's number {dunbar:.0f}")
    if reciprocal is not None:
        ax2.bar(["reciprocal ties,\nlast 12 months"], [reciprocal], color="#4393c3", width=0.5)
        ax2.text(0, reciprocal, f"{reciprocal:.0f}", ha="center", va="bottom", fontsize=10)
    ax2.set_ylim(0, max(high, reciprocal or 0) * 1.15)
    ax2.set_ylabel("people (count)")
    ax2.set_title("Against Dunbar's number")
    ax2.legend(fontsize=8, loc="upper right")
    return _finish(fig, title, "Two-way: both of you wrote at least once in a one-to-one "
                   "conversation; reciprocal: both wrote in the last 12 months.")


# ----------------------------------------------------------------------------- C4 / C8
def weekly_series(panel: pd.DataFrame | None, *, exposures: list[str], outcomes: list[str],
                  title: str = "Weekly activity on LinkedIn and what came back") -> Figure:
    """One small panel per weekly series (``panel``: week, one column per series); bars are
    weeks, the line a 4-week mean; gaps are weeks the source file does not cover."""
    if _missing(panel, "week"):
        return empty(title, "No weekly series in this export.")
    series = [(c, "exposure") for c in exposures if c in panel and panel[c].notna().any()]
    series += [(c, "outcome") for c in outcomes if c in panel and panel[c].notna().any()]
    if not series:
        return empty(title, "No weekly series in this export.")
    weeks = pd.to_datetime(panel["week"])
    fig, axs = plt.subplots(len(series), 1, figsize=(WIDTH, 0.95 * len(series) + 1.2),
                            sharex=True, squeeze=False)
    colours = {"exposure": "#4393c3", "outcome": "#d6604d"}
    for ax, (col, role) in zip(axs[:, 0], series, strict=True):
        y = panel[col].astype(float)
        ax.fill_between(weeks, y, step="mid", color=colours[role], alpha=0.3, lw=0)
        ax.plot(weeks, y.rolling(4, min_periods=2).mean(), color=colours[role], lw=1.4)
        ax.set_ylabel(f"{col.replace('_', ' ')}\n({role}, /week)", rotation=0, ha="right",
                      va="center", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_ylim(bottom=0)
    axs[-1, 0].set_xlabel("week")
    axs[-1, 0].xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    return _finish(fig, title, "Blue: what you do (exposure); red: outcomes; bars: counts per "
                   "week; line: 4-week mean; gaps: not covered by the export.")


def effect_pairs(pairs: pd.DataFrame | None, *, bounds: tuple[float, float] = (0.8, 1.25),
                 title: str = "Does more activity bring more outcomes in the next weeks?"
                 ) -> Figure:
    """Incidence-rate ratio per SD of exposure for every (exposure, outcome) pair, with the
    equivalence band (``pairs``: exposure, outcome, irr, ci_low, ci_high, q, equivalent)."""
    if _missing(pairs, "exposure", "outcome", "irr", "ci_low", "ci_high"):
        return empty(title, "No exposure-outcome pairs in this export.")
    p = pairs.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.28 * len(p) + 1.8))
    ax.axvspan(*bounds, color="#d9f0d3", alpha=0.8, label=f"equivalence band {bounds[0]}-"
               f"{bounds[1]}")
    ax.axvline(1, color="#333333", ls="--", lw=1)
    labels = []
    for i, r in p.iterrows():
        y = len(p) - 1 - i
        labels.append(f"{r['exposure']} → {r['outcome']}".replace("_", " "))
        if pd.isna(r["irr"]):
            ax.plot(1, y, "x", color="#999999")
            continue
        q = r.get("q", np.nan)
        colour = ("#b2182b" if r["irr"] > 1 and q < 0.05 else "#2166ac" if r["irr"] < 1
                  and q < 0.05 else "#1b7837" if r.get("equivalent", False) else "#8c6d1f")
        ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=colour, lw=2)
        ax.plot(r["irr"], y, "o", color=colour, ms=5)
    ax.set_yticks(range(len(p) - 1, -1, -1), labels, fontsize=8)
    _log_axis(ax, "x")
    ax.set_xlabel("incidence-rate ratio per SD of exposure (log scale; 1 = no effect)")
    ax.legend(fontsize=8, loc="lower right")
    return _finish(fig, title, "Red: more outcomes (q<0.05); blue: fewer; green: equivalent to "
                   "no effect (TOST); amber: cannot tell; x: too few events to test.")


def spec_curve(spec: pd.DataFrame | None, *, bounds: tuple[float, float] = (0.8, 1.25),
               title: str = "Specification curve: every lag, trend and time unit") -> Figure:
    """Every specification of every tested pair sorted by its IRR, with the choices below
    (``spec``: irr, ci_low, ci_high, p, spec, trend)."""
    if _missing(spec, "irr", "ci_low", "ci_high", "p", "spec", "trend"):
        return empty(title, "No specification curve (no testable pair).")
    s = spec.dropna(subset=["irr"]).sort_values("irr").reset_index(drop=True)
    if s.empty:
        return empty(title, "No specification could be fitted.")
    x = np.arange(len(s))
    colour = np.where((s["p"] < 0.05) & (s["irr"] > 1), "#b2182b",
                      np.where((s["p"] < 0.05) & (s["irr"] < 1), "#2166ac", "#999999"))
    specs = list(dict.fromkeys(sorted(s["spec"], key=lambda v: (v.startswith("monthly"), v))))
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(WIDTH, 6.2), sharex=True,
                                   gridspec_kw={"height_ratios": [3, 2]})
    ax1.axhspan(*bounds, color="#d9f0d3", alpha=0.8)
    ax1.axhline(1, color="#333333", ls="--", lw=1)
    ax1.vlines(x, s["ci_low"], s["ci_high"], colors=colour, lw=0.8, alpha=0.6)
    ax1.scatter(x, s["irr"], c=colour, s=8, zorder=3)
    ax1.set_yscale("log")
    lo, hi = np.nanquantile(s["ci_low"], 0.02), np.nanquantile(s["ci_high"], 0.98)
    ax1.set_ylim(min(lo, bounds[0]) / 1.1, max(hi, bounds[1]) * 1.1)
    _log_axis(ax1, "y")
    ax1.set_ylabel("IRR per SD (log scale)")
    rows = specs + ["trend term"]
    for i, name in enumerate(rows):
        on = s["trend"].to_numpy(bool) if name == "trend term" else (s["spec"] == name).to_numpy()
        ax2.scatter(x[on], np.full(on.sum(), i), s=4, color="#333333", marker="|")
    ax2.set_yticks(range(len(rows)), rows, fontsize=7)
    ax2.invert_yaxis()
    ax2.set_xlabel(f"specification, sorted by IRR ({len(s)} fits)")
    ax2.grid(False)
    share = ((s["p"] < 0.05) & (s["irr"] > 1)).mean()
    return _finish(fig, title, f"{share:.0%} of fits show a positive effect at p<0.05 (red), "
                   "uncorrected; green band: equivalence bounds; below: the choices of each fit.")


# ----------------------------------------------------------------------------- C5 / C10
def _count(value) -> str:
    """A trace count, or 'unknown' where the file that would hold it is absent."""
    return "unknown" if value is None or pd.isna(value) else str(int(value))


def job_timeline(traces: pd.DataFrame | None, *, lookback_days: int = 365,
                 events: pd.DataFrame | None = None, data_start=None,
                 title: str = "Each job start and the LinkedIn traces in the year before"
                 ) -> Figure:
    """One row per position start (``traces``: employer, started_on, evidence, applications,
    recruiter_conversations, ties_at_employer, assessable); the shaded bar is the look-back
    year; optional ``events`` (position, kind, date) mark dated traces."""
    if _missing(traces, "employer", "started_on", "evidence"):
        return empty(title, "No positions with a start date.")
    t = traces.sort_values("started_on").reset_index(drop=True)
    start = pd.to_datetime(t["started_on"], utc=True)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.62 * len(t) + 1.9))
    look = pd.Timedelta(days=lookback_days)
    details = []
    for i, r in t.iterrows():
        y = len(t) - 1 - i
        ok = bool(r.get("assessable", True))
        colour = EVIDENCE_COLOURS.get(r["evidence"], "#999999") if ok else "#cccccc"
        left = mdates.date2num(start[i] - look)
        ax.barh(y, mdates.date2num(start[i]) - left, left=left, height=0.5,
                color=colour, alpha=0.25)
        ax.plot(mdates.date2num(start[i]), y, "D", color=colour, ms=9)
        details.append(f"{r['evidence']}: {_count(r.get('applications'))} appl., "
                       f"{_count(r.get('recruiter_conversations'))} recruiter, "
                       f"{_count(r.get('ties_at_employer'))} ties" if ok else
                       "not assessable (less than a year of messages before it)")
    if events is not None and len(events) and {"position", "kind", "date"} <= set(events):
        pos_row = {p: len(t) - 1 - i for i, p in enumerate(t.get("position", t.index))}
        for kind, grp in events.groupby("kind"):
            ys = grp["position"].map(pos_row)
            ax.plot(mdates.date2num(pd.to_datetime(grp["date"], utc=True)), ys, "|", ms=14,
                    mew=2, color=EVIDENCE_COLOURS.get(kind, "#333333"), label=kind)
    if data_start is not None:
        ax.axvline(mdates.date2num(pd.Timestamp(data_start)), color="#333333", ls=":", lw=1)
    ys = range(len(t) - 1, -1, -1)
    ax.set_yticks(ys, [label(f"{e} ({d:%Y-%m})")
                       for e, d in zip(t["employer"], start, strict=True)])
    ax.xaxis_date()
    years = (start.max() - start.min() + look).days / 365.25
    ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, int(years // 6) + 1)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlim(mdates.date2num(start.min() - look - pd.Timedelta(days=90)),
                mdates.date2num(start.max() + pd.Timedelta(days=150)))
    ax.set_ylim(-0.7, len(t) - 0.3)
    right = ax.twinx()
    right.set_ylim(ax.get_ylim())
    right.set_yticks(ys, details, fontsize=8)
    right.grid(False)
    ax.set_xlabel("date (year)")
    return _finish(fig, title, "Diamond: job start, coloured by the strongest trace; bar: the "
                   f"{lookback_days}-day look-back; grey: started before the messages begin.")


def outcome_sources(table: pd.DataFrame | None, *,
                    title: str = "Where your professional outcomes came from") -> Figure:
    """Outcomes with and without a LinkedIn trace, by kind (``table``: kind, linkedin)."""
    if _missing(table, "kind", "linkedin"):
        return empty(title, "No professional outcomes (add outcomes.csv).")
    counts = pd.crosstab(table["kind"], table["linkedin"].map({True: "LinkedIn",
                                                               False: "elsewhere"}))
    for col in ("LinkedIn", "elsewhere"):
        if col not in counts:
            counts[col] = 0
    counts = counts.loc[counts.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(WIDTH, 0.45 * len(counts) + 1.8))
    kinds = [label(k).replace("_", " ") for k in counts.index]
    ax.barh(kinds, counts["LinkedIn"], color="#0a66c2", label="LinkedIn trace")
    ax.barh(kinds, counts["elsewhere"], left=counts["LinkedIn"], color="#bababa",
            label="other source")
    ax.set_xlabel("outcomes (count)")
    ax.legend(fontsize=8, loc="lower right")
    return _finish(fig, title, "Positions count for LinkedIn when an application or recruiter "
                   "contact preceded them; outcomes.csv rows by their source column.")


# ----------------------------------------------------------------------------- C9
def placebo(draws: pd.DataFrame | None, *, observed: float | None, band: tuple[float, float],
            title: str = "Outcomes after courses, against random dates") -> Figure:
    """The placebo distribution (``draws``: placebo) with its 95% band and the observed
    after-minus-before difference."""
    if _missing(draws, "placebo") or draws["placebo"].notna().sum() == 0:
        return empty(title, "No placebo distribution (too few completions or weeks).")
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6))
    sns.histplot(draws["placebo"].dropna(), ax=ax, color="#bababa", bins=30)
    lo, hi = band
    if lo is not None and hi is not None and math.isfinite(lo) and math.isfinite(hi):
        ax.axvspan(lo, hi, color="#d9f0d3", alpha=0.6, label="placebo 95% band")
    if observed is not None and math.isfinite(observed):
        ax.axvline(observed, color="#b2182b", lw=2, label=f"your courses: {observed:+.2f}")
    ax.set_xlabel("outcome events in the 6 months after minus before (count per course)")
    ax.set_ylabel("placebo draws (count)")
    ax.legend(fontsize=8)
    return _finish(fig, title, "Grey: the same difference at random dates (placebo); "
                   "red: at your course completions.")


# ----------------------------------------------------------------------------- classifier
def confusion_matrix(cm: pd.DataFrame | None, *,
                     title: str = "Classifier against your labels") -> Figure:
    """Heatmap of true against predicted category (``cm``: true, predicted, n), coloured by
    the share of each true category, annotated with counts."""
    if _missing(cm, "true", "predicted", "n"):
        return empty(title, "No labels yet: label a sample (see above) and rerun.")
    table = cm.pivot_table(index="true", columns="predicted", values="n", aggfunc="sum",
                           fill_value=0)
    cats = [c for c in CATEGORY_COLOURS if c in table.index or c in table.columns]
    cats += [c for c in sorted(set(table.index) | set(table.columns)) if c not in cats]
    table = table.reindex(index=cats, columns=cats, fill_value=0)
    share = table.div(table.sum(axis=1).replace(0, np.nan), axis=0) * 100
    fig, ax = plt.subplots(figsize=(WIDTH * 0.75, 5.2))
    sns.heatmap(share, annot=table, fmt="d", cmap="Blues", vmin=0, vmax=100, ax=ax,
                cbar_kws={"label": "% of the true category"})
    ax.set_xlabel("predicted category")
    ax.set_ylabel("your label (true category)")
    ax.tick_params(axis="y", rotation=0)
    return _finish(fig, title, "Counts in the cells; colour: share of each row; the diagonal "
                   "is where the classifier agrees with you.")
