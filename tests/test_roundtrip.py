"""Property: message texts with commas, quotes, newlines, HTML and emoji survive a round trip.

Texts are written the way LinkedIn writes them (csv-module quoting for the 2025 form, every
field quoted for the 2026 form, spinmail HTML for sponsored bodies) and read back.
"""

from __future__ import annotations

import csv
import html
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.export.catalog import COMMENTS, MESSAGES
from analysis.export.reader import read_member

HEADER = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
          "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS"]
TOKENS = list("abcXYZ019,\"';:!?-()éüßçø/&") + ["😀", "🚀", "👍🏽", "<3", "中文", "\u202f"]
WORD = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map("".join)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=4).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n"]).map(lambda sep: sep.join(lines)))


def _messages_csv(texts: list[str], quote_all: bool) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for i, text in enumerate(texts):
        writer.writerow([f"2-{i:04d}", "", "Ana P", "https://www.linkedin.com/in/ana", "Owner",
                         "https://www.linkedin.com/in/owner", "2025-01-02 03:04:05 UTC", "",
                         text, "INBOX", ""])
    return buf.getvalue().encode("utf-8")


def _plain(text: str) -> bool:
    """Texts the reader must return unchanged: no markup it is documented to strip."""
    import re

    return not re.search(r"<[a-zA-Z/!]|&(#\d+|#x[0-9a-f]+|[a-zA-Z][a-zA-Z0-9]*);", text)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=5), quote_all=st.booleans())
def test_plain_message_texts_round_trip(texts, quote_all):
    texts = [t.strip() for t in texts if _plain(t) and t.strip()]
    if not texts:
        return
    r = read_member(_messages_csv(texts, quote_all), "messages.csv", MESSAGES)
    assert r.rows_read == len(texts) and r.quarantine == []
    assert r.frame["text"].tolist() == texts


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=4))
def test_html_bodies_decode_to_their_text(lines):
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return
    body = "".join(f'<p class="spinmail-quill-editor__spin-break">{html.escape(line)}</p>'
                   for line in lines)
    r = read_member(_messages_csv([body], quote_all=False), "messages.csv", MESSAGES)
    assert r.frame.loc[0, "text"] == "\n".join(lines)


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_comments_with_unquoted_newlines_round_trip(texts):
    texts = [t.strip() for t in texts if t.strip() and "," not in t and '"' not in t]
    if not texts:
        return
    rows = "".join(f"2023-12-{10 + i:02d} 09:53:09,https://www.linkedin.com/feed/update/x{i},"
                   f"{t.replace(chr(10), chr(13) + chr(10))}\r\n" for i, t in enumerate(texts))
    r = read_member(("Date,Link,Message\r\n" + rows).encode(), "Comments.csv", COMMENTS)
    assert r.frame["text"].tolist() == texts
