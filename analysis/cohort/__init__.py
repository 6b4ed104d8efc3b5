"""Cohort mode: many people's exports, each reduced to a PII-free effect card, pooled.

``card`` turns one export into a card (what a donor reviews and shares); ``run`` turns a
folder of exports and cards into cards on Dask; ``pool`` meta-analyses the cards per claim;
``report`` writes ``reports/cohort/index.html``. See docs/cohort.md.
"""
