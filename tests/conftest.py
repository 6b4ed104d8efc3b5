"""Shared test helpers: build exports (folders and ZIPs) from bytes written in the test."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ERAS = FIXTURES / "eras"


def write_export(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write ``files`` (relative path -> content) as an extracted export folder."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def zip_folder(folder: Path, zip_path: Path, prefix: str = "") -> Path:
    """ZIP an export folder the way a user (or LinkedIn) would; ``prefix`` nests it once."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return zip_path


@pytest.fixture
def minimal_files() -> dict[str, str]:
    """A tiny valid 2025-era export: owner in every conversation, one hidden connection."""
    return {
        "Connections.csv": (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Ana,Placeholder,https://www.linkedin.com/in/ana-placeholder,,Acme,Eng,05 Mar 2021\n"
            ",,,,,,07 Jun 2022"
        ),
        "messages.csv": (
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n"
            "2-AA==,,Owner Person,https://www.linkedin.com/in/owner-person,Ana Placeholder,"
            "https://www.linkedin.com/in/ana-placeholder,2023-06-12 10:00:00 UTC,,"
            "\"Thanks, talk soon\",INBOX,\n"
            "2-AA==,,Ana Placeholder,https://www.linkedin.com/in/ana-placeholder,Owner Person,"
            "https://www.linkedin.com/in/owner-person,2023-06-11 15:33:58 UTC,,Hi there,INBOX,\n"
        ),
        "Profile.csv": (
            "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
            "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
            "Owner,Person,,,,,,,,,,,\n"
        ),
    }


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's Chromium driven over DevTools (skips when it cannot be had), one per module."""
    from test_browser import DevTools, ensure_chromium

    exe = ensure_chromium()
    root = tmp_path_factory.mktemp("chromium")
    (root / "profile").mkdir()
    tools = DevTools(exe, root / "profile")
    yield tools
    tools.close()
