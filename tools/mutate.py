"""A small, bounded mutation run over ``analysis/stats.py`` and the claim modules.

Why: a safeguard (a minimum, a correction, a fallback's robust errors, BH, the shift
widening, the MDE level, the classifier bounds, C5's coverage rule) that can be removed
without any test failing is not guarded. Each mutant changes one line; the relevant fast
test files run against it; a mutant no test kills "survives" and is listed in
docs/mutation.md, to be killed by a new test or explained.

Two kinds of mutants: the registered safeguards, written out below one by one (the
sabotages an auditor would try), and a seeded random sample of generic one-line mutants
(comparison flips, constants changed, ``and``/``or`` swapped, ``max``/``fmax`` floors
removed). The work happens in a copy of the package in a temporary folder: the worktree
is never modified.

    .venv/bin/python tools/mutate.py --sample 30 --seed 1 --out /tmp/mutants.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"

# Fast unit tests per mutated file (the demo-world tests take minutes; these seconds).
TESTS = {
    "analysis/stats.py": ["test_safeguards.py", "test_stats.py", "test_stats_negbin.py",
                          "test_stats_reference.py", "test_stats_cluster.py", "test_mde.py",
                          "test_exposure.py", "test_exposure_page.py"],
    "analysis/claims/exposure.py": ["test_safeguards.py", "test_exposure.py",
                                    "test_exposure_page.py"],
    "analysis/claims/jobs.py": ["test_safeguards.py", "test_jobs.py", "test_mde.py"],
    "analysis/claims/being_sold_to.py": ["test_safeguards.py", "test_mde.py"],
    "analysis/claims/superficial_ties.py": ["test_safeguards.py"],
    "analysis/claims/replies.py": ["test_safeguards.py"],
    "analysis/claims/learning.py": ["test_safeguards.py", "test_learning.py"],
    "analysis/claims/misclass.py": ["test_safeguards.py", "test_amendments.py"],
    "analysis/claims/definitions.py": ["test_safeguards.py", "test_jobs.py",
                                       "test_exposure_page.py", "test_learning.py"],
}

for _tests in TESTS.values():  # the tests written for the survivors of earlier runs
    _tests.append("test_mutants_killed.py")

# The registered safeguards: (file, the exact text, its sabotage, what it guards).
SAFEGUARDS = [
    ("analysis/claims/definitions.py", '"C1": 20', '"C1": 19', "C1 minimum lowered"),
    ("analysis/claims/definitions.py", '"C2": 20', '"C2": 19', "C2 minimum lowered"),
    ("analysis/claims/definitions.py", '"C3": 50', '"C3": 49', "C3 minimum lowered"),
    ("analysis/claims/definitions.py", '"C5": 3', '"C5": 2', "C5 minimum lowered"),
    ("analysis/claims/definitions.py", '"C6": 10', '"C6": 9', "C6 minimum lowered"),
    ("analysis/claims/definitions.py", '"C7": 10', '"C7": 9', "C7 per-group minimum lowered"),
    ("analysis/claims/definitions.py", '"C10": 10', '"C10": 9', "C10 minimum lowered"),
    ("analysis/claims/definitions.py", "MIN_C7_OPENERS = 20", "MIN_C7_OPENERS = 19",
     "C7 total minimum lowered"),
    ("analysis/claims/definitions.py", "MIN_C6_REPLIES = 5", "MIN_C6_REPLIES = 4",
     "C6 replies minimum lowered"),
    ("analysis/claims/definitions.py", "MIN_PAIR_WEEKS, MIN_PAIR_EVENTS = 52, 20",
     "MIN_PAIR_WEEKS, MIN_PAIR_EVENTS = 52, 19", "C4/C8 pair events minimum lowered"),
    ("analysis/claims/definitions.py", "MIN_PAIR_WEEKS, MIN_PAIR_EVENTS = 52, 20",
     "MIN_PAIR_WEEKS, MIN_PAIR_EVENTS = 51, 20", "C4/C8 pair weeks minimum lowered"),
    ("analysis/claims/learning.py", "MIN_COMPLETIONS = 5", "MIN_COMPLETIONS = 4",
     "C9 minimum lowered"),
    ("analysis/claims/exposure.py", "return min(MIN_PAIR_WEEKS, YEAR_WEEKS - max(lags))",
     "return min(MIN_PAIR_WEEKS, YEAR_WEEKS - max(lags) - 4)", "creator minimum lowered"),
    ("analysis/stats.py", "return max(1.0, v_cr / (p * (1 - p) / n))",
     "return v_cr / (p * (1 - p) / n)", "design effect floor of 1 removed"),
    ("analysis/stats.py", "v_cr = nb / (nb - 1) * float", "v_cr = 1 * float",
     "design effect small-sample factor removed"),
    ("analysis/stats.py", "se = float(np.fmax(se_model, float(hac.bse[1])))",
     "se = float(hac.bse[1])", "HAC error allowed below the model's"),
    ("analysis/stats.py", "fitted = _fit_with_hac(Poisson(y, X), hac_lags=hac_lags, robust=robust)",
     "fitted = _fit_with_hac(Poisson(y, X), hac_lags=hac_lags, robust=False)",
     "Poisson fallback without its robust errors"),
    ("analysis/claims/exposure.py", 'factor = table["shift_sd"].clip(lower=1.0).fillna(1.0)',
     'factor = table["shift_sd"].fillna(1.0)', "shift widening may narrow"),
    ("analysis/claims/exposure.py", 'factor = table["shift_sd"].clip(lower=1.0).fillna(1.0)',
     'factor = 1.0', "shift widening switched off"),
    ("analysis/claims/exposure.py",
     'table["q"] = stats.bh([None if math.isnan(v) else v for v in table["p"]])',
     'table["q"] = list(table["p"])', "BH switched off in C4/C8"),
    ("analysis/claims/exposure.py", "stats.ratio_mde(s, alpha=0.05 / m)",
     "stats.ratio_mde(s, alpha=0.05)", "MDE at the unadjusted level"),
    ("analysis/stats.py", "return float((Z975 + sps.norm.ppf(power)) * se)",
     "return float((Z975 + sps.norm.ppf(power)) * se / 2)", "interval MDE halved"),
    ("analysis/claims/jobs.py",
     'row["assessable"] = row["messages_cover_year"] and row["applications_cover_year"]',
     'row["assessable"] = True', "C5 coverage rule removed"),
    ("analysis/claims/jobs.py", '"messages_cover_year": msg_start is not None and covered_from >= msg_start,',
     '"messages_cover_year": msg_start is not None,', "C5 messages coverage tautology"),
    ("analysis/claims/jobs.py", "return first if msg_start is None or pd.isna(msg_start) else min(first, msg_start)",
     "return first", "C5 applications coverage from the first application (old tautology)"),
    ("analysis/claims/jobs.py", 'else None if row["applications"] is None else False)',
     'else False)', "missing applications file read as no application"),
    ("analysis/claims/being_sold_to.py", "        est, corr, lim_corr = corrected_pitch_share(ctx, k, n, deff)",
     "        corr, lim_corr = {}, []", "C1 classifier correction switched off"),
    ("analysis/claims/being_sold_to.py",
     "low, high = max(0.0, (share - (1 - ppv)) / ppv), min(1.0, share / ppv)",
     "low, high = share, share", "C2 classifier bounds switched off"),
    ("analysis/claims/misclass.py", "        if side(k, n, k2, n2) != base:",
     "        if False:", "C6/C7 classifier flip count switched off"),
    ("analysis/stats.py", "t = float(sps.t.ppf(0.975, ng - 1))", "t = float(Z975)",
     "cluster mean with z instead of t(G-1)"),
    ("analysis/stats.py", "    if half <= (base.high - base.low) / 2:", "    if True:",
     "C7 sender clusters ignored"),
    ("analysis/stats.py", "adj = 1 / np.sqrt(np.clip(1 - m / n_g, 1e-12, None))", "adj = 1.0",
     "C7 CR2 leverage correction removed"),
    ("analysis/claims/replies.py", 'se = float(np.fmax(se, robust.bse["warm"]))', "pass",
     "C6 people-pitched clusters ignored"),
]

GENERIC = [
    (re.compile(r"(?<![<>=!])<(?![<=])"), "<="), (re.compile(r"<="), "<"),
    (re.compile(r"(?<![<>=!-])>(?![>=])"), ">="), (re.compile(r">="), ">"),
    (re.compile(r"\band\b"), "or"), (re.compile(r"\bor\b"), "and"),
    (re.compile(r"\bmax\(1\.0, "), "(0.0 + "), (re.compile(r"np\.fmax\("), "np.fmin("),
    (re.compile(r"(?<![\w.])(\d+)(?![\w.])"), None),  # an integer constant plus one
]


def _code_lines(text: str) -> list[int]:
    """Line numbers that are code (not comments, docstrings, imports or blank)."""
    out, in_doc = [], False
    for i, line in enumerate(text.splitlines()):
        s = line.strip()
        if s.count('"""') == 1:
            in_doc = not in_doc
            continue
        if in_doc or not s or s.startswith(("#", '"""', "import ", "from ", "def ", "class ",
                                             "@")):
            continue
        out.append(i)
    return out


def generic_mutants(files: list[str], sample: int, seed: int) -> list[tuple]:
    cands = []
    for f in files:
        lines = (ROOT / f).read_text().splitlines()
        for i in _code_lines((ROOT / f).read_text()):
            code = lines[i].split("#")[0]
            for pat, repl in GENERIC:
                for m in pat.finditer(code):
                    new = str(int(m.group(1)) + 1) if repl is None else repl
                    mutated = code[:m.start()] + new + code[m.end():]
                    cands.append((f, i, lines[i], mutated + lines[i][len(code):],
                                  f"line {i + 1}: {m.group(0)!r} -> {new!r}"))
    random.Random(seed).shuffle(cands)
    return cands[:sample]


def run_mutant(work: Path, f: str, old: str, new: str, line: int | None,
               timeout: int) -> tuple[str, float, str]:
    path = work / f
    original = path.read_text()
    if line is None:
        if original.count(old) != 1:
            return "not applied (text not found once)", 0.0, ""
        mutated = original.replace(old, new, 1)
    else:
        lines = original.splitlines(keepends=True)
        lines[line] = new + "\n"
        mutated = "".join(lines)
    path.write_text(mutated)
    tests = [str(work / "tests" / t) for t in TESTS[f] if (work / "tests" / t).exists()]
    started = time.perf_counter()
    try:
        proc = subprocess.run([str(PY), "-m", "pytest", "-q", "-x", "-p", "no:randomly",
                               "-p", "no:cacheprovider", "-n", "0", *tests],
                              cwd=work, env={"PYTHONPATH": str(work), "PATH": "/usr/bin:/bin",
                                             "HOME": "/tmp", "MPLBACKEND": "Agg"},
                              capture_output=True, text=True, timeout=timeout)
        status = "survived" if proc.returncode == 0 else (
            "killed" if proc.returncode == 1 else f"error (exit {proc.returncode})")
        tail = proc.stdout.strip().splitlines()[-1:] if proc.stdout else []
        killer = next((ln for ln in proc.stdout.splitlines() if ln.startswith("FAILED")), "")
        detail = killer or (tail[0] if tail else "")
    except subprocess.TimeoutExpired:
        status, detail = "timeout", ""
    finally:
        path.write_text(original)
    return status, time.perf_counter() - started, detail


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sample", type=int, default=30, help="generic mutants sampled")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=int, default=240, help="seconds per mutant")
    p.add_argument("--only-safeguards", action="store_true")
    p.add_argument("--only-generic", action="store_true")
    p.add_argument("--only", action="append", default=[],
                   help="run only the safeguards whose description contains this text")
    p.add_argument("--out", default="mutants.json")
    args = p.parse_args(argv)
    files = [f for f in TESTS if f != "analysis/claims/definitions.py"]
    mutants = [(f, None, old, new, why) for f, old, new, why in SAFEGUARDS
               if not args.only_generic and (not args.only or any(o in why for o in args.only))]
    if not (args.only_safeguards or args.only):
        mutants += [(f, i, old, new, why) for f, i, old, new, why in
                    generic_mutants(files, args.sample, args.seed)]
    results = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "analysis", work / "analysis",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "tests", work / "tests",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("pyproject.toml", "conftest.py"):
            if (ROOT / name).exists():
                shutil.copy(ROOT / name, work / name)
        for f, line, old, new, why in mutants:
            status, secs, detail = run_mutant(work, f, old, new, line, args.timeout)
            kind = "safeguard" if line is None else "generic"
            results.append({"kind": kind, "file": f, "what": why, "status": status,
                            "seconds": round(secs, 1), "detail": detail,
                            "mutated": new.strip()[:160]})
            print(f"{status:<9} {secs:5.1f}s {kind:<9} {f}: {why}", flush=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    survived = [r for r in results if r["status"] == "survived"]
    print(f"{len(results)} mutants, {len(survived)} survived; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
