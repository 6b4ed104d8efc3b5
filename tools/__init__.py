"""Developer tools (benchmarks, the seed-corpus builder, planted cohort cards).

Kept outside ``analysis/`` so the installed package holds only what an owner runs; run them
from the project root, e.g. ``python -m tools.bench``.
"""
