"""Synthetic exports shaped like a student's 2025 Complete archive: a few hundred
connections, a few dozen conversations, almost no activity (the most common real shape).
Every name, company and message is invented here; nothing comes from a real export."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

OWNER_FIRST, OWNER_LAST = "Sam", "Student"
OWNER_URL = "https://www.linkedin.com/in/sam-student-0000"
COMPANIES = ["Northwind Traders", "Contoso", "Fabrikam", "Initech", "Globex", "Umbrella Labs",
             "Hooli", "Vandelay Industries", "Stark Analytics", "Wayne Logistics"]
FIRST = ["Alex", "Bea", "Carl", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]
OPENERS = {
    "sales_pitch": "Hi {f}, I help students land their first job with my paid coaching "
                   "program. Would you be open to a quick call this week to hear the offer?",
    "recruiting": "Hi {f}, I am a recruiter at {c} and we have an internship opening for a "
                  "junior data analyst. Are you open to new opportunities?",
    "request": "Hi {f}, I am a student too and saw you interned at {c}. Could you refer me "
               "for the open position or share some advice?",
    "social": "Congrats on finishing your degree {f}! Great to see you at the meetup, let us "
              "catch up soon.",
}
REPLY = "Thanks a lot for writing, happy to talk."
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the '
            'email addresses are missing."\n\n')


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def student_export(root: Path, *, connections: int = 350, conversations: int = 30,
                   reactions: int = 3, jobs: bool = True, seed: int = 1) -> Path:
    """Write the extracted export folder ``root``; returns it."""
    rnd = random.Random(seed)
    start, end = datetime(2021, 9, 1, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC)
    span = (end - start).total_seconds()

    def when() -> datetime:
        return start + timedelta(seconds=rnd.random() * span)

    people = []
    for i in range(connections):
        f, last = rnd.choice(FIRST), f"Sample{i:03d}"
        weights = [30, 12, 8, 6, 5, 4, 3, 2, 2, 1]
        company = rnd.choices(COMPANIES, weights)[0] if rnd.random() < 0.8 else ""
        people.append((f, last, f"https://www.linkedin.com/in/sample-{i:04d}", company, when()))
    files: dict[str, str] = {}
    files["Profile.csv"] = _csv(
        ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline",
         "Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites",
         "Instant Messengers"],
        [[OWNER_FIRST, OWNER_LAST, "", "", "", "Student", "", "Education", "", "Somewhere",
          "", "", ""]])
    files["Connections.csv"] = PREAMBLE + _csv(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
         "Connected On"],
        [[f, last, url, "", c, "Analyst" if c else "", t.strftime("%d %b %Y")]
         for f, last, url, c, t in people])
    rows = []
    cats = list(OPENERS)
    for k in range(conversations):
        f, last, url, c, t = people[k % len(people)]
        conv = f"2-conv{k:04d}=="
        owner = f"{OWNER_FIRST} {OWNER_LAST}"
        t0 = max(t, start) + timedelta(days=rnd.randint(1, 60))
        if k % 6 == 5:  # the owner writes first
            rows.append([conv, "", owner, OWNER_URL, f"{f} {last}", url, t0, "",
                         f"Hi {f}, thank you for connecting, could we talk about {c or 'it'}?",
                         "INBOX", ""])
            if k % 2:
                rows.append([conv, "", f"{f} {last}", url, owner, OWNER_URL,
                             t0 + timedelta(hours=5), "", REPLY, "INBOX", ""])
            continue
        cat = cats[k % len(cats)]
        rows.append([conv, "", f"{f} {last}", url, owner, OWNER_URL, t0, "",
                     OPENERS[cat].format(f=f, c=c or "Contoso"), "INBOX", ""])
        if cat in ("request", "social") or k % 4 == 0:
            rows.append([conv, "", owner, OWNER_URL, f"{f} {last}", url,
                         t0 + timedelta(hours=rnd.randint(1, 60)), "", REPLY, "INBOX", ""])
    for r in rows:
        r[6] = r[6].strftime("%Y-%m-%d %H:%M:%S UTC")
    files["messages.csv"] = _csv(
        ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
         "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS"], rows)
    files["Invitations.csv"] = _csv(
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
         "inviteeProfileUrl"],
        [[f"{f} {last}", f"{OWNER_FIRST} {OWNER_LAST}", when().strftime("%m/%d/%y, %I:%M %p"),
          "", "INCOMING", url, OWNER_URL] for f, last, url, _, _ in people[:8]])
    files["Education.csv"] = _csv(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [["Example University", "2021", "2025", "", "BSc", ""]])
    files["Skills.csv"] = _csv(["Name"], [["Python"], ["Statistics"]])
    if reactions:
        files["Reactions.csv"] = _csv(
            ["Date", "Type", "Link"],
            [[when().strftime("%Y-%m-%d %H:%M:%S"), "LIKE",
              f"https://www.linkedin.com/feed/update/urn:li:activity:{k}"]
             for k in range(reactions)])
    if jobs:
        files["SearchQueries.csv"] = _csv(
            ["Time", "Search Query"],
            [[when().strftime("%Y/%m/%d %H:%M:%S UTC"), "data analyst internship"]
             for _ in range(40)])
        files["Jobs/Saved Jobs.csv"] = _csv(
            ["Saved Date", "Job Url", "Job Title", "Company Name"],
            [[when().strftime("%m/%d/%y, %I:%M %p"), f"https://www.linkedin.com/jobs/view/{k}",
              "Data Intern", rnd.choice(COMPANIES)] for k in range(6)])
        files["Positions.csv"] = _csv(
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [["Contoso", "Data Intern", "", "", "Jun 2024", "Sep 2024"]])
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tiny_export(root: Path) -> Path:
    """A dozen connections, three conversations, no activity and no job files."""
    return student_export(root, connections=12, conversations=3, reactions=0, jobs=False,
                          seed=2)
