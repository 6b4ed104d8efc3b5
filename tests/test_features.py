"""Conversation features on a hand-made messages table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import features

OWNER = "https://www.linkedin.com/in/owner"


def _msg(conv, at, direction, sender, recipients, opener=False, draft=False):
    return {"conversation_id": conv, "sent_at": pd.Timestamp(at, tz="UTC"),
            "direction": direction, "sender_url": sender, "sender_name": sender.rsplit("/", 1)[-1],
            "recipient_urls": recipients, "recipient_names": "x", "n_recipients": len(recipients),
            "text": "hi", "subject": None, "folder": "INBOX", "is_sponsored": False,
            "sender_kind": "owner" if direction == "out" else "person",
            "conversation_title": None, "message_id": f"{conv}-{at}",
            "is_conversation_opener": opener, "is_draft": draft}


@pytest.fixture
def messages():
    a, b, c = (f"https://www.linkedin.com/in/{n}" for n in "abc")
    rows = [
        _msg("1", "2024-01-01 10:00", "in", a, [OWNER], opener=True),
        _msg("1", "2024-01-04 10:00", "out", OWNER, [a]),          # reply after 72 h
        _msg("2", "2024-02-01 10:00", "out", OWNER, [b], opener=True),
        _msg("2", "2024-03-01 10:00", "in", b, [OWNER]),            # reply after 29 days
        _msg("3", "2024-02-01 10:00", "in", c, [OWNER], opener=True),
        _msg("3", "2024-02-02 10:00", "out", OWNER, [c], draft=True),  # a draft is no reply
        _msg("4", "2024-05-01 10:00", "out", OWNER, [a, b], opener=True),  # group
        _msg("4", "2024-05-01 11:00", "in", a, [OWNER, b]),
    ]
    return pd.DataFrame(rows)


def test_replies_latency_and_two_way(messages):
    conv = features.conversations(messages).set_index("conversation_id")
    assert conv.loc["1", "reply_latency_hours"] == pytest.approx(72)
    assert conv["replied"].to_dict() == {"1": True, "2": False, "3": False, "4": True}
    assert conv["two_way"].to_dict() == {"1": True, "2": True, "3": False, "4": True}
    assert conv.loc["3", "n_out"] == 0


def test_group_and_counterparts(messages):
    conv = features.conversations(messages).set_index("conversation_id")
    assert conv["is_group"].to_dict() == {"1": False, "2": False, "3": False, "4": True}
    assert conv.loc["1", "counterpart_url"].endswith("/a")
    assert conv.loc["2", "counterpart_url"].endswith("/b")
    assert pd.isna(conv.loc["4", "counterpart_url"])


def test_weekly_counts_are_missing_outside_coverage():
    weeks = pd.date_range("2024-01-01", periods=6, freq="7D", tz="UTC")
    times = pd.Series(pd.to_datetime(["2024-01-16", "2024-01-17", "2024-01-30"], utc=True))
    cover = features.coverage_of(times, weeks[-1])
    counts = features.weekly_counts(times, weeks, cover)
    assert counts.isna().tolist() == [True, True, False, False, False, False]
    assert counts.dropna().tolist() == [2.0, 0.0, 1.0, 0.0]


def test_week_of_is_the_monday():
    ts = pd.Series(pd.to_datetime(["2024-01-07 23:59", "2024-01-08 00:00"], utc=True))
    assert features.week_of(ts).dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-08"]


# ----------------------------------------------------------------------------- pure features
def _categorised(messages, categories):
    conv = features.conversations(messages)
    conv["opener_category"] = conv["conversation_id"].map(categories)
    return conv


def test_one_inbound_opener_filter(messages):
    conv = _categorised(messages, {"1": "sales_pitch", "2": "personal", "3": "automated",
                                   "4": "request"})
    analysed = features.inbound_openers(conv)
    assert list(analysed["conversation_id"]) == ["1"]  # outbound, group, automated are out
    every = features.inbound_openers(conv, analysed=False)
    assert list(every["conversation_id"]) == ["1", "3"]
    by_year = features.openers_by_year(conv)
    assert by_year.to_dict("records") == [{"year": 2024, "category": "automated", "n": 1},
                                          {"year": 2024, "category": "sales_pitch", "n": 1}]


def test_prior_two_way_needs_an_earlier_exchange(messages):
    a = "https://www.linkedin.com/in/a"
    later = pd.DataFrame([_msg("5", "2024-06-01 10:00", "out", OWNER, [a], opener=True)])
    conv = features.with_prior_two_way(features.conversations(
        pd.concat([messages, later], ignore_index=True))).set_index("conversation_id")
    assert not conv.loc["1", "prior_two_way"]  # the first exchange has nothing before it
    assert conv.loc["5", "prior_two_way"]  # conversation 1 became two-way before it


def test_person_keys_by_url_or_by_name():
    conns = pd.DataFrame({"first_name": ["Ana ", None], "last_name": ["de  Souza", None],
                          "profile_url": [None, None], "is_anonymous": [False, True]})
    assert not features.keys_are_urls(conns)
    keyed = features.keyed_connections(conns, by_url=False)
    assert keyed["key"].iloc[0] == "ana de souza"
    assert pd.isna(keyed["key"].iloc[1])  # a hidden member has no key
    conv = pd.DataFrame({"counterpart_url": ["u"], "counterpart_name": [" ANA de souza"]})
    assert features.counterpart_keys(conv, by_url=False).tolist() == ["ana de souza"]
    assert features.counterpart_keys(conv, by_url=True).tolist() == ["u"]


def test_company_keys_drop_case_accents_and_legal_forms():
    keys = features.company_key(pd.Series(["Société Générale S.A.", "ACME, Inc.", "Group"]))
    assert keys.tolist() == ["societe generale", "acme", "group"]


@pytest.mark.parametrize("name,key", [
    ("Volkswagen Group of America", "volkswagen group of america"),  # a suffix only at the end
    ("Co-operative Bank", "co operative bank"),
    ("Brightloop Holdings Ltd.", "brightloop"),  # several trailing forms
    ("Müller Spedition GmbH & Co. KG", "muller spedition"),
    ("Nordvik AS", "nordvik"), ("S.p.A.", "spa"),  # a legal form alone is kept as the name
    ("", None), (None, None), ("  ,. ", None),
])
def test_employer_key_rules(name, key):
    assert features.employer_key(name) == key


def test_overview_and_pseudonyms_group_employers_with_the_same_key(tmp_path, monkeypatch):
    """The overview counts employers and the report names them: one key for both, so the
    spellings the overview merges get one pseudonym (they used two different keys)."""
    from analysis import overview, privacy

    monkeypatch.setattr(privacy, "KEY_FILE", tmp_path / "pseudonym.key")
    spellings = ["Société Générale S.A.", "Societe Generale", "SOCIÉTÉ GÉNÉRALE SA",
                 "Volkswagen Group of America", "Volkswagen of America"]
    pd.DataFrame({"profile_url": [f"https://www.linkedin.com/in/p{i}" for i in range(5)],
                  "first_name": "A", "last_name": list("BCDEF"), "company": spellings}) \
        .to_parquet(tmp_path / "connections.parquet")
    table = overview.employers(tmp_path)
    assert table["n"].tolist() == [3, 1, 1]
    names = privacy.Pseudonyms(b"k", employers=spellings[:1])
    assert {names.employer(s) for s in spellings[:3]} == {"Employer A"}
    assert names.employer(spellings[3]) != names.employer(spellings[4])
