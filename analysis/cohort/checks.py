"""Checks a card must pass before it is pooled: one format, one version, one set of
parameters, one scale per claim, sane cells, and one card per donor.

Pooling mixes people only if their figures mean the same thing: a card made by another
version or with other parameters measures something else, so it is excluded with the reason
(never silently pooled). A bad cell drops that cell, not the nine good claims beside it. The
same export given twice (two names, or as an export and as its card) is pooled once.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..errors import LinkedOutError
from .card import CARD_FORMAT, SCALES

# A standard error below this (on any claim's scale) would give one person almost all the
# weight: no export holds that much information, so it marks a broken or edited card.
SE_FLOOR = 1e-3
IGNORED_PARAMETERS = {"spec_curve"}  # cards never compute the spec curve


def expected_parameters() -> dict:
    from ..claims import Params

    params = json.loads(json.dumps(asdict(Params()), default=list))
    return {k: v for k, v in params.items() if k not in IGNORED_PARAMETERS}


def card_exclusion(card) -> str | None:
    """Why a whole card cannot be pooled with this version's cards, or None."""
    if not isinstance(card, dict) or "linkedout_card" not in card:
        return "not a LinkedOut effect card"
    if card["linkedout_card"] != CARD_FORMAT:
        return (f"card format {card['linkedout_card']}, this LinkedOut reads format "
                f"{CARD_FORMAT}: the donor makes the card again with this version")
    if card.get("linkedout_version") != __version__:
        return (f"made by LinkedOut {card.get('linkedout_version')}, this is {__version__}: "
                "its figures may be computed differently")
    params = {k: v for k, v in (card.get("parameters") or {}).items()
              if k not in IGNORED_PARAMETERS}
    changed = sorted(k for k in set(params) | set(expected_parameters())
                     if params.get(k) != expected_parameters().get(k))
    if changed:
        return f"made with other parameters ({', '.join(changed)}): it measures something else"
    for key in ("archive", "data"):
        if not isinstance(card.get(key), dict):
            return f"its {key!r} section is missing"
    if not isinstance(card.get("claims"), dict) or not card["claims"]:
        return "it has no claims"
    return None


def cell_problem(cid: str, cell) -> str | None:
    """Why one cell's figures cannot be pooled, or None."""
    from ..claims import VERDICTS

    if cid not in SCALES:
        return "unknown claim"
    if not isinstance(cell, dict) or cell.get("verdict") not in VERDICTS:
        return "no valid verdict"
    if cell.get("scale") != SCALES[cid][0]:
        return f"scale {cell.get('scale')!r}, not {SCALES[cid][0]!r}"
    est, se = cell.get("estimate"), cell.get("se")
    if est is None:
        return None
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (est, se or math.nan)):
        return "an estimate without a finite standard error"
    if se < SE_FLOOR:
        return f"a standard error below {SE_FLOOR} (no export is that precise)"
    for pair in cell.get("pairs") or []:
        p_est, p_se = pair.get("estimate"), pair.get("se")
        if p_est is not None and not (isinstance(p_se, int | float) and p_se >= SE_FLOOR):
            return f"pair {pair.get('pair')} has no usable standard error"
    return None


def clean_card(card: dict) -> tuple[dict | None, str | None, list[str]]:
    """(card with bad cells dropped, reason the whole card is excluded, notes)."""
    why = card_exclusion(card)
    if why:
        return None, why, []
    notes, claims = [], {}
    for cid, cell in card["claims"].items():
        problem = cell_problem(cid, cell)
        if problem is None:
            claims[cid] = cell
            continue
        notes.append(f"{cid} dropped: {problem}")
        if cid in SCALES and isinstance(cell, dict) and problem != "no valid verdict":
            claims[cid] = {**cell, "estimate": None, "se": None, "pairs": [],
                           "dropped": problem}
    if not claims:
        return None, "no claim could be read", notes
    return {**card, "claims": claims}, None, notes


def load_card(path: Path) -> tuple[dict, list[str]]:
    """A card file, checked and cleaned: raises LinkedOutError when it is excluded whole."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise LinkedOutError(f"not a readable card ({type(err).__name__})") from None
    card, why, notes = clean_card(data)
    if why:
        raise LinkedOutError(why)
    return card, notes


def card_key(card: dict) -> str:
    """The donor a card stands for: its export fingerprint, else its own content."""
    from ..fingerprint import digest

    if isinstance(card.get("donor"), str):
        return card["donor"]
    return digest("linkedout-card", card.get("claims"), card.get("data"))[:16]


def mark_duplicates(entries: list) -> None:
    """Entries with a card for a donor already seen are pooled once: the first (in pseudonym
    order, so the choice does not depend on names) is kept, the others noted."""
    seen: dict[str, str] = {}
    for e in sorted(entries, key=lambda e: (e.person, e.status)):
        if e.card is None or e.status == "failed":
            continue
        key = card_key(e.card)
        if key in seen:
            e.status, e.reason = "duplicate", f"the same export as {seen[key]}: pooled once"
        else:
            seen[key] = e.person
