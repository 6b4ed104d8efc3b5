"""The claims' results as the notebooks and the report read them.

The report step evaluates the claims once and saves them (``claims.json`` and the figure
tables, plus the few feature tables the figures need in ``report/``). Notebooks load that;
only when it is missing, or was computed with other parameters, do they evaluate the claims
in memory (in JupyterLab after ``make ingest``, say), so they always run on whatever is in
``data/processed/``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from ..claims import ClaimResult, Context, Params, evaluate_all, save_results
from ..claims.context import load_labels

EXTRA_DIR = "report"  # inside data/processed/: feature tables behind some figures
PAGES = {  # claim -> the notebook page that discusses it
    "C1": "01-being-sold-to", "C2": "01-being-sold-to", "C7": "01-being-sold-to",
    "C3": "02-superficial-ties", "C4": "03-vanity-metrics", "C8": "03-vanity-metrics",
    "C5": "04-jobs-and-weak-ties", "C10": "04-jobs-and-weak-ties",
    "C6": "05-relationship-selling", "C9": "06-learning",
}
# How each claim's estimate reads: a share (against 0.5), a ratio (against 1), a
# difference (against 0) or a count.
SCALE = {"C1": "share", "C2": "share", "C3": "share", "C10": "share", "C4": "ratio",
         "C6": "ratio", "C8": "ratio", "C7": "difference", "C9": "difference", "C5": "count"}
REFERENCE = {"share": 0.5, "ratio": 1.0, "difference": 0.0, "count": 0.0}
AXIS = {  # the x-axis each claim's estimate is drawn on in the forest plot
    "share": "share of cases (0 to 1; dashed: 0.5)",
    "ratio": "ratio, log scale (dashed: 1 = no effect)",
    "C7": "difference in reply rate (dashed: 0 = no difference)",
    "C9": "outcome events after minus before a course (dashed: 0)",
    "C5": "positions with a LinkedIn trace (count)",
}


@dataclass
class Results:
    """Every claim's result, the extra figure tables, the ledger and the parameters."""

    claims: dict[str, ClaimResult]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    ledger: dict = field(default_factory=dict)
    params: Params = field(default_factory=Params)
    origin: str = "saved"  # or "computed" (evaluated in memory by the notebook)
    processed: Path | None = None

    def __getitem__(self, claim_id: str) -> ClaimResult:
        return self.claims[claim_id]

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def forest_frame(self) -> pd.DataFrame:
        """One row per claim with its estimate on its own scale, for the forest plot."""
        rows = []
        for cid, r in self.claims.items():
            scale = SCALE.get(cid, "share")
            rows.append({"claim": cid, "title": r.title, "verdict": r.verdict, "scale": scale,
                         "axis": AXIS.get(cid, AXIS.get(scale, scale)),
                         "reference": REFERENCE[scale], "estimate": _num(r.estimate),
                         "ci_low": _num(r.ci_low), "ci_high": _num(r.ci_high), "n": r.n,
                         "label": r.estimate_label})
        return pd.DataFrame(rows)


def _num(value) -> float:
    return math.nan if value is None else float(value)


# ----------------------------------------------------------------------------- compute + save
def compute(processed: Path, params: Params | None = None,
            labels: Path | None = None) -> Results:
    """Evaluate every claim on a processed set; keep the feature tables the figures need."""
    processed = Path(processed)
    ctx = Context(processed, params or Params(), load_labels(labels))
    results = evaluate_all(ctx)
    return Results({r.claim_id: r for r in results}, _extra_tables(ctx), ctx.ledger,
                   ctx.params, "computed", processed)


def _extra_tables(ctx: Context) -> dict[str, pd.DataFrame]:
    """Descriptive tables behind figures (no statistic a claim returns is recomputed)."""
    tables: dict[str, pd.DataFrame] = {}
    panel = ctx.panel
    if len(panel):
        tables["panel"] = panel.reset_index()
    conv = ctx.conversations
    if conv is not None:
        inbound = conv.loc[(conv["opener_direction"] == "in") & ~conv["is_group"]
                           & conv["opener_category"].notna()]
        counts = (inbound.assign(year=inbound["opener_sent_at"].dt.year)
                  .groupby(["year", "opener_category"]).size().rename("n").reset_index()
                  .rename(columns={"opener_category": "category"}))
        tables["openers_by_year"] = counts
        # the same openers with how many the owner answered (the index's first section)
        tables["openers_replied"] = (
            inbound.assign(year=inbound["opener_sent_at"].dt.year,
                           replied=inbound["replied_14d"].astype(int))
            .groupby(["year", "opener_category"])["replied"].agg(["size", "sum"])
            .reset_index().rename(columns={"opener_category": "category", "size": "n",
                                           "sum": "replied"}))
    ties = ctx.ties
    if ties is not None:
        conns = ctx.keyed_connections
        names = (conns["first_name"].fillna("") + " " + conns["last_name"].fillna("")).str.strip()
        keep = ["messages_in", "messages_out", "two_way", "reciprocal_12m",
                "connection_age_days"]
        t = ties[keep].copy()
        t.insert(0, "name", names.to_numpy())
        t.insert(0, "profile_url", conns["profile_url"].to_numpy())
        tables["ties"] = t.loc[ties["key"].notna().to_numpy()].reset_index(drop=True)
    return tables


def save(results: Results, processed: Path) -> None:
    """claims.json + figure tables (the claims' own format) and the extra tables."""
    processed = Path(processed)
    save_results(list(results.claims.values()), processed)
    extra = processed / EXTRA_DIR
    extra.mkdir(exist_ok=True)
    for old in extra.glob("*.parquet"):
        old.unlink()
    for name, frame in results.tables.items():
        frame.to_parquet(extra / f"{name}.parquet", index=False)


# ----------------------------------------------------------------------------- load
def load_saved(processed: Path) -> Results | None:
    """What the report step saved, or None when there is nothing saved."""
    processed = Path(processed)
    path = processed / "claims.json"
    if not path.exists():
        return None
    names = {f.name for f in fields(ClaimResult)}
    claims = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        figure = entry.pop("figure_data", None)
        details = entry.get("details") or {}
        for key, value in list(details.items()):
            if isinstance(value, str) and value.startswith("claims/") and value.endswith(
                    ".parquet"):
                details[key] = pd.read_parquet(processed / value)
        entry["window"] = tuple(entry.get("window") or (None, None))
        for key in ("estimate", "ci_low", "ci_high"):
            entry[key] = _num(entry.get(key))
        r = ClaimResult(**{k: v for k, v in entry.items() if k in names})
        if figure:
            r.figure_data = pd.read_parquet(processed / figure)
        claims[r.claim_id] = r
    tables = {p.stem: pd.read_parquet(p) for p in sorted((processed / EXTRA_DIR).glob("*.parquet"))}
    ledger_path = processed / "ledger.json"
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    return Results(claims, tables, ledger, Params(), "saved", processed)


def params_from(namespace: dict) -> Params:
    """The registered parameters a notebook set (or had injected) in its namespace."""
    values = {}
    for f in fields(Params):
        if f.name in namespace:
            v = namespace[f.name]
            values[f.name] = tuple(v) if isinstance(v, list) else v
    return Params(**values)


def load(processed: Path | str | None = None, params: Params | None = None,
         labels: Path | str | None = None) -> Results:
    """The saved results when they match ``params``; else evaluate the claims now."""
    from ..paths import PROCESSED_DIR, RAW_DIR

    processed = Path(processed) if processed else PROCESSED_DIR
    params = params or Params()
    saved = load_saved(processed)
    labels = Path(labels) if labels else RAW_DIR / "labels.csv"
    labels = labels if labels.exists() else None
    if saved is not None and all(r.parameters == _jsonish(params.changed())
                                 for r in saved.claims.values()):
        saved.params = params
        if not _figure_tables_fresh(processed):  # 'make claims' saves no figure tables
            saved.tables = _extra_tables(Context(processed, params, load_labels(labels)))
        return saved
    if not (processed / "ledger.json").exists():
        from ..errors import LinkedOutError

        raise LinkedOutError(f"No processed data in {processed}: run 'make report' (or 'make "
                             "ingest') first.")
    print("Evaluating the claims on", processed, "(no saved results for these parameters; "
          "this takes a minute)...")
    return compute(processed, params, labels)


def _figure_tables_fresh(processed: Path) -> bool:
    """The report's figure tables exist and were written with the saved claims (not before
    a later 'make claims')."""
    tables = list((processed / EXTRA_DIR).glob("*.parquet"))
    claims = processed / "claims.json"
    return bool(tables) and min(p.stat().st_mtime for p in tables) >= claims.stat().st_mtime


def _jsonish(value):
    """Parameters as they read back from claims.json (tuples become lists)."""
    return json.loads(json.dumps(value, default=str))
