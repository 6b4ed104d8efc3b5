"""The operationalisations every claim reads, fixed before the data is seen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """Operationalisations fixed before the data is seen; the report lists any change."""

    reply_window_days: int = 14
    pitch_window_days: int = 7
    equivalence_low: float = 0.8
    equivalence_high: float = 1.25
    lag_weeks: tuple[int, int] = (1, 4)  # exposure summed over weeks t-4 .. t-1
    spec_curve_lags: int = 8
    hac_lags: int = 4
    min_events: int = 20
    dunbar: float = 150.0
    dunbar_band: tuple[float, float] = (100.0, 231.0)  # Dunbar (1993) 95% interval
    learning_window_days: int = 182
    placebo_draws: int = 500
    lookback_days: int = 365  # C5: traces in the 12 months before a position starts
    spec_curve: bool = True
    seed: int = 20210305

    def changed(self) -> dict:
        default = Params()
        return {k: v for k, v in self.__dict__.items() if getattr(default, k) != v}


# The registered range of each choice (parameter -> (Params fields, values)); every claim
# that reads those fields (``Claim.reads``) is re-evaluated across it by ``sensitivity``.
RANGES: dict[str, tuple[tuple[str, ...], tuple]] = {
    "reply_window_days": (("reply_window_days",), (7, 14, 30)),
    "pitch_window_days": (("pitch_window_days",), (3, 7, 14)),
    "lag_weeks": (("lag_weeks",), tuple((k, k) for k in range(1, 9))),
    "equivalence": (("equivalence_low", "equivalence_high"), ((0.8, 1.25), (0.9, 1.11))),
}
