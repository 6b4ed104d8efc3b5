"""How many misclassified openers would flip a two-group verdict (C6, C7).

The classifier decides who is in the pitch group. If some openers counted in a group do not
belong there, the worst case for the verdict is that they are exactly the ones that make the
difference: the replied ones in the group with the higher rate, the unanswered ones in the
group with the lower rate. The smallest number that, taken out that way, moves the
difference's 95% interval across zero is the error that would flip the verdict; it is set
against the number of wrong members the measured error predicts.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import stats


def _side(k1: int, n1: int, k2: int, n2: int) -> int:
    est = stats.two_proportions(k1, n1, k2, n2)
    if est.low != est.low:
        return 0
    return 1 if est.low > 0 else -1 if est.high < 0 else 0


def flip_count(k1: int, n1: int, k2: int, n2: int,
               side: Callable[[int, int, int, int], int] = _side) -> dict:
    """Smallest number of openers wrongly counted in group 1 (the classifier's group) whose
    removal, in the worst case, changes the verdict's side; None if none would."""
    base = side(k1, n1, k2, n2)
    higher = k1 / n1 >= k2 / n2 if n1 and n2 else True
    for m in range(1, n1):
        # take out replied openers if group 1 is the higher one, unanswered ones if lower
        if higher:
            k, n = max(0, k1 - m), n1 - m
            if k1 - m < 0:
                break
        else:
            k, n = k1, n1 - m
            if n < k:
                break
        if side(k, n, k2, n2) != base:
            return {"openers": m, "share_of_group": m / n1, "verdict_side": base}
    return {"openers": None, "share_of_group": None, "verdict_side": base}


def flip_note(flip: dict, expected_wrong: float | None, group: str) -> str:
    """One sentence: how large a classifier error would flip the verdict, against the
    number of wrong members the measured error predicts."""
    exp = (f" (the measured error predicts about {expected_wrong:.0f} wrong ones)"
           if expected_wrong is not None and expected_wrong == expected_wrong else "")
    if flip["openers"] is None:
        return (f"No number of openers wrongly counted as {group} could flip this verdict on "
                f"its own{exp}.")
    return (f"The verdict would flip if {flip['openers']} of the openers counted as {group} "
            f"({flip['share_of_group']:.0%}) were not, and were the worst ones for the "
            f"verdict{exp}.")
