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
import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import LinkedOutError
from ..fingerprint import digest, file_hash, tree_hash
from .card import CARD_FORMAT, make_card, write_card
from .checks import clean_card, load_card, mark_duplicates
from .disclosure import donor_id, pseudonym

IGNORED = {"readme.md", "readme.txt"}
ABSOLUTE = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[/\\][^\s'\"():,]+")


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
    notes: list[str] = field(default_factory=list)  # cells dropped on reading


@dataclass
class CohortRun:
    entries: list[Entry]
    seconds: float = 0.0
    computed: int = 0
    workers: int | str = 0
    timings: dict = field(default_factory=dict)
    aborted: str = ""  # why the cluster part stopped early (workers or scheduler lost)

    @property
    def cards(self) -> list[dict]:
        return [e.card for e in self.entries
                if e.card is not None and e.status in ("computed", "reused", "given")]


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
    return entries


def person_of(path: Path) -> str:
    """Stable pseudonym of an entry: from its card's donor fingerprint, else its content."""
    path = Path(path)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("donor"), str):
            return pseudonym(data["donor"])
        return pseudonym(digest("linkedout-file", file_hash(path))[:16])
    try:
        return pseudonym(donor_id(resolve(path)))
    except (LinkedOutError, OSError):
        return pseudonym(donor_id(path))


def name_people(entries: list[Entry]) -> None:
    """Pseudonyms from content, never from position or name: adding a donor renames nobody."""
    for e in entries:
        e.person = person_of(e.path)
        e.reason = scrub(e.reason, e)


def scrub(reason: str, e: Entry) -> str:
    """A reason without the entry's name, the names of files in it, or any absolute path:
    researchers name entries after donors."""
    if not reason:
        return reason
    names = {e.name, e.path.stem, str(e.path), str(e.path.parent)}
    if e.path.is_dir():
        names |= {p.name for p in e.path.iterdir()}
    for name in sorted((n for n in names if len(n) > 2), key=len, reverse=True):
        reason = reason.replace(name, "this entry")
    return ABSOLUTE.sub("<path>", reason)


def _prune(cache: Path, folder: Path, keep: set[str]) -> None:
    """Drop cards (and failure reasons) of exports no longer in the folder or read by older
    code, so the cache does not grow with every change. Each cohort folder lists its cards
    in the cache; a card another cohort's list names is kept (two cohorts, one ``--out``)."""
    cache.mkdir(parents=True, exist_ok=True)
    mine = cache / f"cohort-{digest('cohort-folder', str(Path(folder).resolve()))[:16]}.list"
    mine.write_text("".join(f"{k}\n" for k in sorted(keep)), encoding="utf-8")
    listed = set(keep)
    for other in cache.glob("cohort-*.list"):
        listed |= set(other.read_text(encoding="utf-8").split())
    for path in cache.iterdir():
        if path.suffix in (".json", ".failed") and path.stem not in listed:
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


def payload(path: Path) -> dict[str, bytes]:
    """The entry's files as bytes, keyed by their path under the entry's parent: shipped
    to workers that do not share the client's disk."""
    path = Path(path)
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.relative_to(path.parent).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*")) if p.is_file()}


def card_task(path: str, files: dict[str, bytes] | None = None) -> dict:
    """What a Dask worker runs: one export to a card, or the reason it could not be.

    With ``files`` the export arrives as bytes and is written to a temporary folder on the
    worker; without, the worker reads ``path`` itself. ``keep`` marks failures that the
    same bytes and code would repeat (cached); a path the worker cannot see, or a lack of
    memory or disk, is not kept, so a rerun tries again."""
    start = time.perf_counter()
    try:
        if files is None:
            if not Path(path).exists():
                return {"ok": False, "keep": False, "reason": "the worker cannot see the "
                        "export at its path (a worker on another machine? the cohort ships "
                        "the bytes with --ship bytes)"}
            card = make_card(resolve(Path(path)))
        else:
            with tempfile.TemporaryDirectory(prefix="linkedout-shipped-") as tmp:
                for rel, data in files.items():
                    target = Path(tmp, rel)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                card = make_card(resolve(Path(tmp, Path(path).name)))
    except LinkedOutError as err:  # the same bytes and code fail the same way: kept
        return {"ok": False, "reason": str(err), "keep": True}
    except (OSError, MemoryError) as err:  # disk, memory, network: may pass on a rerun
        return {"ok": False, "keep": False, "reason": f"the worker could not finish it "
                f"({type(err).__name__}: {getattr(err, 'strerror', None) or 'resources'}); "
                "a rerun tries again"}
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
               memory: str = "3GiB", progress: bool = True, ship: str | None = None,
               worker_timeout: float = 120.0,
               say: Callable[[str], None] = print) -> CohortRun:
    """Cards for every entry of ``folder`` (reused, read, or computed on Dask).

    ``ship`` is "bytes" (the client reads each export and sends it; the default with a
    remote scheduler) or "path" (workers read the path; the default on local workers). With
    no worker for ``worker_timeout`` seconds, or the scheduler lost, the run stops: the cards
    finished so far are kept, the rest marked failed, and ``run.aborted`` says why."""
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
                (e.card, e.notes), e.status = load_card(e.path), "given"
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
                    (e.card, e.notes), e.status = load_card(cached), "reused"
                except LinkedOutError:
                    todo.append(e)
            else:
                todo.append(e)
    _prune(cache, Path(folder), {e.fingerprint[:32] for e in entries if e.fingerprint})
    run = CohortRun(entries, workers=scheduler or workers)
    reused = sum(e.status == "reused" or bool(e.fingerprint and e.status == "failed")
                 for e in entries)
    if reused:
        say(f"Reusing the cards (or reasons for failing) of {reused} unchanged export(s) "
            f"from {cache}.")
    if todo:
        say(f"Making {len(todo)} card(s) on "
            f"{'the scheduler at ' + scheduler if scheduler else f'{workers} local worker(s)'}...")
        ship = ship or ("bytes" if scheduler else "path")
        run.aborted = _compute(todo, cache, scheduler, workers, memory, progress,
                               ship=ship, worker_timeout=worker_timeout)
        run.computed = sum(e.status == "computed" for e in todo)
    name_people(entries)
    mark_duplicates(entries)
    run.seconds = time.perf_counter() - start
    return run


POLL = 2.0  # seconds between checks of the cluster while waiting for cards


def _failure(err: Exception, memory: str) -> str:
    from distributed import KilledWorker

    if isinstance(err, KilledWorker):
        return ("every worker that ran it died (KilledWorker): most often it ran out of "
                f"memory (past --memory-limit {memory} the worker is restarted); rerun with a "
                "larger --memory-limit or on a bigger machine")
    return f"the worker running it failed ({type(err).__name__})"


def _cluster_problem(client, scheduler: str | None, since: list) -> str | None:
    """Why waiting longer is pointless: the scheduler is gone, or no worker has been
    connected for the timeout (``since`` holds when the workers went)."""
    where = f"the Dask scheduler at {scheduler}" if scheduler else "the local Dask scheduler"
    if client.status != "running":
        return f"lost {where} (the client is {client.status})"
    try:
        workers = client.scheduler_info(n_workers=-1).get("workers") or {}
    except Exception as err:  # noqa: BLE001 - any failure to reach it means it is gone
        return f"lost {where} ({type(err).__name__})"
    if workers:
        since[0] = None
        return None
    since[0] = since[0] or time.monotonic()
    if time.monotonic() - since[0] > since[1]:
        return (f"no Dask worker connected to {where} for {since[1]:g} s "
                "(all workers lost or never started)")
    return None


def _record(e: Entry, outcome: dict, cache: Path) -> None:
    if outcome["ok"]:
        write_card(outcome["card"], cache / f"{e.fingerprint[:32]}.json")
        card, why, e.notes = clean_card(outcome["card"])
        e.card, e.status, e.reason = card, "failed" if why else "computed", why or ""
        e.seconds = outcome["seconds"]
        return
    e.status, e.reason = "failed", outcome["reason"]
    if outcome.get("keep"):
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{e.fingerprint[:32]}.failed").write_text(e.reason + "\n", encoding="utf-8")


def _compute(todo: list[Entry], cache: Path, scheduler: str | None, workers: int,
             memory: str, progress: bool, *, ship: str = "path",
             worker_timeout: float = 120.0) -> str:
    """Cards for ``todo``, each written to the cache as it arrives; returns why the run
    stopped early ("" when it did not). The same export under two names is computed once;
    at most a few exports are in flight, so shipped bytes do not fill the client's memory."""
    from distributed import wait
    from tqdm import tqdm

    groups: dict[str, list[Entry]] = {}
    for e in todo:
        groups.setdefault(e.fingerprint, []).append(e)
    pending = list(groups)
    client, cluster = _client(scheduler, workers, memory)
    bar = tqdm(total=len(todo), unit="export", desc="cards", disable=not progress)
    running: dict = {}
    since: list = [None, worker_timeout]
    aborted = ""
    try:
        limit = 2 * workers + 2 if not scheduler else max(
            4, 2 * len(client.scheduler_info(n_workers=-1).get("workers") or {}) + 2)
        while (pending or running) and not aborted:
            while pending and len(running) < limit:
                fp = pending.pop(0)
                path = groups[fp][0].path
                files = payload(path) if ship == "bytes" else None
                running[client.submit(card_task, str(path), files, key=f"card-{fp}",
                                      pure=False)] = fp
            try:
                done = wait(list(running), timeout=POLL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            except Exception as err:  # noqa: BLE001 - futures cancelled: the scheduler went
                aborted = (_cluster_problem(client, scheduler, since)
                           or f"the Dask cluster failed ({type(err).__name__})")
                break
            for future in done:
                try:
                    outcome = future.result()
                except Exception as err:  # noqa: BLE001 - a worker died, or the scheduler
                    aborted = _cluster_problem(client, scheduler, since) or ""
                    if aborted:
                        break
                    outcome = {"ok": False, "reason": _failure(err, memory)}
                done_fp = running.pop(future)
                for e in groups[done_fp]:
                    _record(e, outcome, cache)
                bar.update(len(groups[done_fp]))
            if not done:
                aborted = _cluster_problem(client, scheduler, since) or ""
        for e in todo:
            if e.status == "pending":
                e.status, e.reason = "failed", f"not computed: {aborted}; a rerun tries again"
        bar.close()
    finally:
        _close(client, cluster)
    return aborted


def _close(client, cluster) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # a lost scheduler cannot be told goodbye
        client.close(timeout=5)
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
    return {"entries": [{"person": e.person, "kind": e.kind, "status": e.status,
                         "reason": e.reason, "notes": e.notes, "seconds": e.seconds}
                        for e in sorted(run.entries, key=lambda e: e.person)],
            "seconds": run.seconds, "computed": run.computed, "workers": run.workers}


def save(run: CohortRun, pooled: list[dict], out: Path, *, privacy: dict | None = None) -> Path:
    path = Path(out) / "cohort.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({**summary(run), "aborted": run.aborted, "privacy": privacy,
                       "pooled": pooled}, indent=1, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path
