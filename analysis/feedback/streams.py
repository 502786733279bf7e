"""One seeded ``np.random.Generator`` per component, so runs are reproducible and comparable.

The initial world comes from ``world_seed``; everything that happens during the run from
``dynamics_seed``, split into one independent stream per component. Because a component only ever
draws from its own stream, changing how another component behaves (e.g. a random feed instead of
the engagement model) does not shift its random numbers: two configurations with the same seeds
see the same world, the same posts and the same users' dice — common random numbers.

    >>> s = Streams.from_seeds(0, 1)
    >>> float(s.choice.random()) == float(Streams.from_seeds(0, 1).choice.random())
    True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COMPONENTS = ("publishing", "ranking", "exploration", "choice", "metrics")


def _generator(seed: int, *key: int) -> np.random.Generator:
    # spawn_key makes world and dynamics streams independent even when both seeds are equal.
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=tuple(key)))


@dataclass
class Streams:
    """The random streams of one run."""

    world: np.random.Generator  # the initial users, publishers and items (world_seed)
    publishing: np.random.Generator  # the noise of new items around their publisher
    ranking: np.random.Generator  # random/chronological feeds and tie-breaking jitter
    exploration: np.random.Generator  # epsilon-exploration slots
    choice: np.random.Generator  # the users' clicks
    metrics: np.random.Generator  # which user pairs homogenisation compares

    @classmethod
    def from_seeds(cls, world_seed: int, dynamics_seed: int) -> "Streams":
        dynamics = {name: _generator(dynamics_seed, 1, i) for i, name in enumerate(COMPONENTS)}
        return cls(world=_generator(world_seed, 0), **dynamics)
