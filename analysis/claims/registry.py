"""The one list of claims: each claim module registers its ``Claim`` once, and evaluation,
the report, the doctor, the CLI and the tests iterate this registry (never a hand-kept list).

Adding a claim is one module in ``analysis/claims/`` that calls ``register`` with a ``Claim``
carrying everything about it (card spec, validation worlds, demo-truth hook, ...), plus its
notebook section; nothing else names it (``tests/toy_claim.py``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import replace

from .definitions import CLAIMS, Claim

REGISTRY: dict[str, Claim] = {}


def register(claim: Claim | str, function=None, **presentation) -> Claim:
    """Register a claim (a ``Claim``, or the id of one in ``definitions.CLAIMS``) with the
    function that tests it and how the report shows it; returns the registered ``Claim``."""
    base = CLAIMS[claim] if isinstance(claim, str) else claim
    registered = replace(base, function=function or base.function, **presentation)
    if registered.function is None:
        raise ValueError(f"claim {registered.id} has no function")
    REGISTRY[registered.id] = registered
    return registered


def unregister(claim_id: str) -> None:
    """Drop a claim (the toy claim of a test, say)."""
    REGISTRY.pop(claim_id, None)


def _number(claim_id: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", claim_id)
    return (int(digits) if digits else 0, claim_id)


def all_claims() -> list[Claim]:
    """Every registered claim, in the order of its number (C1, C2, ..., C10, C11)."""
    load()
    return sorted(REGISTRY.values(), key=lambda c: _number(c.id))


def get(claim_id: str) -> Claim:
    load()
    return REGISTRY[claim_id]


_LOADED = False


def load() -> None:
    """Import every module of ``analysis.claims`` once, so each registers its claims."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{info.name}")
