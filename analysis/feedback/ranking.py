"""Ranking ("show them what they click"): who sees which K items, and in which order.

Every score-based ranker here has the form ``score(u, i) = a[i] + b[u] * s[i]`` (the engagement
model's logit, the true appeal for the oracle, popularity or recency with b = 0), so the top K per
user is computed exactly without a users × items matrix: ``top_k_linear`` puts the users of each
pool into a few equal-width bins of the slope b, keeps per bin only the items that can reach the
top K for *some* slope in the bin (a score is linear in the slope, so its extremes over the bin
are at the bin's edges: the bounds are exact), and scores each user against those few candidates.

Each user ranks the posts of the publishers they follow (their pool; see ``world``); reserved
diversity and exploration slots may come from any publisher.

* Baselines: ``random`` (K distinct items of the pool), ``chronological`` (newest first),
  ``popularity`` (most clicked first), ``oracle`` (the users' true appeal).
* Interventions: ``extremity_penalty``/``clickbait_penalty`` (subtracted from the engagement or
  oracle logit), ``exploration`` (each slot is a random live item with that probability),
  ``diversity_slots`` (slots reserved for the best-ranked items from the other side of the user's
  estimated stance), and the warm-up (a random feed the engagement model first learns from).

    >>> import numpy as np
    >>> a, s, b = np.array([0.0, 1.0, 0.5]), np.array([1.0, -1.0, 0.0]), np.array([2.0, -2.0])
    >>> top_k_linear(a, s, b, 2).tolist()
    [[0, 2], [1, 2]]

The page and the CLI never call these directly: ``build_slates`` does, once per step.
"""

from __future__ import annotations

import numpy as np

from analysis.feedback.config import FeedbackConfig
from analysis.feedback.engagement import ItemFeatures, engagement_parts
from analysis.feedback.world import World

# Users of one pool are bucketed into this many slope groups; more groups, fewer candidates per user.
SLOPE_GROUPS = 8
# Scores are perturbed by at most this much so exact ties (e.g. an untrained model) cannot make
# every item a candidate; far below any score difference that matters.
TIE_JITTER = 1e-9


def _one_pool(n_items: int, n_users: int) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(n_items)[None, :], np.zeros(n_users, dtype=np.intp)


def top_k_linear(
    a: np.ndarray,
    s: np.ndarray,
    b: np.ndarray,
    k: int,
    pools: np.ndarray | None = None,
    user_pool: np.ndarray | None = None,
    groups: int = SLOPE_GROUPS,
) -> np.ndarray:
    """For each user u, the indices of the ``k`` largest ``a + b[u] * s`` among the items of u's pool, best first.

    ``pools`` (n_pools, size) lists item indices (-1 pads a shorter pool), ``user_pool`` (n_users,)
    says which pool each user ranks; without them every user ranks every item. Returns an
    (n_users, k) int array, padded with -1 where a pool has fewer than k items. Exact (up to ties);
    memory is O(n_pools × groups × pool size + users × candidates), never users × items.
    """
    n, m = len(b), len(a)
    out = np.full((n, k), -1, dtype=np.intp)
    if pools is None or user_pool is None:
        pools, user_pool = _one_pool(m, n)
    if n == 0 or k == 0 or pools.shape[1] == 0:
        return out
    size = pools.shape[1]
    kk = min(k, size)
    padded = bool((pools < 0).any())
    if padded:  # a sentinel item m with score -inf stands in for the padding
        a, s = np.append(a, -np.inf), np.append(s, 0.0)
        pools = np.where(pools >= 0, pools, m)
    # Users fall into equal-width slope bins within their pool; a bin's edges bound its users' slopes.
    b_min, b_max = float(b.min()), float(b.max())
    width = (b_max - b_min) / groups if b_max > b_min else 1.0
    slope_bin = np.minimum(((b - b_min) / width).astype(np.intp), groups - 1)
    key = user_pool * groups + slope_bin
    used = np.flatnonzero(np.bincount(key, minlength=pools.shape[0] * groups))
    group_of_key = np.empty(pools.shape[0] * groups, dtype=np.intp)
    group_of_key[used] = np.arange(len(used))
    lo = b_min + (used % groups) * width
    hi = np.minimum(lo + width, b_max)
    items = pools[used // groups]  # (g, size)
    a_g, s_g = a[items], s[items]
    at_lo, at_hi = a_g + lo[:, None] * s_g, a_g + hi[:, None] * s_g
    lower, upper = np.minimum(at_lo, at_hi), np.maximum(at_lo, at_hi)
    if kk < size:
        # An item can be in some bin member's top k only if its best score over the bin's slope
        # interval (a score is linear in the slope) reaches the k-th best worst score there.
        kth = np.partition(lower, size - kk, axis=1)[:, size - kk]
        threshold = np.where(np.isfinite(kth), kth - 1e-9 * (1.0 + np.abs(kth)), -np.inf)
        n_candidates = int((upper >= threshold[:, None]).sum(axis=1).max())
    else:
        n_candidates = size
    if n_candidates < size:
        local = np.argpartition(-upper, n_candidates - 1, axis=1)[:, :n_candidates]
        candidates = np.take_along_axis(items, local, axis=1)
    else:
        candidates = items
    user_candidates = candidates[group_of_key[key]]
    scores = a[user_candidates] + b[:, None] * s[user_candidates]
    rows = np.arange(n)[:, None]
    if n_candidates > 4 * kk:  # many candidates: partition first, sort only the k best
        top = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
        top = top[rows, np.argsort(-scores[rows, top], axis=1, kind="stable")]
    else:
        top = np.argsort(-scores, axis=1, kind="stable")[:, :kk]
    chosen = user_candidates[rows, top]
    if padded:
        chosen[(chosen == m) | ~np.isfinite(scores[rows, top])] = -1
    out[:, :kk] = chosen
    return out


def _has_duplicates(rows: np.ndarray) -> np.ndarray:
    """Which rows repeat a (non-negative) entry."""
    srt = np.sort(rows, axis=1)
    return ((srt[:, 1:] == srt[:, :-1]) & (srt[:, 1:] >= 0)).any(axis=1)


def distinct_random(n_rows: int, k: int, sizes: np.ndarray, rng: np.random.Generator, max_rounds: int = 50) -> np.ndarray:
    """(n_rows, k) random positions, row r drawn from range(sizes[r]) without repeats (-1 where sizes[r] < k)."""
    sizes = np.broadcast_to(np.asarray(sizes), (n_rows,))
    out = np.full((n_rows, k), -1, dtype=np.intp)
    if k == 0 or n_rows == 0:
        return out
    small = np.flatnonzero(sizes < 2 * k)  # tiny pools: random keys sorted beat rejection
    if len(small):
        width = int(sizes[small].max())
        keys = rng.random((len(small), max(width, 1)))
        keys[np.arange(max(width, 1))[None, :] >= sizes[small][:, None]] = np.inf
        order = np.argsort(keys, axis=1)[:, :k]
        take = min(k, order.shape[1])
        out[small, :take] = np.where(np.arange(take)[None, :] < sizes[small][:, None], order[:, :take], -1)
    rows = np.flatnonzero(sizes >= 2 * k)
    if len(rows):
        high = sizes[rows][:, None]
        out[rows] = (rng.random((len(rows), k)) * high).astype(np.intp)
        for _ in range(max_rounds):
            bad = rows[_has_duplicates(out[rows])]
            if len(bad) == 0:
                break
            out[bad] = (rng.random((len(bad), k)) * sizes[bad][:, None]).astype(np.intp)
            rows = bad
    return out


def fill_random(slates: np.ndarray, mask: np.ndarray, n_items: int, rng: np.random.Generator, max_rounds: int = 50) -> None:
    """Replace ``slates[mask]`` in place by random live items, keeping each row free of repeats.

    Slots that still repeat an item after ``max_rounds`` redraws (only with very few live items)
    become empty (-1).
    """
    if not mask.any():
        return
    slates[mask] = rng.integers(0, n_items, int(mask.sum()))
    rows = np.flatnonzero(mask.any(axis=1))
    for _ in range(max_rounds):
        rows = rows[_has_duplicates(slates[rows])]
        if len(rows) == 0:
            return
        sub, sub_mask = slates[rows], mask[rows]
        sub[sub_mask] = rng.integers(0, n_items, int(sub_mask.sum()))
        slates[rows] = sub
    for r in rows[_has_duplicates(slates[rows])]:  # rare: blank masked slots that repeat another slot
        for j in np.flatnonzero(mask[r]):
            item = slates[r, j]
            if item >= 0 and (np.delete(slates[r], j) == item).any():
                slates[r, j] = -1


def random_slates(pools: np.ndarray, user_pool: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """K distinct random items from each user's pool (-1 pads pools with fewer than K items)."""
    sizes = (pools >= 0).sum(axis=1)  # padding sits at the end of a pool row
    positions = distinct_random(len(user_pool), k, sizes[user_pool], rng)
    slates = pools[user_pool[:, None], np.maximum(positions, 0)]
    return np.where(positions >= 0, slates, -1)


def diversity_positions(k: int, d: int) -> np.ndarray:
    """Where the d other-side items go in a slate of k: spread out, never all at the bottom."""
    return np.array([(j + 1) * k // (d + 1) for j in range(d)], dtype=np.intp)


def other_side_pools(item_stance: np.ndarray, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two pools — items left of centre, items right of it (padded with -1) — and each user's *other* one.

    Users at or right of centre (side >= 0) get the left pool (0), the others the right pool (1).
    """
    left, right = np.flatnonzero(item_stance < 0), np.flatnonzero(item_stance > 0)
    # At least one (padding) column: when no item leans either way both pools are empty, and a
    # zero-width pool would break the random feed's indexing.
    width = max(len(left), len(right), 1)
    pools = np.full((2, width), -1, dtype=np.intp)
    pools[0, : len(left)], pools[1, : len(right)] = left, right
    return pools, np.where(side >= 0, 0, 1).astype(np.intp)


def with_diversity(main: np.ndarray, other: np.ndarray, d: int) -> np.ndarray:
    """Keep the best K-d of ``main`` and put the best d of ``other`` (other-side items, best first)
    that are not already kept into the reserved positions."""
    n, k = main.shape
    kept = main[:, : k - d]
    unusable = (other < 0) | (other[:, :, None] == kept[:, None, :]).any(axis=2)
    pick = np.argsort(unusable, axis=1, kind="stable")[:, :d]
    extra = np.take_along_axis(other, pick, axis=1)
    extra[np.take_along_axis(unusable, pick, axis=1)] = -1
    slates = np.empty((n, k), dtype=np.intp)
    positions = diversity_positions(k, d)
    slates[:, positions] = extra
    slates[:, np.setdiff1d(np.arange(k), positions)] = kept
    return slates


def ranking_scores(world: World, config: FeedbackConfig, weights: np.ndarray, feats: ItemFeatures, step: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(a, b, side) of the score a[i] + b[u]*s[i] the configured ranker uses, or None for a random feed.

    ``side`` is the stance the ranker believes each user has (which side is "the other side").
    """
    mode = config.ranking
    if mode == "engagement" and step <= config.warmup_steps:
        return None  # the warm-up shows a random feed and logs it
    if mode == "random":
        return None
    m = world.n_items
    jitter = TIE_JITTER * rng.random(m)
    penalty = config.extremity_penalty * np.abs(world.item_stance) + config.clickbait_penalty * world.item_clickbait
    if mode == "engagement":
        a, b = engagement_parts(weights, world.x_hat, feats)
        return a - penalty + jitter, b, world.x_hat
    if mode == "oracle":
        a = config.extremity_appeal * np.abs(world.item_stance) + config.clickbait_appeal * world.item_clickbait
        return a - penalty + jitter, config.agreement * world.x, world.x
    zeros = np.zeros(world.n_users)
    if mode == "popularity":
        return feats.popularity + 1e-6 * rng.random(m), zeros, world.x_hat
    if mode == "chronological":
        return -(step - world.item_birth).astype(float) + 1e-3 * rng.random(m), zeros, world.x_hat
    raise ValueError(f"unknown ranking {mode!r}")


def build_slates(world: World, config: FeedbackConfig, weights: np.ndarray, feats: ItemFeatures, step: int, ranking_rng: np.random.Generator, exploration_rng: np.random.Generator) -> np.ndarray:
    """The (N, K) slates of this step, best slot first (-1: an empty slot)."""
    k, d = config.slate_size, config.diversity_slots
    parts = ranking_scores(world, config, weights, feats, step, ranking_rng)
    if parts is None:
        slates = random_slates(world.pools, world.user_pool, k, ranking_rng)
        if d:
            side_pools, side_of_user = other_side_pools(world.item_stance, world.x_hat)
            slates = with_diversity(slates, random_slates(side_pools, side_of_user, k, ranking_rng), d)
    else:
        a, b, side = parts
        slates = top_k_linear(a, world.item_stance, b, k, world.pools, world.user_pool)
        if d:
            side_pools, side_of_user = other_side_pools(world.item_stance, side)
            slates = with_diversity(slates, top_k_linear(a, world.item_stance, b, k, side_pools, side_of_user), d)
    if config.exploration > 0:
        explore = exploration_rng.random(slates.shape) < config.exploration
        fill_random(slates, explore, world.n_items, exploration_rng)
    return slates
