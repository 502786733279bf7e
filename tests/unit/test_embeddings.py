from __future__ import annotations

import numpy as np
import pytest

from analysis.embeddings import Embeddings, edit_distance, load_embeddings
from analysis.errors import AnalysisError, UnknownWordsError


def test_default_glove_shape_and_metadata(glove):
    assert glove.info.vocab_size == 400_000 and glove.info.dims == 50
    assert glove.info.cased is False
    assert glove.words[:4] == ["the", ",", ".", "of"]  # frequency order
    assert len(glove.kv.key_to_index) == 400_000 and glove.kv.vectors.shape == (400_000, 50)
    np.testing.assert_allclose(np.linalg.norm(glove.unit[:1000], axis=1), 1.0, rtol=1e-5)
    assert glove.vectors.dtype == np.float32 and glove.unit.dtype == np.float32


def test_matrices_are_read_only(glove):
    with pytest.raises(ValueError):
        glove.unit[0, 0] = 1.0
    with pytest.raises(ValueError):
        glove.vectors[0, 0] = 1.0


def test_neighbors_equal_gensim_most_similar(glove):
    rng = np.random.default_rng(0)
    words = ["king", "paris", "programmer", "nurse", "computer"] + [glove.words[i] for i in rng.integers(0, 50_000, 40)]
    for word in words:
        ours = glove.neighbors(word, topn=10)
        theirs = glove.kv.most_similar(word, topn=10)
        assert [n.word for n in ours] == [w for w, _ in theirs], word
        np.testing.assert_allclose([n.score for n in ours], [s for _, s in theirs], atol=1e-5)


def test_neighbors_of_a_vector_and_restricted_vocab(glove):
    v = glove.vector("king") - glove.vector("man") + glove.vector("woman")
    top = glove.neighbors(v, topn=3, exclude={"king", "man", "woman"})
    assert top[0].word == "queen"
    restricted = glove.neighbors("king", topn=5, restrict_vocab=1000)
    assert all(glove.kv.key_to_index[n.word] < 1000 for n in restricted)
    with pytest.raises(AnalysisError, match="shape"):
        glove.neighbors(np.ones(3))


def test_unknown_words_are_named_with_suggestions(glove):
    with pytest.raises(UnknownWordsError) as err:
        glove.resolve_all(["king", "progammer", "qqqxzzy"])
    assert err.value.missing == ["progammer", "qqqxzzy"]
    assert err.value.suggestions["progammer"][0] == "programmer"
    assert err.value.suggestions["qqqxzzy"] == []
    assert "'progammer' (did you mean programmer" in str(err.value)
    assert glove.suggest("kign")[0] == "king"  # a swap is one edit


def test_case_handling_uncased_and_cased(glove):
    assert glove.resolve("King") == "king" and "PARIS" in glove
    cased = Embeddings(["Paris", "paris", "Apple", "apple", "IBM"], np.eye(5, dtype=np.float32), name="c", source="t")
    assert cased.info.cased
    assert cased.resolve("Paris") == "Paris"
    assert cased.resolve("PARIS") == "Paris"  # most frequent case variant wins
    assert cased.resolve("ibm") == "IBM"
    assert cased.resolve("Berlin") is None


def test_invalid_matrices_are_rejected():
    with pytest.raises(AnalysisError, match="NaN"):
        Embeddings(["a", "b"], np.array([[1, np.nan], [0, 1]], dtype=np.float32), name="x", source="t")
    with pytest.raises(AnalysisError, match="duplicates"):
        Embeddings(["a", "a"], np.eye(2), name="x", source="t")
    with pytest.raises(AnalysisError, match="2 words but 3 vectors"):
        Embeddings(["a", "b"], np.eye(3), name="x", source="t")
    with pytest.raises(AnalysisError, match="no words"):
        Embeddings([], np.zeros((0, 3)), name="x", source="t")


def test_zero_vector_has_zero_unit_row():
    emb = Embeddings(["a", "b"], np.array([[0, 0], [3, 4]], dtype=np.float32), name="x", source="t")
    np.testing.assert_array_equal(emb.unit[0], [0, 0])
    np.testing.assert_allclose(emb.unit[1], [0.6, 0.8])


def test_top_and_with_vectors_leave_the_original_untouched(glove):
    small = glove.top(1000)
    assert len(small) == 1000 and small.words == glove.words[:1000]
    assert np.shares_memory(small.vectors, glove.vectors)  # a view, not a copy
    doubled = small.with_vectors(small.vectors * 2, name="x2", source="test")
    assert doubled.info.content_hash != small.info.content_hash
    np.testing.assert_allclose(doubled.unit, small.unit, atol=1e-6)


def test_content_hash_identifies_content():
    a = Embeddings(["a", "b"], np.eye(2), name="one", source="t")
    b = Embeddings(["a", "b"], np.eye(2), name="other name", source="elsewhere")
    c = Embeddings(["b", "a"], np.eye(2), name="one", source="t")
    assert a.info.content_hash == b.info.content_hash != c.info.content_hash


@pytest.mark.parametrize("a,b,d", [("king", "king", 0), ("kign", "king", 1), ("kin", "king", 1), ("abc", "xyz", 3), ("qqqq", "q", 3)])
def test_edit_distance(a, b, d):
    assert edit_distance(a, b, cap=2) == min(d, 3)


def test_load_embeddings_by_name_with_limit():
    emb = load_embeddings("glove-6b-50d", limit=5000)
    assert len(emb) == 5000


def test_unit_length_vectors_are_shared_not_copied():
    rows = np.random.default_rng(1).normal(size=(50, 4)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    emb = Embeddings([f"w{i}" for i in range(50)], rows, name="unit", source="test")
    assert np.shares_memory(emb.unit, emb.vectors)


def test_limits_and_topn_must_be_positive(glove, tmp_path):
    from analysis.formats import read_embedding_bytes

    with pytest.raises(AnalysisError, match="word limit must be a positive"):
        load_embeddings("glove-6b-50d", limit=-5)
    with pytest.raises(AnalysisError, match="word limit must be a positive"):
        glove.top(0)
    with pytest.raises(AnalysisError, match="word limit must be a positive"):
        read_embedding_bytes(b"1 2\nking 1 2\n", "v.txt", limit=-1)
    with pytest.raises(AnalysisError, match="topn must be at least 1"):
        glove.neighbors("king", topn=0)


# --- the word-set API: Embeddings.rows -----------------------------------------------------------------
def _small() -> Embeddings:
    vectors = np.array([[3, 4], [1, 0], [0, 2], [1, 1]], dtype=np.float32)
    return Embeddings(["nurse", "doctor", "Paris", "paris"], vectors, name="small", source="test")


def test_rows_resolve_case_drop_repeats_and_report_missing_once():
    found = _small().rows(["doctor", "Nurse", "nurse", "  ", "zzqx", "zzqx"])
    assert found.words == ["doctor", "nurse"] and found.rows.tolist() == [1, 0]
    assert found.missing == ["zzqx"] and len(found) == 2


def test_rows_gather_unit_or_raw_vectors_as_copies():
    emb = _small()
    unit = emb.rows(["nurse"]).matrix
    raw = emb.rows(["nurse"], unit=False).matrix
    np.testing.assert_allclose(unit, [[0.6, 0.8]], rtol=1e-6)
    np.testing.assert_array_equal(raw, [[3, 4]])
    unit[0, 0] = 99  # a copy: the shared, read-only embedding is untouched
    assert emb.unit[0, 0] == np.float32(0.6)


def test_rows_can_keep_repeats_for_paired_lists():
    found = _small().rows(["nurse", "doctor", "nurse"], unique=False)
    assert found.rows.tolist() == [0, 1, 0] and found.matrix.shape == (3, 2)


def test_rows_of_nothing_known_is_an_empty_matrix_and_raises_on_request():
    found = _small().rows(["zzqx", "nurze"], suggest=True)
    assert found.matrix.shape == (0, 2) and found.rows.dtype == np.int64
    assert found.suggestions["nurze"] == ["nurse"]
    with pytest.raises(UnknownWordsError) as err:
        found.raise_for_missing()
    assert err.value.missing == ["zzqx", "nurze"]


def test_rows_equal_the_gensim_lookup_on_glove(glove):
    words = ["king", "Queen", "man", "woman"]
    found = glove.rows(words)
    expected = np.stack([glove.kv.get_vector(w.lower(), norm=True) for w in words])
    np.testing.assert_allclose(found.matrix, expected, atol=1e-6)
