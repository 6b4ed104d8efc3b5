"""tools/real_openers.py on synthetic git mirrors: exports found from headers only, the split
fixed before any text is read, and every locator row pointing at a real opener's record."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
from owner_exports import OWNER, OWNER_URL, _conv_id, _row, e9_export

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("real_openers", ROOT / "tools" / "real_openers.py")
ro = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ro)


def _mirror(root: Path, repo: str, files: dict[str, str]) -> None:
    """A fetched mirror as the tool finds it: root/OWNER+NAME/repo with a .git inside."""
    work = root / repo.replace("/", "+") / "repo"
    work.mkdir(parents=True)
    for rel, text in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text, encoding="utf-8")
    run = dict(cwd=work, check=True, capture_output=True)
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                    "commit", "-qm", "export"], **run)


@pytest.fixture()
def mirrors(tmp_path):
    export = e9_export(tmp_path / "e9")
    files = {p.name: p.read_text(encoding="utf-8") for p in export.iterdir()}
    # a conversation the owner opened: its first message is not an opener by someone else
    files["messages.csv"] += _row(_conv_id(500), OWNER, OWNER_URL, "Someone Else", 5,
                                  "Hi, a note from me")
    # real exports carry seconds; a file stamped only on whole minutes looks made up
    seconds = iter(range(10**6))
    files["messages.csv"] = re.sub(r":00 UTC", lambda m: f":{next(seconds) % 50 + 10} UTC",
                                   files["messages.csv"])
    root = tmp_path / "mirrors"
    _mirror(root, "alice/my-export", files)
    # the same file copied into a sub-folder counts once; a chat app's messages.csv is not
    # a LinkedIn export
    _mirror(root, "bob/analysis", {**{f"data/{k}": v for k, v in files.items()},
                                   **{f"copy/{k}": v for k, v in files.items()}})
    _mirror(root, "carol/chat-app", {"messages.csv": "id,author,text\n1,a,hi\n"})
    _mirror(root, "Femi10/Linkedin-Data-Visualization", files)  # kept for evaluation
    return root


def test_era_comes_from_the_header_alone():
    assert ro.era_of("\ufeffCONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                     "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT") == "new"
    assert ro.era_of("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE") == "mid"
    assert ro.era_of("From,To,Date,Subject,Content,Direction,Folder") == "old"
    assert ro.era_of("id,author,text") is None


def test_discover_lists_each_linkedin_export_once_and_never_an_evaluation_repo(mirrors):
    found = ro.discover(mirrors)
    assert sorted((e["repo"], e["path"]) for e in found) == [
        ("alice/my-export", "messages.csv"), ("bob/analysis", "copy/messages.csv")]
    assert {e["era"] for e in found} == {"mid"}


def test_split_is_by_repository_seeded_stable_and_keeps_development_repos_in_tune():
    exports = [{"repo": f"user{i}/export", "era": "new"} for i in range(200)]
    exports += [{"repo": "naeemahaz/linkedin", "era": "new"},
                {"repo": "someone/old-one", "era": "old"}]
    split = ro.assign_split(exports)
    assert split == ro.assign_split(list(reversed(exports)))  # order does not matter
    more = ro.assign_split(exports + [{"repo": f"late{i}/x", "era": "mid"} for i in range(9)])
    assert all(more[r] == split[r] for r in split)  # adding exports moves none
    assert split["naeemahaz/linkedin"] == "tune"
    assert split["someone/old-one"] == "test"  # the only old-format export is tested
    share = sum(split[f"user{i}/export"] == "test" for i in range(200)) / 200
    assert abs(share - ro.TEST_SHARE) < 0.1, share


def _csv(header: str, rows: list[str]) -> bytes:
    return (header + "\n" + "\n".join(rows) + "\n").encode()


def test_redacted_or_made_up_files_are_not_used():
    head = "CONVERSATION ID,FROM,DATE,CONTENT"
    cid = "2-" + "QUJDREVGR0hJSktMTU5PUA" + "{:02d}"
    real = [f"{cid.format(i)},P{i},2021-01-{1 + i:02d} 10:0{i % 10}:1{i % 10} UTC,note {i}"
            for i in range(20)]
    assert ro.not_usable(_csv(head, real)) is None
    redacted = [r.rsplit(",", 1)[0] + ",[removed]" for r in real]
    assert "redacted" in ro.not_usable(_csv(head, redacted))
    made_up = [r.replace(cid.format(i), f"conv{i}") for i, r in enumerate(real)]
    assert "LinkedIn's form" in ro.not_usable(_csv(head, made_up))
    whole = [f"{cid.format(i)},P{i},2021-01-{1 + i:02d} 10:00:00 UTC,note {i}"
             for i in range(20)]
    assert "whole minute" in ro.not_usable(_csv(head, whole))


def test_extract_locates_openers_written_by_others(mirrors, tmp_path, monkeypatch):
    monkeypatch.setattr(ro, "MAX_PER_EXPORT", 12)
    exports = ro.discover(mirrors)
    rows, notes = ro.extract(mirrors, exports)
    assert all("openers" in n for n in notes), notes
    for e in exports:
        assert e["n_openers"] == 12  # 41 openers by others, sampled down
    assert len({r["id"] for r in rows}) == len(rows)
    gdir = ro.mirrors(mirrors)["alice/my-export"]
    records = ro._records(ro.git(gdir, "show", "HEAD:messages.csv"))
    firsts = {}
    for rec in records:
        firsts.setdefault(rec["CONVERSATION ID"], []).append(rec)
    for r in (r for r in rows if r["repo"] == "alice/my-export"):
        rec = records[r["record"] - 1]
        assert hashlib.sha256(rec["CONTENT"].encode()).hexdigest() == r["content_sha256"]
        assert rec["CONVERSATION ID"] == r["conversation_id"] and rec["DATE"] == r["date"]
        assert rec["FROM"] != OWNER
        earliest = min(firsts[rec["CONVERSATION ID"]], key=lambda x: x["DATE"])
        assert earliest is rec, "an opener is the first message of its conversation"
        assert r["language"] in ("en", "und")


def test_files_hold_no_text_in_the_repo_and_texts_only_in_the_cache(mirrors, tmp_path):
    exports_csv, out = tmp_path / "exports.csv", tmp_path / "locators.csv"
    ro.main(["discover", "--mirrors", str(mirrors), "--out", str(exports_csv)])
    with pytest.raises(SystemExit, match="outside the repository"):
        ro.main(["extract", "--mirrors", str(mirrors), "--exports", str(exports_csv),
                 "--out", str(out), "--cache", str(ROOT / "data" / "real-cache")])
    cache = tmp_path / "private"
    ro.main(["extract", "--mirrors", str(mirrors), "--exports", str(exports_csv),
             "--out", str(out), "--cache", str(cache)])
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ro.LOCATOR_COLUMNS
    body = out.read_text(encoding="utf-8")
    assert "Hello from" not in body and OWNER not in body and "linkedin.com" not in body
    rate = [json.loads(line) for line in (cache / "rate_input.jsonl").open(encoding="utf-8")]
    assert {tuple(sorted(r)) for r in rate} == {("id", "text", "title")}
    assert sorted(r["id"] for r in rate) == sorted(r["id"] for r in rows)
    assert [r["id"] for r in rate] != [r["id"] for r in rows]  # shuffled, not in export order
    with open(exports_csv, encoding="utf-8") as fh:
        counts = [int(e["n_openers"]) for e in csv.DictReader(fh)]
    assert counts == [41, 41]  # 40 people and one vendor; the owner's own opener is not one
    assert sum(counts) == len(rows)
