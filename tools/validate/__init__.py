"""Validation that can fail: every claim on simulated null and planted worlds.

``worlds`` builds the worlds (one registry entry per claim), ``run`` evaluates them in a
process pool, ``summary`` computes false-verdict rates, coverage and power against their
bands, ``report`` writes reports/validation.html and validation.md.
"""

from .run import Plan, run
from .worlds import worlds_of


def __getattr__(name: str):
    if name == "WORLDS":  # every registered claim's worlds (``Claim.worlds``)
        return worlds_of()
    raise AttributeError(name)


__all__ = ["WORLDS", "Plan", "run", "worlds_of"]
