"""Fuzzing the reader: mutated era fixtures never raise an unexpected exception, and every
record read is either loaded or quarantined (the ledger's counts always add up)."""

from __future__ import annotations

from pathlib import Path

from conftest import ERAS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import ExportError
from analysis.export.catalog import spec_for
from analysis.export.reader import read_member

FILES = sorted(p for p in ERAS.rglob("*.csv") if spec_for(p.name) is not None)
ORIGINAL = {p: p.read_bytes() for p in FILES}


def _truncate(data: bytes, at: float) -> bytes:
    return data[: int(len(data) * at)]


def _flip(data: bytes, at: float, byte: int) -> bytes:
    if not data:
        return data
    i = int((len(data) - 1) * at)
    return data[:i] + bytes([byte]) + data[i + 1:]


def _swap_columns(data: bytes, at: float, _: int) -> bytes:
    lines = data.split(b"\n")
    for k, line in enumerate(lines):
        if b"," in line:
            parts = line.split(b",")
            i = int((len(parts) - 1) * at)
            parts[0], parts[i] = parts[i], parts[0]
            lines[k] = b",".join(parts)
            break
    return b"\n".join(lines)


def _drop_column(data: bytes, at: float, _: int) -> bytes:
    out = []
    for line in data.split(b"\n"):
        parts = line.split(b",")
        i = int((len(parts) - 1) * at)
        out.append(b",".join(parts[:i] + parts[i + 1:]))
    return b"\n".join(out)


def _reencode(data: bytes, at: float, _: int) -> bytes:
    text = data.decode("utf-8", errors="replace")
    codec = ["latin-1", "utf-16-le", "utf-16", "cp1252"][int(at * 3.99)]
    return text.encode(codec, errors="replace")


def _unbalanced_quote(data: bytes, at: float, _: int) -> bytes:
    i = int(len(data) * at)
    return data[:i] + b'"' + data[i:]


def _enormous_field(data: bytes, at: float, _: int) -> bytes:
    i = int(len(data) * at)
    return data[:i] + b"x" * 2_000_000 + data[i:]


MUTATIONS = [lambda d, a, b: _truncate(d, a), _flip, _swap_columns, _drop_column, _reencode,
             _unbalanced_quote, _enormous_field]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), steps=st.lists(
    st.tuples(st.integers(0, len(MUTATIONS) - 1), st.floats(0, 1), st.integers(0, 255)),
    min_size=1, max_size=3))
def test_mutated_files_are_read_or_refused_cleanly(file: Path, steps):
    data = ORIGINAL[file]
    for which, at, byte in steps:
        data = MUTATIONS[which](data, at, byte)
    try:
        result = read_member(data, file.name, spec_for(file.name))
    except ExportError as err:  # one clear message
        assert "\n" not in str(err)
        return
    assert result.rows_loaded + len(result.quarantine) == result.rows_read
    assert all(q["reason"] for q in result.quarantine)
