"""Analogies against the reference: gensim's most_similar (3CosAdd) and most_similar_cosmul (3CosMul)."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

import analysis.analogy as analogy_module
from analysis.analogy import (
    COSMUL_EPSILON,
    AnalogyQuery,
    analogy,
    analogy_batch,
    answer_rank,
    best_expected_rank,
    load_presets,
    parallelogram_points,
)
from analysis.charts.analogy import parallelogram_chart, results_chart, results_frame
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError, UnknownWordsError

PRESETS = load_presets()
# gensim's most_similar_cosmul calls its own deprecated init_sims(); that is not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`:DeprecationWarning")


def assert_same_as_gensim(ours, reference, tol=1e-5):
    """Same words in the same order, scores within ``tol``.

    Only words whose gensim scores are exactly equal (a float tie, ordered arbitrarily by gensim's
    unstable sort) may appear in either order.
    """
    assert len(ours) == len(reference)
    for i, (n, (word, score)) in enumerate(zip(ours, reference)):
        assert abs(n.score - score) <= tol, (i, n, word, score)
        if n.word != word:
            tied = [w for w, s in reference if s == score]
            assert n.word in tied and word in tied, (i, n.word, word, reference)


def random_queries(glove, n, seed, shape=(2, 1), top=50_000):
    rng = np.random.default_rng(seed)
    words = glove.words[:top]
    queries = []
    for _ in range(n):
        picks = [words[i] for i in rng.choice(top, size=sum(shape), replace=False)]
        queries.append((picks[: shape[0]], picks[shape[0] :]))
    return queries


# --- exactness against gensim -----------------------------------------------------------------------
@pytest.mark.parametrize("preset", PRESETS, ids=[p.id for p in PRESETS])
def test_lecture_presets_equal_gensim_top10(glove, preset):
    ours = analogy(glove, preset.positive, preset.negative)
    assert_same_as_gensim(ours.results, glove.kv.most_similar(positive=preset.positive, negative=preset.negative, topn=10))
    ours_mul = analogy(glove, preset.positive, preset.negative, method="mul")
    assert_same_as_gensim(ours_mul.results, glove.kv.most_similar_cosmul(positive=preset.positive, negative=preset.negative, topn=10))


def test_king_queen_is_the_textbook_answer(glove):
    result = analogy(glove, ["king", "woman"], ["man"], topn=3)
    assert result.top.word == "queen"
    assert result.top.score == pytest.approx(0.8523604, abs=1e-6)  # gensim 4.4 on GloVe 6B 50d
    assert result.resolved_positive == ["king", "woman"] and result.missing == []


def test_300_random_3cosadd_queries_equal_gensim(glove):
    queries = random_queries(glove, 300, seed=3)
    results = analogy_batch(glove, queries, topn=10)
    for (pos, neg), ours in zip(queries, results):
        assert_same_as_gensim(ours.results, glove.kv.most_similar(positive=pos, negative=neg, topn=10))


def test_random_3cosmul_queries_equal_gensim(glove):
    queries = random_queries(glove, 200, seed=4)
    results = analogy_batch(glove, queries, method="mul", topn=10)
    for (pos, neg), ours in zip(queries, results):
        assert_same_as_gensim(ours.results, glove.kv.most_similar_cosmul(positive=pos, negative=neg, topn=10))


@pytest.mark.parametrize("shape", [(1, 0), (3, 2), (1, 2)])
def test_any_number_of_terms_equals_gensim(glove, shape):
    queries = random_queries(glove, 15, seed=sum(shape), shape=shape)
    for method, reference in (("add", glove.kv.most_similar), ("mul", glove.kv.most_similar_cosmul)):
        for (pos, neg), ours in zip(queries, analogy_batch(glove, queries, method=method)):
            assert_same_as_gensim(ours.results, reference(positive=pos, negative=neg, topn=10))


def test_restrict_vocab_equals_gensim(glove):
    for pos, neg in random_queries(glove, 20, seed=5, top=20_000):
        ours = analogy(glove, pos, neg, restrict_vocab=20_000)
        assert_same_as_gensim(ours.results, glove.kv.most_similar(positive=pos, negative=neg, topn=10, restrict_vocab=20_000))
        assert all(glove.kv.key_to_index[n.word] < 20_000 for n in ours.results)


def test_without_exclusion_equals_gensims_full_ranking(glove):
    """gensim cannot keep the inputs; its full score vector (topn=None) sorted is the reference."""
    for pos, neg in [(["king", "woman"], ["man"]), (["doctor", "woman"], ["man"])] + random_queries(glove, 10, seed=6):
        dists = glove.kv.most_similar(positive=pos, negative=neg, topn=None)
        order = np.lexsort((np.arange(len(dists)), -dists))[:10]
        reference = [(glove.words[i], float(dists[i])) for i in order]
        assert_same_as_gensim(analogy(glove, pos, neg, exclude_inputs=False).results, reference)


def test_exclusion_changes_the_famous_bias_answer(glove):
    """Nissim et al. (2020): man : doctor :: woman : ? is 'nurse' only because 'doctor' is excluded."""
    excluded = analogy(glove, ["doctor", "woman"], ["man"])
    kept = analogy(glove, ["doctor", "woman"], ["man"], exclude_inputs=False)
    assert excluded.top.word == "nurse"
    assert kept.top.word == "doctor"
    assert [n.word for n in kept.results[1:4]] == [n.word for n in excluded.results[:3]]


def test_cosmul_epsilon_and_formula(glove):
    """3CosMul score of the answer, recomputed by hand from cosines (Levy & Goldberg eq. 4)."""
    result = analogy(glove, ["king", "woman"], ["man"], method="mul", topn=1)
    cos = lambda x, y: float(glove.vector(x, unit=True) @ glove.vector(y, unit=True))  # noqa: E731
    w = result.top.word
    expected = ((1 + cos("king", w)) / 2) * ((1 + cos("woman", w)) / 2) / ((1 + cos("man", w)) / 2 + COSMUL_EPSILON)
    assert result.top.score == pytest.approx(expected, rel=1e-5)


# --- batching, devices, memory bounds ---------------------------------------------------------------
def test_batch_equals_single_queries(glove):
    queries = random_queries(glove, 12, seed=7) + [AnalogyQuery.from_abc("man", "king", "woman")]
    batch = analogy_batch(glove, queries, topn=5)
    for q, got in zip(queries, batch):
        pos, neg = (list(q.positive), list(q.negative)) if isinstance(q, AnalogyQuery) else q
        assert [n.word for n in got.results] == [n.word for n in analogy(glove, pos, neg, topn=5).results]


def test_small_blocks_give_the_same_answers(glove, monkeypatch):
    """Memory stays bounded by blocking; many tiny blocks must not change any answer."""
    queries = random_queries(glove, 10, seed=8)
    expected = analogy_batch(glove, queries, method="mul")
    monkeypatch.setattr(analogy_module, "_BLOCK_BYTES", 10 * 4 * 3 * 5000)  # ~5k words per block
    got = analogy_batch(glove, queries, method="mul")
    assert [[n.word for n in r.results] for r in got] == [[n.word for n in r.results] for r in expected]


def test_torch_scan_equals_numpy_scan(glove, monkeypatch):
    queries = random_queries(glove, 10, seed=9)
    for method in ("add", "mul"):
        expected = analogy_batch(glove, queries, method=method)
        with monkeypatch.context() as m:
            m.setattr(analogy_module, "_scan_numpy", functools.partial(analogy_module._scan_torch, device="cpu"))
            got = analogy_batch(glove, queries, method=method)
        assert [[n.word for n in r.results] for r in got] == [[n.word for n in r.results] for r in expected]


@pytest.mark.gpu
def test_gpu_batch_equals_cpu(glove):
    from analysis.device import pick_device

    queries = random_queries(glove, 50, seed=10)
    for method in ("add", "mul"):
        cpu = analogy_batch(glove, queries, method=method)
        gpu = analogy_batch(glove, queries, method=method, device=pick_device())
        for a, b in zip(cpu, gpu):
            assert [n.word for n in a.results] == [n.word for n in b.results]
            assert np.allclose([n.score for n in a.results], [n.score for n in b.results], atol=1e-6)


# --- unknown words, case, bad input -----------------------------------------------------------------
def test_unknown_words_are_named_with_suggestions(glove):
    result = analogy(glove, ["kign", "womn"], ["man"])
    assert result.results == [] and result.missing == ["kign", "womn"]
    assert "king" in result.suggestions["kign"] and "woman" in result.suggestions["womn"]
    with pytest.raises(UnknownWordsError) as info:
        result.raise_for_missing()
    assert info.value.missing == ["kign", "womn"]


def test_uncased_embedding_accepts_any_case(glove):
    assert [n.word for n in analogy(glove, ["King", "WOMAN"], ["Man"]).results] == [n.word for n in analogy(glove, ["king", "woman"], ["man"]).results]


def small_cased_embedding(seed=0):
    rng = np.random.default_rng(seed)
    words = ["the", "Paris", "paris", "France", "Berlin", "Germany", "berlin", "US", "us", "Us"] + [f"w{i}" for i in range(300)]
    vectors = rng.standard_normal((len(words), 16)).astype(np.float32)
    return Embeddings(words, vectors, name="cased", source="test")


def test_cased_embedding_resolves_the_most_frequent_variant_and_equals_gensim():
    emb = small_cased_embedding()
    assert emb.info.cased
    result = analogy(emb, ["germany", "PARIS"], ["BERLIN"])
    assert result.resolved_positive == ["Germany", "Paris"] and result.resolved_negative == ["Berlin"]
    assert_same_as_gensim(result.results, emb.kv.most_similar(positive=["Germany", "Paris"], negative=["Berlin"], topn=10))
    exact = analogy(emb, ["us"], [])
    assert exact.resolved_positive == ["us"]  # an exact match wins over the more frequent "US"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "division"}, "Unknown analogy method"),
        ({"topn": 0}, "topn"),
        ({"restrict_vocab": -5}, "restrict_vocab"),
    ],
)
def test_bad_options_are_clear_errors(glove, kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        analogy(glove, ["king"], ["man"], **kwargs)


def test_empty_queries_are_clear_errors(glove):
    with pytest.raises(AnalysisError, match="at least one word"):
        analogy(glove, [], [])
    with pytest.raises(AnalysisError, match="3CosMul needs"):
        analogy(glove, [], ["man"], method="mul")


def test_method_aliases(glove):
    assert analogy(glove, ["king", "woman"], ["man"], method="3CosMul").method == "mul"


# --- ranks and presets ------------------------------------------------------------------------------
def test_answer_rank_matches_the_result_list(glove):
    for method in ("add", "mul"):
        result = analogy(glove, ["germany", "london"], ["berlin"], method=method, topn=10)
        for i, n in enumerate(result.results, 1):
            assert answer_rank(glove, ["germany", "london"], ["berlin"], n.word, method=method) == i


def test_answer_rank_against_an_independent_ranking(glove):
    """Rank of 'england' from gensim's full score vector, inputs removed."""
    dists = glove.kv.most_similar(positive=["germany", "london"], negative=["berlin"], topn=None)
    inputs = {glove.kv.key_to_index[w] for w in ("germany", "london", "berlin")}
    order = [i for i in np.argsort(-dists, kind="stable") if i not in inputs]
    expected = order.index(glove.kv.key_to_index["england"]) + 1
    assert answer_rank(glove, ["germany", "london"], ["berlin"], "england") == expected == 6
    kept = [i for i in np.argsort(-dists, kind="stable")].index(glove.kv.key_to_index["england"]) + 1
    assert answer_rank(glove, ["germany", "london"], ["berlin"], "england", exclude_inputs=False) == kept


def test_answer_rank_none_for_non_candidates(glove):
    assert answer_rank(glove, ["king", "woman"], ["man"], "king") is None  # excluded input
    assert answer_rank(glove, ["king", "woman"], ["man"], "qqqzzzx") is None  # unknown
    rare = glove.words[350_000]
    assert answer_rank(glove, ["king", "woman"], ["man"], rare, restrict_vocab=1000) is None


def test_presets_file_is_complete_and_honest(glove):
    data = json.loads(analysis_presets_path().read_text(encoding="utf-8"))
    ids = [p["id"] for p in data["presets"]]
    assert len(ids) == len(set(ids)) >= 6
    labels = [p.label for p in PRESETS]
    for lecture in [
        "king − man + woman",
        "germany − berlin + paris",
        "germany − berlin + london",
        "easiest − easy + lucky",
        "mice − mouse + dollar",
        "impossibly − possibly + ethical",
    ]:
        assert lecture in labels
    for preset in PRESETS:
        assert preset.source and preset.expected
        assert all(w in glove for w in [preset.a, preset.b, preset.c, *preset.expected])
    by_id = {p.id: p for p in PRESETS}
    assert best_expected_rank(glove, by_id["king_queen"]) == ("queen", 1)
    assert best_expected_rank(glove, by_id["germany_london"]) == ("england", 6)  # GloVe says britain


def test_preset_expected_answers_are_the_benchmark_lines():
    """Each syntactic/semantic preset is a line of gensim's questions-words.txt (b − a + c = c − a + b)."""
    from gensim.test.utils import datapath

    lines = {line.strip().lower() for line in open(datapath("questions-words.txt"), encoding="utf-8")}
    for preset in PRESETS:
        if preset.kind != "bias":
            as_given = f"{preset.a} {preset.b} {preset.c} {preset.expected[0]}"
            swapped = f"{preset.a} {preset.c} {preset.b} {preset.expected[0]}"
            assert as_given in lines or swapped in lines, preset.id


def analysis_presets_path():
    return analogy_module.PRESETS_PATH


# --- tables and charts ------------------------------------------------------------------------------
def test_results_frame_and_chart(glove):
    result = analogy(glove, ["doctor", "woman"], ["man"], exclude_inputs=False, topn=5)
    frame = results_frame(result)
    assert list(frame["word"]) == [n.word for n in result.results]
    assert frame.loc[0, "input"] and not frame.loc[1, "input"]
    spec = results_chart(result, expected=["nurse"]).to_dict()
    assert spec["mark"]["type"] == "bar"
    rows = spec["datasets"][spec["data"]["name"]]
    kinds = {r["word"]: r["kind"] for r in rows}
    assert kinds["doctor"] == "input word" and kinds["nurse"] == "expected answer"


def test_parallelogram_points_are_the_pca_of_the_four_words(glove):
    from sklearn.decomposition import PCA

    points = parallelogram_points(glove, "man", "king", "woman", "queen")
    vectors = np.stack([glove.vector(w, unit=True) for w in ("man", "king", "woman", "queen")]).astype(np.float64)
    reference = PCA(n_components=2).fit(vectors)
    projected = reference.transform(vectors)
    assert np.allclose(np.abs(points.xy), np.abs(projected), atol=1e-6)
    assert np.allclose(points.explained, reference.explained_variance_ratio_, atol=1e-6)
    spec = parallelogram_chart(points).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point", "point", "text"]


# --- command line -----------------------------------------------------------------------------------
def test_cli_analogy_json_equals_gensim(capsys):
    from analysis.cli import main

    assert main(["analogy", "--positive", "king", "woman", "--negative", "man", "--topn", "5", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"results", "missing"}
    from analysis.embeddings import load_default_glove

    reference = load_default_glove().kv.most_similar(positive=["king", "woman"], negative=["man"], topn=5)
    assert [r["word"] for r in payload["results"]] == [w for w, _ in reference]
    assert np.allclose([r["score"] for r in payload["results"]], [s for _, s in reference], atol=1e-6)
    assert payload["missing"] == []


def test_cli_analogy_options_and_unknown_words(capsys):
    from analysis.cli import main

    assert main(["analogy", "--positive", "king", "woman", "--negative", "man", "--keep-inputs", "--method", "mul", "--topn", "2", "--restrict-vocab", "50000", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [r["word"] for r in payload["results"]] == ["queen", "king"]
    # Issue #16: unknown words are a user error in JSON mode too (exit 2); the JSON still names them.
    assert main(["analogy", "--positive", "king", "womn", "--json"]) == 2
    assert json.loads(capsys.readouterr().out) == {"results": [], "missing": ["womn"]}
    assert main(["analogy", "--positive", "king", "womn"]) == 2
    assert "womn" in capsys.readouterr().err


def test_words_that_cancel_out_are_refused_not_answered_with_an_arbitrary_word(glove):
    # king − king is the zero vector: every cosine is 0, so any "answer" would be noise.
    with pytest.raises(AnalysisError, match="cancel out"):
        analogy(glove, ["king"], ["king"])
    assert analogy(glove, ["king", "king"], ["king"]).top.word == analogy(glove, ["king"]).top.word  # not zero: fine


def test_parallelogram_refuses_a_blank_word(glove):
    with pytest.raises(AnalysisError, match="four words"):
        parallelogram_points(glove, "", "king", "woman", "queen")
