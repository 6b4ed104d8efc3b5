"""Measuring on real openers (tools/realdev.py), on a synthetic stand-in: a
development CSV that locates openers in an extracted 'repository' by record and hash."""

from __future__ import annotations

import csv
import hashlib

import pandas as pd
import pytest

from analysis.errors import LinkedOutError
from tests.test_classify import _fixture_export
from tools.realdev import load_dev_set, loeo, report
from tools.tuning import main as tuning_main


def _dev_csv(tmp_path, tamper: bool = False):
    root = tmp_path / "repos"
    export = _fixture_export(root / "acme+inbox" / "users" / "ana")
    with open(export / "messages.csv", encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    wanted = {1: "sales_pitch", 3: "automated", 4: "recruiting", 5: "social"}
    rows = []
    for rec, label in wanted.items():
        r = records[rec - 1]
        content = r["CONTENT"] + ("x" if tamper and rec == 4 else "")
        rows.append({"id": f"r{rec}", "repo": "acme/inbox", "commit": "0" * 40,
                     "path": "users/ana/messages.csv", "record": rec,
                     "conversation_id": r["CONVERSATION ID"], "date": r["DATE"],
                     "content_sha256": hashlib.sha256(content.encode()).hexdigest(),
                     "label": label, "language": "en"})
    dev = tmp_path / "dev.csv"
    pd.DataFrame(rows).to_csv(dev, index=False)
    return dev, root


def test_dev_openers_located_and_scored(tmp_path):
    dev, root = _dev_csv(tmp_path)
    exports = load_dev_set(dev, root)
    assert [e.name for e in exports] == ["acme users/ana"]
    located = exports[0].messages.loc[exports[0].openers["row"]]
    assert located["conversation_id"].tolist() == ["2-P1==", "2-S1==", "2-R1==", "2-F1=="]
    pred = loeo(exports)
    assert pred["true"].tolist() == ["sales_pitch", "automated", "recruiting", "social"]
    assert pred.loc[pred["true"] == "automated", "source"].tolist() == ["rule"]
    text = report(pred)
    assert "macro-F1" in text and "pitch share" in text


def test_hash_mismatch_is_one_clear_error(tmp_path, capsys):
    dev, root = _dev_csv(tmp_path, tamper=True)
    with pytest.raises(LinkedOutError, match="content hash differs"):
        load_dev_set(dev, root)
    assert tuning_main(["--real", str(dev), "--root", str(root)]) == 2
    assert "linkedout: error: real openers: content hash differs" in capsys.readouterr().err


def test_echo_check_finds_training_text_copied_from_real_openers(tmp_path, capsys):
    """A corpus row that repeats 30 characters of a located opener (case and spacing
    aside) is reported; a row written independently is not; the command exits 1."""
    from tools.realdev import echoes

    dev, root = _dev_csv(tmp_path)
    exports = load_dev_set(dev, root)
    opener = str(exports[0].messages.at[exports[0].openers["row"].iloc[0], "text"])
    assert len(opener) >= 32
    copied = "Hello!  " + opener[:32].upper().replace(" ", "   ") + " and more"
    corpus = pd.DataFrame({"id": ["seed-1", "seed-2"], "label": ["sales_pitch", "social"],
                           "text": [copied, "Congratulations on the new role, well deserved!"]})
    hits = echoes(exports, corpus)
    assert hits["id"].tolist() == ["seed-1"]
    assert len(echoes(exports, corpus.iloc[1:])) == 0
    rc = tuning_main(["--real", str(dev), "--root", str(root), "--check-echoes"])
    out = capsys.readouterr().out
    assert "seed-corpus rows share a 30-character stretch" in out
    assert rc in (0, 1) and (rc == 1) == out.startswith("seed-")
