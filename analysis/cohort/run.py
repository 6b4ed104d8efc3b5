"""The cohort run: every export in a folder becomes a card in its own Dask task, then pool.

Runs on a ``distributed.LocalCluster`` by default (one thread per worker process, so the
Python-heavy claims run in parallel) or on the scheduler at ``--scheduler``. Cards are kept
in ``<out>/cards/`` under the export's content fingerprint (its bytes, and the code that
reads it), and so is the reason an export could not be read: a second run recomputes only
what changed (a worker that died is retried). A failing export is recorded with its
reason and the others go on.
"""

from __future__ import annotations

import json
import logging
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import LinkedOutError
from ..fingerprint import digest, file_hash, tree_hash
from .card import CARD_FORMAT, make_card, read_card, write_card

IGNORED = {"readme.md", "readme.txt"}


@dataclass
class Entry:
    """One item of the cohort folder: an export to card, or a card given as it is."""

    name: str
    path: Path
    kind: str  # "export", "card" or "other"
    person: str = ""
    fingerprint: str | None = None
    card: dict | None = None
    status: str = "pending"  # "computed", "reused", "given" or "failed"
    reason: str = ""
    seconds: float | None = None


@dataclass
class CohortRun:
    entries: list[Entry]
    seconds: float = 0.0
    computed: int = 0
    workers: int | str = 0
    timings: dict = field(default_factory=dict)

    @property
    def cards(self) -> list[dict]:
        return [e.card for e in self.entries if e.card is not None]


def scan(folder: Path) -> list[Entry]:
    """Every visible item of ``folder``: ZIPs and folders are exports, JSON files cards."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LinkedOutError(f"{folder} is not a folder: give the folder that holds the "
                             "exports (ZIPs or folders) and/or cards (.json).")
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() in IGNORED:
            continue
        if path.is_dir() or path.suffix.lower() == ".zip" or (
                path.suffix.lower() != ".json" and zipfile.is_zipfile(path)):
            kind = "export"
        elif path.suffix.lower() == ".json":
            kind = "card"
        else:
            kind = "other"
        entries.append(Entry(path.name, path, kind))
    if not entries:
        raise LinkedOutError(f"{folder} holds no exports or cards.")
    for i, e in enumerate(entries, 1):
        e.person = f"Person {i:03d}"
    return entries


def _prune(cache: Path, keep: set[str]) -> None:
    """Drop cards (and failure reasons) of exports no longer in the folder or read by older
    code, so the cache does not grow with every change."""
    if cache.is_dir():
        for path in cache.iterdir():
            if path.suffix in (".json", ".failed") and path.stem not in keep:
                path.unlink()


# Code that only presents or pools cards: a change to it keeps every card valid.
PRESENTATION = ("report/", "demo/", "cohort/pool.py", "cohort/report.py", "cohort/cli.py",
                "doctor.py", "plots.py", "cli.py", "__main__.py")


@cache
def card_code_hash() -> str:
    """Hash of the code and bundled data (the classifier's seed corpus) that make a card."""
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and (p.suffix == ".py" or p.relative_to(package).parts[0] == "data"))
    kept = [p for p in files
            if not p.relative_to(package).as_posix().startswith(PRESENTATION)]
    return digest([(p.relative_to(package).as_posix(), file_hash(p)) for p in kept])


def fingerprint(path: Path) -> str:
    """Content of the export (and, for a folder, of the extras in it) and of the code that
    makes cards."""
    content = tree_hash(path) if path.is_dir() else file_hash(path)
    return digest("cohort-card", CARD_FORMAT, content, card_code_hash())


def resolve(path: Path) -> Path:
    """A person's folder may hold their export ZIP with its extras (outcomes.csv, creator
    workbook) beside it, or be the extracted export itself."""
    from ..export.locate import export_candidates

    if not path.is_dir():
        return path
    found = export_candidates(path)
    if len(found) > 1:
        raise LinkedOutError(f"{path.name} holds {len(found)} exports: give each person "
                             "their own folder")
    return found[0] if found else path


def card_task(path: str) -> dict:
    """What a Dask worker runs: one export to a card, or the reason it could not be."""
    start = time.perf_counter()
    try:
        card = make_card(resolve(Path(path)))
    except LinkedOutError as err:  # the same bytes and code fail the same way: kept
        return {"ok": False, "reason": str(err), "keep": True}
    except Exception as err:  # noqa: BLE001 - one odd export must not stop the cohort
        return {"ok": False, "reason": f"unexpected error ({type(err).__name__}); "
                                      f"'python -m analysis doctor' on it says more"}
    return {"ok": True, "card": card, "seconds": time.perf_counter() - start}


def _reachable(address: str) -> None:
    """Fail in a moment, not after the client's long retries, when nothing listens at a
    tcp:// address (a typo, a scheduler not started yet)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp" or not parts.port:
        return
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=10).close()
    except OSError as err:
        raise LinkedOutError(f"No Dask scheduler answers at {address} ({err.strerror or err}); "
                             "start one with 'dask scheduler' or leave out --scheduler "
                             "to use local workers.") from None


def _client(scheduler: str | None, workers: int, memory: str):
    from distributed import Client, LocalCluster

    if scheduler:
        _reachable(scheduler)
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as err:
            raise LinkedOutError(f"No Dask scheduler answers at {scheduler} ({err}).") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, memory_limit=memory)
    return Client(cluster), cluster


def run_cohort(folder: Path, out: Path, *, scheduler: str | None = None, workers: int = 2,
               memory: str = "3GiB", progress: bool = True,
               say: Callable[[str], None] = print) -> CohortRun:
    """Cards for every entry of ``folder`` (reused, read, or computed on Dask)."""
    if workers < 1:
        raise LinkedOutError(f"--workers must be at least 1, not {workers}.")
    start = time.perf_counter()
    entries = scan(folder)
    cache = Path(out) / "cards"
    todo = []
    for e in entries:
        if e.kind == "other":
            e.status, e.reason = "failed", "not an export (ZIP or folder) or a card (.json)"
        elif e.kind == "card":
            try:
                e.card, e.status = read_card(e.path), "given"
            except LinkedOutError as err:
                e.status, e.reason = "failed", str(err)
        else:
            e.fingerprint = fingerprint(e.path)
            cached = cache / f"{e.fingerprint[:32]}.json"
            failed = cached.with_suffix(".failed")
            if failed.exists():
                e.status, e.reason = "failed", failed.read_text(encoding="utf-8").strip()
            elif cached.exists():
                try:
                    e.card, e.status = read_card(cached), "reused"
                except LinkedOutError:
                    todo.append(e)
            else:
                todo.append(e)
    _prune(cache, {e.fingerprint[:32] for e in entries if e.fingerprint})
    run = CohortRun(entries, workers=scheduler or workers)
    reused = sum(e.status == "reused" or bool(e.fingerprint and e.status == "failed")
                 for e in entries)
    if reused:
        say(f"Reusing the cards (or reasons for failing) of {reused} unchanged export(s) "
            f"from {cache}.")
    if todo:
        say(f"Making {len(todo)} card(s) on "
            f"{'the scheduler at ' + scheduler if scheduler else f'{workers} local worker(s)'}...")
        _compute(todo, cache, scheduler, workers, memory, progress)
        run.computed = len(todo)
    run.seconds = time.perf_counter() - start
    return run


def _compute(todo: list[Entry], cache: Path, scheduler: str | None, workers: int,
             memory: str, progress: bool) -> None:
    from distributed import as_completed
    from tqdm import tqdm

    client, cluster = _client(scheduler, workers, memory)
    try:
        futures = {client.submit(card_task, str(e.path), key=f"card-{e.fingerprint}",
                                 pure=False): e for e in todo}
        bar = tqdm(total=len(todo), unit="export", desc="cards", disable=not progress)
        for future in as_completed(futures):
            e = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # noqa: BLE001 - a worker died on this export
                outcome = {"ok": False, "reason": f"the worker running it failed "
                                                  f"({type(err).__name__})"}
            if outcome["ok"]:
                e.card, e.status, e.seconds = outcome["card"], "computed", outcome["seconds"]
                write_card(e.card, cache / f"{e.fingerprint[:32]}.json")
            else:
                e.status, e.reason = "failed", outcome["reason"]
                if outcome.get("keep"):
                    cache.mkdir(parents=True, exist_ok=True)
                    (cache / f"{e.fingerprint[:32]}.failed").write_text(e.reason + "\n",
                                                                         encoding="utf-8")
            bar.update(1)
        bar.close()
    finally:
        client.close()
        if cluster is not None:
            # Every card is written by now: a worker slow to exit on a busy machine is
            # killed, which the nanny would announce as a warning the user need not see.
            nanny = logging.getLogger("distributed.nanny")
            level = nanny.level
            nanny.setLevel(logging.ERROR)
            try:
                cluster.close()
            finally:
                nanny.setLevel(level)


def summary(run: CohortRun) -> dict:
    """The run's entries as the report and cohort.json list them (no card contents)."""
    return {"entries": [{"person": e.person, "name": e.name, "kind": e.kind,
                         "status": e.status, "reason": e.reason, "seconds": e.seconds}
                        for e in run.entries],
            "seconds": run.seconds, "computed": run.computed, "workers": run.workers}


def save(run: CohortRun, pooled: list[dict], out: Path) -> Path:
    path = Path(out) / "cohort.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**summary(run), "pooled": pooled}, indent=1, default=str) + "\n",
                    encoding="utf-8")
    return path
