"""Run every claim, adjust p-values within families, and save the results for the report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .. import stats
from .being_sold_to import c1_being_sold_to, c2_pitch_on_first_contact
from .context import Context
from .exposure import exposure_claim
from .jobs import c5_jobs, c10_not_fundamental
from .learning import c9_learning
from .replies import c6_relationship_selling, c7_cold_messages
from .result import ClaimResult
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


def evaluate_all(ctx: Context | None = None) -> list[ClaimResult]:
    """Every claim's result, with Benjamini-Hochberg q-values within each family."""
    ctx = ctx or Context()
    results = [fn(ctx) for fn in CLAIM_FUNCTIONS.values()]
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
