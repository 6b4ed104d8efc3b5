"""Message fields that need the whole table or the owner: direction, openers, sender kind.

Runs once on all message files together, after the owner is known.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from .owner import Owner

# RE2-compatible (no look-arounds) so pyarrow runs it natively; "LinkedIn Member" is
# classified after this pattern and wins.
STAFF_SENDER = r"(?i)\bfrom LinkedIn\b|@ ?LinkedIn\b|, LinkedIn$|^LinkedIn\b"


def _derived_conversation_ids(msgs: pd.DataFrame) -> pd.Series:
    """2018 exports have no conversation id: one per other party, named in the ledger docs."""
    outgoing = msgs["direction_raw"].str.upper() == "OUTGOING"
    other = msgs["recipient_names"].where(outgoing, msgs["sender_name"]).fillna("")
    keys = other.str.strip().str.lower()
    ids = {k: "2018-" + hashlib.sha1(k.encode()).hexdigest()[:16] for k in keys.unique()}
    return keys.map(ids).astype("str")


HEX = np.array(list("0123456789abcdef"), dtype="<U1").view(np.uint32)


def _hex16(values: np.ndarray) -> np.ndarray:
    """uint64 -> 16-digit lower-case hex strings, vectorised (a million in milliseconds)."""
    shifts = np.arange(60, -1, -4, dtype=np.uint64)
    nibbles = (values[:, None] >> shifts[None, :]) & np.uint64(15)
    return np.ascontiguousarray(HEX[nibbles.astype(np.intp)]).view("<U16").ravel()


def message_ids(msgs: pd.DataFrame) -> pd.Series:
    """Stable ids (16 hex digits) from what a message is, not where it sits in the file.

    A newer export of the same account gives the same ids, so the owner's labels survive a
    re-download. Identical messages (same conversation, second, sender and text) get a
    running suffix.
    """
    key = msgs[["conversation_id", "sender_url", "sender_name", "text"]].astype(str)
    key["sent_at"] = msgs["sent_at"].astype("int64")
    hashed = pd.util.hash_pandas_object(key, index=False).to_numpy()
    ids = pd.Series(_hex16(hashed), index=msgs.index)
    dup = ids.groupby(ids).cumcount()
    return ids.where(dup == 0, ids + "-" + dup.astype(str)).astype("str")


def derive_message_fields(msgs: pd.DataFrame, owner: Owner) -> pd.DataFrame:
    """Add direction, sender_kind, n_recipients, has_attachment, is_conversation_opener."""
    msgs = msgs.copy()
    no_id = msgs["conversation_id"].isna()
    legacy = msgs["direction_raw"].notna()
    if (no_id & legacy).any():
        msgs.loc[no_id & legacy, "conversation_id"] = _derived_conversation_ids(
            msgs.loc[no_id & legacy])

    direction = pd.Series(None, index=msgs.index, dtype="str")
    raw = msgs["direction_raw"].str.upper()
    direction[raw == "INCOMING"] = "in"
    direction[raw == "OUTGOING"] = "out"
    modern = ~legacy
    if owner.url or owner.name:
        # By URL where the export has one; by name on rows without a URL, and on every row
        # when the owner is known by name only (2020-2021 exports, --owner-name).
        is_owner = msgs["sender_url"] == owner.url if owner.url else \
            pd.Series(False, index=msgs.index)
        if owner.name:
            by_name = msgs["sender_name"] == owner.name
            is_owner |= (msgs["sender_url"].isna() | (owner.url is None)) & by_name
        direction[modern & is_owner.fillna(False)] = "out"
        known_sender = msgs["sender_url"].notna() | msgs["sender_name"].notna()
        direction[modern & ~is_owner.fillna(False) & known_sender] = "in"
    msgs["direction"] = direction

    kind = pd.Series("person", index=msgs.index, dtype="str")
    kind[msgs["sender_name"].isna() & msgs["sender_url"].isna()] = "unknown"
    no_url = msgs["sender_url"].isna() & msgs["sender_name"].notna()
    staff = msgs.loc[no_url, "sender_name"].str.contains(STAFF_SENDER, regex=True, na=False)
    kind[staff.index[staff.to_numpy()]] = "linkedin_staff"
    kind[msgs["sender_name"] == "LinkedIn Member"] = "linkedin_member"
    kind[direction == "out"] = "owner"
    msgs["sender_kind"] = kind

    msgs["n_recipients"] = msgs["recipient_urls"].list.len().astype("Int64")
    msgs["has_attachment"] = (msgs["attachments"].list.len().fillna(0) > 0).astype(bool)
    if "is_sponsored" not in msgs:
        msgs["is_sponsored"] = False
    msgs["is_draft"] = msgs["is_draft"].fillna(False).astype(bool)
    msgs["is_conversation_draft"] = msgs["is_conversation_draft"].fillna(False).astype(bool)

    msgs["message_id"] = message_ids(msgs)

    sendable = ~msgs["is_draft"]
    order = msgs.loc[sendable, ["conversation_id", "sent_at", "source_file", "source_row"]]
    # Files list each conversation newest first, so among equal timestamps the later row
    # in the file was sent first.
    order = order.sort_values(["conversation_id", "sent_at", "source_file", "source_row"],
                              ascending=[True, True, True, False], kind="stable")
    first = order.index[~order.duplicated("conversation_id")]
    opener = np.zeros(len(msgs), dtype=bool)
    opener[msgs.index.get_indexer(first)] = True
    msgs["is_conversation_opener"] = opener
    return msgs
