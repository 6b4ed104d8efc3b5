"""The one results writer and reader: what is saved reads back the same, beside (never
inside) the processed set."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.claims.result import SUPPORTED, ClaimResult
from analysis.claims.store import load_results, save_results
from analysis.paths import PROCESSED_DIR, RESULTS_DIR, results_dir


def test_results_go_beside_the_processed_set():
    assert results_dir(PROCESSED_DIR) == RESULTS_DIR
    assert RESULTS_DIR != PROCESSED_DIR and PROCESSED_DIR not in RESULTS_DIR.parents
    assert results_dir(Path("/x/run1/processed")) == Path("/x/run1/results")
    assert results_dir(Path("/x/mine")) == Path("/x/mine-results")


def test_saved_results_read_back_with_their_tables(tmp_path):
    figure = pd.DataFrame({"time": [0.0, 1.5], "survival": [1.0, 0.5]})
    pairs = pd.DataFrame({"exposure": ["posts"], "irr": [1.1]})
    r = ClaimResult("C2", "Pitch", "quote", "measured", "rule", SUPPORTED, estimate=0.6,
                    ci_low=0.5, ci_high=0.7, n=10, p=0.01, window=("2020-01-01", None),
                    details={"pairs": pairs, "figure": figure, "share": 0.25},
                    figure_data=figure)
    empty = ClaimResult("C3", "Ties", "q", "m", "r", "not testable")
    stale = tmp_path / "out" / "figures" / "old.parquet"
    stale.parent.mkdir(parents=True)
    pd.DataFrame({"a": [1]}).to_parquet(stale)

    path = save_results([r, empty], tmp_path / "out", {"panel": pd.DataFrame({"w": [1, 2]})})
    assert path == tmp_path / "out" / "claims.json"
    claims, tables = load_results(tmp_path / "out")
    assert list(claims) == ["C2", "C3"] and set(tables) == {"panel"}  # no stale table
    back = claims["C2"]
    pd.testing.assert_frame_equal(back.figure_data, figure)
    pd.testing.assert_frame_equal(back.details["pairs"], pairs)
    pd.testing.assert_frame_equal(back.details["figure"], figure)  # written once, as figure
    assert back.details["share"] == 0.25 and back.window == ("2020-01-01", None)
    assert (back.estimate, back.n, back.p) == (0.6, 10, 0.01)
    assert claims["C3"].figure_data is None and claims["C3"].estimate != claims["C3"].estimate
    assert sorted(p.name for p in (tmp_path / "out" / "claims").iterdir()) == [
        "C2.parquet", "C2_pairs.parquet"]


def test_nothing_saved_reads_as_none(tmp_path):
    assert load_results(tmp_path) is None
