"""Timestamps: lookups that survive empty tables, and the week an event falls in."""

from __future__ import annotations

import pandas as pd


def map_times(keys: pd.Series, times: pd.Series) -> pd.Series:
    """``keys.map(times)`` for a timestamp lookup; pandas 3 cannot map through an empty
    datetime Series, so an empty lookup gives NaT directly."""
    if times.empty:
        return pd.Series(pd.NaT, index=keys.index, dtype="datetime64[us, UTC]")
    return keys.map(times)


def week_of(ts: pd.Series) -> pd.Series:
    """The Monday (UTC midnight) starting the week of each timestamp."""
    ts = pd.to_datetime(ts, utc=True)
    return ts.dt.tz_convert("UTC").dt.floor("D") - pd.to_timedelta(ts.dt.day_of_week, unit="D")


def utc_times(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """Every datetime column as tz-aware UTC: a naive one (a file re-saved by a spreadsheet,
    a table written by other code) is taken as UTC, so comparisons never mix the two."""
    if frame is None:
        return None
    for col in frame.columns:
        dtype = frame[col].dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            if str(dtype.tz) != "UTC":
                frame[col] = frame[col].dt.tz_convert("UTC")
        elif pd.api.types.is_datetime64_dtype(dtype):
            frame[col] = frame[col].dt.tz_localize("UTC")
    return frame
