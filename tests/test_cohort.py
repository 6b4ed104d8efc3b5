"""Cohort mode: effect cards (PII-free), random-effects pooling, the Dask run, the report."""

from __future__ import annotations

import json
import math
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analysis.claims import CLAIMS, VERDICTS, ClaimResult
from analysis.cli import main
from analysis.cohort.card import (
    MIN_N,
    SCALES,
    SUPPRESSED,
    claim_cell,
    log_odds,
    risk_difference,
)
from analysis.cohort.pool import combine, pool_cards
from tools.synthetic_cards import synthetic_cards

DAY = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
RESOURCE_URL = re.compile(r"""(src|href)=["']?(https?:)?//""", re.I)


# ----------------------------------------------------------------------------- the card
def _result(cid: str, **fields) -> ClaimResult:
    c = CLAIMS[cid]
    return ClaimResult(c.id, c.title, c.quote, c.measured, c.rule, fields.pop("verdict",
                       "supported"), family=c.family, **fields)


def test_share_claims_are_pooled_as_log_odds_with_the_se_their_interval_implies():
    cell = claim_cell(_result("C1", estimate=0.75, ci_low=0.6, ci_high=0.85, n=40,
                              window=("2021-09-01", "2025-08-23")))
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    assert cell["estimate"] == pytest.approx(logit(0.75))
    assert cell["se"] == pytest.approx((logit(0.85) - logit(0.6)) / (2 * 1.959964), 1e-5)
    assert cell["se_from"] == "interval"
    # the empirical log-odds from the counts would be narrower (no design effect, no
    # classifier correction): not what the card pools
    assert cell["se"] != pytest.approx(log_odds(30, 40)[1], rel=0.05)
    assert cell["months"] == ["2021-09", "2025-08"] and cell["scale"] == "log-odds"


def test_irr_and_difference_scales_take_the_se_from_the_interval():
    c4 = claim_cell(_result("C4", estimate=1.5, ci_low=1.0, ci_high=2.25, n=200))
    assert c4["estimate"] == pytest.approx(math.log(1.5))
    assert c4["se"] == pytest.approx((math.log(2.25) - math.log(1.0)) / (2 * 1.959964), 1e-5)
    c7 = claim_cell(_result("C7", estimate=-0.3, ci_low=-0.5, ci_high=-0.1, n=80))
    assert c7["estimate"] == -0.3 and c7["se"] == pytest.approx(0.4 / (2 * 1.959964), 1e-5)
    groups = {"warm": {"replied": 12, "n": 20},
              "cold_pitch": {"replied": 3, "n": 25}}
    c6 = claim_cell(_result("C6", n=45, details={"groups": groups}))
    assert (c6["estimate"], c6["se"]) == pytest.approx(risk_difference(12, 20, 3, 25))
    assert c6["estimate"] == pytest.approx(13 / 22 - 4 / 27)


def test_cells_under_ten_are_suppressed_but_keep_their_verdict():
    cell = claim_cell(_result("C2", verdict="contradicted", estimate=0.2, ci_low=0.05,
                              ci_high=0.5, n=MIN_N - 1))
    assert cell["verdict"] == "contradicted"
    assert cell["estimate"] is None and cell["se"] is None and cell["n"] is None
    assert "suppressed" in cell["suppressed"]


@pytest.fixture(scope="module")
def sentinel_card(tmp_path_factory):
    from tools.demo import write_demo

    root = tmp_path_factory.mktemp("card")
    res = write_demo(root / "demo", size="small", sentinels=True)
    out = root / "out" / "card.json"
    assert main(["card", str(res.zip_path), "--out", str(out)]) == 0
    truth = json.loads(res.truth_path.read_text(encoding="utf-8"))
    return out, truth


def test_no_sentinel_reaches_the_card_or_its_preview(sentinel_card):
    out, truth = sentinel_card
    s = truth["sentinels"]
    secrets = [*s["names"], *s["emails"], *s["phrases"], *s["companies"], *s["urls"],
               *[u.split("//", 1)[1] for u in s["urls"]], truth["owner_name"],
               truth["owner_url"].split("//", 1)[1]]
    assert len(secrets) > 8
    for path in (out, out.with_suffix(".html")):
        text = path.read_text(encoding="utf-8")
        leaked = [x for x in secrets if x.lower() in text.lower()]
        assert not leaked, f"{path.name} leaks {leaked}"
        assert "linkedin.com" not in text and "@" not in text
        assert not DAY.search(text), f"{path.name} has an exact date: {DAY.search(text)}"


def _texts(value, keys: list, values: list) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            keys.append(k)
            _texts(v, keys, values)
    elif isinstance(value, list):
        for v in value:
            _texts(v, keys, values)
    elif isinstance(value, str):
        values.append(value)


# Every text a card may hold: months, era labels, and words written by LinkedOut itself.
VALUE = re.compile(r"^(\d{4}-\d{2}|\d{4}(\+|-\d{4}|-[a-z0-9]+)?|all|unrecognised"
                   r"|[a-z_]+ -> [a-z_]+|\d+\.\d+\.\d+|Complete|Basic or partial)$")


def test_the_card_holds_only_months_numbers_and_its_own_words(sentinel_card):
    out, _ = sentinel_card
    card = json.loads(out.read_text(encoding="utf-8"))
    words = {*VERDICTS, *(s for s, _ in SCALES.values()), *(h for _, h in SCALES.values()),
             SUPPRESSED}
    keys, values = [], []
    _texts(card, keys, values)
    assert len(values) > 30
    assert all(re.match(r"^[A-Za-z][A-Za-z0-9_]*$", k) for k in keys), keys
    odd = [v for v in values if v not in words and not VALUE.match(v)]
    assert not odd


def test_card_holds_every_claim_with_poolable_figures(sentinel_card):
    out, _ = sentinel_card
    card = json.loads(out.read_text(encoding="utf-8"))
    assert set(card["claims"]) == set(CLAIMS)
    assert card["archive"]["kind"] == "Complete" and card["parameters"]["reply_window_days"]
    assert card["data"]["network_size"] % 10 == 0
    cells = [*card["claims"].values(),
             *[p for c in card["claims"].values() for p in c.get("pairs", [])]]
    assert all(c["n"] is None or c["n"] >= MIN_N for c in cells)
    estimated = [c for c in cells if c["estimate"] is not None]
    assert len(estimated) >= 5 and all(c["se"] > 0 for c in estimated)
    # The preview shows every claim the card holds.
    html = out.with_suffix(".html").read_text(encoding="utf-8")
    assert all(f"<td>{cid} " in html for cid in CLAIMS)


# ----------------------------------------------------------------------------- pooling
def test_pooling_recovers_the_planted_mean_and_tau2():
    mean, tau2 = 0.6, 0.09
    cards = synthetic_cards(50, mean=mean, tau2=tau2, seed=11)
    row = next(r for r in pool_cards(cards) if r["claim"] == "C1")
    assert row["people"] == row["estimates"] == row["k"] == 50
    assert row["ci_low"] < mean < row["ci_high"]
    assert row["tau2_low"] < tau2 < row["tau2_high"] and row["tau2_low"] > 0
    assert row["pi_low"] < row["ci_low"] and row["pi_high"] > row["ci_high"]
    assert sum(v["people"] for v in row["verdicts"].values()) == 50
    assert sum(v["share"] for v in row["verdicts"].values()) == pytest.approx(1)


def test_intervals_cover_at_their_nominal_rate():
    """Over repeated planted worlds of 12 people, the HKSJ interval covers the mean and the
    Q-profile interval covers tau^2 about 95% of the time (a z-test with DL would not)."""
    from statsmodels.stats.meta_analysis import combine_effects

    rng = np.random.default_rng(5)
    mean, tau2, k, reps = 0.3, 0.05, 12, 300
    hits = tau_hits = dl_hits = 0
    for _ in range(reps):
        se = rng.uniform(0.1, 0.4, k)
        y = rng.normal(mean, np.sqrt(tau2 + se ** 2))
        r = combine(y, se)
        hits += r["ci_low"] <= mean <= r["ci_high"]
        tau_hits += r["tau2_low"] <= tau2 <= r["tau2_high"]
        with np.errstate(invalid="ignore"):
            low, high = combine_effects(y, se ** 2, method_re="chi2").conf_int(use_t=False)[1]
        dl_hits += low <= mean <= high
    assert 0.92 <= hits / reps <= 0.995
    assert 0.90 <= tau_hits / reps <= 0.99
    assert dl_hits / reps < 0.92  # the check tells the methods apart


def test_meta_regression_finds_a_planted_moderator_and_not_the_others():
    cards = synthetic_cards(80, mean=0.5, tau2=0.02, slope=0.15, claims=("C7",), seed=3)
    row = next(r for r in pool_cards(cards) if r["claim"] == "C7")
    years = row["moderators"]["years of data"]["terms"][0]
    assert years["ci_low"] < 0.15 < years["ci_high"] and years["ci_low"] > 0
    net = row["moderators"]["network size"]["terms"][0]
    assert net["ci_low"] < 0 < net["ci_high"]


def test_too_few_people_give_no_pooled_figure():
    row = next(r for r in pool_cards(synthetic_cards(2)) if r["claim"] == "C1")
    assert row["estimates"] == 2 and "estimate" not in row


# ----------------------------------------------------------------------------- the Dask run
SEEDS = (21, 22, 23, 24)


@pytest.fixture(scope="module")
def cohort_dir(tmp_path_factory) -> Path:
    """Four small demo exports (each in its folder with its extras, one as a bare ZIP), a
    card given as it is, a file that is not a ZIP and a Twitter archive."""
    from tools.demo import write_demo

    root = tmp_path_factory.mktemp("cohort") / "donations"
    for seed in SEEDS:
        write_demo(root / f"donor-{seed}", seed=seed, size="small",
                   world="null" if seed % 2 else "planted")
    bare = root / f"donor-{SEEDS[-1]}"
    shutil.move(next(bare.glob("*.zip")), root / "bare-export.zip")
    shutil.rmtree(bare)
    (root / "broken.zip").write_bytes(b"this is not a zip file at all")
    with zipfile.ZipFile(root / "twitter.zip", "w") as z:
        z.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    (root / "given-card.json").write_text(json.dumps(synthetic_cards(1, seed=9)[0]))
    edited = synthetic_cards(1, seed=10)[0]
    edited["claims"]["C1"]["se"] = None
    (root / "edited-card.json").write_text(json.dumps(edited))
    return root


@pytest.fixture(scope="module")
def first_run(cohort_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cohort-out")
    start = time.perf_counter()
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--workers", "2",
                 "--quiet"]) == 0
    return out, time.perf_counter() - start


def test_every_export_becomes_a_card_and_broken_ones_say_why(first_run):
    out, _ = first_run
    run = json.loads((out / "cohort.json").read_text())
    by_name = {e["name"]: e for e in run["entries"]}
    assert [e["person"] for e in run["entries"]] == [f"Person {i:03d}" for i in range(1, 9)]
    assert {n for n, e in by_name.items() if e["status"] == "computed"} == {
        "bare-export.zip", "donor-21", "donor-22", "donor-23"}
    assert by_name["given-card.json"]["status"] == "given"
    assert by_name["broken.zip"]["status"] == "failed"
    assert "not a ZIP" in by_name["broken.zip"]["reason"]
    assert "Twitter" in by_name["twitter.zip"]["reason"]
    assert by_name["edited-card.json"]["status"] == "failed"
    assert "C1 has an estimate without a positive standard error" in by_name[
        "edited-card.json"]["reason"]
    assert len(list((out / "cards").glob("*.json"))) == 4
    c1 = next(r for r in run["pooled"] if r["claim"] == "C1")
    assert c1["people"] == 5 and c1["k"] == 5
    assert c1["ci_low"] < c1["estimate"] < c1["ci_high"]


def test_report_lists_every_entry_with_forest_plots_and_no_network(first_run, cohort_dir):
    out, _ = first_run
    html = (out / "index.html").read_text(encoding="utf-8")
    for entry in cohort_dir.iterdir():
        assert entry.name in html
    assert "Person 008" in html and "Twitter" in html
    assert html.count("data:image/png;base64,") >= 5
    assert "Pooled scorecard" in html and "Coverage" in html
    assert not RESOURCE_URL.search(html) and "<script" not in html


def test_second_run_reuses_unchanged_cards_and_redoes_a_changed_export(first_run, cohort_dir,
                                                                        tmp_path):
    from tools.demo import write_demo

    out, _ = first_run
    before = {p.name: p.read_bytes() for p in (out / "cards").glob("*.json")}
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--quiet"]) == 0
    run = json.loads((out / "cohort.json").read_text())
    assert run["computed"] == 0
    assert sum(e["status"] == "reused" for e in run["entries"]) == 4
    assert sum(e["status"] == "failed" for e in run["entries"]) == 3
    # A donor sends a new export: only that one is computed again.
    changed = cohort_dir / "donor-21"
    shutil.rmtree(changed)
    write_demo(changed, seed=99, size="small")
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--quiet"]) == 0
    run = json.loads((out / "cohort.json").read_text())
    assert run["computed"] == 1
    assert "not a ZIP" in next(e["reason"] for e in run["entries"] if e["name"] == "broken.zip")
    status = {e["name"]: e["status"] for e in run["entries"]}
    assert status["donor-21"] == "computed" and status["donor-22"] == "reused"
    after = {p.name: p.read_bytes() for p in (out / "cards").glob("*.json")}
    # The changed export's old card is dropped, the others are left untouched.
    assert len(set(before) - set(after)) == len(set(after) - set(before)) == 1
    assert all(after[k] == v for k, v in before.items() if k in after)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_same_command_runs_on_a_separately_started_scheduler(cohort_dir, tmp_path):
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip("the dask command is not installed beside this Python")
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(cohort_dir / "bare-export.zip", folder)
    shutil.copy(cohort_dir / "broken.zip", folder)
    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port",
                                  address.rsplit(":", 1)[1], "--no-dashboard"], **quiet)
    worker = subprocess.Popen([str(dask), "worker", address, "--nthreads", "1",
                               "--nworkers", "1", "--no-dashboard"], **quiet)
    try:
        done = subprocess.run([sys.executable, "-m", "analysis", "cohort", str(folder),
                               "--scheduler", address, "--out", str(tmp_path / "out"),
                               "--quiet"], capture_output=True, text=True, timeout=240)
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"scheduler at {address}" in done.stdout
    run = json.loads((tmp_path / "out" / "cohort.json").read_text())
    assert [e["status"] for e in run["entries"]] == ["computed", "failed"]


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path, cohort_dir, capsys):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(cohort_dir / "broken.zip", folder)
    folder.joinpath("x.zip").write_bytes((cohort_dir / "bare-export.zip").read_bytes())
    code = main(["cohort", str(folder), "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
                 "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("linkedout: error: No Dask scheduler answers")
