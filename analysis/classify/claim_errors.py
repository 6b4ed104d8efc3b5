"""The classifier's measured error as the claims use it (C1, C2, C6, C7 share it): the error
counts behind category shares, and the precision of "sales pitch" on this inbox."""

from __future__ import annotations

import numpy as np


def category_error_rates(ctx):
    """The classifier's error counts for category shares: from the owner's labels
    (cross-validated) when there are enough, else those measured on real labelled openers
    and shipped with the package."""
    from .prevalence import ErrorRates, shipped_error_rates

    ev = ctx.label_evaluation
    if ev is not None and ev.get("confusion_counts") is not None:
        return ErrorRates(np.asarray(ev["confusion_counts"], dtype=float),
                          "your labels (cross-validated)")
    return shipped_error_rates()


def inbound_pool(conv):
    """Categories of the inbound one-to-one openers a pitch share is corrected over (only
    sponsored mail left out: the correction also moves openers wrongly called automated)."""
    return conv.loc[(conv["opener_direction"] == "in") & ~conv["is_group"]
                    & ~conv["opener_is_sponsored"] & conv["opener_category"].notna(),
                    "opener_category"]


def pitch_precision(ctx) -> float:
    """Estimated share of openers classified as pitches that are pitches (precision on this
    inbox): corrected shares and the error rates give it by Bayes' rule."""
    from .prevalence import corrected_shares

    pool = inbound_pool(ctx.conversations)
    rates = category_error_rates(ctx)
    shares = corrected_shares(pool, rates, draws=1)
    observed = (pool == "sales_pitch").mean() if len(pool) else 0.0
    if not observed:
        return float("nan")
    pi = shares["sales_pitch"]["estimate"]
    return float(min(1.0, pi * rates.rate("sales_pitch", "sales_pitch") / observed))
