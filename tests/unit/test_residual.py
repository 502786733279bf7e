"""Gonen & Goldberg's "what remains" checks: known answers on constructed embeddings, GloVe in range."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import residual as R
from analysis.charts.debias import residual_pca_chart
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
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


CONFIG = R.ResidualConfig(n_per_class=N_SIDE, vocab_limit=10_000, neighbours=20, train_fraction=0.5)
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
    chosen = R.select_biased_words(emb, np.eye(4)[0], R.ResidualConfig(n_per_class=5), exclude=["HE", "she"])
    assert not {"he", "she", "x1", "king's"} & set(chosen.words)
    with pytest.raises(AnalysisError, match="candidate words"):
        R.select_biased_words(emb, np.eye(4)[0], R.ResidualConfig(n_per_class=30))


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
    before = R.pca_frame(original, chosen, "before")
    after = R.pca_frame(debiased, chosen, "after")
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
    config = R.ResidualConfig(n_per_class=200, vocab_limit=20_000, neighbours=50)
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
