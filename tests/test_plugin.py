"""A claim is a complete plug-in, and every entry point runs one pipeline.

The toy claim (tests/toy_claim.py, registered under an id no real claim uses) must reach
every place a claim shows up with nothing edited outside its own module and its notebook
section. The small demo then checks that the card, the CLI and the report agree with
claims.json."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from analysis.claims import CLAIMS, registry
from analysis.cli import main
from analysis.errors import LinkedOutError
from tests.toy_claim import TOY, TOY_ID, TOY_PAGE, register_toy
from tools.validate.cli import main as validate_main

Z = 1.959963984540054


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


@pytest.fixture
def restored_registry():
    """Whatever a test registers is gone afterwards (no other test sees it)."""
    registry.load()
    before = dict(registry.REGISTRY)
    yield registry.REGISTRY
    registry.REGISTRY.clear()
    registry.REGISTRY.update(before)


@pytest.fixture
def toy(restored_registry):
    assert TOY_ID not in CLAIMS and TOY_ID not in restored_registry  # no collision
    return register_toy()


MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n"
    "2-AA==,,Owner Person,https://www.linkedin.com/in/owner-person,Ana Placeholder,"
    "https://www.linkedin.com/in/p0,2023-06-12 10:00:00 UTC,,\"Thanks, talk soon\",INBOX,\n"
    "2-AA==,,Ana Placeholder,https://www.linkedin.com/in/p0,Owner Person,"
    "https://www.linkedin.com/in/owner-person,2023-06-11 15:33:58 UTC,,Hi there,INBOX,\n")


@pytest.fixture(scope="module")
def tiny_export(tmp_path_factory) -> Path:
    """A small synthetic export: 60 connections (a third made in late December), one
    conversation. Cheap to evaluate, so every subsystem can run on it."""
    from tests.conftest import write_export

    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(60):
        day = f"{20 + i % 10:02d} Dec" if i % 3 == 0 else f"{1 + i % 27:02d} {['Mar', 'Jun', 'Sep'][i % 3]}"
        rows.append(f"P{i},X,https://www.linkedin.com/in/p{i},,Acme,Eng,{day} {2015 + i % 9}")
    profile = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
               "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
               "Owner,Person,,,,,,,,,,,\n")
    return write_export(tmp_path_factory.mktemp("tiny") / "export", {
        "Connections.csv": "\n".join(rows), "messages.csv": MESSAGES, "Profile.csv": profile})


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> dict:
    """The small demo (with its 200 owner labels) ingested and evaluated by `claims`."""
    from tools.demo import write_demo

    root = tmp_path_factory.mktemp("plugin")
    res = write_demo(root / "raw", size="small")
    processed = root / "processed"
    assert main(["ingest", str(res.zip_path), "--out", str(processed)]) == 0
    assert main(["claims", "--processed", str(processed)]) == 0
    claims = json.loads((root / "results" / "claims.json").read_text())
    return {"root": root, "zip": res.zip_path, "processed": processed,
            "claims": {c["claim_id"]: c for c in claims}}


# ----------------------------------------------------------------------------- the toy claim
def test_the_toy_claim_reaches_every_subsystem(toy, tiny_export, tmp_path, capsys):
    from analysis.cohort.card import build_card
    from analysis.cohort.pool import pool_cards
    from analysis.doctor import _claims as doctor_claims
    from analysis.report import explain
    from analysis.report import index as index_page
    from analysis.report.notebooks import missing_sections
    from analysis.report.page import Chrome
    from analysis.report.results import load_saved
    from tools.demo import write_demo

    processed = tmp_path / "processed"
    assert main(["ingest", str(tiny_export), "--out", str(processed)]) == 0

    # claims.json, the CLI scorecard and `claims --sensitivity`
    assert main(["claims", "--processed", str(processed), "--sensitivity"]) == 0
    out = capsys.readouterr().out
    assert f"{TOY_ID}   " in out and "Year-end networking" in out
    saved = load_saved(processed)
    r = saved[TOY_ID]
    assert r.n == 60 and r.measured.startswith("Share of connections made in the last 14 days")
    assert "at least 1 connections" in r.rule  # the minimum rendered into the rule
    table = saved.table("sensitivity")
    mine = table.loc[table["claim_id"] == TOY_ID]
    assert sorted(mine["value"]) == ["14", "30", "7"]
    assert set(mine["parameter"]) == {"reply_window_days"}

    # doctor
    lines, _ = doctor_claims(saved.ledger, owner_ok=True)
    assert any(line.split()[0] == TOY_ID and "Connections.csv" in line for line in lines)

    # the index: scorecard (linking to its section), forest plot, and the section exists
    card_html = str(explain.scorecard(saved))
    assert f'id="row-{TOY_ID}"' in card_html and f"{TOY_PAGE}.html#{TOY_ID}" in card_html
    forest = saved.forest_frame().set_index("claim")
    assert forest.loc[TOY_ID, "reference"] == 0.5
    assert index_page.forest_png(saved)
    html = index_page.render(saved, chrome=Chrome((("index.html", "Findings"),)),
                             reveal=False, figure_b64="", command="make report")
    assert f'id="row-{TOY_ID}"' in html

    # its notebook section: missing until its page has one, then found
    notebooks = tmp_path / "notebooks"
    shutil.copytree(Path(__file__).parent.parent / "notebooks", notebooks)
    assert missing_sections(notebooks) == [TOY_ID]
    page = notebooks / f"{TOY_PAGE}.ipynb"
    nb = json.loads(page.read_text())
    nb["cells"].append({"cell_type": "markdown", "metadata": {},
                        "source": [f'<a id="{TOY_ID}"></a>\n', "\n", "## Year-end networking"]})
    page.write_text(json.dumps(nb))
    assert missing_sections(notebooks) == []

    # the effect card (SE from its own interval) and a pooled cohort row
    card = build_card(list(saved.claims.values()), saved.ledger, saved.params)
    cell = card["claims"][TOY_ID]
    assert cell["estimate"] == pytest.approx(_logit(r.estimate))
    assert cell["se"] == pytest.approx((_logit(r.ci_high) - _logit(r.ci_low)) / (2 * Z))
    cards = [json.loads(json.dumps(card)) for _ in range(3)]
    for i, c in enumerate(cards):
        c["claims"][TOY_ID]["estimate"] += 0.1 * i
    row = next(x for x in pool_cards(cards) if x["claim"] == TOY_ID)
    assert row["k"] == 3 and row["ci_low"] < row["estimate"] < row["ci_high"]

    # validate --quick
    assert validate_main(["--quick", "--claims", TOY_ID, "--workers", "1",
                 "--out", str(tmp_path / "validation")]) == 0
    assert TOY_ID in capsys.readouterr().out
    assert TOY_ID in (tmp_path / "validation" / "validation.md").read_text()

    # the demo truth: none planted, so any verdict is acceptable
    truth = json.loads(write_demo(tmp_path / "demo", size="small").truth_path.read_text())
    assert truth["claims"][TOY_ID]["planted"] == "none planted"
    assert "not testable" in truth["claims"][TOY_ID]["acceptable_verdicts"]


def test_a_claim_without_validation_worlds_fails_validate_loudly(restored_registry, tmp_path,
                                                                  capsys):
    register_toy(worlds=None)
    from tools.validate import Plan, run

    with pytest.raises(LinkedOutError, match=f"no validation worlds for {TOY_ID}"):
        run(None, Plan.quick(), workers=1)
    assert validate_main(["--quick", "--claims", TOY_ID, "--out", str(tmp_path)]) != 0
    assert f"no validation worlds for {TOY_ID}" in capsys.readouterr().err


def test_every_registered_claim_has_its_notebook_section_and_worlds():
    from analysis.report.notebooks import missing_sections
    from tools.validate import worlds_of

    assert missing_sections() == [], "claims with no section on their notebook page"
    assert set(worlds_of()) == {c.id for c in registry.all_claims()}


def test_the_registry_is_restored_after_a_toy_claim(restored_registry):
    assert TOY_ID not in registry.REGISTRY
    assert [c.id for c in registry.all_claims()] == list(CLAIMS)
    assert TOY.id not in CLAIMS


def test_no_claim_module_imports_another():
    import ast
    import pkgutil

    import analysis.claims as package

    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    claim_modules = {registry.get(c.id).function.__module__.rsplit(".", 1)[-1]
                     if hasattr(c.function, "__module__") else "" for c in registry.all_claims()}
    claim_modules |= {"exposure"}  # C4/C8 register a partial
    for name in claim_modules & modules:
        tree = ast.parse(Path(package.__path__[0], f"{name}.py").read_text())
        imported = {n.module.rsplit(".", 1)[-1] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom) and n.module and n.level}
        assert not imported & (claim_modules - {name}), (name, imported & claim_modules)


# ----------------------------------------------------------------------------- one pipeline
def test_card_gives_the_same_c1_as_claims_json(small_demo, tmp_path):
    """The card runs the claims' pipeline with the owner's labels: same C1 as claims.json."""
    out = tmp_path / "card.json"
    assert main(["card", str(small_demo["zip"]), "--out", str(out)]) == 0
    from analysis.cohort.disclosure import band, round_estimate, round_se

    cell = json.loads(out.read_text())["claims"]["C1"]
    c1 = small_demo["claims"]["C1"]
    # the published card coarsens (n in a band, estimate to 2 decimals, SE rounded up)
    assert cell["n"] == band(c1["n"])
    assert cell["estimate"] == round_estimate(_logit(c1["estimate"]))
    assert cell["se"] == round_se((_logit(c1["ci_high"]) - _logit(c1["ci_low"])) / (2 * Z))


def test_card_se_of_every_share_claim_is_the_one_its_interval_implies(small_demo):
    from analysis.cohort.card import MIN_N, build_card
    from analysis.report.results import load_saved

    saved = load_saved(small_demo["processed"])
    card = build_card(list(saved.claims.values()), saved.ledger, saved.params)
    checked = 0
    for claim in registry.all_claims():
        r = saved[claim.id]
        if claim.scale != "share" or r.n < MIN_N or not 0 < r.ci_low < r.ci_high < 1:
            continue
        implied = (_logit(r.ci_high) - _logit(r.ci_low)) / (2 * Z)
        assert card["claims"][claim.id]["se"] == pytest.approx(implied, rel=1e-6), claim.id
        checked += 1
    assert checked >= 3  # C1, C2, C3, C10 on the small demo (those with n >= MIN_N)


def test_claims_sensitivity_writes_what_the_report_reads_and_report_keeps_it(tiny_export,
                                                                             tmp_path):
    """report; claims; report keeps the robustness section, and `claims --sensitivity`
    writes the very table the report shows."""
    import pandas as pd

    from analysis.paths import results_dir
    from analysis.report import build_report

    processed, reports = tmp_path / "processed", tmp_path / "reports"
    empty = tmp_path / "no-notebooks"
    empty.mkdir()
    lines: list[str] = []

    def report() -> str:
        build_report(export=tiny_export, processed=processed, reports=reports,
                     notebook_dir=empty, say=lines.append)
        html = (reports / "index.html").read_text(encoding="utf-8")
        return html[html.index('id="sensitivity"'):html.index('id="coverage"')]

    first = report()
    assert "variations, of which" in first
    assert main(["claims", "--processed", str(processed)]) == 0
    assert report() == first
    table = pd.read_parquet(results_dir(processed) / "figures" / "sensitivity.parquet")
    assert main(["claims", "--processed", str(processed), "--sensitivity"]) == 0
    again = pd.read_parquet(results_dir(processed) / "figures" / "sensitivity.parquet")
    pd.testing.assert_frame_equal(table, again)
    # a claims run that must evaluate again (another labels file) saves no robustness
    # table; the next report brings it back
    assert main(["claims", "--processed", str(processed), "--labels",
                 str(tmp_path / "none.csv")]) == 0
    assert not (results_dir(processed) / "figures" / "sensitivity.parquet").exists()
    assert f"{len(table)} variations" in report()
