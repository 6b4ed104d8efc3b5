"""The shipped real-opener model holds weights only, and the transported error matrix widens
the corrected share's interval by how much error rates vary between people."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from analysis.classify import prevalence
from analysis.classify.model import CATEGORIES
from analysis.classify.real_model import MODEL_FILE, RealModel, shipped


@pytest.fixture(scope="module")
def shipped_json():
    if not MODEL_FILE.exists():
        pytest.fail("analysis/data/real_model.json is missing: run python -m tools.real_model")
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def test_shipped_model_holds_only_terms_many_people_used(shipped_json):
    assert shipped_json["categories"] == list(CATEGORIES)
    floor = shipped_json["min_exports"]
    assert floor >= 5
    banned = re.compile(r"\d|http|www|@|\.com|^(com|gmail|lnkd|youtu|org|net)$")
    for name, block in shipped_json["blocks"].items():
        assert len(block["terms"]) == len(block["idf"]) == len(block["exports"]) > 0, name
        assert min(block["exports"]) >= floor, f"a {name} term seen in fewer than {floor} exports"
        bad = [t for t in block["terms"] if banned.search(t)]
        assert not bad, f"digits, URL or e-mail fragments in the shipped {name}: {bad[:5]}"
    n_text = sum(len(b["terms"]) for b in shipped_json["blocks"].values())
    assert np.asarray(shipped_json["coef"]).shape == (len(CATEGORIES),
                                                       n_text + len(shipped_json["dense"]))


def test_shipped_model_round_trips_and_scores(shipped_json):
    model = RealModel.from_json(shipped_json)
    again = RealModel.from_json(model.to_json())
    np.testing.assert_allclose(model.coef, again.coef)
    assert shipped() is not None
    import pandas as pd

    from analysis.classify.api import default_model
    from analysis.classify.features import corpus_features

    texts = pd.DataFrame({"text": ["We are hiring a data engineer, would you be open to a chat?",
                                   "Congratulations on the new role!"], "label": ["recruiting",
                                                                               "social"]})
    pred = default_model().predict(corpus_features(texts))
    assert list(pred["label"]) == ["recruiting", "social"]


def _dm_counts(rng, kappa, p, n, exports):
    return [np.vstack([rng.multinomial(n, rng.dirichlet(kappa * row)) for row in p])
            for _ in range(exports)]


def test_concentration_tells_varying_from_stable_error_rates():
    rng = np.random.default_rng(4)
    p = np.full((len(CATEGORIES), len(CATEGORIES)), 0.05) + np.eye(len(CATEGORIES)) * 0.75
    varying = prevalence.concentration(_dm_counts(rng, 8.0, p, 60, 30))
    stable = prevalence.concentration(_dm_counts(rng, 5000.0, p, 60, 30))
    assert np.all(varying < 40), varying
    assert np.median(stable) > 200, stable


def test_between_export_term_widens_the_corrected_interval():
    counts = np.full((5, 5), 2.0) + np.eye(5) * 60
    pred = np.array(["sales_pitch"] * 10 + ["social"] * 190, dtype=object)
    narrow = prevalence.corrected_shares(pred, prevalence.ErrorRates(counts, "x"),
                                         exclude=("automated",), draws=300)
    wide = prevalence.corrected_shares(
        pred, prevalence.ErrorRates(counts, "x", np.full(5, 5.0)), exclude=("automated",),
        draws=300)
    width = lambda r: r["sales_pitch"]["ci_high"] - r["sales_pitch"]["ci_low"]  # noqa: E731
    assert width(wide) > 1.5 * width(narrow)


def test_shipped_error_rates_carry_the_between_export_term():
    rates = prevalence.shipped_error_rates()
    assert rates.concentration is not None and len(rates.concentration) == len(CATEGORIES)
    assert rates.n >= 300
