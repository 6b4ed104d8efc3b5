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
from analysis.cohort.disclosure import SMALL_COUNT
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
VALUE = re.compile(r"^(\d{4}-Q[1-4]|\d{4}(\+|-\d{4}|-[a-z0-9]+)?|all|unrecognised"
                   r"|\d+-\d+|\d+\+|[0-9a-f]{16}"
                   r"|[a-z_]+ -> [a-z_]+|\d+\.\d+\.\d+|Complete|Basic or partial"
                   r"|too thin: fewer than \d+ [a-z ,()-]+|missing: [A-Za-z_.]+(, [A-Za-z_.]+)*"
                   r"|owner unknown|messages without direction|could not be computed"
                   r"|owner labels|transported)$")


def test_the_card_holds_only_months_numbers_and_its_own_words(sentinel_card):
    out, _ = sentinel_card
    card = json.loads(out.read_text(encoding="utf-8"))
    words = {*VERDICTS, *(s for s, _ in SCALES.values()), *(h for _, h in SCALES.values()),
             SUPPRESSED, SMALL_COUNT}
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
    assert re.match(r"^\d+-\d+$", card["data"]["network_size"])
    cells = [*card["claims"].values(),
             *[p for c in card["claims"].values() for p in c.get("pairs", [])]]
    assert all(c["n"] is None or int(c["n"].split("-")[0].rstrip("+")) >= MIN_N for c in cells)
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
        write_demo(root / donor(seed), seed=seed, size="small",
                   world="null" if seed % 2 else "planted")
    bare = root / donor(SEEDS[-1])
    shutil.move(next(bare.glob("*.zip")), root / "bare-export.zip")
    shutil.rmtree(bare)
    # The same export again under a donor's name: pooled once.
    shutil.copy(root / "bare-export.zip", root / "Quentin Oddly copy.zip")
    (root / "broken.zip").write_bytes(b"this is not a zip file at all")
    with zipfile.ZipFile(root / "twitter.zip", "w") as z:
        z.writestr("data/tweets.js", "window.YTD.tweets.part0 = []")
    given, edited, older, other = (_current(c) for c in synthetic_cards(4, seed=9))
    (root / "given-card.json").write_text(json.dumps(given))
    edited["claims"]["C1"]["se"] = None
    edited["claims"]["C7"]["se"] = 1e-6
    (root / "edited-card.json").write_text(json.dumps(edited))
    older["linkedout_version"] = "0.0.1"
    (root / "older-card.json").write_text(json.dumps(older))
    other["parameters"]["reply_window_days"] = 30
    (root / "other-params-card.json").write_text(json.dumps(other))
    return root


def donor(seed: int) -> str:
    """Folders named after donors, as researchers do: no output may show these names."""
    return f"Zelda Quixote-{seed}"


def _current(card: dict) -> dict:
    """A synthetic card as this version would make it (version, registered parameters)."""
    from analysis import __version__
    from analysis.cohort.checks import expected_parameters

    return {**card, "linkedout_version": __version__,
            "parameters": {**expected_parameters(), "spec_curve": False}}


@pytest.fixture(scope="module")
def first_run(cohort_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cohort-out")
    start = time.perf_counter()
    # Some entries fail (a broken ZIP, a Twitter archive, foreign cards): exit status 1.
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--workers", "2",
                 "--quiet"]) == 1
    return out, time.perf_counter() - start


def _by_name(run: dict, folder: Path) -> dict:
    """cohort.json names no entry: find each entry by its pseudonym."""
    from analysis.cohort.run import person_of

    by_person = {e["person"]: e for e in run["entries"]}
    return {p.name: by_person[person_of(p)] for p in folder.iterdir()
            if person_of(p) in by_person}


def test_every_export_becomes_a_card_and_broken_ones_say_why(first_run, cohort_dir):
    out, _ = first_run
    run = json.loads((out / "cohort.json").read_text())
    by_name = _by_name(run, cohort_dir)
    assert len(run["entries"]) == len(by_name) == 11
    # The copy of bare-export.zip is the same donor: one pseudonym, pooled once.
    assert len({e["person"] for e in run["entries"]}) == 10
    assert by_name["Quentin Oddly copy.zip"]["person"] == by_name["bare-export.zip"]["person"]
    twice = by_name["bare-export.zip"]["person"]
    statuses = sorted(e["status"] for e in run["entries"] if e["person"] == twice)
    assert statuses == ["computed", "duplicate"]
    assert {n for n, e in by_name.items() if e["status"] in ("computed", "duplicate")} == {
        "bare-export.zip", "Quentin Oddly copy.zip", *(donor(s) for s in SEEDS[:-1])}
    assert by_name["given-card.json"]["status"] == "given"
    assert by_name["broken.zip"]["status"] == "failed"
    assert "not a ZIP" in by_name["broken.zip"]["reason"]
    assert "Twitter" in by_name["twitter.zip"]["reason"]
    # A bad cell drops the cell, not the card; foreign cards are excluded with the reason.
    edited = by_name["edited-card.json"]
    assert edited["status"] == "given" and edited["reason"] == ""
    assert any(n.startswith("C1 dropped: an estimate without") for n in edited["notes"])
    assert any(n.startswith("C7 dropped: a standard error below") for n in edited["notes"])
    assert "made by LinkedOut 0.0.1" in by_name["older-card.json"]["reason"]
    assert "other parameters (reply_window_days)" in by_name["other-params-card.json"]["reason"]
    assert len(list((out / "cards").glob("*.json"))) == 4
    c1 = next(r for r in run["pooled"] if r["claim"] == "C1")
    # 4 demo exports + the given card; the edited card's C1 was dropped (and a demo
    # export's C1 may be "not testable": see the xfail in test_cohort_e2e.py).
    assert c1["people"] == 6 and c1["k"] == c1["estimates"] >= 3
    assert c1["not_pooled"]["cell rejected on reading"] == 1
    assert c1["estimates"] + sum(c1["not_pooled"].values()) == c1["people"]
    assert c1["ci_low"] < c1["estimate"] < c1["ci_high"]
    assert run["privacy"]["donors"] == 6 and run["privacy"]["smallest_group"] >= 1


def test_report_lists_every_entry_with_forest_plots_and_no_network(first_run, cohort_dir):
    out, _ = first_run
    html = (out / "index.html").read_text(encoding="utf-8")
    people = {e["person"] for e in json.loads((out / "cohort.json").read_text())["entries"]}
    assert all(p in html for p in people) and "Twitter" in html
    assert html.count("data:image/png;base64,") >= 5
    assert "Pooled scorecard" in html and "Coverage" in html
    assert not RESOURCE_URL.search(html) and "<script" not in html


def test_cohort_outputs_name_no_entry_and_cards_publish_nothing_exact(first_run, cohort_dir):
    """The privacy test: the page and cohort.json show no entry name or path; the cards show
    no exact n or network size and no month finer than a quarter."""
    out, _ = first_run
    outputs = {p.name: p.read_text(encoding="utf-8") for p in (out / "index.html",
                                                               out / "cohort.json")}
    names = [p.name for p in cohort_dir.iterdir()]
    names += ["Zelda Quixote", "Quentin Oddly", "bare-export", str(cohort_dir.parent), "/tmp/"]
    for file, text in outputs.items():
        assert not [n for n in names if n in text], file
    cards = [json.loads(p.read_text()) for p in (out / "cards").glob("*.json")]
    assert len(cards) == 4
    for card in cards:
        text = json.dumps(card)
        assert not re.search(r"\b\d{4}-\d{2}\b", text), "a month finer than a quarter"
        assert re.match(r"^\d+-\d+$|^\d+\+$", card["data"]["network_size"])
        cells = [*card["claims"].values(),
                 *[p for c in card["claims"].values() for p in c.get("pairs", [])]]
        assert all(c["n"] is None or re.match(r"^\d+-\d+$|^\d+\+$", c["n"]) for c in cells)
        assert all(c["quarters"] == [None, None] for cid, c in card["claims"].items()
                   if cid in ("C3", "C5", "C10"))
        assert re.match(r"^[0-9a-f]{16}$", card["donor"])


def test_second_run_reuses_unchanged_cards_and_redoes_a_changed_export(first_run, cohort_dir,
                                                                        tmp_path):
    from tools.demo import write_demo

    out, _ = first_run
    before = {p.name: p.read_bytes() for p in (out / "cards").glob("*.json")}
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--quiet"]) == 1
    run = json.loads((out / "cohort.json").read_text())
    assert run["computed"] == 0
    assert sum(e["status"] in ("reused", "duplicate") for e in run["entries"]) == 5
    assert sum(e["status"] == "failed" for e in run["entries"]) == 4
    # A donor sends a new export: only that one is computed again.
    changed = cohort_dir / donor(21)
    shutil.rmtree(changed)
    write_demo(changed, seed=99, size="small")
    assert main(["cohort", str(cohort_dir), "--out", str(out), "--quiet"]) == 1
    run = json.loads((out / "cohort.json").read_text())
    assert run["computed"] == 1
    by_name = _by_name(run, cohort_dir)
    assert "not a ZIP" in by_name["broken.zip"]["reason"]
    status = {name: e["status"] for name, e in by_name.items()}
    assert status[donor(21)] == "computed" and status[donor(22)] == "reused"
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
    assert done.returncode == 1, done.stderr[-2000:]  # broken.zip failed
    assert f"scheduler at {address}" in done.stdout
    assert "1 card(s) pooled, 1 of 2 entries failed" in done.stdout
    run = json.loads((tmp_path / "out" / "cohort.json").read_text())
    assert sorted(e["status"] for e in run["entries"]) == ["computed", "failed"]


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path, cohort_dir, capsys):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(cohort_dir / "broken.zip", folder)
    folder.joinpath("x.zip").write_bytes((cohort_dir / "bare-export.zip").read_bytes())
    code = main(["cohort", str(folder), "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
                 "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("linkedout: error: No Dask scheduler answers")
