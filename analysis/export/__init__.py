"""Read a LinkedIn data export (ZIP or folder, every era 2018-2026) into typed tables.

``ingest(path, out_dir)`` is the entry point; ``read_member`` reads one file by its spec.
"""

from .catalog import CATALOG, spec_for
from .ingest import ingest
from .reader import read_member

__all__ = ["CATALOG", "ingest", "read_member", "spec_for"]
