"""The owner's outcomes.csv reader: committed fixtures (built by
``tests/fixtures/extras/build_extras.py``) plus small inline cases. Expected values are
written out by hand from the fixture text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import ExportError
from analysis.export.outcomes import (
    SOURCE_REASON,
    TABLE_DOCS,
    TABLE_DTYPES,
    _Unreadable,
    parse_amount,
    parse_date,
    read_outcomes,
)

EXTRAS = Path(__file__).parent / "fixtures" / "extras"


def read(name: str):
    return read_outcomes((EXTRAS / name).read_bytes(), name)


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_fixtures_match_builder():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_extras", EXTRAS / "build_extras.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for name, body in build.OUTCOMES.items():
        assert (EXTRAS / name).read_bytes() == body, f"rebuild {name}"


def test_good_file():
    result = read("outcomes_good.csv")
    df = result.tables["outcomes"]
    assert df["date"].tolist() == [ts("2024-01-15"), ts("2024-02-03 14:30"), ts("2024-03-10"),
                                   ts("2024-04-22"), ts("2024-05-05")]
    assert df["kind"].tolist() == ["client", "interview", "speaking invitation", "revenue", "client"]
    assert df["value"].tolist() == [5000.0, pd.NA, pd.NA, 1250.5, 3000.0]
    assert df["currency"].isna().tolist() == [True, True, True, False, False]
    assert df["currency"].tolist()[3:] == ["EUR", "$"]
    assert df["source"].tolist() == ["linkedin", "referral", "twitter", "website", "linkedin"]
    assert df["from_linkedin"].tolist() == [True, False, False, False, True]
    assert df["note"].tolist()[4] == "Found me via search, then called"
    assert df["source_line"].tolist() == [2, 3, 4, 5, 6]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (5, 5, 0)
    assert result.kind == "outcomes" and result.source == "outcomes_good.csv"
    assert any("several currencies ($, EUR)" in n for n in result.notes)


def test_schema_and_docs():
    df = read("outcomes_good.csv").tables["outcomes"]
    assert list(df.columns) == list(TABLE_DTYPES["outcomes"]) == list(TABLE_DOCS["outcomes"])
    assert {c: str(t) for c, t in df.dtypes.items()} == TABLE_DTYPES["outcomes"]
    assert str(df["date"].dtype) == "datetime64[us, UTC]" and str(df["date"].dt.tz) == "UTC"


def test_bad_rows_are_quarantined_with_reasons():
    result = read("outcomes_bad_rows.csv")
    got = [(q["line"], q["reason"]) for q in result.quarantine]
    assert got == [
        (3, "ambiguous date (day and month order unknown): write it as YYYY-MM-DD"),
        (4, "unreadable date: no such day or time"),
        (5, "unreadable value: write a plain number such as 5000 or 5000.50"),
        (6, SOURCE_REASON),
        (8, "kind is required: what happened (client, interview, talk, revenue, ...)"),
    ]
    assert SOURCE_REASON == "source is required: it says which channel the outcome came through"
    assert result.quarantine[0]["raw"] == "03/04/2024,interview,,referral,ambiguous day,"
    assert all(q["file"] == "outcomes_bad_rows.csv" for q in result.quarantine)
    df = result.tables["outcomes"]
    assert df["value"].tolist() == [5000.0, 1234.56]  # "1.234,56": the last mark is decimal
    assert df["source_line"].tolist() == [2, 9]  # line 7 is blank
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (7, 2, 5)
    assert "ignored extra column(s): extra" in result.notes
    assert "1 blank line(s) skipped" in result.notes


def test_semicolon_cp1252():
    result = read("outcomes_semicolon_cp1252.csv")
    df = result.tables["outcomes"]
    assert df["date"].tolist() == [ts("2024-06-01"), ts("2024-06-15"), ts("2024-07-01")]
    assert df["kind"].tolist() == ["client", "revenue", "interview"]
    assert df["value"].tolist() == [5000.0, 1234.5, pd.NA]  # "€5.000", "1.234,50 €"
    assert df["currency"].tolist()[:2] == ["EUR", "EUR"]
    assert df["source"].tolist() == ["linkedin", "website", "referral"]
    assert df["note"].tolist()[:2] == ["Café owner", "Rückmeldung"]
    assert pd.isna(df["note"].iloc[2])
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 3, 0)
    assert "not valid UTF-8 (saved by a spreadsheet?): read as Windows-1252" in result.notes
    assert "semicolon-delimited (Excel in a European locale)" in result.notes


def test_missing_source_column_is_one_line_error():
    with pytest.raises(ExportError) as excinfo:
        read("outcomes_missing_source.csv")
    message = str(excinfo.value)
    assert message == ("outcomes_missing_source.csv: missing required column(s) source; the "
                       "first line must be the header date,kind,value,source,note (any order, "
                       "value and note optional)")
    assert "private note text" not in message and "\n" not in message


def test_headerless_file_names_every_missing_column():
    with pytest.raises(ExportError, match=r"missing required column\(s\) date, kind, source"):
        read_outcomes(b"2024-01-15,client,5000,linkedin,x\n")


def test_bom_header_case_and_order():
    data = "\ufeffSource , NOTE,Date,KIND\r\nLinkedIn,hello,2024-01-02,Talk\r\n".encode()
    result = read_outcomes(data)
    df = result.tables["outcomes"]
    assert df["date"].tolist() == [ts("2024-01-02")]
    assert df["source"].tolist() == ["linkedin"] and df["kind"].tolist() == ["talk"]
    assert df["value"].tolist() == [pd.NA] and df["note"].tolist() == ["hello"]
    assert result.notes[-1].startswith("1 outcomes")


def test_utf16_tab_file():
    data = "date\tkind\tsource\n2024-01-02\tclient\treferral\n".encode("utf-16")
    result = read_outcomes(data)
    assert result.tables["outcomes"]["source"].tolist() == ["referral"]
    assert "tab-delimited" in result.notes


def test_empty_and_header_only_files():
    empty = read_outcomes(b"  \n")
    assert len(empty.tables["outcomes"]) == 0 and empty.rows_read == 0
    assert "empty file: no outcomes" in empty.notes
    assert str(empty.tables["outcomes"]["date"].dtype) == "datetime64[us, UTC]"
    only = read_outcomes(b"date,kind,value,source,note\n")
    assert len(only.tables["outcomes"]) == 0 and only.quarantine == []


def test_too_many_fields_is_quarantined_but_trailing_empties_are_not():
    data = b"date,kind,source\n2024-01-02,client,referral,,\n2024-01-03,client,web,site\n"
    result = read_outcomes(data)
    assert result.tables["outcomes"]["source_line"].tolist() == [2]
    assert [q["line"] for q in result.quarantine] == [3]
    assert "more fields than the header" in result.quarantine[0]["reason"]


def test_several_problems_in_one_reason():
    result = read_outcomes(b"date,kind,source\n31/12/2024,,\n")
    assert result.quarantine[0]["reason"] == (
        "ambiguous date (day and month order unknown): write it as YYYY-MM-DD; kind is "
        "required: what happened (client, interview, talk, revenue, ...); " + SOURCE_REASON)


def test_linkedin_in_any_form_counts_and_near_misses_are_noted():
    data = (b"date,kind,source\n2024-01-02,client,LinkedIn DM\n2024-01-03,client, LINKEDIN \n"
            b"2024-01-04,client,linkedin post\n2024-01-05,client,LinkedIn Jobs\n"
            b"2024-01-06,client,mylinkedin blog\n2024-01-07,client,referral\n")
    result = read_outcomes(data)
    assert result.tables["outcomes"]["from_linkedin"].tolist() == [True, True, True, True,
                                                                   False, False]
    assert any("['mylinkedin blog'] contain 'linkedin' inside another word" in n
               for n in result.notes)


def test_multiline_note_keeps_line_numbers():
    data = b'date,kind,source,note\n2024-01-02,client,referral,"two\nlines"\n2024-01,x,y,z\n'
    result = read_outcomes(data)
    assert result.tables["outcomes"]["note"].tolist() == ["two\nlines"]
    assert [q["line"] for q in result.quarantine] == [4]


@pytest.mark.parametrize("text,expected", [
    ("2024-03-04", "2024-03-04 00:00"),
    ("2024-03-04 09:15", "2024-03-04 09:15"),
    ("2024-3-4 9:15", "2024-03-04 09:15"),
    ("2024/03/04", "2024-03-04 00:00"),
    ("2024-03-04T09:15:30Z", "2024-03-04 09:15:30"),
    ("2024-03-04 10:00 +02:00", "2024-03-04 08:00"),
    ("2024-03-04 10:00 UTC", "2024-03-04 10:00"),
])
def test_parse_date(text, expected):
    got = parse_date(text)
    assert got.tzinfo is not None and pd.Timestamp(got) == ts(expected)


@pytest.mark.parametrize("text,reason", [
    ("03/04/2024", "ambiguous"), ("3.4.24", "ambiguous"), ("04-03-2024", "ambiguous"),
    ("March 4, 2024", "unreadable"), ("2024-13-01", "no such day"), ("yesterday", "unreadable"),
])
def test_parse_date_refuses(text, reason):
    with pytest.raises(_Unreadable, match=reason):
        parse_date(text)


@pytest.mark.parametrize("text,decimal_comma,expected", [
    ("5000", False, (5000.0, None)),
    ("€5,000", False, (5000.0, "EUR")),
    ("€1,250.50", False, (1250.5, "EUR")),
    ("£ 1,234,567.89", False, (1234567.89, "GBP")),
    ("USD 300", False, (300.0, "USD")),
    ("-120.5", False, (-120.5, None)),
    ("5.000", False, (5.0, None)),
    ("5.000", True, (5000.0, None)),
    ("5,000", True, (5.0, None)),
    ("1.234,50 €", True, (1234.5, "EUR")),
    ("1 234,50", True, (1234.5, None)),
    ("12,5", False, (12.5, None)),
    ("", False, (None, None)),
])
def test_parse_amount(text, decimal_comma, expected):
    assert parse_amount(text, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text", ["lots", "5k", "1,2,3", "€5 $5", "50%", "1.2.3,4.5"])
def test_parse_amount_refuses(text):
    with pytest.raises(_Unreadable):
        parse_amount(text, decimal_comma=False)


FIELD = st.text(alphabet="ab ,;\"\n2024-01€.x", max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(FIELD, FIELD, FIELD, FIELD, FIELD), max_size=8))
def test_every_row_is_loaded_or_quarantined(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "kind", "value", "source", "note"])
    writer.writerows(rows)
    result = read_outcomes(out.getvalue().encode())
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert result.rows_loaded == len(result.tables["outcomes"])
    assert result.rows_read == sum(1 for r in rows if any(f.strip() for f in r))


def test_unsplittable_file_is_one_line_error():
    data = b"\ndate,kind,source\n2024-01-01,a,\"" + b"x" * 200_000 + b"\"\n"
    with pytest.raises(ExportError) as excinfo:
        read_outcomes(data, "outcomes.csv")
    assert str(excinfo.value) == ("outcomes.csv: cannot be split into fields after line 3; "
                                  "save it again as CSV (UTF-8)")
