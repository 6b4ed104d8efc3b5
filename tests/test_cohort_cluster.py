"""A real Dask scheduler and workers, started here, failing: the cohort run says what
happened and exits non-zero; what may pass on a rerun is not cached."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.cohort.run import _prune, card_task

DASK = Path(sys.executable).with_name("dask")
needs_dask = pytest.mark.skipif(not DASK.exists(), reason="the dask command is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], cwd: Path | None = None) -> subprocess.Popen:
    """A dask process in its own process group (the worker's nanny and its child die too)."""
    return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, cwd=cwd)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and one worker (working in another folder than the client)."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    scheduler = _start(["scheduler", "--host", "127.0.0.1", "--port",
                        address.rsplit(":", 1)[1], "--no-dashboard"])
    elsewhere = tmp_path / "worker-home"
    elsewhere.mkdir()
    worker = _start(["worker", address, "--nthreads", "1", "--nworkers", "1",
                     "--no-dashboard"], cwd=elsewhere)
    procs = {"scheduler": scheduler, "worker": worker, "address": address}
    yield procs
    for name in ("worker", "scheduler"):
        _kill(procs[name])


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    from tools.demo import write_demo

    root = tmp_path_factory.mktemp("exports")
    for seed in (31, 32):
        res = write_demo(root / f"d{seed}", seed=seed, size="small")
        shutil.move(res.zip_path, root / f"export-{seed}.zip")
        shutil.rmtree(root / f"d{seed}")
    return root


def _cohort(folder: str, out: Path, *extra: str, cwd: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.Popen([sys.executable, "-m", "analysis", "cohort", folder, "--out",
                             str(out), "--quiet", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)


def _wait_for_workers(address: str, n: int, timeout: float = 60) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(n, timeout=timeout)


def _started(proc: subprocess.Popen) -> None:
    """Wait until the run has submitted its work (the line before the cluster part)."""
    line = proc.stdout.readline()
    assert line.startswith("Making"), line


@needs_dask
def test_losing_every_worker_stops_with_an_error_within_the_timeout(cluster, exports, tmp_path):
    _wait_for_workers(cluster["address"], 1)
    proc = _cohort(str(exports), tmp_path / "out", "--scheduler", cluster["address"],
                   "--worker-timeout", "8")
    _started(proc)
    time.sleep(1)
    _kill(cluster["worker"])
    lost = time.monotonic()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err[-2000:]
    assert time.monotonic() - lost < 8 + 40  # the timeout, polling and closing the client
    assert "no Dask worker connected" in err and "for 8 s" in err
    run = json.loads((tmp_path / "out" / "cohort.json").read_text())
    assert "no Dask worker" in run["aborted"]
    assert all(e["status"] in ("computed", "failed") for e in run["entries"])
    assert any("not computed" in e["reason"] for e in run["entries"])


@needs_dask
def test_a_lost_scheduler_is_named_and_exits_non_zero(cluster, exports, tmp_path):
    _wait_for_workers(cluster["address"], 1)
    proc = _cohort(str(exports), tmp_path / "out", "--scheduler", cluster["address"])
    _started(proc)
    time.sleep(1)
    _kill(cluster["scheduler"])
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 3, err[-2000:]
    assert f"lost the Dask scheduler at {cluster['address']}" in err
    assert "worker running it failed" not in out + err


@needs_dask
def test_a_path_the_worker_cannot_see_is_not_cached_and_a_rerun_retries(cluster, exports,
                                                                       tmp_path):
    """The client gives a path relative to its own folder; the worker runs elsewhere."""
    _wait_for_workers(cluster["address"], 1)
    client_home = tmp_path / "client"
    shutil.copytree(exports, client_home / "donations")
    (client_home / "donations" / "export-32.zip").unlink()
    out = tmp_path / "out"
    proc = _cohort("donations", out, "--scheduler", cluster["address"], "--ship", "path",
                   cwd=client_home)
    stdout, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err[-2000:]
    assert "failed" in stdout.splitlines()[-1]  # the summary line
    run = json.loads((out / "cohort.json").read_text())
    assert "cannot see the export" in run["entries"][0]["reason"]
    assert not list((out / "cards").glob("*.failed"))
    # Shipped as bytes, the same export reaches the worker: the rerun computes it.
    proc = _cohort("donations", out, "--scheduler", cluster["address"], cwd=client_home)
    stdout, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err[-2000:]
    run = json.loads((out / "cohort.json").read_text())
    assert [e["status"] for e in run["entries"]] == ["computed"]


def test_card_task_does_not_keep_a_missing_path(tmp_path):
    outcome = card_task(str(tmp_path / "nowhere.zip"))
    assert not outcome["ok"] and not outcome.get("keep")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    outcome = card_task(str(broken), {"broken.zip": broken.read_bytes()})
    assert not outcome["ok"] and outcome["keep"] and "ZIP" in outcome["reason"]


def test_two_cohorts_sharing_out_keep_each_others_cards(tmp_path):
    cache = tmp_path / "cards"
    cache.mkdir()
    for stem in ("a", "old", "stale"):
        (cache / f"{stem}.json").write_text("{}")
    _prune(cache, tmp_path / "cohort-A", {"a", "old"})  # cohort A's run
    assert sorted(p.stem for p in cache.glob("*.json")) == ["a", "old"]
    (cache / "b.json").write_text("{}")  # cohort B's run, into the same --out
    _prune(cache, tmp_path / "cohort-B", {"b"})
    assert sorted(p.stem for p in cache.glob("*.json")) == ["a", "b", "old"]
    _prune(cache, tmp_path / "cohort-A", {"a"})  # A's old export left its folder
    assert sorted(p.stem for p in cache.glob("*.json")) == ["a", "b"]


def test_a_worker_killed_for_memory_is_reported_as_memory():
    """A real nanny restarts a worker past its memory limit; the reason names memory."""
    import dask
    from distributed import Client, LocalCluster

    from analysis.cohort.run import _failure

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), LocalCluster(
            n_workers=1, threads_per_worker=1, memory_limit="250MiB",
            dashboard_address=None) as cluster, Client(cluster) as client:
        future = client.submit(bytearray, 600 * 2**20, pure=False)
        with pytest.raises(Exception) as caught:  # noqa: PT011 - the type is checked below
            future.result(timeout=120)
    assert type(caught.value).__name__ == "KilledWorker"
    reason = _failure(caught.value, "250MiB")
    assert "memory" in reason and "--memory-limit 250MiB" in reason
    assert "memory" not in _failure(ValueError("x"), "250MiB")
