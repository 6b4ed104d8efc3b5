"""What notebook 07 shows: a sample of the owner's conversation openers to label, and,
once ``labels.csv`` exists, how well the classifier agrees with those labels.

The classifier does the work (``analysis.classify``); this only reads the processed tables,
leaves out what the owner already labelled, and shapes the results for display.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import LinkedOutError
from ..paths import PROCESSED_DIR, RAW_DIR


def _tables(processed: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    msgs, conns = processed / "messages.parquet", processed / "connections.parquet"
    messages = pd.read_parquet(msgs) if msgs.exists() else None
    connections = pd.read_parquet(conns) if conns.exists() else None
    if messages is not None and (messages.empty or messages["direction"].isna().all()):
        messages = None  # no messages, or no known owner: nothing to label
    return messages, connections


def labels_path(labels: str | Path | None) -> Path:
    """The labels file: the one given, else ``data/raw/labels.csv``."""
    return Path(labels) if labels else RAW_DIR / "labels.csv"


def read(labels: str | Path | None) -> pd.DataFrame | None:
    """The owner's labels, or None when there is no labels file yet."""
    from ..classify import read_labels

    path = labels_path(labels)
    return read_labels(path) if path.exists() else None


def sample(processed: str | Path | None, *, n: int = 100, seed: int = 0,
           labels: str | Path | None = None) -> pd.DataFrame | None:
    """Openers to label (not yet labelled), with the classifier's guess and the sender."""
    from ..classify import classify_messages, labelling_sample

    messages, connections = _tables(Path(processed) if processed else PROCESSED_DIR)
    if messages is None:
        return None
    done = read(labels)
    if done is not None:
        messages = messages.loc[~messages["message_id"].astype(str).isin(done["message_id"])]
    openers = messages["is_conversation_opener"].fillna(False).astype(bool)
    predictions = classify_messages(messages, connections, only=openers)
    drawn = labelling_sample(messages, predictions, n=n, seed=seed)
    who = messages.drop_duplicates("message_id").set_index("message_id")[
        ["sender_url", "sender_name", "direction"]]
    return drawn.join(who, on="message_id")


def evaluation(processed: str | Path | None, *, labels: str | Path | None = None,
               seed: int = 0) -> tuple[dict | None, str]:
    """The classifier's cross-validated agreement with the owner's labels, and a sentence
    saying why there is none when there is none."""
    from ..classify import evaluate_on_labels

    given = read(labels)
    if given is None or given.empty:
        return None, (f"No labels yet: {labels_path(labels)} does not exist (or has no "
                      "labelled row).")
    messages, connections = _tables(Path(processed) if processed else PROCESSED_DIR)
    if messages is None:
        return None, "No messages in this export to compare the labels with."
    try:
        return evaluate_on_labels(messages, connections, given, seed=seed), ""
    except LinkedOutError as exc:
        return None, f"Labels found, but they cannot be evaluated yet: {exc}."


def per_class(metrics: dict) -> pd.DataFrame:
    """Precision and recall per category with their Wilson 95% intervals, one row each."""
    rows = []
    for category, p in metrics["precision"].items():
        r = metrics["recall"][category]
        if not (p.get("n") or r.get("n")):
            continue
        rows.append({"category": category,
                     "precision": p["value"], "precision 95% CI": _ci(p), "predicted n": p["n"],
                     "recall": r["value"], "recall 95% CI": _ci(r), "labelled n": r["n"],
                     "F1": metrics["f1"].get(category)})
    return pd.DataFrame(rows)


def _ci(rate: dict) -> str:
    low, high = rate.get("low"), rate.get("high")
    if low is None or high is None or low != low or high != high:
        return ""
    return f"{low:.0%} to {high:.0%}"
