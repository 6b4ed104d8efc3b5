"""Synthetic 2020-2021 ("E9") exports for the owner tests: a 9-column messages.csv, no
Profile.csv, and the owner's profile URL only on the messages the owner wrote."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import write_export

E9_HEADER = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
             "CONTENT,FOLDER\n")
OWNER = "Robin Quill"
OWNER_URL = "https://www.linkedin.com/in/robin-quill-e9"
PEOPLE = [f"Person{chr(65 + i % 26)} Sample{i}" for i in range(40)]


def _conv_id(i: int) -> str:
    return "2-" + base64.b64encode(f"e9conv{i:04d}".encode()).decode()


def _row(conv: str, sender: str, url: str, to: str, day: int, text: str) -> str:
    return (f'{conv},,{sender},{url},"{to}",2021-{1 + day // 28:02d}-{1 + day % 28:02d} '
            f'10:{day % 60:02d}:00 UTC,,"{text}",INBOX\n')


def e9_messages(*, owner_url: str = OWNER_URL, replies_every: int = 2,
                without_owner_in_to: int = 3, second_owner: str | None = None) -> str:
    """40 conversations, each opened by another person to the owner; the owner replies in
    every ``replies_every``-th one (so the owner's URL is in half the conversations); in
    ``without_owner_in_to`` of them LinkedIn left the owner out of TO. With
    ``second_owner``, that name is in every conversation too (a shared inbox)."""
    rows = []
    for i, person in enumerate(PEOPLE):
        conv = _conv_id(i)
        url = f"https://www.linkedin.com/in/sample-{i}"
        to = "" if i < without_owner_in_to else OWNER
        if second_owner:
            to = f"{OWNER}, {second_owner}"
        rows.append(_row(conv, person, url, to, i, f"Hello from {person}, would you chat?"))
        if i % replies_every == 0:
            rows.append(_row(conv, OWNER, owner_url, person, i + 1, "Thanks, happy to."))
        if second_owner and i % 3 == 0:
            rows.append(_row(conv, second_owner, "https://www.linkedin.com/in/shared-inbox",
                             person, i + 2, "Adding my notes."))
    # A chatty sender in one conversation writes the most messages (and is not the owner).
    spam = _conv_id(99)
    for k in range(60):
        rows.append(_row(spam, "Loud Vendor", "https://www.linkedin.com/in/loud-vendor",
                         OWNER if not second_owner else f"{OWNER}, {second_owner}", k % 50,
                         f"Offer number {k}"))
    return E9_HEADER + "".join(rows)


CONNECTIONS = (
    "Notes:\n\"Some email addresses may be missing.\"\n\n"
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    + "".join(f"{p.split()[0]},{p.split()[1]},,Example Co,Engineer,{1 + i % 27:02d} Mar 2020\n"
              for i, p in enumerate(PEOPLE[:30]))
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction\n"
    + "".join(f'{OWNER},{p},"3/{1 + i}/21, 9:00 AM",,OUTGOING\n' for i, p in enumerate(PEOPLE[:5]))
    + "".join(f'{p},{OWNER},"4/{1 + i}/21, 9:00 AM",,INCOMING\n' for i, p in enumerate(PEOPLE[5:9]))
)


def e9_export(root: Path, *, invitations: bool = True, **messages) -> Path:
    files = {"messages.csv": e9_messages(**messages), "Connections.csv": CONNECTIONS}
    if invitations:
        files["Invitations.csv"] = INVITATIONS
    return write_export(root, files)
