"""The claims engine: one module per claim in CLAIMS.md, each registering a ``Claim`` whose
function returns a ClaimResult.

``evaluate_all(Context(...))`` runs every registered claim with Benjamini-Hochberg within
families.
"""

from . import registry
from .context import Context, Params
from .definitions import CLAIMS
from .evaluate import evaluate_all
from .registry import all_claims, register
from .result import VERDICTS, ClaimResult
from .store import save_results

__all__ = ["CLAIMS", "VERDICTS", "ClaimResult", "Context", "Params",
           "all_claims", "evaluate_all", "register", "registry", "save_results"]
