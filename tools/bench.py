"""``make bench``: measure the pipeline at heavy-user scale beside floors and a peer.

Every figure is the median of ``--runs`` runs of a separate process, with wall time, CPU
time (user + system) and peak resident memory read from the operating system
(``os.wait4``). Prints a table and writes ``reports/bench.json``. Nothing here is asserted:
targets are printed next to the figures so a reader can see which are met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from analysis.paths import PROJECT_ROOT, REPORTS_DIR

CACHE = PROJECT_ROOT / ".cache" / "bench"
PY = sys.executable
PEER_TIMEOUT = 600  # seconds; the peer writes Excel and may take far longer on 1M messages
MESSAGES = "messages.csv"

FLOOR_DECOMPRESS = """
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zf:
    total = sum(len(zf.read(i)) for i in zf.infolist() if not i.is_dir())
"""
FLOOR_PYARROW = """
import sys, zipfile, pyarrow as pa, pyarrow.csv as pc
data = zipfile.ZipFile(sys.argv[1]).read("messages.csv")
pc.read_csv(pa.py_buffer(data), parse_options=pc.ParseOptions(newlines_in_values=True))
"""
FLOOR_PANDAS = """
import io, sys, zipfile, pandas as pd
zf = zipfile.ZipFile(sys.argv[1])
pd.read_csv(io.BytesIO(zf.read("messages.csv")))
pd.read_csv(io.BytesIO(zf.read("Connections.csv")), skiprows=3)
"""


def measure(cmd: list[str], *, env: dict | None = None, cwd: Path | None = None,
            timeout: float | None = None) -> dict:
    """Run ``cmd`` once: wall seconds, CPU seconds and peak RSS (MiB) of the process tree.
    Past ``timeout`` seconds it is stopped and reported as not finished."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    while timeout is not None:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, 9)
            _, status, usage = os.wait4(proc.pid, 0)
            return {"wall_s": time.perf_counter() - start, "cpu_s": usage.ru_utime
                    + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "finished": False}
        time.sleep(0.5)
    else:
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed:\n{err[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024, "finished": True}


def median_of(runs: int, cmd: list[str], **kw) -> dict:
    results = [measure(cmd, **kw) for _ in range(runs)]
    figures = {k: statistics.median(r[k] for r in results) for k in ("wall_s", "cpu_s",
                                                                      "peak_mib")}
    return figures | {"runs": runs, "finished": all(r["finished"] for r in results)}


def _say(name: str, f: dict) -> None:
    done = "" if f.get("finished", True) else " (stopped: did not finish)"
    print(f"    {name}: {f['wall_s']:.2f} s wall, {f['cpu_s']:.2f} s CPU, "
          f"{f['peak_mib']:.0f} MiB peak (median of {f['runs']}){done}", flush=True)


def demo_zip(size: str) -> Path:
    """The demo export of a size, generated once and cached (the planted world, which the
    recorded figures were measured on)."""
    out = CACHE / size
    zips = list(out.glob("*.zip"))
    if not zips:
        subprocess.run([PY, "-m", "tools.demo", "--out", str(out), "--size", size,
                        "--world", "planted"], check=True, stdout=subprocess.DEVNULL)
        zips = list(out.glob("*.zip"))
    return zips[0]


def scaled_zip(source: Path, fraction: float) -> tuple[Path, int]:
    """A copy of ``source`` whose messages.csv keeps the first ``fraction`` of its rows
    (the Aug-2025 messages format has no line breaks inside fields)."""
    target = CACHE / f"heavy-{int(fraction * 100)}pct" / source.name
    with zipfile.ZipFile(source) as zf:
        lines = zf.read(MESSAGES).split(b"\n")
        keep = int((len(lines) - 1) * fraction)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
                for info in zf.infolist():
                    data = zf.read(info)
                    if info.filename == MESSAGES:
                        data = b"\n".join(lines[: keep + 1]) + b"\n"
                    out.writestr(info, data)
    return target, keep


def peer_env() -> Path | None:
    """linkedin-analyzer from PyPI in a throw-away virtualenv (None if it can't install)."""
    venv = CACHE / "peer-venv"
    exe = venv / "bin" / "linkedin-analyzer"
    if not exe.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "linkedin-analyzer"],
                              capture_output=True)
        if done.returncode != 0:
            return None
    return exe


def extracted(source: Path) -> Path:
    folder = CACHE / "heavy-extracted"
    if not (folder / MESSAGES).exists():
        folder.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(source) as zf:
            for name in (MESSAGES, "Connections.csv"):
                (folder / name).write_bytes(zf.read(name))
    return folder


def run(runs: int, include_peer: bool) -> dict:
    heavy, default = demo_zip("heavy"), demo_zip("default")
    out: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "platform": platform.platform()},
                 "inputs": {"heavy": str(heavy.relative_to(PROJECT_ROOT)),
                            "default": str(default.relative_to(PROJECT_ROOT))},
                 "figures": {}}
    fig = out["figures"]
    work = CACHE / "work"

    def step(name: str, cmd: list[str], n: int = runs, **kw) -> None:
        print(f"  measuring {name} ...", flush=True)
        fig[name] = median_of(n, cmd, **kw)
        _say(name, fig[name])

    for size, zpath in (("heavy", heavy), ("default", default)):
        proc = work / f"processed-{size}"
        step(f"ingest {size}", [PY, "-m", "analysis", "ingest", str(zpath), "--out", str(proc)])
        step(f"features+classification+claims {size}",
             [PY, "-m", "analysis", "claims", "--processed", str(proc), "--labels", "/nonexistent"])
    step("floor 1: decompress every member (heavy)", [PY, "-c", FLOOR_DECOMPRESS, str(heavy)])
    step("floor 2: pyarrow read_csv messages.csv (heavy)", [PY, "-c", FLOOR_PYARROW, str(heavy)])
    step("floor 3: pandas read_csv messages + connections (heavy)",
         [PY, "-c", FLOOR_PANDAS, str(heavy)])
    if include_peer:
        exe = peer_env()
        if exe is None:
            out["peer"] = "linkedin-analyzer could not be installed"
        else:
            folder = extracted(heavy)
            limits = ["--max-input-bytes", "0", "--max-rows", "0"]
            step("peer: linkedin-analyzer messages + connections (heavy)",
                 ["bash", "-c", " && ".join(
                     f"{exe} {' '.join(limits)} {cmd} --input {folder / f} "
                     f"--output {work / (cmd + '.xlsx')}"
                     for cmd, f in (("messages", MESSAGES), ("connections", "Connections.csv")))],
                 n=1, timeout=PEER_TIMEOUT)
    for size, zpath in (("heavy", heavy), ("default", default)):
        env = {"LINKEDOUT_PROCESSED": str(work / f"report-processed-{size}"),
               "LINKEDOUT_REPORTS": str(work / f"reports-{size}")}
        cold = []
        for _ in range(runs):
            shutil.rmtree(work / f"report-processed-{size}", ignore_errors=True)
            shutil.rmtree(work / f"reports-{size}", ignore_errors=True)
            print(f"  measuring report from cold ({size}) ...", flush=True)
            cold.append(measure([PY, "-m", "analysis", "report", "--export", str(zpath)],
                                env=env))
        fig[f"report from cold {size}"] = {k: statistics.median(c[k] for c in cold)
                                           for k in ("wall_s", "cpu_s", "peak_mib")} | {
                                               "runs": len(cold), "finished": True}
        _say(f"report from cold {size}", fig[f"report from cold {size}"])
        step(f"report unchanged {size}", [PY, "-m", "analysis", "report", "--export",
                                          str(zpath)], env=env)
    scale = {}
    for fraction in (0.1, 0.3, 1.0):
        zpath, rows = scaled_zip(heavy, fraction) if fraction < 1 else (heavy, None)
        if rows is None:
            with zipfile.ZipFile(heavy) as zf:
                rows = zf.read(MESSAGES).count(b"\n") - 1
        proc = work / f"processed-scale-{fraction}"
        print(f"  measuring ingest at {fraction:.0%} ...", flush=True)
        scale[f"{fraction:.0%}"] = median_of(runs, [PY, "-m", "analysis", "ingest", str(zpath),
                                                   "--out", str(proc)]) | {"messages": rows}
        _say(f"ingest at {fraction:.0%} ({rows:,} messages)", scale[f"{fraction:.0%}"])
    out["scaling"] = scale
    return out


TARGETS = {
    "ingest heavy": ("wall_s", 30), "features+classification+claims heavy": ("wall_s", 60),
    "report from cold heavy": ("wall_s", 180), "report from cold default": ("wall_s", 45),
    "report unchanged heavy": ("wall_s", 5), "report unchanged default": ("wall_s", 5),
}


def print_table(result: dict) -> None:
    fig = result["figures"]
    print(f"\n{'measure':<58} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}  target")
    for name, f in fig.items():
        target = ""
        if name in TARGETS:
            key, limit = TARGETS[name]
            target = f"<= {limit} s: {'met' if f[key] <= limit else 'NOT met'}"
        if name == "ingest heavy":
            target += f"; <= 3072 MiB: {'met' if f['peak_mib'] <= 3072 else 'NOT met'}"
        print(f"{name:<58} {f['wall_s']:>8.2f} {f['cpu_s']:>8.2f} {f['peak_mib']:>9.0f}  {target}")
    ingest = fig["ingest heavy"]["wall_s"]
    floor2 = fig["floor 2: pyarrow read_csv messages.csv (heavy)"]["wall_s"]
    print(f"\ningest / floor 2 (pyarrow messages.csv): {ingest / floor2:.1f}x (target <= 3x)")
    peer = fig.get("peer: linkedin-analyzer messages + connections (heavy)")
    if peer:
        bound = "" if peer.get("finished", True) else " or less (the peer did not finish)"
        print(f"ingest / peer (linkedin-analyzer): {ingest / peer['wall_s']:.2f}x{bound}")
    print("\nscaling (ingest wall time by number of messages; only messages.csv is cut, so the "
          "other files are a fixed cost; 'marginal' is the cost of the added messages):")
    previous = None
    for label, s in result["scaling"].items():
        marginal = ""
        if previous is not None and s["messages"] > previous["messages"]:
            slope = (s["wall_s"] - previous["wall_s"]) / (s["messages"] - previous["messages"])
            marginal = f"  marginal {slope * 1e6:6.2f} s per million messages"
        print(f"  {label:>5}: {s['messages']:>9,} messages  {s['wall_s']:7.2f} s{marginal}")
        previous = s
    result["ratios"] = {"ingest_over_floor2": ingest / floor2,
                        "ingest_over_peer": ingest / peer["wall_s"] if peer else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--no-peer", action="store_true", help="skip linkedin-analyzer")
    args = parser.parse_args(argv)
    print("LinkedOut benchmark (heavy demo: ~1M messages; first run generates it)")
    result = run(args.runs, not args.no_peer)
    print_table(result)
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    path = REPORTS_DIR / "bench.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
