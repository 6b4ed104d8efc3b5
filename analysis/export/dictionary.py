"""The data dictionary, generated from the specs so that it cannot drift from the code."""

from __future__ import annotations

from .catalog import CATALOG, NO_ZONE
from .spec import BOOL, DATETIME, INT, MONTH, URL_LIST, Col

KIND_TYPES = {DATETIME: "timestamp (UTC)", MONTH: "timestamp (UTC, first day of period)",
              BOOL: "boolean", URL_LIST: "list of strings", INT: "integer"}
COMMON = (
    ("source_file", "string", "Export member the row came from (after the export's name when "
     "several exports of one person were merged; docs/export-format.md §12)."),
    ("source_row", "integer", "Row position in that file (ties in time are broken by it)."),
)


def _describe(col: Col) -> str:
    parts = [col.doc] if col.doc else []
    if col.kind in (DATETIME, MONTH) and col.zone == NO_ZONE:
        parts.append("The export gives no time zone; read as UTC.")
    if col.formats:
        parts.append("Formats: " + ", ".join(f"`{f}`" for f in col.formats) + ".")
    if col.headers:
        parts.append("From: " + ", ".join(f"`{h}`" for h in col.headers) + ".")
    if col.required:
        parts.append("Required: rows without it are quarantined.")
    return " ".join(parts)


def _extra_docs() -> dict[str, dict[str, str]]:
    docs: dict[str, dict[str, str]] = {}
    for module in ("creator_analytics", "outcomes"):
        try:
            mod = __import__(f"analysis.export.{module}", fromlist=["TABLE_DOCS"])
        except ImportError:
            continue
        docs.update(getattr(mod, "TABLE_DOCS", {}))
    return docs


def render_dictionary() -> str:
    lines = ["# Data dictionary", "",
             "Generated from `analysis/export/catalog.py` by `python -m analysis dictionary`; "
             "do not edit by hand.", "",
             "Every table is a Parquet file in `data/processed/`. Timestamps are timezone-aware "
             "UTC. `ledger.json` counts, per export file, the rows read, loaded and quarantined; "
             "`quarantine.parquet` holds each unreadable row (`file`, `line`, `reason`, `raw`). "
             "A file under a name LinkedIn does not use (`messages1.csv`) is recognised by its "
             "header. Dates in a shape other than the formats listed (a file saved again by a "
             "spreadsheet program) are inferred from the whole column; the ledger names the "
             "shape and marks the file as edited.",
             ""]
    for spec in CATALOG:
        files = ", ".join(f"`{n}`" for n in spec.names)
        lines += [f"## `{spec.table}`", "", spec.doc, "",
                  f"Export files (names compared case-insensitively, spaces and underscores "
                  f"alike, numbered parts concatenated): {files}.", "",
                  "| column | type | description |", "|---|---|---|"]
        for col in spec.columns:
            kind = KIND_TYPES.get(col.kind, "string")
            lines.append(f"| `{col.name}` | {kind} | {_describe(col)} |")
            if col.kind == MONTH:
                lines.append(f"| `{col.name}_precision` | string | 'month' or 'year'. |")
        for col in spec.extra_columns:
            if col.name.endswith("_precision"):
                continue
            lines.append(f"| `{col.name}` | {KIND_TYPES.get(col.kind, 'string')} | "
                         f"{col.doc} (derived) |")
        lines += [f"| `{name}` | {kind} | {doc} |" for name, kind, doc in COMMON]
        lines += ["", "Header eras: " + "; ".join(
            f"{era.name} ({len(era.header)} columns, {era.evidence})" for era in spec.eras), ""]
    for table, columns in sorted(_extra_docs().items()):
        lines += [f"## `{table}` (optional extra input)", "", "| column | description |",
                  "|---|---|"]
        lines += [f"| `{c}` | {d} |" for c, d in columns.items()]
        lines.append("")
    return "\n".join(lines)
