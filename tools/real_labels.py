"""Two raters' labels of the real openers -> agreement, agreed labels, items to adjudicate.

Why: a label the classifier is measured against should not be one person's reading. Two
raters label every opener independently (each sees the guide and the text only); where
they agree the label stands, the rest go to a third reading (adjudication) and the
adjudicator's label stands. Stored without text: id, label, how it was reached.

    python -m tools.real_labels agree --a DIR_A --b DIR_B --out tools/real_openers_data/openers-labels.csv \
        --adjudicate PRIVATE_DIR/adjudicate.txt --items PRIVATE_DIR/rate_input.jsonl
    python -m tools.real_labels settle --labels tools/real_openers_data/openers-labels.csv --adjudicated FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

CATEGORIES = ("sales_pitch", "recruiting", "request", "social", "automated")


def read_rater(folder: Path, column: str = "label") -> pd.Series:
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False)
              for f in sorted(folder.glob("*.csv"))]
    df = pd.concat(frames, ignore_index=True)
    df["label"] = df["label"].str.strip()
    df = df.loc[df["label"].isin(CATEGORIES)].drop_duplicates("id", keep="last")
    return df.set_index("id")[column].str.strip().str.lower()


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    po = float((a == b).mean())
    pe = sum(float((a == c).mean()) * float((b == c).mean()) for c in CATEGORIES)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def agree(a: pd.Series, b: pd.Series) -> pd.DataFrame:
    both = pd.concat({"rater_a": a, "rater_b": b}, axis=1, join="inner")
    both["agreed"] = both["rater_a"] == both["rater_b"]
    both["label"] = both["rater_a"].where(both["agreed"], "")
    both["how"] = both["agreed"].map({True: "both raters", False: ""})
    return both


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("agree")
    g.add_argument("--a", type=Path, required=True)
    g.add_argument("--b", type=Path, required=True)
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--adjudicate", type=Path, required=True)
    g.add_argument("--items", type=Path, required=True)
    s = sub.add_parser("settle")
    s.add_argument("--labels", type=Path, required=True)
    s.add_argument("--adjudicated", type=Path, required=True)
    a = ap.parse_args(argv)
    if a.cmd == "agree":
        table = agree(read_rater(a.a), read_rater(a.b))
        # the raters' reading of the language (langid cannot tell short texts)
        table["language"] = read_rater(a.a, "language").reindex(table.index)
        print(f"{len(table)} openers rated by both; agreement {table['agreed'].mean():.1%}, "
              f"Cohen's kappa {cohen_kappa(table['rater_a'], table['rater_b']):.3f}")
        print(pd.crosstab(table["rater_a"], table["rater_b"]).to_string())
        table.reset_index()[["id", "label", "rater_a", "rater_b", "how",
                                     "language"]].to_csv(
            a.out, index=False)
        todo = set(table.index[~table["agreed"]])
        with open(a.items, encoding="utf-8") as fh, open(a.adjudicate, "w",
                                                         encoding="utf-8") as out:
            for line in fh:
                item = json.loads(line)
                if item["id"] in todo:
                    text = (item["text"] or "")[:600]
                    title = (item.get("title") or "").strip()
                    out.write(f"### id={item['id']}" + (f" | title: {title[:120]}" if title
                                                        else "") + f"\n{text}\n\n")
        print(f"{len(todo)} to adjudicate -> {a.adjudicate}")
        return 0
    table = pd.read_csv(a.labels, dtype=str, keep_default_na=False).set_index("id")
    third = read_rater(a.adjudicated.parent) if a.adjudicated.is_dir() else pd.read_csv(
        a.adjudicated, dtype=str, keep_default_na=False).set_index("id")["label"]
    todo = table.index[table["label"].eq("")]
    settled = third.reindex(todo).dropna()
    table.loc[settled.index, "label"] = settled
    table.loc[settled.index, "how"] = "adjudicated"
    table.reset_index().to_csv(a.labels, index=False)
    print(f"{len(settled)} of {len(todo)} adjudicated; {int(table['label'].eq('').sum())} "
          "left without a label")
    return 0


if __name__ == "__main__":
    sys.exit(main())
