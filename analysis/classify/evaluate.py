"""How well the classifier does, with uncertainty: on the owner's labels (cross-validated)
and on the seed corpus heldout split.

Every rate comes with its Wilson 95% interval, since a few hundred labels leave wide ones.
Sensitivity and specificity of `sales_pitch` vs the rest feed the Rogan-Gladen correction
of the pitch share. Labels drawn by `labelling_sample` carry a `weight`; the rates are then
weighted back to the inbox (and their n is Kish's effective sample size).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold, StratifiedKFold
from statsmodels.stats.proportion import proportion_confint

from ..errors import LinkedOutError
from ..export.labels import validate_labels
from .features import corpus_features, message_features
from .model import CATEGORIES, MessageClassifier, load_seed_corpus

PITCH = "sales_pitch"


def rate(hit: np.ndarray, weight: np.ndarray | None = None) -> dict:
    """Share of `hit` with its Wilson 95% interval: {value, low, high, n}. With weights,
    the share is weighted and n is the effective sample size (sum w)^2 / sum w^2."""
    hit = np.asarray(hit, dtype=bool)
    w = np.ones(len(hit)) if weight is None else np.asarray(weight, dtype=float)
    if not len(hit) or w.sum() <= 0:
        return {"value": math.nan, "low": math.nan, "high": math.nan, "n": 0}
    value = float(w[hit].sum() / w.sum())
    n = float(w.sum() ** 2 / (w ** 2).sum()) if weight is not None else len(hit)
    low, high = proportion_confint(value * n, n, alpha=0.05, method="wilson")
    # the interval holds the estimate (floating point leaves 1 - 1e-16 at the top)
    low, high = min(float(low), value), max(float(high), value)
    return {"value": value, "low": low, "high": high,
            "n": round(n, 1) if weight is not None else int(n)}


def metrics(true, predicted, weight=None) -> dict:
    """Per-class precision and recall (Wilson intervals), F1, macro-F1, the confusion
    matrix (tidy: true, predicted, n) and pitch-vs-rest sensitivity and specificity."""
    y = np.asarray(true, dtype=object)
    p = np.asarray(predicted, dtype=object)
    w = None if weight is None else np.asarray(weight, dtype=float)

    def sub(mask):
        return None if w is None else w[mask]

    present = [c for c in CATEGORIES if (y == c).any() or (p == c).any()]
    precision = {c: rate(y[p == c] == c, sub(p == c)) for c in CATEGORIES}
    recall = {c: rate(p[y == c] == c, sub(y == c)) for c in CATEGORIES}
    f1 = {}
    for c in CATEGORIES:
        pr, rc = precision[c]["value"], recall[c]["value"]
        f1[c] = (2 * pr * rc / (pr + rc) if pr + rc > 0 else 0.0) if not (
            math.isnan(pr) or math.isnan(rc)) else math.nan
    macro = float(f1_score(y, p, labels=present, average="macro", sample_weight=w,
                           zero_division=0)) if len(y) else math.nan
    pairs = pd.DataFrame({"true": y, "predicted": p})
    confusion = (pairs.groupby(["true", "predicted"]).size().rename("n").reset_index()
                 .sort_values(["true", "predicted"], key=lambda s: s.map(CATEGORIES.index))
                 .reset_index(drop=True))
    out = {
        "n": int(len(y)),
        "weighted": w is not None,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "macro_f1": macro,
        "accuracy": rate(y == p, w)["value"],
        "confusion": confusion,
        "confusion_counts": confusion_counts(y, p, w),
        "sensitivity": rate(p[y == PITCH] == PITCH, sub(y == PITCH)),
        "specificity": rate(p[y != PITCH] != PITCH, sub(y != PITCH)),
    }
    return out


def confusion_counts(true, predicted, weight=None) -> np.ndarray:
    """counts[true, predicted] in CATEGORIES order. With weights, each row is the weighted
    distribution scaled to the row's effective sample size, so that weighted labels count
    for no more than they can tell."""
    y, p = np.asarray(true, dtype=object), np.asarray(predicted, dtype=object)
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    k = len(CATEGORIES)
    out = np.zeros((k, k))
    for i, c in enumerate(CATEGORIES):
        row = y == c
        if not row.any() or w[row].sum() <= 0:
            continue
        mass = np.array([w[row & (p == d)].sum() for d in CATEGORIES])
        n_eff = w[row].sum() ** 2 / (w[row] ** 2).sum() if weight is not None else row.sum()
        out[i] = mass / mass.sum() * n_eff
    return out


def evaluate_on_labels(messages: pd.DataFrame, connections: pd.DataFrame | None,
                       labels: pd.DataFrame, *, folds: int = 5, seed: int = 0) -> dict:
    """Cross-validated metrics on the owner's labels: each fold's labels are predicted by
    a model trained on the seed corpus plus the other folds' labels."""
    labels = validate_labels(labels)
    feats = message_features(messages, connections)
    ids = messages["message_id"].astype(str)
    where = pd.Series(messages.index, index=ids.to_numpy())
    where = where[~where.index.duplicated()]
    labels = labels.loc[labels["message_id"].isin(where.index)].reset_index(drop=True)
    if len(labels) < 2 * folds:
        raise LinkedOutError(f"only {len(labels)} labelled messages match this export; "
                             f"cross-validation needs at least {2 * folds}")
    rows = where.loc[labels["message_id"]].to_numpy()
    y = labels["label"].to_numpy()
    weight = labels["weight"].to_numpy(float) if "weight" in labels else None
    counts = pd.Series(y).value_counts()
    splitter = (StratifiedKFold(folds, shuffle=True, random_state=seed)
                if counts.min() >= folds else KFold(folds, shuffle=True, random_state=seed))
    pred = np.empty(len(y), dtype=object)
    for tr, te in splitter.split(rows, y):
        own = feats.loc[rows[tr]].assign(label=y[tr])
        model = MessageClassifier.train(owner_labels=own, seed=seed)
        pred[te] = model.predict(feats.loc[rows[te]])["label"].to_numpy()
    out = metrics(y, pred, weight)
    out["folds"] = folds
    return out


def evaluate_seed_heldout() -> dict:
    """The same metrics on the seed corpus heldout split (model trained on the train split
    only, unlike the shipped model), plus
    the same on the heldout conversation openers alone under `openers`."""
    held = load_seed_corpus("heldout")
    model = MessageClassifier.train(load_seed_corpus("train"))
    pred = model.predict(corpus_features(held))["label"].to_numpy()
    y = held["label"].to_numpy()
    out = metrics(y, pred)
    first = held["first_in_thread"].eq("true").to_numpy()
    out["openers"] = metrics(y[first], pred[first])
    return out
