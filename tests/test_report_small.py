"""The report for a real person with little data (issue 15), in headless Chromium.

Two synthetic exports shaped like the most common real ones (``student_export``: a few
hundred connections, a few dozen conversations, almost no activity; and a tiny one) are
built into full reports. In the browser: the index opens with "What your export shows",
no figure is empty (every image is drawn with real size, none is the 'no data' placeholder),
every "n/a" comes with its reason, and no name or company of the export shows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from student_export import COMPANIES, student_export, tiny_export
from test_browser import _problems

from analysis.paths import results_dir

NOTEBOOKS = ("00-scorecard", "01-being-sold-to", "02-superficial-ties")
SHAPES = {"student": student_export, "tiny": tiny_export}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from analysis.report import build_report

    root = tmp_path_factory.mktemp("small")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    source = Path(__file__).resolve().parent.parent / "notebooks"
    for name in NOTEBOOKS:
        shutil.copy(source / f"{name}.ipynb", notebooks)
    built = {}
    for shape, make in SHAPES.items():
        export = make(root / shape / "export")
        index = build_report(export=export, processed=root / shape / "processed",
                             reports=root / shape / "reports", jobs=2,
                             notebook_dir=notebooks, say=lambda _: None)
        built[shape] = (index, root / shape / "processed")
    return built


IMAGES = ("Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
          "i.naturalHeight, i.alt])")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_figure_is_empty(reports, browser, shape):
    index, _ = reports[shape]
    for page in sorted(index.parent.glob("*.html")):
        errors, requests = _problems(browser.open(page.as_uri()))
        assert not errors and not requests, page.name
        for done, width, height, alt in browser.evaluate(IMAGES):
            assert done and width > 300 and height > 100, f"{page.name}: {alt[:80]}"
            assert "No data for this figure" not in alt, f"{page.name}: empty figure {alt}"
            assert "No claim has an estimate" not in alt, page.name


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_index_opens_with_what_the_export_shows(reports, browser, shape):
    index, _ = reports[shape]
    browser.open(index.as_uri())
    heads = browser.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.id)")
    assert heads[:2] == ["what-your-export-shows", "scorecard"]
    parts = browser.evaluate(
        "Array.from(document.querySelectorAll('.overview-part')).map(p => [p.dataset.part, "
        "p.querySelectorAll('img').length, (p.querySelector('.missing') || {}).textContent "
        "|| '', p.querySelector('.overview-sentence').textContent])")
    assert [p[0] for p in parts] == ["coverage", "openers", "replies", "network", "rhythm",
                                     "funnel", "employers"]
    for key, images, missing, said in parts:
        assert said.strip(), key
        # a part shows its figure or says why not; never an empty frame
        assert images == 1 or ".csv" in missing or "No figure" in missing \
            or "too few to draw" in said or "nothing to draw" in said \
            or "no growth to draw" in said, key
    by_key = {p[0]: p for p in parts}
    if shape == "tiny":  # no activity and no job files: named, not drawn
        assert by_key["rhythm"][1] == 0 and "Reactions.csv" in by_key["rhythm"][2]
        assert by_key["funnel"][1] == 0 and "Saved Jobs.csv" in by_key["funnel"][2]
    else:
        assert all(by_key[k][1] == 1 for k in ("coverage", "openers", "replies", "network",
                                               "funnel", "employers"))
        # three reactions in five years: said in words, not drawn as three bars
        assert by_key["rhythm"][1] == 0 and "only 3 reactions" in by_key["rhythm"][3]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_na_comes_with_its_reason(reports, browser, shape):
    index, processed = reports[shape]
    results = results_dir(processed) / "claims.json"
    claims = {c["claim_id"]: c for c in json.loads(results.read_text())}
    ledger = json.loads((processed / "ledger.json").read_text())
    browser.open(index.as_uri())
    rows = browser.evaluate("Array.from(document.querySelectorAll('tr[data-claim]')).map(r =>"
                            " [r.dataset.claim, r.cells[3].innerText, r.cells[4].innerText])")
    unplotted = browser.evaluate("(document.querySelector('.unplotted') || {}).innerText || ''")
    assert rows
    for cid, estimate, words in rows:
        c = claims[cid]
        if "could not have seen" in words:
            assert "here " in words and "detectable" in words, f"{cid}: no MDE quoted"
        if not estimate.startswith("n/a"):
            continue
        assert c["summary"].strip().rstrip(".") in words, cid
        present = {m.rsplit("/", 1)[-1].lower() for m in ledger["files"]}
        absent = [m for m in c["missing"] if m.rsplit("/", 1)[-1].lower() not in present]
        if c["verdict"] == "not testable" and absent:  # what would make it testable
            assert "Needs " in words and absent[0] in words, cid
        for m in c["missing"]:  # a file the export has is never asked for
            if m not in absent:
                assert f"Needs {m}" not in words, cid
        assert f"{cid} " in unplotted, f"{cid} has no estimate but is not listed"
    # the claim cards: an n/a estimate or MDE says why
    for page in sorted(index.parent.glob("0*.html")):
        browser.open(page.as_uri())
        cells = browser.evaluate(
            "Array.from(document.querySelectorAll('.claim-card tr')).filter(r => "
            "['Estimate', 'Minimum detectable effect'].includes(r.cells[0].innerText.trim()))"
            ".map(r => r.cells[1].innerText.trim())")
        for text in cells:
            if text.startswith("n/a"):
                assert len(text) > len("n/a") + 5 and "(" in text, f"{page.name}: {text}"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_name_or_company_of_the_export_shows(reports, shape):
    from analysis import overview

    index, processed = reports[shape]
    html = index.read_text(encoding="utf-8")
    assert "Sample0" not in html and "linkedin.com/in/sample" not in html
    for company in COMPANIES:
        assert company not in html, company
    # the employers figure is drawn from pseudonyms only
    shown = overview.employers(processed)["employer"]
    assert shown.str.fullmatch(r"Employer [A-Z]+|[\d,]+ other employers").all(), list(shown)
    assert not set(shown) & set(COMPANIES)


def test_an_empty_figure_shows_as_one_sentence_in_a_notebook():
    """In Jupyter (and so on the notebook pages), a figure with no data is a sentence."""
    from IPython.core.interactiveshell import InteractiveShell

    from analysis import plots

    shell = InteractiveShell.instance()
    plots.setup()
    data, _ = shell.display_formatter.format(plots.time_to_first_pitch(None))
    assert "image/png" not in data
    assert "No data for this figure" in data["text/html"]
    assert "No connections made" in data["text/html"]
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2])
    drawn, _ = shell.display_formatter.format(fig)
    assert "image/png" in drawn and "text/html" not in drawn


def test_the_forest_plot_draws_only_claims_with_an_estimate():
    import pandas as pd

    from analysis import plots

    nan = float("nan")
    frame = pd.DataFrame({
        "claim": ["C1", "C4", "C8"], "title": ["a", "b", "c"],
        "verdict": ["supported", "not testable", "inconclusive"],
        "axis": ["share", "ratio, log scale", "ratio, log scale"], "reference": [0.5, 1, 1],
        "estimate": [0.6, nan, nan], "ci_low": [0.5, nan, nan], "ci_high": [0.7, nan, nan]})
    fig = plots.forest(frame)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert len(fig.axes) == 1 and labels == ["C1 a — supported"]


def test_a_curve_that_never_rises_is_not_drawn():
    """C2's Kaplan-Meier frame when no connection ever pitched: a sentence, not a flat line."""
    import pandas as pd

    from analysis import plots

    flat = plots.time_to_first_pitch(pd.DataFrame({"time": [3.0, 40.0], "survival": [1.0, 1.0]}))
    assert getattr(flat, "linkedout_empty", None)
    rising = plots.time_to_first_pitch(pd.DataFrame({"time": [3.0, 40.0],
                                                     "survival": [0.9, 0.8]}))
    assert getattr(rising, "linkedout_empty", None) is None


def _processed(tmp_path: Path, **tables) -> Path:
    import pandas as pd

    for name, frame in tables.items():
        pd.DataFrame(frame).to_parquet(tmp_path / f"{name}.parquet")
    return tmp_path


def test_overview_frames_count_what_the_files_hold(tmp_path):
    import pandas as pd

    from analysis import overview

    t = pd.to_datetime(["2021-03-01", "2021-05-01", "2023-01-01"], utc=True)
    processed = _processed(
        tmp_path,
        connections={"connected_on": t, "company": ["Acme Ltd", "ACME", None],
                     "profile_url": [None] * 3, "first_name": ["a", "b", "c"],
                     "last_name": ["x", "y", "z"]},
        reactions={"reacted_at": t[:2]}, saved_jobs={"saved_at": t[2:]})
    net = overview.network(processed)
    assert net.to_dict("list") == {"year": [2021, 2022, 2023], "new": [2, 0, 1],
                                   "total": [2, 2, 3]}
    rhythm = overview.rhythm(processed)
    assert rhythm.to_dict("list") == {"kind": ["Reactions"], "year": [2021], "n": [2]}
    assert overview.funnel(processed)["stage"].tolist() == ["Saved jobs"]
    assert "Shares.csv" in overview.missing_files(processed)
    assert "Reactions.csv" not in overview.missing_files(processed)
    emp = overview.employers(processed)
    assert emp["n"].tolist() == [2] and emp["employer"].str.startswith("Employer ").all()
    cov = overview.coverage(processed)
    assert set(cov["kind"]) == {"Connections", "Reactions", "Saved jobs"}
    assert cov["n"].sum() == 3 + 2 + 1


def test_corrected_shares_say_when_they_leave_out_the_owners_labels():
    """With owner labels, C1's per-category corrected shares cover only the unlabelled
    openers; the overview must not present them as the share of every opener."""
    from analysis import overview
    from analysis.claims import ClaimResult

    c1 = ClaimResult("C1", "t", "q", "m", "r", "supported", details={"corrected": {
        "share": {"estimate": 0.69, "owner_labelled": 134},
        "shares": {"sales_pitch": {"estimate": 0.77, "ci_low": 0.72, "ci_high": 0.84}}}})
    assert overview.owner_labelled_openers({"C1": c1}) == 134
    assert overview.owner_labelled_openers({}) == 0
