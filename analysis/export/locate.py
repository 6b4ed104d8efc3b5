"""Find what to ingest: the export(s) the user named, or those in ``data/raw/``.

Beside the export may sit the optional extras: the creator-analytics workbook(s), the
owner's ``outcomes.csv`` and ``labels.csv``. They are looked for in the folder that holds
the export (``data/raw/`` normally; ``data/raw/demo/`` for the demo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExportError

EXTRA_NAMES = {"outcomes.csv", "labels.csv", "truth.json"}
CREATOR_WORKBOOK = re.compile(r"^(Content_|AggregateAnalytics_).*\.xlsx$", re.I)


@dataclass
class Inputs:
    export: Path  # the first of ``exports``
    creator_workbooks: list[Path] = field(default_factory=list)
    outcomes: Path | None = None
    labels: Path | None = None
    exports: list[Path] = field(default_factory=list)  # several: one person's, merged

    def __post_init__(self) -> None:
        self.exports = self.exports or [self.export]


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name not in {"README.md", "README.txt"}


def _looks_like_export_dir(path: Path) -> bool:
    csvs = [p for p in path.rglob("*.csv") if _visible(p)]
    return any(p.name.lower() not in EXTRA_NAMES for p in csvs)


def export_candidates(raw_dir: Path) -> list[Path]:
    """ZIPs and export folders in ``raw_dir``; ``raw_dir`` itself if CSVs lie at its top."""
    if not raw_dir.is_dir():
        return []
    loose = [p for p in raw_dir.glob("*.csv") if _visible(p) and p.name.lower() not in EXTRA_NAMES]
    if loose:
        return [raw_dir]
    found = []
    for entry in sorted(raw_dir.iterdir()):
        if not _visible(entry):
            continue
        if entry.is_file() and entry.suffix.lower() == ".zip":
            found.append(entry)
        elif entry.is_dir() and (_looks_like_export_dir(entry) or any(entry.glob("*.zip"))):
            inner = [p for p in sorted(entry.glob("*.zip")) if _visible(p)]
            found.extend(inner if inner and not any(entry.glob("*.csv")) else [entry])
    return found


def extras_beside(export: Path) -> tuple[list[Path], Path | None, Path | None]:
    """Extras in the folder holding the export (and, for a folder export, inside it)."""
    folders = [export.parent] if export.is_file() else [export, export.parent]
    files = [p for folder in folders for p in sorted(folder.iterdir()) if p.is_file()]
    workbooks = [p for p in files if CREATOR_WORKBOOK.match(p.name)]
    outcomes = next((p for p in files if p.name.lower() == "outcomes.csv"), None)
    labels = next((p for p in files if p.name.lower() == "labels.csv"), None)
    return workbooks, outcomes, labels


def locate_inputs(path: str | Path | list | None, raw_dir: Path) -> Inputs:
    """The export(s) to read: the path(s) given, or every export in ``raw_dir``.

    Several exports (ZIPs or folders side by side) are returned together; ingest merges them
    when they are one person's and stops with both names when they are not.
    """
    if isinstance(path, (list, tuple)):
        exports = [Path(p).expanduser() for p in path]
    elif path is not None:
        exports = [Path(path).expanduser()]
        if exports[0].is_dir() and not _has_loose_csv(exports[0]):
            inner = export_candidates(exports[0])
            exports = inner if len(inner) > 1 else exports
    else:
        exports = export_candidates(raw_dir)
        if not exports:
            raise ExportError(
                f"No LinkedIn export found in {raw_dir}. Download yours (LinkedIn: Settings & "
                "Privacy > Data privacy > Get a copy of your data), put the ZIP there, and run "
                "again; or run 'make demo' to try the synthetic demo."
            )
    for export in exports:
        if not export.exists():
            raise ExportError(f"{export}: no such file or folder.")
    workbooks, outcomes, labels = extras_beside(exports[0])
    return Inputs(exports[0], workbooks, outcomes, labels, exports)


def _has_loose_csv(folder: Path) -> bool:
    return any(_visible(p) and p.name.lower() not in EXTRA_NAMES for p in folder.glob("*.csv"))
