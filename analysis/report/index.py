"""``reports/index.html``: the scorecard first, then data coverage, methods, reproduction.

Hand-written HTML with every value from the export escaped; the one figure (the forest
plot) is embedded as a data URI, so the page stands alone.
"""

from __future__ import annotations

import base64
import io
from dataclasses import fields
from html import escape

from .. import __version__
from ..claims import Params
from .explain import scorecard
from .overview_section import render as overview
from .overview_section import unplotted
from .page import CSS, Chrome
from .results import Results

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


def _coverage(ledger: dict, reveal: bool) -> str:
    if not ledger:
        return "<p>No ledger.json: the data were not ingested by this version.</p>"
    src, owner, totals = ledger.get("source", {}), ledger.get("owner", {}), ledger.get("totals", {})
    who = escape(owner.get("name") or "unknown") if reveal else "the owner"
    out = [
        f"<p>Input: <b>{escape(str(src.get('name')))}</b> ({escape(str(src.get('kind')))}; "
        f"{escape(str(src.get('archive')))} archive, {escape(str(src.get('how', '')))}"
        f"{'; exported ' + escape(str(src['export_date'])) if src.get('export_date') else ''}). "
        f"Fingerprint <code>{escape(str(src.get('sha256', ''))[:16])}</code>.</p>",
        f"<p>Rows read {totals.get('rows_read', 0):,}; loaded {totals.get('rows_loaded', 0):,}; "
        f"quarantined {totals.get('rows_quarantined', 0):,}. Owner: {who}, found by "
        f"{escape(str(owner.get('method', 'unknown')))}.</p>",
        "<table class=coverage><thead><tr><th>File</th><th>Table</th><th>Era</th>"
        "<th>Years</th><th>Rows read</th><th>Loaded</th><th>Quarantined</th></tr></thead><tbody>"]
    for member, f in sorted(ledger.get("files", {}).items()):
        out.append(
            f"<tr><td>{escape(member)}</td><td>{escape(str(f.get('table')))}</td>"
            f"<td>{escape(str(f.get('era')))}</td>"
            f"<td>{escape(_years(f.get('first_date'), f.get('last_date')))}</td>"
            f"<td class=num>{f.get('rows_read', 0):,}</td>"
            f"<td class=num>{f.get('rows_loaded', 0):,}</td>"
            f"<td class=num>{f.get('rows_quarantined', 0):,}</td></tr>")
    for name, e in sorted(ledger.get("extras", {}).items()):
        shown = name if reveal or e.get("kind") != "creator_analytics" else "creator-analytics workbook"
        out.append(
            f"<tr><td>{escape(shown)}</td><td>{escape(', '.join(e.get('tables', [])))}</td>"
            f"<td>{escape(str(e.get('kind')))}</td><td></td>"
            f"<td class=num>{e.get('rows_read', '')}</td>"
            f"<td class=num>{e.get('rows_loaded', '')}</td>"
            f"<td class=num>{e.get('rows_quarantined', '')}</td></tr>")
    out.append("</tbody></table>")
    reasons = ledger.get("quarantine_reasons") or []
    if reasons:
        out.append("<p>Why rows were quarantined (the rows themselves stay in "
                   "<code>data/processed/quarantine.parquet</code>, never in the report):</p>"
                   "<table><thead><tr><th>File</th><th>Reason</th><th>Rows</th></tr></thead>"
                   "<tbody>")
        out += [f"<tr><td>{escape(str(q.get('file')))}</td><td>{escape(str(q.get('reason')))}"
                f"</td><td class=num>{q.get('rows', 0):,}</td></tr>" for q in reasons]
        out.append("</tbody></table>")
    else:
        out.append("<p>No row was quarantined.</p>")
    files = sorted(ledger.get("files", {}).items())
    edited = [f"{m} ({'; '.join(f['edited'])})" for m, f in files if f.get("edited")]
    renamed = [m for m, f in files if f.get("recognised_by") == "header"]
    if edited:
        out.append("<p class=small>Saved again by a spreadsheet program, and read as such: "
                   + escape(", ".join(edited)) + ".</p>")
    if renamed:
        out.append("<p class=small>Under a name LinkedIn does not use, recognised by the "
                   "header: " + escape(", ".join(renamed)) + ".</p>")
    if ledger.get("not_analysed"):
        out.append("<p class=small>Present but not analysed: "
                   + escape(", ".join(ledger["not_analysed"])) + ".</p>")
    return "".join(out)


def _parameters(params: Params) -> str:
    default = Params()
    rows = []
    for f in fields(Params):
        used, base = getattr(params, f.name), getattr(default, f.name)
        mark = " <b>(changed)</b>" if used != base else ""
        rows.append(f"<tr><td><code>{escape(f.name)}</code></td><td>{escape(str(used))}{mark}"
                    f"</td><td>{escape(str(base))}</td></tr>")
    return ("<table><thead><tr><th>Parameter</th><th>Used</th><th>Registered default</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


METHODS = """
<ul>
<li>Each claim was registered before looking at any data (<code>CLAIMS.md</code>): what is
measured, the test, and the rule that turns the numbers into a verdict. The four verdicts:
<i>supported</i> and <i>contradicted</i> by that rule; <i>inconclusive</i> when the data cannot
tell (the minimum detectable effect says how large an effect would have been seen);
<i>not testable</i> when a file the claim needs is missing.</li>
<li>Every estimate comes with a 95% interval (Wilson for shares, Newcombe for differences,
HAC errors for the weekly models, a placebo band for courses), n, a p-value where there is a
test, and a q-value adjusted within its family (Benjamini-Hochberg).</li>
<li>"No evidence of an effect" is never read as "no effect": a claim that activity brings
nothing (C4, C8) is only supported by an equivalence test (TOST) showing every effect lies
within the equivalence bounds.</li>
<li>Message categories come from a classifier. Until you label a sample of your own messages
(notebook 07), its error on your messages is unknown; once you do, the shares are corrected
for it (Rogan-Gladen) and their intervals widened.</li>
<li>This is one person's data: results describe this account, not LinkedIn in general. Weekly
series are short and autocorrelated, so effective samples are smaller than they look; the
specification curve (page 03) shows how much a result depends on the choice of lag.</li>
<li>Only what LinkedIn exports is seen: ties kept up by email or in person, jobs found
through friends who never wrote on LinkedIn, and outcomes you did not record are invisible.</li>
</ul>
"""


def render(results: Results, *, chrome: Chrome, reveal: bool, figure_b64: str,
           command: str) -> str:
    """The whole index page."""
    src = results.ledger.get("source", {})
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LinkedOut: findings</title>
<style>{CSS}{INDEX_CSS}</style></head>
<body>{chrome.header("index.html")}<main>
<h1>Is LinkedIn worth your time? What your own export says</h1>
<p>Each claim of the &ldquo;Delete LinkedIn&rdquo; essay, as reported in &ldquo;An
Existential Question: LinkedIn or LinkedOut?&rdquo; (5 March 2021), tested on this LinkedIn
export with the uncertainty one person's data carries. Click a claim for its page.</p>
{overview(results, reveal=reveal)}
<h2 id="scorecard">Scorecard</h2>
{scorecard(results)}
{f'<img class="figure" alt="Forest plot: every claim with an estimate, its 95% interval, '
 f'coloured by verdict" src="data:image/png;base64,{figure_b64}">' if figure_b64 else ""}
{unplotted(results)}
<h2 id="coverage">Data coverage</h2>
{_coverage(results.ledger, reveal)}
<h2 id="methods">Methods and limitations</h2>
{METHODS}
<h3>Parameters</h3>
{_parameters(results.params)}
<h2 id="reproduce">How to reproduce</h2>
<ol>
<li>Put the same export in <code>data/raw/</code> (input fingerprint
<code>{escape(str(src.get('sha256', ''))[:16])}</code>), with the same
<code>outcomes.csv</code> and <code>labels.csv</code> beside it.</li>
<li>Run <code>{escape(command)}</code> with LinkedOut {escape(__version__)}.
The same input and parameters give the same numbers (every random step is seeded: seed
{results.params.seed}).</li>
<li>To explore: <code>make lab</code> opens the notebooks on <code>data/processed/</code>.</li>
</ol>
</main></body></html>
"""
