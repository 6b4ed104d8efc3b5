"""LinkedOut: test the claims of "Delete LinkedIn" against your own LinkedIn data export.

Stages (data flows one way, see README "How it fits together"):
``analysis.export`` reads the export into typed tables in ``data/processed/``.
"""

__version__ = "0.1.0"
