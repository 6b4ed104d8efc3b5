"""Plain-words HTML for the notebooks and the index: a claim's verdict, numbers and caveats.

The HTML comes from autoescaping templates (``templates/``), so a name or a message in the
export can never become markup in the report.
"""

from __future__ import annotations

import math

import pandas as pd

from ..claims import ClaimResult
from .results import claim_of, page_of, scale_of
from .templates import Markup, render

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
    scale = scale_of(claim_id)
    if scale == "share":
        return f"{x:.0%}"
    if scale == "ratio":
        return f"{x:.2f}"
    if _points(claim_id):
        return f"{x * 100:+.0f}" + (" percentage points" if unit else "")
    if scale == "count":
        return f"{x:.0f}"
    return f"{x:+.2f}"


def _points(claim_id: str) -> bool:
    claim = claim_of(claim_id)
    return bool(claim and claim.percent_points)


def estimate_text(r: ClaimResult) -> str:
    """'66% (95% CI 63% to 70%)', or 'n/a' when the claim has no estimate."""
    est = value(r.claim_id, r.estimate)
    if est == "n/a":
        return est
    if scale_of(r.claim_id) == "count" and r.n:
        return f"{est} of {r.n:,}"
    if _finite(r.ci_low) and _finite(r.ci_high):
        claim = claim_of(r.claim_id)
        kind = claim.interval_kind if claim else "95% CI"
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
    if scale_of(r.claim_id) == "share":
        return f"±{r.mde:.0%} around 50% ({r.mde_label})"
    if _points(r.claim_id):
        return f"{r.mde * 100:.0f} percentage points ({r.mde_label})"
    return f"{r.mde:.2f} ({r.mde_label})"


# ----------------------------------------------------------------------------- HTML pieces
def badge(verdict: str) -> Markup:
    return render("badge.html", verdict=verdict,
                  colour=VERDICT_COLOURS.get(verdict, "#666666"))


def quote(r: ClaimResult) -> Html:
    """The article's sentence this claim tests."""
    return Html(render("quote.html", quote=r.quote))


def q_label(r: ClaimResult) -> str:
    """What the q shown does. In C4/C8 the BH q over the pairs decides the verdict; in the
    other families the registered rule is the claim's own 95% interval, so the q (BH across
    the family's claims) is shown for reading across claims and must not read as deciding."""
    claim = claim_of(r.claim_id)
    if claim is not None and claim.own_q:
        return "p / q (BH over this claim's pairs; q < 0.05 decides)"
    return "p / q (BH across the family, for reference; the verdict uses the 95% interval)"


def card(r: ClaimResult) -> Html:
    """The claim's verdict, what was measured, the numbers with their uncertainty, and
    what the result cannot say."""
    rows = [
        ("Verdict", badge(r.verdict) + " " + meaning_of(r)),
        ("What was measured", r.measured),
        ("Rule", r.rule),
        ("Finding", r.summary or ""),
        ("Estimate", (f"{estimate_text(r)} — {r.estimate_label}" if r.estimate_label
                      else estimate_text(r))
         + ("" if _finite(r.estimate) else Markup(" <small>({})</small>").format(why_na(r)))),
        ("n", f"{r.n:,}"),
        (q_label(r), f"p {pvalue(r.p)} / q {pvalue(r.q)}"),
        ("Minimum detectable effect", mde_text(r) if _finite(r.mde) else f"n/a ({why_na(r)})"),
        ("Data window", " to ".join(w or "?" for w in r.window)),
    ]
    if r.missing:
        rows.append(("Missing", ", ".join(r.missing)))
    if r.parameters:
        changed = ", ".join(f"{k} = {v}" for k, v in r.parameters.items())
        rows.append(("Parameters changed from the registered defaults", changed))
    return Html(render("card.html", claim_id=r.claim_id, rows=rows, limitations=r.limitations))


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
    return Html(render("bullets.html", items=[str(x) for x in items if x]))


def scorecard(results, *, links: bool = True, suffix: str = ".html") -> Html:
    """Every claim in one table: verdict, estimate with interval, n, p/q, plain sentence,
    and a link to the page that discusses it (``suffix`` ``.ipynb`` in JupyterLab)."""
    present = present_files(getattr(results, "ledger", None))
    rows = [{"id": cid, "title": r.title, "quote": r.quote, "verdict": r.verdict,
             "href": f"{page_of(cid)}{suffix}#{cid}" if links else None,
             "badge": badge(r.verdict), "estimate": estimate_text(r), "n": f"{r.n:,}",
             "p": pvalue(r.p), "q": pvalue(r.q), "sentence": sentence(r, present)}
            for cid, r in results.claims.items()]
    from .false_verdicts import null_line  # the expected false verdicts under no effect

    chance = null_line({cid: r.verdict for cid, r in results.claims.items()})
    return Html(render("scorecard.html", rows=rows) + (note(chance) if chance else ""))


def note(text: str) -> Html:
    """A short escaped paragraph (for sentences built from numbers and labels)."""
    return Html(render("note.html", text=text))
