"""The one writer and reader of the claims' results: ``make claims``, the report, the
notebooks and the card all go through here (``analysis.pipeline``).

Results are derived, so they live beside the ingest output, never in it
(``paths.results_dir``: ``data/processed/`` -> ``data/results/``)::

    claims.json                    every ClaimResult (tables replaced by their file names)
    claims/<id>[_<name>].parquet   each claim's figure table and tabular details
    figures/<name>.parquet         feature tables behind some figures (panel, ties, ...) and
                                   the robustness table (sensitivity.parquet)
    claims/errors.log              tracebacks of claims that failed (only when one did)
    key.txt                        what they were made from (``pipeline.claims_key``)
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from pathlib import Path

import pandas as pd

from .. import features
from .context import Context
from .result import ClaimResult

FIGURES = "figures"
ERRORS = "errors.log"
KEY = "key.txt"  # what the results were made from (``pipeline.claims_key``)


def figure_tables(ctx: Context) -> dict[str, pd.DataFrame]:
    """Descriptive tables behind figures (no statistic a claim returns is recomputed)."""
    tables: dict[str, pd.DataFrame] = {}
    panel = ctx.panel
    if len(panel):
        tables["panel"] = panel.reset_index()
    conv = ctx.conversations
    if conv is not None:
        tables["openers_by_year"] = features.openers_by_year(conv)
        tables["openers_replied"] = features.openers_replied(conv)
    ties = ctx.ties
    if ties is not None:
        conns = ctx.keyed_connections
        names = features.full_name(conns)
        keep = ["messages_in", "messages_out", "two_way", "reciprocal_12m",
                "connection_age_days"]
        t = ties[keep].copy()
        t.insert(0, "name", names.to_numpy())
        t.insert(0, "profile_url", conns["profile_url"].to_numpy())
        tables["ties"] = t.loc[ties["key"].notna().to_numpy()].reset_index(drop=True)
    return tables


def save_results(results: list[ClaimResult], out_dir: Path,
                 tables: dict[str, pd.DataFrame] | None = None, *, key: str | None = None) -> Path:
    """claims.json, one Parquet per claim table (claims/<id>[_<name>].parquet), the figure
    and robustness tables (figures/<name>.parquet) and the cache key that made them, written
    to a new folder swapped in for ``out_dir`` (a reader never sees half of a run, nor a
    table left from an earlier one); returns the path of claims.json."""
    from ..export.store import replace_dir_atomically

    out_dir = Path(out_dir)
    log = out_dir / "claims" / ERRORS
    errors = log.read_text(encoding="utf-8") if log.exists() else None

    def fill(tmp: Path) -> None:
        tmp.chmod(0o755)  # mkdtemp makes it private; results are an ordinary folder
        _write(results, tmp, tables or {})
        if errors is not None:  # this run's tracebacks (``evaluate.failures_logged``)
            (tmp / "claims" / ERRORS).write_text(errors, encoding="utf-8")
        if key is not None:
            (tmp / KEY).write_text(key + "\n", encoding="utf-8")

    replace_dir_atomically(out_dir, fill)
    return out_dir / "claims.json"


def read_key(out_dir: Path) -> str | None:
    """The cache key the saved results were made with (``pipeline.claims_key``), or None."""
    path = Path(out_dir) / KEY
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def _write(results: list[ClaimResult], out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    for sub in ("claims", FIGURES):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    figures = out_dir / "claims"
    payload = []
    for r in results:
        entry = r.to_dict()
        claim_tables = {"figure": r.figure_data}
        for key in list(entry["details"]):
            value = r.details.get(key)
            if isinstance(value, pd.DataFrame):
                if value is r.figure_data:  # written once, as the figure table
                    entry["details"][key] = f"claims/{r.claim_id}.parquet"
                    continue
                claim_tables[key] = value
                entry["details"][key] = f"claims/{r.claim_id}_{key}.parquet"
        for name, frame in claim_tables.items():
            if frame is not None:
                fname = f"{r.claim_id}.parquet" if name == "figure" else f"{r.claim_id}_{name}.parquet"
                frame.reset_index(drop=True).to_parquet(figures / fname, index=False)
        entry["figure_data"] = f"claims/{r.claim_id}.parquet" if r.figure_data is not None else None
        payload.append(entry)
    for name, frame in tables.items():
        frame.to_parquet(out_dir / FIGURES / f"{name}.parquet", index=False)
    path = out_dir / "claims.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")


def load_results(out_dir: Path) -> tuple[dict[str, ClaimResult], dict[str, pd.DataFrame]] | None:
    """The saved claims (by id) and figure tables, or None when nothing is saved there."""
    out_dir = Path(out_dir)
    path = out_dir / "claims.json"
    if not path.exists():
        return None
    names = {f.name for f in fields(ClaimResult)}
    claims = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        figure = entry.pop("figure_data", None)
        details = entry.get("details") or {}
        for key, value in list(details.items()):
            if isinstance(value, str) and value.startswith("claims/") and value.endswith(
                    ".parquet"):
                details[key] = pd.read_parquet(out_dir / value)
        entry["window"] = tuple(entry.get("window") or (None, None))
        for key in ("estimate", "ci_low", "ci_high"):
            entry[key] = math.nan if entry.get(key) is None else float(entry[key])
        r = ClaimResult(**{k: v for k, v in entry.items() if k in names})
        if figure:
            r.figure_data = pd.read_parquet(out_dir / figure)
        claims[r.claim_id] = r
    tables = {p.stem: pd.read_parquet(p) for p in sorted((out_dir / FIGURES).glob("*.parquet"))}
    return claims, tables
