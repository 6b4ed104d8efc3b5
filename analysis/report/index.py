"""``reports/index.html``: the scorecard first, then data coverage, methods, reproduction.

From the ``index.html`` template (autoescaping: every value from the export is escaped by
the engine); the one figure (the forest plot) is embedded as a data URI, so the page stands
alone.
"""

from __future__ import annotations

import base64
import io
from dataclasses import fields

from .. import __version__
from ..claims import Params
from .explain import scorecard
from .overview_section import render as overview
from .overview_section import unplotted
from .page import CSS, Chrome
from .results import Results
from .templates import Markup
from .templates import render as render_template

INDEX_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
  color:#1d1d1d;background:#fff}
main{max-width:1100px;margin:0 auto;padding:0 18px 40px}
h1{font-size:26px;margin:14px 0 4px} h2{margin-top:34px;border-bottom:2px solid #0a3d62}
table{border-collapse:collapse;margin:8px 0 14px;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.quote{font-style:italic;color:#444}
.small{font-size:13px;color:#555}
img.figure{max-width:100%;height:auto;border:1px solid #eee}
code,.lo-code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f2f4f7;
  padding:0 3px;border-radius:2px}
"""


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def forest_png(results: Results) -> str:
    """The forest plot of every claim, base64 PNG."""
    from .. import plots

    plots.setup()
    frame = results.forest_frame()
    if frame.empty or frame["estimate"].isna().all():
        return ""  # nothing to draw: every claim is listed with its reason instead
    return _png(plots.forest(frame))


def _years(first: str | None, last: str | None) -> str:
    if not first:
        return ""
    return first[:4] if first[:4] == (last or first)[:4] else f"{first[:4]}–{(last or '')[:4]}"


def _coverage(ledger: dict, reveal: bool) -> Markup:
    """The data-coverage section: files, rows, quarantine reasons, edited files."""
    return render_template("coverage.html", **_coverage_values(ledger, reveal))


def _coverage_values(ledger: dict, reveal: bool) -> dict:
    """What the coverage section shows (the template escapes every value)."""
    if not ledger:
        return {"ledger": {}}
    src, owner = ledger.get("source", {}), ledger.get("owner", {})
    rows = [{"member": member, "table": str(f.get("table")), "era": str(f.get("era")),
             "years": _years(f.get("first_date"), f.get("last_date")),
             "read": f"{f.get('rows_read', 0):,}", "loaded": f"{f.get('rows_loaded', 0):,}",
             "quarantined": f"{f.get('rows_quarantined', 0):,}"}
            for member, f in sorted(ledger.get("files", {}).items())]
    for name, e in sorted(ledger.get("extras", {}).items()):
        shown = name if reveal or e.get("kind") != "creator_analytics" \
            else "creator-analytics workbook"
        rows.append({"member": shown, "table": ", ".join(e.get("tables", [])),
                     "era": str(e.get("kind")), "years": "", "read": e.get("rows_read", ""),
                     "loaded": e.get("rows_loaded", ""),
                     "quarantined": e.get("rows_quarantined", "")})
    files = sorted(ledger.get("files", {}).items())
    return {
        "ledger": ledger, "owner": owner, "totals": ledger.get("totals", {}),
        "src": {"name": str(src.get("name")), "kind": str(src.get("kind")),
                "archive": str(src.get("archive")), "how": str(src.get("how", "")),
                "export_date": src.get("export_date")},
        "method": str(owner.get("method", "unknown")),
        "fingerprint": str(src.get("sha256", ""))[:16],
        "owner_shown": (owner.get("name") or "unknown") if reveal else "the owner",
        "files": rows, "reasons": ledger.get("quarantine_reasons") or [],
        "edited": [f"{m} ({'; '.join(f['edited'])})" for m, f in files if f.get("edited")],
        "renamed": [m for m, f in files if f.get("recognised_by") == "header"],
        "not_analysed": ledger.get("not_analysed") or [],
        "exports": [_export_line(e) for e in ledger.get("exports", [])],
    }


def _export_line(e: dict) -> str:
    """One export among several merged: its kind, span and what it added."""
    when = f", exported {e['export_date']}" if e.get("export_date") else ""
    span = f", data {_years(e.get('first_date'), e.get('last_date'))}" \
        if e.get("first_date") else ""
    return (f"{e.get('name')} ({e.get('archive')} archive{when}{span}): {e.get('files')} files, "
            f"{e.get('rows_read', 0):,} rows read, {e.get('rows_new', 0):,} new, "
            f"{e.get('rows_duplicate', 0):,} already in a newer file, "
            f"{e.get('conflicts', 0):,} conflicts (the newer value kept).")


def _sensitivity(results: Results) -> Markup:
    """Which verdicts flip across the registered parameter ranges and the classifier's
    error (the table the claims stage computed; nothing is re-evaluated here)."""
    table = results.table("sensitivity")
    if table is None:
        return render_template("sensitivity.html", rows=None)
    flips = table.loc[table["flipped"].astype(bool)].to_dict("records")
    return render_template("sensitivity.html", rows=True, total=len(table), flips=flips)


def _parameters(params: Params) -> list[dict]:
    default = Params()
    return [{"name": f.name, "used": str(getattr(params, f.name)),
             "default": str(getattr(default, f.name)),
             "changed": getattr(params, f.name) != getattr(default, f.name)}
            for f in fields(Params)]


METHODS = """
<ul>
<li>Each claim was registered before looking at any data (its measure, test and rule are on
its page and in the scorecard above): what is measured, the test, and the rule that turns
the numbers into a verdict. The four verdicts: <i>supported</i> and <i>contradicted</i> by that
rule; <i>inconclusive</i> when the data cannot tell (the minimum detectable effect says how
large an effect would have been seen); <i>not testable</i> when a file the claim needs is
missing or the data are below the claim's registered minimum.</li>
<li>Every estimate comes with a 95% interval (Wilson for shares, widened by a design effect
when items come in bursts close in time; Newcombe for differences; HAC errors for the weekly
models, widened by a circular-shift calibration; a placebo band for courses), n, a p-value
where there is a test, and a q-value adjusted within its family (Benjamini-Hochberg). In C4
and C8 the q over the exposure-outcome pairs decides the verdict; for the other claims the
registered rule is the claim's own 95% interval and the q is shown for reading across claims
only (it does not change the verdict).</li>
<li>"No evidence of an effect" is never read as "no effect": a claim that activity brings
nothing (C4, C8) is only supported by an equivalence test (TOST) showing every effect lies
within the equivalence bounds.</li>
<li>Message categories come from a classifier. Shares are corrected for its error: by default
the error measured on real labelled conversation openers from other people's exports (which
may differ from its error on your messages); once you label a sample of your own messages
(notebook 07), your labels replace it. The intervals carry that uncertainty, and each claim
says how large an error would flip its verdict.</li>
<li>This is one person's data: results describe this account, not LinkedIn in general, and
they are associations, not causes. Weekly series are short and autocorrelated, so effective
samples are smaller than they look; the specification curve (page 03) and the robustness
table above show how much a verdict depends on the choices made.</li>
<li>Only what LinkedIn exports is seen: ties kept up by email or in person, jobs found
through friends who never wrote on LinkedIn, and outcomes you did not record are invisible.</li>
</ul>
"""


def render(results: Results, *, chrome: Chrome, reveal: bool, figure_b64: str,
           command: str) -> str:
    """The whole index page."""
    src = results.ledger.get("source", {})
    return str(render_template(
        "index.html", css=Markup(CSS + INDEX_CSS), header=Markup(chrome.header("index.html")),
        scorecard=Markup(scorecard(results)), figure_b64=figure_b64, methods=Markup(METHODS),
        parameters=_parameters(results.params), command=command, version=__version__,
        seed=results.params.seed, fingerprint=str(src.get("sha256", ""))[:16],
        coverage=_coverage(results.ledger, reveal),
        overview=Markup(overview(results, reveal=reveal)), unplotted=Markup(unplotted(results)),
        sensitivity=_sensitivity(results)))
