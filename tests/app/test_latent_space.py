"""The Latent space page through the real entrypoint: every view, word sources, the autoencoder view."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.decomposition import PCA

from analysis.embeddings import load_default_glove
from tests.app.conftest import assert_clean, chart_specs, open_page


def word_rows(spec: dict) -> list[dict]:
    return next(rows for rows in spec["datasets"].values() if rows and "word" in rows[0])


@pytest.fixture(scope="module")
def glove():
    return load_default_glove()


def test_default_view_is_pca_of_a_preset_matching_scikit_learn(glove):
    at = open_page("latent_space.py")
    assert_clean(at)
    assert at.title[0].value == "Latent space"
    specs = chart_specs(at)
    assert len(specs) == 2  # scatter + explained variance
    rows = word_rows(specs[0])
    words = [r["word"] for r in rows]
    assert "paris" in words and "france" in words and {r["group"] for r in rows} == {"countries", "capitals"}
    unit = glove.unit[[glove.kv.key_to_index[w] for w in words]].astype(np.float64)
    expected = PCA(2).fit_transform(unit)
    np.testing.assert_allclose([[r["x"], r["y"]] for r in rows], expected, atol=1e-6)
    assert any(rows and "pair" in rows[0] for rows in specs[0]["datasets"].values())  # country → capital lines
    variance = next(iter(specs[1]["datasets"].values()))
    np.testing.assert_allclose([r["share"] for r in variance][:2], PCA(10).fit(unit).explained_variance_ratio_[:2], rtol=1e-6)


def test_pca_3d_tsne_and_custom_axes_views():
    at = open_page("latent_space.py")
    at.radio(key="latent.view").set_value("pca3").run()
    assert_clean(at)
    spec = chart_specs(at)[0]
    assert {p["name"] for p in spec["params"]} >= {"azimuth", "elevation"}
    at.radio(key="latent.view").set_value("tsne").run()
    assert_clean(at)
    assert any("KL divergence" in c.value for c in at.caption)
    first = [(r["x"], r["y"]) for r in word_rows(chart_specs(at)[0])]
    at.session_state["latent.tsne_result"] = None  # force a recomputation: seeded, so the same map
    at.run()
    assert [(r["x"], r["y"]) for r in word_rows(chart_specs(at)[0])] == first
    at.radio(key="latent.view").set_value("axes").run()
    assert_clean(at)
    spec = chart_specs(at)[0]
    titles = json.dumps(spec, ensure_ascii=False)
    assert "he ← → she" in titles and "poor ← → rich" in titles
    assert any("Cosine between the two axes" in c.value for c in at.caption)
    at.text_input(key="latent.x_right").set_value("xqzvvy").run()
    assert any("xqzvvy" in e.value for e in at.error) and not at.exception


def test_typed_groups_report_unknown_words_and_neighbours():
    at = open_page("latent_space.py")
    at.radio(key="latent.source").set_value("typed").run()
    at.text_area(key="latent.typed").set_value("pets: dog, cat, kign\ncars: car, bus, xqzvvy").run()
    assert_clean(at)
    assert any("kign" in w.value and "xqzvvy" in w.value for w in at.warning)
    assert any("king" in c.value for c in at.caption)  # suggestion for the typo
    assert sorted(r["word"] for r in word_rows(chart_specs(at)[0])) == ["bus", "car", "cat", "dog"]
    at.radio(key="latent.source").set_value("neighbours").run()
    at.text_input(key="latent.word").set_value("paris").run()
    at.slider(key="latent.topn").set_value(8).run()
    assert_clean(at)
    rows = word_rows(chart_specs(at)[0])
    assert len(rows) == 9 and rows[0]["word"] == "paris"


def test_autoencoder_view_trains_and_sits_next_to_pca():
    at = open_page("latent_space.py")
    at.radio(key="latent.view").set_value("autoencoder").run()
    assert_clean(at)
    assert any("Press the button" in i.value for i in at.info)
    at.number_input(key="latent.ae_top_n").set_value(1000)
    at.number_input(key="latent.ae_epochs").set_value(20)
    at.button(key="latent.ae_train").click().run()
    assert_clean(at)
    specs = chart_specs(at)
    assert len(specs) == 2
    ae_words = [r["word"] for r in word_rows(specs[0])]
    pca_words = [r["word"] for r in word_rows(specs[1])]
    assert ae_words == pca_words and "paris" in ae_words
    assert any("20 epochs" in c.value for c in at.caption)
    at.run()  # the trained model is kept for the session: no retraining, same picture
    assert any("20 epochs" in c.value for c in at.caption) and len(chart_specs(at)) == 2


def test_german_latent_page():
    at = open_page("latent_space.py", lang="de")
    assert_clean(at)
    assert at.title[0].value == "Latenter Raum"
    at.radio(key="latent.view").set_value("axes").run()
    assert_clean(at)
