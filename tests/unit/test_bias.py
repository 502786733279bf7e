"""Bias direction, projections, DirectBias_c, indirect bias, she/he analogies, name and analogy probes.

Checked against hand-computed values on a tiny constructed embedding, against scikit-learn's PCA,
gensim's most_similar, and independent loop implementations on GloVe 6B 50d.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.decomposition import PCA

from analysis import bias
from analysis.bias import (
    BiasDirection,
    analogy_probe,
    bias_direction,
    direct_bias,
    direct_bias_report,
    indirect_bias,
    name_probe,
    neutral_professions,
    parse_direction_spec,
    project,
    project_2d,
    she_he_analogies,
)
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError, UnknownWordsError
from analysis.wordlists import load_pairs


@pytest.fixture(scope="module")
def tiny() -> Embeddings:
    """Three dimensions: x is the she/he axis, so every projection can be read off the vectors.

    Raw vectors are deliberately not unit length (nurse is 5× its unit vector): the probes must
    normalise first, as Bolukbasi et al. do.
    """
    rows = {
        "she": [0.6, 0.8, 0.0],
        "he": [-0.6, 0.8, 0.0],
        "her": [0.8, 0.0, 0.6],
        "his": [-0.8, 0.0, 0.6],
        "nurse": [3.0, 0.0, 4.0],  # unit (0.6, 0, 0.8)
        "engineer": [-0.8, 0.0, 0.6],
        "teacher": [0.0, 0.0, 1.0],
        "receptionist": [0.8, 0.6, 0.0],
        "singer": [0.36, 0.48, 0.8],
    }
    return Embeddings(list(rows), np.array(list(rows.values()), dtype=np.float32), name="tiny", source="test")


# --- directions ------------------------------------------------------------------------------------
def test_pair_direction_by_hand(tiny):
    d = bias_direction(tiny, "pair", [("she", "he")])
    # she − he = (1.2, 0, 0) → (1, 0, 0)
    np.testing.assert_allclose(d.vector, [1, 0, 0], atol=1e-7)
    assert d.vector.dtype == np.float32 and d.method == "pair" and d.label == "she − he"
    assert d.pairs_used == [("she", "he")] and d.missing == [] and d.explained_variance == [1.0]


def test_mean_and_pca_direction_by_hand(tiny):
    pairs = [("she", "he"), ("her", "his")]
    # differences (1.2, 0, 0) and (1.6, 0, 0): both on x, so mean and PC1 are x, PC1 explains all.
    for method in ("mean", "pca"):
        d = bias_direction(tiny, method, pairs)
        np.testing.assert_allclose(d.vector, [1, 0, 0], atol=1e-6)
        assert d.explained_variance[0] == pytest.approx(1.0)


def test_pca_direction_matches_sklearn_on_glove(glove):
    pairs = load_pairs("bolukbasi/definitional_pairs")
    d = bias_direction(glove, "pca", pairs)
    # Bolukbasi et al.'s construction (debiaswe doPCA): both words minus the pair's centre, PCA.
    rows = []
    for a, b in pairs:
        va, vb = glove.vector(a, unit=True).astype(np.float64), glove.vector(b, unit=True).astype(np.float64)
        centre = (va + vb) / 2
        rows += [va - centre, vb - centre]
    pca = PCA(n_components=10).fit(np.array(rows))
    np.testing.assert_allclose(d.explained_variance, pca.explained_variance_ratio_, rtol=1e-6, atol=1e-9)
    assert abs(float(d.vector @ pca.components_[0])) == pytest.approx(1.0, abs=1e-5)
    assert d.explained_variance[0] > d.explained_variance[1]
    # Oriented towards the first (female) word of each pair.
    assert float(glove.vector("she", unit=True) @ d.vector) > float(glove.vector("he", unit=True) @ d.vector)


def test_mean_direction_on_glove_is_normalised_mean_difference(glove):
    pairs = load_pairs("bolukbasi/definitional_pairs")
    d = bias_direction(glove, "mean", pairs)
    diffs = np.array([glove.vector(a, unit=True) - glove.vector(b, unit=True) for a, b in pairs], dtype=np.float64)
    expected = diffs.mean(axis=0) / np.linalg.norm(diffs.mean(axis=0))
    np.testing.assert_allclose(d.vector, expected, atol=1e-6)


def test_direction_errors_and_missing(tiny):
    with pytest.raises(AnalysisError, match="method"):
        bias_direction(tiny, "svd")
    with pytest.raises(UnknownWordsError):
        bias_direction(tiny, "pair", [("she", "hhe")])
    with pytest.raises(AnalysisError, match="exactly one pair"):
        bias_direction(tiny, "pair", [("she", "he"), ("her", "his")])
    d = bias_direction(tiny, "mean", [("she", "he"), ("queen", "king")])
    assert d.missing == ["queen", "king"] and d.pairs_used == [("she", "he")]
    with pytest.raises(AnalysisError, match="None of the word pairs"):
        bias_direction(tiny, "pca", [("queen", "king")])


def test_parse_direction_spec():
    assert parse_direction_spec("pca") == ("pca", None)
    assert parse_direction_spec("MEAN") == ("mean", None)
    assert parse_direction_spec("pair:she,he") == ("pair", [("she", "he")])
    assert parse_direction_spec("pair:woman man") == ("pair", [("woman", "man")])
    assert parse_direction_spec("pair") == ("pair", [("she", "he")])
    with pytest.raises(AnalysisError):
        parse_direction_spec("pair:she")
    with pytest.raises(AnalysisError):
        parse_direction_spec("lda")


# --- projections and direct bias -------------------------------------------------------------------
def test_projections_by_hand(tiny):
    g = bias_direction(tiny, "pair")
    p = project(tiny, ["nurse", "engineer", "teacher", "doctor"], g)
    assert [x.word for x in p] == ["nurse", "engineer", "teacher"]
    np.testing.assert_allclose([x.projection for x in p], [0.6, -0.8, 0.0], atol=1e-6)
    assert p.missing == ["doctor"]
    second = bias.direction_from_vector(np.array([0.0, 0.0, 2.0]))
    pts = project_2d(tiny, ["nurse", "engineer"], g, second)
    np.testing.assert_allclose([(q.x, q.y) for q in pts], [(0.6, 0.8), (-0.8, 0.6)], atol=1e-6)


def test_direct_bias_by_hand(tiny):
    g = bias_direction(tiny, "pair")
    words = ["nurse", "engineer", "teacher"]
    assert direct_bias(tiny, words, g) == pytest.approx((0.6 + 0.8 + 0.0) / 3, abs=1e-6)
    assert direct_bias(tiny, words, g, c=2.0) == pytest.approx((0.36 + 0.64 + 0.0) / 3, abs=1e-6)
    assert direct_bias(tiny, words, g, c=0.0) == pytest.approx(2 / 3)  # teacher has no bias at all
    report = direct_bias_report(tiny, words + ["doctor"], g)
    assert report.words == words and report.missing == ["doctor"] and report.c == 1.0
    with pytest.raises(AnalysisError, match="None of the words"):
        direct_bias(tiny, ["doctor"], g)
    with pytest.raises(AnalysisError, match="c must"):
        direct_bias(tiny, words, g, c=-1)


def test_indirect_bias_by_hand(tiny):
    g = bias_direction(tiny, "pair")
    # nurse (0.6, 0, 0.8), receptionist (0.8, 0.6, 0): w·v = 0.48; w⊥ = (0,0,0.8), v⊥ = (0,0.6,0) are
    # orthogonal, so all of their similarity comes from the direction: β = (0.48 − 0) / 0.48 = 1.
    assert indirect_bias(tiny, "nurse", "receptionist", g) == pytest.approx(1.0, abs=1e-6)
    # nurse and singer (0.36, 0.48, 0.8): w·v = 0.216 + 0.64 = 0.856; w⊥ = (0,0,0.8), v⊥ = (0,0.48,0.8);
    # w⊥·v⊥ / (‖w⊥‖‖v⊥‖) = 0.64 / (0.8 · √0.8704).
    expected = (0.856 - 0.64 / (0.8 * math.sqrt(0.8704))) / 0.856
    assert indirect_bias(tiny, "nurse", "singer", g) == pytest.approx(expected, abs=1e-6)
    with pytest.raises(AnalysisError, match="orthogonal"):
        indirect_bias(tiny, "teacher", "receptionist", g)  # (0, 0, 1) · (0.8, 0.6, 0) = 0
    with pytest.raises(UnknownWordsError):
        indirect_bias(tiny, "nurse", "doctor", g)


def test_direct_bias_and_projections_on_glove_against_a_loop(glove):
    """DirectBias_1 of the neutral professions with g = she − he, recomputed word by word."""
    g = bias_direction(glove, "pair", [("she", "he")])
    kv = glove.kv
    she, he = kv["she"] / np.linalg.norm(kv["she"]), kv["he"] / np.linalg.norm(kv["he"])
    ref_g = (she - he) / np.linalg.norm(she - he)
    words = neutral_professions(glove)
    total = 0.0
    for w in words:
        v = kv[w].astype(np.float64)
        cos = float(v @ ref_g) / float(np.linalg.norm(v))  # g is unit length
        total += abs(cos)
    assert direct_bias(glove, words, g) == pytest.approx(total / len(words), rel=1e-5)
    proj = {p.word: p.projection for p in project(glove, ["nurse", "engineer", "homemaker"], g)}
    for w, value in proj.items():
        assert value == pytest.approx(float(kv.cosine_similarities(ref_g, kv[w][None, :])[0]), abs=1e-5)
    assert proj["nurse"] > 0 > proj["engineer"]


def test_neutral_professions_leave_out_gender_specific_words(glove):
    words = neutral_professions()
    assert len(words) == 303  # 320 professions minus 17 gender-specific ones
    assert "actress" not in words and "businessman" not in words and "nurse" in words
    in_glove = neutral_professions(glove)
    assert len(in_glove) == 274 and all(glove.resolve(w) for w in in_glove)  # 29 phrases like "cab_driver" missing


def test_default_direction_direct_bias_matches_cli_numbers(glove):
    # The number printed by `python -m analysis bias` (pca, professions, c = 1); pinned to 3 decimals
    # so a silent change in the lists or the direction is noticed.
    value = direct_bias(glove, neutral_professions(), bias_direction(glove, "pca"))
    assert 0.1 < value < 0.3
    assert round(value, 3) == round(direct_bias_report(glove, neutral_professions(), bias_direction(glove)).value, 3)


# --- she/he analogies ------------------------------------------------------------------------------
def _reference_analogies(emb, seed, delta, topn, restrict_vocab):
    """Straightforward version: score every pair within δ, sort, take greedily (debiaswe's rule)."""
    import re

    words = [w for w in emb.words[:restrict_vocab] if re.match(r"^[^\W\d_]+$", w)]
    m = np.array([emb.vector(w, unit=True) for w in words], dtype=np.float64)
    g = emb.vector(seed[0], unit=True).astype(np.float64) - emb.vector(seed[1], unit=True)
    g /= np.linalg.norm(g)
    candidates = []
    for i in range(len(words)):
        diff = m[i] - m[i + 1 :]
        dist = np.linalg.norm(diff, axis=1)
        for k in np.flatnonzero(dist <= delta):
            j = i + 1 + k
            s = float(diff[k] @ g) / float(dist[k])
            candidates.append((s, i, j) if s > 0 else (-s, j, i))
    candidates.sort(key=lambda c: -c[0])
    left, right, out = set(), set(), []
    for s, i, j in candidates:
        if i in left or j in right:
            continue
        left.add(i)
        right.add(j)
        out.append((words[i], words[j], s))
        if len(out) == topn:
            break
    return out


def test_she_he_analogies_match_a_brute_force_search(glove):
    got = she_he_analogies(glove, topn=25, restrict_vocab=1500, block_rows=256)
    ref = _reference_analogies(glove, ("she", "he"), 1.0, 25, 1500)
    assert [(p.x, p.y) for p in got.pairs] == [(x, y) for x, y, _ in ref]
    np.testing.assert_allclose([p.score for p in got.pairs], [s for _, _, s in ref], atol=1e-5)
    assert got.pairs[0].x == "she" and got.pairs[0].y == "he" and got.pairs[0].score == pytest.approx(1.0, abs=1e-6)
    assert all(p.distance <= 1.0 + 1e-6 for p in got.pairs)
    # Each word at most once per side.
    assert len({p.x for p in got.pairs}) == len(got.pairs) == len({p.y for p in got.pairs})


def test_she_he_analogies_tighter_delta_and_errors(glove):
    tight = she_he_analogies(glove, delta=0.8, topn=10, restrict_vocab=1500)
    assert all(p.distance <= 0.8 + 1e-6 for p in tight.pairs)
    with pytest.raises(AnalysisError):
        she_he_analogies(glove, delta=0)
    with pytest.raises(UnknownWordsError):
        she_he_analogies(glove, seed=("she", "hhhee"), restrict_vocab=100)


# --- analogy presets and name probes -----------------------------------------------------------------
def test_analogy_probe_matches_gensim_and_ranks_honestly(glove):
    probe = analogy_probe(glove, ["programmer", "woman"], ["man"], expected="homemaker", topn=10)
    ref = glove.kv.most_similar(positive=["programmer", "woman"], negative=["man"], topn=10)
    assert [n.word for n in probe.results] == [w for w, _ in ref]
    np.testing.assert_allclose([n.score for n in probe.results], [s for _, s in ref], atol=1e-5)
    # The rank of the famous answer, counted over all words with the inputs excluded (as gensim does).
    full = glove.kv.most_similar(positive=["programmer", "woman"], negative=["man"], topn=None)
    order = np.argsort(-full, kind="stable")
    inputs = {glove.kv.key_to_index[w] for w in ("programmer", "woman", "man")}
    ranked = [i for i in order if i not in inputs]
    assert probe.expected_rank == ranked.index(glove.kv.key_to_index["homemaker"]) + 1
    assert probe.expected_rank > 10  # GloVe 6B 50d does not say "homemaker" — shown honestly
    assert probe.top_with_inputs in ("programmer", probe.results[0].word)


def test_analogy_probe_famous_first_answers(glove):
    assert analogy_probe(glove, ["king", "woman"], ["man"], expected="queen").expected_rank == 1
    assert analogy_probe(glove, ["surgeon", "she"], ["he"], expected="nurse").expected_rank == 1
    unknown = analogy_probe(glove, ["surgeon", "she"], ["he"], expected="qqqzzz")
    assert unknown.expected_rank is None


def test_name_probe_per_name_values(glove):
    r = name_probe(glove, ["programmer", "nurse", "zzqqx"], ["John", "Paul", "Qqqz"], ["Mary", "Anna"])
    assert r.male_names == ["john", "paul"] and r.female_names == ["mary", "anna"]
    assert r.missing == ["Qqqz", "zzqqx"]
    row = r.rows[0]
    sims_m = [glove.similarity(n, "programmer") for n in ("john", "paul")]
    sims_f = [glove.similarity(n, "programmer") for n in ("mary", "anna")]
    assert row.male_mean == pytest.approx(np.mean(sims_m), abs=1e-6)
    assert row.female_mean == pytest.approx(np.mean(sims_f), abs=1e-6)
    assert row.difference == pytest.approx(row.male_mean - row.female_mean)
    assert len(r.per_name) == 2 * 4
    lists = name_probe(glove, ["programmer"])
    assert len(lists.male_names) == 50 and len(lists.female_names) == 50
    with pytest.raises(UnknownWordsError):
        name_probe(glove, ["zzqqx"])


def test_weat_is_reexported():
    from analysis.bias import weat as from_bias
    from analysis.weat import weat as from_weat

    assert from_bias is from_weat


def test_charts(glove):
    from analysis.charts.bias import direction_variance_chart, name_probe_chart, projection_chart, projection_frame

    g = bias_direction(glove)
    spec = direction_variance_chart(g.explained_variance).to_dict()
    assert spec["mark"]["type"] == "bar" and len(next(iter(spec["datasets"].values()))) == 10
    proj = project(glove, ["nurse", "engineer", "teacher", "homemaker"], g)
    bars = projection_chart(proj, positive_label="she", negative_label="he", max_bars=2).to_dict()
    rows = next(iter(bars["datasets"].values()))
    assert [r["word"] for r in rows] == ["engineer", "homemaker"] and bars["encoding"]["color"]["scale"]["range"]
    assert {"word", "projection", "side"} <= set(rows[0]) and bars["encoding"]["tooltip"]
    frame = projection_frame(proj)
    assert list(frame["projection"]) == sorted(frame["projection"])
    scatter = projection_chart(proj, project(glove, ["nurse", "engineer"], bias_direction(glove, "pair", [("rich", "poor")]))).to_dict()
    assert len(scatter["layer"]) == 2 and len(next(iter(scatter["datasets"].values()))) == 2
    names = name_probe_chart(name_probe(glove, ["programmer"], ["John"], ["Mary"])).to_dict()
    assert len(names["layer"]) == 2


def test_bias_direction_dataclass_label():
    d = BiasDirection(np.array([1, 0], dtype=np.float32), "pca", [0.9, 0.1], [("a", "b"), ("c", "d")])
    assert d.label == "PCA of 2 pairs"


def test_pairs_of_one_and_the_same_word_get_a_true_message(tiny, glove):
    # Both words are in the vocabulary, so "not in the vocabulary" would be wrong.
    with pytest.raises(AnalysisError, match="same vocabulary word"):
        bias_direction(tiny, "pair", [("she", "she")])
    with pytest.raises(AnalysisError, match="same vocabulary word"):
        bias_direction(glove, "mean", [("She", "she"), ("HE", "he")])  # GloVe is lower-case


def test_blank_words_are_refused_with_a_message(tiny):
    g = bias_direction(tiny, "pair")
    for w, v in (("nurse", ""), ("", "nurse"), ("  ", "teacher")):
        with pytest.raises(AnalysisError, match="two words"):
            indirect_bias(tiny, w, v, g)
    with pytest.raises(AnalysisError, match="two words"):
        she_he_analogies(tiny, seed=("she", ""))
