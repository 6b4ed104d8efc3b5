"""How a processed export compares with real exports: the figures the realistic demo matches.

`REAL_SERIES` and `REAL_OPENERS` restate aggregate figures measured on 21 real LinkedIn exports
that their owners published (docs/demo.md): per weekly series the range of the lag-1
autocorrelation across exports, and the median and maximum variance-to-mean ratio; the
category and language shares of 467 labelled inbound openers from 14 of them. `measure`
computes the same figures from a processed folder (after ingest), so a test can check that the
default demo falls inside the real ranges.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# series -> (table, time column, ac1 low, ac1 high, variance/mean median, variance/mean max)
REAL_SERIES = {
    "inbound_messages": ("messages", "sent_at", -0.28, 0.57, 4.2, 133.0),
    "invitations": ("invitations", "sent_at", -0.12, 0.90, 14.0, 108.0),
    "new_connections": ("connections", "connected_on", 0.05, 0.82, 13.9, 122.0),
    "reactions_given": ("reactions", "reacted_at", -0.05, 0.67, 7.1, 16.0),
    "posts": ("shares", "shared_at", -0.01, 0.48, 1.7, 24.5),
    "comments": ("comments", "commented_at", 0.06, 0.20, 1.8, 2.0),
}
# Inbound opener categories, pooled over the labelled real openers; pitches vary 0-20% by person.
REAL_OPENERS = {"automated": 0.43, "social": 0.27, "recruiting": 0.19, "request": 0.08,
                "sales_pitch": 0.04}
REAL_NOT_ENGLISH = 0.20
REAL_PITCH_PER_PERSON = (0.0, 0.20)


def weekly(times: pd.Series, start: pd.Timestamp, weeks: int) -> np.ndarray:
    """Counts per week (Monday-based) over `weeks` weeks from `start`."""
    t = pd.to_datetime(times, utc=True).dropna()
    k = ((t - start) // pd.Timedelta(days=7)).to_numpy()
    k = k[(k >= 0) & (k < weeks)].astype(np.int64)
    return np.bincount(k, minlength=weeks)


def ac1(x: np.ndarray) -> float:
    """Lag-1 autocorrelation of a weekly count series."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    den = float(np.sum(x * x))
    return float(np.sum(x[1:] * x[:-1]) / den) if den > 0 else float("nan")


def vmr(x: np.ndarray) -> float:
    """Variance-to-mean ratio (1 for Poisson counts, above 1 when overdispersed)."""
    m = float(np.mean(x))
    return float(np.var(x, ddof=1) / m) if m > 0 else float("nan")


def longest_zero_run(x: np.ndarray) -> int:
    best = run = 0
    for v in np.asarray(x).tolist():
        run = run + 1 if v == 0 else 0
        best = max(best, run)
    return best


def covered_weeks(processed: Path) -> tuple[pd.Timestamp, int]:
    """The weeks the messages cover: from the Monday of the first to the week of the last."""
    t = pd.read_parquet(Path(processed) / "messages.parquet", columns=["sent_at"])["sent_at"]
    start = t.min().normalize() - pd.Timedelta(days=t.min().day_of_week)
    return start, int((t.max() - start) // pd.Timedelta(days=7)) + 1


def series(processed: Path) -> dict[str, np.ndarray]:
    """The six weekly series of `REAL_SERIES` from a processed folder."""
    processed = Path(processed)
    start, weeks = covered_weeks(processed)
    out = {}
    for name, (table, col, *_rest) in REAL_SERIES.items():
        cols = [col, "direction"] if name == "inbound_messages" else [col]
        df = pd.read_parquet(processed / f"{table}.parquet", columns=cols)
        if name == "inbound_messages":
            df = df[df["direction"] == "in"]
        out[name] = weekly(df[col], start, weeks)
    return out


def openers(processed: Path, truth: dict) -> dict:
    """Category and language shares of the inbound openers, with the demo's own labels (the
    real figures come from labelled openers too)."""
    m = pd.read_parquet(Path(processed) / "messages.parquet",
                        columns=["conversation_id", "direction", "is_conversation_opener",
                                 "is_draft"])
    o = m[m["is_conversation_opener"] & ~m["is_draft"] & (m["direction"] == "in")]
    cat = o["conversation_id"].map(truth["opener_labels"]).dropna()
    shares = cat.value_counts(normalize=True).to_dict()
    lang = o["conversation_id"].map(truth.get("opener_languages", {})).dropna()
    non_auto = cat[cat != "automated"]
    return {"n": int(len(cat)), "shares": {k: float(shares.get(k, 0.0)) for k in REAL_OPENERS},
            "pitch_share_non_automated": float((non_auto == "sales_pitch").mean()),
            "not_english": float((lang != "en").mean()) if len(lang) else float("nan")}


def measure(processed: Path, truth: dict) -> dict:
    """Every figure of the real corpus, computed from one processed demo."""
    s = series(processed)
    return {"series": {k: {"ac1": ac1(v), "vmr": vmr(v), "mean": float(np.mean(v)),
                           "weeks": int(len(v)), "longest_zero_run": longest_zero_run(v)}
                       for k, v in s.items()},
            "openers": openers(processed, truth)}
