"""One export -> one effect card: per claim a verdict and an estimate with its standard error
on a scale where estimates from different people can be averaged.

The card carries no names, URLs, texts, exact dates or employer names: dates are months,
the network size is rounded to tens, and any figure resting on fewer than ``MIN_N`` items is
suppressed (its verdict stays). docs/cohort.md lists the scale of every claim.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..stats import log_odds, risk_difference  # noqa: F401 - the card's scales, importable here

CARD_FORMAT = 2  # 2: coarsened for disclosure (disclosure.py)
MIN_N = 10
SUPPRESSED = f"suppressed (n < {MIN_N})"


def scales() -> dict[str, tuple[str, str]]:
    """claim -> (pooling scale, where its SE comes from), from each registered claim's
    card spec (``Claim.card``); docs/cohort.md explains each."""
    from ..claims import all_claims

    return {c.id: (c.card.scale, c.card.se_from) for c in all_claims()}


def __getattr__(name: str):
    """``SCALES`` (claim -> (scale, SE source)) and ``HISTORY`` (claims whose window spans a
    whole career), derived from the registry for code that still reads them."""
    if name == "SCALES":
        return scales()
    if name == "HISTORY":
        from ..claims import all_claims

        return {c.id for c in all_claims() if c.card.history}
    raise AttributeError(name)


def _finite(*values) -> bool:
    return all(v is not None and isinstance(v, int | float) and math.isfinite(v)
               for v in values)


def _month(day: str | None) -> str | None:
    return day[:7] if isinstance(day, str) and len(day) >= 7 else None


def _suppress(cell: dict) -> dict:
    """A figure resting on fewer than ``MIN_N`` items loses its numbers (not its verdict)."""
    if (cell.get("n") or 0) < MIN_N:
        cell.update(estimate=None, se=None, suppressed=SUPPRESSED)
    return cell


def claim_cell(result) -> dict:
    """One claim's part of the card: verdict, scale, estimate, SE, n, months of data; the
    effect and SE come from the result itself (``ClaimResult.poolable``)."""
    spec = result.claim.card
    n = int(result.n or 0)
    cell = {"verdict": result.verdict, "scale": spec.scale, "se_from": spec.se_from}
    window = result.window or (None, None)
    cell["months"] = [_month(window[0]), _month(window[1])]
    if n < MIN_N:
        cell.update(n=None, estimate=None, se=None, suppressed=SUPPRESSED if n else None)
    else:
        est, se = result.poolable()
        ok = _finite(est, se) and se > 0
        cell.update(n=n, estimate=est if ok else None, se=se if ok else None)
    if spec.extra is not None:
        for key, items in spec.extra(result).items():
            cell[key] = [_suppress(dict(item)) for item in items]
    return cell


def _months_between(first: str | None, last: str | None) -> float | None:
    if not (first and last):
        return None
    (y0, m0), (y1, m1) = (map(int, first.split("-")), map(int, last.split("-")))
    return round(((y1 - y0) * 12 + m1 - m0 + 1) / 12, 2)


def build_card(results: list, ledger: dict, params) -> dict:
    """The card from evaluated claims (``ClaimResult`` list), the ingest ledger and the
    parameters used. Nothing else of the export is read."""
    source = ledger.get("source", {})
    eras = sorted({f.get("era") for f in ledger.get("files", {}).values() if f.get("era")})
    claims = {r.claim_id: claim_cell(r) for r in results}
    history = {r.claim_id for r in results if r.claim.card.history}
    months = [m for cid, c in claims.items() if cid not in history for m in c["months"] if m]
    first, last = (min(months), max(months)) if months else (None, None)
    connections = ledger.get("tables", {}).get("connections", {}).get("rows", 0)
    return {
        "linkedout_card": CARD_FORMAT,
        "linkedout_version": __version__,
        "archive": {"kind": source.get("archive"), "exported": _month(source.get("export_date")),
                    "eras": eras},
        "data": {"first_month": first, "last_month": last,
                 "years": _months_between(first, last),
                 "network_size": (int(round(connections, -1)) if connections >= MIN_N else None)},
        "parameters": json.loads(json.dumps(asdict(params), default=list)),
        "claims": claims,
    }


def make_card(export: str | Path, *, owner_url: str | None = None,
              owner_name: str | None = None, params=None) -> dict:
    """Ingest ``export`` (with the labels beside it) into a temporary folder and run the
    claims' pipeline on it, exactly as ``make claims`` does; return its card.

    The spec curve (a robustness display that never decides a verdict) is skipped."""
    from .. import pipeline
    from ..claims import Params
    from .disclosure import donor_id, publish

    params = params or Params(spec_curve=False)
    with tempfile.TemporaryDirectory(prefix="linkedout-card-") as tmp:
        processed = Path(tmp) / "processed"
        ledger = pipeline.ingest(export, processed, owner_url=owner_url, owner_name=owner_name)
        done = pipeline.claims_stage(processed, params, say=lambda _: None)
        return publish(build_card(done.results, ledger, params), done.results,
                       donor=donor_id(export))


def is_card(data) -> bool:
    return isinstance(data, dict) and data.get("linkedout_card") == CARD_FORMAT


def write_card(card: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
