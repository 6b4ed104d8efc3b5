"""Several files for one table, several exports of one person: merged once, counted honestly."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import write_export
from merge_exports import (
    INVITES,
    NEW_PEOPLE,
    OLD_PEOPLE,
    OTHER_URL,
    newer_basic,
    older_complete,
    resaved_connections_folder,
    split_invitations_folder,
    two_zips,
    union_size,
)

from analysis.errors import ExportError
from analysis.export import ingest
from analysis.export.merge import Source, key_strings, merge_sources
from analysis.export.spec import Col, FileSpec


def _adds_up(ledger: dict) -> None:
    """Per file: read = new + duplicate + quarantined; per table: rows = sum of new."""
    for name, f in ledger["files"].items():
        assert f["rows_read"] == f["rows_new"] + f["rows_duplicate"] + f["rows_quarantined"], name
    for table, t in ledger["tables"].items():
        assert t["rows"] == sum(ledger["files"][m]["rows_new"] for m in t["files"]), table


def _keys(rows, name_at=(0, 1), date_at=-1):
    return [(r[name_at[0]], r[name_at[1]], r[date_at]) for r in rows]


def test_resaved_connections_beside_new_one_merge_to_the_union(tmp_path):
    ledger = ingest(resaved_connections_folder(tmp_path / "e"), tmp_path / "out")
    _adds_up(ledger)
    conns = pd.read_parquet(tmp_path / "out" / "connections.parquet")
    expected = union_size(_keys(OLD_PEOPLE), _keys(NEW_PEOPLE))
    assert len(conns) == expected == 8
    new, old = ledger["files"]["Connections1.csv"], ledger["files"]["Connections.csv"]
    assert (new["rows_new"], new["rows_duplicate"]) == (len(NEW_PEOPLE), 0)
    assert (old["rows_read"], old["rows_new"], old["rows_duplicate"]) == (5, 1, 4)
    # Ana's company differs: the newer file's value stands, and the conflict is counted
    assert old["conflicts"] == 1
    assert conns.loc[conns["last_name"] == "Placeholder", "company"].tolist() == ["Omega"]
    merge = ledger["merge"]["connections:connections"]
    assert merge["conflict_columns"] == {"company": 1}
    assert merge["conflict_examples"][0]["dropped"] == "Connections.csv row 1"
    # the older-only row stays, marked with its file
    assert conns.loc[conns["last_name"] == "Removed", "source_file"].tolist() == [
        "Connections.csv"]
    # the messages slice contributes nothing, and the ledger says so
    copy = ledger["files"]["messages1.csv"]
    assert (copy["rows_new"], copy["rows_duplicate"]) == (0, 2)
    assert ledger["tables"]["messages"]["rows"] == 4
    assert ledger["owner"]["url"] == "https://www.linkedin.com/in/owner-person"


def test_split_invitations_beside_original_add_nothing(tmp_path, minimal_files):
    ledger = ingest(split_invitations_folder(tmp_path / "e", minimal_files), tmp_path / "out")
    _adds_up(ledger)
    inv = pd.read_parquet(tmp_path / "out" / "invitations.parquet")
    assert len(inv) == union_size(INVITES, [r for r in INVITES if r[4] == "INCOMING"],
                                  [r for r in INVITES if r[4] == "OUTGOING"]) == 5
    assert ledger["files"]["Invitations.csv"]["rows_new"] == 5
    for part, n in (("InvitationsIn.csv", 3), ("InvitationsOut.csv", 2)):
        assert (ledger["files"][part]["rows_new"], ledger["files"][part]["rows_duplicate"]) \
            == (0, n)
    assert ledger["merge"]["invitations:invitations"]["conflicts"] == 0


def test_two_zips_of_one_person_read_as_one_history(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    older, newer = older_complete(), newer_basic()
    two_zips(raw, older, newer)
    ledger = ingest(None, tmp_path / "out", raw_dir=raw)
    _adds_up(ledger)
    names = [e["name"] for e in ledger["exports"]]
    assert names == ["Basic_LinkedInDataExport_03-20-2025.zip",
                     "Complete_LinkedInDataExport_03-15-2023.zip"]  # newest first

    def rows(files: dict, name: str) -> list[list[str]]:
        return [line.split(",") for line in files[name].split("\n")
                if line and "," in line and not line.startswith(('"', "First", "CONV"))]

    conn_keys = [[(r[0], r[1], r[-1]) for r in rows(f, "Connections.csv")] for f in (older, newer)]
    at = {9: (5, 7), 11: (6, 8)}  # date and content columns of the 2021 and 2025 forms
    msg_keys = [[(r[0], r[2], r[at[len(r)][0]], r[at[len(r)][1]]) for r in
                 rows(f, "messages.csv")] for f in (older, newer)]
    conns = pd.read_parquet(tmp_path / "out" / "connections.parquet")
    msgs = pd.read_parquet(tmp_path / "out" / "messages.parquet")
    assert len(conns) == union_size(*conn_keys) == 5
    assert len(msgs) == union_size(*msg_keys) == 6
    # what only the older Complete archive holds is kept: Shares, the removed connection
    assert len(pd.read_parquet(tmp_path / "out" / "shares.parquet")) == 2
    kim = conns.loc[conns["last_name"] == "Old", "source_file"].tolist()
    assert kim == ["Complete_LinkedInDataExport_03-15-2023.zip/Connections.csv"]
    profile = pd.read_parquet(tmp_path / "out" / "profile.parquet")
    assert profile["headline"].tolist() == ["Newer headline"]  # the newest export's row
    old_entry, new_entry = ledger["exports"][1], ledger["exports"][0]
    assert old_entry["archive"] == "Complete" and new_entry["archive"] == "Basic"
    assert old_entry["rows_duplicate"] == 2 + 2 + 1  # Lu, the hidden member, 2 messages, profile
    assert ledger["source"]["archive"] == "Complete"
    assert ledger["owner"]["url"] == "https://www.linkedin.com/in/owner-person"
    assert msgs["direction"].notna().all()


def test_two_zips_of_two_people_is_one_clear_error(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    a, b = two_zips(raw, older_complete("Someone Else", OTHER_URL), newer_basic())
    with pytest.raises(ExportError) as err:
        ingest(None, tmp_path / "out", raw_dir=raw)
    message = str(err.value)
    assert a.name in message and b.name in message and "\n" not in message
    assert "different people" in message and OTHER_URL in message
    assert not (tmp_path / "out").exists()
    ledger = ingest(b, tmp_path / "out", raw_dir=raw)  # EXPORT= picks one
    assert "exports" not in ledger and ledger["source"]["name"] == b.name


def test_a_file_of_another_person_in_one_folder_stops_the_merge(tmp_path, minimal_files):
    other = newer_basic()["messages.csv"].replace("Owner Person", "Someone Else").replace(
        "owner-person", "someone-else")
    folder = write_export(tmp_path / "e", dict(newer_basic(), **{"messages (2).csv": other}))
    with pytest.raises(ExportError, match="different people") as err:
        ingest(folder, tmp_path / "out")
    assert "messages (2).csv" in str(err.value) and "messages.csv" in str(err.value)


def test_one_export_merges_nothing_and_says_so(tmp_path, minimal_files):
    ledger = ingest(write_export(tmp_path / "e", minimal_files), tmp_path / "out")
    assert "merge" not in ledger and "exports" not in ledger
    assert all(f["rows_duplicate"] == 0 and f["rows_new"] == f["rows_loaded"]
               for f in ledger["files"].values())


SPEC = FileSpec("t", ("t",), (Col("k", ("K",)), Col("v", ("V",))), (), "test",
                merge_key=(("k",),), snapshot=True)


def _source(name: str, keys: list, values: list, rank: int) -> Source:
    frame = pd.DataFrame({"k": keys, "v": values, "source_file": name,
                          "source_row": range(len(keys))})
    return Source([name], frame, "x", (rank,))


def test_repeated_keys_count_by_occurrence_and_newest_wins():
    new = _source("new", ["a", "a", "b", None], ["1", "1", "2", "z"], 0)
    old = _source("old", ["a", "a", "a", "b"], ["1", "1", "1", "3"], 1)
    merged = merge_sources(SPEC, [old, new])  # order given does not matter
    assert merged.frame["source_file"].tolist() == ["new"] * 4 + ["old"]
    assert merged.per_file["old"] == {"rows_new": 1, "rows_duplicate": 3, "conflicts": 1}
    assert merged.frame.loc[merged.frame["k"] == "b", "v"].tolist() == ["2"]
    assert merged.conflicts == {"v": 1}


def test_keys_ignore_case_and_spacing_but_not_content():
    frame = pd.DataFrame({"k": ["Ana  P", "ana p", "Ana Q", None]})
    keys = key_strings(frame, ("k",))
    assert keys[0].split("\x1e")[0] == keys[1].split("\x1e")[0] != keys[2].split("\x1e")[0]
    assert keys[1].endswith("\x1e1") and keys[3] is None


def test_doctor_and_report_show_the_merge(tmp_path):
    from analysis.doctor import diagnose
    from analysis.report.index import _coverage_values

    raw = tmp_path / "raw"
    raw.mkdir()
    two_zips(raw, older_complete(), newer_basic())
    lines, ok = diagnose(None, raw_dir=raw)
    text = "\n".join(lines)
    assert ok and "Exports of one person, merged newest first:" in text
    assert "Merged connections (snapshot, newest wins" in text
    older = "Complete_LinkedInDataExport_03-15-2023.zip/Connections.csv"
    assert f"  {older}: 3 rows, 1 added, 2 duplicates" in text
    ledger = ingest(None, tmp_path / "out", raw_dir=raw)
    shown = _coverage_values(ledger, reveal=False)["exports"]
    assert len(shown) == 2 and shown[1].startswith("Complete_LinkedInDataExport_03-15-2023.zip")
    assert f"{ledger['exports'][1]['rows_new']:,} new" in shown[1]


def test_a_date_resaved_with_day_and_month_swapped_is_a_conflict_the_newer_wins():
    spec = FileSpec("c", ("c",), (Col("profile_url", ("URL",)), Col("first_name", ("F",)),
                                  Col("last_name", ("L",)), Col("connected_on", ("C",))),
                    (), "test", merge_key=(("profile_url",),
                                           ("first_name", "last_name", "connected_on")))
    when = pd.to_datetime(["2024-03-04", "2024-05-06"], utc=True)
    swapped = pd.to_datetime(["2024-04-03", "2024-05-06"], utc=True)

    def src(name, dates, rank):
        frame = pd.DataFrame({"profile_url": ["https://x/in/a", "https://x/in/b"],
                              "first_name": ["A", "B"], "last_name": ["P", "Q"],
                              "connected_on": dates, "source_file": name,
                              "source_row": [0, 1]})
        return Source([name], frame, name, (rank,))

    merged = merge_sources(spec, [src("new", when, 0), src("old", swapped, 1)])
    assert len(merged.frame) == 2 and merged.conflicts == {"connected_on": 1}
    assert merged.frame["connected_on"].tolist() == list(when)
    assert merged.examples == [{"column": "connected_on", "kept": "new row 1",
                                "dropped": "old row 1"}]


def test_coverage_template_has_one_line_per_export(tmp_path):
    from analysis.report.index import _coverage_values
    from analysis.report.templates import render as render_template

    raw = tmp_path / "raw"
    raw.mkdir()
    two_zips(raw, older_complete(), newer_basic())
    ledger = ingest(None, tmp_path / "out", raw_dir=raw)
    html = str(render_template("coverage.html", **_coverage_values(ledger, reveal=False)))
    assert html.count("<li>") == 2 and "Basic_LinkedInDataExport_03-20-2025.zip (Basic" in html


def test_missing_dates_in_keys_and_values_do_not_break_the_merge():
    spec = FileSpec("p", ("p",), (Col("company", ("C",)), Col("finished_on", ("F",))), (),
                    "test", merge_key=(("company",),), snapshot=True)
    dates = pd.to_datetime(["2020-01-01", None], utc=True)

    def src(name, finished, rank):
        return Source([name], pd.DataFrame({"company": ["Acme", "Beta"], "finished_on": finished,
                                            "source_file": name, "source_row": [0, 1]}),
                      name, (rank,))

    merged = merge_sources(spec, [src("new", dates, 0), src("old", dates[::-1], 1)])
    assert len(merged.frame) == 2 and merged.conflicts == {}  # a date against none: no conflict
    keys = key_strings(pd.DataFrame({"d": dates}), ("d",))
    assert isinstance(keys[0], str) and keys[1] is None
