"""What a card may publish: it is applied to the card dict before anyone sees it.

A card goes to a researcher who may hold other data on the donor, so exact figures that
single a person out are coarsened: n in bands, dates as quarters, no month for claims that
reach back over a whole career (the first connection is about the month a person joined),
estimates and standard errors rounded so that counts cannot be solved back from them, and
any count under ``MIN_N`` (a numerator, or its complement) suppresses the cell's figures.
The donor is named by a fingerprint of the export's bytes, so pseudonyms do not depend on
who else is in the folder. docs/cohort.md says what a card reveals and what it does not.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..fingerprint import digest, file_hash, tree_hash

MIN_N = 10
BANDS = (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
SMALL_COUNT = f"suppressed (a count under {MIN_N})"
THIN = re.compile(r"too thin: n = \d+ (?P<what>.*?), needs ≥ (?P<need>\d+)")


def band(n) -> str | None:
    """'100-249' for 180; None under MIN_N (the figure is suppressed anyway)."""
    if n is None or not isinstance(n, int | float) or n < MIN_N:
        return None
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        if n < high:
            return f"{low}-{high - 1}"
    return f"{BANDS[-1]}+"


def band_mid(value) -> float | None:
    """A numeric stand-in for a band (its geometric middle), for meta-regression."""
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    low, _, high = value.rstrip("+").partition("-")
    try:
        return math.sqrt(float(low) * (float(high) + 1)) if high else float(low) * 1.5
    except ValueError:
        return None


def quarter(month: str | None) -> str | None:
    """'2023-Q2' for '2023-05'."""
    if not (isinstance(month, str) and re.match(r"^\d{4}-\d{2}", month)):
        return None
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def round_estimate(value):
    return None if value is None else round(float(value), 2)


def round_se(value):
    """Rounded *up* to two significant figures: never smaller than the claim's own."""
    if value is None or value <= 0:
        return value
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return round(math.ceil(round(value / step, 9)) * step, 12)


def small_counts(result: dict) -> bool:
    """True when a count the card's figures would reveal is under MIN_N (each claim says
    which counts its estimate reveals: ``CardSpec.counts``)."""
    spec = _card_spec(result["claim_id"])
    return spec is not None and spec.counts is not None and any(
        c < MIN_N for c in spec.counts(result))


def _card_spec(cid: str):
    from ..claims import registry

    try:
        return registry.get(cid).card
    except KeyError:  # a card from a version with another claim
        return None


def why_not_testable(result: dict) -> str | None:
    """The reason of a 'not testable' verdict in LinkedOut's own words, without the exact n."""
    if result.get("verdict") != "not testable":
        return None
    summary = result.get("summary") or ""
    thin = THIN.search(summary)
    if thin:
        what = re.sub(r"\s*\([^)]*\)|\s*\d+", "", thin["what"]).strip()  # no counts
        return f"too thin: fewer than {thin['need']} {what}"
    if result.get("missing"):
        return "missing: " + ", ".join(sorted(result["missing"]))
    if "owner unknown" in summary:
        return "owner unknown"
    if "no direction" in summary:
        return "messages without direction"
    if summary.startswith("could not be computed"):
        return "could not be computed"
    return "other (the donor's own report says why)"


def donor_id(export: str | Path) -> str:
    """Fingerprint of the export's bytes (a ZIP) or files (a folder): the same export under
    two names is one donor."""
    export = Path(export)
    content = tree_hash(export) if export.is_dir() else file_hash(export)
    return digest("linkedout-donor", content)[:16]


def pseudonym(donor: str) -> str:
    return f"Donor {donor[:8]}"


def _cell(cell: dict, result: dict | None, cid: str) -> dict:
    cell = dict(cell)
    if result is not None:
        why = why_not_testable(result)
        if why:
            cell["not_testable"] = why
        if cell.get("estimate") is not None and small_counts(result):
            cell.update(estimate=None, se=None, suppressed=SMALL_COUNT)
    cell["n"] = band(cell.get("n"))
    cell["estimate"] = round_estimate(cell.get("estimate"))
    cell["se"] = round_se(cell.get("se"))
    months = cell.pop("months", None) or [None, None]
    # a window reaching back over a whole career would give the join date away
    spec = _card_spec(cid)
    career = spec is not None and spec.history
    cell["quarters"] = [None, None] if career else [quarter(m) for m in months]
    if "pairs" in cell:
        cell["pairs"] = [{**p, "n": band(p.get("n")), "estimate": round_estimate(
            p.get("estimate")), "se": round_se(p.get("se"))} for p in cell["pairs"]]
    return cell


def classifier_errors(by_id: dict) -> str | None:
    """Whose error rates corrected the classifier: "owner labels" (this donor's labels.csv)
    or "transported" (rates measured on other people's labelled openers, an error every such
    card shares); None when no claim made a correction."""
    corrected = next((r["details"]["corrected"] for r in by_id.values()
                      if isinstance((r.get("details") or {}).get("corrected"), dict)
                      and "share" in r["details"]["corrected"]), None)
    if not isinstance(corrected, dict):
        return None
    own = (corrected.get("share") or {}).get("owner_labelled") or "your labels" in str(
        corrected.get("error_rates", ""))
    return "owner labels" if own else "transported"


def publish(card: dict, results: list | None = None, *, donor: str | None = None) -> dict:
    """The card as it may leave the donor's machine (see the module docstring)."""
    by_id = {r.claim_id: r.to_dict() for r in results or []}
    data = card.get("data") or {}
    archive = card.get("archive") or {}
    years = data.get("years")
    first = data.get("first_month", data.get("first_quarter"))
    last = data.get("last_month", data.get("last_quarter"))
    return {
        **card,
        "donor": donor,
        "classifier_errors": classifier_errors(by_id),
        "archive": {**archive, "exported": quarter(archive.get("exported"))},
        "data": {"first_quarter": quarter(first), "last_quarter": quarter(last),
                 "years": None if years is None else int(round(years)),
                 "network_size": band(data.get("network_size"))},
        "claims": {cid: _cell(c, by_id.get(cid), cid) for cid, c in card["claims"].items()},
    }


# The fields a researcher sees of every donor (the cohort page's moderators and the card's
# header): the smallest group sharing all of them is the cohort's k-anonymity.
QUASI_IDENTIFIERS = {
    "archive kind": lambda c: (c.get("archive") or {}).get("kind"),
    "export quarter": lambda c: (c.get("archive") or {}).get("exported"),
    "years of data": lambda c: (c.get("data") or {}).get("years"),
    "network size": lambda c: (c.get("data") or {}).get("network_size"),
}


def uniqueness(cards: list[dict]) -> dict:
    """Smallest number of donors sharing the same published fields, and how many donors
    are alone on them (a unique donor can be singled out by anyone who knows those fields)."""
    groups: dict[tuple, int] = {}
    for card in cards:
        key = tuple(str(get(card)) for get in QUASI_IDENTIFIERS.values())
        groups[key] = groups.get(key, 0) + 1
    return {"fields": list(QUASI_IDENTIFIERS), "donors": len(cards),
            "smallest_group": min(groups.values()) if groups else None,
            "unique_donors": sum(v for v in groups.values() if v == 1)}
