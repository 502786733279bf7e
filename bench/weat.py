"""WEAT permutation test: ours (one 0/1 matrix product over all partitions) vs straightforward loops.

Peers, measured in the same run on the same word sets (Caliskan et al.'s WEAT 1 on GloVe 6B 50d):

* **loop, recomputed** — the definition coded directly, as WEFE-style implementations do: for each
  random permutation, split X ∪ Y and recompute s(X_i, Y_i, A, B) from the word vectors
  (cosines to A and B). Timed on fewer permutations and scaled linearly to the same count.
* **loop, precomputed** — a per-permutation numpy loop over the precomputed s(w, A, B): shuffle,
  sum two slices. Faster than recomputing, still one Python iteration per permutation.
* **exact enumeration** — WEAT 6 (8 + 8 words, 12,870 partitions): ours vs an itertools loop.

Note: the peers draw permutations with replacement (as WEFE does); ours draws distinct partitions,
which is a little more work, so the comparison does not favour us. Run: ``python bench/weat.py``.
"""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.embeddings import load_default_glove  # noqa: E402
from analysis.weat import permutation_p_value, weat  # noqa: E402
from analysis.wordlists import caliskan_test  # noqa: E402
from bench.timing import best_of  # noqa: E402

PERMUTATIONS = 100_000
RECOMPUTED_SAMPLE = 10_000  # the recomputing loop is slow; time this many and scale


def main() -> None:
    emb = load_default_glove()
    t = caliskan_test("caliskan-1")
    X, _ = emb.split_known(t.X)
    Y, _ = emb.split_known(t.Y)
    A, _ = emb.split_known(t.A)
    B, _ = emb.split_known(t.B)
    k2i = emb.kv.key_to_index
    vx, vy, va, vb = (emb.unit[[k2i[w] for w in ws]].astype(np.float64) for ws in (X, Y, A, B))

    # Ours: the whole test (associations, effect size, 100,000 distinct partitions).
    ours_time, ours = best_of(lambda: weat(emb, t.X, t.Y, t.A, t.B, permutations=PERMUTATIONS, seed=0))

    # Peer 1: recompute the statistic from vectors for every permutation.
    targets = np.vstack([vx, vy])
    nx = len(X)

    def statistic(xs, ys):
        sx = (xs @ va.T).mean(axis=1) - (xs @ vb.T).mean(axis=1)
        sy = (ys @ va.T).mean(axis=1) - (ys @ vb.T).mean(axis=1)
        return sx.sum() - sy.sum()

    def recomputed_loop(count):
        rng = np.random.default_rng(0)
        observed = statistic(vx, vy)
        larger = 0
        for _ in range(count):
            perm = rng.permutation(len(targets))
            larger += statistic(targets[perm[:nx]], targets[perm[nx:]]) > observed
        return larger / count

    rec_time, rec_p = best_of(lambda: recomputed_loop(RECOMPUTED_SAMPLE), repeat=1)
    rec_time_scaled = rec_time * PERMUTATIONS / RECOMPUTED_SAMPLE

    # Peer 2: per-permutation loop over precomputed associations.
    s = (targets @ va.T).mean(axis=1) - (targets @ vb.T).mean(axis=1)

    def precomputed_loop():
        rng = np.random.default_rng(0)
        observed = s[:nx].sum() - s[nx:].sum()
        larger = 0
        for _ in range(PERMUTATIONS):
            perm = rng.permutation(s.size)
            larger += s[perm[:nx]].sum() - s[perm[nx:]].sum() > observed
        return larger / PERMUTATIONS

    pre_time, pre_p = best_of(precomputed_loop, repeat=1)

    # Exact enumeration on WEAT 6.
    t6 = caliskan_test("caliskan-6")
    r6 = weat(emb, t6.X, t6.Y, t6.A, t6.B)
    s6 = np.array([a.association for a in r6.associations])
    exact_time, exact = best_of(lambda: permutation_p_value(s6, 8, permutations=PERMUTATIONS))

    def itertools_loop():
        observed = s6[:8].sum() - s6[8:].sum()
        larger = total = 0
        everything = set(range(16))
        for chosen in combinations(range(16), 8):
            rest = list(everything - set(chosen))
            larger += s6[list(chosen)].sum() - s6[rest].sum() > observed + 1e-12
            total += 1
        return larger / total

    loop_exact_time, loop_exact = best_of(itertools_loop, repeat=1)

    print("WEAT permutation test — GloVe 6B 50d (CPU; shared machine, timings are noisy)")
    print(f"WEAT 1, {PERMUTATIONS:,} permutations (24 + 25 targets, 25 + 25 attributes)")
    print(f"  ours (whole test, distinct partitions) {ours_time * 1000:9.1f} ms   p = {ours.p_value:.5f}")
    print(f"  loop, recomputed from vectors          {rec_time_scaled * 1000:9.1f} ms   p = {rec_p:.5f}  (timed on {RECOMPUTED_SAMPLE:,}, scaled)")
    print(f"  loop, precomputed s(w, A, B)           {pre_time * 1000:9.1f} ms   p = {pre_p:.5f}")
    print(f"  ratio loop-recomputed / ours: {rec_time_scaled / ours_time:8.1f}×")
    print(f"  ratio loop-precomputed / ours: {pre_time / ours_time:7.1f}×")
    print("WEAT 6, exact enumeration of 12,870 partitions")
    print(f"  ours                                   {exact_time * 1000:9.1f} ms   p = {exact[0]:.6f}")
    print(f"  itertools loop                         {loop_exact_time * 1000:9.1f} ms   p = {loop_exact:.6f}")
    print(f"  ratio itertools / ours: {loop_exact_time / exact_time:14.1f}×")


if __name__ == "__main__":
    main()
