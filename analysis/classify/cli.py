"""`classify`: label messages with a category.

`--processed DIR` labels every message of a processed export with the full pipeline (the
structural cues, connections, the sponsored/LinkedIn rules, the thread rule and, with
`--labels`, the owner's labels), as the claims see them; the output has one row per
message: `message_id, conversation_id, sent_at, label, confidence, source`.

`--input FILE.csv` labels any CSV of texts. Optional columns are used when present:
`first_in_thread`, `subject`, `folder`, `sender_kind` (and `is_sponsored`). The output is
the input's columns plus `label` and `confidence`; an input column already called `label`
is kept as `input_label`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ..errors import LinkedOutError


def classify_csv(input_path, output_path, *, text_column: str = "text") -> int:
    """Label the messages of `input_path` into `output_path`; returns the row count."""
    from .api import default_model

    src = Path(input_path)
    if not src.is_file():
        raise LinkedOutError(f"classify: input file not found: {src}")
    try:
        frame = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise LinkedOutError(f"classify: {src.name} is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise LinkedOutError(f"classify: {src.name} is not a readable UTF-8 CSV file "
                             f"({type(exc).__name__})") from None
    if text_column not in frame:
        raise LinkedOutError(f"classify: {src.name} has no column {text_column!r} "
                             "(choose one with --text-column)")
    inputs = frame
    if text_column != "text":
        inputs = frame.drop(columns=["text"], errors="ignore").rename(
            columns={text_column: "text"})
    pred = default_model().predict(inputs)
    out = frame.rename(columns={"label": "input_label", "confidence": "input_confidence"})
    out["label"] = pred["label"].to_numpy()
    out["confidence"] = pred["confidence"].round(4).to_numpy()
    dst = Path(output_path)
    if dst.parent and not dst.parent.exists():
        raise LinkedOutError(f"classify: output folder does not exist: {dst.parent}")
    out.to_csv(dst, index=False)
    return len(out)


PROCESSED_COLUMNS = ("message_id", "conversation_id", "sent_at", "label", "confidence",
                     "source")


def classify_processed(processed_dir, output_path, *, labels_path=None) -> pd.DataFrame:
    """Label every message of a processed export into `output_path`; returns the table."""
    from ..export.labels import read_labels
    from .api import classify_messages

    src = Path(processed_dir)
    msgs_file = src / "messages.parquet"
    if not msgs_file.is_file():
        raise LinkedOutError(f"classify: no messages.parquet in {src} (run `python -m "
                             "analysis ingest` first, or point --processed at its output)")
    dst = Path(output_path)
    if dst.parent and not dst.parent.exists():
        raise LinkedOutError(f"classify: output folder does not exist: {dst.parent}")
    messages = pd.read_parquet(msgs_file)
    conn_file = src / "connections.parquet"
    connections = pd.read_parquet(conn_file) if conn_file.is_file() else None
    labels = read_labels(labels_path) if labels_path else None
    everything = pd.Series(True, index=messages.index)
    pred = classify_messages(messages, connections, labels=labels, only=everything)
    out = pd.DataFrame({
        "message_id": messages.loc[pred.index, "message_id"].to_numpy(),
        "conversation_id": messages.loc[pred.index, "conversation_id"].to_numpy(),
        "sent_at": messages.loc[pred.index, "sent_at"].to_numpy(),
        "label": pred["label"].to_numpy(),
        "confidence": pred["confidence"].round(4).to_numpy(),
        "source": pred["source"].to_numpy(),
    }, columns=list(PROCESSED_COLUMNS))
    out.to_csv(dst, index=False)
    return out


def _cmd_classify(args: argparse.Namespace) -> int:
    if bool(args.input) == bool(args.processed):
        raise LinkedOutError("classify: give either --input FILE.csv or --processed DIR")
    if args.labels and not args.processed:
        raise LinkedOutError("classify: --labels works with --processed only")
    if args.processed:
        out = classify_processed(args.processed, args.output, labels_path=args.labels)
        counts = ", ".join(f"{k} {v:,}" for k, v in out["label"].value_counts().items())
        print(f"Labelled {len(out):,} messages ({counts}); wrote {args.output}")
        return 0
    n = classify_csv(args.input, args.output, text_column=args.text_column)
    print(f"Labelled {n:,} messages; wrote {args.output}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `classify` on the main CLI's subparsers."""
    p = subparsers.add_parser("classify", help="label messages with a category")
    p.add_argument("--processed", metavar="DIR",
                   help="a processed export (the ingest's output): label all its messages")
    p.add_argument("--labels", metavar="CSV",
                   help="with --processed: your labels.csv (kept, and used to retrain)")
    p.add_argument("--input", help="CSV file with one message per row (text only)")
    p.add_argument("--text-column", default="text", help="column holding the message text")
    p.add_argument("--output", required=True, help="where to write the labelled CSV")
    p.set_defaults(func=_cmd_classify)
    return p
