"""CSV members of an Aug-2025 Complete export: exact headers, per-file date shapes, quirks.

Each writer returns (member path, content, number of data records). Fields are quoted only
where needed (RFC 4180, `esc`) except where the real export deviates: the Connections
preamble and missing final newline, Shares' per-line quote wrapping and `""` empty URLs,
SearchQueries' unquoted query, Learning's trailing empty column.
"""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd

from . import fmt
from . import params as P
from .phrasebank import EN
from .threads import MEMBER, OWNER, STAFF
from .world import World, stream

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
assert len(PREAMBLE.encode("utf-8")) == 375

MESSAGES_HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                   "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER")
H = {
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages.csv": MESSAGES_HEADER + ",ATTACHMENTS",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
                   "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On",
    "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities",
    "Skills.csv": "Name",
    "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,"
                                     "Endorser Last Name,Endorser Public Url,Endorsement Status",
    "Endorsement_Given_Info.csv": "Endorsement Date,Skill Name,Endorsee First Name,"
                                  "Endorsee Last Name,Endorsee Public Url,Endorsement Status",
    "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,"
                                    "Status",
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
    "Rich_Media.csv": "Date/Time,Media Description,Media Link",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On",
    "Registration.csv": "Registered At,Registration Ip,Subscription Types",
    "PhoneNumbers.csv": "Extension,Number,Type",
    "Jobs/Job Applications.csv": "Application Date,Contact Email,Contact Phone Number,"
                                 "Company Name,Job Title,Job Url,Resume Name,"
                                 "Question And Answers",
    "Jobs/Saved Jobs.csv": "Saved Date,Job Url,Job Title,Company Name",
    "Jobs/Job Seeker Preferences.csv": (
        "Locations,Industries,Company Employee Count,Preferred Job Types,Job Titles,"
        "Open To Recruiters,Dream Companies,Profile Shared With Job Poster,"
        "Job Title For Searching Fast Growing Companies,Introduction Statement,Phone Number,"
        "Job Seeker Activity Level,Preferred Start Time Range,Commute Preference Starting "
        "Address,Commute Preference Starting Time,Mode Of Transportation,Maximum Commute "
        "Duration,Open Candidate Visibility,Job Seeking Urgency Level"),
    "Ad_Targeting.csv": (
        "Member Age,Buyer Groups,Company Names,Company Names,Company Follower of,Company Names,"
        "Company Category,Company Size,Degrees,degreeClass,Member Schools,Company Growth Rate,"
        "Fields of Study,Company Connections,Function By Size,Job Functions,Member Gender,"
        "Graduation Year,Member Groups,Company Industries,Member Interests,Interface Locales,"
        "interfaceLocale,Member Traits,Profile Locations,Company Revenue,Job Seniorities,"
        "Member Skills,Job Titles,Job Titles,Job Titles,Years of Experience"),
    "Hashtag_Follows.csv": "HashTag,CreatedTime,LastModifiedTime,State",
    "Saved_Items.csv": "savedItem,CreatedTime",
    "Security Challenges.csv": "Challenge Date,IP Address,User Agent,Country,Challenge Type",
    "Inferences_about_you.csv": "Category,Type of inference,Description,Inference",
    "Ads Clicked.csv": "Ad clicked Date,Ad Title/Id",
    "Languages.csv": "Name,Proficiency",
    "SavedJobAlerts.csv": "ALERT_PARAMETERS,QUERY_CONTEXT,SAVED_SEARCH_ID",
    "Events.csv": "Event Name,Event Time,Status,External Url",
}
HEADER_ONLY = ["guide_messages.csv", "learning_coach_messages.csv",
               "learning_role_play_messages.csv", "coach_messages.csv"]
FEED = "https://www.linkedin.com/feed/update/urn%3Ali%3A"
Member = tuple[str, bytes | str, int]  # archive path, content, number of data records


_NEEDS_QUOTES = re.compile(r'[,"\n\r]').search


def esc(values) -> list[str]:
    """RFC-4180 minimal quoting of one column (quote only when needed, double the quotes)."""
    q = _NEEDS_QUOTES
    return [('"' + v.replace('"', '""') + '"') if q(v) else v
            for v in (values if isinstance(values, list) else values.tolist()
                      if isinstance(values, np.ndarray) else list(values))]


def _csv(header: str, columns: list, final_newline: bool = True,
         escaped: tuple[int, ...] = ()) -> tuple[bytes, int]:
    """UTF-8 bytes: the header line as given (exact), then rows; columns in `escaped` are
    pre-quoted. Rows are joined in chunks: one emoji would otherwise widen a whole
    multi-hundred-megabyte str to 4 bytes per character."""
    cols = [c if i in escaped else esc(c) for i, c in enumerate(columns)]
    n = len(cols[0]) if cols else 0
    if cols and len(cols) == 1:
        cols[0] = [v if v else '""' for v in cols[0]]  # a lone empty field must be quoted
    rows = list(map(",".join, zip(*cols, strict=True))) if n else []
    step = 20000
    parts = [header.encode("utf-8")]
    parts += ["\n".join(rows[i:i + step]).encode("utf-8") for i in range(0, n, step)]
    data = b"\n".join(parts)
    if final_newline:
        data += b"\n"
    return data, n


def _names(people: pd.DataFrame, pids) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pids = np.asarray(pids, dtype=np.int64)
    return (people["first"].to_numpy()[pids], people["last"].to_numpy()[pids],
            people["url"].to_numpy()[pids])


def connections(w: World) -> Member:
    p = w.net.people
    c = p[p["connected"] >= 0].sort_values("connected", ascending=False, kind="stable")
    rng = stream(w.seed, "connections-quirks")
    hid = c["hidden"].to_numpy()
    first = c["first"].to_numpy().copy()
    ws = rng.random(len(c)) < 0.03  # stray whitespace, as in real files
    first[ws] = first[ws] + " "
    cols = [np.where(hid, "", first), np.where(hid, "", c["last"]), np.where(hid, "", c["url"]),
            np.where(hid, "", c["email"]), np.where(hid, "", c["company"]),
            np.where(hid, "", c["position"]), fmt.day_mon_year(c["connected"].to_numpy())]
    text, n = _csv(H["Connections.csv"], cols, final_newline=False)
    return "Connections.csv", PREAMBLE.encode("utf-8") + text, n


def conversation_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """`2-<base64(uuid_suffix)>==` like real conversation ids."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    suffix = np.array(["_010", "_100", "_000"])[rng.integers(3, size=n)]
    out = []
    for row, suf in zip(raw, suffix, strict=True):
        h = row.tobytes().hex()
        u = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}{suf}"
        out.append("2-" + base64.b64encode(u.encode("ascii")).decode("ascii"))
    return np.array(out, dtype=object)


def message_meta(w: World) -> pd.DataFrame:
    """Per-conversation id, title, folder and opener subject (drawn on their own stream)."""
    convs = w.threads.convs
    rng = stream(w.seed, "messages-meta")
    n = len(convs)
    kind = convs["kind"].to_numpy()
    sub = convs["sub"].to_numpy()
    cid = conversation_ids(rng, n)
    pitchy = np.isin(kind, ["in_pitch", "in_pitch_conn", "in_pitch_warm"])
    folder = np.array(["INBOX", "ARCHIVE", "SPAM"], dtype=object)[np.where(
        pitchy, rng.choice(3, size=n, p=[0.55, 0.35, 0.10]),
        rng.choice(3, size=n, p=[0.7, 0.3, 0.0]))]
    title = np.full(n, "", dtype=object)
    sp = sub == "sponsored"
    title[sp] = np.array(EN.SPONSORED_TITLES, dtype=object)[
        rng.integers(len(EN.SPONSORED_TITLES), size=int(sp.sum()))]
    grp = (kind == "group") & (rng.random(n) < 0.5)
    title[grp] = np.array(["Berlin data folks", "Meetup crew", "Old team 🎉",
                           "Conference dinner"], dtype=object)[rng.integers(4, size=int(grp.sum()))]
    subject = np.full(n, "", dtype=object)
    subject[sp] = np.array(EN.SPONSORED_SUBJECTS, dtype=object)[
        rng.integers(len(EN.SPONSORED_SUBJECTS), size=int(sp.sum()))]
    people = w.net.people
    comp = people["company"].to_numpy()[np.clip(convs["partner"].to_numpy(), 0, None)]
    m = (kind == "in_pitch") & (rng.random(n) < 0.3)
    subject[m] = np.array(["Quick question", "Partnership idea", "Idea for your team",
                           "Re: your data stack", "Introduction"], dtype=object)[
        rng.integers(5, size=int(m.sum()))]
    m = (kind == "in_recruit") & (rng.random(n) < 0.45) & (comp != "")
    subject[m] = "Opportunity at " + comp[m]
    m = (sub == "staff") & (rng.random(n) < 0.5)
    subject[m] = "Your Premium offer"
    staff = np.array(EN.STAFF_SENDERS, dtype=object)[rng.integers(len(EN.STAFF_SENDERS), size=n)]
    return pd.DataFrame({"cid": cid, "title": title, "folder": folder, "subject": subject,
                         "staff": np.array(esc(staff), dtype=object)})


def messages(w: World, meta: pd.DataFrame) -> Member:
    people = w.net.people
    convs = w.threads.convs
    m = w.threads.msgs
    conv = m["conv"].to_numpy()
    t = m["t"].to_numpy()
    last = np.zeros(len(convs), dtype=np.int64)
    np.maximum.at(last, conv, t)
    order = np.lexsort((-m["seq"].to_numpy(), -t, conv, -last[conv]))
    conv, t = conv[order], t[order]
    sender = m["sender"].to_numpy()[order]
    text = m["text"].to_numpy()[order]
    attach = m["attach"].to_numpy()[order]
    seq = m["seq"].to_numpy()[order]
    first, lastn, url = (people["first"].to_numpy(), people["last"].to_numpy(),
                         people["url"].to_numpy())
    deleted = people["deleted"].to_numpy()
    full = np.array(esc(np.where(deleted, "LinkedIn Member", first + " " + lastn)),
                    dtype=object)
    url = np.where(deleted, "", url)
    owner_name = P.OWNER_NAME
    partner = convs["partner"].to_numpy()[conv]
    pp = np.clip(partner, 0, None)
    sp = np.clip(sender, 0, None)
    from_name = np.where(sender == OWNER, owner_name,
                         np.where(sender == MEMBER, "LinkedIn Member",
                                  np.where(sender == STAFF, meta["staff"].to_numpy()[conv],
                                           full[sp])))
    from_url = np.where(sender == OWNER, P.OWNER_URL, np.where(sender < 0, "", url[sp]))
    to_name = np.where(sender == OWNER, full[pp], P.OWNER_NAME)
    to_url = np.where(sender == OWNER, url[pp], P.OWNER_URL)
    # Group chats: everyone but the sender, comma-joined without a space.
    raw = np.where(deleted, "LinkedIn Member", first + " " + lastn)
    groups = np.array(sorted(w.threads.members), dtype=np.int64)
    rows = np.flatnonzero(np.isin(conv, groups))
    rows = rows[np.argsort(conv[rows], kind="stable")]
    bounds = np.searchsorted(conv[rows], groups)
    ends = np.append(bounds[1:], len(rows)) if len(groups) else bounds  # no group chats
    for r, b0, b1 in zip(groups.tolist(), bounds.tolist(), ends.tolist(), strict=True):
        mem = w.threads.members[r]
        idx = rows[b0:b1]
        parts = [(P.OWNER_NAME, P.OWNER_URL)] + [(raw[p], url[p]) for p in mem]
        ids = [OWNER, *mem]
        for j, pid in enumerate(ids):
            others = parts[:j] + parts[j + 1:]
            hit = idx[sender[idx] == pid]
            to_name[hit] = esc([",".join(o[0] for o in others)])[0]
            to_url[hit] = esc([",".join(o[1] for o in others)])[0]
    subject = np.where(seq == 0, meta["subject"].to_numpy()[conv], "")
    cols = [meta["cid"].to_numpy()[conv], meta["title"].to_numpy()[conv], from_name, from_url,
            to_name, to_url, fmt.iso_utc(t), subject, text, meta["folder"].to_numpy()[conv],
            attach]
    out, n = _csv(H["messages.csv"], cols, escaped=(0, 2, 3, 4, 5, 6, 9, 10))
    return "messages.csv", out, n


def invitations(w: World) -> Member:
    inv = w.net.invitations.sort_values("t", ascending=False, kind="stable")
    f, la, url = _names(w.net.people, inv["pid"])
    name = f + " " + la
    inc = inv["direction"].to_numpy() == "INCOMING"
    cols = [np.where(inc, name, P.OWNER_NAME), np.where(inc, P.OWNER_NAME, name),
            fmt.us_short(inv["t"].to_numpy()), inv["note"], inv["direction"],
            np.where(inc, url, P.OWNER_URL), np.where(inc, P.OWNER_URL, url)]
    text, n = _csv(H["Invitations.csv"], cols)
    return "Invitations.csv", text, n


def shares(w: World) -> Member:
    posts = w.act.posts.sort_values("t", ascending=False, kind="stable")
    lines = [H["Shares.csv"]]
    dates = fmt.iso_plain(posts["t"].to_numpy())
    for d, pid, kind, txt, su, mu in zip(dates, posts["id"], posts["kind"], posts["text"],
                                         posts["shared_url"], posts["media_url"], strict=True):
        link = f"{FEED}{kind}%3A{pid}"
        parts = txt.split("\n")
        if len(parts) > 1:  # each line wrapped in an extra pair of quotes
            field = '"' + '"\n"'.join(parts).replace('"', '""') + '"'
        elif any(ch in txt for ch in ',"'):
            field = '"' + txt.replace('"', '""') + '"'
        else:
            field = txt
        lines.append(f'{d},{link},{field},{su or chr(34) * 2},{mu or chr(34) * 2},'
                     "MEMBER_NETWORK")
    return "Shares.csv", "\n".join(lines) + "\n", len(posts)


def comments(w: World) -> Member:
    c = w.act.comments.sort_values("t", ascending=False, kind="stable")
    link = FEED + c["kind"].to_numpy() + "%3A" + c["id"].to_numpy()
    text, n = _csv(H["Comments.csv"], [fmt.iso_plain(c["t"].to_numpy()), link, c["text"]])
    return "Comments.csv", text, n


def reactions(w: World) -> Member:
    r = w.act.reactions.sort_values("t", ascending=False, kind="stable")
    link = FEED + r["kind"].to_numpy() + "%3A" + r["id"].to_numpy()
    link = np.where(r["comment"].to_numpy(), link + "?commentUrn=urn%3Ali%3Acomment%3A%28"
                    + r["kind"].to_numpy() + "%3A" + r["id"].to_numpy() + "%2C"
                    + r["id"].to_numpy() + "%29", link)
    text, n = _csv(H["Reactions.csv"], [fmt.iso_plain(r["t"].to_numpy()), r["type"], link])
    return "Reactions.csv", text, n


def votes(w: World) -> Member:
    v = w.act.votes.sort_values("t", ascending=False, kind="stable")
    link = "https://www.linkedin.com/feed/update/urn:li:ugcPost:" + v["id"].to_numpy()
    text, n = _csv(H["Votes.csv"], [fmt.iso_plain(v["t"].to_numpy()), link, v["option"]])
    return "Votes.csv", text, n


def logins(w: World) -> Member:
    lg = w.act.logins.sort_values("t", ascending=False, kind="stable")
    text, n = _csv(H["Logins.csv"], [fmt.java(lg["t"].to_numpy()), lg["ip"], lg["ua"],
                                     np.full(len(lg), "Login", dtype=object)])
    return "Logins.csv", text, n


def search_queries(w: World) -> Member:
    s = w.act.searches.sort_values("t", ascending=False, kind="stable")
    body = [a + "," + b for a, b in zip(fmt.slash_utc(s["t"].to_numpy()), s["query"],
                                        strict=True)]
    return "SearchQueries.csv", "\n".join([H["SearchQueries.csv"], *body]) + "\n", len(body)


def learning(w: World) -> Member:
    le = w.act.learning
    def when(x):
        x = np.asarray(x)
        return np.where(x >= 0, fmt.learning(np.maximum(x, 0)), "N/A")
    n = len(le)
    cols = [le["title"], le["desc"], le["type"], when(le["watched"]), when(le["completed"]),
            le["saved"], np.full(n, "N/A", dtype=object), np.full(n, "", dtype=object)]
    text, n = _csv(H["Learning.csv"], cols)
    return "Learning.csv", text, n


def _endorse(w: World, df: pd.DataFrame, name: str) -> Member:
    df = df.sort_values("t", ascending=False, kind="stable")
    f, la, url = _names(w.net.people, df["pid"])
    url = np.array([u.replace("https://", "", 1) for u in url], dtype=object)
    text, n = _csv(H[name], [fmt.slash_utc(df["t"].to_numpy()), df["skill"], f, la, url,
                             np.full(len(df), "ACCEPTED", dtype=object)])
    return name, text, n


def _recs(w: World, df: pd.DataFrame, name: str) -> Member:
    p = w.net.people
    pid = df["pid"].to_numpy()
    text, n = _csv(H[name], [p["first"].to_numpy()[pid], p["last"].to_numpy()[pid],
                             p["company"].to_numpy()[pid], p["position"].to_numpy()[pid],
                             df["text"], fmt.us_short(df["t"].to_numpy()),
                             np.full(len(df), "VISIBLE", dtype=object)])
    return name, text, n


def positions(w: World) -> Member:
    rows = []
    desc = {"A": "Reporting and analysis for the sales team",
            "B": "• Built the event pipeline, 2 TB/day\n• Mentored 3 engineers",
            "C": "Led the platform team, 8 engineers, migration to the lakehouse",
            "D": "Building the data function from scratch",
            "E": "Advising on data strategy, 2 days a month"}
    for pos in sorted(w.act.positions, key=lambda x: -x["started"]):
        start = (str(fmt.parts(np.array([pos["started"]]))["y"][0]) if pos["year_only"]
                 else fmt.mon_year(np.array([pos["started"]]))[0])
        end = "" if pos["ended"] is None else fmt.mon_year(np.array([pos["ended"]]))[0]
        rows.append((pos["company"], pos["title"], desc[pos["key"]].replace("\n", " "),
                     "Berlin, Germany" if pos["key"] != "E" else "", start, end))
    text, n = _csv(H["Positions.csv"], list(zip(*rows, strict=True)))
    return "Positions.csv", text, n


def _simple(name: str, rows: list[tuple], final_newline: bool = True) -> Member:
    cols = list(zip(*rows, strict=True)) if rows else []
    text, n = _csv(H[name], cols, final_newline)
    return name, text, n


def small_files(w: World) -> list[Member]:
    """Profile, education, skills, follows and the files the analysis ignores."""
    a = w.act
    rng = stream(w.seed, "small-files")
    out = [
        _simple("Profile.csv", [(P.OWNER_FIRST, P.OWNER_LAST, "", "", fmt.birth_day(12, 5),
                                 "Head of Data | data platforms, analytics engineering | "
                                 "speaker", "I build data teams that people trust, and write "
                                 "about it.", "Software Development", "10115",
                                 "Berlin, Berlin, Germany", "",
                                 "[PERSONAL:https://demo-owner.example,"
                                 "OTHER:https://demo-owner.example/blog]", "")]),
        ("Profile Summary.csv", "Profile Summary\n\n", 0),
        _simple("Education.csv", [
            ("Ostvale Technical University", "2010", "2013", "",
             "Master of Science - MS, Computer Science", ""),
            ("Harrowmere College", "Sep 2006", "Jul 2010", "",
             "Bachelor's degree, Mathematics", "Chess club, student radio")]),
        _simple("Skills.csv", [(s,) for s in EN.SKILLS]),
        _simple("Certifications.csv", [
            ("Data Engineering Professional", "https://certs.example/verify/DE-2291",
             "Cloudveil Academy", "Mar 2022", "Mar 2025", "DE-2291"),
            ("Scrum Master Level I", "", "Agilewood Org", "2019", "", "PSM-88412"),
            ("Statistics Foundations", "", "LinkedIn", "Oct 2023", "", "")]),
        _simple("Company Follows.csv", list(zip(a.company_follows["org"],
                                                fmt.java(a.company_follows["t"].to_numpy()),
                                                strict=True)), final_newline=False),
        _simple("Member_Follows.csv", list(zip(fmt.iso_plain(a.member_follows["t"].to_numpy()),
                                               a.member_follows["status"],
                                               a.member_follows["name"], strict=True))),
        _simple("Email Addresses.csv", [("demo.owner@example.com", "Yes", "Yes",
                                         fmt.us_short(np.array([fmt.epoch(2024, 2, 14, 5, 41)]))
                                         [0]),
                                        ("d.owner@example.org", "Yes", "No", "")],
                final_newline=False),
        _simple("Registration.csv", [(fmt.us_short(np.array([fmt.epoch(2012, 3, 2, 9, 15)]))
                                      [0], "", "")]),
        _simple("PhoneNumbers.csv", [("", " +49 30 5550100", "Mobile")]),
        _simple("Languages.csv", [("English", "Full professional proficiency"),
                                  ("German", "Native or bilingual proficiency"),
                                  ("Spanish", "Elementary proficiency")]),
        _simple("Hashtag_Follows.csv", [(tag.lstrip("#"), d, d, "Follow") for tag, d in zip(
            EN.POST_TAGS, fmt.iso_plain(np.sort(rng.integers(P.T0, P.T_END, len(EN.POST_TAGS)))),
            strict=True)]),
        _simple("Saved_Items.csv", [(f"https://www.linkedin.com/feed/update/urn:li:activity:{i}",
                                     d) for i, d in zip(
            rng.integers(7.0e18, 7.36e18, 10, dtype=np.int64).tolist(),
            fmt.iso_plain(np.sort(rng.integers(P.T0, P.T_END, 10))), strict=True)]),
        _simple("Security Challenges.csv", [
            (d, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
             "like Gecko)", "DE", ch) for d, ch in zip(
                fmt.java(np.sort(rng.integers(P.T0, P.T_END, 4))[::-1]),
                ["EMAIL_PIN_CHALLENGE", "CAPTCHA_CHALLENGE", "EMAIL_PIN_CHALLENGE",
                 "CAPTCHA_CHALLENGE"], strict=True)]),
        _simple("Inferences_about_you.csv", [
            ("Career inferences", "Seniority", "Inferred seniority of the member", "Director"),
            ("Inferred interests", "Topic", "Interest in data engineering", "Yes"),
            ("Job search inferences", "Open to work", "Likely to be job seeking", "No"),
            ("LinkedIn activity inferences", "Engagement score", "Likelihood to engage",
             "0.0065481"),
            ("Inferred interests", "Topic", "Interest in public speaking", "true")],
            final_newline=False),
        _simple("Ads Clicked.csv", [(d, str(i)) for d, i in zip(
            fmt.slash_utc(np.sort(rng.integers(P.T0, P.T_END, 8))[::-1]),
            rng.integers(100_000_000, 999_999_999, 8).tolist(), strict=True)]),
        _simple("SavedJobAlerts.csv", [
            ("{keywords=[head of data], locations=[Berlin, Germany], remote=[true]}",
             "{origin=JOB_SEARCH_PAGE_JOB_ALERT, sortBy=R}", "7180442211"),
            ("{keywords=[data engineering manager], experience=[5, 6]}",
             "{origin=JOBS_HOME_SEARCH_BUTTON}", "7190023487")]),
        _simple("Events.csv", [
            ("Data Leaders Meetup Berlin", "Mar 21, 2024 06:30 PM - Mar 21, 2024 09:30 PM",
             "APPROVED", ""),
            ("Analytics Engineering Summit", "Oct 02, 2024 09:00 AM - Oct 03, 2024 05:00 PM",
             "APPROVED", "summit.example/2024"),
            ("Streaming Systems Webinar", "Feb 11, 2025 04:00 PM - Feb 11, 2025 05:00 PM",
             "RELINQUISHED", "https://webinar.example/streaming")]),
        _simple("Ad_Targeting.csv", [(
            "35 to 54", "IT Decision Makers", "Ostvale Technical University",
            "; ".join(w.act.positions[i]["company"] for i in (1, 2)), "Cloudveil Academy",
            "Harrowmere College", "Startups", "201-500 employees", "Master's degree",
            "4; 7", "Ostvale Technical University", "Fast growing", "Computer Science",
            "Engineering", "Engineering; 201-500", "Engineering; Information Technology",
            "", "2013", "Data Engineering Community", "Software Development",
            "Data Science; Public Speaking", "en_US", "en_US", "Frequent traveler",
            "Berlin, Germany", "$10M-$50M", "Director", "Python; SQL; Data Engineering",
            "Head of Data", "Data Engineer", "Engineering Manager", "10+ years")]),
        ("Jobs/Job Seeker Preferences.csv",
         H["Jobs/Job Seeker Preferences.csv"] + "\n" + ",".join(
             ['"Berlin, Germany | Remote"', "Software Development", "51-200 | 201-500",
              "Full-time", "Head of Data | Data Engineering Manager", "Yes", "", "No", "", "",
              "", "", "", "", "", "", "", "RECRUITERS", "USER_DID_NOT_SPECIFY"]) + "\n", 1),
    ]
    for name in HEADER_ONLY:
        out.append((name, MESSAGES_HEADER + "\n", 0))
    out.append(("LearningCoachMessages.csv", "No conversations found\n\n\n", 0))
    return out


def rich_media(w: World) -> Member:
    p = w.act.posts
    p = p[p["media_url"] != ""].sort_values("t", ascending=False, kind="stable")
    when = fmt.rich_media(p["t"].to_numpy())
    what = np.where(np.arange(len(p)) % 3 == 0, "a document", "a feed photo")
    desc = "You uploaded " + what + " on " + when + " (GMT)"
    return _simple("Rich_Media.csv", list(zip(desc, [" -"] * len(p), p["media_url"],
                                              strict=True)))


def jobs(w: World) -> list[Member]:
    a = w.act.applications
    n = len(a)
    apps = _simple("Jobs/Job Applications.csv", list(zip(
        fmt.us_short(a["t"].to_numpy()), ["demo.owner@example.com"] * n,
        [" +49 30 5550100"] * n, a["company"], a["title"], a["url"],
        ["Demo_Owner_CV_2021.pdf" if t < fmt.epoch(2022, 1, 1) else "Demo_Owner_CV.pdf"
         for t in a["t"]], a["qa"], strict=True)))
    s = w.act.saved_jobs
    saved = _simple("Jobs/Saved Jobs.csv", list(zip(fmt.us_short(s["t"].to_numpy()), s["url"],
                                                    s["title"], s["company"], strict=True)))
    return [apps, saved]


def all_members(w: World) -> list[Member]:
    meta = message_meta(w)
    a = w.act
    members = [connections(w), messages(w, meta), invitations(w), shares(w), comments(w),
               reactions(w), votes(w), logins(w), search_queries(w), learning(w),
               _endorse(w, a.endorse_in, "Endorsement_Received_Info.csv"),
               _endorse(w, a.endorse_out, "Endorsement_Given_Info.csv"),
               _recs(w, a.recs_in, "Recommendations_Received.csv"),
               _recs(w, a.recs_out, "Recommendations_Given.csv"),
               positions(w), rich_media(w), *jobs(w), *small_files(w)]
    w.threads.convs["cid"] = meta["cid"].to_numpy()
    members = [(name, data.encode("utf-8") if isinstance(data, str) else data, n)
               for name, data, n in members]
    return sorted(members, key=lambda m: m[0])
