"""The owner's labels: drawing the sample to label (``export.labels`` reads labels.csv).

The owner labels a sample of their own conversation openers; those labels retrain the model
and measure its error on this inbox (evaluate.py). The sample is stratified by predicted
category and over-samples low-confidence messages, so each row carries `weight`, the
inverse of its chance of being drawn: evaluate.py uses it to turn the sample's error rates
back into the inbox's.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from .features import message_features
from .model import rule_automated

LOW_CONFIDENCE = 0.75  # below this a prediction is "uncertain" and sampled more


def labelling_sample(messages: pd.DataFrame, predictions: pd.DataFrame, *, n: int = 100,
                     seed: int = 0) -> pd.DataFrame:
    """Conversation openers (not drafts; sponsored and LinkedIn-sent mail excluded, being
    `automated` by rule) for the owner to label: an equal share per predicted category,
    half of each share from low-confidence predictions. Shuffled, so the order gives nothing
    away. `weight` = 1 / chance of being drawn."""
    m = messages
    pool = m["is_conversation_opener"].fillna(False).astype(bool)
    if "is_draft" in m:
        pool &= ~m["is_draft"].fillna(False).astype(bool)
    pred = predictions.reindex(m.index)
    pool &= pred["label"].notna()
    candidates = m.loc[pool.to_numpy()]
    pool.loc[candidates.index] = ~rule_automated(message_features(candidates)).to_numpy()
    idx = m.index[pool.to_numpy()]
    cells = pd.DataFrame({
        "category": pred.loc[idx, "label"].astype(str),
        "low": pred.loc[idx, "confidence"].astype(float) < LOW_CONFIDENCE}, index=idx)
    quota = _allocate(cells.groupby("category").size(), n)
    rng = np.random.default_rng(seed)
    chosen, weights = [], []
    for category, k in quota.items():
        members = cells.loc[cells["category"] == category]
        bands = members.groupby("low").size()
        band_quota = _allocate(bands, k)
        for low, kb in band_quota.items():
            band = members.index[members["low"] == low]
            if kb <= 0:
                continue
            pick = rng.choice(len(band), size=int(kb), replace=False)
            chosen.extend(band[np.sort(pick)])
            weights.extend([len(band) / kb] * int(kb))
    order = rng.permutation(len(chosen))
    rows = pd.Index(chosen)[order] if chosen else pd.Index([])
    text = m.loc[rows, "text"].fillna("").astype(str)
    text = text.where(text.str.len() <= 500, text.str.slice(0, 499) + "…")
    return pd.DataFrame({
        "message_id": m.loc[rows, "message_id"].astype(str).to_numpy(),
        "sent_at": m.loc[rows, "sent_at"].to_numpy() if "sent_at" in m else pd.NaT,
        "text": text.to_numpy(),
        "predicted": pred.loc[rows, "label"].to_numpy(),
        "confidence": pred.loc[rows, "confidence"].astype(float).round(3).to_numpy(),
        "label": "",
        "weight": np.asarray(weights, dtype=float)[order] if chosen else [],
    })


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Split n over groups as equally as their sizes allow (a remainder goes one each to
    the groups in name order)."""
    sizes = sizes[sizes > 0].sort_index()
    quota = pd.Series(0, index=sizes.index, dtype=int)
    left = min(int(n), int(sizes.sum()))
    while left > 0:
        open_ = sizes.index[quota < sizes]
        share = max(left // len(open_), 1)
        for g in open_:
            add = min(share, int(sizes[g] - quota[g]), left)
            quota[g] += add
            left -= add
            if left == 0:
                break
    return quota


def write_sample(sample: pd.DataFrame, path) -> None:
    """Write the sample as UTF-8 CSV, every field quoted (texts hold commas and newlines)."""
    sample.to_csv(path, index=False, quoting=csv.QUOTE_ALL)
