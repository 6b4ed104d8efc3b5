"""The cohort report (``reports/cohort/index.html``) and the donor's card preview.

Self-contained like the personal report: no scripts or stylesheets from the network, plots
embedded as PNG data. All text goes through jinja2 with autoescaping.
"""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path

import jinja2

from ..claims import CLAIMS, VERDICTS
from .figures import FOREST_MAX, caterpillar, forest, reading

STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.failed{color:#b2182b}.note{color:#555;font-size:.9rem}
img{max-width:100%}
"""
ENV = jinja2.Environment(autoescape=True,
                         trim_blocks=True, lstrip_blocks=True)


def fmt(value, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def pct(value) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


ENV.filters.update(fmt=fmt, pct=pct)

COHORT = ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LinkedOut cohort: {{ people }} people</title>
<style>{{ style }}</style></head><body>
<h1>LinkedOut cohort report</h1>
<p>{{ people }} entries: {{ with_card }} with an effect card ({{ computed }} computed this run,
{{ reused }} reused, {{ given }} given as cards), {{ failed }} failed{% if duplicate %},
{{ duplicate }} duplicate{{ "s" if duplicate > 1 }} of another entry (pooled once){% endif %}.
People appear only as pseudonyms.
{% if labels.owner or labels.transported %}In C1 (and the claims using its categories),
{{ labels.owner }} card{{ "s" if labels.owner != 1 }} corrected the classifier's error with the
donor's own labels and {{ labels.transported }} with error rates measured on other people's
labelled openers: that error is shared by every such card and does not shrink with the number
of people, which the pooled intervals do not yet take into account.{% endif %} Pooling: random effects, Paule-Mandel &tau;&sup2;, Hartung-Knapp-Sidik-Jonkman
95% intervals (t with k&minus;1 df); the prediction interval is where a new person's own
effect would likely fall. Estimates are on each claim's scale (see docs/cohort.md).</p>

<h2>Pooled scorecard</h2>
{% macro pooled_cells(r) %}
<td class="n">{{ r.estimates }} of {{ r.people }}</td>
<td class="n">{{ r.get("estimate") | fmt }}</td>
<td class="n">{% if r.get("ci_low") is not none %}[{{ r.ci_low | fmt }}, {{ r.ci_high | fmt }}]{% else %}too few people{% endif %}</td>
<td class="n">{% if r.get("tau2") is not none %}{{ r.tau2 | fmt }} [{{ r.tau2_low | fmt }}, {{ r.tau2_high | fmt }}]{% endif %}</td>
<td class="n">{{ r.get("i2") | pct }}</td>
<td class="n">{% if r.get("pi_low") is not none %}[{{ r.pi_low | fmt }}, {{ r.pi_high | fmt }}]{% endif %}</td>
{% endmacro %}
<table><tr><th>claim</th><th>scale</th><th>people pooled</th><th>pooled</th><th>95% interval</th>
<th>&tau;&sup2; [95%]</th><th>I&sup2;</th><th>95% prediction</th>
<th>own verdicts: {{ verdicts | join(" / ") }}</th></tr>
{% for r in rows if not r.get("pair") %}
<tr><td>{{ r.claim }} {{ titles[r.claim] }}</td><td>{{ r.scale }}</td>
{% if r.get("by_pair") %}<td class="n">{{ r.estimates }} of {{ r.people }}</td><td colspan="5">pooled pair by pair (below):
{{ r.pairs.pooled }} of {{ r.pairs.pairs }} pairs pooled, {{ r.pairs.q_below_05 | length }} with q &lt; 0.05
(Benjamini-Hochberg over the pairs){% if r.pairs.q_below_05 %}: {{ r.pairs.q_below_05 | join(", ") }}{% endif %}</td>
{% else %}{{ pooled_cells(r) }}{% endif %}
<td class="n">{% for v in verdicts %}{{ r.verdicts[v].share | pct }}{% if not loop.last %} / {% endif %}{% endfor %}</td>
</tr>
{% endfor %}</table>
<p class="note">"People pooled": people whose own verdict is testable and whose card shows an
estimate, of all with a card for the claim. 0 on each scale is no effect (log-odds: a 50%
share). C4 and C8 are never pooled on each person's smallest-q pair (a selected statistic):
each pair is pooled on its own, and their q-values control the false discovery rate.</p>
{% for r in rows if r.get("why_not_poolable") %}<p class="note"><strong>{{ r.claim }} is not
pooled.</strong> {{ r.why_not_poolable }}</p>{% endfor %}

<h3>Share of people per verdict (95% Wilson interval)</h3>
<table><tr><th>claim</th><th>people</th>{% for v in verdicts %}<th>{{ v }}</th>{% endfor %}</tr>
{% for r in rows if not r.get("pair") %}
<tr><td>{{ r.claim }}</td><td class="n">{{ r.people }}</td>{% for v in verdicts %}<td class="n">{{ r.verdicts[v].share | pct }}
{% if r.verdicts[v].ci[0] is not none %}[{{ r.verdicts[v].ci[0] | pct }}, {{ r.verdicts[v].ci[1] | pct }}]{% endif %}</td>{% endfor %}</tr>
{% endfor %}</table>

<h3>C4 and C8, pair by pair</h3>
<table><tr><th>claim</th><th>exposure -&gt; outcome</th><th>people pooled</th><th>pooled log IRR</th>
<th>95% interval</th><th>&tau;&sup2; [95%]</th><th>I&sup2;</th><th>95% prediction</th><th>q (BH)</th></tr>
{% for r in rows if r.get("pair") %}
<tr><td>{{ r.claim }}</td><td>{{ r.pair }}</td>{{ pooled_cells(r) }}<td class="n">{{ r.get("q") | fmt(2) }}</td></tr>
{% endfor %}</table>

<h2>Coverage: who could be tested on each claim</h2>
<table><tr><th>claim</th><th>with an estimate</th><th>why not</th></tr>
{% for r in rows if not r.get("pair") %}
<tr><td>{{ r.claim }} {{ titles[r.claim] }}</td><td class="n">{{ r.estimates }} of {{ r.people }}</td>
<td>{% for why, k in r.not_pooled.items() %}{{ why }}: {{ k }}{% if not loop.last %}; {% endif %}{% endfor %}</td></tr>
{% endfor %}</table>

<h2>Moderators (meta-regression, one at a time)</h2>
{% set fitted = rows | selectattr("moderators") | list %}
{% if fitted %}
<table><tr><th>claim</th><th>moderator</th><th>term</th><th>slope</th><th>95% interval</th><th>p</th><th>q (BH)</th><th>people behind the slope</th><th>residual &tau;&sup2;</th></tr>
{% for r in fitted %}{% for name, m in r.moderators.items() %}{% for t in m.terms %}
<tr><td>{{ r.label }}</td><td>{{ name }}</td><td>{{ t.term }}</td><td class="n">{{ t.slope | fmt }}</td>
<td class="n">[{{ t.ci_low | fmt }}, {{ t.ci_high | fmt }}]</td><td class="n">{{ t.p | fmt(2) }}</td><td class="n">{{ t.q | fmt(2) }}</td>
<td class="n">{{ t.people }} of {{ m.k }}</td><td class="n">{{ m.tau2_residual | fmt }}</td></tr>
{% endfor %}{% endfor %}{% endfor %}</table>
{% else %}<p>No moderator could be fitted: each needs at least 10 people with an estimate, and
at least 3 people in every level or distinct value compared.</p>{% endif %}
<p class="note">Mixed-effects meta-regression on one moderator at a time: weights
1/(se&sup2; + residual &tau;&sup2;), the residual &tau;&sup2; (Paule-Mandel) being what is left
between people once the moderator is in the model; Knapp-Hartung t intervals; q-values are
Benjamini-Hochberg over every moderator term of every claim and pair on this page. A
categorical moderator is compared with its most common level, using only levels with at least
3 people.</p>

<h2>Forest plots</h2>
<p class="note">Each person's estimate with its 95% interval, coloured by their own verdict,
with the interval and random-effects weight written on the right; the diamond is the pooled
estimate (HKSJ 95% interval), the dotted line the 95% prediction interval. Above
{{ forest_max }} people: a caterpillar plot (people sorted by estimate) and a histogram of
their effects. The axis is on the claim's own scale.</p>
{% for f in forests %}<h3>{{ f.title }}</h3>{% if f.reading %}<p>{{ f.reading }}</p>{% endif %}
<img alt="{{ f.title }}" src="data:image/png;base64,{{ f.png }}">
{% endfor %}

{% if privacy and privacy.donors %}
<h2>Donor privacy</h2>
<p>On the fields every card publishes ({{ privacy.fields | join(", ") }}), the smallest group
of donors who share them all holds <strong>{{ privacy.smallest_group }}</strong>
donor{{ "s" if privacy.smallest_group != 1 }}; {{ privacy.unique_donors }} of {{ privacy.donors }}
donors are alone on them{% if privacy.unique_donors %} (anyone who knows those few facts about
such a donor can tell which card is theirs: do not publish cards one by one){% endif %}.</p>
{% endif %}

<h2>Every entry</h2>
<table><tr><th>person</th><th>status</th><th>reason</th></tr>
{% for e in entries | sort(attribute="person") if e.status in ("failed", "duplicate") or entries | length <= list_max %}
<tr{% if e.status == "failed" %} class="failed"{% endif %}><td>{{ e.person }}</td>
<td>{{ e.status }}</td><td>{{ e.reason }}{% for n in e.notes %}{% if loop.first and e.reason %}; {% endif %}{{ n }}{% if not loop.last %}; {% endif %}{% endfor %}</td></tr>
{% endfor %}</table>
{% if entries | length > list_max %}<p class="note">Over {{ list_max }} entries: only those that
failed or duplicate another are listed; cohort.json lists every entry.</p>{% endif %}
<p class="note">Pseudonyms come from a fingerprint of each export's bytes (or of the card):
they do not change when donors are added, and the same export under two names is one donor.
This page names no file or folder of the cohort folder; the command's own output does, for
whoever runs it.</p>
</body></html>
""")

PREVIEW = ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your LinkedOut effect card</title>
<style>{{ style }}</style></head><body>
<h1>Your effect card: exactly what you would share</h1>
<p>This page shows every value in <code>{{ json_name }}</code>, the file you would give to a
study. It holds no names, profile links, message texts, exact dates or employers: only
quarters, sizes in bands, figures suppressed when a count behind them is under 10, and each
claim's verdict and rounded estimate.</p>
<table><tr><th>archive</th><td>{{ card.archive.kind }} (exported {{ card.archive.exported or "month unknown" }}; file eras {{ card.archive.eras | join(", ") }})</td></tr>
<tr><th>data</th><td>{{ card.data.first_quarter }} to {{ card.data.last_quarter }} (about {{ card.data.years | fmt }} years); {{ card.data.network_size or "fewer than 10" }} connections</td></tr>
<tr><th>classifier errors</th><td>{{ card.get("classifier_errors") or "no correction" }} (C1's correction of the message classifier: your own labels, or rates measured on other people's labelled openers)</td></tr>
<tr><th>donor fingerprint</th><td>{{ card.donor }} (from the export's bytes: the same export given twice is counted once)</td></tr>
<tr><th>LinkedOut</th><td>version {{ card.linkedout_version }}, card format {{ card.linkedout_card }}</td></tr></table>
<table><tr><th>claim</th><th>verdict</th><th>scale</th><th>estimate</th><th>standard error</th><th>n</th><th>quarters</th></tr>
{% for cid, c in card.claims.items() %}
<tr><td>{{ cid }} {{ titles[cid] }}</td><td>{{ c.verdict }}{% if c.get("not_testable") %} ({{ c.not_testable }}){% endif %}</td><td>{{ c.scale }}</td>
<td class="n">{{ c.estimate | fmt }}</td><td class="n">{{ c.se | fmt }}</td>
<td class="n">{{ c.n if c.n is not none else (c.get("suppressed") or "–") }}</td>
<td>{{ (c.get("quarters") or []) | select | join(" to ") }}</td></tr>
{% for p in c.get("pairs", []) %}<tr><td>&nbsp;&nbsp;{{ p.pair }}</td><td></td><td>{{ c.scale }}</td>
<td class="n">{{ p.estimate | fmt }}</td><td class="n">{{ p.se | fmt }}</td><td class="n">{{ p.n or p.get("suppressed") or "–" }}</td><td></td></tr>{% endfor %}
{% endfor %}</table>
<h2>Registered parameters</h2>
<table>{% for k, v in card.parameters.items() %}<tr><th>{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>
</body></html>
""")

TITLES = {cid: c.title for cid, c in CLAIMS.items()}


def card_preview(card: dict, json_name: str = "card.json") -> str:
    return PREVIEW.render(card=card, titles=TITLES, style=STYLE, json_name=json_name)


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


LIST_MAX = 1000  # entries listed one by one on the page (cohort.json always lists all)
POOLED_STATUS = ("computed", "reused", "given")


def cohort_page(entries: list, pooled: list[dict], *, computed: int,
                privacy: dict | None = None) -> str:
    rows = pooled
    forests = []
    with_card = [e for e in entries if e.card is not None and e.status in POOLED_STATUS]
    for r in rows:
        if r.get("pair"):
            continue
        people = [(e.person, e.card["claims"][r["claim"]]) for e in with_card
                  if r["claim"] in e.card["claims"]]
        people = [(n, c) for n, c in people if c.get("estimate") is not None and c.get("se")
                  and c.get("verdict") != "not testable"]
        if not people:
            continue
        title = f"{r['claim']} {TITLES[r['claim']]} ({len(people)} people, {r['scale']})"
        draw = forest if len(people) <= FOREST_MAX else caterpillar
        forests.append({"title": title, "reading": reading(r["claim"], r),
                        "png": _png(draw(title, r["scale"], people, r))})
    count = {s: sum(e.status == s for e in entries)
             for s in ("reused", "given", "failed", "duplicate")}
    labels = {k: sum(e.card.get("classifier_errors") == f for e in with_card)
              for k, f in (("owner", "owner labels"), ("transported", "transported"))}
    return COHORT.render(style=STYLE, rows=rows, titles=TITLES, verdicts=VERDICTS,
                         forests=forests, entries=entries, people=len(entries),
                         with_card=len(with_card), computed=computed, privacy=privacy,
                         forest_max=FOREST_MAX, list_max=LIST_MAX, labels=labels, **count)


def write_cohort_report(entries: list, pooled: list[dict], out: Path, *, computed: int,
                        privacy: dict | None = None) -> Path:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(cohort_page(entries, pooled, computed=computed, privacy=privacy),
                    encoding="utf-8")
    return path
