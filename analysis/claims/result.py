"""``ClaimResult``: what every claim returns, carried unchanged to the notebooks and report."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import pandas as pd

SUPPORTED, CONTRADICTED, INCONCLUSIVE, NOT_TESTABLE = (
    "supported", "contradicted", "inconclusive", "not testable")
VERDICTS = (SUPPORTED, CONTRADICTED, INCONCLUSIVE, NOT_TESTABLE)


@dataclass
class ClaimResult:
    """One claim's test: estimate, 95% interval, p, q, verdict and how it was reached.

    ``figure_data`` is the tidy table behind the claim's figure; ``details`` holds the
    secondary numbers the notebook shows (each with its own interval).
    """

    claim_id: str
    title: str
    quote: str
    measured: str
    rule: str
    verdict: str
    estimate: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    estimate_label: str = ""
    n: int = 0
    p: float | None = None
    q: float | None = None
    family: str = ""
    mde: float | None = None
    mde_label: str = ""
    window: tuple[str | None, str | None] = (None, None)
    summary: str = ""
    limitations: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    figure_data: pd.DataFrame | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("figure_data")
        data["window"] = list(self.window)
        return _clean(data)


def _clean(value):
    """JSON-safe: NaN and infinities become None, numpy scalars plain numbers."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def not_testable(claim, missing: list[str], why: str) -> ClaimResult:
    """The verdict when a file the claim needs is absent or too thin."""
    return ClaimResult(claim.id, claim.title, claim.quote, claim.measured, claim.rule,
                       NOT_TESTABLE, missing=missing, summary=why, family=claim.family)
