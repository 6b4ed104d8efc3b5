"""Run every claim, adjust p-values within families, and save the results for the report."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .. import stats
from . import registry
from .context import Context
from .result import ClaimResult, not_testable


def __getattr__(name: str):
    """``CLAIM_FUNCTIONS`` and ``OWN_Q``, derived from the registry (kept importable)."""
    if name == "CLAIM_FUNCTIONS":
        return {c.id: c.function for c in registry.all_claims()}
    if name == "OWN_Q":
        return {c.id for c in registry.all_claims() if c.own_q}
    raise AttributeError(name)


log = logging.getLogger(__name__)


def run_claim(claim_id: str, ctx: Context) -> ClaimResult:
    """One claim, isolated: a bug or an export nobody foresaw makes this claim "not
    testable" (the traceback goes to the log), never the whole report."""
    claim = registry.get(claim_id).rendered(ctx.params)
    try:
        result = claim.function(ctx)
    except Exception as err:  # noqa: BLE001 - the point is to catch what nobody expected
        log.error("claim %s could not be computed", claim_id, exc_info=True)
        result = not_testable(claim, [], f"could not be computed: {type(err).__name__}")
        result.details["error"] = type(err).__name__
    result.measured, result.rule = claim.measured, claim.rule  # as the live parameters say
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
    claims = registry.all_claims()
    results = [run_claim(claim.id, ctx) for claim in claims]
    own_q = {c.id for c in claims if c.own_q}
    families: dict[str, list[ClaimResult]] = {}
    for r in results:
        if r.family not in ("none", "") and r.claim_id not in own_q:
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
