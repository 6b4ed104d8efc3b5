"""Measure the classifier on real labelled openers, leave one export out.

A development set locates real conversation openers in published exports (repository,
path of messages.csv, 1-based csv.DictReader record, conversation id, date, sha256 of the
raw CONTENT) with an agreed label; it stores no text. Each export is ingested into a
temporary folder exactly as a user's would be, every opener is classified by the full
pipeline (`classify_messages`: structure, connections, rules), and each located opener is
joined back by conversation id, date and content hash. Scores are leave-one-export-out:
when a model is also trained on real openers, each export is predicted by a model that
never saw that export. Only aggregate numbers leave this module; texts stay in memory.

    python -m tools.tuning --real DEV.csv --root DIR_OF_EXTRACTED_REPOS
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from analysis.classify.model import CATEGORIES
from analysis.errors import LinkedOutError

DEV_COLUMNS = ("repo", "path", "record", "conversation_id", "date", "content_sha256",
               "label")


@dataclass
class Export:
    """One ingested export: its processed messages and connections, and the located
    openers (index into `messages`, label, language)."""

    name: str
    messages: pd.DataFrame
    connections: pd.DataFrame | None
    openers: pd.DataFrame  # columns: row (messages index), label, language


def export_name(repo: str, path: str) -> str:
    """Short export name: the repository owner, plus the folder for multi-user repos."""
    folder = str(PurePosixPath(path).parent)
    owner = repo.split("/")[0]
    return owner if folder in (".", "") else f"{owner} {folder}"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _records(csv_path: Path) -> list[dict]:
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_export(root: Path, repo: str, path: str, rows: pd.DataFrame) -> Export:
    """Ingest one export and locate its development openers; raises if one is not found
    or its content hash differs (the texts must be the ones that were labelled)."""
    from analysis.export.ingest import ingest

    base = root / repo.replace("/", "+")
    csv_path = base / path
    if not csv_path.is_file():
        raise LinkedOutError(f"real openers: {csv_path} not found (is --root right?)")
    records = _records(csv_path)
    raw = {}
    for r in rows.itertuples():
        rec = int(r.record)
        if not 1 <= rec <= len(records):
            raise LinkedOutError(f"real openers: record {rec} out of range in {csv_path}")
        content = records[rec - 1].get("CONTENT") or ""
        if _sha(content) != r.content_sha256:
            raise LinkedOutError(f"real openers: content hash differs at {repo}:{path} "
                                 f"record {rec}")
        raw[r.Index] = content
    with tempfile.TemporaryDirectory(prefix="linkedout-real-") as tmp:
        ingest(csv_path.parent, Path(tmp) / "processed")
        msgs = pd.read_parquet(Path(tmp) / "processed" / "messages.parquet")
        conn_file = Path(tmp) / "processed" / "connections.parquet"
        conns = pd.read_parquet(conn_file) if conn_file.exists() else None
    found = []
    sent = msgs["sent_at"]
    for r in rows.itertuples():
        when = pd.Timestamp(r.date.replace(" UTC", ""), tz="UTC")
        cand = msgs.index[(msgs["conversation_id"] == r.conversation_id)
                          & (sent == when)]
        if len(cand) > 1:
            text = raw[r.Index].strip()
            same = [i for i in cand if str(msgs.at[i, "text"]).strip() == text]
            cand = pd.Index(same or list(cand[:1]))
        if not len(cand):
            raise LinkedOutError(f"real openers: {repo}:{path} record {r.record} not found "
                                 "in the processed export")
        found.append({"row": cand[0], "label": r.label,
                      "is_opener": bool(msgs.at[cand[0], "is_conversation_opener"]),
                      "language": getattr(r, "language", "")})
    return Export(export_name(repo, path), msgs, conns, pd.DataFrame(found))


def load_dev_set(dev_csv: str | Path, root: str | Path) -> list[Export]:
    """All exports of the development set, ingested and located."""
    dev_csv, root = Path(dev_csv), Path(root)
    if not dev_csv.is_file():
        raise LinkedOutError(f"real openers: {dev_csv} not found")
    dev = pd.read_csv(dev_csv, dtype=str, keep_default_na=False)
    missing = set(DEV_COLUMNS) - set(dev.columns)
    if missing:
        raise LinkedOutError(f"real openers: {dev_csv.name} lacks columns {sorted(missing)}")
    bad = sorted(set(dev["label"]) - set(CATEGORIES))
    if bad:
        raise LinkedOutError(f"real openers: unknown labels {bad}")
    return [load_export(root, repo, path, grp)
            for (repo, path), grp in dev.groupby(["repo", "path"], sort=True)]


def predict_export(export: Export, model=None) -> pd.DataFrame:
    """Labels and probabilities of an export's development openers from the full pipeline
    (`classify_messages` over every opener of the export, as the claims run it)."""
    from analysis.classify.api import classify_messages
    from analysis.classify.features import message_features

    m = export.messages
    rows = export.openers["row"].to_numpy()
    only = m["is_conversation_opener"] & ~m["is_draft"]
    only.loc[rows] = True  # a labelled first message the pipeline does not call an opener
    pred = classify_messages(m, export.connections, only=only, model=model)
    out = pred.loc[rows, ["label", "confidence", "source"]].reset_index(drop=True)
    if model is None:
        from analysis.classify.api import default_model
        model = default_model()
    proba = model.predict_proba(message_features(m.loc[rows], export.connections, history=m))
    for c in CATEGORIES:
        out[f"p_{c}"] = proba[c].to_numpy()
    out["true"] = export.openers["label"].to_numpy()
    out["sponsored"] = m.loc[rows, "is_sponsored"].fillna(False).astype(bool).to_numpy()
    out["export"] = export.name
    return out


def loeo(exports: list[Export], train=None) -> pd.DataFrame:
    """Leave-one-export-out predictions. `train(others)` returns a model trained without the
    held-out export (given the other exports); None uses the shipped model, which is
    trained on hand-written text only and so never saw any export."""
    frames = []
    for i, ex in enumerate(exports):
        model = None if train is None else train([e for j, e in enumerate(exports) if j != i])
        frames.append(predict_export(ex, model))
    return pd.concat(frames, ignore_index=True)


def pitch_shares(pred: pd.DataFrame) -> dict:
    """Labelled and predicted pitch share, among all openers and among the non-automated
    ones (the C1 denominator excludes automated mail by prediction / by label)."""
    y, p = pred["true"].to_numpy(), pred["label"].to_numpy()
    return {"all": ((y == "sales_pitch").mean(), (p == "sales_pitch").mean()),
            "non_automated": ((y[y != "automated"] == "sales_pitch").mean(),
                              (p[p != "automated"] == "sales_pitch").mean())}


def report(pred: pd.DataFrame) -> str:
    """The printed LOEO report: per-class precision/recall (Wilson 95%), F1, macro-F1,
    confusion matrix, per-export macro-F1 and pitch shares."""
    from analysis.classify.evaluate import metrics

    res = metrics(pred["true"], pred["label"])
    lines = [f"Real openers, leave one export out: n={res['n']}, "
             f"macro-F1 {res['macro_f1']:.3f}, accuracy {res['accuracy']:.3f}",
             f"{'class':12s} {'n':>4s}  {'precision (95% CI)':22s} {'recall (95% CI)':22s} F1"]
    for c in CATEGORIES:
        pr, rc = res["precision"][c], res["recall"][c]
        lines.append(f"{c:12s} {rc['n']:4d}  {pr['value']:.2f} [{pr['low']:.2f}, "
                     f"{pr['high']:.2f}] (n={pr['n']:3d})  {rc['value']:.2f} [{rc['low']:.2f}, "
                     f"{rc['high']:.2f}]        {res['f1'][c]:.2f}")
    cm = pd.crosstab(pd.Categorical(pred["true"], CATEGORIES),
                     pd.Categorical(pred["label"], CATEGORIES), dropna=False)
    cm.index.name, cm.columns.name = "true", "predicted"
    lines += ["Confusion matrix (rows true, columns predicted):", cm.to_string()]
    plain = pred.loc[~pred["sponsored"]]
    cm = pd.DataFrame(confusion_counts(plain), index=list(CATEGORIES), columns=list(CATEGORIES))
    lines += [f"Confusion matrix of the {len(plain)} openers not flagged sponsored (the error "
              "rates that correct category shares):", cm.to_string()]
    from sklearn.metrics import f1_score
    for name, grp in pred.groupby("export", sort=True):
        present = sorted(set(grp["true"]) | set(grp["label"]))
        f1 = f1_score(grp["true"], grp["label"], labels=present, average="macro",
                      zero_division=0)
        lines.append(f"  export {name!s:32s} n={len(grp):3d} macro-F1 {f1:.3f}")
    model = pred.loc[pred["source"] == "model"]
    if len(model):
        hit = (model["label"] == model["true"]).to_numpy()
        bins = pd.cut(model["confidence"], [0, 0.5, 0.7, 0.9, 1.0])
        cal = pd.DataFrame({"confidence": model["confidence"], "accuracy": hit}).groupby(
            bins, observed=True).agg(["mean", "size"])
        lines.append(f"Calibration of the {len(model)} openers labelled by the model (not a "
                     f"rule): mean confidence {model['confidence'].mean():.3f}, accuracy "
                     f"{hit.mean():.3f}")
        for (lo_hi, row) in cal.iterrows():
            lines.append(f"  confidence {lo_hi}: n={int(row[('accuracy', 'size')]):3d} "
                         f"mean confidence {row[('confidence', 'mean')]:.2f}, accuracy "
                         f"{row[('accuracy', 'mean')]:.2f}")
    shares = pitch_shares(pred)
    for k, (lab, prd) in shares.items():
        lines.append(f"pitch share ({k}): labelled {lab:.3f}, predicted {prd:.3f}")
    return "\n".join(lines)


def confusion_counts(pred: pd.DataFrame) -> np.ndarray:
    """Counts[true, predicted] in CATEGORIES order."""
    from analysis.classify.evaluate import confusion_counts as counts

    return counts(pred["true"], pred["label"]).astype(int)


ECHO_WIDTH = 30


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def echoes(exports: list[Export], corpus: pd.DataFrame, width: int = ECHO_WIDTH
           ) -> pd.DataFrame:
    """Corpus rows that share a stretch of `width` characters (case and whitespace
    ignored) with any located real opener: training text must be written from the category
    definitions, not from the messages it is measured on. Returns the corpus `id` and the
    shared stretch as the corpus spells it (corpus text only; no real text leaves)."""
    grams = set()
    for ex in exports:
        for row in ex.openers["row"]:
            t = _norm(ex.messages.at[row, "text"])
            grams.update(t[i:i + width] for i in range(len(t) - width + 1))
    hits = []
    for r in corpus.itertuples():
        t = _norm(r.text)
        for i in range(len(t) - width + 1):
            if t[i:i + width] in grams:
                hits.append({"id": r.id, "label": r.label, "stretch": t[i:i + width]})
                break
    return pd.DataFrame(hits, columns=["id", "label", "stretch"])
