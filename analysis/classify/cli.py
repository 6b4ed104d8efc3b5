"""`classify --input FILE.csv --output OUT.csv`: label any CSV of messages.

Optional columns are used when present: `first_in_thread`, `subject`, `folder`,
`sender_kind` (and `is_sponsored`). The output is the input's columns plus `label` and
`confidence`; an input column already called `label` is kept as `input_label`.
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


def _cmd_classify(args: argparse.Namespace) -> int:
    n = classify_csv(args.input, args.output, text_column=args.text_column)
    print(f"Labelled {n:,} messages; wrote {args.output}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `classify` on the main CLI's subparsers."""
    p = subparsers.add_parser("classify", help="label a CSV of messages with a category")
    p.add_argument("--input", required=True, help="CSV file with one message per row")
    p.add_argument("--text-column", default="text", help="column holding the message text")
    p.add_argument("--output", required=True, help="where to write the labelled CSV")
    p.set_defaults(func=_cmd_classify)
    return p


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: the main CLI's ``classify`` command and error handling."""
    from ..cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
