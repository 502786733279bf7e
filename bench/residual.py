"""Gonen & Goldberg's residual checks on GloVe 6B 50d: the before/after table and the neighbour search speed.

    python bench/residual.py

Prints, for the original, hard debias and INLP (15 iterations), the three numbers under the paper's
protocol (``gamma="auto"`` as in 2019 and today's ``"scale"``) and under the lab's older
"debias-direction" variant, with the seconds each took. Then times one 512-word block of the
whole-pool neighbour search, ours (numpy product + ``torch.topk``) against the same product with
numpy's ``argpartition`` (the obvious numpy peer), and prints the ratio.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from analysis import residual as R  # noqa: E402
from analysis.debias import bias_direction_of, debias, hard_debias  # noqa: E402
from analysis.embeddings import load_default_glove  # noqa: E402
from analysis.wordlists import load_words  # noqa: E402


def table(glove) -> None:
    embeddings = {"original": glove, "hard debias": hard_debias(glove).embeddings, "INLP": debias(glove, "inlp").embeddings}
    direction = bias_direction_of(glove)
    print(f"{'protocol':<18}{'gamma':<7}{'embedding':<13}{'k-means':>8}{'SVM':>8}{'nbr r':>8}{'nbr r 1k':>9}{'pool':>8}{'s':>6}")
    for protocol, gamma in (("gonen-goldberg", "auto"), ("gonen-goldberg", "scale"), ("debias-direction", "scale")):
        config = R.ResidualConfig(protocol=protocol, svm_gamma=gamma)  # type: ignore[arg-type]
        exclude = load_words("bolukbasi/gender_specific_full") if protocol == "debias-direction" else None
        chosen = R.select_biased_words(glove, direction, config, exclude=exclude)
        for name, emb in embeddings.items():
            start = time.perf_counter()
            r = R.residual_checks(emb, chosen, config)
            print(
                f"{protocol:<18}{gamma:<7}{name:<13}{r.kmeans_alignment:8.3f}{r.classifier_accuracy:8.3f}"
                f"{r.neighbour_correlation:8.3f}{r.neighbour_correlation_selected:9.3f}{r.pool_size:8,}{time.perf_counter() - start:6.1f}"
            )


def neighbour_block(glove) -> None:
    import torch

    pool = R.gonen_goldberg_pool(glove)
    vectors = np.ascontiguousarray(glove.unit[pool])
    block = vectors[:512]

    def ours():
        return torch.topk(torch.from_numpy(block @ vectors.T), 100, dim=1, sorted=False).indices.numpy()

    def peer():
        return np.argpartition(-(block @ vectors.T), 99, axis=1)[:, :100]

    times = {}
    for name, fn in (("ours", ours), ("peer", peer)):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - start)
        times[name] = (best, result)
    same = all(set(a) == set(b) for a, b in zip(times["ours"][1], times["peer"][1]))
    print(
        f"\nneighbour search, 512 words × {pool.size:,} pool words, top 100: ours (torch.topk) {times['ours'][0]:.3f} s, "
        f"numpy argpartition {times['peer'][0]:.3f} s, ratio {times['peer'][0] / times['ours'][0]:.1f}×, same neighbours: {same}"
    )


if __name__ == "__main__":
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}")
    glove = load_default_glove()
    table(glove)
    neighbour_block(glove)
