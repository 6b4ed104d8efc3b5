"""The one pipeline every entry point runs, one function per stage: ``ingest`` -> ``evaluate``
-> ``sensitivity`` -> ``save``. ``make claims``, ``make report``, the notebooks, ``make card``
and ``cohort`` and ``validate`` all call these, so they cannot disagree on a claim.

``claims_stage`` chains evaluate, sensitivity and save behind the one "unchanged: reuse"
decision (a key over the processed data, labels, parameters, registered claims and code,
saved with the results by the one writer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .claims import Context, Params, registry
from .claims.context import INGESTED, labels_for
from .claims.evaluate import evaluate_all, failed_claims, failures_logged, run_claim
from .claims.result import ClaimResult
from .claims.store import figure_tables, load_results, read_key, save_results
from .fingerprint import PACKAGE, code_hash, digest, file_hash, tree_hash
from .paths import results_dir

SENSITIVITY = "sensitivity"  # the robustness table's name among the saved tables


def ingest(export, processed: Path, *, owner_url: str | None = None,
           owner_name: str | None = None) -> dict:
    """Stage 1: read an export (and the labels, outcomes and workbooks beside it) into
    ``processed``; returns the ledger."""
    from .export import ingest as read_export

    return read_export(export, processed, owner_url=owner_url, owner_name=owner_name)


def context(processed: Path, params: Params | None = None, labels=INGESTED) -> Context:
    """The claims' context over a processed set: the labels ingested with it by default, or
    the labels file ``labels`` (a missing file means none)."""
    given = INGESTED if isinstance(labels, str) and labels == INGESTED else labels_for(
        processed, labels)
    return Context(Path(processed), params or Params(), given)


def evaluate(ctx: Context) -> list[ClaimResult]:
    """Stage 2: every registered claim, with Benjamini-Hochberg q-values within families."""
    return evaluate_all(ctx)


def evaluate_claim(ctx: Context, claim_id: str, *, strict: bool = False) -> ClaimResult:
    """Stage 2 for one claim: a crash becomes 'not testable' with the error's name in
    ``details['error']``, or with ``strict`` (``validate`` counts crashes) is raised."""
    return run_claim(claim_id, ctx, strict=strict)


def sensitivity(ctx: Context, results: list[ClaimResult]) -> pd.DataFrame:
    """Stage 3: every verdict across the registered parameter ranges and the classifier's
    error (``claims.sensitivity``)."""
    from .claims.sensitivity import sensitivity as vary

    return vary(ctx, {r.claim_id: r for r in results})


def save(results: list[ClaimResult], out: Path, tables: dict[str, pd.DataFrame],
         key: str | None = None) -> Path:
    """Stage 4: the one writer (``claims.store.save_results``), atomic; returns claims.json."""
    return save_results(results, out, tables, key=key)


@dataclass
class Evaluated:
    """What the claims stage produced or reused: results, tables (figures, robustness)."""

    results: list[ClaimResult]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    out: Path | None = None
    reused: bool = False
    log: Path | None = None

    @property
    def failed(self) -> list[str]:
        return failed_claims(self.results)


def claims_key(processed: Path, params: Params, labels=INGESTED) -> str:
    """Changes when anything the claims' results depend on changes."""
    override = None if isinstance(labels, str) and labels == INGESTED else (
        file_hash(Path(labels)) if labels is not None and Path(labels).exists() else "none")
    claims = [(c.id, _name(c.function)) for c in registry.all_claims()]
    return digest("claims", tree_hash(processed, skip=("report",)), asdict(params), override,
                  claims, code_hash("claims", "classify", "features", "stats", "pipeline"),
                  tree_hash(PACKAGE / "data"))


def _name(function) -> str:
    """A function's stable name (a ``functools.partial`` by the function it wraps)."""
    function = getattr(function, "func", function)
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


def compute(processed: Path, params: Params | None = None, labels=INGESTED, *,
            with_sensitivity: bool = False) -> tuple[Evaluated, Context]:
    """Stages 2 and 3 in memory (nothing written): the notebooks' fallback."""
    ctx = context(processed, params, labels)
    results = evaluate(ctx)
    tables = figure_tables(ctx)
    if with_sensitivity:
        tables[SENSITIVITY] = sensitivity(ctx, results)
    return Evaluated(results, tables), ctx


def claims_stage(processed: Path, params: Params | None = None, labels=INGESTED, *,
                 with_sensitivity: bool = False,
                 say: Callable[[str], None] = print) -> Evaluated:
    """Evaluate (and with ``with_sensitivity`` vary) every claim and save it all into the
    results folder beside ``processed``, unless what is saved there was made from the same
    data, labels, parameters, claims and code (and holds the robustness table when asked):
    then it is reused."""
    processed, params = Path(processed), params or Params()
    out = results_dir(processed)
    key = claims_key(processed, params, labels)
    if read_key(out) == key:
        saved = load_results(out)
        if saved is not None and (SENSITIVITY in saved[1] or not with_sensitivity):
            say(f"Claims unchanged: reusing {out / 'claims.json'}.")
            return Evaluated(list(saved[0].values()), saved[1], out, reused=True)
    with failures_logged(out) as log:
        done, _ = compute(processed, params, labels, with_sensitivity=with_sensitivity)
    save(done.results, out, done.tables, key)
    done.out, done.log = out, log
    return done
