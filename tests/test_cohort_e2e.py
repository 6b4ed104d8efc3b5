"""End to end, from demo exports to the pooled page: the path from an export to a card is
where standard errors, suppression and names go wrong, so it is tested on real exports.

Half the donors come from the planted world and half from the null world. Their C7 effects
differ by construction (cold pitches are answered far less in the planted world, as often in
the null one): between-person heterogeneity is planted. C10's share is the same in both
worlds (0.25): none is planted. Each export sits in a folder named after a made-up donor
with its owner's labels.csv. ``LINKEDOUT_COHORT_E2E_N`` sets the number of exports (default
10, about a minute on 2 cores; 50 is the full check and takes several minutes).
"""

from __future__ import annotations

import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from analysis.cli import main
from analysis.cohort.disclosure import pseudonym
from analysis.cohort.pool import pool_cards
from analysis.cohort.run import person_of

N = int(os.environ.get("LINKEDOUT_COHORT_E2E_N", "10"))
C10_PLANTED_SHARE = 0.25

pytestmark = pytest.mark.slow


def _folder(i: int) -> str:
    world = "planted" if i % 2 == 0 else "null"
    return f"Ottilie Brandywine {i:02d} ({world})"


def _make(args: tuple[Path, int]) -> tuple[str, dict]:
    from tools.demo import write_demo

    root, i = args
    res = write_demo(root / _folder(i), seed=500 + i, size="small",
                     world="planted" if i % 2 == 0 else "null")
    truth = json.loads(res.truth_path.read_text(encoding="utf-8"))
    (root / _folder(i) / "truth.json").unlink()  # the researcher never has the truth
    return _folder(i), {"C7": truth["claims"]["C7"]["difference_cold_minus_other"],
                        "C1": truth["claims"]["C1"]["realised"]}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e") / "donations"
    root.mkdir()
    with ProcessPoolExecutor(2) as pool:
        truth = dict(pool.map(_make, [(root, i) for i in range(N)]))
    out = root.parent / "out"
    assert main(["cohort", str(root), "--out", str(out), "--workers", "2", "--quiet"]) == 0
    world = {person_of(root / name): ("planted" if "planted" in name else "null")
             for name in truth}
    c7_truth = {person_of(root / name): d["C7"] for name, d in truth.items()}
    c1_truth = {person_of(root / name): d["C1"] for name, d in truth.items()}
    cards = [json.loads(p.read_text()) for p in (out / "cards").glob("*.json")]
    return root, out, cards, world, c7_truth, c1_truth


def _row(rows, cid):
    return next(r for r in rows if r["claim"] == cid and not r.get("pair"))


def test_every_export_gives_a_card(cohort):
    root, out, cards, world, _, _ = cohort
    run = json.loads((out / "cohort.json").read_text())
    assert len(cards) == N and all(e["status"] == "computed" for e in run["entries"])
    assert {pseudonym(c["donor"]) for c in cards} == set(world)


def test_no_heterogeneity_where_none_was_planted(cohort):
    _, out, _, _, _, _ = cohort
    c10 = _row(json.loads((out / "cohort.json").read_text())["pooled"], "C10")
    assert c10["k"] >= N - 2
    assert c10["ci_low"] < math.log(C10_PLANTED_SHARE / (1 - C10_PLANTED_SHARE)) < c10["ci_high"]
    assert c10["tau2_low"] == 0.0


def test_planted_heterogeneity_is_found_and_the_mean_covered(cohort):
    _, out, cards, world, c7_truth, _ = cohort
    c7 = _row(json.loads((out / "cohort.json").read_text())["pooled"], "C7")
    people = [pseudonym(c["donor"]) for c in cards
              if c["claims"]["C7"].get("estimate") is not None]
    mean = float(np.mean([c7_truth[p] for p in people]))
    assert c7["k"] == len(people) >= N - 2
    assert c7["ci_low"] < mean < c7["ci_high"]
    assert c7["tau2_low"] > 0  # people differ, and the interval of tau^2 says so
    # The prediction interval spans both kinds of people (each world's mean effect).
    by_world = {w: np.mean([c7_truth[p] for p in people if world[p] == w])
                for w in ("planted", "null")}
    assert c7["pi_low"] < by_world["planted"] and c7["pi_high"] > by_world["null"]
    assert by_world["planted"] < c7["ci_low"] and c7["ci_high"] < by_world["null"]
    # Within one world the same exports show no difference between people.
    planted = [c for c in cards if world[pseudonym(c["donor"])] == "planted"]
    within = _row(pool_cards(planted), "C7")
    assert within["tau2_low"] == 0.0 and within["tau2"] < c7["tau2"] / 5


def test_no_folder_name_reaches_any_cohort_output(cohort):
    root, out, _, _, _, _ = cohort
    names = [p.name for p in root.iterdir()] + ["Ottilie", "Brandywine", str(root)]
    for path in [out / "index.html", out / "cohort.json", *(out / "cards").glob("*.json")]:
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path.name


def test_pooled_c1_covers_the_mean_realised_pitch_share(cohort):
    """Each card's C1 uses its owner's labels.csv (as the personal report does)."""
    _, out, cards, _, _, c1_truth = cohort
    c1 = _row(json.loads((out / "cohort.json").read_text())["pooled"], "C1")
    people = [pseudonym(c["donor"]) for c in cards
              if c["claims"]["C1"].get("estimate") is not None]
    share = float(np.mean([c1_truth[p] for p in people]))
    assert c1["k"] == len(people) >= 3
    assert all(c["classifier_errors"] == "owner labels" for c in cards
               if c["claims"]["C1"].get("estimate") is not None)
    assert c1["ci_low"] < math.log(share / (1 - share)) < c1["ci_high"]


def test_c1_is_computed_for_every_export_with_labels(cohort):
    """With an owner's labels.csv covering nearly every opener, C1 still computes (it used
    to fail on a NaN share of the few unlabelled openers)."""
    _, _, cards, _, _, _ = cohort
    assert all(c["claims"]["C1"].get("estimate") is not None for c in cards)
