"""The owner's labels file, ``labels.csv`` (``message_id,label``): read and checked like any
other input beside the export, so ingest needs nothing from the classifier.

The five categories a label may take are defined here; the classifier predicts the same
five (``classify.model`` imports them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LinkedOutError

CATEGORIES = ("sales_pitch", "recruiting", "request", "social", "automated")


def read_labels(path) -> pd.DataFrame:
    """labels.csv (`message_id,label`, other columns ignored; `weight` kept if present) as
    a frame of labelled rows. Rows with an empty label are skipped (not yet labelled)."""
    path = Path(path)
    if not path.is_file():
        raise LinkedOutError(f"labels file not found: {path}")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise LinkedOutError(f"{path.name}: not a readable CSV file ({type(exc).__name__})") \
            from None
    except pd.errors.EmptyDataError:
        raise LinkedOutError(f"{path.name}: the file is empty; expected the columns "
                             "message_id,label") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("message_id", "label") if c not in frame]
    if missing:
        raise LinkedOutError(f"{path.name}: missing column(s) {', '.join(missing)}; "
                             "expected message_id,label")
    return validate_labels(frame, source=path.name)


def validate_labels(frame: pd.DataFrame, *, source: str = "labels") -> pd.DataFrame:
    """Normalise and check a labels frame; errors name the CSV line (header = line 1)."""
    ids = frame["message_id"].fillna("").astype(str).str.strip()
    labels = frame["label"].fillna("").astype(str).str.strip().str.lower()
    line = pd.Series(np.arange(len(frame)) + 2, index=frame.index)
    unknown = labels.ne("") & ~labels.isin(CATEGORIES)
    if unknown.any():
        first = unknown.idxmax()
        raise LinkedOutError(
            f"{source} line {line[first]}: unknown label {frame['label'][first]!r}; "
            f"use one of {', '.join(CATEGORIES)}")
    no_id = labels.ne("") & ids.eq("")
    if no_id.any():
        raise LinkedOutError(f"{source} line {line[no_id.idxmax()]}: label without a message_id")
    out = pd.DataFrame({"message_id": ids, "label": labels})
    if "weight" in frame:
        weight = pd.to_numeric(frame["weight"], errors="coerce")
        bad = labels.ne("") & ~(weight > 0)
        if bad.any():
            raise LinkedOutError(f"{source} line {line[bad.idxmax()]}: weight must be a "
                                 "positive number")
        out["weight"] = weight
    out = out.loc[labels.ne("")]
    dup = out["message_id"].duplicated(keep=False)
    clash = out.loc[dup].groupby("message_id")["label"].nunique()
    if (clash > 1).any():
        first = out.index[out["message_id"].isin(clash.index[clash > 1])][1]
        raise LinkedOutError(f"{source} line {line[first]}: message labelled twice with "
                             "different labels")
    return out.drop_duplicates("message_id").reset_index(drop=True)
