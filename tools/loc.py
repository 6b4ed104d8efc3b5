"""``make loc``: the installed package's lines of Python, against the project's budget.

The project promises notebooks backed by a *small* helper package; this keeps the promise
measurable. Every line of every ``.py`` file under ``analysis/`` counts (blank lines and
docstrings too); tools, tests and notebooks are not installed and do not count. Prints the total and the largest parts, and exits 1 above the limit.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 14_000
AIM = 12_000


def count_lines(package: Path) -> Counter:
    """Lines of Python per part of ``package``: each subpackage, and each top-level module."""
    parts: Counter = Counter()
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        part = rel.parts[0] if len(rel.parts) > 1 else rel.name
        with path.open("rb") as fh:
            parts[part] += sum(1 for _ in fh)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.loc", description=__doc__)
    parser.add_argument("--package", type=Path, default=ROOT / "analysis")
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args(argv)
    parts = count_lines(args.package)
    total = sum(parts.values())
    for part, n in parts.most_common(8):
        print(f"  {n:>6,}  {part}")
    verdict = "over the limit" if total > args.limit else "within the limit"
    print(f"{args.package.name}/: {total:,} lines of Python ({verdict} of {args.limit:,}; "
          f"the aim is {AIM:,})")
    return 1 if total > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
