"""Developer tools, not part of the installed product: benchmarks, the seed-corpus builder,
planted cohort cards, and building and measuring the opener classifier on real exports.

Kept outside ``analysis/`` so the installed package holds only what an owner runs; run them
from the project root, e.g. ``python -m tools.bench`` or ``python -m tools.real_model``.
"""
