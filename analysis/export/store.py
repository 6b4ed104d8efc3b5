"""Write the processed set so that it replaces the old one only when complete.

Everything is written into a sibling temporary folder, then swapped in with renames; a
failure at any point leaves the previous ``data/processed/`` untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

KEEP = (".gitkeep",)  # placeholder files that belong to the repository, not the data


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n",
                    encoding="utf-8")


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """Parquet with pandas metadata that ``pd.read_parquet`` can read back.

    pandas records Arrow list columns under a dtype name it cannot parse again, so those
    entries are rewritten as plain object columns (lists come back as arrays).
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = json.loads(table.schema.metadata[b"pandas"])
    for col in meta["columns"]:
        if str(col.get("numpy_type", "")).startswith("list<"):
            col["numpy_type"] = "object"
            col["pandas_type"] = "list[unicode]"
    table = table.replace_schema_metadata({b"pandas": json.dumps(meta).encode()})
    pq.write_table(table, path, compression="zstd")


def replace_dir_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` to write a new folder, then swap it in for ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        fill(tmp)
        for keep in KEEP:
            if (target / keep).exists():
                shutil.copy2(target / keep, tmp / keep)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
