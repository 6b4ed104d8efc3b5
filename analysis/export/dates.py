"""Vectorised parsing of the export's many date shapes, each file with its own formats.

pyarrow's strptime is used because it is an order of magnitude faster than pandas on a
million message dates. Formats are tried in order; a value no format reads is reported as
a failure (the reader quarantines its row), never guessed. Values the declared formats cannot
read are offered to :func:`infer_dates`, which knows the shapes spreadsheet programs write.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def parse_datetimes(values: pd.Series, formats: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Parse strings to UTC timestamps.

    Returns the parsed series (``datetime64[us, UTC]``, NaT where empty or unreadable) and a
    boolean mask of non-empty values that no format could read.
    """
    arr = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    arr = pc.utf8_trim_whitespace(arr)
    empty = pc.fill_null(pc.equal(arr, ""), True)
    result = pa.nulls(len(arr), type=pa.timestamp("s"))
    for fmt in formats:
        missing = pc.is_null(result)
        if not pc.any(pc.and_(missing, pc.invert(empty))).as_py():
            break
        parsed = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
        result = pc.if_else(missing, parsed, result)
    failed = pc.and_(pc.is_null(result), pc.invert(empty)).to_numpy(zero_copy_only=False)
    out = pd.Series(result.to_pandas(), index=values.index)
    out = out.astype("datetime64[us]").dt.tz_localize("UTC")
    return out, np.asarray(failed, dtype=bool)


def parse_months(values: pd.Series, formats: tuple[str, ...]) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Parse ``Mon YYYY`` / ``YYYY`` values to the first day of the period, with precision.

    Precision is ``month`` when the matching format has a month directive, else ``year``.
    """
    stamps, failed = parse_datetimes(values, formats[:1])
    precision = pd.Series(pd.NA, index=values.index, dtype="string")
    precision[stamps.notna()] = "month" if "%b" in formats[0] or "%m" in formats[0] else "year"
    for fmt in formats[1:]:
        if not failed.any():
            break
        more, still = parse_datetimes(values.where(failed, ""), (fmt,))
        got = more.notna().to_numpy()
        stamps = stamps.where(~got, more)
        precision[got] = "month" if "%b" in fmt or "%m" in fmt else "year"
        failed = failed & still
    return stamps, precision, failed


# ----------------------------------------------------------------------------- inference
# Date shapes spreadsheet programs (Excel, Numbers, LibreOffice, pandas, R) write when a
# person opens an export and saves it again. A tuple of two is a month-first/day-first pair:
# which one applies is decided from the whole column, never guessed per value.
SPREADSHEET_DATES: tuple[tuple[str, ...], ...] = (
    ("%d-%b-%y",), ("%d-%b-%Y",), ("%d %b %Y",), ("%d %b %y",), ("%d %B %Y",), ("%b %d, %Y",), ("%B %d, %Y",),
    ("%Y-%m-%d",), ("%Y-%m-%d %H:%M:%S",), ("%Y-%m-%d %H:%M",), ("%Y-%m-%dT%H:%M:%S",),
    ("%Y-%m-%dT%H:%M:%SZ",), ("%Y-%m-%d %H:%M:%S%z",), ("%Y-%m-%dT%H:%M:%S%z",), ("%Y/%m/%d",), ("%Y/%m/%d %H:%M:%S",), ("%Y/%m/%d %H:%M",),
    ("%m/%d/%Y", "%d/%m/%Y"), ("%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M"),
    ("%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"), ("%m/%d/%Y %I:%M %p", "%d/%m/%Y %I:%M %p"),
    ("%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M:%S %p"), ("%m/%d/%y", "%d/%m/%y"),
    ("%m/%d/%y %H:%M", "%d/%m/%y %H:%M"), ("%m/%d/%y %I:%M %p", "%d/%m/%y %I:%M %p"),
    ("%m-%d-%Y", "%d-%m-%Y"), ("%m.%d.%Y", "%d.%m.%Y"), ("%m.%d.%Y %H:%M", "%d.%m.%Y %H:%M"),
    ("%m.%d.%y", "%d.%m.%y"),
)
# Month-precision shapes ("Jan 2023" becomes "Jan-23" in Excel); for month columns only.
SPREADSHEET_MONTHS: tuple[tuple[str, ...], ...] = (
    ("%b-%y",), ("%b-%Y",), ("%b %y",), ("%B %Y",), ("%Y-%m",), ("%m/%Y",), ("%m-%Y",),
)
EXCEL_SERIAL = "Excel serial day number"
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01: anything else is not a date here
_SERIAL_EPOCH_DAYS = 25569  # serial of 1970-01-01 (Excel counts from 1899-12-30)
_SAMPLE = 2000


@dataclass
class Inferred:
    """What the fallback made of values the declared formats could not read."""

    values: pd.Series  # datetime64[us, UTC], NaT where not read
    failed: np.ndarray  # no shape reads the value
    ambiguous: np.ndarray  # read both ways by a day/month pair the column does not decide
    how: str | None  # the shapes used, for the ledger; None when nothing fitted


def _serial(arr: pa.Array) -> pa.Array:
    """Excel serial day numbers (``45461`` or ``45461.5``) in a plausible range, else null."""
    looks = pc.fill_null(pc.match_substring_regex(arr, r"^\d{5}(\.\d+)?$"), False)
    numbers = pc.cast(pc.if_else(looks, arr, pa.scalar(None, pa.string())), pa.float64())
    lo, hi = _SERIAL_RANGE
    ok = pc.fill_null(pc.and_(pc.greater_equal(numbers, lo), pc.less(numbers, hi)), False)
    seconds = pc.round(pc.multiply(pc.subtract(numbers, _SERIAL_EPOCH_DAYS), 86400.0))
    stamps = pc.cast(pc.cast(seconds, pa.int64()), pa.timestamp("s"))
    return pc.if_else(ok, stamps, pa.scalar(None, pa.timestamp("s")))


def _parse(arr: pa.Array, fmt: str) -> pa.Array:
    if fmt == EXCEL_SERIAL:
        return _serial(arr)
    return pc.strptime(arr, format=fmt, unit="s", error_is_null=True)


def _reads(arr: pa.Array, shapes: tuple[str, ...]) -> np.ndarray:
    ok = np.zeros(len(arr), dtype=bool)
    for fmt in shapes:
        ok |= pc.is_valid(_parse(arr, fmt)).to_numpy(zero_copy_only=False)
    return ok


def _choose(sample: pa.Array, candidates) -> list[tuple[str, ...]]:
    """Greedy: the shape reading most of the sample, then the next for what is left."""
    reads = {shapes: _reads(sample, shapes) for shapes in candidates}
    chosen: list[tuple[str, ...]] = []
    done = np.zeros(len(sample), dtype=bool)
    while not done.all():
        gains = {s: int((ok & ~done).sum()) for s, ok in reads.items() if s not in chosen}
        best = max(gains, key=gains.get, default=None)
        if best is None or gains[best] == 0:
            break
        chosen.append(best)
        done |= reads[best]
    return chosen if done.sum() * 2 >= len(sample) else []


def infer_dates(values: pd.Series, *, months: bool = False) -> Inferred:
    """Read date strings in the shapes a spreadsheet program writes.

    Used on the values a column's declared formats could not read. Shapes are chosen on a
    sample, then applied to every value. For a day/month pair, any value that only one order
    reads (a part over 12) decides for the whole column; if none does (or both do), values
    the two orders read differently are ``ambiguous`` and never guessed.
    """
    arr = pc.utf8_trim_whitespace(
        pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True))
    n = len(arr)
    candidates = list(SPREADSHEET_DATES) + [(EXCEL_SERIAL,)]
    if months:
        candidates += list(SPREADSHEET_MONTHS)
    picks = np.unique(np.linspace(0, n - 1, min(n, _SAMPLE)).astype(np.int64)) if n else []
    chosen = _choose(arr.take(pa.array(picks, type=pa.int64())), candidates) if n else []
    result = pa.nulls(n, type=pa.timestamp("s"))
    ambiguous = np.zeros(n, dtype=bool)
    hows = []
    for shapes in chosen:
        todo = pc.and_(pc.is_null(result), pa.array(~ambiguous))
        if len(shapes) == 1:
            result = pc.if_else(todo, _parse(arr, shapes[0]), result)
            hows.append(shapes[0])
            continue
        first, second = (_parse(arr, fmt) for fmt in shapes)
        ok1 = pc.is_valid(first).to_numpy(zero_copy_only=False)
        ok2 = pc.is_valid(second).to_numpy(zero_copy_only=False)
        pending = todo.to_numpy(zero_copy_only=False)
        only1, only2 = (pending & ok1 & ~ok2).any(), (pending & ok2 & ~ok1).any()
        if only1 != only2:
            result = pc.if_else(todo, first if only1 else second, result)
            hows.append(shapes[0] if only1 else shapes[1])
            continue
        same = pc.fill_null(pc.equal(first, second), False)
        result = pc.if_else(pc.and_(todo, same), first, result)
        ambiguous |= pending & (ok1 | ok2) & ~same.to_numpy(zero_copy_only=False)
        hows.append(f"{shapes[0]} or {shapes[1]} (day/month order undecided)")
    failed = pc.is_null(result).to_numpy(zero_copy_only=False) & ~ambiguous
    out = pd.Series(result.to_numpy(zero_copy_only=False), index=values.index)
    out = out.astype("datetime64[us]").dt.tz_localize("UTC")
    return Inferred(out, failed, ambiguous, " + ".join(hows) or None)


def precision_of(fmt: str) -> str:
    """'month' when a shape names a day or a month, else 'year' (the month columns' rule)."""
    return "month" if any(d in fmt for d in ("%b", "%B", "%m", "%d", EXCEL_SERIAL)) else "year"
