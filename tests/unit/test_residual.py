"""Gonen & Goldberg's "what remains" checks: known answers on constructed embeddings, the paper's
protocol on a hand-made embedding, and the published numbers on GloVe 6B 50d after hard debias."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import residual as R
from analysis.charts.debias import residual_pca_chart
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.tables.debias import pca_frame
from tests.unit.test_debias import letter_words

N_SIDE = 60  # biased words per side in the constructed embeddings


def constructed(hidden: float, seed: int = 0, n_filler: int = 280, d: int = 8) -> tuple[Embeddings, Embeddings]:
    """(original, "debiased") pair with a known answer.

    Dimension 0 is the gender direction: 60 male words at +2, 60 female words at −2, filler words in
    between. ``hidden`` puts the same gender signal into dimension 1 as well. The "debiased" copy
    zeroes dimension 0 only, as a projection method would: with ``hidden`` > 0 the gender is still
    recoverable from dimension 1; with ``hidden`` = 0 nothing of it remains.
    """
    rng = np.random.default_rng(seed)
    n = 2 * N_SIDE + n_filler
    words = letter_words(n)
    gender = np.concatenate([np.ones(N_SIDE), -np.ones(N_SIDE), rng.uniform(-0.4, 0.4, n_filler)])
    vectors = rng.normal(scale=0.5, size=(n, d))
    vectors[:, 0] = 2 * gender
    vectors[:, 1] += hidden * gender
    vectors[:, 2:] += 1.0  # a shared offset, like real embeddings have, so unit vectors are not trivial
    original = Embeddings(words, vectors.astype(np.float32), name="orig", source="test")
    debiased_vectors = vectors.copy()
    debiased_vectors[:, 0] = 0
    return original, original.with_vectors(debiased_vectors.astype(np.float32), name="debiased", source="test")


# The lab's older protocol: ranks by a given direction (G, dimension 0 of the constructed embeddings).
CONFIG = R.ResidualConfig(protocol="debias-direction", n_per_class=N_SIDE, vocab_limit=10_000, neighbours=20, train_fraction=0.5)
G = np.eye(8, dtype=np.float32)[0]


def test_selection_takes_the_extremes_of_the_original_projection():
    original, _ = constructed(hidden=0.0)
    chosen = R.select_biased_words(original, G, CONFIG)
    assert set(chosen.words[:N_SIDE]) == set(original.words[:N_SIDE])
    assert set(chosen.words[N_SIDE:]) == set(original.words[N_SIDE : 2 * N_SIDE])
    assert chosen.labels.tolist() == [1] * N_SIDE + [0] * N_SIDE
    assert (chosen.bias[:N_SIDE] > 0).all() and (chosen.bias[N_SIDE:] < 0).all()
    assert chosen.pool.size == len(original)


def test_selection_leaves_out_excluded_and_non_alphabetic_words():
    words = ["he", "she", "x1", "king's"] + letter_words(40)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(words), 4)).astype(np.float32)
    vectors[:4, 0] = [5, -5, 6, -6]
    emb = Embeddings(words, vectors, name="t", source="test")
    legacy = R.ResidualConfig(protocol="debias-direction", n_per_class=5)
    chosen = R.select_biased_words(emb, np.eye(4)[0], legacy, exclude=["HE", "she"])
    assert not {"he", "she", "x1", "king's"} & set(chosen.words)
    with pytest.raises(AnalysisError, match="candidate words"):
        R.select_biased_words(emb, np.eye(4)[0], R.ResidualConfig(protocol="debias-direction", n_per_class=30))


def test_cased_embeddings_use_lower_case_words_only():
    words = ["Paris", "John", "he", "she"] + letter_words(30)
    emb = Embeddings(words, np.random.default_rng(1).normal(size=(len(words), 4)).astype(np.float32), name="t", source="test")
    assert emb.info.cased
    rows = R.candidate_rows(emb, 1000, exclude=["He"])
    assert [emb.words[i] for i in rows] == ["she"] + letter_words(30)


def test_known_answer_bias_still_recoverable_when_hidden_in_another_dimension():
    original, debiased = constructed(hidden=1.0)
    chosen = R.select_biased_words(original, G, CONFIG)
    before = R.residual_checks(original, chosen, CONFIG)
    after = R.residual_checks(debiased, chosen, CONFIG)
    assert before.kmeans_alignment == 1.0 and before.classifier_accuracy == 1.0
    assert before.neighbour_correlation > 0.9
    # the projection on dimension 0 is gone, yet every check still finds the gender
    assert np.abs(debiased.unit[[debiased.kv.key_to_index[w] for w in chosen.words]] @ G).max() == 0
    assert after.kmeans_alignment >= 0.95
    assert after.classifier_accuracy >= 0.95
    assert after.neighbour_correlation >= 0.8
    assert R.verdict(after).level == "recoverable"


def test_known_answer_nothing_recoverable_when_the_signal_was_only_on_the_direction():
    scores = []
    for seed in range(3):  # several draws so a lucky split cannot pass the test
        original, debiased = constructed(hidden=0.0, seed=seed)
        chosen = R.select_biased_words(original, G, CONFIG)
        scores.append(R.residual_checks(debiased, chosen, CONFIG))
    assert np.mean([s.kmeans_alignment for s in scores]) < 0.62
    assert np.mean([s.classifier_accuracy for s in scores]) < 0.62
    assert abs(np.mean([s.neighbour_correlation for s in scores])) < 0.2
    assert all(R.verdict(s).level == "hidden" for s in scores)


def test_kmeans_alignment_does_not_depend_on_cluster_numbering():
    rng = np.random.default_rng(2)
    labels = np.repeat([1, 0], 50)
    points = rng.normal(size=(100, 3)) + np.where(labels[:, None] == 1, 3.0, -3.0)
    assert R.kmeans_alignment(points, labels) == R.kmeans_alignment(points, 1 - labels) == 1.0
    noise = rng.normal(size=(100, 3))
    assert 0.5 <= R.kmeans_alignment(noise, labels) < 0.7


def reference_male_share(emb: Embeddings, chosen: R.BiasedWords, k: int) -> list[float]:
    """The neighbour share by a plain loop: every pool word's cosine, sorted, first k counted."""
    k2i = emb.kv.key_to_index
    out = []
    for word in chosen.words:
        row = k2i[word]
        q = emb.unit[row].astype(np.float64)
        scored = []
        for position, candidate in enumerate(chosen.pool):
            if candidate == row:
                continue
            scored.append((float(emb.unit[candidate].astype(np.float64) @ q), position))
        scored.sort(reverse=True)
        out.append(sum(bool(chosen.pool_male[p]) for _, p in scored[:k]) / k)
    return out


def test_male_neighbour_share_matches_a_plain_loop():
    original, debiased = constructed(hidden=0.5, seed=4)
    chosen = R.select_biased_words(original, G, CONFIG)
    fast = R.male_neighbour_share(debiased, chosen, 15)
    np.testing.assert_allclose(fast, reference_male_share(debiased, chosen, 15), atol=1e-12)
    r = R.neighbour_correlation(debiased, chosen, 15)
    assert r == pytest.approx(np.corrcoef(chosen.bias, fast)[0, 1])


def test_classifier_accuracy_is_held_out_and_refuses_silly_splits():
    rng = np.random.default_rng(0)
    labels = np.repeat([1, 0], 100)
    random_points = rng.normal(size=(200, 5))
    assert R.classifier_accuracy(random_points, labels, 0.5) < 0.65  # memorising would give 1.0
    with pytest.raises(AnalysisError, match="training share"):
        R.classifier_accuracy(random_points, labels, 1.0)


def test_verdict_levels_follow_the_thresholds():
    def result(align, acc):
        return R.ResidualResult(align, acc, 0.5, 1000, 100)

    assert R.verdict(result(0.9, 0.6)).level == "recoverable"
    assert R.verdict(result(0.55, 0.7)).level == "partly"
    assert R.verdict(result(0.52, 0.55)).level == "hidden"
    assert "50%" in R.verdict(result(0.52, 0.55)).text


def test_pca_frame_and_chart():
    original, debiased = constructed(hidden=1.0)
    chosen = R.select_biased_words(original, G, CONFIG)
    before = pca_frame(R.pca_points(original, chosen, "before"))
    after = pca_frame(R.pca_points(debiased, chosen, "after"))
    assert list(before.columns) == ["word", "x", "y", "label", "bias", "stage"]
    assert before["x"].var() >= before["y"].var()  # first component explains the most
    assert set(after["label"]) == {"male", "female"}
    # on the original, PC 1 is the gender axis: it separates the two labels perfectly
    male_x = before.loc[before.label == "male", "x"]
    female_x = before.loc[before.label == "female", "x"]
    assert male_x.min() > female_x.max() or male_x.max() < female_x.min()
    import pandas as pd

    spec = residual_pca_chart(pd.concat([before, after]), title="t", labels={"male": "männlich", "female": "weiblich"}).to_dict()
    assert spec["facet"]["column"]["field"] == "stage"
    assert spec["facet"]["column"]["sort"] == ["before", "after"]
    color = spec["spec"]["encoding"]["color"]
    assert color["field"] == "shown" and color["scale"]["domain"] == ["männlich", "weiblich"]
    assert len(spec["datasets"][next(iter(spec["datasets"]))]) == 4 * N_SIDE


# --- on the default embedding ---------------------------------------------------------------------
def test_checks_on_glove_run_and_return_values_in_range(glove):
    from analysis.debias import bias_direction_of, hard_debias
    from analysis.wordlists import load_words

    g = bias_direction_of(glove)
    config = R.ResidualConfig(protocol="debias-direction", n_per_class=200, vocab_limit=20_000, neighbours=50)
    chosen = R.select_biased_words(glove, g, config, exclude=load_words("bolukbasi/gender_specific_full"))
    assert len(chosen.words) == 400 and "he" not in chosen.words
    before = R.residual_checks(glove, chosen, config)
    debiased = hard_debias(glove, direction=g).embeddings
    after = R.residual_checks(debiased, chosen, config)
    for r in (before, after):
        assert 0.5 <= r.kmeans_alignment <= 1 and 0 <= r.classifier_accuracy <= 1 and -1 <= r.neighbour_correlation <= 1
    assert before.kmeans_alignment > 0.95 and before.classifier_accuracy > 0.95 and before.neighbour_correlation > 0.9
    # hard debias zeroes the projection but Gonen & Goldberg's classifier still reads the gender
    assert after.classifier_accuracy > 0.7


# --- the paper's protocol (gonen-goldberg) on a hand-made embedding -------------------------------
def hand_made() -> tuple[Embeddings, dict[str, float]]:
    """he = e0, she = e1, and words whose he − she bias is set by hand (dimension 2 disagrees on purpose).

    Returns the embedding and each word's expected bias cos(w, he) − cos(w, she).
    """
    rows = {
        "he": [1, 0, 0, 0],
        "she": [0, 1, 0, 0],
        "nurse": [0.1, 0.9, 3, 1],  # female by he − she, yet strongly "male" on dimension 2
        "doctor": [0.8, 0.1, 0.5, 1],
        "engineer": [0.9, 0.05, -2, 1],  # male by he − she, "female" on dimension 2
        "dancer": [0.2, 0.7, 1, 1],
        "pilot": [0.6, 0.2, 0, 1],
        "teacher": [0.3, 0.5, 0, 1],
        "poet": [0.45, 0.45, 0, 1.2],
        "singer": [0.35, 0.6, 0.5, 1],
        "Nurse": [0, 5, 0, 0],  # not lower-case: left out
        "x1": [5, 0, 0, 0],  # a digit: left out
        "don't": [5, 0, 0, 0],  # ASCII punctuation: left out
        "ice_cream": [0.5, 0.4, 0, 1],  # a phrase whose parts are clean: kept
        "a_b.c": [5, 0, 0, 0],  # a phrase with punctuation in a part: left out
        "supercalifragilistic": [5, 0, 0, 0],  # 20 characters: left out
        "king": [5, 0.1, 0, 0],  # gender-specific (Bolukbasi et al.'s full list): left out
        "queen": [0.1, 5, 0, 0],
        "café": [0.55, 0.35, 0, 1],  # non-ASCII letters pass, as in the reference
        "beyond": [9, 0, 0, 0],  # outside vocab_limit below
    }
    words = list(rows)
    vectors = np.array([rows[w] for w in words], dtype=np.float32)
    emb = Embeddings(words, vectors, name="hand", source="test")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    expected = {w: float(unit[i] @ unit[0] - unit[i] @ unit[1]) for i, w in enumerate(words)}
    return emb, expected


GG = R.ResidualConfig(n_per_class=2, svm_per_class=3, svm_train_per_class=1, vocab_limit=19, neighbours=3, seed=0)
POOL = ["nurse", "doctor", "engineer", "dancer", "pilot", "teacher", "poet", "singer", "ice_cream", "café"]


def test_gonen_goldberg_pool_filters_as_the_reference():
    emb, _ = hand_made()
    pool = [emb.words[i] for i in R.gonen_goldberg_pool(emb, 19)]
    assert pool == POOL  # he and she are in gender_specific_full, like king and queen
    assert [emb.words[i] for i in R.gonen_goldberg_pool(emb, 19, exclude=["king"])] == ["he", "she", *POOL[:8], "ice_cream", "queen", "café"]


def test_gonen_goldberg_selection_ranks_by_he_minus_she_not_by_the_given_direction():
    emb, expected = hand_made()
    dimension_2 = np.eye(4, dtype=np.float32)[2]
    chosen = R.select_biased_words(emb, dimension_2, GG)  # the direction is ignored by this protocol
    by_bias = sorted(POOL, key=expected.get)
    assert chosen.words == [by_bias[-1], by_bias[-2], by_bias[0], by_bias[1]]
    assert chosen.words == ["doctor", "engineer", "dancer", "nurse"]  # he − she decides, not dimension 2
    assert chosen.labels.tolist() == [1, 1, 0, 0]
    np.testing.assert_allclose(chosen.bias, [expected[w] for w in chosen.words], atol=1e-6)
    np.testing.assert_allclose(chosen.pool_bias, [expected[w] for w in POOL], atol=1e-6)
    # the classifier's words: the 3 most male and 3 most female, one per side trained on, rest tested
    male3, female3 = set(by_bias[-3:]), set(by_bias[:3])
    assert len(chosen.train_words) == 2 and len(chosen.test_words) == 4
    assert set(chosen.train_words + chosen.test_words) == male3 | female3
    assert not set(chosen.train_words) & set(chosen.test_words)
    for words, labels in ((chosen.train_words, chosen.train_labels), (chosen.test_words, chosen.test_labels)):
        assert [w in male3 for w in words] == [bool(y) for y in labels]
    # the older protocol ranks by the direction instead: nurse becomes the most "male" word
    legacy = R.select_biased_words(emb, dimension_2, R.ResidualConfig(protocol="debias-direction", n_per_class=2, vocab_limit=19, train_fraction=0.5))
    assert legacy.words[0] == "nurse" and "engineer" in legacy.words[2:]


def test_gonen_goldberg_neighbours_cover_the_whole_pool():
    emb, expected = hand_made()
    chosen = R.select_biased_words(emb, None, GG)
    result = R.residual_checks(emb, chosen, GG)
    assert result.protocol == "gonen-goldberg" and result.pool_size == len(POOL) == result.neighbour_words
    assert (result.words, result.classifier_train, result.classifier_test, result.neighbours) == (4, 2, 4, 3)
    # by a plain loop: every pool word's 3 nearest other pool words, male when their he − she bias > 0
    unit = emb.unit.astype(np.float64)
    shares = []
    for w in POOL:
        q = unit[emb.index(w)]
        others = sorted((o for o in POOL if o != w), key=lambda o: -float(unit[emb.index(o)] @ q))[:3]
        shares.append(np.mean([expected[o] > 0 for o in others]))
    biases = [expected[w] for w in POOL]
    assert result.neighbour_correlation == pytest.approx(np.corrcoef(biases, shares)[0, 1])
    picked = [POOL.index(w) for w in chosen.words]
    assert result.neighbour_correlation_selected == pytest.approx(np.corrcoef(chosen.bias, np.array(shares)[picked])[0, 1])


def test_gonen_goldberg_refuses_what_it_cannot_do():
    emb, _ = hand_made()
    with pytest.raises(AnalysisError, match="candidate words"):
        R.select_biased_words(emb, None, R.ResidualConfig(n_per_class=5, svm_per_class=6, svm_train_per_class=1, vocab_limit=19))
    with pytest.raises(AnalysisError, match="'he' is not in the vocabulary"):
        R.select_biased_words(Embeddings(letter_words(30), np.eye(30, 4, dtype=np.float32) + 0.1, name="t", source="test"), None, GG)
    with pytest.raises(AnalysisError, match="Unknown residual protocol"):
        R.select_biased_words(emb, None, R.ResidualConfig(protocol="nope"))  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="Unknown SVM gamma"):
        R.select_biased_words(emb, None, R.ResidualConfig(svm_gamma="tiny"))
    with pytest.raises(AnalysisError, match="direction the method removed"):
        R.select_biased_words(emb, None, R.ResidualConfig(protocol="debias-direction", n_per_class=2, vocab_limit=19))


@pytest.mark.slow
def test_glove_after_hard_debias_reproduces_gonen_and_goldberg(glove):
    """Issue #15: the reference code on GloVe 6B 50d after hard debias gives 0.91 / 0.90 / 0.70."""
    from analysis.debias import hard_debias

    config = R.ResidualConfig(svm_gamma="auto")  # the 2019 scikit-learn default the reference ran with
    chosen = R.select_biased_words(glove, None, config)
    assert chosen.pool.size == 45_530  # the reference's pool
    debiased = hard_debias(glove).embeddings
    after = R.residual_checks(debiased, chosen, config)
    assert after.kmeans_alignment == pytest.approx(0.91, abs=0.02)
    assert after.classifier_accuracy == pytest.approx(0.90, abs=0.02)
    assert after.neighbour_correlation == pytest.approx(0.70, abs=0.02)
    assert (after.words, after.classifier_train, after.classifier_test, after.neighbour_words) == (1000, 1000, 4000, 45_530)
    today = R.svm_accuracy(
        *(debiased.unit[[debiased.index(w) for w in ws]] for ws in [chosen.train_words]), chosen.train_labels,
        debiased.unit[[debiased.index(w) for w in chosen.test_words]], chosen.test_labels, gamma="scale",
    )
    assert today == pytest.approx(0.96, abs=0.02)  # today's gamma="scale" reads even more of the gender
