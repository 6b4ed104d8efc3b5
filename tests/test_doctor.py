"""``python -m analysis doctor``: one screen on what was found, the owner and why, what each
claim needs and has, and what to do next; it writes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import write_export
from owner_exports import OWNER, e9_export

from analysis.claims.definitions import CLAIMS
from analysis.cli import main
from analysis.doctor import _found as found_lines
from analysis.doctor import diagnose


def _tree(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*")}


def _doctor_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("linkedout-doctor-*")}


def test_doctor_on_an_export_found_by_name(tmp_path, capsys):
    export = e9_export(tmp_path / "raw" / "export")
    before, temps = _tree(tmp_path), _doctor_dirs()
    assert main(["doctor", str(export)]) == 0
    screen = capsys.readouterr().out
    assert _tree(tmp_path) == before, "the doctor writes nothing beside the export"
    assert _doctor_dirs() == temps, "and leaves no temporary folder behind"
    assert "messages.csv: messages, era 2021" in screen
    assert "Owner: found by name in nearly every conversation" in screen
    assert OWNER not in screen  # evidence is shares and counts, not names
    for claim in CLAIMS.values():  # every claim, with its declared needs
        line = next(x for x in screen.splitlines() if x.strip().startswith(claim.id + " "))
        assert all(f in line for f in claim.needs)
    c1 = next(x for x in screen.splitlines() if x.strip().startswith("C1 "))
    assert "messages.csv (" in c1 and "the owner (found)" in c1 and c1.endswith("-> ready")
    c5 = next(x for x in screen.splitlines() if x.strip().startswith("C5 "))
    assert c5.endswith("not testable: Positions.csv missing")
    assert "Next:" in screen and "make report EXPORT=" in screen


def test_doctor_says_owner_unknown_and_the_flag(tmp_path):
    export = e9_export(tmp_path / "export", second_owner="Sam Quill", invitations=False)
    lines, ready = diagnose(export)
    screen = "\n".join(lines)
    assert not ready
    assert "Owner: NOT found" in screen
    c1 = next(x for x in lines if x.strip().startswith("C1 "))
    assert c1.endswith("-> not testable: owner unknown")
    steps = screen.split("Next:")[1]
    assert "--owner-name" in steps and '"Robin Quill" in 100%' in steps
    assert "make report EXPORT=" not in steps

    lines, ready = diagnose(export, owner_name=OWNER)
    assert ready and any(x.startswith("Owner: found by --owner-name") for x in lines)


def test_doctor_on_a_wholly_quarantined_file(tmp_path):
    """Every row unreadable is not 'missing': the doctor says which and what to do."""
    e9 = e9_export(tmp_path / "e9")
    export = write_export(tmp_path / "export", {
        "messages.csv": (e9 / "messages.csv").read_text(),
        "Connections.csv": "First Name,Last Name,Email Address,Company,Position,Connected On\n"
                           "Ana,Sample,,Co,Eng,not a date\n"})
    lines, ready = diagnose(export)
    screen = "\n".join(lines)
    assert not ready
    c2 = next(x for x in lines if x.strip().startswith("C2 "))
    assert "Connections.csv (all 1 rows quarantined)" in c2
    assert "Connections.csv: every row was quarantined" in screen.split("Next:")[1]


def test_doctor_on_something_that_is_not_an_export(tmp_path, capsys):
    folder = write_export(tmp_path / "notes", {"notes.txt": "hello"})
    lines, ready = diagnose(folder)
    assert not ready and lines[0].startswith("Could not read the export:")
    assert main(["doctor", str(folder)]) == 1
    assert "Could not read the export" in capsys.readouterr().out


def test_doctor_shows_what_else_the_ledger_records():
    """What the reader records about a file beyond the usual keys (an edited file, an
    inferred date format, an unknown header) reaches the screen as it is."""
    ledger = {"source": {"name": "x", "archive": "Basic"},
              "totals": {"rows_loaded": 1, "rows_quarantined": 0, "rows_read": 1},
              "files": {"Connections (2).csv": {
                  "table": "connections", "era": "2023+", "rows_read": 1, "rows_loaded": 1,
                  "rows_quarantined": 0, "edited": "re-saved by a spreadsheet",
                  "date_format": "%d-%b-%y"}},
              "unknown_files": [{"file": "odd.csv", "header": ["A", "B"]}]}
    screen = "\n".join(found_lines(ledger))
    assert "Connections (2).csv: connections, era 2023+, 1 rows" in screen
    assert "edited: re-saved by a spreadsheet" in screen
    assert "date_format: %d-%b-%y" in screen
    assert 'Unknown files: [{"file": "odd.csv", "header": ["A", "B"]}]' in screen
