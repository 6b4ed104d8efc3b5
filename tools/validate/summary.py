"""The validation tables, from one row per world: false verdicts under the null, coverage of
the planted population value, power per planted effect, and C4/C8's per-test rejections.

Every rate comes with its Wilson interval (simulation error) and the registered band; a row
passes on that interval (see ``_rate``), so a run that is lucky on its seeds cannot pass.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis import stats

from .worlds import worlds_of

FALSE_BAND = (0.0, 0.08)  # share of null worlds with a false supported/contradicted
COVERAGE_BAND = (0.92, 0.98)  # share of planted worlds whose 95% interval covers the truth
TEST_BAND = (0.02, 0.08)  # C4/C8: per-pair rejections at 5% in null worlds
POWER_TARGET = 0.8


def _rate(k: int, n: int, band: tuple[float, float]) -> dict:
    """The rate with its Wilson interval. It passes on the interval, not the point: a false
    verdict rate must have its upper end at most the band's top (a point estimate under 8%
    from 200 worlds can hide a true 11%); a rate with a two-sided band (coverage) passes
    while its interval reaches the band, allowing for simulation error."""
    est = stats.wilson(k, n)
    one_sided = band[0] <= 0
    ok = est.high <= band[1] if one_sided else est.high >= band[0] and est.low <= band[1]
    return {"worlds": n, "rate": est.value, "ci_low": est.low, "ci_high": est.high,
            "band": f"{band[0]:.0%}–{band[1]:.0%}", "pass": bool(n and ok)}


def false_verdicts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per claim: null worlds, false 'supported' and 'contradicted', their share and pass."""
    out = []
    null = rows.loc[rows["kind"] == "null"]
    for cid, grp in null.groupby("claim", sort=False):
        ok = grp.loc[grp["error"].isna()]
        false = ok.loc[ok["false"]]
        out.append({"claim": cid, "variants": ", ".join(worlds_of()[cid].variants),
                    "false_supported": int((false["verdict"] == "supported").sum()),
                    "false_contradicted": int((false["verdict"] == "contradicted").sum()),
                    "errors": int(grp["error"].notna().sum()),
                    **_rate(len(false), len(ok), FALSE_BAND)})
    return pd.DataFrame(out)


def false_by_variant(rows: pd.DataFrame) -> pd.DataFrame:
    """The same share per kind of null world: which departure from the model hurts."""
    null = rows.loc[(rows["kind"] == "null") & rows["error"].isna()]
    out = []
    for (cid, variant), grp in null.groupby(["claim", "variant"], sort=False):
        out.append({"claim": cid, "variant": variant, "false": int(grp["false"].sum()),
                    **_rate(int(grp["false"].sum()), len(grp), FALSE_BAND)})
    return pd.DataFrame(out)


def coverage(rows: pd.DataFrame) -> pd.DataFrame:
    """Per claim: planted worlds with an interval, and the share covering the planted
    population value (not the realised sample's own share)."""
    out = []
    cov = rows.loc[rows["kind"] == "coverage"]
    for cid, grp in cov.groupby("claim", sort=False):
        scored = grp.loc[grp["covered"].notna()]
        out.append({"claim": cid, "planted": worlds_of()[cid].effect_label,
                    "without_interval": len(grp) - len(scored),
                    **_rate(int(scored["covered"].astype(bool).sum()), len(scored),
                            COVERAGE_BAND)})
    for cid, spec in worlds_of().items():
        if spec.coverage_range is None and cid in set(rows["claim"]):
            out.append({"claim": cid, "planted": spec.note, "without_interval": 0,
                        "worlds": 0, "rate": math.nan, "ci_low": math.nan, "ci_high": math.nan,
                        "band": "n/a", "pass": None})
    return pd.DataFrame(out)


def power(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Power per (claim, planted effect) and, per claim, the smallest effect on the grid
    (weakest first) at which the claim reaches 80%."""
    pw = rows.loc[rows["kind"] == "power"]
    grid = (pw.groupby(["claim", "effect"], sort=False)
            .agg(worlds=("detected", "size"), power=("detected", "mean")).reset_index())
    smallest = []
    for cid in dict.fromkeys(pw["claim"]):
        spec = worlds_of()[cid]
        g = grid.loc[grid["claim"] == cid].set_index("effect")["power"]
        reached = [e for e in spec.power_grid if e in g.index and g[e] >= POWER_TARGET]
        smallest.append({"claim": cid, "effect": spec.effect_label,
                         "null value": spec.null_effect,
                         "smallest effect with 80% power": reached[0] if reached else None,
                         "power at the strongest effect": g.get(spec.power_grid[-1],
                                                                math.nan),
                         "detected as": spec.detected})
    return grid, pd.DataFrame(smallest)


def pair_tests(rows: pd.DataFrame) -> pd.DataFrame:
    """C4/C8 in null worlds: share of single pair tests rejecting at 5% (model calibration,
    before Benjamini-Hochberg), per variant and overall."""
    null = rows.loc[(rows["kind"] == "null") & (rows["tests"] > 0)]
    out = []
    for (cid, variant), grp in null.groupby(["claim", "variant"], sort=False):
        out.append({"claim": cid, "variant": variant, "null_worlds": len(grp),
                    **_rate(int(grp["rejections"].sum()), int(grp["tests"].sum()), TEST_BAND)})
    for cid, grp in null.groupby("claim", sort=False):
        out.append({"claim": cid, "variant": "all", "null_worlds": len(grp),
                    **_rate(int(grp["rejections"].sum()), int(grp["tests"].sum()), TEST_BAND)})
    return pd.DataFrame(out)


def failures(rows: pd.DataFrame) -> list[str]:
    """One line per claim and check outside its band (what `--strict` fails on)."""
    lines = []
    fv = false_verdicts(rows)
    for _, r in fv.iterrows():
        if not r["pass"]:
            lines.append(f"{r['claim']}: false verdicts in {r['rate']:.1%} of {r['worlds']} "
                         f"null worlds (band {r['band']})")
    cov = coverage(rows)
    for _, r in cov.iterrows():
        if r["pass"] is False:
            lines.append(f"{r['claim']}: interval covers the planted value in {r['rate']:.1%} "
                         f"of {r['worlds']} worlds (band {r['band']})")
    return lines
