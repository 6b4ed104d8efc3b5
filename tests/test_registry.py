"""The claim registry is the one list: a claim registered in one place flows through
evaluation, claims.json, the scorecard, the forest plot, the index and the doctor."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.claims import (
    Context,
    Params,
    all_claims,
    evaluate_all,
    register,
    registry,
    save_results,
)
from analysis.claims.definitions import CLAIMS, Claim
from analysis.claims.result import SUPPORTED, ClaimResult
from analysis.cli import main
from analysis.doctor import _claims as doctor_claims
from analysis.export import ingest
from analysis.report import explain
from analysis.report.index import render
from analysis.report.page import Chrome
from analysis.report.results import Results
from tests.conftest import write_export

TOY = "C98"  # no real claim has this id (C11 would be the next one)


def _toy(ctx: Context) -> ClaimResult:
    """A claim that counts the processed connections (anything computable will do)."""
    conns = ctx.table("connections")
    n = 0 if conns is None else len(conns)
    return ClaimResult.for_claim(registry.get(TOY).rendered(ctx.params), SUPPORTED,
                                 estimate=0.75, ci_low=0.6, ci_high=0.9, n=n,
                                 summary="The toy claim holds.")


@pytest.fixture
def toy_claim():
    """The whole of adding a claim: one ``register`` call (here, in the test), under an id no
    real claim uses; the registry is restored afterwards whatever happens."""
    registry.load()
    before = dict(registry.REGISTRY)
    assert TOY not in before and TOY not in CLAIMS
    claim = register(Claim(TOY, "Toy claim", "a toy quote <b>escaped</b>",
                           "connections within {reply_window_days} days",
                           "always supported", "toy", ("Connections.csv",)),
                     _toy, page="02-superficial-ties", scale="share")
    yield claim
    registry.REGISTRY.clear()
    registry.REGISTRY.update(before)


@pytest.fixture
def processed(tmp_path, minimal_files):
    out = tmp_path / "processed"
    ingest(write_export(tmp_path / "export", minimal_files), out)
    return out


def test_registry_lists_the_ten_claims_in_order():
    ids = [c.id for c in all_claims()]
    assert ids == sorted(CLAIMS, key=lambda i: int(i[1:]))
    assert all(c.function is not None and c.page for c in all_claims())


def test_a_registered_claim_flows_everywhere(toy_claim, processed, tmp_path, capsys):
    ctx = Context(processed=processed, params=Params(reply_window_days=21))
    results = evaluate_all(ctx)
    assert [r.claim_id for r in results][-1] == TOY
    toy = results[-1]
    assert toy.n == 2  # the export has two connections (one hidden)
    assert toy.measured == "connections within 21 days"  # rendered from the live params

    saved = json.loads(save_results(results, tmp_path / "out").read_text())
    assert saved[-1]["claim_id"] == TOY and saved[-1]["verdict"] == SUPPORTED

    res = Results({r.claim_id: r for r in results}, ledger=ctx.ledger, params=ctx.params)
    card = str(explain.scorecard(res))
    assert f'id="row-{TOY}"' in card and f"02-superficial-ties.html#{TOY}" in card
    assert "<b>escaped</b>" not in card and "75%" in card
    forest = res.forest_frame().set_index("claim")
    assert forest.loc[TOY, "reference"] == 0.5
    html = render(res, chrome=Chrome((("index.html", "Findings"),)), reveal=False,
                  figure_b64="", command="make report")
    assert f'id="row-{TOY}"' in html

    assert main(["claims", "--processed", str(processed)]) == 0  # the CLI's scorecard
    assert f"{TOY}   supported" in capsys.readouterr().out

    lines, _ = doctor_claims(ctx.ledger, owner_ok=True)
    assert any(line.split() [:3] == [TOY, "Toy", "claim:"] and "Connections.csv" in line
               for line in lines), lines


def test_rule_texts_follow_the_parameters():
    c4 = CLAIMS["C4"]
    assert "[0.8, 1.25]" in c4.rule
    changed = c4.rendered(Params(equivalence_low=0.9, equivalence_high=1.1, lag_weeks=(1, 2)))
    assert "[0.9, 1.1]" in changed.rule and "1 to 2 weeks" in changed.measured
    assert "21 days" in CLAIMS["C6"].rendered(Params(reply_window_days=21)).measured
    assert "{" not in "".join(c.measured + c.rule for c in CLAIMS.values())


def test_unknown_claims_fall_back_to_a_share():
    frame = Results({}).forest_frame()
    assert isinstance(frame, pd.DataFrame) and frame.empty
