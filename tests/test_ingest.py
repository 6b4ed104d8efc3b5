"""Ingest end to end: inputs, bad inputs, atomic replacement, determinism, the owner."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_export, zip_folder
from merge_exports import newer_basic

from analysis.errors import ExportError
from analysis.export import ingest
from analysis.export.locate import locate_inputs

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_folder_and_zip_give_identical_tables(tmp_path, minimal_files):
    folder = write_export(tmp_path / "export", minimal_files)
    zipped = zip_folder(folder, tmp_path / "whatever-name.zip",
                        prefix="Basic_LinkedInDataExport_06-01-2024/")
    a = ingest(folder, tmp_path / "a")
    b = ingest(zipped, tmp_path / "b")
    assert a["files"] == b["files"]
    for name in ("connections", "messages", "profile"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "b" / f"{name}.parquet"))


def test_same_input_twice_gives_identical_files(tmp_path, minimal_files):
    folder = write_export(tmp_path / "export", minimal_files)
    ingest(folder, tmp_path / "a")
    ingest(folder, tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_owner_found_and_directions(tmp_path, minimal_files):
    ledger = ingest(write_export(tmp_path / "e", minimal_files), tmp_path / "out")
    assert ledger["owner"]["url"] == "https://www.linkedin.com/in/owner-person"
    assert ledger["owner"]["name"] == "Owner Person"
    msgs = pd.read_parquet(tmp_path / "out" / "messages.parquet")
    assert msgs["direction"].tolist() == ["out", "in"]
    assert msgs["is_conversation_opener"].tolist() == [False, True]
    assert msgs["sender_kind"].tolist() == ["owner", "person"]


def test_owner_url_override(tmp_path, minimal_files):
    ledger = ingest(write_export(tmp_path / "e", minimal_files), tmp_path / "out",
                    owner_url="https://www.linkedin.com/in/ana-placeholder")
    assert ledger["owner"]["method"] == "--owner-url"
    msgs = pd.read_parquet(tmp_path / "out" / "messages.parquet")
    assert msgs["direction"].tolist() == ["in", "out"]


def test_ledger_counts_add_up(tmp_path, minimal_files):
    files = dict(minimal_files)
    files["Connections.csv"] += "\nBad,Row,x,,A,B,C,05 Mar 2021"
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    conn = ledger["files"]["Connections.csv"]
    assert (conn["rows_read"], conn["rows_loaded"], conn["rows_quarantined"]) == (3, 2, 1)
    for entry in ledger["files"].values():
        assert entry["rows_loaded"] + entry["rows_quarantined"] == entry["rows_read"]
    q = pd.read_parquet(tmp_path / "out" / "quarantine.parquet")
    assert q[["file", "line", "reason"]].values.tolist() == [
        ["Connections.csv", "4", "wrong number of fields"]]


def test_failed_ingest_leaves_previous_processed_set_intact(tmp_path, minimal_files):
    out = tmp_path / "processed"
    ingest(write_export(tmp_path / "good", minimal_files), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = newer_basic()["messages.csv"].replace("owner-person", "someone-else")
    bad = dict(newer_basic(), **{"messages (2).csv": other})  # two people: refused
    with pytest.raises(ExportError):
        ingest(write_export(tmp_path / "bad", bad), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_split_files_are_concatenated_and_twins_merged(tmp_path, minimal_files):
    apps = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
            "Resume Name,Question And Answers\n")
    twin = ('"Endorsement Date"\t"Skill Name"\t"Endorser First Name"\t"Endorser Last Name"\t'
            '"Endorsement Status"\t"Display Status"\n'
            '"2022/02/01 15:02:55 UTC"\t"Python"\t"Ana"\t"P"\t"Accepted"\t"Show"\n'
            '"2022/02/02 15:02:55 UTC"\t"SQL"\t"Cy"\t"Q"\t"Redacted"\t""\n')
    files = dict(minimal_files, **{
        "Jobs/Job Applications.csv": apps + '"6/11/22, 10:19 PM",,,Acme,Eng,https://j/1,,\n',
        "Jobs/Job Applications_1.csv": apps + '"6/12/22, 9:00 AM",,,Beta,Eng,https://j/2,,\n',
        "Endorsement_Received_Info.csv": (
            "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
            "Endorsement Status\n2022/02/01 15:02:55 UTC,Python,Ana,P,ACCEPTED\n"),
        "Endorsement Received Info.csv": b"\xff\xfe" + twin.encode("utf-16-le"),
    })
    ledger = ingest(write_export(tmp_path / "e", files), tmp_path / "out")
    apps_t = pd.read_parquet(tmp_path / "out" / "job_applications.parquet")
    assert sorted(apps_t["company"]) == ["Acme", "Beta"]
    endo = pd.read_parquet(tmp_path / "out" / "endorsements_received.parquet")
    assert sorted(endo["status"]) == ["ACCEPTED", "REDACTED"]
    utf8 = ledger["files"]["Endorsement_Received_Info.csv"]  # the UTF-16 twin holds its row
    assert (utf8["rows_new"], utf8["rows_duplicate"]) == (0, 1)


def _zip(path: Path, members: dict[str, bytes], encrypted: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    if encrypted:  # zipfile cannot encrypt: set the "encrypted" flag bit in both headers
        raw = bytearray(path.read_bytes())
        for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = raw.find(signature)
            while at >= 0:
                raw[at + flag_at] |= 0x1
                at = raw.find(signature, at + 4)
        path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(("make", "expected"), [
    (lambda d: (d / "notes.txt").write_text("hello") and d / "notes.txt", "not a ZIP"),
    (lambda d: _zip(d / "tw.zip", {"data/tweets.js": b"[]", "data/manifest.js": b"{}"}),
     "Twitter/X archive"),
    (lambda d: _zip(d / "fb.zip", {"your_activity_across_facebook/posts.json": b"[]"}),
     "Facebook archive"),
    (lambda d: _zip(d / "other.zip", {"hello.txt": b"hi"}), "no LinkedIn export files"),
    (lambda d: _zip(d / "thin.zip", {"Ad_Targeting.csv": b"Member Age\n25 to 34\n"}),
     "none of the files the analysis needs"),
    (lambda d: _zip(d / "enc.zip", {"Connections.csv": b"x"}, encrypted=True), "encrypted"),
])
def test_bad_inputs_give_one_clear_error(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(ExportError, match=expected):
        ingest(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_truncated_zip(tmp_path, minimal_files):
    z = zip_folder(write_export(tmp_path / "e", minimal_files), tmp_path / "t.zip")
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExportError, match="damaged|not a ZIP"):
        ingest(z, tmp_path / "out")


def test_zip_bomb_refused_before_reading(tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"messages.csv": b"\0" * (40 * 1024**2)})
    assert bomb.stat().st_size < 1024**2
    with pytest.raises(ExportError, match="ZIP bomb"):
        ingest(bomb, tmp_path / "out")


def test_too_many_members(tmp_path):
    members = {f"f{i}.csv": b"" for i in range(20_001)}
    with pytest.raises(ExportError, match="20,001 members"):
        ingest(_zip(tmp_path / "many.zip", members), tmp_path / "out")


def test_unsafe_member_names_are_never_used_as_paths(tmp_path, minimal_files):
    members = {k: v.encode() for k, v in minimal_files.items()}
    members["../../evil.csv"] = b"x"
    members["/abs/Connections.csv"] = b"x"
    members["dir\\Connections.csv"] = b"x"
    ledger = ingest(_zip(tmp_path / "e.zip", members), tmp_path / "out")
    assert len(ledger["skipped_unsafe"]) == 3
    assert not (tmp_path.parent / "evil.csv").exists()


def test_locate_single_several_and_none(tmp_path, minimal_files):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / ".gitkeep").write_text("")
    with pytest.raises(ExportError, match="No LinkedIn export found"):
        locate_inputs(None, raw)
    folder = write_export(tmp_path / "e", minimal_files)
    zip_folder(folder, raw / "Complete_LinkedInDataExport_08-26-2025.zip")
    (raw / "outcomes.csv").write_text("date,kind,value,source,note\n")
    inputs = locate_inputs(None, raw)
    assert inputs.export.name.startswith("Complete_") and inputs.outcomes.name == "outcomes.csv"
    zip_folder(folder, raw / "Basic_LinkedInDataExport_08-27-2025 (1).zip")
    inputs = locate_inputs(None, raw)  # several: all of them, for ingest to merge or refuse
    assert [p.name for p in inputs.exports] == ["Basic_LinkedInDataExport_08-27-2025 (1).zip",
                                                "Complete_LinkedInDataExport_08-26-2025.zip"]


def test_cli_bad_input_prints_one_line_without_traceback(tmp_path):
    (tmp_path / "x.txt").write_text("not an export")
    proc = run_cli("ingest", str(tmp_path / "x.txt"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("linkedout: error: x.txt: not a ZIP")


def test_cli_ingest_prints_summary(tmp_path, minimal_files):
    folder = write_export(tmp_path / "e", minimal_files)
    proc = run_cli("ingest", str(folder), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "5 rows loaded, 0 quarantined of 5 read" in proc.stdout
    ledger = json.loads((tmp_path / "out" / "ledger.json").read_text())
    assert ledger["source"]["kind"] == "folder"


def test_labels_enter_through_the_ingest(tmp_path, minimal_files):
    """labels.csv beside the export is read, checked and written into the processed set;
    the claims read it from there (never from data/raw)."""
    from analysis.claims.context import labels_for
    from analysis.errors import LinkedOutError

    export = write_export(tmp_path / "export", minimal_files)
    (export / "labels.csv").write_text("message_id,label\nm-1,sales_pitch\nm-2,\n",
                                       encoding="utf-8")
    ledger = ingest(export, tmp_path / "processed")
    assert ledger["extras"]["labels.csv"]["rows_loaded"] == 1  # the unlabelled row is skipped
    labels = labels_for(tmp_path / "processed")
    assert labels[["message_id", "label"]].values.tolist() == [["m-1", "sales_pitch"]]
    assert labels_for(tmp_path / "processed", tmp_path / "none.csv") is None  # override

    (export / "labels.csv").write_text("message_id,label\nm-1,spam-ish\n", encoding="utf-8")
    with pytest.raises(LinkedOutError, match="labels.csv line 2"):
        ingest(export, tmp_path / "processed2")
