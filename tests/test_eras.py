"""Every era fixture (2018 ... 2026) ingests with the counts and values worked out by hand.

The fixtures and their ``<era>.expected.json`` live in ``tests/fixtures/eras/`` (see its
README for the quirks each era carries). Each era is ingested as a folder and as a ZIP.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import ERAS, zip_folder

from analysis.export import ingest

ERA_NAMES = sorted(p.name for p in ERAS.iterdir() if p.is_dir()) if ERAS.exists() else []


def _expected(era: str) -> dict:
    return json.loads((ERAS / f"{era}.expected.json").read_text())


@pytest.fixture(scope="module", params=ERA_NAMES)
def ingested(request, tmp_path_factory):
    era = request.param
    out = tmp_path_factory.mktemp(f"era-{era}")
    ledger = ingest(ERAS / era, out / "folder")
    zipped = zip_folder(ERAS / era, out / f"{era}.zip")
    ledger_zip = ingest(zipped, out / "zip")
    return era, out, ledger, ledger_zip


def test_every_file_counted_as_expected(ingested):
    era, _, ledger, _ = ingested
    expected = _expected(era)["files"]
    got = {}
    for member, entry in expected.items():
        if entry["table"] is None:
            assert member in ledger["not_analysed"] or ledger["files"].get(member, {}).get(
                "rows_read", 0) == 0, member
            continue
        got[member] = {k: ledger["files"][member][k] for k in
                       ("table", "rows_read", "rows_loaded", "rows_quarantined")}
    assert got == {m: e for m, e in expected.items() if e["table"] is not None}
    listed = set(ledger["files"]) | set(ledger["not_analysed"])
    assert listed == set(expected), "every file in the fixture is accounted for"


def test_table_row_counts(ingested):
    """After split parts are concatenated and twins merged (2022 endorsements: 5, not 8)."""
    era, _, ledger, _ = ingested
    expected = _expected(era).get("table_rows", {})
    assert {t: ledger["tables"][t]["rows"] for t in expected} == expected


def test_loaded_plus_quarantined_equals_read(ingested):
    _, out, ledger, _ = ingested
    for member, entry in ledger["files"].items():
        assert entry["rows_loaded"] + entry["rows_quarantined"] == entry["rows_read"], member
    q = pd.read_parquet(out / "folder" / "quarantine.parquet")
    assert len(q) == ledger["totals"]["rows_quarantined"]
    assert q["reason"].notna().all() and q["line"].notna().all()


def test_owner(ingested):
    era, _, ledger, _ = ingested
    expected = _expected(era)
    assert ledger["owner"]["url"] == expected["owner_url"]
    assert ledger["owner"]["name"] == expected["owner_name"]


def test_zip_and_folder_agree(ingested):
    _, out, ledger, ledger_zip = ingested
    assert ledger["files"] == ledger_zip["files"]
    for table in ledger["tables"]:
        pd.testing.assert_frame_equal(pd.read_parquet(out / "folder" / f"{table}.parquet"),
                                      pd.read_parquet(out / "zip" / f"{table}.parquet"))


def _norm(value):
    if isinstance(value, np.ndarray):
        return [_norm(v) for v in value.tolist()]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or (not isinstance(value, list | str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def test_spot_checks(ingested):
    """``n_matches`` (default 1) rows match ``where``; each has the ``expect`` values."""
    era, out, _, _ = ingested
    failures = []
    for check in _expected(era)["checks"]:
        frame = pd.read_parquet(out / "folder" / f"{check['table']}.parquet")
        mask = pd.Series(True, index=frame.index)
        for col, value in check["where"].items():
            mask &= frame[col].map(_norm) == value
        rows = frame.loc[mask]
        if len(rows) != check.get("n_matches", 1):
            failures.append((check, f"{len(rows)} rows match"))
            continue
        for _, row in rows.iterrows():
            for col, value in check["expect"].items():
                if _norm(row[col]) != value:
                    failures.append((check["table"], check["where"], col, value, _norm(row[col])))
    assert not failures, "\n".join(map(repr, failures))
