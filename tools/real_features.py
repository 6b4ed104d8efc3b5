"""Classifier inputs of the located real openers, read through the project's own pipeline.

Why: a model trained on real openers must see what the shipped classifier sees on a user's
export (sponsored flags, connection status, who wrote first), so every export listed in
`exports.csv` is ingested as a user's would be and each located opener's row of
`message_features` is kept, in a private cache folder outside the repository (it holds
text). The name words of every sender and owner are collected beside it, so the model
builder can keep names out of the shipped vocabulary.

    python -m tools.real_features --mirrors DIR --exports tools/real_openers_data/exports.csv \
        --locators tools/real_openers_data/openers-locators.csv --cache PRIVATE_DIR
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

from tools.real_openers import materialise, mirrors

NAME_WORD = re.compile(r"[^\W\d_]{2,}")


def _ingest(folder: Path, out: Path) -> dict:
    """The project's ingest; an export with two files for one table is read from its
    messages (and profile) alone, as the locator step did."""
    from analysis.export.ingest import ingest

    try:
        return ingest(folder, out)
    except Exception:  # noqa: BLE001 - the same fallback as the locator step
        for f in folder.iterdir():
            if f.name.lower() not in ("messages.csv", "profile.csv"):
                f.unlink()
        return ingest(folder, out)


def export_features(export: dict, locators: pd.DataFrame, gdir: Path
                    ) -> tuple[pd.DataFrame, set[str]]:
    """Feature rows of one export's located openers (index: locator id) and its name words."""
    from analysis.classify.features import message_features

    with tempfile.TemporaryDirectory(prefix="real-features-") as tmp:
        folder = materialise(gdir, export["path"], Path(tmp) / "export")
        ledger = _ingest(folder, Path(tmp) / "processed")
        processed = Path(tmp) / "processed"
        msgs = pd.read_parquet(processed / "messages.parquet")
        conn_file = processed / "connections.parquet"
        conns = pd.read_parquet(conn_file) if conn_file.exists() else None
    name = Path(export["path"]).name
    mine = msgs.loc[msgs["source_file"].astype(str).str.endswith(name)]
    by_record = pd.Series(mine.index, index=mine["source_row"].astype(int) + 1)
    by_record = by_record[~by_record.index.duplicated()]
    want = locators.loc[locators["record"].astype(int).isin(by_record.index)]
    rows = by_record.loc[want["record"].astype(int)].to_numpy()
    feats = message_features(msgs.loc[rows], conns, history=msgs)
    feats.index = want["id"].to_numpy()
    names = set()
    people = [msgs.get(c) for c in ("sender_name", "recipient_names")]
    if conns is not None:
        people += [conns.get(c) for c in ("first_name", "last_name")]
    for col in people:
        if col is not None:
            for value in col.dropna().astype(str).unique():
                names.update(w.lower() for w in NAME_WORD.findall(value))
    owner = (ledger.get("owner") or {}).get("name") or ""
    names.update(w.lower() for w in NAME_WORD.findall(owner))
    return feats, names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirrors", type=Path, required=True)
    ap.add_argument("--exports", type=Path, required=True)
    ap.add_argument("--locators", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True)
    a = ap.parse_args(argv)
    repo_root = Path(__file__).resolve().parents[1]
    if a.cache.resolve().is_relative_to(repo_root):
        raise SystemExit("--cache must be outside the repository: it holds real texts")
    exports = pd.read_csv(a.exports, dtype=str, keep_default_na=False)
    locators = pd.read_csv(a.locators, dtype=str, keep_default_na=False)
    gdirs = mirrors(a.mirrors)
    frames, names = [], set()
    for e in exports.to_dict("records"):
        mine = locators.loc[(locators["repo"] == e["repo"]) & (locators["path"] == e["path"])]
        if mine.empty:
            continue
        feats, words = export_features(e, mine, gdirs[e["repo"]])
        feats["export"] = f"{e['repo']}:{e['path']}"
        feats["split"] = e["split"]
        frames.append(feats)
        names |= words
        print(f"{e['repo']}:{e['path']}: {len(feats)} of {len(mine)} openers", flush=True)
    out = pd.concat(frames)
    out.index.name = "id"
    lang = locators.set_index("id")["language"]
    out["language"] = lang.reindex(out.index).to_numpy()
    a.cache.mkdir(parents=True, exist_ok=True)
    out.reset_index().to_parquet(a.cache / "features.parquet", index=False)
    (a.cache / "name_words.txt").write_text("\n".join(sorted(names)), encoding="utf-8")
    print(f"{len(out)} openers from {out['export'].nunique()} exports; "
          f"{len(names)} name words kept privately")
    return 0


if __name__ == "__main__":
    sys.exit(main())
