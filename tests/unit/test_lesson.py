"""The lesson's step functions, checked against gensim and the library functions they wrap."""

from __future__ import annotations

import pytest

from analysis import lesson, lesson_models as models
from analysis.errors import UnknownWordsError
from analysis.tables.feedback import frame


def test_analogy_lines_agree_with_gensim(glove):
    step = lesson.analogies_step(glove)
    assert [r.query for r in step.rows][:3] == ["king − man + woman", "germany − berlin + paris", "germany − berlin + london"]
    for row in step.rows:
        word, score = glove.kv.most_similar(positive=list(row.positive), negative=list(row.negative), topn=1)[0]
        assert row.top == word and row.top_score == pytest.approx(score, abs=1e-5)
        assert row.reproduces == (row.top == row.expected)
    london = step.rows[2]
    assert london.expected == "england" and london.expected_rank > 1  # GloVe says britain: a discussion point


def test_bias_analogies_and_the_name_probe(glove):
    step = lesson.bias_analogies_step(glove)
    assert [r.expected for r in step.rows] == ["homemaker", "nurse", "volleyball", "blond"]
    assert step.names.male_similarity == pytest.approx(float(glove.kv.similarity("john", "programmer")), abs=1e-5)
    assert step.names.female_similarity == pytest.approx(float(glove.kv.similarity("mary", "programmer")), abs=1e-5)


def test_exclusion_shows_the_input_word_wins_when_allowed(glove):
    rows = lesson.exclusion_step(glove).rows
    # Nissim et al. 2020: without exclusion, doctor − man + woman returns doctor itself.
    doctor = next(r for r in rows if r.positive[0] == "doctor")
    assert doctor.top_with_inputs == "doctor" and doctor.top != "doctor"


def test_measure_step_matches_the_bias_library(glove):
    from analysis.bias import bias_direction, project
    from analysis.weat import weat_caliskan

    step = lesson.measure_step(glove)
    direction = bias_direction(glove, "pair", [("she", "he")])
    top = step.she_side[0]
    assert project(glove, [top.word], direction)[0].projection == pytest.approx(top.projection)
    assert all(p.projection > 0 for p in step.she_side) and all(p.projection < 0 for p in step.he_side)
    reference = weat_caliskan(glove, "caliskan-6", permutations=lesson.WEAT_PERMUTATIONS, seed=lesson.WEAT_SEED)
    assert step.weat.effect_size == pytest.approx(reference.effect_size)


def test_debias_removes_the_projection_but_not_the_bias(glove):
    step = lesson.debias_step(glove)
    assert step.direct_bias_after < 1e-3 < step.direct_bias_before
    assert step.weat_after.effect_size < step.weat_before.effect_size
    assert step.kmeans_before > 0.9 and step.classifier_after > 0.6  # Gonen & Goldberg: still recoverable


def test_debias_residue_is_the_debiasing_pages_figures(glove):
    """k-means and SVM after debias equal ``residual_checks`` (the Debiasing page) on the same words."""
    from analysis.debias import bias_direction_of, hard_debias
    from analysis.residual import ResidualConfig, residual_checks, select_biased_words

    small = ResidualConfig(n_per_class=100, svm_per_class=300, svm_train_per_class=100, vocab_limit=5_000)
    step = lesson.debias_step(glove, config=small)
    chosen = select_biased_words(glove, bias_direction_of(glove), small)
    page = residual_checks(hard_debias(glove).embeddings, chosen, small)
    assert step.kmeans_after == pytest.approx(page.kmeans_alignment)
    assert step.classifier_after == pytest.approx(page.classifier_accuracy)


def test_unknown_words_raise_with_suggestions(glove):
    with pytest.raises(UnknownWordsError) as info:
        lesson.analogy_line(glove, ["kingg", "woman"], ["man"], "queen")
    assert info.value.missing == ["kingg"]


def test_linear_autoencoder_matches_pca():
    step = models.linear_pca_step(models.LinearPcaDefaults(epochs=300))
    assert step.max_angle_deg < 5 and step.ae_mse == pytest.approx(step.pca_mse, rel=0.02)


def test_bottleneck_reconstructs_colour_patches():
    step = models.bottleneck_step(models.BottleneckDefaults(epochs=2, shown=4))
    assert step.originals.shape == step.reconstructions.shape == (4, 32, 32, 3)
    assert step.losses[-1] < step.losses[0] and step.samples == 1950


def test_gd_and_over_k_at_small_settings():
    runs = models.gd_step(models.GdDefaults(samples=100, epochs=2))
    assert [r.variant for r in runs] == ["batch", "stochastic", "mini-batch"]
    assert runs[1].updates_per_epoch == 100 and len(runs[0].losses) == 3
    ks = models.over_k_step(models.OverKDefaults(ks=(1, 3), epochs=150))
    assert [k.k for k in ks] == [1, 3] and ks[1].pca_mse < ks[0].pca_mse
    assert all(k.autoencoder_mse >= k.pca_mse * 0.999 for k in ks)  # PCA is the floor


def test_feedback_step_runs_the_presets():
    from analysis.feedback.config import preset
    from analysis.feedback.simulate import simulate

    step = models.feedback_step()
    reference = frame(simulate(preset("random feed")).metrics)
    assert step.random["stance_variance"] == pytest.approx(float(reference["stance_variance"].iloc[-1]))
    assert step.engagement["stance_variance"] > step.random["stance_variance"]
    assert 0 <= step.policing_share <= 1 and step.policing_true == pytest.approx(0.75)


def test_feedback_dot_quotes_labels_and_needs_all():
    labels = {k: k.upper() for k in models.LOOP_LABELS} | {"users": 'Nutzer "innen"'}
    dot = models.feedback_loop_dot(labels)
    assert '"Nutzer \\"innen\\"" -> "RECOMMENDER"' in dot and dot.count("->") == 5
    with pytest.raises(KeyError):
        models.feedback_loop_dot({"users": "u"})


def test_taxonomy_cards_name_their_sources():
    cards = models.taxonomy_cards()
    assert {c.kind for c in cards} == {"pre-existing", "technical", "emergent"}
    assert {"amazon", "twitter"} <= {c.key for c in cards}
    assert all(c.url.startswith("https://") and c.url in c.source and c.cite for c in cards)
