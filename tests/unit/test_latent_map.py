"""The Latent-space page's numbers, checked against scikit-learn on GloVe."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA

from analysis.autoencoder import AutoencoderConfig, Trainer
from analysis.errors import AnalysisError
from analysis.latent_map import autoencoder_map, selection_pca
from analysis.projection import WordSelection, select_words, word_matrix
from analysis.tables.latent import autoencoder_map_frame

WORDS = {"animals": ["dog", "cat", "horse"], "cities": ["paris", "berlin", "rome"]}


def test_selection_pca_refuses_too_few_words_with_the_given_message():
    one = WordSelection(["dog"], ["g"], np.ones((1, 5)))
    with pytest.raises(AnalysisError, match="need three"):
        selection_pca(one, 3, "need three")


def test_selection_pca_matches_sklearn_up_to_sign(glove):
    selection = select_words(glove, WORDS)
    result = selection_pca(selection, 2, "too few")
    reference = PCA(n_components=5).fit(selection.vectors)
    assert result.coords.shape == (6, 6)  # min(10 components, 6 words, 50 dims)
    np.testing.assert_allclose(result.explained_variance_ratio[:5], reference.explained_variance_ratio_, rtol=1e-6)
    np.testing.assert_allclose(np.abs(result.coords[:, :2]), np.abs(reference.transform(selection.vectors)[:, :2]), atol=1e-6)


def test_autoencoder_map_places_words_by_codes_and_by_pca_of_the_training_words(glove):
    selection = select_words(glove, WORDS)
    top_n = 500
    matrix, _ = word_matrix(glove, top_n)
    config = AutoencoderConfig(input_dim=glove.dims, latent_dim=2, activation="linear", epochs=3, lr=0.02, batch_size=0)
    trainer = Trainer(matrix, config, "cpu").train()
    result = autoencoder_map(glove, selection, trainer, top_n)
    rows = np.asarray(glove.unit[[glove.kv.key_to_index[w] for w in selection.words]], dtype=np.float32)
    np.testing.assert_allclose(result.codes, trainer.encode(rows))
    reference = PCA(n_components=2).fit(np.asarray(matrix, dtype=np.float64))
    np.testing.assert_allclose(np.abs(result.pca_coords), np.abs(reference.transform(rows.astype(np.float64))), atol=1e-5)
    scaled = trainer.scaled_data()
    pca2 = PCA(n_components=2).fit(scaled)
    expected_mse = float(np.mean((scaled - pca2.inverse_transform(pca2.transform(scaled))) ** 2))
    assert result.pca_mse == pytest.approx(expected_mse, rel=1e-6)
    assert result.autoencoder_mse == pytest.approx(trainer.reconstruction_mse())
    frame = autoencoder_map_frame(result)
    assert list(frame.columns) == ["word", "group", "ae_z1", "ae_z2", "pc1", "pc2"]
    assert frame["word"].tolist() == selection.words and frame["group"].tolist() == selection.groups
