"""PCA: the lab's ``analysis.projection.pca`` vs scikit-learn's ``PCA(svd_solver="covariance_eigh")``.

Measured in the same run on the lab's real inputs: the whole GloVe 6B 50d vocabulary (400k × 50,
k = 2), a Latent-space word set (40 × 50, k = 3), Bolukbasi's ten centred definitional pairs
(20 × 50, all components) and the digits images (1,797 × 64, k = 2). For each: the largest
difference in coordinates and explained-variance ratios (after matching signs, which are
scikit-learn's convention in both), and the best-of-3 time of each. scikit-learn computes float32 input in float32; ours always in
float64 (the float64 row shows the two agree when given the same precision). Run: ``python bench/pca.py``.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import numpy as np
from sklearn.decomposition import PCA

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.embeddings import load_default_glove  # noqa: E402
from analysis.images import load_digits  # noqa: E402
from analysis.projection import pca  # noqa: E402
from analysis.wordlists import load_pairs  # noqa: E402
from bench.timing import best_of  # noqa: E402


def cases() -> list[tuple[str, np.ndarray, int]]:
    emb = load_default_glove()
    k2i = emb.kv.key_to_index
    pairs = [(a, b) for a, b in load_pairs("bolukbasi/definitional_pairs") if a in k2i and b in k2i]
    first = emb.unit[[k2i[a] for a, _ in pairs]].astype(np.float64)
    second = emb.unit[[k2i[b] for _, b in pairs]].astype(np.float64)
    centre = (first + second) / 2
    centred_pairs = np.vstack([first - centre, second - centre])
    return [
        ("GloVe vocabulary 400k×50 float32, k=2", emb.unit, 2),
        ("GloVe vocabulary 400k×50 float64, k=2", emb.unit.astype(np.float64), 2),
        ("word set 40×50, k=3", emb.unit[1000:1040], 3),
        (f"centred pairs {len(centred_pairs)}×50, all", centred_pairs, min(centred_pairs.shape)),
        ("digits 1797×64, k=2", load_digits().data.astype(np.float64), 2),
    ]


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, numpy {np.__version__}, best of 3")
    print(f"{'case':42s} {'max |Δcoords|':>14s} {'max |Δratio|':>13s} {'ours s':>9s} {'sklearn s':>10s} {'sklearn/ours':>12s}")
    for name, data, k in cases():
        ours_t, ours = best_of(lambda data=data, k=k: pca(data, k))
        theirs_t, model = best_of(lambda data=data, k=k: PCA(n_components=k, svd_solver="covariance_eigh").fit(data))
        coords = model.transform(data)
        # Rank-deficient trailing components (the pairs' last axes) have no defined direction.
        defined = model.explained_variance_ > 1e-12 * model.explained_variance_[0]
        signs = np.sign(np.sum(ours.components * model.components_, axis=1))
        d_coords = float(np.max(np.abs(ours.coords[:, defined] * signs[defined] - coords[:, defined])))
        d_ratio = float(np.max(np.abs(ours.explained_variance_ratio - model.explained_variance_ratio_)))
        print(f"{name:42s} {d_coords:14.2e} {d_ratio:13.2e} {ours_t:9.4f} {theirs_t:10.4f} {theirs_t / ours_t:12.2f}")


if __name__ == "__main__":
    main()
