"""Run every claim, adjust p-values within families, and save the results for the report."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .. import stats
from .being_sold_to import c1_being_sold_to, c2_pitch_on_first_contact
from .context import Context
from .definitions import CLAIMS
from .exposure import exposure_claim
from .jobs import c5_jobs, c10_not_fundamental
from .learning import c9_learning
from .replies import c6_relationship_selling, c7_cold_messages
from .result import ClaimResult, not_testable
from .superficial_ties import c3_superficial_ties

CLAIM_FUNCTIONS = {
    "C1": c1_being_sold_to,
    "C2": c2_pitch_on_first_contact,
    "C3": c3_superficial_ties,
    "C4": lambda ctx: exposure_claim(ctx, "C4"),
    "C5": c5_jobs,
    "C6": c6_relationship_selling,
    "C7": c7_cold_messages,
    "C8": lambda ctx: exposure_claim(ctx, "C8"),
    "C9": c9_learning,
    "C10": c10_not_fundamental,
}
OWN_Q = {"C4", "C8"}  # these carry the q of their own pair family
log = logging.getLogger(__name__)


def run_claim(claim_id: str, ctx: Context) -> ClaimResult:
    """One claim, isolated: a bug or an export nobody foresaw makes this claim "not
    testable" (the traceback goes to the log), never the whole report."""
    try:
        return CLAIM_FUNCTIONS[claim_id](ctx)
    except Exception as err:  # noqa: BLE001 - the point is to catch what nobody expected
        log.error("claim %s could not be computed", claim_id, exc_info=True)
        result = not_testable(CLAIMS[claim_id], [],
                              f"could not be computed: {type(err).__name__}")
        result.details["error"] = type(err).__name__
        return result


def failed_claims(results: list[ClaimResult]) -> list[str]:
    """The claims whose computation raised (see ``run_claim``)."""
    return [r.claim_id for r in results if "error" in r.details]


@contextmanager
def failures_logged(out_dir: Path) -> Iterator[Path]:
    """Send the tracebacks of failed claims to ``<out_dir>/claims/errors.log`` (written only
    when a claim fails), not to the screen or the report."""
    path = Path(out_dir) / "claims" / "errors.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    propagate = log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        yield path
    finally:
        log.removeHandler(handler)
        handler.close()
        log.propagate = propagate


def evaluate_all(ctx: Context | None = None) -> list[ClaimResult]:
    """Every claim's result, with Benjamini-Hochberg q-values within each family."""
    ctx = ctx or Context()
    results = [run_claim(claim_id, ctx) for claim_id in CLAIM_FUNCTIONS]
    families: dict[str, list[ClaimResult]] = {}
    for r in results:
        if r.family not in ("none", "") and r.claim_id not in OWN_Q:
            families.setdefault(r.family, []).append(r)
    for members in families.values():
        for r, q in zip(members, stats.bh([r.p for r in members]), strict=True):
            r.q = q
    return results


def save_results(results: list[ClaimResult], out_dir: Path) -> Path:
    """claims.json plus one Parquet per figure table (claims/<id>[_<name>].parquet)."""
    out_dir = Path(out_dir)
    figures = out_dir / "claims"
    if figures.exists():  # no stale tables from an earlier run
        for old in figures.glob("*.parquet"):
            old.unlink()
    figures.mkdir(parents=True, exist_ok=True)
    payload = []
    for r in results:
        entry = r.to_dict()
        tables = {"figure": r.figure_data}
        for key in list(entry["details"]):
            value = r.details.get(key)
            if isinstance(value, pd.DataFrame):
                if value is r.figure_data:  # written once, as the figure table
                    entry["details"][key] = f"claims/{r.claim_id}.parquet"
                    continue
                tables[key] = value
                entry["details"][key] = f"claims/{r.claim_id}_{key}.parquet"
        for name, frame in tables.items():
            if frame is not None:
                fname = f"{r.claim_id}.parquet" if name == "figure" else f"{r.claim_id}_{name}.parquet"
                frame.reset_index(drop=True).to_parquet(figures / fname, index=False)
        entry["figure_data"] = f"claims/{r.claim_id}.parquet" if r.figure_data is not None else None
        payload.append(entry)
    path = out_dir / "claims.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path
