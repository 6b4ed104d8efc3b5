"""The generic reader on hand-written bytes: every expected value is worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.export.catalog import (
    COMMENTS,
    CONNECTIONS,
    ENDORSEMENTS_RECEIVED,
    INVITATIONS,
    LEARNING,
    MESSAGES,
    POSITIONS,
    SEARCH_QUERIES,
    SHARES,
    spec_for,
)
from analysis.export.reader import read_member
from analysis.export.spec import norm_filename

PREAMBLE = (
    b"Notes:\n\"When exporting your connection data, you may notice that some of the email "
    b"addresses are missing.\"\n\n"
)
TS = pd.Timestamp


def utc(text: str) -> pd.Timestamp:
    return TS(text, tz="UTC")


@pytest.mark.parametrize(("name", "table"), [
    ("Connections.csv", "connections"),
    ("connections.CSV", "connections"),
    ("messages.csv", "messages"),
    ("Messages.csv", "messages"),
    ("guide_messages.csv", "messages"),
    ("Comments_123456.csv", "comments"),
    ("Job Applications_1.csv", "job_applications"),
    ("Job_Applications.csv", "job_applications"),
    ("Endorsement Received Info.csv", "endorsements_received"),
    ("Endorsement_Received_Info.csv", "endorsements_received"),
    ("Search Queries.csv", "search_queries"),
    ("SearchQueries.csv", "search_queries"),
    ("Company Follows.csv", "company_follows"),
    ("Recommendations_Received.csv", "recommendations_received"),
    ("Rich_Media.csv", None),
    ("LearningCoachMessages.csv", None),
    ("Receipts_v2.csv", None),
])
def test_file_names_match_their_spec(name, table):
    spec = spec_for(name)
    assert (spec.table if spec else None) == table


def test_numbered_parts_share_a_name():
    assert norm_filename("Job Applications_12.csv") == norm_filename("Job Applications.csv")


def test_connections_preamble_found_by_content_and_anonymous_rows_kept():
    data = PREAMBLE + (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ana ,Placeholder,https://www.linkedin.com/in/ana,,\"Example Co, Inc.\",Eng,05 Mar 2021\n"
        b",,,,,,07 Jun 2022\n"
        b",,,,,,07 Jun 2022"
    )
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert (r.era, r.rows_read, r.rows_loaded, r.quarantine) == ("2023+", 3, 3, [])
    f = r.frame
    assert f.loc[0, "first_name"] == "Ana"
    assert f.loc[0, "company"] == "Example Co, Inc."
    assert f.loc[0, "connected_on"] == utc("2021-03-05")
    assert f["is_anonymous"].tolist() == [False, True, True]


def test_connections_2018_without_preamble():
    data = (b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
            b"Ben,Sample,ben@example.com,Acme,Analyst,\"1/8/18, 6:14 PM\"\n")
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert r.era == "2018-2023"
    assert r.frame.loc[0, "connected_on"] == utc("2018-01-08 18:14")
    assert pd.isna(r.frame.loc[0, "profile_url"])


def test_bad_rows_are_quarantined_with_line_and_reason():
    data = PREAMBLE + (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ana,P,https://www.linkedin.com/in/ana,,Acme,Eng,05 Mar 2021\n"
        b"Bad,Row,https://www.linkedin.com/in/bad,,Acme, Inc,Eng,05 Mar 2021\n"
        b"X,Y,,,,,not a date\n"
        b"Z,W,,,,,\n"
    )
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert r.rows_read == 4 and r.rows_loaded == 1 and len(r.quarantine) == 3
    got = sorted((q["line"], q["reason"]) for q in r.quarantine)
    assert got == [(6, "wrong number of fields"), (7, "unreadable Connected On"),
                   (8, "empty Connected On")]


def test_utf16_tab_separated_endorsements_twin():
    text = ('"Endorsement Date"\t"Skill Name"\t"Endorser First Name"\t"Endorser Last Name"\t'
            '"Endorsement Status"\t"Display Status"\n'
            '"2022/02/01 15:02:55 UTC"\t"Python"\t"Ana"\t"Placeholder"\t"Redacted"\t""\n')
    data = b"\xff\xfe" + text.encode("utf-16-le")
    r = read_member(data, "Endorsement Received Info.csv", ENDORSEMENTS_RECEIVED)
    assert (r.encoding, r.delimiter, r.era) == ("utf-16le", "\t", "2022-utf16")
    row = r.frame.iloc[0]
    assert row["endorsed_at"] == utc("2022-02-01 15:02:55")
    assert row["status"] == "REDACTED"
    assert pd.isna(row["display_status"])


def test_utf8_bom_is_stripped():
    data = b"\xef\xbb\xbfCompany Name,Title,Description,Location,Started On,Finished On\n" \
           b"Example Co,Staff Engineer,\"\xe2\x80\xa2 Led platform, 10 people\",Berlin,Mar 2021,\n" \
           b"Other Org,Intern,,,2019,2019\n"
    r = read_member(data, "Positions.csv", POSITIONS)
    assert r.encoding == "utf-8-sig"
    f = r.frame
    assert f["started_on"].tolist() == [utc("2021-03-01"), utc("2019-01-01")]
    assert f["started_on_precision"].tolist() == ["month", "year"]
    assert pd.isna(f.loc[0, "finished_on"]) and f.loc[1, "finished_on"] == utc("2019-01-01")
    assert f.loc[0, "description"] == "• Led platform, 10 people"


def test_windows_1252_file_is_read_with_a_note():
    data = ("Company Name,Title,Description,Location,Started On,Finished On\n"
            "Caf\xe9 Co,Chef,,,Mar 2021,\n").encode("cp1252")
    r = read_member(data, "Positions.csv", POSITIONS)
    assert r.frame.loc[0, "company"] == "Café Co"
    assert any("Windows-1252" in n for n in r.notes)


def test_comments_unquoted_multiline_messages_are_glued():
    data = (b"Date,Link,Message\r\n"
            b"2023-12-10 09:53:09,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,"
            b"Congrats\r\non the launch\r\n\r\n"
            b"2023-10-08 08:34:34,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A3,"
            b"\"Agreed, \"\"great\"\" point\"\r\n")
    r = read_member(data, "Comments.csv", COMMENTS)
    assert r.rows_read == 2 and r.quarantine == []
    assert r.frame["text"].tolist() == ["Congrats\non the launch", 'Agreed, "great" point']
    assert r.frame["commented_at"].tolist() == [utc("2023-12-10 09:53:09"),
                                                utc("2023-10-08 08:34:34")]


def test_search_queries_split_at_the_first_comma_only():
    data = (b"Time,Search Query\n2025/08/19 23:22:34 UTC,data engineer\n"
            b"2025/08/19 23:20:10 UTC,acme corp, berlin, remote\n"
            b"2025/08/19 23:20:10 UTC,acme corp, berlin, remote\n"
            b"2025/08/19 23:19:00 UTC,\"quoted start\n\n")
    r = read_member(data, "SearchQueries.csv", SEARCH_QUERIES)
    assert r.frame["query"].tolist() == ["data engineer", "acme corp, berlin, remote",
                                         "acme corp, berlin, remote", '"quoted start']


def test_shares_per_line_quote_wrapping_is_undone():
    data = (b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
            b"2025-03-04 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,"
            b"\"First paragraph, with a comma.\"\"\n\"\"\"\"\n\"\"Second \"\"quoted\"\" one.\"\"\n"
            b"\"\"#tag\",\"\",\"\",MEMBER_NETWORK\n")
    r = read_member(data, "Shares.csv", SHARES)
    assert r.frame.loc[0, "text"] == 'First paragraph, with a comma.\n\nSecond "quoted" one.\n#tag'
    assert pd.isna(r.frame.loc[0, "shared_url"])


def test_learning_trailing_comma_and_na():
    data = (b"Content Title,Content Description,Content Type,Content Last Watched Date (if viewed),"
            b"Content Completed At (if completed),Content Saved,Notes taken on videos (if taken),\n"
            b"Placeholder Course,\"<p>Learn.</p>\r\n<p>More.</p>\",Course,2024-01-10 14:05 UTC,N/A,"
            b"false,N/A,\n")
    r = read_member(data, "Learning.csv", LEARNING)
    row = r.frame.iloc[0]
    assert row["last_watched_at"] == utc("2024-01-10 14:05")
    assert pd.isna(row["completed_at"]) and pd.isna(row["notes"])
    assert not row["saved"]


def test_invitations_directions_and_bare_url_bug():
    data = (b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
            b"Ana P,Owner Person,\"1/29/26, 2:37 PM\",\"Hi, let's connect\",INCOMING,"
            b"https://www.linkedin.com/in,https://www.linkedin.com/in\n")
    r = read_member(data, "Invitations.csv", INVITATIONS)
    row = r.frame.iloc[0]
    assert row["direction"] == "in" and row["sent_at"] == utc("2026-01-29 14:37")
    assert pd.isna(row["inviter_url"]) and row["message"] == "Hi, let's connect"


def test_messages_2026_fully_quoted_with_html_and_newlines():
    header = ('"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
              '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n')
    rows = (
        '"2-QQ==","","Ana","https://www.linkedin.com/in/ana","Owner,Jane Doe, MBA",'
        '"https://www.linkedin.com/in/o,https://www.linkedin.com/in/jd","2026-02-01 10:00:00 UTC",'
        '"","line one\r\nline two","INBOX",""\n'
        '"2-QR==","Grow","LinkedIn Member","","Owner","https://www.linkedin.com/in/o",'
        '"2026-02-01 09:00:00 UTC","Hi","<p class=""spinmail-quill-editor__spin-break"">Hi '
        '%FIRSTNAME%,</p><p class=""spinmail-quill-editor__spin-break""></p><p>You&rsquo;re '
        '&amp; we &lt;3 it<br>bye</p>","ARCHIVE","https://www.linkedin.com/dms/a,'
        'https://www.linkedin.com/dms/b"\n'
        '"2-QS==","","Cy","https://www.linkedin.com/in/cy","Owner","https://www.linkedin.com/in/o",'
        '"2026-01-01 09:00:00 UTC","","I <3 this","",""\n'
    )
    r = read_member((header + rows).encode(), "messages.csv", MESSAGES)
    f = r.frame
    assert r.era == "2025" and r.rows_loaded == 3
    assert f.loc[0, "text"] == "line one\nline two"
    assert list(f.loc[0, "recipient_urls"]) == ["https://www.linkedin.com/in/o",
                                               "https://www.linkedin.com/in/jd"]
    assert f.loc[1, "text"] == "Hi %FIRSTNAME%,\n\nYou’re & we <3 it\nbye"
    assert f["is_sponsored"].tolist() == [False, True, False]
    assert len(f.loc[1, "attachments"]) == 2
    assert f.loc[2, "text"] == "I <3 this" and pd.isna(f.loc[2, "folder"])


def test_messages_draft_columns():
    data = (b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
            b"DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
            b"2-QQ==,,Owner,https://www.linkedin.com/in/o,Ana,https://www.linkedin.com/in/ana,"
            b"2024-11-02 08:15:00 UTC,,,,Yes,No\n")
    r = read_member(data, "messages.csv", MESSAGES)
    assert r.era == "2024-12"
    assert bool(r.frame.loc[0, "is_draft"]) and pd.isna(r.frame.loc[0, "text"])


def test_placeholder_and_header_only_files_read_no_rows():
    r = read_member(b"No conversations found\n\n\n", "messages.csv", MESSAGES)
    assert (r.rows_read, r.rows_loaded) == (0, 0)
    header_only = (b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                   b"RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n")
    r = read_member(header_only, "guide_messages.csv", MESSAGES)
    assert (r.era, r.rows_read) == ("2023", 0)
    assert list(r.frame.columns) == list(read_member(b"", "messages.csv", MESSAGES).frame.columns)


def test_unknown_header_with_required_columns_is_read_by_name():
    data = b"Date,Type,Link,Brand New Column\n2022-01-05 18:40:13,PRAISE,https://x,extra\n"
    r = read_member(data, "Reactions.csv", spec_for("Reactions.csv"))
    assert r.era == "unrecognised" and r.rows_loaded == 1
    assert r.frame.loc[0, "reaction_type"] == "PRAISE"


def test_header_matching_no_era_is_quarantined_whole_with_its_header_masked():
    data = (b"Who,When,Mail,Site\nAna,yesterday,ana@example.com,https://x.example/ana\n"
            b"\nBo,today,,\n")
    r = read_member(data, "Connections.csv", CONNECTIONS)
    assert (r.era, r.rows_read, r.rows_loaded) == ("unknown", 2, 0)
    assert [q["line"] for q in r.quarantine] == [2, 4]
    assert {q["reason"] for q in r.quarantine} == {"header matches no known era of connections"}
    assert r.header == "Who,When,Mail,Site"
    assert list(r.frame.columns) == list(read_member(b"", "Connections.csv", CONNECTIONS)
                                         .frame.columns)
    note = " ".join(r.notes)
    assert "Who,When,Mail,Site" in note and "ana@example.com" not in note
