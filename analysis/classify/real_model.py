"""The part of the classifier learnt from real people's openers, shipped as weights only.

Why: a model written and tuned on hand-made text did not carry over to exports it had never
seen. This part is a logistic regression fitted on real conversation openers from many
public exports (`python -m tools.real_model`), over the same inputs as the seed model (word
and stem TF-IDF, cues, structure). It ships as numbers: for each kept term its idf and one
weight per category, and only terms seen in at least `min_exports` different people's
exports, none holding a digit, a URL or e-mail fragment, or a word from any person's name
in those exports. The full classifier mixes its scores with the seed model's
(`Spec.real_weight`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .vectorize import ArrowTfidf

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "real_model.json"


@dataclass
class RealModel:
    """Fitted weights: `vectorizer` (vocabulary and idf per block), `coef` (categories x
    features: text blocks, then `dense` columns), `intercept`, and how it was built."""

    categories: tuple[str, ...]
    vectorizer: ArrowTfidf
    dense: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    dense_weight: float
    min_exports: int
    export_counts: dict[str, list[int]]
    note: str = ""

    def scores(self, text_x, dense: pd.DataFrame) -> np.ndarray:
        """Linear scores (rows x categories) from the TF-IDF rows and the dense features."""
        at = text_x.shape[1]
        out = np.asarray(text_x @ self.coef[:, :at].T)
        d = dense.reindex(columns=list(self.dense), fill_value=0.0).to_numpy(float)
        return out + (d * self.dense_weight) @ self.coef[:, at:].T + self.intercept

    # -- the shipped file --------------------------------------------------------------
    def to_json(self) -> dict:
        blocks = {name: {"terms": vocab.to_pylist(),
                         "idf": np.round(self.vectorizer.idf_[name], 6).tolist(),
                         "exports": self.export_counts[name]}
                  for name, vocab in self.vectorizer.vocab_.items()}
        return {"categories": list(self.categories), "prefix": self.vectorizer.prefix,
                "min_exports": self.min_exports, "dense_weight": self.dense_weight,
                "blocks": blocks, "dense": list(self.dense),
                "coef": np.round(self.coef, 6).tolist(),
                "intercept": np.round(self.intercept, 6).tolist(), "note": self.note}

    @classmethod
    def from_json(cls, data: dict) -> RealModel:
        vec = ArrowTfidf(prefix=data["prefix"], min_df=1)
        vec.vocab_ = {n: pa.array(b["terms"], type=pa.large_string())
                      for n, b in data["blocks"].items()}
        vec.idf_ = {n: np.asarray(b["idf"], float) for n, b in data["blocks"].items()}
        return cls(tuple(data["categories"]), vec, tuple(data["dense"]),
                   np.asarray(data["coef"], float), np.asarray(data["intercept"], float),
                   float(data["dense_weight"]), int(data["min_exports"]),
                   {n: b["exports"] for n, b in data["blocks"].items()}, data.get("note", ""))

    def write(self, path: Path = MODEL_FILE) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False,
                                         separators=(",", ":")) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def shipped() -> RealModel | None:
    """The shipped real-opener model, or None when the file is absent (before it is built)."""
    if not MODEL_FILE.exists():
        return None
    return RealModel.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
