"""The demo shipped with the package is exactly what the generator writes today, so the
first report a new user sees is never built from a stale copy."""

from __future__ import annotations

from analysis.paths import BUNDLED_DEMO
from analysis.report.inputs import find_source
from tools.demo.__main__ import BUNDLED_FILES, bundle


def test_bundled_demo_is_what_the_generator_writes(tmp_path):
    fresh = bundle(tmp_path / "demo")
    shipped = sorted(p.name for p in BUNDLED_DEMO.iterdir())
    assert shipped == sorted(BUNDLED_FILES)
    stale = [name for name in BUNDLED_FILES
             if (fresh / name).read_bytes() != (BUNDLED_DEMO / name).read_bytes()]
    assert not stale, (f"the bundled demo is stale in {stale}: "
                       "regenerate it with 'python -m tools.demo --bundle'")


def test_an_empty_raw_folder_reads_the_bundled_demo(tmp_path):
    source = find_source(None, tmp_path, say=lambda _t: None)
    assert source.demo
    assert source.export.parent == BUNDLED_DEMO
