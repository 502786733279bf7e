"""Ranking: the exact low-rank top-K against brute force, random feeds, exploration and diversity slots."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from analysis.feedback.config import FeedbackConfig
from analysis.feedback.engagement import ItemFeatures
from analysis.feedback.ranking import (
    build_slates,
    distinct_random,
    diversity_positions,
    fill_random,
    other_side_pools,
    random_slates,
    top_k_linear,
    with_diversity,
)
from analysis.feedback.world import World
from analysis.tables.feedback import frame


def brute_top_k(a, s, b, k, pools, user_pool):
    """Reference: score every (user, pool item) pair and sort."""
    out = np.full((len(b), k), -1)
    for u in range(len(b)):
        pool = pools[user_pool[u]]
        pool = pool[pool >= 0]
        order = np.argsort(-(a[pool] + b[u] * s[pool]), kind="stable")[:k]
        out[u, : len(order)] = pool[order]
    return out


@pytest.mark.parametrize("trial", range(40))
def test_top_k_linear_equals_brute_force(trial):
    rng = np.random.default_rng(trial)
    m, n, k = int(rng.integers(1, 250)), int(rng.integers(1, 120)), int(rng.integers(1, 13))
    a, s = rng.normal(size=m), rng.uniform(-1, 1, m)
    b = rng.normal(size=n) * rng.uniform(0, 4)
    n_pools = int(rng.integers(1, 5))
    size = int(rng.integers(0, m + 1))
    pools = np.stack([rng.permutation(m)[:size] for _ in range(n_pools)]) if size else np.zeros((n_pools, 0), dtype=int)
    if size and trial % 2:
        pools[:, size - int(rng.integers(0, size + 1)):] = -1  # padding sits at the end of a pool
    user_pool = rng.integers(0, n_pools, n)
    got = top_k_linear(a, s, b, k, pools, user_pool, groups=int(rng.integers(1, 20)))
    np.testing.assert_array_equal(got, brute_top_k(a, s, b, k, pools, user_pool))


def test_top_k_linear_without_pools_ranks_every_item_and_handles_identical_slopes():
    rng = np.random.default_rng(0)
    a, s = rng.normal(size=300), rng.uniform(-1, 1, 300)
    for b in (rng.normal(size=50), np.full(50, 0.7)):  # spread and equal slopes (one bin)
        got = top_k_linear(a, s, b, 7)
        ref = brute_top_k(a, s, b, 7, np.arange(300)[None, :], np.zeros(50, dtype=int))
        np.testing.assert_array_equal(got, ref)


def test_distinct_random_rows_have_no_repeats_and_stay_in_range():
    rng = np.random.default_rng(1)
    sizes = np.array([3, 10, 15, 400, 2000] * 40)
    pos = distinct_random(len(sizes), 10, sizes, rng)
    for row, size in zip(pos, sizes):
        real = row[row >= 0]
        assert len(real) == min(10, size)
        assert len(set(real.tolist())) == len(real)
        assert real.max() < size


def test_random_slates_draw_uniformly_from_each_users_pool():
    rng = np.random.default_rng(2)
    pools = np.stack([np.arange(0, 40), np.arange(40, 80)])
    user_pool = np.array([0, 1] * 2000)
    slates = random_slates(pools, user_pool, 5, rng)
    assert ((slates[user_pool == 0] < 40).all()) and ((slates[user_pool == 1] >= 40).all())
    counts = np.bincount(slates[user_pool == 0].ravel(), minlength=40)
    expected = 2000 * 5 / 40
    assert counts.min() > 0.8 * expected and counts.max() < 1.2 * expected  # uniform within noise


def test_fill_random_replaces_only_masked_slots_without_repeats():
    rng = np.random.default_rng(3)
    slates = np.tile(np.arange(10), (500, 1))
    mask = rng.random(slates.shape) < 0.3
    before = slates.copy()
    fill_random(slates, mask, 12, rng)  # only 12 items: many redraws needed
    np.testing.assert_array_equal(slates[~mask], before[~mask])
    for row in slates:
        real = row[row >= 0]
        assert len(set(real.tolist())) == len(real)


def test_with_diversity_reserves_other_side_slots_without_repeats():
    rng = np.random.default_rng(4)
    stance = rng.uniform(-1, 1, 200)
    a = rng.normal(size=200)
    side = rng.uniform(-1, 1, 300)
    b = 2.0 * side  # users prefer their own side strongly
    main = top_k_linear(a, stance, b, 10)
    pools, user_pool = other_side_pools(stance, side)
    other = top_k_linear(a, stance, b, 10, pools, user_pool)
    slates = with_diversity(main, other, 3)
    positions = diversity_positions(10, 3)
    extra = slates[:, positions]
    assert (np.where(side[:, None] >= 0, stance[extra] < 0, stance[extra] > 0)).all()
    rest = np.delete(slates, positions, axis=1)
    np.testing.assert_array_equal(rest, main[:, :7])  # the best 7 keep their order
    for row in slates:
        assert len(set(row.tolist())) == 10


def _world(**changes):
    config = dataclasses.replace(FeedbackConfig(n_users=300, n_publishers=20, warmup_steps=0), **changes)
    world = World.initial(config, np.random.default_rng(5))
    world.x_hat[:] = world.x  # pretend the platform knows the stances
    return config, world


def _slates(config, world, weights, seed=0):
    feats = ItemFeatures.of(world.item_stance, world.item_clickbait, world.item_clicks)
    return build_slates(world, config, weights, feats, 5, np.random.default_rng(seed), np.random.default_rng(seed + 1))


def test_exploration_zero_and_diversity_zero_switch_their_arrows_off():
    weights = np.array([-3.0, 1.5, 1.0, 1.0, 0.0])
    config, world = _world()
    plain = _slates(config, world, weights)
    # Knobs at 0 give exactly the engagement ranking of each user's pool.
    feats = ItemFeatures.of(world.item_stance, world.item_clickbait, world.item_clicks)
    ref = brute_top_k(*_engagement(weights, world, feats), 10, world.pools, world.user_pool)
    np.testing.assert_array_equal(plain, ref)
    explored = _slates(dataclasses.replace(config, exploration=0.5), world, weights)
    changed = (explored != plain).mean()
    assert 0.35 < changed < 0.55  # about half the slots are replaced by random items
    diverse = _slates(dataclasses.replace(config, diversity_slots=3), world, weights)
    right = world.x_hat >= 0
    extra = world.item_stance[diverse[:, diversity_positions(10, 3)]]
    assert np.where(right[:, None], extra < 0, extra > 0).all()


def _engagement(weights, world, feats):
    from analysis.feedback.engagement import engagement_parts

    a, b = engagement_parts(weights, world.x_hat, feats)
    return a, world.item_stance, b


def test_extremity_penalty_lowers_the_extremity_of_slates():
    weights = np.array([-3.0, 0.5, 1.5, 0.5, 0.0])
    config, world = _world()
    plain = _slates(config, world, weights)
    penalised = _slates(dataclasses.replace(config, extremity_penalty=4.0), world, weights)
    assert np.abs(world.item_stance[penalised]).mean() < np.abs(world.item_stance[plain]).mean() - 0.1


def test_baselines_random_popularity_chronological_and_oracle():
    config, world = _world()
    world.item_clicks[:] = np.arange(world.n_items)  # later slots are more popular
    weights = np.zeros(5)
    popular = _slates(dataclasses.replace(config, ranking="popularity"), world, weights)
    for u in range(0, 300, 37):
        pool = world.pools[world.user_pool[u]]
        np.testing.assert_array_equal(popular[u], np.sort(pool)[::-1][:10])
    newest = _slates(dataclasses.replace(config, ranking="chronological"), world, weights)
    assert (world.item_birth[newest] == world.item_birth.max()).all()
    oracle = _slates(dataclasses.replace(config, ranking="oracle"), world, weights)
    feats_a = config.extremity_appeal * np.abs(world.item_stance) + config.clickbait_appeal * world.item_clickbait
    ref = brute_top_k(feats_a, world.item_stance, config.agreement * world.x, 10, world.pools, world.user_pool)
    np.testing.assert_array_equal(oracle, ref)
    random = _slates(dataclasses.replace(config, ranking="random"), world, weights)
    for u in range(0, 300, 37):
        assert set(random[u].tolist()) <= set(world.pools[world.user_pool[u]].tolist())


def test_clickbait_penalty_lowers_clickbait_and_zero_changes_nothing():
    weights = np.array([-3.0, 0.5, 0.5, 1.5, 0.0])
    config, world = _world()
    plain = _slates(config, world, weights)
    np.testing.assert_array_equal(_slates(dataclasses.replace(config, clickbait_penalty=0.0), world, weights), plain)
    penalised = _slates(dataclasses.replace(config, clickbait_penalty=4.0), world, weights)
    assert world.item_clickbait[penalised].mean() < world.item_clickbait[plain].mean() - 0.05


def test_warm_up_shows_a_random_feed_and_zero_steps_switches_it_off():
    from analysis.feedback.ranking import ranking_scores

    config, world = _world(warmup_steps=3)
    feats = ItemFeatures.of(world.item_stance, world.item_clickbait, world.item_clicks)
    rng = np.random.default_rng(0)
    assert ranking_scores(world, config, np.ones(5), feats, 3, rng) is None  # still warming up
    assert ranking_scores(world, config, np.ones(5), feats, 4, rng) is not None
    no_warmup = dataclasses.replace(config, warmup_steps=0)
    assert ranking_scores(world, no_warmup, np.ones(5), feats, 1, rng) is not None


def test_follows_zero_puts_every_item_in_one_pool():
    config, world = _world(follows=0)
    np.testing.assert_array_equal(world.pools, np.arange(world.n_items)[None, :])
    assert not world.user_pool.any()
    config, world = _world(follows=4, audiences=7)
    assert world.pools.shape == (7, 4 * config.posts_per_step * config.item_lifetime)
    for pool in world.pools:  # each pool is the items of exactly 4 publishers
        assert len(np.unique(world.item_publisher[pool])) == 4


@pytest.mark.parametrize("ranking", ["random", "engagement"])
def test_diversity_slots_when_no_item_leans_either_way(ranking):
    """Review: with every item at stance 0 (spread and noise 0) the other-side pools are empty; the
    random feed then crashed with IndexError. The reserved slots must simply stay empty."""
    from analysis.feedback.simulate import simulate

    config = dataclasses.replace(
        FeedbackConfig(), n_users=40, n_publishers=5, steps=3, publisher_spread=0.0, posting_noise=0.0,
        diversity_slots=3, ranking=ranking, warmup_steps=1,
    )
    result = simulate(config)
    assert len(frame(result.metrics)) == 3
    pools, side = other_side_pools(np.zeros(6), np.array([0.5, -0.5]))
    assert pools.shape == (2, 1) and (pools == -1).all() and side.tolist() == [0, 1]
