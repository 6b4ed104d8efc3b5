"""Cache keys: hashes of data, code and parameters that decide whether a step reruns."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # analysis/


def digest(*parts) -> str:
    """sha256 of the parts' JSON (paths and tuples as strings and lists)."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree_hash(root: Path, *, skip: tuple[str, ...] = ()) -> str:
    """Content hash of every file under ``root`` except the top-level names in ``skip``."""
    root = Path(root)
    if not root.exists():
        return "missing"
    entries = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and rel.parts[0] not in skip:
            entries.append((rel.as_posix(), file_hash(p)))
    return digest(entries)


@cache
def code_hash(*parts: str) -> str:
    """Hash of the package's source files (all of it, or the named modules/subpackages), and
    of the data they read from JSON (the demo's phrase banks): a change to the code that
    produced a cached result invalidates it."""
    targets = [PACKAGE / p for p in parts] if parts else [PACKAGE]
    files = []
    for t in targets:
        if t.is_dir():
            files += sorted([*t.rglob("*.py"), *t.rglob("*.json")])
        elif t.with_suffix(".py").exists():
            files.append(t.with_suffix(".py"))
    return digest([(f.relative_to(PACKAGE).as_posix(), file_hash(f)) for f in files])
