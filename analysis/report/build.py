"""``build_report``: input → ingest → claims → notebooks → HTML pages → index, with caches.

Each step is skipped when its inputs did not change (see ``fingerprint``), so a rerun with
nothing changed takes seconds. The pages are built in a temporary folder and swapped in
for ``reports/`` only when all succeeded: a failing notebook leaves the previous report.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path

from .. import privacy
from ..claims import Params
from ..export.store import replace_dir_atomically
from ..fingerprint import code_hash, digest, file_hash, tree_hash
from ..paths import RAW_DIR, results_dir
from . import index as index_page
from . import notebooks as nbs
from . import results as res
from .inputs import DEMO_DIR, find_source, ingest_if_changed
from .page import CSS, Chrome

BUILD_STATE = ".linkedout/build.json"  # inside reports/: what each page was built from
STEPS = 6


class _Say:
    """Progress lines in the terminal (thread-safe: notebooks run in parallel)."""

    def __init__(self, out: Callable[[str], None]):
        self.out, self.lock = out, threading.Lock()

    def __call__(self, text: str) -> None:
        with self.lock:
            self.out(text)

    def step(self, n: int, text: str) -> None:
        self(f"[{n}/{STEPS}] {text}")


def _print(text: str) -> None:
    print(text, flush=True)


def claims_if_changed(processed: Path, params: Params,
                      say: Callable[[str], None]) -> bool:
    """Evaluate, vary and save the claims unless the saved results were made from the same
    data, labels, parameters and code (``pipeline.claims_stage``); True when it evaluated."""
    from .. import pipeline

    started = time.monotonic()
    done = pipeline.claims_stage(processed, params, with_sensitivity=True, say=say)
    if done.reused:
        return False
    verdicts = ", ".join(f"{r.claim_id} {r.verdict}" for r in done.results)
    say(f"Evaluated {len(done.results)} claims in {time.monotonic() - started:.0f} s: "
        f"{verdicts}.")
    if done.failed:
        say(f"Could not compute {', '.join(done.failed)} (shown as not testable; the traceback "
            f"is in {done.log}).")
    return True


def _params_for(processed: Path, params: Params, reveal: bool, labels: Path | None,
                demo: bool) -> dict:
    """What the report injects into every notebook's parameters (``labels``: the file the
    ingest read, which notebook 07 evaluates the classifier on)."""
    return {"processed": str(processed.resolve()), "reveal": reveal,
            "labels": str(labels.resolve()) if labels else None, "demo": demo,
            "show_message_text": False, "page_suffix": ".html",
            **{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(params).items()}}


def _read_build_state(reports: Path) -> dict:
    try:
        return json.loads((reports / BUILD_STATE).read_text())
    except (OSError, ValueError):
        return {}


def build_report(*, export: Path | None, processed: Path, reports: Path, show_code: bool = False,
                 reveal: bool = False, jobs: int = 2, params: Params | None = None,
                 raw_dir: Path | None = None, notebook_dir: Path | None = None,
                 demo_dir: Path | None = None, owner_url: str | None = None,
                 owner_name: str | None = None,
                 say: Callable[[str], None] = _print) -> Path:
    """Build (or bring up to date) the HTML report; return the path of its index.html."""
    say = _Say(say)
    processed, reports = Path(processed).resolve(), Path(reports).resolve()
    params = params or Params()
    say.step(1, "Finding the input")
    source = find_source(Path(export) if export else None, Path(raw_dir or RAW_DIR),
                         demo_dir=Path(demo_dir or DEMO_DIR), say=say)
    say(f"      {'SYNTHETIC DEMO: ' if source.demo else ''}{source.export}")
    say.step(2, "Reading the export (only if it changed)")
    ingest_if_changed(source, processed, owner_url=owner_url, owner_name=owner_name, say=lambda t: say("      " + t))
    say.step(3, "Evaluating the claims (only if the data or parameters changed)")
    claims_if_changed(processed, params, lambda t: say("      " + t))

    notebooks = nbs.discover(Path(notebook_dir or nbs.NOTEBOOK_DIR))
    chrome = Chrome((("index.html", "Overview"),) + tuple((n.page, n.title) for n in notebooks),
                    demo=source.demo, reveal=reveal)
    injected = _params_for(processed, params, reveal, source.inputs.labels, source.demo)
    secret = digest(privacy.load_secret().hex())
    data = (tree_hash(processed), tree_hash(results_dir(processed)))
    common = (data, injected, code_hash(), chrome.key(), show_code, secret, sys.version)
    keys = {n.name: digest("notebook", file_hash(n.path), *common) for n in notebooks}
    command = "make report" + (" REVEAL=1" if reveal else "") + (
        f" EXPORT={source.export}" if export else "")
    total = digest("report", keys, common, command)
    previous = _read_build_state(reports)
    if previous.get("total") == total and (reports / "index.html").exists():
        say("Nothing changed since the last report: every step skipped.")
        _done(reports / "index.html", source.demo, reveal, say)
        return reports / "index.html"

    def fill(tmp: Path) -> None:
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is an ordinary one
        (tmp / "notebooks").mkdir()
        reuse = [n for n in notebooks
                 if previous.get("notebooks", {}).get(n.name) == keys[n.name]
                 and (reports / n.page).exists()
                 and (reports / "notebooks" / f"{n.name}.ipynb").exists()]
        todo = [n for n in notebooks if n not in reuse]
        say.step(4, f"Running {len(todo)} notebook(s), {max(1, int(jobs))} at a time; "
                 f"{len(reuse)} unchanged")
        for n in reuse:
            shutil.copy2(reports / n.page, tmp / n.page)
            shutil.copy2(reports / "notebooks" / f"{n.name}.ipynb", tmp / "notebooks")
            say(f"      {n.name}: unchanged, reused")
        _run_all(todo, tmp, injected, chrome, show_code, max(1, int(jobs)), say)
        say.step(6, "Writing the scorecard (index.html)")
        results = res.load_saved(processed)
        results.params = params
        html = index_page.render(results, chrome=chrome, reveal=reveal,
                                 figure_b64=index_page.forest_png(results), command=command)
        (tmp / "index.html").write_text(html, encoding="utf-8")
        state = {"total": total, "notebooks": keys, "ran": [n.name for n in todo],
                 "reused": [n.name for n in reuse]}
        _keep_foreign(reports, tmp)
        (tmp / BUILD_STATE).parent.mkdir(parents=True, exist_ok=True)
        (tmp / BUILD_STATE).write_text(json.dumps(state, indent=1) + "\n")

    try:
        replace_dir_atomically(reports, fill)
    except nbs.NotebookFailed as exc:
        raise nbs.NotebookFailed(f"{exc} The previous report in {reports} was left as it "
                                 "was.") from None
    _done(reports / "index.html", source.demo, reveal, say)
    return reports / "index.html"


def _keep_foreign(old: Path, new: Path) -> None:
    """Files in reports/ that the report does not make (``make bench``'s bench.json, say)
    survive the swap; old pages never do."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        if entry.suffix == ".html" or entry.name in ("notebooks", ".linkedout") or (
                new / entry.name).exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, new / entry.name)
        else:
            shutil.copy2(entry, new / entry.name)


def _done(index: Path, demo: bool, reveal: bool, say: Callable[[str], None]) -> None:
    if demo:
        say("This report is built from the SYNTHETIC DEMO, not your data: put your LinkedIn "
            "export ZIP in data/raw/ and run 'make report' again.")
    if reveal:
        say("This report shows REAL NAMES: keep it to yourself, do not share it.")
    say(f"Report: {index}")
    say(f"Open it in your browser: {index.as_uri()}")


def _run_all(todo: list, tmp: Path, injected: dict, chrome: Chrome, show_code: bool,
             jobs: int, say: _Say) -> None:
    """Execute and export the notebooks, ``jobs`` at a time; the first failure stops the
    rest (queued ones never start) and is raised."""
    if not todo:
        return
    import nbformat

    say.step(5, "Exporting each notebook to HTML as it finishes")

    def one(n: nbs.Notebook) -> None:
        started = time.monotonic()
        say(f"      running {n.name}...")
        executed = nbs.execute(n, injected)
        nbformat.write(executed, tmp / "notebooks" / f"{n.name}.ipynb")
        html = nbs.to_html(executed, header=chrome.header(n.page), css=CSS,
                           show_code=show_code, title=f"LinkedOut · {n.title}")
        (tmp / n.page).write_text(html, encoding="utf-8")
        say(f"      done {n.name} ({time.monotonic() - started:.0f} s)")

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(one, n) for n in todo]
        _, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for f in pending:
            f.cancel()
    for f in futures:  # the pool has waited for the running ones
        if not f.cancelled() and f.exception() is not None:
            raise f.exception()
