"""The claims engine: one function per claim in CLAIMS.md, each returning a ClaimResult.

``evaluate_all(Context(...))`` runs them all with Benjamini-Hochberg within families.
"""

from .context import Context, Params
from .definitions import CLAIMS
from .evaluate import CLAIM_FUNCTIONS, evaluate_all, save_results
from .result import VERDICTS, ClaimResult

__all__ = ["CLAIMS", "CLAIM_FUNCTIONS", "VERDICTS", "ClaimResult", "Context", "Params",
           "evaluate_all", "save_results"]
