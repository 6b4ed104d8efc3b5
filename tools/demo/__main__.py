"""`python -m tools.demo`: write a synthetic demo export, or refresh the bundled one.

The demo generator is a developer tool: the installed package ships one generated demo
(`analysis/data/demo/`, the realistic world, seed 7), which `make report` reads when
`data/raw/` is empty. `--bundle` regenerates that copy (a test fails when it is stale).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from analysis.paths import BUNDLED_DEMO

from . import DEFAULT_SEED, SIZES, WORLDS, write_demo
from .labels import DEFAULT_LABELS

BUNDLED_FILES = ("Complete_LinkedInDataExport_08-26-2025.zip",
                 "Content_2024-08-26_2025-08-25_Demo Owner.xlsx", "outcomes.csv", "labels.csv",
                 "truth.json")


def bundle(folder: Path = BUNDLED_DEMO) -> Path:
    """Write the default demo (realistic world, seed 7) into the package's data folder."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    write_demo(folder, seed=DEFAULT_SEED, size="default", world=WORLDS[0])
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__.split("\n")[0])
    p.add_argument("--out", default="data/raw/demo", help="folder to write (default data/raw/demo)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--size", choices=list(SIZES), default="default")
    p.add_argument("--world", choices=list(WORLDS), default=WORLDS[0],
                   help="realistic (default): figures like real exports; planted: large known "
                   "effects (tests); null: no effects")
    p.add_argument("--labels", type=int, default=DEFAULT_LABELS, metavar="N",
                   help=f"openers to label from the truth into labels.csv, as an owner would "
                   f"(default {DEFAULT_LABELS}; 0: none)")
    p.add_argument("--sentinels", action="store_true",
                   help="plant sentinel names/emails/phrases (for leak tests)")
    p.add_argument("--bundle", action="store_true",
                   help=f"regenerate the demo shipped with the package ({BUNDLED_DEMO})")
    args = p.parse_args(argv)
    if args.bundle:
        print(f"Wrote the bundled demo: {bundle()}")
        return 0
    result = write_demo(args.out, seed=args.seed, size=args.size, world=args.world,
                        sentinels=args.sentinels, labels=args.labels)
    print(f"Wrote the synthetic demo export (size {args.size}, world {args.world}, seed "
          f"{args.seed}): {result.zip_path}")
    print(f"Planted truth: {result.truth_path}")
    if "labels" in result.extras:
        print(f"Labelled sample (from the truth, as an owner would label): "
              f"{result.extras['labels']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
