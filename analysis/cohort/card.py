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

import pandas as pd

from .. import __version__

CARD_FORMAT = 2  # 2: coarsened for disclosure (disclosure.py)
MIN_N = 10
Z95 = 1.959963984540054
SUPPRESSED = f"suppressed (n < {MIN_N})"
# Claims whose window reaches back over a whole career (connections, positions): left out
# of the months of data, which describe the activity and messages the export covers.
HISTORY = {"C3", "C5", "C10"}

# claim -> (scale, how the standard error is obtained); docs/cohort.md explains each.
SCALES = {
    "C1": ("log-odds", "counts"),
    "C2": ("log-odds", "counts"),
    "C3": ("log-odds", "counts"),
    "C4": ("log IRR", "interval"),
    "C5": ("log-odds", "counts"),
    "C6": ("risk difference", "counts"),
    "C7": ("risk difference", "interval"),
    "C8": ("log IRR", "interval"),
    "C9": ("events after minus before, over placebo", "placebo band"),
    "C10": ("log-odds", "counts"),
}
SE_FROM = {
    "counts": "from the counts (empirical log-odds with 0.5 added to each cell, or the "
              "Agresti-Caffo risk difference)",
    "interval": "derived from the claim's 95% interval on this scale: (high - low) / (2 x 1.96)",
    "placebo band": "derived from the placebo 95% band: (high - low) / (2 x 1.96)",
}


def _finite(*values) -> bool:
    return all(v is not None and isinstance(v, int | float) and math.isfinite(v)
               for v in values)


def _month(day: str | None) -> str | None:
    return day[:7] if isinstance(day, str) and len(day) >= 7 else None


def log_odds(successes: float, n: int) -> tuple[float, float]:
    """Empirical log-odds and its standard error (0.5 added to each cell: finite at 0 and n)."""
    x = max(0.0, min(float(successes), float(n)))
    a, b = x + 0.5, n - x + 0.5
    return math.log(a / b), math.sqrt(1 / a + 1 / b)


def risk_difference(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Agresti-Caffo: p1 - p2 with one success and one failure added to each group."""
    p1, p2 = (x1 + 1) / (n1 + 2), (x2 + 1) / (n2 + 2)
    return p1 - p2, math.sqrt(p1 * (1 - p1) / (n1 + 2) + p2 * (1 - p2) / (n2 + 2))


def _from_interval(low, high, transform=lambda v: v) -> float | None:
    if not _finite(low, high):
        return None
    try:
        lo, hi = transform(low), transform(high)
    except ValueError:
        return None
    se = (hi - lo) / (2 * Z95)
    return se if math.isfinite(se) and se > 0 else None


def _counts_share(r: dict) -> tuple[float, int] | None:
    """(successes, n) behind a share claim, recovered from its estimate and n."""
    est, n = r.get("estimate"), int(r.get("n") or 0)
    if not _finite(est) or n <= 0:
        return None
    if r["claim_id"] == "C5":  # the estimate is a count of positions with a trace
        return float(est), n
    return round(est * n), n


def effect(r: dict) -> tuple[float | None, float | None]:
    """(estimate, standard error) of a claim result (``ClaimResult.to_dict()``) on its scale."""
    cid = r["claim_id"]
    scale = SCALES[cid][0]
    if scale == "log-odds":
        counts = _counts_share(r)
        return log_odds(*counts) if counts else (None, None)
    if scale == "log IRR":
        est = r.get("estimate")
        se = _from_interval(r.get("ci_low"), r.get("ci_high"), math.log)
        return (math.log(est), se) if _finite(est) and est > 0 and se else (None, None)
    if cid == "C6":
        groups = r.get("details", {}).get("groups") or {}
        rf, cold = groups.get("relationship_first"), groups.get("cold_pitch")
        if not (rf and cold and rf.get("n") and cold.get("n")):
            return None, None
        return risk_difference(int(rf["replied"]), int(rf["n"]),
                               int(cold["replied"]), int(cold["n"]))
    est = r.get("estimate")  # C7, C9: the claim's own difference and interval
    se = _from_interval(r.get("ci_low"), r.get("ci_high"))
    if not (_finite(est) and se):
        return None, None
    if cid == "C9":  # the excess over what placebo dates give (their mean is not exactly 0)
        placebo = r.get("details", {}).get("placebo_mean")
        est = est - placebo if _finite(placebo) else est
    return est, se


def _pairs(result) -> list[dict]:
    """C4/C8: each primary exposure-outcome pair's log IRR (pooled pair by pair)."""
    table = result.figure_data
    if table is None or "irr" not in table:
        return []
    out = []
    for _, row in table.iterrows():
        if row.get("role", "primary") != "primary":
            continue
        cell = {"pair": f"{row['exposure']} -> {row['outcome']}",
                "n": int(row["n_weeks"]) if pd.notna(row.get("n_weeks")) else 0}
        se = _from_interval(row.get("ci_low"), row.get("ci_high"), math.log)
        irr = row.get("irr")
        if cell["n"] < MIN_N:
            cell.update(estimate=None, se=None, suppressed=SUPPRESSED)
        elif _finite(irr) and irr > 0 and se:
            cell.update(estimate=math.log(irr), se=se)
        else:
            cell.update(estimate=None, se=None)
        out.append(cell)
    return out


def claim_cell(result) -> dict:
    """One claim's part of the card: verdict, scale, estimate, SE, n, months of data."""
    r = result.to_dict()
    cid = r["claim_id"]
    scale, how = SCALES[cid]
    n = int(r.get("n") or 0)
    cell = {"verdict": r["verdict"], "scale": scale, "se_from": how}
    window = r.get("window") or [None, None]
    cell["months"] = [_month(window[0]), _month(window[1])]
    if n < MIN_N:
        cell.update(n=None, estimate=None, se=None, suppressed=SUPPRESSED if n else None)
    else:
        est, se = effect(r)
        cell.update(n=n, estimate=est, se=se)
    if cid in ("C4", "C8"):
        cell["pairs"] = _pairs(result)
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
    months = [m for cid, c in claims.items() if cid not in HISTORY for m in c["months"] if m]
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
    """Ingest ``export`` into a temporary folder, evaluate every claim, return its card.

    The spec curve (a robustness display that never decides a verdict) is skipped."""
    from ..claims import Context, Params, evaluate_all
    from ..claims.context import labels_for
    from ..claims.evaluate import failures_logged
    from ..export import ingest
    from .disclosure import donor_id, publish

    params = params or Params(spec_curve=False)
    with tempfile.TemporaryDirectory(prefix="linkedout-card-") as tmp:
        ledger = ingest(export, tmp, owner_url=owner_url, owner_name=owner_name)
        with failures_logged(Path(tmp)):
            # The owner's labels.csv, ingested beside the export, correct the classifier
            # as they do for the personal report (they were left out of cards).
            results = evaluate_all(Context(processed=Path(tmp), params=params,
                                           labels=labels_for(Path(tmp))))
        return publish(build_card(results, ledger, params), results, donor=donor_id(export))


def is_card(data) -> bool:
    return isinstance(data, dict) and data.get("linkedout_card") == CARD_FORMAT


def read_card(path: Path) -> dict:
    from ..errors import LinkedOutError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise LinkedOutError(f"{Path(path).name} is not a readable card "
                             f"({type(err).__name__})") from None
    if not is_card(data):
        raise LinkedOutError(f"{Path(path).name} is not a LinkedOut effect card "
                             f"(format {CARD_FORMAT})")
    problem = card_problem(data)
    if problem:
        raise LinkedOutError(f"{Path(path).name} is not a valid effect card: {problem}")
    return data


def card_problem(card: dict) -> str | None:
    """What makes a card unusable for pooling (a hand-edited or truncated file), or None."""
    from ..claims import VERDICTS

    claims = card.get("claims")
    if not isinstance(claims, dict) or not claims:
        return "it has no claims"
    for cid, cell in claims.items():
        if cid not in SCALES or not isinstance(cell, dict):
            return f"unknown claim {cid!r}"
        if cell.get("verdict") not in VERDICTS:
            return f"{cid} has no valid verdict"
        est, se = cell.get("estimate"), cell.get("se")
        if est is not None and not (_finite(est) and _finite(se) and se > 0):
            return f"{cid} has an estimate without a positive standard error"
    for key in ("archive", "data"):
        if not isinstance(card.get(key), dict):
            return f"its {key!r} section is missing"
    return None


def write_card(card: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
