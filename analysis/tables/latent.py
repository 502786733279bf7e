"""Data frames of the Latent-space page: the autoencoder's map beside PCA's (the CSV download).

    >>> import numpy as np
    >>> from analysis.latent_map import AutoencoderMap
    >>> m = AutoencoderMap(["a"], ["g"], np.array([[0.5, 1.0]]), np.array([[2.0, 3.0]]), 0.1, 0.2)
    >>> autoencoder_map_frame(m).iloc[0].to_dict()
    {'word': 'a', 'group': 'g', 'ae_z1': 0.5, 'ae_z2': 1.0, 'pc1': 2.0, 'pc2': 3.0}
"""

from __future__ import annotations

import pandas as pd

from analysis.latent_map import AutoencoderMap


def autoencoder_map_frame(result: AutoencoderMap) -> pd.DataFrame:
    """One row per word, both maps side by side."""
    return pd.DataFrame({
        "word": result.words, "group": result.groups,
        "ae_z1": result.codes[:, 0], "ae_z2": result.codes[:, 1],
        "pc1": result.pca_coords[:, 0], "pc2": result.pca_coords[:, 1],
    })
