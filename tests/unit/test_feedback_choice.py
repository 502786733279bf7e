"""Choice: the multinomial logit with a no-click option, its knobs, and welfare."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from analysis.feedback.choice import choose, click_probabilities, welfare
from analysis.feedback.config import FeedbackConfig
from analysis.feedback.shown import Shown


def loop_probabilities(x, stance, clickbait, alpha, beta, kappa, attention, no_click):
    """Reference: the logit written out slot by slot (with the no-click option in the denominator)."""
    out = np.zeros(len(stance))
    weights = [math.exp(alpha * x * s + beta * abs(s) + kappa * c - attention * math.log(r + 1))
               for r, (s, c) in enumerate(zip(stance, clickbait))]
    total = math.exp(no_click) + sum(weights)
    for r, w in enumerate(weights):
        out[r] = w / total
    return out


def test_click_probabilities_match_the_written_out_logit():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, 20)
    stance, clickbait = rng.uniform(-1, 1, (20, 6)), rng.uniform(0, 1, (20, 6))
    probs = click_probabilities(x, stance, clickbait, np.ones((20, 6), bool), 2.0, 1.0, 1.5, 0.8, 3.0)
    for u in range(20):
        np.testing.assert_allclose(probs[u], loop_probabilities(x[u], stance[u], clickbait[u], 2.0, 1.0, 1.5, 0.8, 3.0), rtol=1e-12)


def test_empty_slots_are_never_clicked():
    probs = click_probabilities(np.array([0.5]), np.array([[0.5, 0.0]]), np.array([[0.1, 0.0]]), np.array([[True, False]]), 2, 1, 1, 0.8, 0)
    assert probs[0, 1] == 0.0 and probs[0, 0] > 0


def test_choose_draws_at_most_one_click_with_the_logit_frequencies():
    n, k = 40000, 4
    stance = np.tile([0.9, -0.5, 0.2, 0.0], (n, 1))
    clickbait = np.tile([0.1, 0.8, 0.0, 0.5], (n, 1))
    x = np.full(n, 0.6)
    slates = np.tile(np.arange(k), (n, 1))
    shown = Shown(items=slates, valid=np.ones((n, k), bool), stance=stance, clickbait=clickbait, popularity=np.zeros((n, k)))
    config = FeedbackConfig(no_click_utility=1.0)
    slot = choose(x, shown, config, np.random.default_rng(1))
    assert set(np.unique(slot)) <= {-1, 0, 1, 2, 3}
    expected = loop_probabilities(0.6, stance[0], clickbait[0], config.agreement, config.extremity_appeal,
                                  config.clickbait_appeal, config.position_attention, config.no_click_utility)
    observed = np.array([(slot == r).mean() for r in range(k)])
    np.testing.assert_allclose(observed, expected, atol=4 * np.sqrt(0.25 / n))
    assert abs((slot == -1).mean() - (1 - expected.sum())) < 4 * np.sqrt(0.25 / n)


def test_each_appeal_knob_at_zero_removes_its_effect():
    x = np.array([0.8, -0.8])
    stance = np.array([[0.9, -0.9], [0.9, -0.9]])
    clickbait = np.array([[0.9, 0.0], [0.9, 0.0]])
    valid = np.ones((2, 2), bool)
    # agreement 0: both users see the same probabilities whatever their stance.
    p = click_probabilities(x, stance, clickbait, valid, 0.0, 1.0, 1.0, 0.8, 0.0)
    np.testing.assert_allclose(p[0], p[1])
    # clickbait appeal 0 and position attention 0 with a symmetric slate: equal chances.
    p = click_probabilities(np.zeros(1), stance[:1], clickbait[:1], valid[:1], 2.0, 1.0, 0.0, 0.0, 0.0)
    np.testing.assert_allclose(p[0, 0], p[0, 1])
    # extremity appeal 0: an extreme and a moderate item of equal agreement are equally likely.
    p = click_probabilities(np.zeros(1), np.array([[0.9, 0.1]]), np.zeros((1, 2)), valid[:1], 2.0, 0.0, 1.0, 0.0, 0.0)
    np.testing.assert_allclose(p[0, 0], p[0, 1])
    # position attention > 0 lowers the lower slot for identical items.
    p = click_probabilities(np.zeros(1), np.zeros((1, 2)), np.zeros((1, 2)), valid[:1], 2.0, 1.0, 1.0, 0.8, 0.0)
    assert math.isclose(p[0, 1] / p[0, 0], 2 ** -0.8)


def test_choose_uses_one_uniform_per_user_so_runs_share_their_dice():
    shown = Shown(items=np.zeros((5, 2), int), valid=np.ones((5, 2), bool), stance=np.zeros((5, 2)),
                  clickbait=np.zeros((5, 2)), popularity=np.zeros((5, 2)))
    rng = np.random.default_rng(7)
    choose(np.zeros(5), shown, FeedbackConfig(), rng)
    reference = np.random.default_rng(7)
    reference.random(5)
    assert rng.random() == reference.random()
    # A different configuration consumes the same draws.
    rng2 = np.random.default_rng(7)
    choose(np.zeros(5), shown, dataclasses.replace(FeedbackConfig(), agreement=0.0), rng2)
    assert rng2.random() == np.random.default_rng(7).random(6)[-1]


def test_welfare_is_minus_distance_minus_clickbait_cost():
    np.testing.assert_allclose(welfare(np.array([0.5, -1.0]), np.array([1.0, 0.0]), np.array([0.2, 1.0]), 2.0), [-0.9, -3.0])
    np.testing.assert_allclose(welfare(np.array([0.5]), np.array([1.0]), np.array([0.7]), 0.0), [-0.5])
