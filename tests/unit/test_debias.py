"""Hard debias and INLP: the published math, checked on constructed embeddings and on GloVe 6B 50d."""

from __future__ import annotations

import itertools
import string
import tracemalloc

import numpy as np
import pytest

from analysis import debias as D
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError

TOL = 1e-6


def letter_words(n: int) -> list[str]:
    """n distinct purely alphabetic words: aa, ab, … (the INLP and residual pools want letters only)."""
    pool = ("".join(p) for k in (2, 3, 4) for p in itertools.product(string.ascii_lowercase, repeat=k))
    return list(itertools.islice(pool, n))


def random_embedding(n: int = 60, d: int = 8, seed: int = 0, words: list[str] | None = None) -> Embeddings:
    rng = np.random.default_rng(seed)
    return Embeddings(words or letter_words(n), rng.normal(size=(n, d)).astype(np.float32), name="random", source="test")


# --- neutralise -----------------------------------------------------------------------------------
def reference_neutralise(vector: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Bolukbasi's formula for one word, in float64: w − (w·g)g, then unit length."""
    w = vector.astype(np.float64)
    g = g.astype(np.float64) / np.linalg.norm(g)
    out = w - (w @ g) * g
    return out / np.linalg.norm(out)


def test_neutralise_zeroes_the_projection_and_matches_the_per_word_formula():
    emb = random_embedding(200, 10)
    rng = np.random.default_rng(1)
    g = rng.normal(size=10)
    neutral = rng.random(200) < 0.7
    m = emb.unit.copy()
    D.neutralise(m, g, neutral)
    gu = g / np.linalg.norm(g)
    assert np.abs(m[neutral] @ gu).max() < TOL
    np.testing.assert_allclose(np.linalg.norm(m, axis=1), 1.0, atol=TOL)
    assert np.array_equal(m[~neutral], emb.unit[~neutral])  # kept words untouched, bit for bit
    for i in np.flatnonzero(neutral)[:20]:
        np.testing.assert_allclose(m[i], reference_neutralise(emb.unit[i], g), atol=1e-6)


def test_neutralise_works_across_blocks(monkeypatch):
    monkeypatch.setattr(D, "BLOCK_ROWS", 7)
    emb = random_embedding(50, 5)
    g = np.arange(1, 6, dtype=np.float32)
    m = emb.unit.copy()
    D.neutralise(m, g, np.ones(50, dtype=bool))
    assert np.abs(m @ (g / np.linalg.norm(g))).max() < TOL


def test_bad_directions_are_refused():
    with pytest.raises(AnalysisError, match="zero"):
        D.unit_direction(np.zeros(4), 4)
    with pytest.raises(AnalysisError, match="dimensions"):
        D.unit_direction(np.ones(3), 4)


# --- equalise -------------------------------------------------------------------------------------
def test_equalised_pairs_are_unit_mirror_images_equidistant_from_neutral_words():
    emb = random_embedding(100, 12, seed=3)
    g = np.random.default_rng(4).normal(size=12)
    gu = (g / np.linalg.norm(g)).astype(np.float32)
    m = emb.unit.copy()
    pairs = [(0, 1), (2, 3), (4, 5)]
    neutral = np.ones(100, dtype=bool)
    neutral[:6] = False
    D.neutralise(m, gu, neutral)
    sides_before = [np.sign((emb.unit[a] - emb.unit[b]) @ gu) for a, b in pairs]
    D.equalise(m, gu, pairs)
    neutral_words = m[neutral]
    for (a, b), side in zip(pairs, sides_before):
        assert abs(np.linalg.norm(m[a]) - 1) < TOL and abs(np.linalg.norm(m[b]) - 1) < TOL
        # same similarity (and Euclidean distance, both being unit) to every neutral word
        np.testing.assert_allclose(neutral_words @ m[a], neutral_words @ m[b], atol=TOL)
        dist_a = np.linalg.norm(neutral_words - m[a], axis=1)
        dist_b = np.linalg.norm(neutral_words - m[b], axis=1)
        np.testing.assert_allclose(dist_a, dist_b, atol=1e-5)
        # mirror images: equal neutral part, opposite g part, each on its original side
        assert np.sign(m[a] @ gu) == side and np.sign(m[b] @ gu) == -side
        np.testing.assert_allclose(m[a] - (m[a] @ gu) * gu, m[b] - (m[b] @ gu) * gu, atol=TOL)


# --- hard debias on a constructed embedding -------------------------------------------------------
def gendered_embedding(cased: bool = False) -> Embeddings:
    """Words with a known gender axis (dimension 0) plus random content in 7 other dimensions."""
    rng = np.random.default_rng(7)
    words = ["he", "she", "man", "woman", "king", "queen", "doctor", "nurse", "engineer", "dancer"] + letter_words(40)
    if cased:
        words += ["He", "She", "King", "Queen"]
    vectors = rng.normal(size=(len(words), 8))
    gender = {"he": 2, "she": -2, "man": 2, "woman": -2, "king": 1.5, "queen": -1.5, "doctor": 0.8, "nurse": -0.9,
              "engineer": 0.7, "dancer": -0.6, "He": 2, "She": -2, "King": 1.5, "Queen": -1.5}
    for i, w in enumerate(words):
        vectors[i, 0] = gender.get(w, vectors[i, 0] * 0.3)
    return Embeddings(words, vectors.astype(np.float32), name="toy", source="test")


def test_hard_debias_returns_a_new_embedding_and_leaves_the_original_alone():
    emb = gendered_embedding()
    before_hash, before_vectors = emb.info.content_hash, emb.vectors.copy()
    g = np.eye(8, dtype=np.float32)[0]
    result = D.hard_debias(emb, direction=g, gender_specific=["he", "she", "man", "woman", "unicorn"], equalize_pairs=[("king", "queen"), ("he", "she"), ("x_y", "y_x")])
    out = result.embeddings
    assert out is not emb and out.info.content_hash != before_hash
    assert emb.info.content_hash == before_hash and np.array_equal(emb.vectors, before_vectors)
    assert out.vectors.dtype == np.float32 and out.words == emb.words
    assert "hard debias" in out.info.name and "direction=pca" in out.info.name
    assert "Bolukbasi" in out.info.source and emb.info.content_hash in out.info.source
    assert result.missing == ["unicorn", "x_y/y_x"]
    assert result.equalised == [("king", "queen"), ("he", "she")]
    k = out.kv.key_to_index
    neutral = [w for w in emb.words if w not in {"he", "she", "man", "woman", "king", "queen"}]
    assert np.abs(out.unit[[k[w] for w in neutral]] @ g).max() < TOL  # neutralised: zero projection
    for w in ("man", "woman"):  # gender-specific, not equalised: exactly as the unit original
        assert np.array_equal(out.vectors[k[w]], emb.unit[k[w]])
    for a, b in result.equalised:
        sims_a = out.unit[[k[w] for w in neutral]] @ out.unit[k[a]]
        sims_b = out.unit[[k[w] for w in neutral]] @ out.unit[k[b]]
        np.testing.assert_allclose(sims_a, sims_b, atol=TOL)
    assert result.kept == 6 and result.neutralised == len(emb) - 6
    # the famous probe: doctor and nurse are now equally similar to he and she
    assert abs(out.similarity("doctor", "he") - out.similarity("doctor", "she")) < 1e-5


def test_hard_debias_treats_every_case_variant_of_a_cased_embedding():
    emb = gendered_embedding(cased=True)
    result = D.hard_debias(emb, direction=np.eye(8)[0], gender_specific=["he", "she"], equalize_pairs=[("king", "queen")])
    assert set(result.equalised) == {("king", "queen"), ("King", "Queen")}
    out = result.embeddings
    assert np.array_equal(out.vectors[out.kv.key_to_index["He"]], emb.unit[emb.kv.key_to_index["He"]])


def test_debias_dispatcher_refuses_bad_requests():
    emb = gendered_embedding()
    with pytest.raises(AnalysisError, match="Unknown debiasing method"):
        D.debias(emb, "soft")
    with pytest.raises(AnalysisError, match="INLP only"):
        D.debias(emb, "hard", iterations=3)
    with pytest.raises(AnalysisError, match="Unknown option"):
        D.debias(emb, "inlp", learning_rate=0.1)


def peak_ratio(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("method", ["hard", "inlp"])
def test_debiasing_holds_at_most_one_extra_copy_while_it_works(monkeypatch, method):
    """Peak memory is that of copying the matrix once and wrapping it in a new Embeddings, no more.

    (The new Embeddings itself computes its unit copy; a naive ``X − outer(X·g, g)`` or ``X @ P``
    without an output buffer would add one or two further full-size temporaries.)
    """
    monkeypatch.setattr(D, "BLOCK_ROWS", 2048)
    n, d = 20_000, 128
    emb = random_embedding(n, d, words=letter_words(n))
    matrix_bytes = emb.vectors.nbytes
    baseline = peak_ratio(lambda: Embeddings(emb.words, emb.unit.copy(), name="copy", source="test"))
    if method == "hard":
        run = lambda: D.hard_debias(emb, direction=np.ones(d), gender_specific=[], equalize_pairs=[])  # noqa: E731
    else:
        config = D.INLPConfig(iterations=2, n_per_class=200, vocab_limit=n)
        run = lambda: D.inlp(emb, config, direction=np.ones(d))  # noqa: E731
    run()  # warm-up: the first call imports scikit-learn, whose modules tracemalloc would count
    peak = peak_ratio(run)
    assert peak < baseline + 0.3 * matrix_bytes, (baseline / matrix_bytes, peak / matrix_bytes)


# --- INLP -----------------------------------------------------------------------------------------
def inlp_reference(X_train, y_train, iterations, seed=0):
    """Ravfogel et al.'s formulation, written independently: P = I − rowspace(Σ rowspace projections)."""
    from scipy.linalg import orth
    from sklearn.svm import LinearSVC

    d = X_train.shape[1]
    rowspaces = []
    P = np.eye(d)
    for _ in range(iterations):
        clf = LinearSVC(fit_intercept=False, dual=False, random_state=seed, max_iter=5000).fit(X_train @ P, y_train)
        W = clf.coef_
        basis = orth(W.T)
        rowspaces.append(basis @ basis.T)
        Q = orth(np.sum(rowspaces, axis=0))
        P = np.eye(d) - Q @ Q.T
    return P


def hidden_gender_data(n=400, d=12, seed=0):
    """Labels carried by three directions at once (a linear classifier needs several rounds to lose them)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([1, 0], n // 2)
    sign = np.where(y == 1, 1.0, -1.0)[:, None]
    X = rng.normal(size=(n, d))
    X[:, :3] += sign * np.array([2.0, 1.5, 1.0])
    return X, y


def test_inlp_projection_matches_the_papers_formulation_and_ends_at_chance():
    from sklearn.model_selection import train_test_split

    X, y = hidden_gender_data()
    X_train, X_dev, y_train, y_dev = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    P, steps, final = D.inlp_projection(X_train, y_train, X_dev, y_dev, iterations=6, classifier="svm")
    np.testing.assert_allclose(P, inlp_reference(X_train, y_train, 6), atol=1e-5)
    np.testing.assert_allclose(P, P.T, atol=1e-6)
    np.testing.assert_allclose(P @ P, P, atol=1e-5)  # a projection
    assert steps[0].dev_accuracy > 0.9  # gender was easy to read before
    assert [s.removed_dims for s in steps] == list(range(1, 7))
    assert abs(final - 0.5) < 0.1  # and is not after: near chance on the same task
    assert abs(steps[-1].dev_accuracy - 0.5) < 0.12


def test_inlp_on_an_embedding_is_deterministic_and_projects_every_word():
    rng = np.random.default_rng(5)
    words = letter_words(600)
    y = rng.random(600) < 0.5
    vectors = rng.normal(size=(600, 10))
    vectors[:, 0] = np.where(y, 1.0, -1.0) * 2 + rng.normal(scale=0.2, size=600)
    vectors[:, 1] = np.where(y, 1.0, -1.0) + rng.normal(scale=0.3, size=600)
    emb = Embeddings(words, vectors.astype(np.float32), name="toy", source="test")
    config = D.INLPConfig(iterations=5, n_per_class=150, vocab_limit=600)
    first = D.inlp(emb, config, direction=np.eye(10)[0])
    second = D.inlp(emb, config, direction=np.eye(10)[0])
    assert first.embeddings.info.content_hash == second.embeddings.info.content_hash
    assert "INLP" in first.embeddings.info.name and "5 iterations" in first.embeddings.info.name
    assert first.chance == 0.5 and abs(first.final_accuracy - 0.5) < 0.12
    assert len(first.steps) == 5 and first.steps[0].dev_accuracy > 0.95
    np.testing.assert_allclose(first.embeddings.vectors, emb.vectors @ first.projection, atol=1e-5)
    summary = first.summary()
    assert summary["removed_dims"] == 5 and len(summary["iterations"]) == 5


def test_inlp_refuses_too_few_words():
    emb = random_embedding(30, 6)
    with pytest.raises(AnalysisError, match="words per class|only"):
        D.inlp(emb, D.INLPConfig(n_per_class=20), direction=np.eye(6)[0])


# --- on the default embedding (GloVe 6B 50d) ------------------------------------------------------
@pytest.fixture(scope="module")
def hard_glove(glove):
    return D.hard_debias(glove)


def test_hard_debias_on_glove_neutralises_professions_and_equalises_pairs(glove, hard_glove):
    from analysis.wordlists import load_words

    out = hard_glove.embeddings
    g = hard_glove.direction
    k = out.kv.key_to_index
    assert out.vectors.dtype == np.float32 and len(out) == len(glove)
    specific = {w.lower() for w in load_words("bolukbasi/gender_specific_full")}
    equalised = {w for pair in hard_glove.equalised for w in pair}
    professions = [w for w in load_words("bolukbasi/professions") if w in k and w not in specific and w not in equalised]
    assert len(professions) > 200
    assert np.abs(out.unit[[k[w] for w in professions]] @ g).max() < 1e-6
    assert ("she", "he") in hard_glove.equalised or ("he", "she") in hard_glove.equalised
    neutral_rows = [k[w] for w in professions]
    for a, b in hard_glove.equalised:
        np.testing.assert_allclose(out.unit[neutral_rows] @ out.unit[k[a]], out.unit[neutral_rows] @ out.unit[k[b]], atol=1e-6)
    # the direction was oriented male-positive on the original
    assert glove.vector("he", unit=True) @ g > glove.vector("she", unit=True) @ g


def test_inlp_on_glove_removes_linear_gender_information(glove):
    result = D.inlp(glove, D.INLPConfig(iterations=15, n_per_class=3000, vocab_limit=100_000))
    assert result.steps[0].dev_accuracy > 0.95
    assert result.chance == 0.5
    assert abs(result.final_accuracy - 0.5) < 0.1
    assert result.steps[-1].removed_dims == 15
    assert np.abs(result.embeddings.vectors @ (np.eye(50) - result.projection)).max() < 1e-4


def test_orient_male_positive_without_he_and_she_uses_the_pairs_mean():
    """No "he"/"she" rows: the sign comes from the mean (male − female) offset of the pairs that
    exist (case-resolved: "Man" finds "man"); a pair with a missing word is skipped."""
    from analysis.debias import orient_male_positive

    words = ["woman", "man", "girl", "boy", "queen"]
    vectors = np.array([[-1, 0.2], [1, 0.2], [-1, -0.3], [1, -0.3], [-1, 0.5]], dtype=np.float32)
    emb = Embeddings(words, vectors, name="toy", source="test")
    pairs = [("Woman", "Man"), ("girl", "boy"), ("queen", "king")]  # king is missing
    x = np.array([1.0, 0.0])
    assert np.array_equal(orient_male_positive(emb, x, pairs), x)
    assert np.array_equal(orient_male_positive(emb, -x, pairs), x)
    # With no usable pair the direction is kept as it is.
    assert np.array_equal(orient_male_positive(emb, -x, [("queen", "king")]), -x)
