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
    is_creator_workbook,
    read_creator_workbook,
)

_spec = importlib.util.spec_from_file_location(
    "build_extras", Path(__file__).parent / "fixtures" / "extras" / "build_extras.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

UTC = "datetime64[us, UTC]"
POST = "https://www.linkedin.com/feed/update/urn:li:activity:734000000000000000{}"


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


# ----------------------------------------------------------------------------- names
@pytest.mark.parametrize("name", [
    "Content_2024-05-04_2024-08-01_Ana Placeholder.xlsx",
    "Content_2024-08-25_2024-11-22_Name With, Credentials (1).xlsx",
    "Content_2024-12-12_2025-12-11_A. B. Person, MBA.xlsx",
    "data/raw/Content_2024-12-12_2025-12-11_Name.XLSX",
    "AggregateAnalytics_Ana Placeholder_2026-01-01_2026-03-31.xlsx",
    "AggregateAnalytics_Name_With_Underscores_2026-01-01_2026-03-31 (2).xlsx",
])
def test_creator_workbook_names(name):
    assert is_creator_workbook(name)


@pytest.mark.parametrize("name", [
    "Connections.csv", "outcomes.csv", "Content_2024.xlsx",
    "Content_2024-05-04_2024-08-01_Name.csv", "AggregateAnalytics_2026-01-01.xlsx",
    "competitor_analytics.xlsx",
])
def test_other_names(name):
    assert not is_creator_workbook(name)


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


def test_content_top_posts_merge_by_url(content):
    posts = content.tables["creator_top_posts"]
    na = pd.NA
    assert posts["post_url"].tolist() == [POST.format(i) for i in (1, 2, 3, 4, 5)]
    assert posts["published_on"].tolist() == [day(2025, 7, 2), day(2025, 6, 28), day(2025, 7, 5),
                                              day(2025, 6, 30), day(2025, 6, 29)]
    assert posts["engagements"].tolist() == [40, 12, 7, na, na]
    assert posts["impressions"].tolist() == [1500, 605, na, 820, 300]
    assert posts["engagement_rank"].tolist() == [1, 2, 3, na, na]
    assert posts["impression_rank"].tolist() == [1, 3, na, 2, 4]


def test_content_demographics(content):
    demo = content.tables["creator_demographics"]
    assert demo["category"].tolist() == [c for c in ("job_titles", "locations", "industries",
                                                     "seniority", "company_size", "companies")
                                         for _ in range(2)]
    assert demo["value"].tolist()[8:] == ["10,001+ employees", "1-10 employees", "Example Co",
                                          "Sample GmbH"]
    assert demo["share"].tolist() == [0.0699, 0.05, 0.12, 0.08, 0.31, 0.09, 0.35, 0.2, 0.22, 0.1,
                                      0.015, pd.NA]
    assert demo["share_below"].tolist() == [pd.NA] * 11 + [0.01]
    assert demo["rank"].tolist() == [1, 2] * 6


def test_content_summary(content):
    row = content.tables["creator_summary"].iloc[0]
    assert row["range_start"] == day(2025, 6, 28) and row["range_end"] == day(2025, 7, 7)
    assert row["impressions"] == 4324  # 605+412+380+0+97+1500+820+300+210+0
    assert row["members_reached"] == 1234
    assert row["total_followers"] == 12955 and row["followers_as_of"] == day(2025, 7, 7)
    assert row["variant"] == "content"
    assert len(content.tables["creator_summary"]) == 1


def test_content_counts_and_notes(content):
    assert (content.rows_read, content.rows_loaded, content.rows_quarantined) == (39, 39, 0)
    assert content.kind == "creator_analytics" and content.source == build.CONTENT_NAME
    assert "variant: Content_ workbook (2025 and earlier)" in content.notes
    assert "range 2025-06-28 to 2025-07-07 (10 days)" in content.notes


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
    row = aggregate.tables["creator_summary"].iloc[0]
    assert (row["impressions"], row["members_reached"], row["total_followers"]) == (2223, 1050, 13001)
    assert row["variant"] == "aggregate"


def test_aggregate_top_posts_one_list_empty(aggregate):
    posts = aggregate.tables["creator_top_posts"]
    assert posts["post_url"].tolist() == [
        "https://www.linkedin.com/feed/update/urn:li:activity:7410000000000000101"]
    assert posts["impressions"].tolist() == [950] and posts["engagements"].tolist() == [pd.NA]
    assert posts["published_on"].tolist() == [day(2026, 1, 3)]
    assert "TOP POSTS: the top-by-engagements list is empty" in aggregate.notes


def test_aggregate_demographics(aggregate):
    demo = aggregate.tables["creator_demographics"]
    assert demo["category"].tolist() == ["job_titles", "job_titles", "locations", "industries",
                                         "seniority", "company_size", "companies"]
    assert demo["share"].tolist() == [0.12, pd.NA, 0.07, 0.30, 0.33, 0.15, 0.02]
    assert demo["share_below"].tolist() == [pd.NA, 0.01] + [pd.NA] * 5


def test_aggregate_notes(aggregate):
    assert (aggregate.rows_read, aggregate.rows_loaded, aggregate.rows_quarantined) == (21, 21, 0)
    notes = " | ".join(aggregate.notes)
    assert "variant: AggregateAnalytics_ workbook (2026)" in notes
    assert "1 day(s) with negative Engagements (lowest -28)" in notes
    # 7 impressions + 7 engagements + 6 followers + 1 post + 2 DISCOVERY + 1 total
    assert "24 number(s) were stored as text" in notes
    assert "singular category labels" in notes


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
        ("TOP POSTS!7", "engagements list: empty Post URL"),
        ("TOP POSTS!8", "impressions list: unreadable Post publish date: expected M/D/YYYY"),
        ("DEMOGRAPHICS!14", "Percentage outside 0-1"),
        ("DEMOGRAPHICS!15", "empty Value"),
    ]
    assert all(q["file"] == build.CONTENT_NAME for q in result.quarantine)
    assert result.quarantine[0]["raw"] == "7/8/2025,lots,3"
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (48, 39, 9)
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    # the good rows are untouched: day 6/30 keeps its first row, not the duplicate
    daily = result.tables["creator_daily"]
    assert daily.loc[daily["date"] == day(2025, 6, 30), "impressions"].tolist() == [380]
    assert len(daily) == 10 and len(result.tables["creator_top_posts"]) == 5


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
    assert result.quarantine == [] and result.rows_read == 39
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


def test_empty_top_posts_sheet_is_noted_not_fatal():
    data = _edited(lambda wb: wb["TOP POSTS"].delete_rows(2, 20))
    result = read_creator_workbook(data, build.CONTENT_NAME)
    assert len(result.tables["creator_top_posts"]) == 0
    assert "TOP POSTS: no data" in result.notes
    assert result.rows_read == 39 - 7


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
    assert shifted.tables["creator_summary"]["range_start"].tolist() == [day(2025, 6, 28)]
    odd = read_creator_workbook(data, "Content_2024-13-45_2025-01-01_Ana.xlsx")  # no crash
    assert odd.rows_read == 39
