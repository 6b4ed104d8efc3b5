"""Classifier inputs: one standard frame built the same way from an export or the seed corpus.

The model never sees raw tables: `message_features` (processed export) and `corpus_features`
(seed corpus, any labelled CSV) both produce the columns in `FEATURE_COLUMNS`, so a cue the
model learns on the corpus means the same thing on a real inbox. Columns the corpus lacks
(connections, recipients) are null there and coded so that null adds nothing to a score.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

FEATURE_COLUMNS = (
    "text", "subject", "first_in_thread", "folder", "sender_kind", "is_sponsored",
    "n_recipients", "sender_is_connection", "days_since_connected", "sender_has_url",
    "has_title", "owner_wrote_before",
)
SENDER_KINDS = ("person", "owner", "linkedin_member", "linkedin_staff", "unknown")
FOLDERS = ("INBOX", "ARCHIVE", "SPAM", "OTHER")

_TAG = re.compile(r"<(?:/?[a-zA-Z][^<>]*|br\s*/?)>")
_SPINMAIL = re.compile(r"spinmail", re.I)
_FOLDER_ALIASES = {"ARCHIVED": "ARCHIVE", "SENT": "INBOX", "": "INBOX"}


def strip_html(text: str) -> str:
    """Plain text of an HTML body (the export stores sponsored InMail as HTML); plain text
    passes through unchanged, so the corpus and processed exports look alike."""
    if "<" not in text and "&" not in text:
        return text
    text = _TAG.sub(" ", text)
    return re.sub(r"[ \t\u00a0]+", " ", html.unescape(text)).strip()


def _text(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str)


def plain_text(series: pd.Series) -> pd.Series:
    """Strings with HTML bodies made plain; only rows that look like HTML pay for it."""
    text = _text(series)
    html_like = text.str.contains(r"[<&]", regex=True).to_numpy(bool)
    if html_like.any():
        text = text.copy()
        text[html_like] = text[html_like].map(strip_html)
    return text


def normalise_folder(folder: pd.Series) -> pd.Series:
    """INBOX, ARCHIVE, SPAM or OTHER (2018 exports say SENT and ARCHIVED)."""
    f = _text(folder).str.strip().str.upper().replace(_FOLDER_ALIASES)
    return f.where(f.isin(FOLDERS), "OTHER")


def normalise_url(urls: pd.Series) -> pd.Series:
    """Profile URLs compared without scheme, www, query or trailing slash, lower-cased."""
    u = _text(urls).str.strip().str.lower()
    u = u.str.replace(r"^https?://", "", regex=True).str.replace(r"^www\.", "", regex=True)
    u = u.str.replace(r"[?#].*$", "", regex=True).str.rstrip("/")
    return u.where(u != "", None)


def _bool(series: pd.Series | None, index: pd.Index, default: bool | None) -> pd.Series:
    if series is None:
        return pd.Series(default, index=index, dtype="boolean")
    s = series
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        s = _text(s).str.strip().str.lower().map(
            {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False})
    return s.astype("boolean").fillna(default) if default is not None else s.astype("boolean")


def standard_frame(df: pd.DataFrame, *, text_column: str = "text") -> pd.DataFrame:
    """Any message table (corpus, user CSV) to the standard columns; absent ones neutral."""
    idx = df.index
    out = pd.DataFrame(index=idx)
    out["text"] = plain_text(df[text_column])
    out["subject"] = plain_text(df["subject"]) if "subject" in df else ""
    first = df.get("first_in_thread", df.get("is_conversation_opener"))
    out["first_in_thread"] = _bool(first, idx, True)
    out["folder"] = normalise_folder(df["folder"] if "folder" in df else pd.Series("", idx))
    kind = _text(df["sender_kind"]).str.strip().str.lower() if "sender_kind" in df else (
        pd.Series("person", index=idx))
    out["sender_kind"] = kind.where(kind.isin(SENDER_KINDS), "person")
    raw = _text(df[text_column])
    sponsored = _bool(df.get("is_sponsored"), idx, False)
    if "is_sponsored" not in df:  # a corpus row: its anonymous sender is sponsored mail
        sponsored = sponsored | out["sender_kind"].eq("linkedin_member")
    out["is_sponsored"] = (sponsored | raw.str.contains(_SPINMAIL)).astype(bool)
    n_rec = df["n_recipients"] if "n_recipients" in df else pd.Series(np.nan, index=idx)
    out["n_recipients"] = pd.to_numeric(n_rec, errors="coerce").astype(float)
    out["sender_is_connection"] = _bool(df.get("sender_is_connection"), idx, None)
    days = df.get("days_since_connected", np.nan)
    out["days_since_connected"] = pd.to_numeric(pd.Series(days, index=idx), errors="coerce")
    out["sender_has_url"] = (df["sender_url"].notna().astype("boolean") if "sender_url" in df
                             else _bool(df.get("sender_has_url"), idx, None))
    title = df["conversation_title"] if "conversation_title" in df else pd.Series(
        "", index=idx)
    out["has_title"] = _text(title).str.strip().ne("").astype(bool)
    out["owner_wrote_before"] = _bool(df.get("owner_wrote_before"), idx, None)
    return out


def corpus_features(corpus: pd.DataFrame) -> pd.DataFrame:
    """The seed corpus (or any CSV in its layout) as classifier inputs, keeping `label`."""
    out = standard_frame(corpus)
    if "label" in corpus:
        out["label"] = corpus["label"].astype(str)
    return out


def _counterpart_urls(messages: pd.DataFrame) -> pd.Series:
    """The other party: the sender of an inbound message, the single recipient of the
    owner's own (null for group messages and unknown senders)."""
    idx = messages.index
    who = _text(messages["sender_url"]) if "sender_url" in messages else pd.Series(
        "", index=idx, dtype=str)
    own = _text(messages.get("sender_kind", pd.Series("", index=idx))).eq("owner")
    if "direction" in messages:
        own |= _text(messages["direction"]).eq("out")
    if own.any():
        who = who.copy()
        if "recipient_urls" in messages:
            single = messages.loc[own, "recipient_urls"].map(
                lambda u: u[0] if u is not None and not isinstance(u, float) and len(u) == 1
                else "")
        else:
            single = ""
        who[own] = single
    return normalise_url(who)


def message_features(messages: pd.DataFrame, connections: pd.DataFrame | None = None,
                     history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Standard classifier inputs from the processed `messages` (and `connections`) tables,
    same index. `sender_is_connection` and `days_since_connected` describe the other party
    (the recipient, for the owner's own one-to-one messages); null when unknown.
    `history` is the whole messages table when `messages` is a selection of it: the
    owner's earlier messages are looked up there."""
    m = messages
    std = m.drop(columns=["sender_is_connection", "days_since_connected"], errors="ignore")
    out = standard_frame(std)
    if connections is not None and "profile_url" in connections and len(connections):
        conn = connections.assign(_u=normalise_url(connections["profile_url"]))
        conn = conn.dropna(subset=["_u"]).sort_values("connected_on").drop_duplicates("_u")
        since = conn.set_index("_u")["connected_on"]
        who = _counterpart_urls(m)
        # A dict, not a Series: pandas 3 cannot map through an empty datetime Series.
        connected_on = pd.to_datetime(who.map(since.to_dict()), utc=True)
        sent = pd.to_datetime(m["sent_at"], utc=True) if "sent_at" in m else pd.NaT
        days = (sent - connected_on).dt.total_seconds() / 86400
        known = who.notna()
        out["sender_is_connection"] = pd.Series(
            np.where(known, connected_on.notna(), pd.NA), index=m.index, dtype="boolean")
        out["days_since_connected"] = days.astype(float)
    if {"sent_at", "sender_kind", "sender_url"} <= set(m.columns):
        out["owner_wrote_before"] = _owner_wrote_before(m, m if history is None else history)
    return out


def _is_owner(m: pd.DataFrame) -> pd.Series:
    own = _text(m["sender_kind"]).eq("owner")
    if "direction" in m:
        own |= _text(m["direction"]).eq("out")
    return own


def _owner_wrote_before(m: pd.DataFrame, history: pd.DataFrame) -> pd.Series:
    """For each inbound message, whether the owner had written to its sender (one to one,
    in any conversation of `history`) before it was sent: replies to the owner's own
    outreach are rarely pitches. Null for the owner's own messages and senders without a
    URL."""
    hist = history.loc[_is_owner(history)]
    to = _counterpart_urls(hist)
    sent_out = pd.to_datetime(hist["sent_at"], utc=True)[to.notna()]
    first_out = sent_out.groupby(to[to.notna()]).min()
    own = _is_owner(m)
    who = normalise_url(m["sender_url"]).where(~own)
    earliest = pd.to_datetime(who.map(first_out.to_dict()), utc=True)
    wrote = (earliest < pd.to_datetime(m["sent_at"], utc=True)).astype("boolean")
    return wrote.where(who.notna(), pd.NA)
