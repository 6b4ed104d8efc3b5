"""The notebooks in JupyterLab: what a notebook needs before its first figure, and ``make lab``.

A person opens a notebook in any state: nothing processed yet, an export ingested but no
claims evaluated (``make ingest``), claims saved without the report's figure tables
(``make claims``), or everything (``make report``). :func:`setup` makes every one of those
work the same way: it ingests the export in ``data/raw/`` (or the bundled demo, as the report
does) when nothing is processed, then loads the saved results or evaluates the claims in
memory. It never writes to ``data/raw/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import LinkedOutError
from ..paths import PROCESSED_DIR, RAW_DIR
from .notebooks import NOTEBOOK_DIR

FIRST_NOTEBOOK = "00-scorecard.ipynb"


def ensure_processed(processed: str | Path | None = None, *, raw_dir: Path | None = None,
                     say: Callable[[str], None] = print) -> Path:
    """The processed folder to read. When it is the project's own ``data/processed/`` and
    holds nothing yet, the export in ``data/raw/`` (else the bundled synthetic demo) is
    ingested into it first, saying so; a folder named explicitly is only read."""
    from .inputs import find_source, ingest_if_changed

    folder = Path(processed).expanduser() if processed else PROCESSED_DIR
    if (folder / "ledger.json").exists():
        return folder
    if processed and folder.resolve() != PROCESSED_DIR.resolve():
        raise LinkedOutError(f"No processed data in {folder}: run 'python -m analysis ingest "
                             f"<export> --out {folder}' (or leave processed = None).")
    raw = Path(raw_dir) if raw_dir else RAW_DIR
    say(f"Nothing processed yet in {folder}: reading the export first (this happens once; "
        "'make ingest' does the same).")
    source = find_source(None, raw, say=say)
    ingest_if_changed(source, folder, say=say)
    return folder


def setup(namespace: dict, *, claims: bool = True):
    """What every notebook's first code cell calls with ``globals()``: ``(results, names)``.

    ``namespace`` holds the notebook's parameters (``processed``, ``reveal``, ``labels`` and
    the registered ones); ``results`` is None when ``claims`` is False (notebook 07 needs
    only the messages). ``names`` turns people into pseudonyms (real names with ``reveal``).
    """
    from .. import plots
    from ..privacy import Pseudonyms
    from . import results as res

    plots.setup()
    processed = ensure_processed(namespace.get("processed"))
    found = None
    if claims:
        found = res.load(processed, res.params_from(namespace), namespace.get("labels"))
    reveal = bool(namespace.get("reveal", False))
    return found, _Lazy(lambda: Pseudonyms.from_processed(processed, reveal=reveal))


class _Lazy:
    """Built on first use: most notebooks never name a person, so they never pay for
    reading everyone in the export."""

    def __init__(self, build: Callable):
        self._build, self._built = build, None

    def __getattr__(self, name: str):
        if self._built is None:
            self._built = self._build()
        return getattr(self._built, name)


# ----------------------------------------------------------------------------- make lab
def lab_command(*, notebook_dir: Path = NOTEBOOK_DIR, root: bool | None = None,
                port: int | None = None, extra: list[str] | None = None) -> list[str]:
    """``jupyter lab`` on the notebooks, opening on the scorecard (``--allow-root`` only when
    running as root, where Jupyter refuses to start without it)."""
    if root is None:
        root = hasattr(os, "geteuid") and os.geteuid() == 0
    argv = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={notebook_dir}",
            f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}"]
    if root:
        argv.append("--allow-root")
    if port:
        argv.append(f"--port={port}")
    return argv + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    """``make lab``: make sure there is data to look at, then hand over to JupyterLab."""
    parser = argparse.ArgumentParser(prog="python -m analysis.report.lab",
                                     description="Open the notebooks in JupyterLab.")
    parser.add_argument("--no-ingest", action="store_true",
                        help="open JupyterLab even when nothing is processed yet")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR,
                        help="the folder JupyterLab serves (default: the project's notebooks/)")
    args, extra = parser.parse_known_args(argv)
    try:
        if not args.no_ingest:
            ensure_processed()
    except LinkedOutError as exc:
        print(f"linkedout: error: {exc}", file=sys.stderr)
        return 1
    command = lab_command(notebook_dir=args.notebooks, extra=extra)
    print(f"Opening JupyterLab on notebooks/{FIRST_NOTEBOOK}. Open the URL printed below "
          "(the one with '?token='), and stop with Ctrl-C.", flush=True)
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
