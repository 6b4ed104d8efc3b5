"""C5 and C10 on small hand-built exports: employer matching, the year-long look-back,
unknown application evidence, the registered minimums and the LinkedIn source rule."""

from __future__ import annotations

import json

import pandas as pd

from analysis.claims import Context
from analysis.claims.jobs import c5_jobs, c10_not_fundamental, position_traces

OWNER = "https://www.linkedin.com/in/owner"
T = pd.Timestamp


def _ts(text: str) -> pd.Timestamp:
    return T(text, tz="UTC")


def _messages(openers: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One inbound message per (date, sender url, text), each its own conversation, plus an
    old outbound message that sets when the messages begin."""
    rows = [("2019-01-07", OWNER, "out", "hello")] + [(d, u, "in", t) for d, u, t in openers]
    n = len(rows)
    return pd.DataFrame({
        "conversation_id": [f"c{i}" for i in range(n)],
        "conversation_title": [None] * n,
        "sender_name": ["x"] * n,
        "sender_url": [r[1] for r in rows],
        "recipient_names": ["y"] * n,
        "recipient_urls": [[OWNER] if r[2] == "in" else ["https://www.linkedin.com/in/z"]
                           for r in rows],
        "sent_at": pd.to_datetime([r[0] for r in rows], utc=True),
        "subject": [None] * n, "text": [r[3] for r in rows], "folder": ["INBOX"] * n,
        "direction": [r[2] for r in rows], "is_draft": [False] * n,
        "is_sponsored": [False] * n, "sender_kind": ["member"] * n,
        "n_recipients": pd.array([1] * n, dtype="Int64"),
        "message_id": [f"m{i}" for i in range(n)], "is_conversation_opener": [True] * n,
    })


def _connections(people: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({
        "first_name": ["A"] * len(people), "last_name": [f"B{i}" for i in range(len(people))],
        "profile_url": [u for u, _ in people], "company": [c for _, c in people],
        "position": ["Recruiter"] * len(people),
        "connected_on": pd.to_datetime(["2018-06-01"] * len(people), utc=True),
        "is_anonymous": [False] * len(people)})


def _positions(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"company": [c for c, _ in rows],
                         "started_on": pd.to_datetime([d for _, d in rows], utc=True),
                         "started_on_precision": ["month"] * len(rows)})


def _applications(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"company": [c for c, _ in rows],
                         "applied_at": pd.to_datetime([d for _, d in rows], utc=True)})


def _context(tmp_path, *, apps_in_archive: bool, **tables) -> Context:
    """A context on in-memory tables; the ledger says whether the archive had the Job
    Applications file (present with no rows is not the same as absent)."""
    files = {"Positions.csv": {"table": "positions"}}
    if apps_in_archive:
        files["Jobs/Job Applications.csv"] = {"table": "job_applications"}
    (tmp_path / "ledger.json").write_text(json.dumps({"files": files}))
    msgs = tables.get("messages")
    labels = None
    if msgs is not None:
        labels = pd.DataFrame({"message_id": msgs["message_id"],
                               "label": ["social"] + ["recruiting"] * (len(msgs) - 1)})
    return Context(processed=tmp_path, labels=labels, _tables=dict(tables))


RECRUITER = "https://www.linkedin.com/in/recruiter"
SHORT = [("ING", "2023-06-01"), ("EY", "2023-07-01"), ("SAP SE", "2023-08-01"),
         ("The Company Co.", "2023-09-01")]


def test_short_employer_names_never_match_words_in_messages(tmp_path):
    """'ING' in 'recruiting', 'EY' in 'they', 'SAP' in 'asap', 'the' from 'The Company
    Co.': none of these is a trace of the employer."""
    texts = ["We are recruiting for a data lead, reply asap", "I think they would like you",
             "The team is growing"]
    ctx = _context(tmp_path, apps_in_archive=True,
                   messages=_messages([("2023-03-01", RECRUITER, t) for t in texts]),
                   connections=_connections([(RECRUITER, "Hirewell Partners")]),
                   positions=_positions(SHORT),
                   job_applications=_applications([("Other Firm", "2018-01-01")]))
    traces = position_traces(ctx)
    assert traces["assessable"].all()
    assert traces["recruiter_conversations"].tolist() == [0, 0, 0, 0], traces
    r = c5_jobs(ctx)
    assert r.verdict == "supported", r.summary
    assert "No LinkedIn trace found for any of 4 assessable positions" in r.summary
    assert "absence of a trace" in r.summary


def test_long_names_match_whole_words_after_legal_suffixes(tmp_path):
    """'Acme Analytics GmbH' is named in 'Acme Analytics is hiring' and applied to as
    'ACME ANALYTICS, Inc.'; 'Nova' is not named in 'Novartis'; a short name matches an
    exact company field (the recruiter works at 'SAP')."""
    ctx = _context(tmp_path, apps_in_archive=True,
                   messages=_messages([
                       ("2023-02-01", RECRUITER, "Acme Analytics is hiring, interested?"),
                       ("2023-04-01", RECRUITER, "Novartis is looking for you"),
                       ("2023-06-01", "https://www.linkedin.com/in/sap-hr", "Hi there")]),
                   connections=_connections([(RECRUITER, "Hirewell"),
                                             ("https://www.linkedin.com/in/sap-hr", "SAP")]),
                   positions=_positions([("Acme Analytics GmbH", "2023-06-01"),
                                         ("Nova", "2023-07-01"), ("SAP SE", "2023-08-01"),
                                         ("Zeta Labs", "2023-10-01")]),
                   job_applications=_applications([("Other", "2018-01-01"),
                                                   ("ACME ANALYTICS, Inc.", "2023-01-15")]))
    traces = position_traces(ctx).set_index("employer")
    assert traces.loc["Acme Analytics GmbH", "applications"] == 1
    assert traces.loc["Acme Analytics GmbH", "recruiter_conversations"] == 1
    assert traces.loc["Nova", "evidence"] == "no trace"
    assert traces.loc["SAP SE", "evidence"] == "recruiter contact"
    r = c5_jobs(ctx)
    assert r.verdict == "contradicted" and r.estimate == 2, r.summary
    assert "went together with" in r.summary


def test_a_position_needs_a_full_year_of_messages(tmp_path):
    """Messages begin in January 2019: a start 40 days later is not assessable; starts
    more than a year after the messages begin are, whenever the first recorded application
    came (the applications file's record is not taken to begin at its first row)."""
    msgs = _messages([])
    ctx = _context(tmp_path, apps_in_archive=True, messages=msgs,
                   positions=_positions([("Early Corp", "2019-02-16"),
                                         ("Middle Corp", "2022-06-01"),
                                         ("Late Corp", "2023-06-01")]),
                   job_applications=_applications([("Other", "2022-01-10")]))
    traces = position_traces(ctx).set_index("employer")
    assert traces["assessable"].to_dict() == {"Early Corp": False, "Middle Corp": True,
                                              "Late Corp": True}
    r = c5_jobs(ctx)
    assert r.verdict == "not testable"
    assert r.summary.startswith("too thin: n = 2 assessable position starts")
    assert "needs ≥ 3" in r.summary


def test_the_job_the_first_application_led_to_is_assessable(tmp_path):
    """The owner's first (and only) LinkedIn application, three months before a job at that
    employer: a trace found, so C5 is contradicted (it used to be thrown away, the record
    being taken to start at that very application)."""
    ctx = _context(tmp_path, apps_in_archive=True, messages=_messages([]),
                   positions=_positions([("Acme Analytics", "2022-04-01"),
                                         ("Beta Works", "2022-09-01"),
                                         ("Gamma Labs", "2023-06-01")]),
                   job_applications=_applications([("Acme Analytics", "2022-01-03")]))
    traces = position_traces(ctx).set_index("employer")
    assert traces.loc["Acme Analytics", "assessable"]
    assert traces.loc["Acme Analytics", "evidence"] == "application"
    r = c5_jobs(ctx)
    assert r.verdict == "contradicted", r.summary
    assert r.estimate == 1 and r.n == 3


def test_missing_applications_file_means_unknown_not_none(tmp_path):
    """Without Jobs/Job Applications.csv, 'no application found' is not evidence: C5 is
    not 'supported' and C10 leaves those positions out; a header-only file is 'none'."""
    tables = {"messages": _messages([]),
              "positions": _positions([("Acme", "2021-01-01"), ("Beta Works", "2022-01-01"),
                                       ("Gamma Labs", "2023-01-01")])}
    r = c5_jobs(_context(tmp_path, apps_in_archive=False, **tables))
    assert r.verdict == "inconclusive", r.summary
    assert "applications are unknown" in r.summary
    assert position_traces(_context(tmp_path, apps_in_archive=False, **tables))[
        "applications"].isna().all()
    r10 = c10_not_fundamental(_context(tmp_path, apps_in_archive=False, **tables))
    assert r10.n == 0 and r10.verdict == "not testable"
    r = c5_jobs(_context(tmp_path, apps_in_archive=True, **tables))
    assert r.verdict == "supported", r.summary


def _outcomes(sources: list[str]) -> pd.DataFrame:
    n = len(sources)
    return pd.DataFrame({"date": pd.date_range("2023-01-02", periods=n, freq="14D", tz="UTC"),
                         "kind": ["client"] * n, "source": [s.lower() for s in sources],
                         "from_linkedin": [s.lower() == "linkedin" for s in sources]})


def test_c10_needs_ten_outcomes_and_counts_linkedin_in_any_form(tmp_path):
    nine = _outcomes(["referral"] * 9)
    r = c10_not_fundamental(_context(tmp_path, apps_in_archive=True, outcomes=nine))
    assert r.verdict == "not testable" and r.summary.startswith("too thin: n = 9 outcomes")
    assert "needs ≥ 10" in r.summary
    named = ["LinkedIn Jobs", "linkedin post", "via LinkedIn", "linkedin"] * 3
    r = c10_not_fundamental(_context(tmp_path, apps_in_archive=True,
                                     outcomes=_outcomes(named + ["referral"] * 2)))
    assert (r.n, r.estimate) == (14, 12 / 14), r.summary
    assert r.verdict == "contradicted"
    r = c10_not_fundamental(_context(tmp_path, apps_in_archive=True,
                                     outcomes=_outcomes(["referral"] * 12)))
    assert r.verdict == "supported" and "absence of a trace" in r.summary


def test_no_messages_names_the_missing_file(tmp_path):
    ctx = _context(tmp_path, apps_in_archive=True,
                   positions=_positions([("Acme", "2021-01-01"), ("Beta Works", "2022-01-01"),
                                         ("Gamma Labs", "2023-01-01")]))
    r = c5_jobs(ctx)
    assert r.verdict == "not testable" and r.missing == ["messages.csv"]
