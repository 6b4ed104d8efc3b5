"""Label the messages of an export: the default model, or one retrained on the owner's labels.

Besides the model, two thread rules follow the labelling conventions: messages the owner
labelled keep that label, and an unanswered follow-up (a later message by the opener's
sender before anyone else wrote) takes its opener's category when that is a pitch, a job or
a request, because such nudges ("any thoughts?") say nothing by themselves.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..export.labels import validate_labels
from .features import message_features
from .model import MessageClassifier, rule_automated

INHERITED = ("sales_pitch", "recruiting", "request")


@lru_cache(maxsize=1)
def default_model() -> MessageClassifier:
    """The model trained on the whole seed corpus (trained once per process)."""
    return MessageClassifier.train()


def classify_messages(messages: pd.DataFrame, connections: pd.DataFrame | None = None, *,
                      labels: pd.DataFrame | None = None,
                      only: pd.Series | np.ndarray | None = None,
                      model: MessageClassifier | None = None) -> pd.DataFrame:
    """`label`, `confidence` and `source` (model, rule, thread, owner) for the selected
    messages (default: all but drafts), indexed like `messages`, with `message_id` when the
    table has it. `model` replaces the default one (for measuring candidates).
    Deterministic."""
    m = messages
    if only is None:
        sel = ~m["is_draft"].fillna(False).astype(bool) if "is_draft" in m else pd.Series(
            True, index=m.index)
    elif isinstance(only, pd.Series):
        sel = only.reindex(m.index).fillna(False).astype(bool)
    else:
        sel = pd.Series(np.asarray(only, dtype=bool), index=m.index)
    given = _owner_labels(m, labels)
    followups, opener_of = _unanswered_followups(m, sel)
    need = sel.copy()
    need.loc[opener_of.loc[followups].unique()] = True
    if given is not None:
        need.loc[given.index] = True
    rows = m.index[need.to_numpy()]
    feats = message_features(m.loc[rows], connections, history=m)
    if given is not None and len(given):
        own = feats.loc[given.index].assign(label=given.to_numpy())
        model = MessageClassifier.train(owner_labels=own)
    elif model is None:
        model = default_model()
    pred = model.predict(feats.loc[rows])
    pred["source"] = np.where(rule_automated(feats.loc[rows]).to_numpy(), "rule", "model")
    if given is not None and len(given):
        hit = given.index.intersection(rows)
        pred.loc[hit, "label"] = given.loc[hit]
        pred.loc[hit, "confidence"] = 1.0
        pred.loc[hit, "source"] = "owner"
    if len(followups):
        nudges = followups.intersection(rows)
        parent = opener_of.loc[nudges]
        parent_label = pred["label"].reindex(parent.to_numpy()).to_numpy()
        take = np.isin(parent_label, INHERITED) & (pred.loc[nudges, "source"] == "model")
        take = take.to_numpy()
        target = nudges[take]
        pred.loc[target, "label"] = parent_label[take]
        pred.loc[target, "confidence"] = pred["confidence"].reindex(
            parent.to_numpy()[take]).to_numpy()
        pred.loc[target, "source"] = "thread"
    out = pred.loc[m.index[sel.to_numpy()]]
    if "message_id" in m:
        out.insert(0, "message_id", m.loc[out.index, "message_id"])
    return out


def _owner_labels(messages: pd.DataFrame, labels: pd.DataFrame | None) -> pd.Series | None:
    """The owner's label of each labelled message, indexed like `messages`."""
    if labels is None or "message_id" not in messages:
        return None
    labels = validate_labels(labels)
    ids = pd.Series(messages.index, index=messages["message_id"].astype(str).to_numpy())
    ids = ids[~ids.index.duplicated()]
    labels = labels.loc[labels["message_id"].isin(ids.index)]
    return pd.Series(labels["label"].to_numpy(), index=ids.loc[labels["message_id"]].to_numpy())


def _unanswered_followups(m: pd.DataFrame, sel: pd.Series) -> tuple[pd.Index, pd.Series]:
    """Selected messages sent by their conversation's opener's sender before anyone else
    wrote in it, and the index label of each message's conversation opener."""
    none = pd.Series(None, index=m.index, dtype=object)
    if not {"conversation_id", "sent_at", "is_conversation_opener"} <= set(m.columns):
        return pd.Index([]), none
    later = sel.to_numpy() & ~m["is_conversation_opener"].fillna(False).astype(bool).to_numpy()
    if not later.any():
        return pd.Index([]), none
    # only the conversations that hold a selected later message matter
    m = m.loc[m["conversation_id"].isin(m.loc[later, "conversation_id"]).to_numpy()]
    sel = sel.loc[m.index]
    who = m["sender_url"] if "sender_url" in m else pd.Series(None, index=m.index)
    if "sender_name" in m:
        who = who.fillna(m["sender_name"])
    who = who.astype(object).to_numpy()
    pos = np.arange(len(m))
    live = ~m["is_draft"].fillna(False).astype(bool).to_numpy() if "is_draft" in m else (
        np.ones(len(m), bool))
    opener = m["is_conversation_opener"].fillna(False).astype(bool).to_numpy() & live
    conv = m["conversation_id"].astype(object).to_numpy()
    first = pd.Series(pos[opener], index=conv[opener])
    first = first[~first.index.duplicated()]
    op = pd.Series(conv).map(first)
    has = op.notna().to_numpy()
    op = op.fillna(-1).astype(int).to_numpy()
    opener_who = np.where(has, who[op], None)
    same_sender = has & (who == opener_who) & pd.notna(who)
    # first time anyone other than the opener's sender wrote, per conversation
    others = live & has & ~same_sender
    sent = pd.to_datetime(m["sent_at"], utc=True)
    secs = ((sent - pd.Timestamp(0, tz="UTC")).dt.total_seconds()).to_numpy(float)
    answered = pd.Series(secs[others]).groupby(conv[others]).min()
    cutoff = pd.Series(conv).map(answered).to_numpy(float)
    before = np.isnan(cutoff) | (secs < cutoff)
    mask = same_sender & (op != pos) & before & live & sel.to_numpy()
    none.loc[m.index] = np.where(has, m.index.to_numpy()[op], None)
    return m.index[mask], none
