"""Development steps that are not part of the installed product: building and measuring the
opener classifier on real exports (run from the repository root, `python -m tools.NAME`)."""
