"""Fit, choose and measure the real-opener model, honestly: grouped by export, test set once.

Why: the classifier's figures have to hold on exports nobody developed it on. So the
exports were split into `tune` and a frozen `test` set before any text was read
(`tools/real_openers.py`); here every choice (C, the weight of the real model against the
seed model, the pitch threshold, the temperature) is made by cross-validation over whole
tune exports (GroupKFold), and the test exports are scored once, at the end, by the model
fitted on every tune export. The shipped file holds weights only (see
`analysis/classify/real_model.py`), and the transported error matrix (pooled counts plus
how much each row varies between exports) is measured on predictions for exports the
predicting model never saw.

    python -m tools.real_model --cache PRIVATE_DIR --labels tools/real_openers_data/openers-labels.csv \
        [--write] [--test]

`--test` scores the frozen test exports (do it once); `--write` writes
`analysis/data/real_model.json` and `analysis/data/real_error_rates.json`.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from analysis.classify import prevalence
from analysis.classify.model import (
    CATEGORIES,
    MessageClassifier,
    Spec,
    _in_categories,
    decide,
    model_text,
    real_inputs,
    rule_automated,
    softmax,
)
from analysis.classify.real_model import RealModel
from analysis.classify.vectorize import ArrowTfidf, analyse

MIN_EXPORTS = 5
DENSE_WEIGHT = 0.5
FOLDS = 5
GRID_C = (1.0, 3.0, 10.0)
GRID_SEED = (0.0, 0.3, 1.0)
GRID_W = (0.0, 0.5, 0.7, 0.85, 1.0)
GRID_T = (None, 0.40, 0.45, 0.50, 0.55, 0.60)
_BANNED = re.compile(r"\d|http|www|@|\.com")
# pieces of addresses that the tokenizer cuts out of URLs and e-mail addresses
ADDRESS_PARTS = frozenset({"com", "org", "net", "io", "ly", "html", "php", "gmail", "yahoo",
                           "hotmail", "outlook", "lnkd", "youtu", "bit", "https", "http"})


# --- data ------------------------------------------------------------------------------

def load(cache: Path, labels: Path) -> pd.DataFrame:
    """Feature rows of the labelled openers (private cache) with their agreed label."""
    feats = pd.read_parquet(cache / "features.parquet").set_index("id")
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False).set_index("id")
    data = feats.join(lab[["label"]], how="inner")
    if "language" in lab:  # the raters' reading beats langid on short texts
        rated = lab["language"].reindex(data.index)
        data["language"] = rated.where(rated.fillna("").ne(""), data["language"])
    data = data.loc[data["label"].isin(CATEGORIES)]
    return data


def name_words(cache: Path) -> set[str]:
    path = cache / "name_words.txt"
    return set(path.read_text(encoding="utf-8").split()) if path.exists() else set()


# --- the real part ---------------------------------------------------------------------

def fit_vectorizer(texts: list[str], exports: np.ndarray, banned: set[str]
                   ) -> tuple[ArrowTfidf, dict[str, list[int]]]:
    """TF-IDF vocabulary of terms seen in at least MIN_EXPORTS exports' openers, with no
    digit, URL or e-mail fragment, and no word of anyone's name; idf over these texts."""
    vec = ArrowTfidf(prefix=5, min_df=1).fit(texts)
    blocks = analyse(texts, vec.prefix)
    proper = _written_as_names(texts)
    # a name word of anyone in the exports, or a proper noun the hand-written corpus never
    # uses (a sender's first name in bulk mail, a small firm): not shipped
    banned = (banned & proper) | (proper - _seed_words()) | ADDRESS_PARTS
    plain = set(blocks["words"][0].to_pylist()) - banned
    plain_stems = {w[:vec.prefix] for w in plain}
    counts = {}
    for name, (terms, doc) in blocks.items():
        col = pc.index_in(terms, value_set=vec.vocab_[name]).to_numpy(zero_copy_only=False)
        pairs = pd.DataFrame({"t": col, "e": exports[doc]}).drop_duplicates()
        n_exp = np.bincount(pairs["t"].to_numpy(int), minlength=len(vec.idf_[name]))
        vocab = vec.vocab_[name].to_pylist()
        # a stem is a name only when no word outside the names gives it ('mark' stays)
        names = banned if name == "words" else (
            {w[:vec.prefix] for w in banned} - plain_stems)
        keep = [i for i, t in enumerate(vocab)
                if n_exp[i] >= MIN_EXPORTS and not _BANNED.search(t) and t not in names]
        vec.vocab_[name] = pa.array([vocab[i] for i in keep], type=pa.large_string())
        vec.idf_[name] = vec.idf_[name][keep]
        counts[name] = [int(n_exp[i]) for i in keep]
    return vec, counts


_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"(^|[.!?:;\n]\s*)$")


def _written_as_names(texts: list[str], share: float = 0.6) -> set[str]:
    """Words written with a capital inside a sentence at least `share` of the time: a
    person's name word is dropped from the vocabulary only when the texts use it as a name
    ('de', 'will' and 'hope' are name words too, but mostly written in lower case)."""
    cap, total = {}, {}
    for text in texts:
        for m in _WORD.finditer(text):
            if _SENTENCE_END.search(text[max(0, m.start() - 3):m.start()]):
                continue  # the first word of a sentence says nothing
            w = m.group().lower()
            total[w] = total.get(w, 0) + 1
            cap[w] = cap.get(w, 0) + m.group()[0].isupper()
    return {w for w, n in total.items() if cap[w] >= share * n}


def fit_real(data: pd.DataFrame, C: float, banned: set[str], seed_weight: float = 0.0
             ) -> RealModel:
    """Logistic regression on the real openers' inputs (vocabulary from real exports only);
    with `seed_weight`, the hand-written seed corpus joins the fit at that weight, which
    gives the rare categories more examples without adding a term of its own."""
    import scipy.sparse as sp

    texts = model_text(data).tolist()
    vec, counts = fit_vectorizer(texts, data["export"].to_numpy(), banned)
    frames, labels, weights = [data], [data["label"].to_numpy()], [np.ones(len(data))]
    if seed_weight > 0:
        seed = _seed_rows()
        frames.append(seed)
        labels.append(seed["label"].to_numpy())
        weights.append(np.full(len(seed), seed_weight))
    blocks = []
    for f in frames:
        t = model_text(f).tolist()
        text_x, dense = real_inputs(vec, f, t, np.arange(len(t)))
        blocks.append(sp.hstack([text_x, sp.csr_matrix(dense.to_numpy(float) * DENSE_WEIGHT)],
                                format="csr"))
    X = sp.vstack(blocks, format="csr")
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced", random_state=0)
    with threadpool_limits(1):
        lr.fit(X, np.concatenate(labels), sample_weight=np.concatenate(weights))
    coef = _in_categories(lr.coef_.T, list(lr.classes_)).T
    coef[~np.isfinite(coef)] = 0.0
    intercept = _in_categories(lr.intercept_[None, :], list(lr.classes_))[0]
    intercept[~np.isfinite(intercept)] = -30.0
    return RealModel(CATEGORIES, vec, tuple(dense.columns), coef, intercept, DENSE_WEIGHT,
                     MIN_EXPORTS, counts)


def _seed_words() -> set[str]:
    """Words the hand-written corpus writes in lower case somewhere (its made-up sender names
    do not count as ordinary words)."""
    from analysis.classify.model import load_seed_corpus

    texts = load_seed_corpus(None)["text"].astype(str).tolist()
    return {m.group() for t in texts for m in _WORD.finditer(t) if m.group().islower()}


def drop_terms(path: Path, terms: set[str]) -> int:
    """Remove terms from a shipped model file (their weight columns too); returns how many."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    coef = np.asarray(data["coef"])
    keep_cols, at, dropped = [], 0, 0
    for block in data["blocks"].values():
        keep = [i for i, t in enumerate(block["terms"]) if t not in terms]
        dropped += len(block["terms"]) - len(keep)
        keep_cols += [at + i for i in keep]
        at += len(block["terms"])
        for key in ("terms", "idf", "exports"):
            block[key] = [block[key][i] for i in keep]
    keep_cols += list(range(at, coef.shape[1]))  # the dense columns
    data["coef"] = coef[:, keep_cols].round(6).tolist()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return dropped


def _seed_rows() -> pd.DataFrame:
    from analysis.classify.features import corpus_features
    from analysis.classify.model import load_seed_corpus

    corpus = load_seed_corpus(None)
    f = corpus_features(corpus)
    f["label"] = corpus["label"].to_numpy()
    return f


def real_scores(model: RealModel, data: pd.DataFrame) -> np.ndarray:
    texts = model_text(data).tolist()
    text_x, dense = real_inputs(model.vectorizer, data, texts, np.arange(len(texts)))
    return model.scores(text_x, dense)


def seed_scores(data: pd.DataFrame) -> np.ndarray:
    """The seed model's scores (hand-written corpus only: it never saw an export)."""
    seed = MessageClassifier.train(spec=Spec(real_weight=0.0))
    return seed._scores(data, model_text(data).tolist(), np.arange(len(data)))


# --- choosing and measuring --------------------------------------------------------------

def oof_real_scores(data: pd.DataFrame, C: float, banned: set[str], seed_weight: float = 0.0
                    ) -> np.ndarray:
    """Out-of-fold real-model scores: each export scored by a model that never saw it."""
    out = np.zeros((len(data), len(CATEGORIES)))
    for tr, te in GroupKFold(FOLDS).split(data, groups=data["export"]):
        model = fit_real(data.iloc[tr], C, banned, seed_weight)
        out[te] = real_scores(model, data.iloc[te])
    return out


def predict(seed: np.ndarray, real: np.ndarray, data: pd.DataFrame, w: float,
            threshold: float | None, temperature: float = 1.0) -> pd.DataFrame:
    scores = ((1 - w) * seed + w * real) / temperature
    proba = pd.DataFrame(softmax(scores), columns=list(CATEGORIES))
    rule = rule_automated(data).to_numpy()
    proba.loc[rule, :] = 0.0025
    proba.loc[rule, "automated"] = 0.99
    out = decide(proba, threshold)
    out["true"] = data["label"].to_numpy()
    out["export"] = data["export"].to_numpy()
    out["language"] = data["language"].to_numpy()
    out["p_max"] = proba.max(axis=1).to_numpy()
    return out


def macro_f1(pred: pd.DataFrame) -> float:
    return float(f1_score(pred["true"], pred["label"], labels=list(CATEGORIES),
                          average="macro", zero_division=0))


def fit_temperature(seed, real, data, w) -> float:
    """The temperature minimising the out-of-fold log loss of the mixed scores."""
    y = np.array([CATEGORIES.index(c) for c in data["label"]])
    best, best_t = math.inf, 1.0
    for t in np.round(np.arange(0.4, 3.01, 0.05), 2):
        p = softmax(((1 - w) * seed + w * real) / t)
        loss = -np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1)).mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t


def ece(pred: pd.DataFrame, bins: int = 10) -> tuple[float, pd.DataFrame]:
    """Expected calibration error of the top label's confidence, and the reliability table."""
    hit = (pred["label"] == pred["true"]).to_numpy(float)
    conf = pred["confidence"].to_numpy(float)
    edges = np.linspace(0, 1, bins + 1)
    rows, total = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            rows.append({"confidence": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()),
                         "mean confidence": conf[m].mean(), "accuracy": hit[m].mean()})
            total += m.mean() * abs(conf[m].mean() - hit[m].mean())
    return float(total), pd.DataFrame(rows)


def cluster_interval(pred: pd.DataFrame, stat, draws: int = 1000, seed: int = 0):
    """95% interval of `stat(pred)` by resampling whole exports (clustered bootstrap)."""
    rng = np.random.default_rng(seed)
    groups = {e: g for e, g in pred.groupby("export")}
    names = list(groups)
    vals = []
    for _ in range(draws):
        pick = rng.choice(len(names), len(names), replace=True)
        vals.append(stat(pd.concat([groups[names[i]] for i in pick], ignore_index=True)))
    return tuple(float(v) for v in np.nanpercentile(vals, [2.5, 97.5]))


def summary(pred: pd.DataFrame, title: str) -> str:
    lines = [f"## {title}", "",
             f"openers {len(pred)}, exports {pred['export'].nunique()}"]
    lo, hi = cluster_interval(pred, macro_f1)
    lines.append(f"macro-F1 {macro_f1(pred):.3f} [{lo:.3f}, {hi:.3f}] (export-clustered)")
    for c in CATEGORIES:
        f = f1_score(pred["true"], pred["label"], labels=[c], average="macro",
                     zero_division=0)
        p = precision_score(pred["true"], pred["label"], labels=[c], average="macro",
                            zero_division=0)
        r = recall_score(pred["true"], pred["label"], labels=[c], average="macro",
                         zero_division=0)
        lines.append(f"  {c:12s} F1 {f:.3f}  precision {p:.3f}  recall {r:.3f}  "
                     f"(true {int((pred['true'] == c).sum())})")
    lang = pred["language"].where(pred["language"].isin(["en", "und"]), "other")
    for name, g in pred.groupby(lang):
        lines.append(f"  language {name}: n {len(g)}, macro-F1 {macro_f1(g):.3f}")
    e, table = ece(pred)
    lines.append(f"ECE {e:.3f}")
    lines.append(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return "\n".join(lines)


# --- the transported error matrix ------------------------------------------------------

def export_counts(pred: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per export, counts[true, predicted]."""
    out = {}
    for e, g in pred.groupby("export"):
        m = np.zeros((len(CATEGORIES), len(CATEGORIES)))
        for t, p in zip(g["true"], g["label"], strict=True):
            m[CATEGORIES.index(t), CATEGORIES.index(p)] += 1
        out[e] = m
    return out


def transported(counts: list[np.ndarray]) -> prevalence.ErrorRates:
    """Pooled counts and, per row, the between-export concentration of the error rates."""
    pooled = np.sum(counts, axis=0)
    return prevalence.ErrorRates(pooled, f"real labelled openers of {len(counts)} other "
                                 "people's exports (between-export variation included)",
                                 prevalence.concentration(counts))


def loeo_correction(pred: pd.DataFrame) -> pd.DataFrame:
    """For each export: the labelled, raw and corrected pitch share among non-automated
    openers, corrected with a matrix from the other exports only."""
    per = export_counts(pred)
    rows = []
    for e, g in pred.groupby("export"):
        others = [m for k, m in per.items() if k != e]
        rates = transported(others)
        truth = g.loc[g["true"] != "automated"]
        if len(truth) < 5:
            continue
        labelled = float((truth["true"] == "sales_pitch").mean())
        res = prevalence.corrected_shares(g["label"].to_numpy(), rates,
                                          exclude=("automated",), draws=400)
        pitch = res["sales_pitch"]
        raw = res["observed"].get("sales_pitch", math.nan)
        rows.append({"export": e, "n": len(truth), "labelled": labelled, "raw": raw,
                     "corrected": pitch["estimate"], "low": pitch["ci_low"],
                     "high": pitch["ci_high"]})
    out = pd.DataFrame(rows)
    out["covers"] = (out["low"] <= out["labelled"]) & (out["labelled"] <= out["high"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument("--test", action="store_true", help="score the frozen test set (once)")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)
    data = load(a.cache, a.labels)
    banned = name_words(a.cache)
    tune = data.loc[data["split"] == "tune"].reset_index()
    test = data.loc[data["split"] == "test"].reset_index()
    print(f"labelled openers: tune {len(tune)} ({tune['export'].nunique()} exports), "
          f"test {len(test)} ({test['export'].nunique()} exports)")
    seed_tune = seed_scores(tune)
    best = None
    for C in GRID_C:
        for sw in GRID_SEED:
            real = oof_real_scores(tune, C, banned, sw)
            for w in GRID_W:
                for thr in GRID_T:
                    f = macro_f1(predict(seed_tune, real, tune, w, thr))
                    if best is None or f > best[0]:
                        best = (f, C, sw, w, thr, real)
            print(f"  C {C}, seed weight {sw}: best so far {best[0]:.3f}", flush=True)
    f, C, sw, w, thr, real_oof = best
    temp = fit_temperature(seed_tune, real_oof, tune, w)
    print(f"chosen by grouped CV: C {C}, seed weight {sw}, real weight {w}, pitch threshold "
          f"{thr}, temperature {temp} (CV macro-F1 {f:.3f})")
    oof = predict(seed_tune, real_oof, tune, w, thr, temp)
    print(summary(oof, "tune exports, out of fold (grouped 5-fold CV)"))
    final = fit_real(tune, C, banned, sw)
    pooled = oof
    if a.test:
        test_pred = predict(seed_scores(test), real_scores(final, test), test, w, thr, temp)
        print(summary(test_pred, "FROZEN TEST exports (scored once)"))
        pooled = pd.concat([oof, test_pred], ignore_index=True)
    check = loeo_correction(pooled)
    print(f"\n## correction, leave one export out ({len(check)} exports with >= 5 "
          "non-automated openers)")
    print(f"interval covers the labelled pitch share: {check['covers'].mean():.2%}; "
          f"mean absolute error corrected {np.mean(abs(check['corrected'] - check['labelled'])):.4f} "
          f"vs raw {np.mean(abs(check['raw'] - check['labelled'])):.4f}")
    if a.write:
        final.note = (f"fitted on {len(tune)} labelled openers of {tune['export'].nunique()} "
                      f"exports; C {C}; terms seen in >= {MIN_EXPORTS} exports")
        final.write()
        rates = transported(list(export_counts(pooled).values()))
        prevalence.write_error_rates(
            rates.counts, prevalence.RATES_FILE, concentration=rates.concentration,
            source=rates.source,
            measured=(f"{len(pooled)} real openers of {pooled['export'].nunique()} exports, "
                      "each predicted by a model that never saw its export (python -m "
                      "tools.real_model)"))
        spec = replace(Spec(), real_weight=w, pitch_threshold=thr, temperature=temp)
        print(f"\nset Spec(real_weight={spec.real_weight}, pitch_threshold="
              f"{spec.pitch_threshold}, temperature={spec.temperature}) in model.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
