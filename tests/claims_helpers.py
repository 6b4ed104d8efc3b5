"""Build demo worlds end to end (generate, ingest) for the claims tests."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.claims import Context
from analysis.export import ingest
from tools.demo import write_demo


def build_world(root: Path, *, seed: int, size: str, world: str,
                labels: int = 0) -> tuple[Path, dict]:
    """Generate a demo world (named: `planted`, `null` or `realistic`) and ingest it; with
    `labels`, the owner's labelled sample is ingested with it, as `make report` does."""
    result = write_demo(root / "raw", seed=seed, size=size, world=world, labels=labels)
    ingest(result.zip_path, root / "processed")
    return root / "processed", json.loads(result.truth_path.read_text())


def truth_labels(processed: Path, truth: dict) -> pd.DataFrame:
    """The owner 'labelling every opener' with the planted categories: the classifier drops
    out, so a test of the statistics is not a test of the classifier."""
    msgs = pd.read_parquet(processed / "messages.parquet",
                           columns=["message_id", "conversation_id", "is_conversation_opener"])
    openers = msgs.loc[msgs["is_conversation_opener"]]
    labels = openers["conversation_id"].map(truth["opener_labels"])
    return pd.DataFrame({"message_id": openers["message_id"], "label": labels}).dropna()


def oracle_context(processed: Path, truth: dict, **params) -> Context:
    ctx = Context(processed=processed, labels=truth_labels(processed, truth))
    return ctx.with_params(**params) if params else ctx
