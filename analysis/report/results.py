"""The claims' results as the notebooks and the report read them.

``make claims`` and the report evaluate the claims once and save them with
``claims.store`` beside the processed set (``data/results/``: ``claims.json``, the claims'
tables and the feature tables behind figures). Notebooks load that; only when it is missing,
or was computed with other parameters, do they evaluate the claims in memory (in JupyterLab
after ``make ingest``, say), so they always run on whatever is in ``data/processed/``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from ..claims import ClaimResult, Params, all_claims
from ..claims.definitions import Claim
from ..claims.store import load_results
from ..paths import results_dir

# How each claim's estimate reads (its ``Claim.scale``): a share (against 0.5), a ratio
# (against 1), a difference (against 0) or a count.
REFERENCE = {"share": 0.5, "ratio": 1.0, "difference": 0.0, "count": 0.0}
AXIS = {  # the x-axis of a scale in the forest plot, unless the claim names its own
    "share": "share of cases (0 to 1; dashed: 0.5)",
    "ratio": "ratio, log scale (dashed: 1 = no effect)",
    "difference": "difference",
    "count": "count",
}


def __getattr__(name: str):
    """``PAGES`` and ``SCALE`` (claim id -> page, scale), derived from the registry for code
    that still reads them."""
    if name == "PAGES":
        return {c.id: c.page for c in all_claims()}
    if name == "SCALE":
        return {c.id: c.scale for c in all_claims()}
    raise AttributeError(name)


def claim_of(claim_id: str) -> Claim | None:
    """The registered claim (its page, scale and axis), or None for an unknown id."""
    return {c.id: c for c in all_claims()}.get(claim_id)


def page_of(claim_id: str) -> str:
    claim = claim_of(claim_id)
    return claim.page if claim else "00-scorecard"


def scale_of(claim_id: str) -> str:
    claim = claim_of(claim_id)
    return claim.scale if claim else "share"


@dataclass
class Results:
    """Every claim's result, the extra figure tables, the ledger and the parameters."""

    claims: dict[str, ClaimResult]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    ledger: dict = field(default_factory=dict)
    params: Params = field(default_factory=Params)
    origin: str = "saved"  # or "computed" (evaluated in memory by the notebook)
    processed: Path | None = None

    def __getitem__(self, claim_id: str) -> ClaimResult:
        return self.claims[claim_id]

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def forest_frame(self) -> pd.DataFrame:
        """One row per claim with its estimate on its own scale, for the forest plot."""
        rows = []
        for cid, r in self.claims.items():
            claim = claim_of(cid)
            scale = claim.scale if claim else "share"
            rows.append({"claim": cid, "title": r.title, "verdict": r.verdict, "scale": scale,
                         "axis": (claim.axis if claim else "") or AXIS[scale],
                         "reference": REFERENCE[scale], "estimate": _num(r.estimate),
                         "ci_low": _num(r.ci_low), "ci_high": _num(r.ci_high), "n": r.n,
                         "label": r.estimate_label})
        return pd.DataFrame(rows)


def _num(value) -> float:
    return math.nan if value is None else float(value)


# ----------------------------------------------------------------------------- compute, save, load
def compute(processed: Path, params: Params | None = None,
            labels: Path | None = None, *, with_sensitivity: bool = False) -> Results:
    """Evaluate every claim on a processed set in memory (``pipeline.compute``: the labels
    ingested with it, or the labels file given), with the feature tables the figures need
    and, with ``with_sensitivity``, the robustness table."""
    from .. import pipeline
    from ..claims.context import INGESTED

    done, ctx = pipeline.compute(processed, params, INGESTED if labels is None else labels,
                                 with_sensitivity=with_sensitivity)
    return Results({r.claim_id: r for r in done.results}, done.tables, ctx.ledger,
                   ctx.params, "computed", Path(processed))


def save(results: Results, processed: Path) -> Path:
    """Write the results beside the processed set (``paths.results_dir``), by the one writer."""
    from .. import pipeline

    return pipeline.save(list(results.claims.values()), results_dir(processed), results.tables)


def load_saved(processed: Path) -> Results | None:
    """What ``make claims`` or the report saved for this processed set, or None."""
    processed = Path(processed)
    saved = load_results(results_dir(processed))
    if saved is None:
        return None
    ledger_path = processed / "ledger.json"
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    return Results(saved[0], saved[1], ledger, Params(), "saved", processed)


def params_from(namespace: dict) -> Params:
    """The registered parameters a notebook set (or had injected) in its namespace."""
    values = {}
    for f in fields(Params):
        if f.name in namespace:
            v = namespace[f.name]
            values[f.name] = tuple(v) if isinstance(v, list) else v
    return Params(**values)


def load(processed: Path | str | None = None, params: Params | None = None,
         labels: Path | str | None = None) -> Results:
    """The saved results when they match ``params``; else evaluate the claims now."""
    from ..paths import PROCESSED_DIR

    processed = Path(processed) if processed else PROCESSED_DIR
    params = params or Params()
    saved = load_saved(processed)
    if saved is not None and all(r.parameters == _jsonish(params.changed())
                                 for r in saved.claims.values()):
        saved.params = params
        return saved
    if not (processed / "ledger.json").exists():
        from ..errors import LinkedOutError

        raise LinkedOutError(f"No processed data in {processed}: run 'make report' (or 'make "
                             "ingest') first.")
    print("Evaluating the claims on", processed, "(no saved results for these parameters; "
          "this takes a minute)...")
    return compute(processed, params, labels)


def _jsonish(value):
    """Parameters as they read back from claims.json (tuples become lists)."""
    return json.loads(json.dumps(value, default=str))
