"""Metric statistics against references: scipy's moments, naive Gini, Python sets, numpy's histogram."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis.feedback.metrics import (
    ClickHistory,
    bimodality_coefficient,
    cross_cutting_share,
    gini,
    histogram_edges,
    jaccard_mean,
    neighbour_pairs,
    out_group_mask,
    stance_histogram,
)


@pytest.mark.parametrize("sample", ["normal", "bimodal", "uniform", "skewed"])
def test_bimodality_coefficient_matches_scipy_moments(sample):
    rng = np.random.default_rng(0)
    x = {
        "normal": rng.normal(size=500),
        "bimodal": np.r_[rng.normal(-0.8, 0.1, 250), rng.normal(0.8, 0.1, 250)],
        "uniform": rng.uniform(-1, 1, 500),
        "skewed": rng.exponential(size=500),
    }[sample]
    n = len(x)
    g = stats.skew(x, bias=False)
    k = stats.kurtosis(x, bias=False)
    expected = (g**2 + 1) / (k + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    assert bimodality_coefficient(x) == pytest.approx(expected, rel=1e-10)


def test_bimodality_separates_one_mode_from_two():
    rng = np.random.default_rng(1)
    assert bimodality_coefficient(rng.normal(size=2000)) < 5 / 9
    assert bimodality_coefficient(np.r_[rng.normal(-0.8, 0.1, 1000), rng.normal(0.8, 0.1, 1000)]) > 5 / 9
    assert np.isnan(bimodality_coefficient(np.ones(10)))


def test_gini_matches_the_mean_absolute_difference_definition():
    rng = np.random.default_rng(2)
    for v in (rng.exponential(size=50), rng.integers(0, 5, 30).astype(float), np.ones(10)):
        naive = np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean())
        assert gini(v) == pytest.approx(naive)
    assert np.isnan(gini(np.zeros(5)))


def test_jaccard_matches_python_sets():
    rng = np.random.default_rng(3)
    a, b = rng.integers(-1, 12, (300, 8)), rng.integers(-1, 12, (300, 8))
    values = []
    for ra, rb in zip(a, b):
        sa, sb = set(ra[ra >= 0].tolist()), set(rb[rb >= 0].tolist())
        if sa | sb:
            values.append(len(sa & sb) / len(sa | sb))
    assert jaccard_mean(a, b) == pytest.approx(np.mean(values))
    assert np.isnan(jaccard_mean(np.full((2, 3), -1), np.full((2, 3), -1)))


def test_neighbour_pairs_pair_adjacent_stances_within_a_group():
    rng = np.random.default_rng(4)
    stance = rng.uniform(-1, 1, 101)
    group = rng.integers(0, 3, 101)
    first, second = neighbour_pairs(stance, rng, group)
    assert (group[first] == group[second]).all()
    for f, s in zip(first, second):  # no user of the same group lies strictly between a pair
        lo, hi = sorted((stance[f], stance[s]))
        between = (group == group[f]) & (stance > lo) & (stance < hi)
        assert not between.any()
    few = neighbour_pairs(stance, rng, None, max_pairs=10)
    assert len(few[0]) == 10 and len(set(few[0]) | set(few[1])) == 20


def test_stance_histogram_matches_numpy():
    x = np.random.default_rng(5).uniform(-1, 1, 1000)
    x[:3] = [-1.0, 1.0, 0.0]
    expected, _ = np.histogram(x, bins=histogram_edges(40))
    np.testing.assert_array_equal(stance_histogram(x, 40), expected)


def test_click_history_is_a_ring_of_the_last_steps():
    history = ClickHistory(2, 3)
    for step in range(5):
        history.push(np.array([step, -1]))
    assert sorted(history.ids[0].tolist()) == [2, 3, 4]
    assert (history.ids[1] == -1).all()


def test_cross_cutting_share_counts_other_sign_items():
    x = np.array([0.5, -0.5])
    shown = np.array([[0.3, -0.2, 0.0], [0.3, -0.2, 0.9]])
    valid = np.array([[True, True, False], [True, True, True]])
    out = out_group_mask(x, shown)
    assert cross_cutting_share(out, valid) == pytest.approx(3 / 5)
