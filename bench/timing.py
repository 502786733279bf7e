"""The one timing helper of the benchmarks: best wall time of a few runs, and the last result."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def best_of(fn: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """(fastest of ``repeat`` runs in seconds, the value of the last run).

    The minimum, not the mean: on a shared machine the other runs measure the neighbours.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value
