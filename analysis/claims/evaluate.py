"""Run every registered claim and adjust p-values within families (``store`` saves them)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import stats
from . import registry
from .context import Context
from .result import ClaimResult, not_testable

log = logging.getLogger(__name__)


def run_claim(claim_id: str, ctx: Context, *, strict: bool = False) -> ClaimResult:
    """One claim, isolated: a bug or an export nobody foresaw makes this claim "not
    testable" (the traceback goes to the log), never the whole report; ``strict`` raises."""
    claim = registry.get(claim_id).rendered(ctx.params)
    try:
        result = claim.function(ctx)
    except Exception as err:  # noqa: BLE001 - the point is to catch what nobody expected
        if strict:
            raise
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
