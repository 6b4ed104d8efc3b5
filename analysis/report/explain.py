"""Plain-words HTML for the notebooks and the index: a claim's verdict, numbers and caveats.

Every string that comes from the data (summaries, labels, table cells) is escaped here, so
a name or a message in the export can never become markup in the report.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from ..claims import ClaimResult
from .results import SCALE

VERDICT_COLOURS = {"supported": "#1b7837", "contradicted": "#b2182b",
                   "inconclusive": "#8c6d1f", "not testable": "#666666"}
MEANING = {
    "supported": "The data back the claim, by the rule registered before looking.",
    "contradicted": "The data go against the claim, by the rule registered before looking.",
    "inconclusive": "The data cannot tell either way. This is not evidence that there is "
                    "no effect: this much data could not have seen an effect smaller than the "
                    "minimum detectable effect.",
    "not testable": "The export lacks what this test needs, so it says nothing about the "
                    "claim.",
}


class Html(str):
    """A string that Jupyter displays as HTML (and that is already escaped)."""

    def _repr_html_(self) -> str:
        return str(self)


# ----------------------------------------------------------------------------- numbers
def _finite(x) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


def pvalue(p) -> str:
    if not _finite(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def value(claim_id: str, x, *, unit: bool = True) -> str:
    """A number on its claim's scale: shares as %, ratios to 2 decimals, C7 in points."""
    if not _finite(x):
        return "n/a"
    scale = SCALE.get(claim_id, "share")
    if scale == "share":
        return f"{x:.0%}"
    if scale == "ratio":
        return f"{x:.2f}"
    if claim_id == "C7":
        return f"{x * 100:+.0f}" + (" percentage points" if unit else "")
    if scale == "count":
        return f"{x:.0f}"
    return f"{x:+.2f}"


def estimate_text(r: ClaimResult) -> str:
    """'66% (95% CI 63% to 70%)', or 'n/a' when the claim has no estimate."""
    est = value(r.claim_id, r.estimate)
    if est == "n/a":
        return est
    if SCALE.get(r.claim_id) == "count" and r.n:
        return f"{est} of {r.n:,}"
    if _finite(r.ci_low) and _finite(r.ci_high):
        kind = "placebo 95% band" if r.claim_id == "C9" else "95% CI"
        est += (f" ({kind} {value(r.claim_id, r.ci_low, unit=False)} to "
                f"{value(r.claim_id, r.ci_high, unit=False)})")
    return est


def sentence(r: ClaimResult, present: set[str] | None = None) -> str:
    """The finding and what the verdict means, as plain sentences."""
    summary = (r.summary or "").strip()
    if summary and summary[-1] not in ".!?":
        summary += "."
    return f"{summary} {meaning_of(r, present)}".strip()


def meaning_of(r: ClaimResult, present: set[str] | None = None) -> str:
    """What the verdict means for this claim: the MDE quoted whenever it speaks of what the
    data 'could not have seen', and what is missing when it is not testable."""
    meaning = MEANING.get(r.verdict, "")
    if r.verdict == "inconclusive" and mde_text(r) != "n/a":
        meaning = meaning[:-1] + f", here {mde_text(r)}."
    elif r.verdict == "inconclusive":  # no MDE: never claim what it "could not have seen"
        meaning = meaning.split(":")[0] + "."
    if r.verdict == "not testable" and r.missing:
        meaning = f"{meaning} {needs(r, present)}".strip()
    return meaning


# Files only LinkedIn's Complete archive has been seen to carry (the Basic one lacks them).
COMPLETE_ONLY = ("Shares.csv", "Comments.csv", "Reactions.csv", "Votes.csv", "Logins.csv",
                 "SearchQueries.csv", "Learning.csv", "Jobs/Job Applications.csv")


def needs(r: ClaimResult, present: set[str] | None = None) -> str:
    """What would make a not-testable claim testable: the files it lacks, and how to get
    them ('Needs Reactions.csv: request LinkedIn's Complete archive, which carries it.').
    Files in ``present`` (the export's, by base name) are not asked for again: there the
    claim's summary says what they lack."""
    def have(m: str) -> bool:
        return present is not None and m.rsplit("/", 1)[-1].lower() in present

    own = [m for m in r.missing if m == "outcomes.csv"]
    files = [m for m in r.missing if m not in own and not have(m)]
    parts = []
    if files:
        how = (": request LinkedIn's Complete archive, which carries it"
               if any(f in COMPLETE_ONLY for f in files) else "")
        parts.append(f"Needs {', '.join(files)}{how}.")
    if own:
        parts.append("Needs your own outcomes.csv (see the README).")
    return " ".join(parts)


def present_files(ledger: dict | None) -> set[str] | None:
    """Base names (lower case) of the export's files, from the ledger; None if unknown."""
    files = (ledger or {}).get("files")
    return {m.rsplit("/", 1)[-1].lower() for m in files} if files else None


def why_na(r: ClaimResult, present: set[str] | None = None) -> str:
    """Why a number is 'n/a': what is missing, else the claim's own summary."""
    if r.verdict == "not testable" and r.missing and needs(r, present):
        return needs(r, present)
    return (r.summary or "too little data to compute it").strip()


def mde_text(r: ClaimResult) -> str:
    if not _finite(r.mde):
        return "n/a"
    if SCALE.get(r.claim_id) == "share":
        return f"±{r.mde:.0%} around 50% ({r.mde_label})"
    if r.claim_id == "C7":
        return f"{r.mde * 100:.0f} percentage points ({r.mde_label})"
    return f"{r.mde:.2f} ({r.mde_label})"


# ----------------------------------------------------------------------------- HTML pieces
def badge(verdict: str) -> str:
    colour = VERDICT_COLOURS.get(verdict, "#666666")
    return (f'<span class="verdict" style="background:{colour};color:#fff;border-radius:3px;'
            f'padding:1px 7px;font-weight:600">{escape(verdict)}</span>')


def quote(r: ClaimResult) -> Html:
    """The article's sentence this claim tests."""
    return Html(f'<blockquote style="border-left:4px solid #999;margin:0.5em 0;'
                f'padding:0.3em 1em;font-style:italic">&ldquo;{escape(r.quote)}&rdquo;'
                f'<br><small>Westenberg, &ldquo;Delete LinkedIn&rdquo;, as reported in '
                f'&ldquo;An Existential Question: LinkedIn or LinkedOut?&rdquo; (5 March '
                f'2021)</small></blockquote>')


def card(r: ClaimResult) -> Html:
    """The claim's verdict, what was measured, the numbers with their uncertainty, and
    what the result cannot say."""
    rows = [
        ("Verdict", badge(r.verdict) + " " + escape(meaning_of(r))),
        ("What was measured", escape(r.measured)),
        ("Rule", escape(r.rule)),
        ("Finding", escape(r.summary or "")),
        ("Estimate", escape(f"{estimate_text(r)} — {r.estimate_label}" if r.estimate_label
                            else estimate_text(r))
         + ("" if _finite(r.estimate) else f" <small>({escape(why_na(r))})</small>")),
        ("n", escape(f"{r.n:,}")),
        ("p / q (BH within family)", escape(f"p {pvalue(r.p)} / q {pvalue(r.q)}")),
        ("Minimum detectable effect", escape(mde_text(r) if _finite(r.mde)
                                             else f"n/a ({why_na(r)})")),
        ("Data window", escape(" to ".join(w or "?" for w in r.window))),
    ]
    if r.missing:
        rows.append(("Missing", escape(", ".join(r.missing))))
    if r.parameters:
        changed = ", ".join(f"{k} = {v}" for k, v in r.parameters.items())
        rows.append(("Parameters changed from the registered defaults", escape(changed)))
    body = "".join(f'<tr><th style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
                   f'white-space:nowrap">{k}</th><td style="text-align:left">{v}</td></tr>'
                   for k, v in rows)
    lims = "".join(f"<li>{escape(x)}</li>" for x in r.limitations)
    limits = f"<p><b>What this cannot say</b></p><ul>{lims}</ul>" if lims else ""
    return Html(f'<div class="claim-card" id="card-{escape(r.claim_id)}">'
                f'<table style="border-collapse:collapse">{body}</table>{limits}</div>')


def table(frame: pd.DataFrame, *, floatfmt: str = "{:.3g}", max_rows: int = 40) -> Html:
    """A data frame as escaped HTML (cells from the export cannot inject markup)."""
    shown = frame.head(max_rows)
    html = shown.to_html(index=False, escape=True, border=0, na_rep="",
                         float_format=floatfmt.format, classes="dataframe")
    more = f"<p><small>{len(frame) - max_rows:,} more rows not shown.</small></p>" \
        if len(frame) > max_rows else ""
    return Html(html + more)


def interval(est, low, high, *, kind: str = "share") -> str:
    """'12% (95% CI 8% to 17%)' on the given scale: share, pp (points), ratio or plain."""
    def f(x):
        if not _finite(x):
            return "n/a"
        return {"share": f"{x:.0%}", "pp": f"{x * 100:+.0f} points", "ratio": f"{x:.2f}"}.get(
            kind, f"{x:.2f}")
    if not _finite(est):
        return "n/a"
    if _finite(low) and _finite(high):
        return f"{f(est)} (95% CI {f(low)} to {f(high)})"
    return f(est)


def bullets(items) -> Html:
    """An escaped bullet list (items built from numbers and the export's labels)."""
    return Html("<ul>" + "".join(f"<li>{escape(str(x))}</li>" for x in items if x) + "</ul>")


def scorecard(results, *, links: bool = True, suffix: str = ".html") -> Html:
    """Every claim in one table: verdict, estimate with interval, n, p/q, plain sentence,
    and a link to the page that discusses it (``suffix`` ``.ipynb`` in JupyterLab)."""
    from .results import PAGES

    rows, present = [], present_files(getattr(results, "ledger", None))
    for cid, r in results.claims.items():
        page = PAGES.get(cid, "00-scorecard")
        name = f"<b>{escape(cid)}</b> {escape(r.title)}"
        if links:
            name = f'<a href="{escape(page + suffix)}#{escape(cid)}">{name}</a>'
        rows.append(
            f'<tr id="row-{escape(cid)}" data-claim="{escape(cid)}" '
            f'data-verdict="{escape(r.verdict)}"><td>{name}</td>'
            f'<td class="quote"><i>&ldquo;{escape(r.quote)}&rdquo;</i></td>'
            f"<td>{badge(r.verdict)}</td>"
            f"<td>{escape(estimate_text(r))}<br><small>n = {r.n:,}; p {escape(pvalue(r.p))}, "
            f"q {escape(pvalue(r.q))}</small></td><td>{escape(sentence(r, present))}</td></tr>")
    return Html('<table class="scorecard"><thead><tr><th>Claim</th><th>The article says</th>'
                "<th>Verdict</th><th>Estimate (95% interval)</th><th>In plain words</th>"
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def note(text: str) -> Html:
    """A short escaped paragraph (for sentences built from numbers and labels)."""
    return Html(f"<p>{escape(text)}</p>")
