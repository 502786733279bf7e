"""The Latent-space page's computations: PCA of the chosen words, and an autoencoder's map beside PCA's.

The autoencoder view compares a 2-unit bottleneck trained on the ``top_n`` most frequent words with
PCA fitted on the very same words: both place the chosen words, and both reconstruction errors are
measured on the same scaled data the network saw, so the two numbers are comparable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from analysis.errors import AnalysisError
from analysis.projection import PCAResult, WordSelection, pca, pca_reconstruction_mse, word_matrix


def selection_pca(selection: WordSelection, dims: int, message: str) -> PCAResult:
    """Up to ten components of the chosen words; ``message`` (already translated) when fewer than ``dims`` fit.

    >>> sel = WordSelection(["a", "b", "c"], ["g", "g", "g"], np.eye(3))
    >>> selection_pca(sel, 2, "too few").coords.shape
    (3, 3)
    """
    n, d = selection.vectors.shape
    if min(n, d) < dims:
        raise AnalysisError(message)
    return pca(selection.vectors, min(10, n, d))


class Encoder(Protocol):
    """What ``autoencoder_map`` needs of a trained ``analysis.autoencoder.Trainer``."""

    def encode(self, raw: np.ndarray) -> np.ndarray: ...
    def scaled_data(self) -> np.ndarray: ...
    def reconstruction_mse(self) -> float: ...


@dataclass(frozen=True)
class AutoencoderMap:
    """The chosen words placed by the network's codes and by PCA fitted on the network's training words."""

    words: list[str]  # the chosen words, in selection order
    groups: list[str]  # each word's group
    codes: np.ndarray  # (n, 2) the autoencoder's latent codes
    pca_coords: np.ndarray  # (n, 2) coordinates on PC1, PC2 of the top_n words
    autoencoder_mse: float  # the network's reconstruction error on its training data (scaled space)
    pca_mse: float  # rank-2 PCA's reconstruction error on the same scaled data (table: analysis.tables.latent)


def autoencoder_map(emb, selection: WordSelection, trainer: Encoder, top_n: int) -> AutoencoderMap:
    """Place ``selection``'s words (unit vectors) with ``trainer``, trained on the ``top_n`` most frequent words, and with PCA."""
    unit_rows = np.asarray(emb.unit[[emb.kv.key_to_index[w] for w in selection.words]], dtype=np.float32)
    matrix, _ = word_matrix(emb, top_n)
    pca_coords = pca(matrix, 2).transform(unit_rows)
    return AutoencoderMap(
        words=list(selection.words),
        groups=list(selection.groups),
        codes=trainer.encode(unit_rows),
        pca_coords=pca_coords,
        autoencoder_mse=trainer.reconstruction_mse(),
        pca_mse=pca_reconstruction_mse(trainer.scaled_data(), 2),  # same scaled data the network saw
    )
