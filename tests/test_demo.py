"""The synthetic demo export: determinism, Aug-2025 shape, counts, truth, sentinels, ingest.

Expected headers, date shapes and the Connections preamble are written out here from the
reference document (docs/export-format.md), not imported from the generator, so that a
generator bug cannot hide behind its own constants.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from analysis.claims import all_claims
from tools.demo import DEFAULT_SEED, SIZES, WORLDS, write_demo

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have allowed "
    "their connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
MSG10 = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
         "DATE,SUBJECT,CONTENT,FOLDER")
HEADERS = {
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages.csv": MSG10 + ",ATTACHMENTS",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
                   "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers",
    "Profile Summary.csv": "Profile Summary",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On",
    "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities",
    "Skills.csv": "Name",
    "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,Endorser "
                                     "Last Name,Endorser Public Url,Endorsement Status",
    "Endorsement_Given_Info.csv": "Endorsement Date,Skill Name,Endorsee First Name,Endorsee "
                                  "Last Name,Endorsee Public Url,Endorsement Status",
    "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,Creation "
                                    "Date,Status",
    "Recommendations_Given.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,"
                                 "Status",
    "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility",
    "Comments.csv": "Date,Link,Message",
    "Reactions.csv": "Date,Type,Link",
    "Votes.csv": "Date,Link,OptionText",
    "Logins.csv": "Login Date,IP Address,User Agent,Login Type",
    "SearchQueries.csv": "Time,Search Query",
    "Learning.csv": "Content Title,Content Description,Content Type,Content Last Watched Date "
                    "(if viewed),Content Completed At (if completed),Content Saved,Notes taken "
                    "on videos (if taken),",
    "Company Follows.csv": "Organization,Followed On",
    "Member_Follows.csv": "Date,Status,FullName",
    "Certifications.csv": "Name,Url,Authority,Started On,Finished On,License Number",
    "guide_messages.csv": MSG10,
    "learning_coach_messages.csv": MSG10,
    "learning_role_play_messages.csv": MSG10,
    "coach_messages.csv": MSG10,
    "Rich_Media.csv": "Date/Time,Media Description,Media Link",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On",
    "Registration.csv": "Registered At,Registration Ip,Subscription Types",
    "PhoneNumbers.csv": "Extension,Number,Type",
    "Ad_Targeting.csv": "Member Age,Buyer Groups,Company Names,Company Names,Company Follower "
                        "of,Company Names,Company Category,Company Size,Degrees,degreeClass,"
                        "Member Schools,Company Growth Rate,Fields of Study,Company Connections,"
                        "Function By Size,Job Functions,Member Gender,Graduation Year,Member "
                        "Groups,Company Industries,Member Interests,Interface Locales,"
                        "interfaceLocale,Member Traits,Profile Locations,Company Revenue,Job "
                        "Seniorities,Member Skills,Job Titles,Job Titles,Job Titles,Years of "
                        "Experience",
    "Jobs/Job Applications.csv": "Application Date,Contact Email,Contact Phone Number,Company "
                                 "Name,Job Title,Job Url,Resume Name,Question And Answers",
    "Jobs/Saved Jobs.csv": "Saved Date,Job Url,Job Title,Company Name",
    "Hashtag_Follows.csv": "HashTag,CreatedTime,LastModifiedTime,State",
    "Saved_Items.csv": "savedItem,CreatedTime",
    "Security Challenges.csv": "Challenge Date,IP Address,User Agent,Country,Challenge Type",
    "Inferences_about_you.csv": "Category,Type of inference,Description,Inference",
    "Ads Clicked.csv": "Ad clicked Date,Ad Title/Id",
    "Languages.csv": "Name,Proficiency",
    "SavedJobAlerts.csv": "ALERT_PARAMETERS,QUERY_CONTEXT,SAVED_SEARCH_ID",
    "Events.csv": "Event Name,Event Time,Status,External Url",
}
MON = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
DMY = rf"\d{{2}} {MON} \d{{4}}"
ISO_UTC = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC"
ISO = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
SLASH_UTC = r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} UTC"
JAVA = rf"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) {MON} \d{{2}} \d{{2}}:\d{{2}}:\d{{2}} UTC \d{{4}}"
US = r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M"
MONYEAR = rf"({MON} \d{{4}}|\d{{4}})"
LEARN = r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC|N/A)"
# file -> {column: regex (full match)}; "?" suffix on a regex allows an empty value.
DATES = {
    "Connections.csv": {"Connected On": DMY},
    "messages.csv": {"DATE": ISO_UTC},
    "Invitations.csv": {"Sent At": US},
    "Shares.csv": {"Date": ISO},
    "Comments.csv": {"Date": ISO},
    "Reactions.csv": {"Date": ISO},
    "Votes.csv": {"Date": ISO},
    "Member_Follows.csv": {"Date": ISO},
    "Logins.csv": {"Login Date": JAVA},
    "Company Follows.csv": {"Followed On": JAVA},
    "Security Challenges.csv": {"Challenge Date": JAVA},
    "SearchQueries.csv": {"Time": SLASH_UTC},
    "Endorsement_Received_Info.csv": {"Endorsement Date": SLASH_UTC},
    "Endorsement_Given_Info.csv": {"Endorsement Date": SLASH_UTC},
    "Ads Clicked.csv": {"Ad clicked Date": SLASH_UTC},
    "Learning.csv": {"Content Last Watched Date (if viewed)": LEARN,
                     "Content Completed At (if completed)": LEARN},
    "Positions.csv": {"Started On": MONYEAR, "Finished On": MONYEAR + "?"},
    "Education.csv": {"Start Date": MONYEAR + "?", "End Date": MONYEAR + "?"},
    "Certifications.csv": {"Started On": MONYEAR + "?", "Finished On": MONYEAR + "?"},
    "Recommendations_Received.csv": {"Creation Date": US},
    "Recommendations_Given.csv": {"Creation Date": US},
    "Jobs/Job Applications.csv": {"Application Date": US},
    "Jobs/Saved Jobs.csv": {"Saved Date": US},
    "Email Addresses.csv": {"Updated On": US + "?"},
    "Registration.csv": {"Registered At": US},
    "Hashtag_Follows.csv": {"CreatedTime": ISO, "LastModifiedTime": ISO},
    "Saved_Items.csv": {"CreatedTime": ISO},
    "Profile.csv": {"Birth Date": rf"{MON} \d{{2}}?"},
    "Rich_Media.csv": {"Date/Time": r"You uploaded a (feed photo|photo|video|document) on "
                                    r"[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M \(GMT\)"},
    "Events.csv": {"Event Time": rf"{MON} \d{{2}}, \d{{4}} \d{{2}}:\d{{2}} [AP]M - {MON} "
                                 rf"\d{{2}}, \d{{4}} \d{{2}}:\d{{2}} [AP]M"},
}
CATEGORIES = {"sales_pitch", "recruiting", "request", "social", "automated"}
VERDICTS = {"supported", "contradicted", "inconclusive", "not testable"}
ANALYSED = ["Connections.csv", "messages.csv", "Invitations.csv", "Shares.csv", "Comments.csv",
            "Reactions.csv", "Votes.csv", "Logins.csv", "SearchQueries.csv", "Learning.csv",
            "Endorsement_Received_Info.csv", "Endorsement_Given_Info.csv",
            "Recommendations_Received.csv", "Recommendations_Given.csv", "Positions.csv",
            "Education.csv", "Skills.csv", "Profile.csv", "Company Follows.csv",
            "Member_Follows.csv", "Certifications.csv", "Jobs/Job Applications.csv",
            "Jobs/Saved Jobs.csv"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_demo(out, seed=DEFAULT_SEED, size="small", world="planted")
    return out


@pytest.fixture(scope="module")
def null_demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo_null")
    write_demo(out, seed=DEFAULT_SEED, size="small", world="null")
    return out


def _members(folder: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(next(folder.glob("*.zip"))) as z:
        return {n: z.read(n) for n in z.namelist()}


def _truth(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    if text.startswith("Notes:"):
        text = text[text.index("\n\n") + 2:]
    return list(csv.reader(io.StringIO(text, newline="")))


def test_constants_and_result(tmp_path):
    assert DEFAULT_SEED == 7
    assert set(SIZES) == {"small", "default", "heavy"}
    assert WORLDS[0] == "realistic" and set(WORLDS) == {"realistic", "planted", "null"}
    res = write_demo(tmp_path, size="small", seed=3)
    assert json.loads(res.truth_path.read_text(encoding="utf-8"))["world"] == "realistic"
    assert res.zip_path.name == "Complete_LinkedInDataExport_08-26-2025.zip"
    assert res.truth_path.name == "truth.json"
    assert res.extras["workbook"].name == "Content_2024-08-26_2025-08-25_Demo Owner.xlsx"
    assert res.extras["outcomes"].name == "outcomes.csv"
    assert all(p.exists() for p in [res.zip_path, res.truth_path, *res.extras.values()])
    with pytest.raises(ValueError):
        write_demo(tmp_path, size="huge")
    with pytest.raises(ValueError):
        write_demo(tmp_path, world="other")


def test_same_seed_same_bytes_other_seed_differs(demo, tmp_path):
    again = tmp_path / "again"
    write_demo(again, seed=DEFAULT_SEED, size="small", world="planted")
    for name in ["Complete_LinkedInDataExport_08-26-2025.zip", "truth.json", "outcomes.csv",
                 "Content_2024-08-26_2025-08-25_Demo Owner.xlsx"]:
        assert (demo / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other"
    write_demo(other, seed=DEFAULT_SEED + 1, size="small", world="planted")
    assert ((other / "Complete_LinkedInDataExport_08-26-2025.zip").read_bytes()
            != (demo / "Complete_LinkedInDataExport_08-26-2025.zip").read_bytes())


def test_zip_layout(demo):
    with zipfile.ZipFile(demo / "Complete_LinkedInDataExport_08-26-2025.zip") as z:
        names = z.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in z.infolist()} == {(2025, 8, 26, 6, 0, 0)}
    assert set(HEADERS) | {"LearningCoachMessages.csv", "Jobs/Job Seeker Preferences.csv"} \
        == set(names)
    assert all("/" not in n or n.startswith("Jobs/") for n in names)


def test_headers_parse_and_counts(demo):
    members = _members(demo)
    counts = _truth(demo)["counts"]
    for name, data in members.items():
        text = data.decode("utf-8")  # UTF-8, no BOM
        assert not text.startswith("\ufeff"), name
        if name == "LearningCoachMessages.csv":
            assert text == "No conversations found\n\n\n"
            assert counts[name] == 0
            continue
        rows = _rows(data)
        if name in HEADERS:
            assert ",".join(rows[0]) == HEADERS[name], name
            assert text.replace(PREAMBLE, "", 1).split("\n", 1)[0] == HEADERS[name], name
        records = [r for r in rows[1:] if r]
        assert len(records) == counts[name], name
        if name not in ("SearchQueries.csv",):
            width = len(rows[0])
            assert all(len(r) == width for r in records), name


def test_header_only_files(demo):
    members = _members(demo)
    for name in ["guide_messages.csv", "learning_coach_messages.csv",
                 "learning_role_play_messages.csv", "coach_messages.csv"]:
        assert members[name] == (MSG10 + "\n").encode()
    assert members["Profile Summary.csv"] == b"Profile Summary\n\n"


def test_dates_match_each_files_format(demo):
    members = _members(demo)
    for name, cols in DATES.items():
        rows = _rows(members[name])
        header, records = rows[0], [r for r in rows[1:] if r]
        assert records, name
        for col, pattern in cols.items():
            optional = pattern.endswith("?") and not pattern.endswith("}?")
            rx = re.compile(pattern[:-1] if optional else pattern)
            j = header.index(col)
            for r in records:
                if optional and r[j] == "":
                    continue
                assert rx.fullmatch(r[j]), (name, col, r[j])


def test_connections_quirks(demo):
    data = _members(demo)["Connections.csv"]
    assert data.startswith(PREAMBLE.encode())
    assert len(PREAMBLE.encode()) == 375
    assert not data.endswith(b"\n")
    rows = _rows(data)[1:]
    anon = [r for r in rows if r[:6] == [""] * 6]
    assert anon and all(re.fullmatch(DMY, r[6]) for r in anon)
    assert len({tuple(r) for r in anon}) < len(anon)  # identical anonymous rows repeat
    dates = [r[6] for r in rows]
    assert len(dates) == len(rows)
    urls = [r[2] for r in rows if r[2]]
    assert len(urls) == len(set(urls))
    assert all(re.fullmatch(r"https://www\.linkedin\.com/in/[a-z0-9-]+-[0-9a-f]{8}", u)
               for u in urls)


def test_messages_quirks(demo):
    truth = _truth(demo)
    rows = _rows(_members(demo)["messages.csv"])
    h = {k: i for i, k in enumerate(rows[0])}
    body = rows[1:]
    owner = truth["owner_url"]
    assert owner == "https://www.linkedin.com/in/demo-owner-000"
    assert {r[h["FOLDER"]] for r in body} <= {"INBOX", "ARCHIVE", "SPAM", ""}
    assert "IS MESSAGE DRAFT" not in h
    # Conversations are contiguous, newest first inside, and every one includes the owner.
    seen, order = set(), []
    for r in body:
        cid = r[h["CONVERSATION ID"]]
        if not order or order[-1] != cid:
            assert cid not in seen, "conversation split"
            seen.add(cid)
            order.append(cid)
    by_conv: dict[str, list[list[str]]] = {}
    for r in body:
        by_conv.setdefault(r[h["CONVERSATION ID"]], []).append(r)
    for msgs in by_conv.values():
        dates = [m[h["DATE"]] for m in msgs]
        assert dates == sorted(dates, reverse=True)
        assert any(m[h["SENDER PROFILE URL"]] == owner
                   or owner in m[h["RECIPIENT PROFILE URLS"]].split(",") for m in msgs)
    assert all(re.fullmatch(r"2-[A-Za-z0-9+/]+=*", c) for c in by_conv)
    sponsored = [r for r in body if r[h["FROM"]] == "LinkedIn Member"
                 and "spinmail-quill-editor" in r[h["CONTENT"]]]
    assert sponsored
    for r in sponsored:
        assert r[h["SENDER PROFILE URL"]] == ""
        assert r[h["CONVERSATION TITLE"]] and r[h["SUBJECT"]]
        assert "%FIRSTNAME%" in r[h["CONTENT"]] and "&" in r[h["CONTENT"]]
    staff = [r for r in body if " from LinkedIn " in r[h["FROM"]] or "@ LinkedIn" in r[h["FROM"]]
             or r[h["FROM"]].endswith(", LinkedIn") or r[h["FROM"]] == "LinkedIn Premium Team"]
    assert staff and all(r[h["SENDER PROFILE URL"]] == "" for r in staff)
    groups = [r for r in body if "," in r[h["RECIPIENT PROFILE URLS"]]]
    assert groups
    for r in groups:
        urls = r[h["RECIPIENT PROFILE URLS"]].split(",")
        assert all(u.startswith("https://www.linkedin.com/in/") for u in urls)
        assert ", https" not in r[h["RECIPIENT PROFILE URLS"]]
    attach = [r[h["ATTACHMENTS"]] for r in body]
    assert sum(1 for a in attach if a) < 0.05 * len(attach)
    assert all("\n" not in r[h["CONTENT"]] for r in body)


def test_shares_searches_learning_quirks(demo):
    members = _members(demo)
    shares = members["Shares.csv"].decode()
    assert ',"","",MEMBER_NETWORK' in shares  # empty URL fields written as ""
    assert '""\n""' in shares  # multi-line commentary: each line wrapped in extra quotes
    rows = _rows(members["SearchQueries.csv"])
    assert any(len(r) > 2 for r in rows[1:])  # the unquoted query split on its commas
    assert all(not line.split(",", 1)[1].startswith('"')
               for line in members["SearchQueries.csv"].decode().splitlines()[1:])
    learning = members["Learning.csv"].decode()
    assert learning.split("\n", 1)[0].endswith(",")
    assert "N/A" in learning
    inv = _rows(members["Invitations.csv"])[1:]
    assert {r[4] for r in inv} == {"INCOMING", "OUTGOING"}
    assert any(r[3] for r in inv) and any(not r[3] for r in inv)
    endorse = _rows(members["Endorsement_Received_Info.csv"])[1:]
    assert all(r[4].startswith("www.linkedin.com/in/") for r in endorse)
    positions = _rows(members["Positions.csv"])[1:]
    assert any(re.fullmatch(r"\d{4}", r[4]) for r in positions)
    assert any(r[5] == "" for r in positions)


def test_workbook_layout(demo):
    from openpyxl import load_workbook

    wb = load_workbook(demo / "Content_2024-08-26_2025-08-25_Demo Owner.xlsx")
    assert wb.sheetnames == ["DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS"]
    d = wb["DISCOVERY"]
    assert d["A1"].value == "Overall Performance"
    assert d["B1"].value == "8/26/2024 - 8/25/2025"
    e = wb["ENGAGEMENT"]
    assert [c.value for c in e[1]] == ["Date", "Impressions", "Engagements"]
    assert e.max_row == 366 and isinstance(e["A2"].value, str)
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", e["A2"].value)
    t = wb["TOP POSTS"]
    assert t["A1"].value.startswith("Maximum of 50 posts")
    assert t["A3"].value == "Post URL" and t["E3"].value == "Post URL"
    assert t["D3"].value is None
    f = wb["FOLLOWERS"]
    assert f["A1"].value == "Total followers on 8/25/2025:"
    assert [f["A3"].value, f["B3"].value] == ["Date", "New followers"]
    dem = wb["DEMOGRAPHICS"]
    assert [c.value for c in dem[1]] == ["Top Demographics", "Value", "Percentage"]
    assert "< 1%" in [r[2].value for r in dem.iter_rows(min_row=2)]
    with zipfile.ZipFile(demo / "Content_2024-08-26_2025-08-25_Demo Owner.xlsx") as z:
        assert b'<dimension ref="A1"/>' in z.read("xl/worksheets/sheet1.xml")


def test_outcomes_file(demo):
    rows = list(csv.reader(io.StringIO((demo / "outcomes.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["date", "kind", "value", "source", "note"]
    assert len(rows) > 10
    sources = {r[3] for r in rows[1:]}
    assert "linkedin" in sources and len(sources) >= 3
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[0]) for r in rows[1:])


def test_truth_structure(demo, null_demo):
    t = _truth(demo)
    for key in ["seed", "size", "world", "owner_url", "counts", "claims", "opener_labels"]:
        assert key in t
    assert (t["seed"], t["size"], t["world"]) == (DEFAULT_SEED, "small", "planted")
    assert set(t["claims"]) == {c.id for c in all_claims()}  # every claim has its truth
    for cid, claim in t["claims"].items():
        assert claim["expected_verdict"] in VERDICTS, cid
        assert claim["expected_verdict"] in claim["acceptable_verdicts"], cid
    rows = _rows(_members(demo)["messages.csv"])
    convs = {r[0] for r in rows[1:]}
    assert convs == set(t["opener_labels"])
    assert set(t["opener_labels"].values()) == CATEGORIES
    effects = t["claims"]["C4"]["effects"]
    real = [e for e in effects if not e["true_null"]]
    assert real and all(e["window_weeks"] == [1, 4] and e["irr_per_sd"] > 1 for e in real)
    assert sum(e["true_null"] for e in effects) >= 5
    assert {p["how"] for p in t["claims"]["C5"]["positions"]} >= {
        "application", "recruiter", "weak_tie", "no_trace"}
    n = _truth(null_demo)
    assert n["world"] == "null"
    assert all(e["true_null"] for e in n["claims"]["C4"]["effects"])
    # Same seed: the null world shares the planted world's exposures.
    assert n["weekly"]["exposures"] == t["weekly"]["exposures"]


def test_texts_are_varied_and_hard(demo):
    t = _truth(demo)
    rows = _rows(_members(demo)["messages.csv"])
    first: dict[str, str] = {}
    for r in rows[1:]:
        first[r[0]] = r[8]  # rows are newest first: the last one seen is the opener
    by_cat: dict[str, list[str]] = {}
    for cid, text in first.items():
        by_cat.setdefault(t["opener_labels"][cid], []).append(text)
    for cat, texts in by_cat.items():
        if cat != "automated":
            assert len(set(texts)) >= 0.9 * len(texts), cat
    pitches = " ".join(by_cat["sales_pitch"]).lower()
    assert not re.search(r"\bbuy\b", pitches)
    all_text = " ".join(r[8] for r in rows[1:])
    langs = [r"Grüße|Hallo|Glückwunsch", r"Bonjour|Merci|Félicitations", r"Hola|Gracias|¡",
             r"Hoi|Groet|Bedankt", r"Olá|Obrigad|Abraço"]
    assert sum(bool(re.search(p, all_text)) for p in langs) >= 3


@pytest.mark.parametrize("world", ["planted", "realistic"])
def test_sentinels(world, tmp_path):
    res = write_demo(tmp_path, size="small", world=world, sentinels=True)
    t = json.loads(res.truth_path.read_text(encoding="utf-8"))
    s = t["sentinels"]
    assert "Zyxquv Sentinelova" in s["names"]
    blob = b"".join(_members(tmp_path).values()).decode("utf-8")
    for value in s["names"] + s["emails"] + s["urls"] + s["phrases"] + s["companies"]:
        assert value in blob or value.split(" ")[0] in blob, value
    assert "sentinel-leak-url" in blob and "SENTINEL-PHRASE-7391" in blob
    inv = _members(tmp_path)["Invitations.csv"].decode()
    assert "SENTINEL-PHRASE-7391" in inv
    plain = write_demo(tmp_path / "plain", size="small", world=world)
    # Sentinels rename existing rows: the counts and the planted truth do not move.
    p = json.loads(plain.truth_path.read_text(encoding="utf-8"))
    assert p["counts"] == t["counts"]
    assert p["claims"]["C1"] == t["claims"]["C1"]
    assert p["sentinels"] is None


@pytest.mark.parametrize("world", ["planted", "null"])
def test_reader_ingests_demo_cleanly(world, demo, null_demo, tmp_path):
    export = pytest.importorskip("analysis.export")
    ingest = getattr(export, "ingest", None)
    if ingest is None:
        pytest.skip("analysis.export.ingest not available yet")
    folder = demo if world == "planted" else null_demo
    truth = _truth(folder)
    ledger = ingest(folder / "Complete_LinkedInDataExport_08-26-2025.zip", tmp_path / "out")
    files = ledger["files"]
    for core in ("Connections.csv", "messages.csv", "Invitations.csv"):
        assert core in files, core
    for name in ANALYSED:
        if name not in files:
            continue
        entry = files[name]
        assert entry["rows_quarantined"] == 0, (name, entry)
        assert entry["rows_loaded"] == truth["counts"][name], (name, entry)


def test_default_size_reaches_the_planted_verdicts(tmp_path):
    """The calibration promise: at `default` the oracle verdicts are the designed ones."""
    planted = json.loads(write_demo(tmp_path / "p", world="planted").truth_path.read_text(
        encoding="utf-8"))
    v = {k: c["expected_verdict"] for k, c in planted["claims"].items()}
    assert {k: v[k] for k in ("C1", "C2", "C3", "C6", "C7", "C10")} == dict.fromkeys(
        ("C1", "C2", "C3", "C6", "C7", "C10"), "supported")
    assert v["C4"] == "contradicted" and v["C5"] == "contradicted"
    assert 2500 <= planted["counts"]["messages.csv"] <= 3500
    assert planted["counts"]["Connections.csv"] == 800
    assert planted["claims"]["C1"]["n"] >= 300
    null = json.loads(write_demo(tmp_path / "n", world="null").truth_path.read_text(
        encoding="utf-8"))
    assert null["claims"]["C4"]["expected_verdict"] in ("inconclusive", "supported")
    assert "inconclusive" in null["claims"]["C6"]["acceptable_verdicts"]
    assert "inconclusive" in null["claims"]["C7"]["acceptable_verdicts"]
    # Same marginal rates: the null world's C1 share stays where the planted one is.
    assert abs(null["claims"]["C1"]["realised"] - planted["claims"]["C1"]["realised"]) < 0.05
