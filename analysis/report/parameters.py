"""The notebooks' parameters cell, generated from ``Params`` so it always lists every
registered parameter with its default (a test compares each notebook's cell with this).

``python -m analysis.report.parameters`` rewrites the cells after ``Params`` changes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path

from ..claims import Params
from .notebooks import NOTEBOOK_DIR

HEADER = ("# Parameters. Edit them here in JupyterLab; `make report` injects its own values in a "
          "cell\n# right after this one (the registered defaults unless you ran it with --set "
          "NAME=VALUE).\n")
SETTINGS = (  # what every notebook reads besides the registered parameters
    ("processed", None, "processed export folder; None = data/processed/ of this project"),
    ("reveal", False, "True shows real names: for your eyes only, never share the output"),
    ("labels", None, "a labels.csv to use instead of the labels ingested with the export"),
)
NOTES = {  # one line each; a parameter without a note points to its definition
    "reply_window_days": "C6/C7: a reply counts within this many days",
    "pitch_window_days": 'C2: "in the same breath" = a first pitch within this many days',
    "equivalence_low": 'C4/C8: effects (rate ratios) inside these bounds count as "no effect"',
    "equivalence_high": "C4/C8: upper equivalence bound",
    "lag_weeks": "C4/C8: outcomes in weeks t+1 .. t+4 after the activity",
    "spec_curve_lags": "C4: the longest lag in the specification curve",
    "hac_lags": "C4/C8: lags of the HAC (Newey-West) standard errors",
    "min_events": "C4/C8: fewest outcome events for a pair to be tested",
    "dunbar": "C3: Dunbar's number",
    "dunbar_band": "C3: Dunbar (1993) 95% interval",
    "learning_window_days": "C9: the window before and after each course",
    "placebo_draws": "C9: placebo dates drawn",
    "lookback_days": "C5: traces in the year before a job starts",
    "spec_curve": "C4: draw the specification curve",
    "seed": "every random step is seeded",
}
PAGE_SUFFIX = ("page_suffix", ".ipynb", "links to the other notebooks (the report uses .html)")
TAG = "parameters"


def _line(name: str, value, note: str) -> str:
    assign = f"{name} = {value!r}"
    return f"{assign:<{max(28, len(assign) + 1)}}# {note}"


def parameters_source(*, page_suffix: bool = False) -> str:
    """The parameters cell: the settings, then every ``Params`` field with its default."""
    default = Params()
    lines = [_line(n, v, note) for n, v, note in SETTINGS]
    lines += [_line(f.name, getattr(default, f.name),
                    NOTES.get(f.name, "see analysis/claims/params.py")) for f in fields(Params)]
    if page_suffix:
        lines.append(_line(*PAGE_SUFFIX))
    return HEADER + "\n".join(lines)


def claim_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks that load the claims (``lab.setup(globals())``), not the labeller."""
    return [p for p in sorted(folder.glob("*.ipynb"))
            if "lab.setup(globals())" in p.read_text(encoding="utf-8")]


def parameters_cell(nb: dict) -> dict:
    return next(c for c in nb["cells"] if TAG in c.get("metadata", {}).get("tags", []))


def expected_source(path: Path, nb: dict) -> str:
    """The cell a notebook should have (the scorecard also links with ``page_suffix``)."""
    return parameters_source(page_suffix="page_suffix" in "".join(parameters_cell(nb)["source"]))


def write(folder: Path = NOTEBOOK_DIR) -> list[str]:
    """Rewrite every claim notebook's parameters cell; return the names changed."""
    changed = []
    for path in claim_notebooks(folder):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = parameters_cell(nb)
        source = expected_source(path, nb)
        if "".join(cell["source"]) != source:
            cell["source"] = source.splitlines(keepends=True)
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            changed.append(path.name)
    return changed


if __name__ == "__main__":
    done = write()
    print("Rewrote the parameters cell of " + (", ".join(done) if done else "no notebook"))
    sys.exit(0)
