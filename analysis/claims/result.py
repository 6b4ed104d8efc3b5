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

    @classmethod
    def for_claim(cls, claim, verdict: str, **fields) -> ClaimResult:
        """The one constructor: the claim's id, title, quote, measure, rule and family come
        from the (rendered) ``Claim``; callers give the verdict and what they measured."""
        return cls(claim.id, claim.title, claim.quote, claim.measured, claim.rule, verdict,
                   family=fields.pop("family", claim.family), **fields)

    @property
    def claim(self):
        """The registered ``Claim`` this result belongs to."""
        from . import registry

        return registry.get(self.claim_id)

    def verdict_at(self, low: float, high: float) -> str:
        """The claim's own verdict rule applied to another interval (what the verdict would
        be there); a not-testable result stays not testable."""
        rule = self.claim.interval_rule
        if rule is None:
            raise ValueError(f"claim {self.claim_id} has no verdict rule on an interval")
        return self.verdict if self.verdict == NOT_TESTABLE else rule(low, high)

    def poolable(self) -> tuple[float | None, float | None]:
        """(effect, standard error) on the claim's card scale, for pooling across people.
        The SE is the one the claim's own 95% interval implies on that scale, so whatever
        widened the interval (classifier correction, design effect) carries over; claims
        whose interval is not one for the pooled effect supply their own (``CardSpec``)."""
        spec = self.claim.card
        if spec.effect is not None:
            return spec.effect(self)
        return interval_effect(self.estimate, self.ci_low, self.ci_high, spec.scale)

    def variation(self, parameter: str, value, verdict: str | None, *, flipped=None,
                  estimate=None, ci_low=None, ci_high=None) -> dict:
        """One row of the sensitivity table: this claim's verdict under a variation."""
        return {"claim_id": self.claim_id, "parameter": parameter, "value": str(value),
                "verdict": verdict, "baseline_verdict": self.verdict,
                "flipped": verdict != self.verdict if flipped is None else bool(flipped),
                "estimate": self.estimate if estimate is None else estimate,
                "ci_low": self.ci_low if ci_low is None else ci_low,
                "ci_high": self.ci_high if ci_high is None else ci_high, "n": self.n}

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
    return ClaimResult.for_claim(claim, NOT_TESTABLE, missing=missing, summary=why)


SCALE_TRANSFORMS = {"log-odds": "logit", "log IRR": "log"}


def interval_effect(estimate, low, high, scale: str) -> tuple[float | None, float | None]:
    """An estimate and its 95% interval carried to ``scale`` (log-odds for shares, log for
    rate ratios, as they are for differences): (effect, interval-implied SE), or
    (None, None) when either is not finite there (a share of exactly 0 or 1, say)."""
    from .. import stats

    transform = {"logit": stats.logit, "log": math.log}.get(SCALE_TRANSFORMS.get(scale),
                                                         lambda v: v)
    try:
        effect = float(transform(estimate))
    except (TypeError, ValueError, ZeroDivisionError):
        return None, None
    se = stats.se_from_interval(low, high, transform)
    return (effect, se) if math.isfinite(effect) and se else (None, None)
