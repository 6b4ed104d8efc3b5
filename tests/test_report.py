"""The HTML report, built on the small synthetic demo (with privacy sentinels planted).

One report is built per test run and shared by this module, ``test_notebooks`` and
``test_browser`` (``shared_report``): a file lock lets the first pytest-xdist worker build it
and the others reuse it. Tests that change something build their own copy.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.claims import all_claims
from analysis.paths import results_dir

ROOT = Path(__file__).resolve().parent.parent
CLAIM_IDS = [c.id for c in all_claims()]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
RESOURCE_URL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)"""
    r"""|(?:import\(\s*["'](?:https?:)?//)""", re.I)


@dataclass(frozen=True)
class Built:
    """A report built on the small demo: where everything is, and what was planted."""

    demo: Path  # folder with the export ZIP, extras and truth.json
    export: Path
    processed: Path
    reports: Path
    sentinels: dict
    log: str

    @property
    def index(self) -> Path:
        return self.reports / "index.html"


def _shared_root(tmp_path_factory) -> Path:
    uid = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    base = tmp_path_factory.getbasetemp()
    return base.parent / f"linkedout-report-{uid}" if uid else base / "linkedout-report"


def build(demo: Path, processed: Path, reports: Path, **options) -> tuple[Path, str]:
    """build_report on the demo export, returning the index and the progress it printed."""
    from analysis.report import build_report

    lines: list[str] = []
    export = next(demo.glob("*.zip"))
    index = build_report(export=export, processed=processed, reports=reports,
                         show_code=options.pop("show_code", False),
                         reveal=options.pop("reveal", False), jobs=2, say=lines.append,
                         **options)
    return index, "\n".join(lines)


def shared_report(tmp_path_factory) -> Built:
    """The small demo's report, built once per test run (across xdist workers)."""
    root = _shared_root(tmp_path_factory)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done, failed = root / "built.json", root / "failed.txt"
        if failed.exists():  # one failure, reported once per test, not rebuilt each time
            pytest.fail(f"the shared report build failed: {failed.read_text()}")
        if not done.exists():
            from tools.demo import write_demo

            demo = root / "demo"
            res = write_demo(demo, size="small", sentinels=True)
            try:
                _, log = build(demo, root / "processed", root / "reports")
            except Exception as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}")
                raise
            sentinels = json.loads(res.truth_path.read_text())["sentinels"]
            done.write_text(json.dumps({"log": log, "sentinels": sentinels}))
        meta = json.loads(done.read_text())
    demo = root / "demo"
    return Built(demo, next(demo.glob("*.zip")), root / "processed", root / "reports",
                 meta["sentinels"], meta["log"])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return shared_report(tmp_path_factory)


def report_files(reports: Path) -> list[Path]:
    return sorted(p for p in reports.rglob("*") if p.is_file())


def local_links(html: str) -> set[str]:
    return {h.split("#")[0] for h in re.findall(r'href="([^"]+)"', html)
            if not h.startswith(("#", "http:", "https:", "mailto:", "data:"))}


# ----------------------------------------------------------------------------- content
def test_index_has_every_claim_with_its_verdict(built):
    html = built.index.read_text(encoding="utf-8")
    claims = json.loads((results_dir(built.processed) / "claims.json").read_text())
    assert [c["claim_id"] for c in claims] == CLAIM_IDS
    for c in claims:
        row = re.search(rf'<tr id="row-{c["claim_id"]}"[^>]*data-verdict="([^"]+)"', html)
        assert row, c["claim_id"]
        assert row.group(1) == c["verdict"]
    for section in ("Scorecard", "Data coverage", "Methods and limitations",
                    "How to reproduce"):
        assert section in html
    assert html.index("Scorecard") < html.index("Data coverage")


def test_pages_link_to_each_other(built):
    pages = {p.name for p in built.reports.glob("*.html")}
    assert {"index.html", "00-scorecard.html", "01-being-sold-to.html",
            "03-vanity-metrics.html"} <= pages
    for name in pages:
        links = local_links((built.reports / name).read_text(encoding="utf-8"))
        assert pages - {name} <= links | {name}, f"{name} does not link to every page"
        assert links <= pages, f"{name} links to missing pages: {links - pages}"


def test_claim_links_land_on_an_anchor(built):
    html = built.index.read_text(encoding="utf-8")
    for page, anchor in re.findall(r'href="(\d\d-[\w-]+\.html)#(C\d+)"', html):
        target = (built.reports / page).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, (page, anchor)


def test_every_page_says_it_is_the_synthetic_demo(built):
    """...what the demo world is, and how to switch to one's own export."""
    for page in built.reports.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'id="lo-demo-banner"' in text, page.name
        banner = text[text.index('id="lo-demo-banner"'):].split("</div>")[0]
        assert "a synthetic person whose figures resemble real exports; not your data" \
            in banner, page.name
        assert "data/raw/" in banner and "make report" in banner, page.name
    assert "SYNTHETIC DEMO" in built.log


def test_code_is_hidden_and_figures_embedded(built):
    html = (built.reports / "01-being-sold-to.html").read_text(encoding="utf-8")
    assert 'class="jp-CodeMirrorEditor' not in html  # code cells are not shown by default
    assert html.count('src="data:image/png;base64,') >= 3
    assert "Traceback" not in html


def test_nothing_is_loaded_from_the_network(built):
    for path in report_files(built.reports):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            hits = [m.group(0) for m in RESOURCE_URL.finditer(text)]
            assert not hits, f"{path.name} loads {hits[:3]}"
            assert "<script src" not in text
            assert "cdnjs" not in text and "unpkg" not in text


# ----------------------------------------------------------------------------- privacy
def _third_party_strings(built: Built) -> list[str]:
    """Sentinels, plus names, emails and message texts sampled from the processed data."""
    s = built.sentinels
    found = [*s["names"], *s["emails"], *s["phrases"], *s["companies"],
             *[u.split("//", 1)[1] for u in s["urls"]]]
    conns = pd.read_parquet(built.processed / "connections.parquet")
    full = (conns["first_name"].fillna("") + " " + conns["last_name"].fillna("")).str.strip()
    found += full[full.str.len() > 6].head(200).tolist()
    msgs = pd.read_parquet(built.processed / "messages.parquet")
    texts = msgs["text"].dropna()
    found += texts[texts.str.len() > 40].str[:40].head(200).tolist()
    return found


def test_default_report_has_no_third_party_data(built):
    secrets = _third_party_strings(built)
    for path in report_files(built.reports):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "linkedin.com/in/" not in text, path.name
        assert not EMAIL.search(text), f"{path.name}: {EMAIL.search(text).group(0)}"
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path.relative_to(built.reports)} contains {leaked[:3]}"


def test_people_are_stable_pseudonyms(built):
    html = (built.reports / "02-superficial-ties.html").read_text(encoding="utf-8")
    shown = re.findall(r"<td>(Contact \d{4,})</td>", html)
    assert shown, "the strongest ties are listed as pseudonyms"
    from analysis.privacy import Pseudonyms

    again = Pseudonyms.from_processed(built.processed)
    ties = pd.read_parquet(results_dir(built.processed) / "figures" / "ties.parquet")
    mine = {again.contact(u, n) for u, n in zip(ties["profile_url"], ties["name"], strict=True)}
    assert set(shown) <= mine


def test_employers_are_letters(built):
    html = (built.reports / "04-jobs-and-weak-ties.html").read_text(encoding="utf-8")
    assert "Employer A" in html
    for company in pd.read_parquet(built.processed / "positions.parquet")["company"].dropna():
        assert company not in html


# ----------------------------------------------------------------------------- caching
def test_rerun_with_nothing_changed_skips_everything(built):
    _, log = build(built.demo, built.processed, built.reports)
    assert "Nothing changed" in log, log
    assert "Input unchanged" in log
    assert "Claims unchanged" in log
    assert "running " not in log
    state = json.loads((built.reports / ".linkedout" / "build.json").read_text())
    assert set(state["notebooks"]) >= {"00-scorecard", "06-learning"}
    assert "running 00-scorecard" in built.log  # the first build did run them


def test_failing_notebook_keeps_the_previous_report(built, tmp_path):
    from analysis.errors import LinkedOutError

    reports, processed = tmp_path / "reports", tmp_path / "processed"
    shutil.copytree(built.reports, reports)
    shutil.copytree(built.processed, processed)
    before = {p.relative_to(reports): p.read_bytes() for p in report_files(reports)}
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    nb = json.loads((ROOT / "notebooks" / "06-learning.ipynb").read_text())
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "boom",
                        "metadata": {}, "outputs": [],
                        "source": "raise RuntimeError('planted failure')"})
    (nb_dir / "06-broken.ipynb").write_text(json.dumps(nb))
    with pytest.raises(LinkedOutError) as err:
        build(built.demo, processed, reports, notebook_dir=nb_dir)
    message = str(err.value)
    assert "06-broken" in message and "planted failure" in message
    assert "\n" not in message and "Traceback" not in message
    after = {p.relative_to(reports): p.read_bytes() for p in report_files(reports)}
    assert after == before
    assert not list(tmp_path.glob(".reports.new-*"))


def test_reveal_shows_names_with_a_banner_but_never_emails_or_text(built, tmp_path):
    """REVEAL=1 (with --show-code, to check that too on the same small build)."""
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    for name in ("02-superficial-ties", "04-jobs-and-weak-ties"):
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", nb_dir)
    processed = tmp_path / "processed"
    shutil.copytree(built.processed, processed)
    index, _ = build(built.demo, processed, tmp_path / "reports", reveal=True,
                     show_code=True, notebook_dir=nb_dir)
    pages = list(index.parent.glob("*.html"))
    text = {p.name: p.read_text(encoding="utf-8") for p in pages}
    assert all('id="lo-reveal-banner"' in t for t in text.values())
    assert "do not share" in text["index.html"]
    assert 'class="jp-CodeMirrorEditor' in text["02-superficial-ties.html"]  # --show-code
    positions = pd.read_parquet(processed / "positions.parquet")["company"].dropna()
    assert any(c in text["04-jobs-and-weak-ties.html"] for c in positions)
    everything = "".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in report_files(index.parent))
    for secret in [*built.sentinels["emails"], *built.sentinels["phrases"]]:
        assert secret not in everything


def test_report_cli_parser():
    import argparse

    from analysis.report import add_parser
    from analysis.report.cli import parse_params

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", "--export", "x.zip", "--show-code", "--reveal",
                              "--jobs", "3", "--set", "equivalence_low=0.9",
                              "--set", "lag_weeks=1,2"])
    assert (args.export, args.show_code, args.reveal, args.jobs) == ("x.zip", True, True, 3)
    params = parse_params(args.set)
    assert params.equivalence_low == 0.9 and params.lag_weeks == (1, 2)
    from analysis.errors import LinkedOutError

    with pytest.raises(LinkedOutError):
        parse_params(["no_such=1"])
    with pytest.raises(LinkedOutError):
        parse_params(["hac_lags=many"])


# ----------------------------------------------------------------------------- escaping
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_export_text_is_escaped_everywhere():
    """Names, companies, summaries and file names from an export never become markup."""
    from analysis.claims import ClaimResult, Params
    from analysis.privacy import Pseudonyms
    from analysis.report import explain, index
    from analysis.report.page import Chrome
    from analysis.report.results import Results

    r = ClaimResult("C1", HOSTILE, HOSTILE, HOSTILE, HOSTILE, "supported", estimate=0.6,
                    ci_low=0.55, ci_high=0.65, n=100, summary=HOSTILE, limitations=[HOSTILE],
                    missing=[HOSTILE], parameters={"x": HOSTILE})
    ledger = {"source": {"name": HOSTILE, "sha256": HOSTILE},
              "owner": {"name": HOSTILE, "method": HOSTILE},
              "files": {HOSTILE: {"table": HOSTILE, "era": HOSTILE, "first_date": "2020-01-01",
                                  "last_date": "2021-01-01", "rows_read": 1}},
              "extras": {HOSTILE: {"kind": HOSTILE, "tables": [HOSTILE]}},
              "quarantine_reasons": [{"file": HOSTILE, "reason": HOSTILE, "rows": 1}],
              "not_analysed": [HOSTILE]}
    results = Results({"C1": r}, ledger=ledger, params=Params())
    chrome = Chrome((("index.html", HOSTILE),), demo=True, reveal=True)
    pages = [index.render(results, chrome=chrome, reveal=True, figure_b64="", command=HOSTILE),
             explain.card(r), explain.quote(r), explain.scorecard(results),
             explain.bullets([HOSTILE]), explain.note(HOSTILE)]
    names = Pseudonyms(b"k", reveal=True)
    frame = pd.DataFrame({"url": ["https://www.linkedin.com/in/x"], "name": [HOSTILE],
                          "company": [HOSTILE], "text": [HOSTILE]})
    shown = names.frame(frame, people={"url": "name"}, employers=["company"], text=["text"])
    pages.append(explain.table(shown))
    for html in pages:
        assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0]
    assert shown["text"].iloc[0] == "[text withheld]"


def test_pseudonyms_are_stable_and_keyed():
    from analysis.privacy import Pseudonyms, person_key

    people = [person_key(f"https://www.linkedin.com/in/p{i}") for i in range(500)]
    a, b = Pseudonyms(b"secret", people), Pseudonyms(b"secret", list(reversed(people)))
    urls = [f"https://linkedin.com/in/p{i}/" for i in range(500)]  # same people, other form
    assert [a.contact(u) for u in urls] == [b.contact(u) for u in urls]
    assert len({a.contact(u) for u in urls}) == 500
    assert re.fullmatch(r"Contact \d{4}", a.contact(urls[0]))
    other = Pseudonyms(b"another key", people)
    assert [other.contact(u) for u in urls] != [a.contact(u) for u in urls]
    c = Pseudonyms(b"secret", employers=["Acme Inc.", "Beta GmbH", "ACME"])
    assert [c.employer(x) for x in ("acme", "Beta", "Gamma")] == \
        ["Employer A", "Employer B", "Employer C"]
    assert Pseudonyms(b"s", reveal=True).contact("https://x/in/a", "Ana B") == "Ana B"


def test_index_says_which_verdicts_flip_across_the_registered_choices(built):
    """The robustness section lists exactly the variations the claims stage found to flip."""
    html = built.index.read_text(encoding="utf-8")
    table = pd.read_parquet(results_dir(built.processed) / "figures" / "sensitivity.parquet")
    assert len(table) > 20 and set(table["parameter"]) >= {"reply_window_days", "lag_weeks"}
    flips = table.loc[table["flipped"]]
    section = html[html.index('id="sensitivity"'):html.index('id="coverage"')]
    assert f"{len(table)} variations, of which {len(flips)} change a verdict" in section
    assert section.count("<tr><td>") == len(flips)
