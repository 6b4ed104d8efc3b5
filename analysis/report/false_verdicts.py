"""The scorecard's line on chance: how many false verdicts a person with no real effects
would expect among the claims tested here, from the false-verdict rates validation measured
on fresh null worlds (``analysis/data/null_false_verdicts.json``), never an assumed 5%."""

from __future__ import annotations

import json
from pathlib import Path

from .. import stats

# Measured by `python -m tools.validate.null_rates` on fresh-seed null worlds.
RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "null_false_verdicts.json"


def load_rates(path: Path = RATES_FILE) -> dict | None:
    """The measured counts, or None when the file is absent (then no line is shown)."""
    return json.loads(Path(path).read_text()) if Path(path).exists() else None


def null_line(verdicts: dict[str, str], rates: dict | None = None) -> str:
    """One sentence for the claims that reached a verdict (a 'not testable' claim cannot be
    falsely decided); empty when nothing was tested or nothing was measured."""
    rates = load_rates() if rates is None else rates
    if not rates:
        return ""
    tested = [cid for cid, v in verdicts.items() if v != "not testable"
              and cid in rates["claims"]]
    counts = {cid: (rates["claims"][cid]["false"], rates["claims"][cid]["worlds"])
              for cid in tested}
    s = stats.null_scorecard(counts)
    if not s["claims"]:
        return ""
    return (f"Chance alone: if none of the {s['claims']} claims tested here had any real "
            f"effect, a scorecard like this would still show about {s['expected']:.2f} false "
            f"verdicts (95% simulation interval {s['expected_low']:.2f} to "
            f"{s['expected_high']:.2f}), and at least one on {s['at_least_one']:.0%} of "
            f"scorecards ({s['at_least_one_low']:.0%} to {s['at_least_one_high']:.0%}); "
            f"measured on {rates['worlds_per_claim']} simulated null worlds per claim "
            f"(fresh seeds from {rates['seed']}).")
