"""analysis.projection: PCA against scikit-learn, seeded t-SNE, word selection, semantic axes, charts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

from analysis.charts.projection import pca_variance_chart, points_frame, scatter_3d_chart, scatter_chart
from analysis.errors import AnalysisError, UnknownWordsError
from analysis.projection import (
    PRESETS_PATH,
    load_presets,
    neighbour_groups,
    parse_groups,
    pca,
    pca_reconstruction_mse,
    project_on_axes,
    select_words,
    semantic_axis,
    tsne,
    word_matrix,
)


def correlated(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.normal(size=d) * 3


@pytest.mark.parametrize("shape", [(30, 50), (60, 50), (2000, 50), (1797, 64)])
@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_pca_equals_scikit_learn(shape, k):
    # (30, 50) and (60, 50) take the SVD route, the others the covariance route: both must agree.
    x = correlated(*shape)
    ours = pca(x, k)
    ref = PCA(n_components=k, svd_solver="full").fit(x)
    np.testing.assert_allclose(ours.components, ref.components_, atol=1e-9)
    np.testing.assert_allclose(ours.coords, ref.transform(x), rtol=1e-9, atol=1e-8)
    np.testing.assert_allclose(ours.explained_variance, ref.explained_variance_, rtol=1e-9)
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-9)
    np.testing.assert_allclose(ours.mean, ref.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(ours.coords), ref.inverse_transform(ref.transform(x)), atol=1e-8)
    np.testing.assert_allclose(ours.transform(x[:5]), ref.transform(x[:5]), atol=1e-8)


def test_pca_of_float32_data_is_computed_in_float64():
    x = correlated(3000, 50).astype(np.float32)
    ours = pca(x, 5)
    ref = PCA(5, svd_solver="full").fit(x.astype(np.float64))
    assert ours.coords.dtype == np.float64
    np.testing.assert_allclose(ours.components, ref.components_, atol=1e-9)
    np.testing.assert_allclose(ours.explained_variance, ref.explained_variance_, rtol=1e-9)


def test_pca_on_word_vectors_equals_scikit_learn(glove):
    sel = select_words(glove, {"a": ["king", "queen", "man", "woman", "prince", "princess", "paris", "berlin", "rome", "tokyo"]})
    ours = pca(sel.vectors, 3)
    ref = PCA(3).fit(sel.vectors)
    np.testing.assert_allclose(ours.coords, ref.transform(sel.vectors), atol=1e-9)
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-9)


def test_pca_reconstruction_mse_matches_scikit_learn():
    x = correlated(300, 20)
    for k in (1, 5, 19):
        ref = PCA(k).fit(x)
        expected = np.mean((x - ref.inverse_transform(ref.transform(x))) ** 2)
        assert pca_reconstruction_mse(x, k) == pytest.approx(expected, rel=1e-9)
    assert pca_reconstruction_mse(x, 20) == pytest.approx(0.0, abs=1e-18 + 1e-12 * np.var(x))


def test_pca_rejects_bad_input():
    with pytest.raises(AnalysisError, match="k"):
        pca(np.ones((3, 5)), 4)
    bad = np.ones((5, 3))
    bad[2, 1] = np.nan
    with pytest.raises(AnalysisError, match="NaN"):
        pca(bad, 1)
    with pytest.raises(AnalysisError, match="matrix"):
        pca(np.ones(5), 1)


@pytest.mark.parametrize("init", ["pca", "random"])
def test_tsne_is_seeded_deterministic_and_equals_scikit_learn(init):
    x = correlated(40, 10, seed=3)
    calls = []
    first = tsne(x, perplexity=8, seed=7, init=init, max_iter=500, progress=lambda f, m: calls.append(f))
    second = tsne(x, perplexity=8, seed=7, init=init, max_iter=500)
    np.testing.assert_array_equal(first.coords, second.coords)
    reference = TSNE(2, perplexity=8, init=init, random_state=7, method="exact", max_iter=500)
    np.testing.assert_allclose(first.coords, reference.fit_transform(x), atol=1e-6)
    assert first.kl_divergence == pytest.approx(reference.kl_divergence_, rel=1e-6)
    assert calls[0] == 0.0 and calls[-1] == 1.0 and calls == sorted(calls)
    assert 0 < first.kl_divergence < 5 and first.coords.shape == (40, 2)
    if init == "random":  # the seed decides the random start, so another seed gives another map
        assert not np.allclose(first.coords, tsne(x, perplexity=8, seed=8, init=init, max_iter=500).coords)


def test_tsne_lowers_perplexity_for_small_sets_and_refuses_tiny_ones():
    small = tsne(correlated(10, 5), perplexity=30, seed=0, max_iter=500)
    assert small.perplexity == pytest.approx(3.0)
    with pytest.raises(AnalysisError, match="at least 4"):
        tsne(np.ones((3, 5)))


def test_select_words_reports_missing_and_keeps_first_group(glove):
    sel = select_words(glove, {"x": ["King", "queen", "kign", " "], "y": ["queen", "xqzvvy", "man"]})
    assert sel.words == ["king", "queen", "man"]
    assert sel.groups == ["x", "x", "y"]
    assert sel.missing == ["kign", "xqzvvy"]
    assert "king" in sel.suggestions["kign"]
    np.testing.assert_allclose(np.linalg.norm(sel.vectors, axis=1), 1.0, rtol=1e-6)
    raw = select_words(glove, {"x": ["king", "queen"]}, unit=False)
    np.testing.assert_array_equal(raw.vectors[0], glove.vectors[glove.kv.key_to_index["king"]])


def test_select_words_pairs_and_errors(glove):
    sel = select_words(glove, {"countries": ["france", "xqzvvy", "italy"], "capitals": ["paris", "berlin", "rome"]}, paired=True)
    assert sel.pairs == [("france", "paris"), ("italy", "rome")]
    with pytest.raises(UnknownWordsError) as info:
        select_words(glove, {"g": ["xqzvvy", "qqqzzzk"]})
    assert info.value.missing == ["xqzvvy", "qqqzzzk"]
    with pytest.raises(AnalysisError, match="at least two"):
        select_words(glove, {"g": ["king"]})


def test_neighbour_groups_match_embedding_neighbours(glove):
    groups = neighbour_groups(glove, "Berlin", topn=5)
    assert groups["berlin"] == ["berlin"]
    assert groups["neighbours of berlin"] == [n.word for n in glove.neighbors("berlin", topn=5)]


def test_parse_groups():
    groups = parse_groups("animals: dog, cat;horse\n\nbus train\ncolours: red")
    assert groups == {"animals": ["dog", "cat", "horse"], "group 2": ["bus", "train"], "colours": ["red"]}
    assert parse_groups("  \n") == {}


def test_semantic_axis_and_projection_against_direct_formula(glove):
    x_axis = semantic_axis(glove, ["he"], ["she"])
    y_axis = semantic_axis(glove, ["poor"], ["rich"])
    unit = lambda w: glove.unit[glove.kv.key_to_index[w]].astype(np.float64)  # noqa: E731
    expected = unit("she") - unit("he")
    np.testing.assert_allclose(x_axis.direction, expected / np.linalg.norm(expected), atol=1e-7)
    words = ["he", "she", "nurse", "engineer", "rich", "poor"]
    vectors = np.array([unit(w) for w in words])
    projection = project_on_axes(vectors, x_axis, y_axis)
    for i, word in enumerate(words):  # independent loop: dot products one by one
        # float32 unit vectors are re-normalised in float64, hence 1e-6 rather than 1e-12
        assert projection.coords[i, 0] == pytest.approx(float(np.dot(unit(word), x_axis.direction)), abs=1e-6)
        assert projection.coords[i, 1] == pytest.approx(float(np.dot(unit(word), y_axis.direction)), abs=1e-6)
    coords = dict(zip(words, projection.coords))
    assert coords["she"][0] > 0 > coords["he"][0]
    assert coords["nurse"][0] > coords["engineer"][0]  # the known gender skew of GloVe
    assert coords["rich"][1] > 0 > coords["poor"][1]
    assert projection.axes_cosine == pytest.approx(float(x_axis.direction @ y_axis.direction))
    assert x_axis.label == "he ← → she"


def test_axes_from_word_lists_and_orthogonalisation(glove):
    x_axis = semantic_axis(glove, ["he", "man"], ["she", "woman"])
    y_axis = semantic_axis(glove, ["man", "boy"], ["woman", "girl"])  # strongly correlated with x
    plain = project_on_axes(np.eye(50), x_axis, y_axis)
    ortho = project_on_axes(np.eye(50), x_axis, y_axis, orthogonalize=True)
    # Projecting the basis vectors recovers the directions themselves.
    np.testing.assert_allclose(plain.coords[:, 0], x_axis.direction, atol=1e-9)
    assert abs(plain.coords[:, 0] @ plain.coords[:, 1]) > 0.5
    assert abs(ortho.coords[:, 0] @ ortho.coords[:, 1]) < 1e-9
    np.testing.assert_allclose(np.linalg.norm(ortho.coords[:, 1]), 1.0)
    with pytest.raises(AnalysisError, match="same"):
        semantic_axis(glove, ["he"], ["he"])
    with pytest.raises(UnknownWordsError):
        semantic_axis(glove, ["he"], ["xqzvvy"])


def test_presets_are_complete_and_in_glove(glove):
    groups, axes = load_presets()
    raw = json.loads(PRESETS_PATH.read_text(encoding="utf-8"))
    assert len(groups) == len(raw["groups"]) >= 5 and len(axes) >= 3
    keys = {p.key for p in groups}
    assert {"countries_capitals", "professions_gender", "gendered_pairs"} <= keys
    for preset in groups:
        assert set(preset.title) == {"en", "de"}
        for words in preset.groups.values():
            assert all(w in glove for w in words), preset.key
        if preset.paired:
            sizes = [len(v) for v in preset.groups.values()]
            assert sizes[0] == sizes[1], preset.key
    for axis in axes:
        assert all(w in glove for side in (*axis.x, *axis.y) for w in side)


def test_presets_match_their_cited_sources():
    """data/README.md cites questions-words.txt, Bolukbasi et al. (2016) and Caliskan et al. (2017)."""
    from gensim.test.utils import datapath

    sections: dict[str, set[tuple[str, str]]] = {}
    current = ""
    for line in open(datapath("questions-words.txt"), encoding="utf-8"):
        if line.startswith(":"):
            current = line[1:].strip()
            continue
        a, b, c, d = line.lower().split()
        sections.setdefault(current, set()).update({(a, b), (c, d)})
    groups, axes = load_presets()
    by_key = {p.key: p for p in groups}

    def pairs(key: str) -> list[tuple[str, str]]:
        first, second = list(by_key[key].groups.values())[:2]
        return list(zip(first, second))

    world = sections["capital-common-countries"] | sections["capital-world"]
    assert all((capital, country) in world for country, capital in pairs("countries_capitals"))
    assert all(pair in sections["family"] for pair in pairs("gendered_pairs"))
    assert all(pair in sections["gram3-comparative"] for pair in pairs("comparatives"))
    root = PRESETS_PATH.parent.parent  # data/ (the presets live in data/presets/)
    professions = {row[0] for row in json.loads((root / "bolukbasi" / "professions.json").read_text())["professions"]}
    assert set(by_key["professions_gender"].groups["professions"]) <= professions
    weat = json.loads((root / "caliskan" / "weat.json").read_text())["sets"]
    career_family = next(a for a in axes if a.key == "gender_family_career")
    assert set(career_family.y[0]) <= set(weat["career"]) and set(career_family.y[1]) <= set(weat["family"])


def test_word_matrix_is_a_view_of_the_top_words(glove):
    matrix, words = word_matrix(glove, 1000)
    assert matrix.shape == (1000, 50) and words[:3] == glove.words[:3]
    assert np.shares_memory(matrix, glove.unit)


def test_scatter_chart_spec(glove):
    sel = select_words(glove, {"countries": ["france", "italy"], "capitals": ["paris", "rome"]}, paired=True)
    frame = points_frame(sel, pca(sel.vectors, 2).coords)
    spec = scatter_chart(frame, x_title="PC1", y_title="PC2", pairs=sel.pairs).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "circle", "text"]
    points = spec["layer"][1]
    assert points["encoding"]["color"]["field"] == "group"
    assert [t["field"] for t in points["encoding"]["tooltip"]][:2] == ["word", "group"]
    assert points["encoding"]["x"]["title"] == "PC1"
    coloured = [layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert len(coloured) == 2 and all(c.get("legend", {}) is not None for c in coloured)  # one merged legend
    data_names = [d for d in spec["datasets"].values() if len(d) == 4 and "word" in d[0]]
    assert data_names and sorted(r["word"] for r in data_names[0]) == ["france", "italy", "paris", "rome"]
    line_rows = [d for d in spec["datasets"].values() if d and "pair" in d[0]]
    assert len(line_rows[0]) == 4  # two pairs, two ends each


def test_scatter_3d_chart_rotates_with_two_bound_params(glove):
    sel = select_words(glove, {"g": ["king", "queen", "man", "woman", "boy"]})
    frame = points_frame(sel, pca(sel.vectors, 3).coords, ("x", "y", "z"))
    spec = scatter_3d_chart(frame).to_dict()
    params = {p["name"]: p for p in spec["params"] if isinstance(p.get("bind"), dict) and p["bind"].get("input") == "range"}
    assert set(params) == {"azimuth", "elevation"}
    points = spec["layer"][2]
    formulas = " ".join(t.get("calculate", "") for t in points["transform"])
    assert "azimuth" in formulas and "elevation" in formulas
    assert points["encoding"]["size"]["field"] == "depth"


def test_pca_variance_chart_data():
    result = pca(correlated(100, 8), 5)
    spec = pca_variance_chart(result).to_dict()
    rows = next(iter(spec["datasets"].values()))
    np.testing.assert_allclose([r["share"] for r in rows], result.explained_variance_ratio)
    np.testing.assert_allclose([r["cumulative"] for r in rows], np.cumsum(result.explained_variance_ratio))
