"""Named, file-specific repairs, applied to a typed table after reading.

Each repair undoes one documented LinkedIn quirk (see the docs/export-format.md section in
its docstring). Specs name the repairs they need in ``FileSpec.quirks``; everything here is
vectorised because messages can run to a million rows.
"""

from __future__ import annotations

import html

import pandas as pd

from .spec import FileSpec

MARKUP = r"<[a-zA-Z/!][^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"


def clean_message_text(text: pd.Series) -> pd.Series:
    """Strip HTML and decode entities where a body has markup; keep ``%FIRSTNAME%`` and ``<3``.

    Sponsored InMail bodies are ``spinmail`` HTML (docs/export-format.md §4.2); plain bodies
    are left as written apart from line-ending normalisation and trimming.
    """
    text = text.astype("str")
    has_markup = text.str.contains(MARKUP, regex=True, na=False)
    if has_markup.any():
        sub = text[has_markup]
        sub = sub.str.replace(r"(?i)<br\s*/?>", "\n", regex=True)
        sub = sub.str.replace(r"(?i)</(?:p|div|li|h[1-6]|tr)\s*>", "\n", regex=True)
        sub = sub.str.replace(r"(?i)<li\b[^>]*>", "• ", regex=True)
        sub = sub.str.replace(r"<[a-zA-Z/!][^>]*>", "", regex=True)
        sub = sub.map(html.unescape, na_action="ignore").astype("str")
        text = text.where(~has_markup, sub)
    text = text.str.replace("\r\n", "\n", regex=False).str.replace("\xa0", " ", regex=False)
    multiline = text.str.contains("\n", regex=False, na=False)
    if multiline.any():
        sub = text[multiline].str.replace(r"[ \t]+\n", "\n", regex=True)
        sub = sub.str.replace(r"\n{3,}", "\n\n", regex=True)
        text = text.where(~multiline, sub)
    text = text.str.strip()
    return text.where(text != "", None)


def unwrap_share_commentary(text: pd.Series) -> pd.Series:
    """Undo Shares.csv's per-line quote wrapping (docs/export-format.md §4.11).

    After CSV decoding a multi-line post reads ``Line one."\\n""\\n"Line two.``: every line
    but the first starts with an extra ``"``, every line but the last ends with one, and
    blank lines are ``""``.
    """
    text = text.astype("str").str.replace("\r\n", "\n", regex=False)
    multiline = text.str.contains("\n", regex=False, na=False)
    if not multiline.any():
        return text

    def unwrap(value: str) -> str:
        lines = value.split("\n")
        last = len(lines) - 1
        out = []
        for i, line in enumerate(lines):
            if line == '""':
                out.append("")
                continue
            if i > 0 and line.startswith('"'):
                line = line[1:]
            if i < last and line.endswith('"'):
                line = line[:-1]
            out.append(line)
        return "\n".join(out)

    return text.where(~multiline, text[multiline].map(unwrap).astype("str"))


BARE_PROFILE_URL = {"https://www.linkedin.com/in", "https://www.linkedin.com/in/"}


def _message_text(frame: pd.DataFrame, era: str) -> pd.DataFrame:
    """Sponsored mail is recognised before cleaning: its ``spinmail`` HTML is the evidence."""
    spinmail = frame["text"].str.contains("spinmail", regex=False, na=False)
    frame["is_sponsored"] = (frame["sender_url"].isna()
                             & (spinmail | frame["conversation_title"].notna())).astype(bool)
    frame["text"] = clean_message_text(frame["text"])
    return frame


def _share_commentary(frame: pd.DataFrame, era: str) -> pd.DataFrame:
    if era != "2018-utf16":
        frame["text"] = unwrap_share_commentary(frame["text"])
    return frame


def _invitations(frame: pd.DataFrame, era: str) -> pd.DataFrame:
    frame["direction"] = frame["direction"].str.upper().map(
        {"INCOMING": "in", "OUTGOING": "out"}).astype("str")
    for col in ("inviter_url", "invitee_url"):
        frame[col] = frame[col].where(~frame[col].isin(BARE_PROFILE_URL), None)
    return frame


def _upper_status(frame: pd.DataFrame, era: str) -> pd.DataFrame:
    frame["status"] = frame["status"].str.upper()
    return frame


def _anonymous_rows(frame: pd.DataFrame, era: str) -> pd.DataFrame:
    frame["is_anonymous"] = (frame["first_name"].isna() & frame["last_name"].isna()
                             & frame["profile_url"].isna())
    return frame


REPAIRS = {
    "message_text": _message_text,
    "share_commentary": _share_commentary,
    "invitations": _invitations,
    "upper_status": _upper_status,
    "anonymous_rows": _anonymous_rows,
}


def apply_quirks(frame: pd.DataFrame, spec: FileSpec, era: str) -> pd.DataFrame:
    for name in spec.quirks:
        frame = REPAIRS[name](frame, era)
    return frame
