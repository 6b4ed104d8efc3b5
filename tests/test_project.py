"""Project hygiene: one source of truth for dependencies, no personal data in the repo."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _environment_requirements() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    for line in text.splitlines():
        match = re.match(r"^  - ([A-Za-z0-9_.\-]+[^#]*)$", line)
        if match and match.group(1).strip() not in ("pip", "pip:"):
            req = match.group(1).strip()
            deps[_name(req)] = req.replace(" ", "")
    deps.pop("python", None)
    return deps


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def _imported_packages() -> set[str]:
    """Top-level third-party modules imported anywhere in analysis/, tests/ and tools/."""
    import ast
    import sys

    found = set()
    for path in [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "tests").rglob("*.py"),
                 *(ROOT / "tools").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    local = {p.stem for p in (ROOT / "tests").glob("*.py")} | {"analysis", "tests", "tools"}
    return {m for m in found if m not in sys.stdlib_module_names and m not in local}


def test_every_imported_package_is_declared():
    from importlib.metadata import packages_distributions

    declared = set(_pyproject_requirements())
    dists = packages_distributions()
    undeclared = {m: dists.get(m) for m in _imported_packages()
                  if not {_name(d) for d in dists.get(m, [m])} & declared}
    assert not undeclared, f"imported but not in pyproject.toml/environment.yml: {undeclared}"


def test_environment_yml_installs_the_package_and_pins_python():
    text = (ROOT / "environment.yml").read_text()
    assert "python>=3.11" in text and "- -e ." in text and "conda-forge" in text


def _tracked(pattern: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def test_committed_notebooks_have_no_outputs():
    for path in _tracked("*.ipynb"):
        nb = json.loads((ROOT / path).read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path


# Rows that locate real public openers (repository, record, hash), never their text.
REAL_LOCATORS = {"tools/real_openers_data/exports.csv", "tools/real_openers_data/openers-locators.csv",
                 "tools/real_openers_data/openers-labels.csv"}


def test_only_placeholders_are_tracked_under_data_and_reports():
    for path in _tracked("data") + _tracked("reports"):
        assert Path(path).name in {".gitkeep", "README.md"}, path


def test_real_locator_files_hold_no_text_names_urls_or_emails():
    import csv

    allowed = {"id", "repo", "commit", "path", "record", "conversation_id", "date",
               "content_sha256", "language", "split", "era", "n_openers", "label",
               "rater_a", "rater_b", "how"}
    for path in sorted(REAL_LOCATORS):
        with open(ROOT / path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and set(rows[0]) <= allowed, (path, set(rows[0]) - allowed)
        body = (ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"https?://|www\.|@[a-z0-9-]+\.[a-z]", body, re.I), path


def test_gitignore_covers_owner_data():
    paths = ["data/raw/x.zip", "data/raw/demo/truth.json", "data/processed/x.parquet",
             "reports/index.html"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.stdout.split() == paths


def test_data_dictionary_doc_is_up_to_date():
    from analysis.export.dictionary import render_dictionary

    assert (ROOT / "docs" / "data-dictionary.md").read_text() == render_dictionary(), (
        "run: python -m analysis dictionary --output docs/data-dictionary.md")


def test_line_count_of_the_installed_package(tmp_path, capsys):
    """``make loc`` counts every line of every .py file, by subpackage and top-level module,
    and fails above the limit."""
    from tools.loc import count_lines, main

    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "top.py").write_text("a = 1\n\n# note\n")
    (tmp_path / "sub" / "x.py").write_text('"""Doc."""\nb = 2\n')
    (tmp_path / "sub" / "deep" / "y.py").write_text("c = 3")  # no final newline
    (tmp_path / "sub" / "notes.md").write_text("not\npython\n")
    assert count_lines(tmp_path) == {"top.py": 3, "sub": 3}
    assert main(["--package", str(tmp_path), "--limit", "6"]) == 0
    assert main(["--package", str(tmp_path), "--limit", "5"]) == 1
    assert "6 lines of Python (over the limit of 5" in capsys.readouterr().out
