"""Where the project keeps data: one place, so the CLI, notebooks and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The synthetic demo shipped with the package (realistic world, seed 7; regenerated with
# `python -m tools.demo --bundle`): what `make report` reads when data/raw/ is empty.
BUNDLED_DEMO = Path(__file__).resolve().parent / "data" / "demo"


def _dir(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


RAW_DIR = _dir("LINKEDOUT_RAW", PROJECT_ROOT / "data" / "raw")
PROCESSED_DIR = _dir("LINKEDOUT_PROCESSED", PROJECT_ROOT / "data" / "processed")
REPORTS_DIR = _dir("LINKEDOUT_REPORTS", PROJECT_ROOT / "reports")


def results_dir(processed: Path | str) -> Path:
    """Where the claims' results for a processed set go: beside it, never inside the ingest
    output (``data/processed`` -> ``data/results``; any other ``X`` -> ``X-results``;
    LINKEDOUT_RESULTS overrides it for the default processed folder)."""
    processed = Path(processed)
    if os.environ.get("LINKEDOUT_RESULTS") and processed.resolve() == PROCESSED_DIR.resolve():
        return _dir("LINKEDOUT_RESULTS", processed)
    name = "results" if processed.name == "processed" else f"{processed.name}-results"
    return processed.with_name(name)


RESULTS_DIR = results_dir(PROCESSED_DIR)
