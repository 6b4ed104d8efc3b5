"""Synthetic exports for the merge tests: copies, splits, two downloads, two people.

Every value is invented. Rows are kept as Python tuples so that each test can count the
de-duplicated union itself (``union_size``), independently of the code under test.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from conftest import write_export, zip_folder

OWNER_URL = "https://www.linkedin.com/in/owner-person"
OTHER_URL = "https://www.linkedin.com/in/someone-else"
NOTES = ('Notes:\n"Invented note: addresses appear only for members who allow it."\n\n')
CONN_OLD = ("First Name", "Last Name", "Email Address", "Company", "Position", "Connected On")
CONN_NEW = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
            "Connected On")
MSG_9 = ("CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE",
         "SUBJECT", "CONTENT", "FOLDER")
MSG_11 = ("CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
          "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS")
INVITATIONS = ("From", "To", "Sent At", "Message", "Direction")
PROFILE = ("First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline",
           "Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites",
           "Instant Messengers")
SHARES = ("Date", "ShareLink", "ShareCommentary", "SharedURL", "MediaURL", "Visibility")


def csv_text(header: tuple, rows: list[tuple], *, preamble: str = "") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return preamble + buf.getvalue()


def union_size(*files: list[tuple]) -> int:
    """Records in the union of files whose rows are (key, ...) tuples: a key seen n times in
    one file and m in another is max(n, m) records."""
    total: Counter = Counter()
    for rows in files:
        total |= Counter(rows)
    return sum(total.values())


def url(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


# -- 1. An old re-saved Connections.csv beside a new Connections1.csv, a renamed messages copy
# (name, date) identifies a connection in both files; the company is not part of it.
OLD_PEOPLE = [("Ana", "Placeholder", "Acme", "12 Mar 2019"), ("Bo", "Example", "Beta", "04 Oct 2020"),
              ("", "", "", "01 Feb 2020"), ("", "", "", "01 Feb 2020"),
              ("Cy", "Removed", "Gamma", "15 Jan 2018")]
NEW_PEOPLE = [("Eli", "Recent", "Zeta", "02 May 2025"), ("Di", "Later", "Delta", "20 Jun 2024"),
              ("Bo", "Example", "Beta", "04 Oct 2020"), ("", "", "", "01 Feb 2020"),
              ("", "", "", "01 Feb 2020"), ("", "", "", "01 Feb 2020"),
              ("Ana", "Placeholder", "Omega", "12 Mar 2019")]  # Ana moved: a conflict


def _slug(first: str, last: str) -> str:
    return f"{first}-{last}".lower() if first else ""


def resaved_connections_folder(root: Path) -> Path:
    old = [(f, last, "", c, "Eng", d) for f, last, c, d in OLD_PEOPLE]
    new = [(f, last, url(_slug(f, last)) if f else "", "", c, "Eng", d)
           for f, last, c, d in NEW_PEOPLE]
    convs = [("2-C1==", "Ana Placeholder", url("ana-placeholder"), "2025-03-01 09:00:00 UTC",
              "Hello from Ana"),
             ("2-C1==", "Owner Person", OWNER_URL, "2025-03-01 10:00:00 UTC", "Hi Ana"),
             ("2-C2==", "Di Later", url("di-later"), "2025-04-02 08:00:00 UTC", "Coffee?"),
             ("2-C3==", "Eli Recent", url("eli-recent"), "2025-05-03 08:00:00 UTC", "Thanks")]
    messages = csv_text(MSG_11, [_message11(*c) for c in convs])
    copy = csv_text(MSG_11, [_message11(*c) for c in convs[:2]])  # a slice: nothing new
    return write_export(root, {
        "Connections.csv": csv_text(CONN_OLD, old),
        "Connections1.csv": csv_text(CONN_NEW, new, preamble=NOTES).rstrip("\n"),
        "messages.csv": messages, "messages1.csv": copy,
        "Profile.csv": csv_text(PROFILE, [("Owner", "Person") + ("",) * 11]),
    })


def _message11(conv: str, sender: str, sender_url: str, date: str, text: str) -> tuple:
    if sender_url == OWNER_URL:
        other = {"2-C1==": "ana-placeholder", "2-C2==": "di-later", "2-C3==": "eli-recent"}
        to, to_url = other[conv].replace("-", " ").title(), url(other[conv])
    else:
        to, to_url = "Owner Person", OWNER_URL
    return (conv, "", sender, sender_url, to, to_url, date, "", text, "INBOX", "")


# -- 2. A split Invitations.csv beside the original
INVITES = [("Owner Person", "Fay Invitee", "3/2/25, 9:15 AM", "", "OUTGOING"),
           ("Gus Inviter", "Owner Person", "2/11/25, 4:40 PM", "", "INCOMING"),
           ("Owner Person", "Hal Invitee", "1/8/25, 6:14 PM", "Hello", "OUTGOING"),
           ("Ivy Inviter", "Owner Person", "12/1/24, 1:00 PM", "", "INCOMING"),
           ("Jo Inviter", "Owner Person", "11/5/24, 8:30 AM", "", "INCOMING")]


def split_invitations_folder(root: Path, base: dict[str, str]) -> Path:
    incoming = [r for r in INVITES if r[4] == "INCOMING"]
    outgoing = [r for r in INVITES if r[4] == "OUTGOING"]
    return write_export(root, dict(base, **{
        "Invitations.csv": csv_text(INVITATIONS, INVITES),
        "InvitationsIn.csv": csv_text(INVITATIONS, incoming),
        "InvitationsOut.csv": csv_text(INVITATIONS, outgoing)}))


# -- 3 and 4. Two ZIPs two years apart (older Complete, newer Basic); two different people
def _msg9(conv, sender, sender_url, to, date, text):
    return (conv, "", sender, sender_url, to, date, "", text, "INBOX")


def older_complete(owner: str = "Owner Person", owner_url: str = OWNER_URL) -> dict[str, str]:
    """March 2023: 2021-form messages (no recipient URLs), Connections without URLs, Shares."""
    msgs = [_msg9("2-K1==", "Kim Old", url("kim-old"), owner, "2022-05-01 10:00:00 UTC", "Hi"),
            _msg9("2-K1==", owner, owner_url, "Kim Old", "2022-05-01 11:00:00 UTC", "Hey Kim"),
            _msg9("2-L1==", "Lu Both", url("lu-both"), owner, "2023-01-10 09:00:00 UTC", "Q?"),
            _msg9("2-L1==", owner, owner_url, "Lu Both", "2023-01-10 09:30:00 UTC", "A.")]
    conns = [("Kim", "Old", "", "Acme", "Eng", "01 Apr 2022"),
             ("Lu", "Both", "", "Beta", "PM", "09 Jan 2023"),
             ("", "", "", "", "", "03 Mar 2021")]
    first, last = owner.split(" ", 1)
    return {
        "Connections.csv": csv_text(CONN_OLD, conns, preamble=NOTES).rstrip("\n"),
        "messages.csv": csv_text(MSG_9, msgs),
        "Profile.csv": csv_text(PROFILE, [(first, last) + ("",) * 11]),
        "Shares.csv": csv_text(SHARES, [("2022-06-01 12:00:00", "https://x/s1", "Post one",
                                         "", "", "MEMBER_NETWORK"),
                                        ("2023-02-01 12:00:00", "https://x/s2", "Post two",
                                         "", "", "MEMBER_NETWORK")]),
    }


def newer_basic() -> dict[str, str]:
    """March 2025: URL-era files; Lu's conversation is in both exports, Kim was removed."""
    def m11(conv, sender, s_url, to, to_url, date, text):
        return (conv, "", sender, s_url, to, to_url, date, "", text, "INBOX", "")
    msgs = [m11("2-L1==", "Lu Both", url("lu-both"), "Owner Person", OWNER_URL,
                "2023-01-10 09:00:00 UTC", "Q?"),
            m11("2-L1==", "Owner Person", OWNER_URL, "Lu Both", url("lu-both"),
                "2023-01-10 09:30:00 UTC", "A."),
            m11("2-M1==", "Mo New", url("mo-new"), "Owner Person", OWNER_URL,
                "2025-02-01 09:00:00 UTC", "Hello"),
            m11("2-N1==", "Ned New", url("ned-new"), "Owner Person", OWNER_URL,
                "2025-03-01 09:00:00 UTC", "Hi")]
    conns = [("Ned", "New", url("ned-new"), "", "Eta", "Eng", "28 Feb 2025"),
             ("Mo", "New", url("mo-new"), "", "Theta", "Eng", "30 Jan 2025"),
             ("Lu", "Both", url("lu-both"), "", "Beta", "PM", "09 Jan 2023"),
             ("", "", "", "", "", "", "03 Mar 2021")]
    return {
        "Connections.csv": csv_text(CONN_NEW, conns, preamble=NOTES).rstrip("\n"),
        "messages.csv": csv_text(MSG_11, msgs),
        "Profile.csv": csv_text(PROFILE, [("Owner", "Person", "", "", "", "Newer headline")
                                          + ("",) * 7]),
        "Invitations.csv": csv_text(INVITATIONS, INVITES[:2]),
    }


def two_zips(raw: Path, older: dict[str, str], newer: dict[str, str]) -> tuple[Path, Path]:
    a = zip_folder(write_export(raw.parent / "older", older),
                   raw / "Complete_LinkedInDataExport_03-15-2023.zip")
    b = zip_folder(write_export(raw.parent / "newer", newer),
                   raw / "Basic_LinkedInDataExport_03-20-2025.zip")
    return a, b
