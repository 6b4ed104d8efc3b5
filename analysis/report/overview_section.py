"""The index's first section, "What your export shows": frames from ``analysis.overview``,
figures from ``analysis.plots_overview``, HTML from ``templates/overview.html``.

One function, ``render``, returns the HTML fragment. A part whose data are absent draws no
figure: it says, in one line, which file would fill it.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path

from .. import overview as ov
from .. import plots_overview as figs
from .templates import render as render_template

FEW = 10  # fewer posts, comments and reactions than this are said, not drawn


@dataclass
class Part:
    key: str
    title: str
    sentence: str
    figure: str | None = None  # base64 PNG
    missing: str | None = None
    notes: list[str] = field(default_factory=list)


def _png(fig) -> str | None:
    if fig is None:
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _pct(k: int, n: int) -> str:
    return f"{k / n:.0%}" if n else "n/a"


def _span(years) -> str:
    lo, hi = int(min(years)), int(max(years))
    return f"in {lo}" if lo == hi else f"from {lo} to {hi}"


def _lacks(files: list[str]) -> str | None:
    if not files:
        return None
    return f"Not in this export: {', '.join(files)}."


def _coverage(processed: Path) -> Part:
    frame = ov.coverage(processed)
    kinds = list(dict.fromkeys(frame["kind"]))
    sentence = (f"Your export has dated rows of {len(kinds)} kinds, "
                f"{_span(frame['year'])}; each row of the figure is one kind and the years "
                "it has rows for." if kinds else "Your export has no dated rows.")
    return Part("coverage", "What the export covers", sentence, _png(figs.coverage(frame)),
                _lacks(ov.missing_files(processed)))


def _openers(results, processed: Path) -> list[Part]:
    frame = ov.openers(results.tables)
    title, rtitle = "Who starts conversations with you", "How often you reply"
    if frame.empty:
        lacks = ov.missing_files(processed, ("Messages",))
        why = (f"No figure: needs {lacks[0]}." if lacks else
               "No figure: no one opened a one-to-one conversation with you in messages.csv "
               "(or the owner of the export is unknown).")
        return [Part("openers", title, "Who wrote to you first, by year and kind of message.",
                     missing=why),
                Part("replies", rtitle, "Your reply rate to each kind of opener.",
                     missing=why)]
    total = int(frame["n"].sum())
    by_cat = frame.groupby("category")["n"].sum().sort_values(ascending=False)
    top = ", ".join(f"{n} {c.replace('_', ' ')}" for c, n in by_cat.items())
    sentence = (f"{total:,} one-to-one conversations were opened by someone else "
                f"{_span(frame['year'])} ({top}), counted by the year of the first message "
                "and the category the classifier gave it.")
    notes = []
    corrected = ov.corrected_shares(results.claims)
    if not corrected.empty:
        shown = "; ".join(
            f"{r.category.replace('_', ' ')} {r.estimate:.0%} ({r.ci_low:.0%} to {r.ci_high:.0%})"
            for r in corrected.itertuples())
        labelled = ov.owner_labelled_openers(results.claims)
        among = ("non-automated openers" if not labelled else
                 f"the non-automated openers you have not labelled ({labelled:,} you labelled "
                 "count as you labelled them in C1)")
        notes.append("The classifier makes mistakes; corrected for its measured error, the "
                     f"shares among {among} are: {shown} (95% intervals).")
    rates = ov.reply_rates(frame)
    replied = int(rates["replied"].sum())
    rsentence = (f"You answered {replied:,} of {total:,} inbound openers "
                 f"({_pct(replied, total)}); the bars give your reply rate to each category.")
    return [Part("openers", title, sentence, _png(figs.openers(frame)), notes=notes),
            Part("replies", rtitle, rsentence, _png(figs.replies(rates)))]


def _network(results, processed: Path) -> Part:
    frame = ov.network(processed)
    title = "Your network"
    if frame.empty:
        return Part("network", title, "Connections made per year.",
                    missing="No figure: needs Connections.csv.")
    total = int(frame["total"].iloc[-1])
    k, n = ov.ever_messaged(results.tables)
    talk = (f"; you exchanged at least one message with {k:,} of them ({_pct(k, n)})"
            if n else "; messages.csv is missing, so who you talked to is unknown")
    if len(frame) == 1:  # one year: a single bar says no more than the sentence
        return Part("network", title, f"You made {total:,} connections {_span(frame['year'])}"
                    f"{talk}; all in one year, so there is no growth to draw.")
    sentence = (f"You made {total:,} connections {_span(frame['year'])}{talk}. "
                "Bars: connections made each year; line: the running total.")
    return Part("network", title, sentence, _png(figs.network(frame)))


def _rhythm(processed: Path) -> Part:
    frame = ov.rhythm(processed)
    title = "Your activity"
    lacks = _lacks(ov.missing_files(processed, ov.RHYTHM))
    if frame.empty:
        return Part("rhythm", title, "How often you post, comment and react, per year.",
                    missing="No figure: " + (lacks or "no dated posts, comments or reactions."))
    totals = frame.groupby("kind")["n"].sum()
    said = ", ".join(f"{int(totals[k]):,} {k.lower()}" for k in ov.RHYTHM if k in totals)
    if totals.sum() < FEW:  # a handful of bars says less than the sentence
        return Part("rhythm", title, f"Your export holds only {said}, "
                    f"{_span(frame.loc[frame['n'] > 0, 'year'])}: too few to draw a rhythm.",
                    missing=lacks)
    sentence = f"Your export holds {said}; the bars count them per year."
    return Part("rhythm", title, sentence, _png(figs.rhythm(frame)), lacks)


def _funnel(processed: Path) -> Part:
    frame = ov.funnel(processed)
    title = "Your job search"
    lacks = _lacks(ov.missing_files(processed, ov.FUNNEL))
    if frame.empty or not frame["stage"].isin(["Saved jobs", "Job applications"]).any():
        return Part("funnel", title, "Searches, saved jobs, applications and positions.",
                    missing="No figure: no saved jobs or job applications in this export "
                            "(Jobs/Saved Jobs.csv, Jobs/Job Applications.csv).")
    one = {"Searches": "search", "Saved jobs": "saved job",
           "Job applications": "job application", "Positions": "position"}
    said = ", ".join(f"{int(r.n):,} {r.stage.lower() if r.n != 1 else one[r.stage]}"
                     for r in frame.itertuples())
    sentence = f"The job-search files in your export hold {said}, one bar per stage."
    return Part("funnel", title, sentence, _png(figs.funnel(frame)), lacks)


def _employers(processed: Path, reveal: bool) -> Part:
    frame = ov.employers(processed, reveal=reveal)
    title = "Where your connections work"
    if frame.empty:
        return Part("employers", title, "How concentrated your network is over employers.",
                    missing="No figure: Connections.csv gives no company for anyone.")
    total = int(frame["n"].sum())
    named = frame.loc[~frame["employer"].str.endswith("other employers")]
    top = named["share"].iloc[0]
    sentence = (f"{total:,} of your connections give a company; the largest single employer "
                f"holds {top:.0%} of them and the top {len(named)} together "
                f"{named['share'].sum():.0%}.")
    return Part("employers", title, sentence, _png(figs.employers(frame)))


def parts(results, *, reveal: bool = False) -> list[Part]:
    """Every part of the section, in reading order."""
    from .. import plots

    plots.setup()
    processed = Path(results.processed)
    return [_coverage(processed), *_openers(results, processed), _network(results, processed),
            _rhythm(processed), _funnel(processed), _employers(processed, reveal)]


def render(results, *, reveal: bool = False) -> str:
    """The section's HTML (autoescaped jinja2); empty when no processed data are known."""
    if results is None or results.processed is None:
        return ""
    section = parts(results, reveal=reveal)
    corrected = not ov.corrected_shares(results.claims).empty
    return str(render_template("overview.html", parts=section, corrected=corrected))


def unplotted(results) -> str:
    """The claims the forest plot leaves out (no estimate), each with its reason."""
    from html import escape

    from .explain import present_files, why_na

    if results is None:
        return ""
    present = present_files(results.ledger)
    rows = [(cid, r) for cid, r in results.claims.items()
            if r.estimate is None or r.estimate != r.estimate]
    if not rows:
        return ""
    items = "".join(f"<li><b>{escape(cid)}</b> {escape(r.title)} ({escape(r.verdict)}): "
                    f"{escape(why_na(r, present))}</li>" for cid, r in rows)
    head = ("No claim has an estimate to plot in this export:" if len(rows) == len(results.claims)
            else "Not in the figure, for want of an estimate:")
    return f'<div class="unplotted"><p>{head}</p><ul>{items}</ul></div>'
