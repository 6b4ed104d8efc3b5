"""Synthetic LinkedIn export (Aug-2025 Complete) with known truth, in one of three worlds.

`world="realistic"` (the default, what a new user's first report shows) is a synthetic person
whose aggregate figures resemble real exports (realistic.py); `"planted"` plants large effects
the tests must recover; `"null"` keeps the planted world's marginal rates but no effect.

`write_demo(out)` writes into the folder `out`:
- `Complete_LinkedInDataExport_08-26-2025.zip`, shaped like a real Aug-2025 Complete archive;
- `Content_2024-08-26_2025-08-25_Demo Owner.xlsx`, a creator-analytics workbook;
- `outcomes.csv`, the owner's own outcomes file (`date,kind,value,source,note`);
- `truth.json`, the planted and realised values of every claim's measure, the expected
  verdicts, row counts per archive member and the category of every conversation opener.

The same seed gives byte-identical files. `sentinels=True` plants distinctive strings for the
privacy leak test.

Example:
    >>> from tools.demo import write_demo
    >>> res = write_demo("data/raw", size="small")  # doctest: +SKIP
    >>> res.zip_path.name  # doctest: +SKIP
    'Complete_LinkedInDataExport_08-26-2025.zip'
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import fmt, truth, workbook, writers
from . import params as P
from . import world as world_mod
from .labels import DEFAULT_LABELS, write_labels
from .params import DEFAULT_SEED, SIZES, WORLDS

__all__ = ["DEFAULT_SEED", "SIZES", "WORLDS", "DemoResult", "write_demo"]


@dataclass(frozen=True)
class DemoResult:
    """Paths written by `write_demo`; `extras` holds the workbook and the outcomes file."""

    zip_path: Path
    truth_path: Path
    extras: dict[str, Path] = field(default_factory=dict)


def _zip(members: list[tuple[str, bytes, int]], level: int) -> bytes:
    """Deterministic archive: sorted members, fixed timestamps and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data, _n in sorted(members, key=lambda m: m[0]):
            info = zipfile.ZipInfo(name, date_time=P.ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, data, compresslevel=level)
    return buf.getvalue()


def _outcomes_csv(w: world_mod.World) -> bytes:
    o = w.act.outcomes.sort_values("t", kind="stable")
    data, _ = writers._csv("date,kind,value,source,note",
                           [fmt.iso_day(o["t"].to_numpy()), o["kind"],
                            o["value"].astype(str), o["source"], o["note"]])
    return data


def write_demo(out: str | Path, *, seed: int = DEFAULT_SEED, size: str = "default",
               world: str = "realistic", sentinels: bool = False,
               labels: int = DEFAULT_LABELS) -> DemoResult:
    """Generate one demo export with its truth into the folder `out` (created if needed),
    and `labels` openers labelled from the truth as an owner would (labels.csv; 0: none)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, not {size!r}")
    if world not in WORLDS:
        raise ValueError(f"world must be one of {WORLDS}, not {world!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    w = world_mod.build(int(seed), SIZES[size], world)
    if sentinels:
        world_mod.plant_sentinels(w)
    members = writers.all_members(w)
    counts = {name: n for name, _text, n in members}
    zip_path = out / P.EXPORT_NAME
    zip_path.write_bytes(_zip(members, 6 if size != "heavy" else 1))
    del members
    wb_path = out / P.WORKBOOK_NAME
    wb_path.write_bytes(workbook.build(w))
    oc_path = out / P.OUTCOMES_NAME
    oc_path.write_bytes(_outcomes_csv(w))
    t = truth.build(w, counts)
    t.update({
        "seed": int(seed), "size": size, "world": world, "owner_url": P.OWNER_URL,
        "owner_name": P.OWNER_NAME, "export_file": P.EXPORT_NAME,
        "extras": {"workbook": P.WORKBOOK_NAME, "outcomes": P.OUTCOMES_NAME},
        "extras_counts": {"outcomes.csv": len(w.act.outcomes),
                          "workbook_days": int(len(w.daily))},
        "sentinels": w.sentinels if sentinels else None,
        "window": {"start": fmt.iso_day(np.array([P.T0]))[0],
                   "end_exclusive": fmt.iso_day(np.array([P.T_END]))[0]},
    })
    truth_path = out / P.TRUTH_NAME
    truth_path.write_text(json.dumps(t, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                          encoding="utf-8", newline="")
    extras = {"workbook": wb_path, "outcomes": oc_path}
    labels_path = write_labels(zip_path, t["opener_labels"], out, n=labels, seed=int(seed))
    if labels_path is not None:
        extras["labels"] = labels_path
    return DemoResult(zip_path, truth_path, extras)
