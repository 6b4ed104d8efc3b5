"""The creator-analytics workbook reader against X-25-like, 2026, damaged and localized
workbooks. Expected values are written out by hand from the fixture builder's inputs."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.errors import ExportError
from analysis.export.creator_analytics import (
    TABLE_DOCS,
    TABLE_DTYPES,
    read_creator_workbook,
)

_spec = importlib.util.spec_from_file_location(
    "build_extras", Path(__file__).parent / "fixtures" / "extras" / "build_extras.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

UTC = "datetime64[us, UTC]"


def day(y: int, m: int, d: int) -> pd.Timestamp:
    return pd.Timestamp(y, m, d, tz="UTC")


@pytest.fixture(scope="module")
def content():
    return read_creator_workbook(build.content_workbook(), build.CONTENT_NAME)


@pytest.fixture(scope="module")
def aggregate():
    return read_creator_workbook(build.aggregate_workbook(), build.AGGREGATE_NAME)


def assert_one_line_error(excinfo, filename: str) -> str:
    message = str(excinfo.value)
    assert message.startswith(f"{filename}: ")
    assert "\n" not in message and "Traceback" not in message
    assert "@" not in message
    return message


# ----------------------------------------------------------------------------- fixture truth
def test_fixture_reproduces_x25_layout():
    data = build.content_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 5
        for name in sheets:
            assert b'<dimension ref="A1"/>' in zf.read(name)
        assert b"Apache POI" in zf.read("docProps/app.xml")
        assert b"<t>6/28/2025</t>" in zf.read("xl/sharedStrings.xml")  # dates are text
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS"]
    assert wb["ENGAGEMENT"]["A2"].value == "6/28/2025"
    assert wb["ENGAGEMENT"]["B2"].value == 605.0 and isinstance(wb["ENGAGEMENT"]["B2"].value, float)
    assert wb["TOP POSTS"]["A3"].value == "Post URL" and wb["TOP POSTS"]["D3"].value is None
    assert wb["FOLLOWERS"]["A1"].value == "Total followers on 7/7/2025:"
    assert wb["FOLLOWERS"]["A3"].value == "Date"
    assert wb["DEMOGRAPHICS"]["C13"].value == "< 1%"
    # the dimension bug is real: read-only mode trusts it and sees one cell
    ro = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert (ro["ENGAGEMENT"].max_row, ro["ENGAGEMENT"].max_column) == (1, 1)


def test_fixture_is_deterministic():
    assert build.content_workbook() == build.content_workbook()


# ----------------------------------------------------------------------------- Content_ values
def test_content_daily(content):
    daily = content.tables["creator_daily"]
    assert daily["date"].tolist() == [day(2025, 6, 28), day(2025, 6, 29), day(2025, 6, 30)] + [
        day(2025, 7, d) for d in range(1, 8)]
    assert daily["impressions"].tolist() == [605, 412, 380, 0, 97, 1500, 820, 300, 210, 0]
    assert daily["engagements"].tolist() == [7, 3, 5, 0, 1, 40, 12, 4, 2, 0]
    assert daily["new_followers"].tolist() == [3, 1, 0, 2, 0, 9, 4, 1, 1, 0]
    assert str(daily["date"].dtype) == UTC


def test_content_counts_and_notes(content):
    # 10 ENGAGEMENT days + 10 FOLLOWERS days; the other sheets feed no table
    assert (content.rows_read, content.rows_loaded, content.rows_quarantined) == (20, 20, 0)
    assert set(content.tables) == {"creator_daily"}
    assert content.kind == "creator_analytics" and content.source == build.CONTENT_NAME
    assert "variant: Content_ workbook (2025 and earlier)" in content.notes
    assert "range 2025-06-28 to 2025-07-07 (10 days)" in content.notes
    assert "10 day(s)" in content.notes


def test_schemas_and_docs(content, aggregate):
    for result in (content, aggregate):
        assert set(result.tables) == set(TABLE_DTYPES) == set(TABLE_DOCS)
        for table, df in result.tables.items():
            assert list(df.columns) == list(TABLE_DTYPES[table]) == list(TABLE_DOCS[table])
            assert {c: str(t) for c, t in df.dtypes.items()} == TABLE_DTYPES[table]
            for column, dtype in TABLE_DTYPES[table].items():
                if dtype.startswith("datetime"):
                    assert df[column].dt.tz is not None and str(df[column].dt.tz) == "UTC"


# ----------------------------------------------------------------------------- 2026 variant
def test_aggregate_numbers_as_text(aggregate):
    daily = aggregate.tables["creator_daily"]
    assert daily["date"].tolist() == [day(2026, 1, d) for d in range(1, 8)]
    assert daily["impressions"].tolist() == [120, 95, 1210, 300, 0, 88, 410]
    assert daily["engagements"].tolist() == [4, 2, -28, 6, 0, 1, 3]  # negative kept
    assert daily["new_followers"].tolist() == [2, 0, pd.NA, 5, 1, 0, 3]  # no FOLLOWERS row 1/3


def test_aggregate_notes(aggregate):
    assert (aggregate.rows_read, aggregate.rows_loaded, aggregate.rows_quarantined) == (13, 13, 0)
    notes = " | ".join(aggregate.notes)
    assert "variant: AggregateAnalytics_ workbook (2026)" in notes
    assert "1 day(s) with negative Engagements (lowest -28)" in notes
    # 7 impressions + 7 engagements + 6 followers
    assert "20 number(s) were stored as text" in notes


# ----------------------------------------------------------------------------- quarantine
def test_damaged_rows_are_quarantined_with_reasons():
    result = read_creator_workbook(build.content_workbook(damaged=True), build.CONTENT_NAME)
    got = [(q["line"], q["reason"]) for q in result.quarantine]
    assert got == [
        ("ENGAGEMENT!12", "non-numeric Impressions"),
        ("ENGAGEMENT!13", "unreadable Date: no such day"),
        ("ENGAGEMENT!14", "duplicate Date (the first row is kept)"),
        ("ENGAGEMENT!15", "unreadable Date: expected M/D/YYYY"),
        ("FOLLOWERS!14", "New followers is not a whole number"),
    ]
    assert all(q["file"] == build.CONTENT_NAME for q in result.quarantine)
    assert result.quarantine[0]["raw"] == "7/8/2025,lots,3"
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (25, 20, 5)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    # the good rows are untouched: day 6/30 keeps its first row, not the duplicate
    daily = result.tables["creator_daily"]
    assert daily.loc[daily["date"] == day(2025, 6, 30), "impressions"].tolist() == [380]
    assert len(daily) == 10


def test_excel_date_cells_are_accepted():
    result = read_creator_workbook(build.content_workbook(excel_dates=True), build.CONTENT_NAME)
    daily = result.tables["creator_daily"]
    assert daily["new_followers"].tolist() == [3, 1, 0, 2, 0, 9, 4, 1, 1, 0]
    assert str(daily["date"].dtype) == UTC
    assert any("10 dates were Excel date cells" in n for n in result.notes)


def test_sheet_names_match_case_insensitively_and_extra_sheets_are_noted():
    wb = openpyxl.load_workbook(io.BytesIO(build.content_workbook()))
    for i, ws in enumerate(wb.worksheets):
        lower = ws.title.lower()
        ws.title = f"tmp{i}"  # openpyxl refuses a case-only rename in one step
        ws.title = lower
    wb.create_sheet("Notes")
    out = io.BytesIO()
    wb.save(out)
    result = read_creator_workbook(out.getvalue(), build.CONTENT_NAME)
    assert result.tables["creator_daily"]["impressions"].sum() == 4324
    assert result.quarantine == [] and result.rows_read == 20
    assert "ignored extra sheet(s): Notes" in result.notes


# ----------------------------------------------------------------------------- refusals
def test_localized_workbook_is_refused():
    with pytest.raises(ExportError) as excinfo:
        read_creator_workbook(build.localized_workbook(), build.LOCALIZED_NAME)
    message = assert_one_line_error(excinfo, build.LOCALIZED_NAME)
    assert "DISCOVERY, ENGAGEMENT, TOP POSTS, FOLLOWERS, DEMOGRAPHICS" in message
    assert "'DESCOBERTA'" in message and "'ENGAJAMENTO'" in message


@pytest.mark.parametrize("start,name", [
    (date(2025, 6, 28), build.CONTENT_NAME),  # 28/06/2025: day > 12 gives it away
    (date(2025, 2, 1), "Content_2025-02-01_2025-02-10_Ana.xlsx"),  # all <= 12: file name does
])
def test_day_first_dates_are_refused(start, name):
    with pytest.raises(ExportError) as excinfo:
        read_creator_workbook(build.content_workbook(start=start, day_first=True), name)
    assert "day-first" in assert_one_line_error(excinfo, name)


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize("data", [
    b"", b"not a zip at all", build.content_workbook()[:4000], _zip_without_workbook(),
])
def test_corrupt_workbook_is_one_line_error(data):
    name = "Content_2025-01-01_2025-01-31_Name.xlsx"
    with pytest.raises(ExportError) as excinfo:
        read_creator_workbook(data, name)
    assert "not a readable .xlsx workbook" in assert_one_line_error(excinfo, name)


@pytest.mark.parametrize("kind", ["content", "aggregate", "damaged", "excel_dates"])
def test_counts_add_up(kind):
    data, name = {
        "content": (build.content_workbook(), build.CONTENT_NAME),
        "aggregate": (build.aggregate_workbook(), build.AGGREGATE_NAME),
        "damaged": (build.content_workbook(damaged=True), build.CONTENT_NAME),
        "excel_dates": (build.content_workbook(excel_dates=True), build.CONTENT_NAME),
    }[kind]
    result = read_creator_workbook(data, name)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert result.rows_quarantined == len(result.quarantine)
    assert all(set(q) == {"file", "line", "reason", "raw"} for q in result.quarantine)


def _edited(edit) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(build.content_workbook()))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_unread_sheets_do_not_matter():
    def empty(wb):
        wb["TOP POSTS"].delete_rows(2, 20)
        wb["DEMOGRAPHICS"]["C13"] = "not a share"

    result = read_creator_workbook(_edited(empty), build.CONTENT_NAME)
    assert result.quarantine == [] and result.rows_read == 20
    assert result.tables["creator_daily"]["impressions"].sum() == 4324


def test_changed_header_is_refused():
    def rename(wb):
        wb["ENGAGEMENT"]["A1"] = "Day"

    with pytest.raises(ExportError) as excinfo:
        read_creator_workbook(_edited(rename), build.CONTENT_NAME)
    message = assert_one_line_error(excinfo, build.CONTENT_NAME)
    assert "sheet ENGAGEMENT has no 'date' header" in message


def test_file_name_range_is_cross_checked():
    data = build.content_workbook()
    shifted = read_creator_workbook(data, "Content_2024-06-28_2024-07-07_Ana.xlsx")
    assert "the DISCOVERY range differs from the file name's; DISCOVERY is used" in shifted.notes
    assert "range 2025-06-28 to 2025-07-07 (10 days)" in shifted.notes
    odd = read_creator_workbook(data, "Content_2024-13-45_2025-01-01_Ana.xlsx")  # no crash
    assert odd.rows_read == 20
