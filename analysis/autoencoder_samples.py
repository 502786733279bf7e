"""Which samples the Autoencoder page shows or uses: example rows, a seeded subset, rank bands.

Small choices, but they decide what a student sees, so they live here (tested, no Streamlit).
"""

from __future__ import annotations

import numpy as np

EXAMPLES_SHOWN = 12  # reconstructions drawn side by side: one row of the picture grid
RANK_BAND_SIZE = 1000  # words per frequency band when word vectors are coloured by rank
RANK_BANDS = 10  # bands in all; the last one holds every word past the ninth thousand


def example_rows(labels: np.ndarray | None, samples: int, limit: int = EXAMPLES_SHOWN) -> list[int]:
    """Rows to reconstruct: the first sample of each class (up to ``limit`` classes), else the first ``limit``.

    >>> example_rows(np.array([3, 1, 3, 0, 1]), 5)
    [3, 1, 0]
    >>> example_rows(None, 5, limit=3)
    [0, 1, 2]
    """
    if labels is not None:  # one example per class reads best
        return [int(np.flatnonzero(labels == c)[0]) for c in np.unique(labels)[:limit]]
    return list(range(min(limit, samples)))


def subset_rows(samples: int, cap: int, seed: int) -> np.ndarray:
    """All row numbers, or a sorted seeded random ``cap`` of them when there are more.

    The rows are chosen before any data is copied: CIFAR-sized data is large.

    >>> subset_rows(4, 10, seed=0).tolist()
    [0, 1, 2, 3]
    >>> rows = subset_rows(1000, 5, seed=0); len(rows), bool((rows == np.sort(rows)).all())
    (5, True)
    """
    rows = np.arange(samples)
    if samples > cap:
        rows = np.sort(np.random.default_rng(seed).choice(samples, cap, replace=False))
    return rows


def rank_bands(count: int, band_size: int = RANK_BAND_SIZE, bands: int = RANK_BANDS) -> np.ndarray:
    """The frequency band of each of ``count`` words in rank order (0 = the most frequent ``band_size``).

    >>> rank_bands(5, band_size=2, bands=2).tolist()
    [0, 0, 1, 1, 1]
    """
    return np.minimum(np.arange(count) // band_size, bands - 1)
