"""The notebooks: committed without outputs, thin, and each runs top to bottom on the demo.

Execution on the small demo is what the shared report build does (``test_report``): every
notebook is run headless with nbclient, its parameters injected. Here we check what those
runs left, and run one notebook the way JupyterLab would, on processed data with no saved
results (it must evaluate the claims itself).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_report import shared_report

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["00-scorecard", "01-being-sold-to", "02-superficial-ties", "03-vanity-metrics",
            "04-jobs-and-weak-ties", "05-relationship-selling", "06-learning",
            "07-label-messages"]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_the_expected_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_valid_nbformat_with_cell_ids(path):
    """JupyterLab and nbclient open them without a warning (every cell has a unique id)."""
    import nbformat

    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    ids = [c.get("id") for c in _cells(path)]
    assert all(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_parameters_cell(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1 and code[0] is tagged[0]
    for name in ("processed", "reveal"):
        assert f"{name} = " in _source(tagged[0])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_stay_thin(path):
    """Statistics live in analysis/: a notebook loads results, it does not fit models."""
    text = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "code")
    for banned in ("statsmodels", "scipy", "evaluate_all", ".fit(", "to_csv(", "open("):
        assert banned not in text, banned


def test_injected_parameters_follow_the_parameters_cell():
    import nbformat

    from analysis.report.notebooks import inject

    nb = nbformat.read(ROOT / "notebooks" / "00-scorecard.ipynb", as_version=4)
    out = inject(nb, {"processed": "/x", "reveal": True})
    tags = [c.metadata.get("tags", []) for c in out.cells if c.cell_type == "code"]
    assert tags[0] == ["parameters"] and tags[1] == ["injected-parameters"]
    assert "reveal = True" in out.cells[[c.cell_type for c in out.cells].index("code") + 1].source
    again = inject(out, {"reveal": False})  # re-injecting replaces, never stacks
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in again.cells) == 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shared_report(tmp_path_factory)


@pytest.mark.parametrize("name", EXPECTED)
def test_every_notebook_ran_on_the_small_demo(built, name):
    executed = built.reports / "notebooks" / f"{name}.ipynb"
    assert executed.exists(), f"{name} was not executed by the report"
    cells = [c for c in _cells(executed) if c["cell_type"] == "code"]
    assert all(c["execution_count"] for c in cells), "every code cell ran"
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors
    assert (built.reports / f"{name}.html").exists()


def test_figures_are_produced(built):
    for name in EXPECTED[:7]:
        cells = _cells(built.reports / "notebooks" / f"{name}.ipynb")
        pngs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]
                if o.get("data", {}).get("image/png")]
        assert pngs, f"{name} shows no figure"


def test_a_notebook_runs_on_processed_data_without_saved_results(built, tmp_path):
    """As in JupyterLab after 'make ingest': no claims.json, so it evaluates the claims."""
    from analysis.report.notebooks import Notebook, execute

    processed = tmp_path / "processed"  # results would be in tmp_path / "results": none
    shutil.copytree(built.processed, processed, ignore=shutil.ignore_patterns("report"))
    nb = execute(Notebook(ROOT / "notebooks" / "06-learning.ipynb"),
                 {"processed": str(processed), "reveal": False})
    text = json.dumps(nb)
    assert "Evaluating the claims" in text
    assert '"output_type": "error"' not in text
    assert not (tmp_path / "results").exists(), "a notebook never writes results"


def test_label_notebook_evaluates_the_owners_labels(built, tmp_path):
    """With a labels.csv (here: 80 openers labelled from the demo's planted truth), page 07
    shows precision and recall per category and the confusion matrix."""
    import pandas as pd

    from analysis.report.notebooks import Notebook, execute

    truth = json.loads((built.demo / "truth.json").read_text())["opener_labels"]
    msgs = pd.read_parquet(built.processed / "messages.parquet")
    openers = msgs.loc[msgs["is_conversation_opener"] & ~msgs["is_draft"]]
    openers = openers.assign(label=openers["conversation_id"].map(truth)).dropna(
        subset=["label"])
    labels = tmp_path / "labels.csv"
    openers.sample(80, random_state=1)[["message_id", "label"]].to_csv(labels, index=False)
    nb = execute(Notebook(ROOT / "notebooks" / "07-label-messages.ipynb"),
                 {"processed": str(built.processed), "reveal": False, "labels": str(labels),
                  "show_message_text": False})
    text = json.dumps(nb)
    assert '"output_type": "error"' not in text
    assert "Accuracy" in text and "precision 95% CI" in text
    assert "No labels yet" not in text
    sample = next(c for c in nb.cells if "labelling.sample" in c.source)
    assert "[text withheld]" in json.dumps(sample.outputs)


def test_parameters_cells_list_every_registered_parameter():
    """Each claim notebook's parameters cell is the one generated from ``Params`` (after a
    change to Params: ``python -m analysis.report.parameters`` rewrites them)."""
    from dataclasses import fields

    from analysis.claims import Params
    from analysis.report import parameters

    notebooks = parameters.claim_notebooks()
    assert len(notebooks) >= 7
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        source = "".join(parameters.parameters_cell(nb)["source"])
        assert source == parameters.expected_source(path, nb), (
            f"{path.name}: parameters cell differs from Params; run "
            "'python -m analysis.report.parameters'")
        namespace: dict = {}
        exec(source, namespace)  # noqa: S102 - our own notebook's cell
        assert {f.name for f in fields(Params)} <= set(namespace)
