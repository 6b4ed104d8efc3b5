"""Where the project keeps data: one place, so the CLI, notebooks and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _dir(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


RAW_DIR = _dir("LINKEDOUT_RAW", PROJECT_ROOT / "data" / "raw")
PROCESSED_DIR = _dir("LINKEDOUT_PROCESSED", PROJECT_ROOT / "data" / "processed")
REPORTS_DIR = _dir("LINKEDOUT_REPORTS", PROJECT_ROOT / "reports")
