"""Owner detection on every era: the name in nearly every conversation when no URL settles
it (2020-2021 exports), the one-line message when it is ambiguous, and --owner-name."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest
from owner_exports import OWNER, OWNER_URL, e9_export

from analysis.claims import Context
from analysis.claims.being_sold_to import c1_being_sold_to
from analysis.claims.replies import c7_cold_messages
from analysis.cli import main
from analysis.export import ingest


def _owner_rows(processed) -> tuple[pd.DataFrame, pd.Series]:
    msgs = pd.read_parquet(processed / "messages.parquet")
    return msgs, msgs["sender_name"] == OWNER


def test_e9_owner_found_by_name_and_url_recovered(tmp_path):
    """No Profile.csv, the owner's URL in only half the conversations: today's URL rule
    cannot decide; the name (in TO or FROM of 39 of 41 conversations) does."""
    ledger = ingest(e9_export(tmp_path / "export"), tmp_path / "out")
    owner = ledger["owner"]
    assert (owner["name"], owner["url"]) == (OWNER, OWNER_URL)
    assert "name in nearly every conversation" in owner["method"]
    assert owner["confidence"] == "high" and owner["note"] is None
    assert owner["evidence"]["message_url_coverage"] is None  # no recipient URLs in this era
    msgs, mine = _owner_rows(tmp_path / "out")
    assert (msgs.loc[mine, "direction"] == "out").all()
    assert (msgs.loc[~mine, "direction"] == "in").all()


def test_owner_known_by_name_only_still_gives_directions(tmp_path):
    """The owner's own messages carry no URL at all: the owner is known by name only, and the
    messages, conversations and claims work by name."""
    ledger = ingest(e9_export(tmp_path / "export", owner_url=""), tmp_path / "out")
    assert ledger["owner"]["url"] is None and ledger["owner"]["name"] == OWNER
    msgs, mine = _owner_rows(tmp_path / "out")
    assert mine.any() and (msgs.loc[mine, "direction"] == "out").all()
    assert (msgs.loc[~mine, "direction"] == "in").all()
    ctx = Context(processed=tmp_path / "out")
    conv = ctx.conversations
    assert conv is not None and conv["two_way"].sum() == mine.groupby(
        msgs["conversation_id"]).any().sum()
    assert not c7_cold_messages(ctx).summary.startswith("not testable")


def test_the_most_frequent_sender_is_not_the_owner(tmp_path):
    """A vendor writes the most messages (60, in one conversation); the owner wrote 20."""
    ledger = ingest(e9_export(tmp_path / "export", invitations=False), tmp_path / "out")
    msgs = pd.read_parquet(tmp_path / "out" / "messages.parquet")
    assert msgs["sender_name"].value_counts().index[0] != OWNER
    assert ledger["owner"]["name"] == OWNER


def test_two_names_in_every_conversation_give_one_line_and_no_owner(tmp_path, capsys):
    export = e9_export(tmp_path / "export", second_owner="Sam Quill", invitations=False)
    assert main(["ingest", str(export), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    ledger = pd.read_json(tmp_path / "out" / "ledger.json", typ="series")
    owner = ledger["owner"]
    assert owner["url"] is None and owner["name"] is None and owner["confidence"] == "none"
    note = owner["note"]
    assert "\n" not in note and note in printed
    for part in ('"Robin Quill" in 100%', '"Sam Quill" in 100%', "--owner-name", "--owner-url"):
        assert part in note
    msgs = pd.read_parquet(tmp_path / "out" / "messages.parquet")
    assert msgs["direction"].isna().all()  # no owner guessed, so no direction guessed

    ctx = Context(processed=tmp_path / "out")
    for result in (c1_being_sold_to(ctx), c7_cold_messages(ctx)):
        assert result.verdict == "not testable"
        assert result.summary.startswith("not testable: owner unknown (run `python -m "
                                         "analysis ingest --owner-name")
        assert "messages.csv" not in result.missing


def test_owner_name_flag_settles_the_ambiguity(tmp_path):
    export = e9_export(tmp_path / "export", second_owner="Sam Quill", invitations=False)
    assert main(["ingest", str(export), "--out", str(tmp_path / "out"),
                 "--owner-name", OWNER]) == 0
    ledger = pd.read_json(tmp_path / "out" / "ledger.json", typ="series")
    assert ledger["owner"]["method"] == "--owner-name"
    assert ledger["owner"]["confidence"] == "given"
    assert (ledger["owner"]["name"], ledger["owner"]["url"]) == (OWNER, OWNER_URL)
    msgs, mine = _owner_rows(tmp_path / "out")
    assert (msgs.loc[mine, "direction"] == "out").all()
    assert (msgs.loc[~mine, "direction"] == "in").all()


def test_an_owner_name_that_signs_no_message_is_flagged(tmp_path, capsys):
    export = e9_export(tmp_path / "export", second_owner="Sam Quill", invitations=False)
    assert main(["ingest", str(export), "--out", str(tmp_path / "out"),
                 "--owner-name", "Robin Quil"]) == 0
    note = pd.read_json(tmp_path / "out" / "ledger.json", typ="series")["owner"]["note"]
    assert note.startswith('--owner-name "Robin Quil" wrote none of the') and "spelling" in note
    assert note in capsys.readouterr().out


def test_invitations_break_a_tie_between_names(tmp_path):
    ledger = ingest(e9_export(tmp_path / "export", second_owner="Sam Quill"), tmp_path / "out")
    assert ledger["owner"]["name"] == OWNER
    assert "invitations" in ledger["owner"]["method"]


PROFILE_2022 = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
                "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n")


@pytest.mark.parametrize(("profile", "agrees"), [("Róbin,QUILL", True), ("Kit,Marsh", False)])
def test_profile_name_backs_or_disputes_the_name(tmp_path, profile, agrees):
    """Profile.csv agreeing up to case and accents backs the name; a different name is
    said in one line (the messages decide, since they are what direction is read from)."""
    export = e9_export(tmp_path / "export", invitations=False)
    (export / "Profile.csv").write_text(PROFILE_2022 + profile + ",,,,,,,,,,,\n")
    owner = ingest(export, tmp_path / "out")["owner"]
    assert owner["name"] == OWNER and owner["url"] == OWNER_URL
    if agrees:
        assert "agrees with Profile.csv" in owner["method"] and owner["note"] is None
    else:
        assert owner["confidence"] == "medium"
        assert 'Profile.csv says "Kit Marsh"' in owner["note"] and "\n" not in owner["note"]


def test_a_name_in_too_few_conversations_is_not_guessed(tmp_path):
    """The owner's name is missing from TO in half the conversations: 76% is not 'nearly
    every', and nothing else backs it, so the owner is not guessed; the line says why."""
    export = e9_export(tmp_path / "export", without_owner_in_to=20, invitations=False)
    ledger = ingest(export, tmp_path / "out")
    owner = ledger["owner"]
    assert owner["name"] is None and owner["url"] is None
    assert owner["note"].startswith("Owner not found: no name is in nearly every conversation")
    assert '"Robin Quill" is in 76% of 41 conversations' in owner["note"]


def test_name_backed_by_invitations_is_taken_with_a_note(tmp_path):
    """The same 76%, but the invitations name the same person: taken, with a line."""
    ledger = ingest(e9_export(tmp_path / "export", without_owner_in_to=20), tmp_path / "out")
    owner = ledger["owner"]
    assert owner["name"] == OWNER and owner["confidence"] == "medium"
    assert "backed by invitations" in owner["note"] and "--owner-name" in owner["note"]


@pytest.mark.parametrize("target", ["ingest", "report", "doctor"])
def test_make_passes_owner_flags(target):
    """OWNER_URL= and OWNER_NAME= reach the command (dry run: nothing is executed)."""
    out = subprocess.run(["make", "-n", target, "EXPORT=some export.zip",
                          "OWNER_NAME=Ana María", "OWNER_URL=https://www.linkedin.com/in/x"],
                         capture_output=True, text=True, check=True).stdout
    assert '--owner-name "Ana María"' in out
    assert '--owner-url "https://www.linkedin.com/in/x"' in out
