"""The demo's own labelled sample: what a diligent owner would label in notebook 07.

The shipped error rates were measured on real openers; the demo's synthetic texts are easier
for the classifier, so those rates do not transport to it (corrected with them, the demo's
pitch share is pushed far above its truth). A real owner fixes that by labelling a sample of
their own inbox; the demo does the same, from its truth, so its report shows that path and
its intervals are about its own inbox. The sample is drawn exactly as notebook 07 draws it
(`labelling_sample`: stratified by predicted category, half low-confidence), labelled with
the planted category of each opener.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

LABELS_NAME = "labels.csv"
DEFAULT_LABELS = 200  # in the 150-300 a diligent owner labels in an afternoon


def write_labels(zip_path: Path, opener_labels: dict, out: Path, *, n: int,
                 seed: int) -> Path | None:
    """Ingest the demo export into a scratch folder (the message ids are the ingest's),
    draw the labelling sample and write `message_id,label` from the truth."""
    if n <= 0:
        return None
    from analysis.classify import classify_messages, labelling_sample
    from analysis.export import ingest

    with tempfile.TemporaryDirectory() as tmp:
        ingest(zip_path, Path(tmp))
        msgs = pd.read_parquet(Path(tmp) / "messages.parquet")
        conns = pd.read_parquet(Path(tmp) / "connections.parquet")
    openers = msgs["is_conversation_opener"] & ~msgs["is_draft"]
    predictions = classify_messages(msgs, conns, only=openers)
    sample = labelling_sample(msgs, predictions, n=n, seed=seed)
    by_conv = msgs.set_index("message_id")["conversation_id"]
    sample["label"] = sample["message_id"].map(by_conv).map(opener_labels)
    sample = sample.dropna(subset=["label"])
    path = Path(out) / LABELS_NAME
    sample[["message_id", "label"]].to_csv(path, index=False)
    return path
