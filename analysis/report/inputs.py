"""Steps 1 and 2: find what to analyse, and ingest it only when it changed.

The input is the export named with ``--export``, else the single export in ``data/raw/``,
else the synthetic demo bundled with the package (``analysis/data/demo/``, read in place). Whether to ingest
again is decided from the files' sizes and modification times (and the reading code's
version), recorded in ``data/processed/report/state.json`` after each ingest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..export.locate import Inputs, export_candidates, locate_inputs
from ..fingerprint import code_hash, digest
from ..paths import BUNDLED_DEMO

DEMO_DIR = BUNDLED_DEMO
STATE = "report/state.json"


@dataclass(frozen=True)
class Source:
    inputs: Inputs
    demo: bool  # a synthetic demo export, not someone's data

    @property
    def export(self) -> Path:
        return self.inputs.export


def ensure_demo(folder: Path = DEMO_DIR) -> Path:
    """The demo export in ``folder`` (default: the one bundled with the package)."""
    zips = sorted(Path(folder).glob("*.zip"))
    if len(zips) != 1:
        raise FileNotFoundError(f"no demo export in {folder}: regenerate it with "
                                "'python -m tools.demo --bundle'")
    return zips[0]


def find_source(export: Path | None, raw_dir: Path, *, demo_dir: Path = DEMO_DIR,
                say: Callable[[str], None] = print) -> Source:
    """The export to analyse and the extras beside it (see the module docstring)."""
    if export is not None:
        inputs = locate_inputs(export, raw_dir)
    elif export_candidates(raw_dir):
        inputs = locate_inputs(None, raw_dir)  # one export, or several for ingest to merge
    else:
        say(f"No export in {raw_dir}: using the bundled SYNTHETIC DEMO. To analyse your own "
            "LinkedIn data, put your export ZIP in data/raw/ and run 'make report' again.")
        return Source(locate_inputs(ensure_demo(demo_dir), raw_dir), demo=True)
    folder = inputs.export.parent if inputs.export.is_file() else inputs.export
    demo = (folder / "truth.json").exists() or (folder / "demo.json").exists()
    return Source(inputs, demo)


def _stat_files(path: Path) -> list[tuple[str, int, int]]:
    paths = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    out = []
    for p in paths:
        st = p.stat()
        out.append((str(p.resolve()), st.st_size, st.st_mtime_ns))
    return out


def input_key(source: Source, owner_url: str | None = None,
              owner_name: str | None = None) -> str:
    """Changes when the export, an extra beside it, or the reading code changes."""
    inp = source.inputs
    files = [f for export in inp.exports for f in _stat_files(export)]
    for extra in [*inp.creator_workbooks, inp.outcomes, inp.labels]:
        if extra is not None:
            files += _stat_files(extra)
    return digest("input", files, owner_url, owner_name, code_hash("export"),
                  os.fspath(inp.export))


def read_state(processed: Path) -> dict:
    path = Path(processed) / STATE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def write_state(processed: Path, **changes) -> None:
    path = Path(processed) / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {**read_state(processed), **changes}
    path.write_text(json.dumps(state, indent=1) + "\n")


def ingest_if_changed(source: Source, processed: Path, *, owner_url: str | None = None,
                      owner_name: str | None = None, say: Callable[[str], None] = print) -> bool:
    """Ingest unless ``processed`` already holds this very input; True when it ingested."""
    from ..pipeline import ingest

    key = input_key(source, owner_url, owner_name)
    if (Path(processed) / "ledger.json").exists() and read_state(processed).get("input") == key:
        say(f"Input unchanged since the last ingest: reusing {processed}.")
        return False
    say(f"Reading {', '.join(p.name for p in source.inputs.exports)}...")
    exports = source.inputs.exports  # several: one person's exports, merged (or refused)
    ledger = ingest(exports if len(exports) > 1 else source.export, processed,
                    owner_url=owner_url, owner_name=owner_name)
    t = ledger["totals"]
    say(f"Read {len(ledger['files'])} files: {t['rows_loaded']:,} rows loaded, "
        f"{t['rows_quarantined']:,} quarantined of {t['rows_read']:,}.")
    if ledger["owner"].get("note"):
        say(ledger["owner"]["note"])
    write_state(processed, input=key)
    return True
