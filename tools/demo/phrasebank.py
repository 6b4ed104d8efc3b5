"""The demo's phrase banks, kept as data in `phrases/*.json` so the package's code stays small.

Written for the demo only (independently of any classifier corpus) so that a classifier scored
on the demo is not scored on its own training phrases. Deliberately hard cases are in: pitches
that never say "buy", social messages about calls and deals, friendly recruiters, requests that
name a product. Placeholders: `{n}` a first name, `{co}` the sender's company.

`EN` holds the English banks as attributes (`EN.GREET`, `EN.SALES_PITCH["body"]`, ...);
`INTL[code]` the smaller banks of inbound openers in German, French, Spanish, Dutch and
Portuguese, with the same slots, so that the share of an inbox in other languages is there.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

PHRASE_DIR = Path(__file__).with_name("phrases")
INTL_LANGS = ("de", "fr", "es", "nl", "pt")


def load(name: str) -> dict:
    """One bank file (`en`, `de`, ...) as loaded from JSON (lists keep their order)."""
    return json.loads((PHRASE_DIR / f"{name}.json").read_text(encoding="utf-8"))


EN = SimpleNamespace(**load("en"))
INTL = {code: load(code) for code in INTL_LANGS}
