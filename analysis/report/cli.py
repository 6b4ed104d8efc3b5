"""``python -m analysis report``: the command ``make report`` runs."""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from ..errors import LinkedOutError


def parse_params(pairs: list[str] | None):
    """``NAME=VALUE`` pairs (``--set equivalence_low=0.9``) over the registered defaults."""
    from ..claims import Params

    default, changes = Params(), {}
    known = {f.name for f in fields(Params)}
    for pair in pairs or []:
        name, sep, text = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in known:
            raise LinkedOutError(f"--set {pair!r}: expected NAME=VALUE with NAME one of "
                                 f"{', '.join(sorted(known))}.")
        base = getattr(default, name)
        try:
            if isinstance(base, bool):
                if text.strip().lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(text)
                value = text.strip().lower() in ("true", "1", "yes")
            elif isinstance(base, tuple):
                value = tuple(type(base[0])(v) for v in text.split(","))
                if len(value) != len(base):
                    raise ValueError(text)
            else:
                value = type(base)(text)
        except ValueError:
            raise LinkedOutError(f"--set {pair!r}: {text!r} is not a valid value for {name} "
                                 f"(default {base!r}).") from None
        changes[name] = value
    return Params(**changes)


def run(args: argparse.Namespace) -> int:
    from ..paths import PROCESSED_DIR, REPORTS_DIR
    from .build import build_report

    build_report(export=Path(args.export) if args.export else None, processed=PROCESSED_DIR,
                 reports=REPORTS_DIR, show_code=args.show_code, reveal=args.reveal,
                 jobs=args.jobs, params=parse_params(args.set), owner_url=args.owner_url,
                 owner_name=args.owner_name)
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand on the CLI's subparsers."""
    p = subparsers.add_parser(
        "report", help="build the findings in reports/ (the bundled demo if data/raw/ is empty)")
    p.add_argument("--export", help="export ZIP or folder (default: the one in data/raw/, "
                   "else the synthetic demo)")
    p.add_argument("--show-code", action="store_true", help="show the notebooks' code")
    p.add_argument("--reveal", action="store_true",
                   help="show real names (your private copy: do not share it)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="change a registered parameter, e.g. --set equivalence_low=0.9")
    p.add_argument("--owner-url", help="the owner's profile URL, if detection gets it wrong")
    p.add_argument("--owner-name", help="the owner's name as it appears in messages.csv (exports "
                   "without profile URLs), if the owner is not found")
    p.set_defaults(func=run)
    return p
