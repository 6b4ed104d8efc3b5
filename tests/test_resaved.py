"""Files a person opened and saved again: read them, say so, and lose no row.

The fixtures are the era fixtures re-written as a spreadsheet program would
(``resave_helpers``); each must give the table the untouched file gives.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from conftest import ERAS
from resave_helpers import KINDS, PROGRAMS

from analysis.export.catalog import CONNECTIONS, INVITATIONS, POSITIONS, spec_for
from analysis.export.reader import read_member

TS = pd.Timestamp


def _read(data: bytes, name: str):
    return read_member(data, name, spec_for(name))


def _comparable(frame: pd.DataFrame, program: str) -> pd.DataFrame:
    frame = frame.drop(columns=["source_file"])
    for col in frame.columns:
        excel = program.startswith("excel")
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype) and excel:
            frame[col] = frame[col].dt.floor("min")  # Excel's m/d/yyyy h:mm keeps no seconds
        elif frame[col].dtype == object and excel:  # saved as Windows-1252
            frame[col] = frame[col].map(lambda v: v.encode("cp1252", "replace").decode("cp1252")
                                        if isinstance(v, str) else v)
    if program == "pandas":  # a year-only "2014" became 2014-01-01: the precision is gone
        frame = frame.drop(columns=[c for c in frame.columns if c.endswith("_precision")])
    return frame


@pytest.mark.parametrize("program", sorted(PROGRAMS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_resaved_file_gives_the_same_table(kind, program):
    k = KINDS[kind]
    original = _read(k.original, k.name)
    resaved = _read(PROGRAMS[program](k), k.name)
    assert resaved.quarantine == []
    assert (resaved.rows_read, resaved.rows_loaded) == (original.rows_read, original.rows_loaded)
    pd.testing.assert_frame_equal(_comparable(resaved.frame, program),
                                  _comparable(original.frame, program))
    assert resaved.edits.edited
    assert set(resaved.edits.date_formats) <= set(k.dates)
    assert any(n.startswith("looks edited") for n in resaved.notes)
    if program.startswith("excel"):
        assert ("Windows-1252 text" in resaved.edits.signs) == (not k.original.isascii())
    for col in resaved.frame.columns:
        if pd.api.types.is_datetime64_any_dtype(resaved.frame[col]):
            assert str(resaved.frame[col].dt.tz) == "UTC"


@pytest.mark.parametrize(("program", "signs"), [
    ("excel", ["CRLF line ends", "Connected On dates as %d-%b-%y"]),
    ("r", ["an index column before the header (written by pandas or R)",
           "Connected On dates as %Y-%m-%d", "NA for blanks"]),
    ("pandas", ["an index column before the header (written by pandas or R)",
                "Connected On dates as %Y-%m-%d %H:%M:%S"]),
    ("excel-de", ["semicolon-separated", "CRLF line ends", "Connected On dates as %d.%m.%Y"]),
    ("libreoffice-dmy", ["UTF-8 byte-order mark", "Connected On dates as %d/%m/%Y"]),
    ("xlsx", ["an Excel workbook under a .csv name (its first sheet read)",
              "Connected On dates as %Y-%m-%d %H:%M:%S"]),
])
def test_the_ledger_says_why_a_file_looks_edited(program, signs):
    k = KINDS["connections"]
    r = _read(PROGRAMS[program](k), k.name)
    assert sorted(r.edits.signs) == sorted(signs + ["no 'Notes:' preamble"])


def test_files_as_linkedin_wrote_them_do_not_look_edited():
    edited = {}
    for path in sorted(ERAS.glob("*/**/*.csv")):
        spec = spec_for(path.name)
        if spec is not None:
            r = read_member(path.read_bytes(), path.name, spec)
            assert r.edits.date_formats == {}, path
            if r.edits.edited:
                edited[path.relative_to(ERAS).as_posix()] = r.edits.signs
    # The one file the era fixtures write as a person's edit (a UTF-8 BOM, reference §2.3)
    assert edited == {"2023mid/Skills.csv": ["UTF-8 byte-order mark"]}


CONNECTIONS_HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def test_day_month_order_decided_by_any_value_with_a_part_over_12():
    data = CONNECTIONS_HEADER + b"Ana,P,,,,,06/07/2024\r\nBo,Q,,,,,13/07/2024\r\n"
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert r.frame["connected_on"].tolist() == [TS("2024-07-06", tz="UTC"),
                                                TS("2024-07-13", tz="UTC")]
    assert r.edits.date_formats == {"Connected On": "%d/%m/%Y"}


def test_undecided_day_month_order_is_quarantined_with_that_reason():
    data = (b"From,To,Sent At,Message,Direction\n"
            b"A,B,06/07/2024 10:00,,INCOMING\nC,D,03/03/2024 09:00,,OUTGOING\n"
            b"E,F,05/04/2024 08:00,,INCOMING\n")
    r = read_member(data, "Invitations.csv", INVITATIONS)
    assert r.rows_read == r.rows_loaded + len(r.quarantine) == 3
    assert r.frame["sent_at"].tolist() == [TS("2024-03-03 09:00", tz="UTC")]
    assert [q["line"] for q in r.quarantine] == [2, 4]
    assert all(q["reason"].startswith("ambiguous Sent At: day/month order") for q in r.quarantine)
    assert "undecided" in r.edits.date_formats["Sent At"]


def test_excel_serial_day_numbers_and_missing_markers():
    data = CONNECTIONS_HEADER + (b"Ana,P,,#N/A,-,N/A,45461\r\nBo,Q,,,,,45461.5\r\n"
                                 b"Cy,R,,,,,NA\r\nDee,S,,,,,12\r\n")
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert r.frame["connected_on"].tolist() == [TS("2024-06-18", tz="UTC"),
                                                TS("2024-06-18 12:00", tz="UTC")]
    assert r.frame.loc[0, ["email", "company", "position"]].isna().all()
    assert [(q["line"], q["reason"]) for q in r.quarantine] == [
        (4, "empty Connected On"), (5, "unreadable Connected On")]
    assert r.edits.date_formats == {"Connected On": "Excel serial day number"}
    assert "#N/A/-/N/A/NA for blanks" in r.edits.signs


def test_real_values_like_na_are_kept_in_files_that_do_not_look_edited():
    data = (b"Company Name,Title,Description,Location,Started On,Finished On\n"
            b"NA,-,,,Mar 2021,\n")
    r = read_member(data, "Positions.csv", POSITIONS)
    assert (r.frame.loc[0, "company"], r.frame.loc[0, "title"]) == ("NA", "-")
    assert not r.edits.edited


def test_month_columns_mixing_linkedin_and_excel_shapes():
    data = (b"Company Name,Title,Description,Location,Started On,Finished On\r\n"
            b"A,T,,,Mar-21,\r\nB,T,,,2019,Feb-21\r\n")
    r = read_member(data, "Positions.csv", POSITIONS)
    f = r.frame
    assert f["started_on"].tolist() == [TS("2021-03-01", tz="UTC"), TS("2019-01-01", tz="UTC")]
    assert f["started_on_precision"].tolist() == ["month", "year"]
    assert f.loc[1, "finished_on"] == TS("2021-02-01", tz="UTC")


def test_comments_resaved_as_plain_csv_are_not_split_as_linkedin_writes_them():
    """LinkedIn leaves multi-line comments unquoted; a spreadsheet quotes them and re-shapes
    the dates, so the line-record layout no longer applies and the file is plain CSV."""
    original = read_member((ERAS / "2022" / "Comments.csv").read_bytes(), "Comments.csv",
                           spec_for("Comments.csv"))
    f = original.frame
    rows = [[f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}", link or "", text or ""]
            for t, link, text in zip(f["commented_at"], f["link"], f["text"], strict=True)]
    data = _csv_bytes(["Date", "Link", "Message"], rows)
    r = read_member(data, "Comments.csv", spec_for("Comments.csv"))
    assert r.quarantine == [] and r.rows_loaded == original.rows_loaded > 0
    assert r.frame["text"].tolist() == f["text"].tolist()
    assert r.frame["commented_at"].tolist() == f["commented_at"].dt.floor("min").tolist()
    assert r.edits.date_formats == {"Date": "%m/%d/%Y %H:%M"}


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_a_column_with_day_first_and_month_first_values_is_not_guessed():
    data = CONNECTIONS_HEADER + b"Ana,P,,,,,13/07/2024\r\nBo,Q,,,,,07/14/2024\r\nCy,R,,,,,05/05/2024\r\n"
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert r.frame["connected_on"].tolist() == [TS("2024-05-05", tz="UTC")]
    assert [q["line"] for q in r.quarantine] == [2, 3]
    assert r.rows_read == r.rows_loaded + len(r.quarantine)
