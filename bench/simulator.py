"""Feedback-loop simulator speed: 10,000 users × 2,000 live items × 500 steps (target: under 10 s on 2 CPU cores).

    python bench/simulator.py                   # the full benchmark (ours ~5 s, the peer ~20 steps)
    python bench/simulator.py --peer-steps 50   # measure the peer on more steps

Ours is ``analysis.feedback.simulate`` on the "engagement feed" preset, sized to 10,000 users and
100 publishers × 2 posts × 10 steps of lifetime = 2,000 live items, for 500 steps — ranking,
choice, learning, adaptation and all the metrics of every step.

The peer is the same loop with the straightforward ranking a first implementation would use: a
dense users × items score matrix (a[i] + b[u]·s[i] for every pair), items outside a user's follow
list masked to -inf, then ``argpartition`` for the top K. It must produce exactly the same slates,
so the run checks that both time series are equal over the peer's steps (exit 1 otherwise). The
peer is timed on ``--peer-steps`` steps of the same run and scaled to 500 (its cost per step is
flat: the matrix has the same size every step).

Memory: peak traced allocation (tracemalloc) of runs of 100 and 500 steps; bounded means equal up
to the per-step metric rows. Timing on a shared machine is noisy; the wall time and the process
CPU time are both printed.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from analysis.feedback import ranking  # noqa: E402
from analysis.feedback.config import preset, with_overrides  # noqa: E402
from analysis.feedback.simulate import simulate  # noqa: E402
from analysis.feedback.steps import StepTable  # noqa: E402

SIZE = {"n_users": 10_000, "n_publishers": 100, "posts_per_step": 2, "item_lifetime": 10, "steps": 500}


class DenseTopK:
    """The peer's ranking: score every (user, item) pair, mask, argpartition, sort the top K."""

    def __init__(self):
        self._masks: dict[int, np.ndarray] = {}

    def allowed(self, pools: np.ndarray, user_pool: np.ndarray, n_items: int) -> np.ndarray:
        key = id(pools)
        if key not in self._masks:  # the follow lists never change: build their mask once
            per_pool = np.zeros((len(pools), n_items), dtype=bool)
            for p, row in enumerate(pools):
                per_pool[p, row[row >= 0]] = True
            self._masks[key] = per_pool[user_pool]
        return self._masks[key]

    def __call__(self, a, s, b, k, pools=None, user_pool=None, groups=None):
        scores = a[None, :] + b[:, None] * s[None, :]
        if pools is not None:
            scores[~self.allowed(pools, user_pool, len(a))] = -np.inf
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        rows = np.arange(len(b))[:, None]
        order = np.argsort(-scores[rows, top], axis=1, kind="stable")
        return top[rows, order]


def timed(config) -> tuple[float, float, StepTable]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate(config)
    return time.perf_counter() - wall, time.process_time() - cpu, result.metrics


def peak_memory(config) -> float:
    tracemalloc.start()
    simulate(config)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer-steps", type=int, default=20, help="steps the dense peer is timed on (scaled to 500)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of ours; the best is reported")
    args = parser.parse_args()
    config = with_overrides(preset("engagement feed"), SIZE)
    print(f"machine: {platform.processor() or platform.machine()}, numpy {np.__version__}, python {platform.python_version()}")
    print(f"workload: {config.n_users:,} users × {config.live_items:,} live items × {config.steps} steps, "
          f"slates of {config.slate_size}, follows {config.follows} of {config.n_publishers} publishers")

    runs = [timed(config) for _ in range(args.repeat)]
    ours_wall, ours_cpu, ours_metrics = min(runs, key=lambda r: r[0])
    print(f"ours:  {ours_wall:6.2f} s wall, {ours_cpu:6.2f} s CPU  ({1000 * ours_wall / config.steps:.1f} ms per step)")

    peer_config = with_overrides(config, {"steps": args.peer_steps})
    original = ranking.top_k_linear
    ranking.top_k_linear = DenseTopK()
    try:
        peer_wall, peer_cpu, peer_metrics = timed(peer_config)
    finally:
        ranking.top_k_linear = original
    scale = config.steps / args.peer_steps
    print(f"peer:  {peer_wall * scale:6.2f} s wall, {peer_cpu * scale:6.2f} s CPU  "
          f"(dense users × items ranking, measured on {args.peer_steps} steps × {scale:g})")
    print(f"ratio: {peer_wall * scale / ours_wall:6.1f}× faster than the dense peer")
    same = ours_metrics.rows(0, args.peer_steps)
    if not np.allclose(same.matrix(), peer_metrics.matrix(), rtol=1e-9, atol=1e-12, equal_nan=True):
        print("ERROR: the dense peer's time series differs from ours", file=sys.stderr)
        return 1
    print(f"check: identical time series over the first {args.peer_steps} steps")

    short = peak_memory(with_overrides(config, {"steps": 100}))
    full = peak_memory(config)
    print(f"memory: peak traced allocation {short:.0f} MiB for 100 steps, {full:.0f} MiB for 500 steps "
          f"(the dense peer's score matrix alone: {config.n_users * config.live_items * 8 / 2**20:.0f} MiB per step)")
    print(f"target: under 10 s on 2 cores — {'met' if ours_wall < 10 else 'NOT met'} on this machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
