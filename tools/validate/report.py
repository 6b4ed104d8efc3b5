"""Write the validation tables: Markdown (for the README) and one self-contained HTML page
(inline CSS and SVG, no external files), from the rows of one run."""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from . import summary as S
from .worlds import worlds_of


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) >= 1 or value == 0 else f"{value:.3f}"
    return str(value)


def _pct(r: pd.Series) -> str:
    if not r["worlds"]:
        return "–"
    return f"{r['rate']:.1%} ({r['ci_low']:.1%}–{r['ci_high']:.1%})"


def tables(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The report's tables, formatted for reading (rates with their simulation interval)."""
    fv = S.false_verdicts(rows)
    out = {}
    if len(fv):
        out["False verdicts in null worlds"] = pd.DataFrame({
            "claim": fv["claim"], "null worlds": fv["worlds"],
            "false supported": fv["false_supported"],
            "false contradicted": fv["false_contradicted"],
            "share (95% sim. interval)": fv.apply(_pct, axis=1), "band": fv["band"],
            "in band": fv["pass"], "world kinds": fv["variants"]})
        bv = S.false_by_variant(rows)
        out["False verdicts by kind of null world"] = pd.DataFrame({
            "claim": bv["claim"], "null world": bv["variant"], "worlds": bv["worlds"],
            "false verdicts": bv["false"], "share (95% sim. interval)": bv.apply(_pct, axis=1),
            "in band": bv["pass"]})
    cov = S.coverage(rows)
    if len(cov):
        out["Coverage of the planted population value"] = pd.DataFrame({
            "claim": cov["claim"], "planted value": cov["planted"],
            "worlds with an interval": cov["worlds"],
            "covered (95% sim. interval)": cov.apply(_pct, axis=1), "band": cov["band"],
            "in band": cov["pass"]})
    grid, smallest = S.power(rows)
    if len(smallest):
        out["Power: smallest planted effect detected 80% of the time"] = smallest
        wide = grid.assign(cell=[f"{e:g}: {p:.0%}" for e, p in zip(grid["effect"],
                                                                     grid["power"],
                                                                     strict=True)])
        out["Power at each planted effect"] = (wide.groupby("claim", sort=False)
                                                .agg(worlds_per_effect=("worlds", "max"),
                                                     power=("cell", " · ".join))
                                                .reset_index())
    pt = S.pair_tests(rows)
    if len(pt):
        out["C4/C8: single pair tests rejecting at 5% in null worlds"] = pd.DataFrame({
            "claim": pt["claim"], "null world": pt["variant"], "worlds": pt["null_worlds"],
            "pair tests": pt["worlds"],
            "share (95% sim. interval)": pt.apply(_pct, axis=1), "band": pt["band"],
            "in band": pt["pass"]})
    return out


def markdown(rows: pd.DataFrame, command: str, timing: str = "") -> str:
    lines = [f"Validation of the claims on simulated worlds (`{command}`, "
             f"{len(rows)} worlds{timing}).", ""]
    for title, table in tables(rows).items():
        lines += [f"#### {title}", "", _md_table(table), ""]
    errors = rows["error"].dropna()
    if len(errors):
        lines += [f"{len(errors)} world(s) raised an error: "
                  + "; ".join(sorted(set(errors))[:5]), ""]
    return "\n".join(lines)


def _md_table(table: pd.DataFrame) -> str:
    head = "| " + " | ".join(map(str, table.columns)) + " |"
    rule = "|" + "---|" * len(table.columns)
    body = ["| " + " | ".join(_fmt(v).replace("|", "\\|") for v in row) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([head, rule, *body])


CSS = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}th{background:#f3f3f3}
.no{color:#b00020;font-weight:600}.yes{color:#1b5e20}figure{display:inline-block;margin:.5em}
figcaption{font-size:.85em}"""


def _html_table(table: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    body = []
    for row in table.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, bool):
                cells.append(f'<td class="{"yes" if v else "no"}">{"yes" if v else "no"}</td>')
            else:
                cells.append(f"<td>{html.escape(_fmt(v).replace('**', ''))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _power_svg(grid: pd.DataFrame, claim: str) -> str:
    """A small power curve: planted effect (x, grid order) against power (y)."""
    g = grid.loc[grid["claim"] == claim]
    w, h, pad = 240, 150, 28
    n = len(g)
    if not n:
        return ""
    xs = [pad + i * (w - 2 * pad) / max(n - 1, 1) for i in range(n)]
    ys = [h - pad - p * (h - 2 * pad) for p in g["power"]]
    y80 = h - pad - 0.8 * (h - 2 * pad)
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    labels = "".join(f'<text x="{x:.1f}" y="{h - 8}" font-size="9" text-anchor="middle">'
                     f"{e:g}</text>" for x, e in zip(xs, g["effect"], strict=True))
    return (f'<figure><svg width="{w}" height="{h}" role="img" aria-label="power of {claim}">'
            f'<line x1="{pad}" x2="{w - pad}" y1="{y80:.1f}" y2="{y80:.1f}" stroke="#999" '
            f'stroke-dasharray="4 3"/><polyline points="{pts}" fill="none" stroke="#1565c0" '
            f'stroke-width="2"/>{labels}<text x="4" y="{y80 - 3:.1f}" font-size="9">80%</text>'
            f'</svg><figcaption>{claim}: power against {html.escape(worlds_of()[claim].effect_label)}'
            f"</figcaption></figure>")


def write(rows: pd.DataFrame, out_dir: Path, command: str, *, seconds: float | None = None,
          workers: int | None = None) -> tuple[Path, Path]:
    """reports/validation.html and validation.md from one run's rows (kept beside them as
    validation_rows.parquet, one row per world, for a closer look)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    timing = f", {seconds:.0f} s with {workers} worker(s)" if seconds is not None else ""
    rows.to_parquet(out_dir / "validation_rows.parquet", index=False)
    md_path = out_dir / "validation.md"
    md_path.write_text(markdown(rows, command, timing) + "\n", encoding="utf-8")
    parts = [f"<h1>LinkedOut: validation of the claims</h1><p>Command: <code>"
             f"{html.escape(command)}</code>; {len(rows)} simulated worlds{timing}. A null "
             "world has "
             "no effect (its population value sits on the claim's boundary); a planted world "
             "has a known population value. The worlds depart from the analysis model on "
             "purpose: autocorrelated and over-dispersed weekly counts, job-search episodes "
             "that drive activity and outcomes together, campaigns, cohorts, sprees of "
             "courses, thin data. Bands: false verdicts 0–8% of null worlds; 95% intervals "
             "covering the planted value in 92–98% of planted worlds.</p>"]
    for title, table in tables(rows).items():
        parts.append(f"<h2>{html.escape(title)}</h2>{_html_table(table)}")
        if title.startswith("Power at each"):
            grid, _ = S.power(rows)
            parts.append("".join(_power_svg(grid, c) for c in dict.fromkeys(grid["claim"])))
    kinds = [f"<li><b>{c}</b>: {html.escape(' '.join((s.make.__doc__ or '').replace('``', '').split()))}"
             + (f" <i>{html.escape(s.note)}.</i>" if s.note else "") + "</li>"
             for c, s in worlds_of().items() if c in set(rows["claim"])]
    parts.append("<h2>The worlds of each claim</h2><ul>" + "".join(kinds) + "</ul>")
    page = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>LinkedOut "
            f"validation</title><style>{CSS}</style></head><body>{''.join(parts)}"
            "</body></html>")
    html_path = out_dir / "validation.html"
    html_path.write_text(page, encoding="utf-8")
    return html_path, md_path
