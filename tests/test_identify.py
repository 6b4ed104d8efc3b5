"""Files recognised by their header: renamed files, two candidates for a table, unknown headers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_export
from resave_helpers import KINDS, excel

from analysis.export import ingest

ROOT = Path(__file__).resolve().parent.parent
OLD_CONNECTIONS = ("First Name,Last Name,Email Address,Company,Position,Connected On\n"
                   "Eve,Older,,Acme,Eng,14 Nov 2019\n")


def _counts_add_up(ledger: dict) -> None:
    for entry in ledger["files"].values():
        assert entry["rows_read"] == entry["rows_loaded"] + entry["rows_quarantined"]
    t = ledger["totals"]
    assert t["rows_read"] == t["rows_loaded"] + t["rows_quarantined"]


@pytest.mark.parametrize(("messages_name", "connections_name"), [
    ("messages1.csv", "Connections1.csv"),
    ("messages - Copy.csv", "Connections (2).csv"),
])
def test_renamed_files_are_read_by_their_header_with_a_note(
        tmp_path, minimal_files, messages_name, connections_name):
    files = dict(minimal_files)
    files[messages_name] = files.pop("messages.csv")
    files[connections_name] = files.pop("Connections.csv")
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    for name, table in ((messages_name, "messages"), (connections_name, "connections")):
        entry = ledger["files"][name]
        assert (entry["table"], entry["recognised_by"]) == (table, "header")
        assert entry["rows_loaded"] == 2
        assert "recognised by its header" in entry["notes"][0]
    assert name not in ledger["not_analysed"]
    assert ledger["owner"]["url"] == "https://www.linkedin.com/in/owner-person"
    assert len(pd.read_parquet(tmp_path / "out" / "connections.parquet")) == 2


def test_unknown_csv_that_is_no_table_stays_not_analysed(tmp_path, minimal_files):
    files = dict(minimal_files, **{"my notes.csv": "Idea,When\nCall Ana,Monday\n"})
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    assert "my notes.csv" in ledger["not_analysed"]


@pytest.mark.parametrize("extra", [
    {"Connections1.csv": OLD_CONNECTIONS},
    {"Connections (2).csv": OLD_CONNECTIONS},
    {"older/Connections.csv": OLD_CONNECTIONS},
    {"Comments_1.csv": "Date,Link,Message\n", "old/Comments_1.csv": "Date,Link,Message\n"},
])
def test_two_candidates_for_one_table_are_merged_and_both_in_the_ledger(tmp_path, minimal_files,
                                                                        extra):
    files = dict(minimal_files, **extra)
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    _counts_add_up(ledger)
    for name in extra:
        entry = ledger["files"][name]
        assert entry["rows_read"] == entry["rows_new"] + entry["rows_duplicate"]
    table = ledger["files"][next(iter(extra))]["table"]
    assert f"{table}:{table}" in ledger["merge"]
    if "Connections1.csv" in extra or "Connections (2).csv" in extra:  # Eve only in the copy
        assert ledger["tables"]["connections"]["rows"] == 3


def test_split_parts_and_twins_are_not_duplicates(tmp_path, minimal_files):
    comments = "Date,Link,Message\n2024-01-05 10:00:00,https://x/1,Nice\n"
    files = dict(minimal_files, **{
        "Comments_1.csv": comments, "Comments_2.csv": comments.replace("x/1", "x/2"),
        "guide_messages.csv": minimal_files["messages.csv"].split("\n")[0] + "\n",
    })
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    assert ledger["tables"]["comments"]["rows"] == 2


def test_cli_names_two_peoples_files_on_one_line(tmp_path):
    from merge_exports import newer_basic

    other = newer_basic()["messages.csv"].replace("Owner Person", "Someone Else").replace(
        "owner-person", "someone-else")
    folder = write_export(tmp_path / "e", dict(newer_basic(), **{"messages1.csv": other}))
    run = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(folder), "--out",
                          str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("linkedout: error:")
    assert "messages.csv" in lines[0] and "messages1.csv" in lines[0]


def test_unknown_header_is_quarantined_whole_and_the_rest_is_read(tmp_path, minimal_files):
    files = dict(minimal_files, **{
        "Invitations.csv": "Von,An,Gesendet\nAna,Owner,gestern\nBo,Owner,heute\n"})
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    entry = ledger["files"]["Invitations.csv"]
    assert (entry["era"], entry["header"]) == ("unknown", "Von,An,Gesendet")
    assert (entry["rows_read"], entry["rows_loaded"], entry["rows_quarantined"]) == (2, 0, 2)
    assert ledger["files"]["messages.csv"]["rows_loaded"] == 2
    quarantine = pd.read_parquet(tmp_path / "out" / "quarantine.parquet")
    assert quarantine["reason"].tolist() == ["header matches no known era of invitations"] * 2
    assert len(pd.read_parquet(tmp_path / "out" / "invitations.parquet")) == 0
    _counts_add_up(ledger)


def test_excel_resaved_connections_in_an_export_are_loaded_and_marked(tmp_path, minimal_files):
    files = dict(minimal_files, **{"Connections.csv": excel(KINDS["connections"])})
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    entry = ledger["files"]["Connections.csv"]
    assert entry["rows_quarantined"] == 0
    assert entry["rows_loaded"] == len(KINDS["connections"].records()[1])
    assert entry["date_formats"] == {"Connected On": "%d-%b-%y"}
    assert "Connected On dates as %d-%b-%y" in entry["edited"]
    assert "edited" not in ledger["files"]["messages.csv"]
    _counts_add_up(ledger)
    json.dumps(ledger)  # the ledger stays plain JSON
    table = pd.read_parquet(tmp_path / "out" / "connections.parquet")
    assert str(table["connected_on"].dt.tz) == "UTC"


def test_cli_and_report_name_the_edited_and_renamed_files(tmp_path, minimal_files):
    from analysis.report.index import _coverage

    files = dict(minimal_files, **{"Connections.csv": excel(KINDS["connections"])})
    files["messages1.csv"] = files.pop("messages.csv")
    folder = write_export(tmp_path / "e", files)
    run = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(folder), "--out",
                          str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    notes = [line for line in run.stdout.splitlines() if line.strip().startswith("note:")]
    assert any("Connections.csv" in n and "looks edited" in n for n in notes)
    assert any("messages1.csv" in n and "recognised by its header" in n for n in notes)
    html = _coverage(json.loads((tmp_path / "out" / "ledger.json").read_text()), reveal=False)
    assert "Saved again by a spreadsheet program" in html and "Connections.csv (" in html
    assert "recognised by the header: messages1.csv" in html
