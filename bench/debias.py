"""Debiasing speed on GloVe 6B 50d (400,000 words): ours against a straightforward per-word loop.

    python bench/debias.py

The peer is the way the authors' reference code (debiaswe) writes hard debias: a Python loop over
the vocabulary that drops each non-gender-specific word's component along g, then a normalisation
and a loop over the equalize pairs. Ours does the same math in blocks of rows (``neutralise``). Both
start from the same unit matrix, direction and word sets and must give the same vectors.
Also timed in the same run: INLP's projection applied to every vector, ours (blocked matmul into
one output buffer) against a per-word loop, and the whole ``hard_debias`` / ``inlp`` calls.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from analysis import debias as D  # noqa: E402
from analysis.embeddings import load_default_glove  # noqa: E402
from analysis.wordlists import load_pairs, load_words  # noqa: E402
from bench.timing import best_of  # noqa: E402


def loop_hard_debias(unit: np.ndarray, words: list[str], g: np.ndarray, keep: set[str], pairs: list[tuple[int, int]]) -> np.ndarray:
    """debiaswe's structure: per-word drop, normalise, per-pair equalise."""
    vecs = unit.copy()
    for i, w in enumerate(words):
        if w not in keep:
            v = vecs[i]
            vecs[i] = v - v.dot(g) * g
    vecs /= np.linalg.norm(vecs, axis=1)[:, None]
    for a, b in pairs:
        va, vb = vecs[a], vecs[b]
        mean = (va + vb) / 2
        y = mean - mean.dot(g) * g
        z = np.sqrt(1 - np.linalg.norm(y) ** 2)
        if (va - vb).dot(g) < 0:
            z = -z
        vecs[a] = z * g + y
        vecs[b] = -z * g + y
    return vecs


def ours_hard_debias(unit: np.ndarray, keep_mask: np.ndarray, g: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    matrix = np.array(unit, copy=True)
    D.neutralise(matrix, g, ~keep_mask)
    D.equalise(matrix, g, pairs)
    return matrix


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {platform.system()}, python {platform.python_version()}")
    print("note: a shared machine; figures vary from run to run")
    emb = load_default_glove()
    g = D.bias_direction_of(emb)
    k2i = emb.kv.key_to_index
    keep_words: set[str] = set()
    for w in load_words("bolukbasi/gender_specific_full"):
        keep_words.update(D.case_variants(emb, w))
    pairs = [p for a, b in load_pairs("bolukbasi/equalize_pairs") for p in D.pair_variants(emb, a, b)]
    pairs = list(dict.fromkeys(pairs))
    keep_words.update(w for p in pairs for w in p)
    keep_mask = np.array([w in keep_words for w in emb.words])
    pair_rows = [(k2i[a], k2i[b]) for a, b in pairs]

    ours_t, ours = best_of(lambda: ours_hard_debias(emb.unit, keep_mask, g, pair_rows))
    peer_t, peer = best_of(lambda: loop_hard_debias(emb.unit, emb.words, g, keep_words, pair_rows), repeat=1)
    diff = float(np.abs(ours - peer).max())
    print(f"hard debias math, {len(emb):,} words: ours {ours_t:.3f} s, per-word loop {peer_t:.3f} s, ratio {peer_t / ours_t:.1f}x (max |diff| {diff:.1e})")
    assert diff < 1e-5

    total_t, result = best_of(lambda: D.hard_debias(emb), repeat=1)
    print(f"hard_debias() end to end (lists, direction, new Embeddings with unit matrix and hash): {total_t:.3f} s")

    inlp_t, inlp = best_of(lambda: D.inlp(emb, D.INLPConfig(iterations=15)), repeat=1)
    steps = ", ".join(f"{s.dev_accuracy:.2f}" for s in inlp.steps)
    print(f"inlp() end to end, 15 iterations, 2 x 7,500 words: {inlp_t:.3f} s (held-out accuracy: {steps}; final {inlp.final_accuracy:.3f})")

    P = inlp.projection
    ours_p, projected = best_of(lambda: D.apply_projection(emb.vectors, P))

    def loop_projection():
        out = np.empty_like(emb.vectors)
        for i in range(len(emb)):
            out[i] = P @ emb.vectors[i]
        return out

    peer_p, looped = best_of(loop_projection, repeat=1)
    print(
        f"INLP projection of every vector: ours {ours_p:.3f} s, per-word loop {peer_p:.3f} s, ratio {peer_p / ours_p:.1f}x "
        f"(max |diff| {float(np.abs(projected - looped).max()):.1e})"
    )


if __name__ == "__main__":
    main()
