"""The platform's engagement model: its Newton/Laplace learner against scikit-learn's logistic regression."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from analysis.feedback.engagement import FEATURES, EngagementModel, ItemFeatures, engagement_parts, impression_features, update_estimates
from analysis.feedback.shown import Shown


def batch(seed, n_users=1500, n_items=300, k=6, true_w=(-2.0, 1.5, 1.0, 0.8, 0.3)):
    """Random slates with at most one click each, drawn from a logit over the slate."""
    rng = np.random.default_rng(seed)
    stance, clickbait = rng.uniform(-1, 1, n_items), rng.uniform(0, 1, n_items)
    clicks = rng.poisson(2.0, n_items).astype(float)
    feats = ItemFeatures.of(stance, clickbait, clicks)
    x_hat = rng.uniform(-1, 1, n_users)
    slates = np.stack([rng.choice(n_items, k, replace=False) for _ in range(n_users)])
    shown = Shown.of(slates, stance, clickbait, feats.popularity)
    a, b = engagement_parts(np.array(true_w), x_hat, feats)
    logit = a[slates] + b[:, None] * stance[slates]
    clicked = rng.random(slates.shape) < 1 / (1 + np.exp(-logit))
    first = np.where(clicked.any(axis=1), clicked.argmax(axis=1), -1)  # keep one click per slate
    return x_hat, shown, feats, first


def design(x_hat, shown, feats, clicked_pos):
    features = impression_features(x_hat, shown, feats).T
    labels = (np.arange(shown.items.shape[1])[None, :] == clicked_pos[:, None]).ravel()
    return features, labels


@pytest.mark.parametrize("l2", [0.0, 1e-3])
def test_repeated_newton_steps_reach_the_sklearn_logistic_regression(l2):
    x_hat, shown, feats, clicked_pos = batch(0)
    model = EngagementModel.untrained()
    for _ in range(8):
        model.learn(x_hat, shown, feats, clicked_pos, learning_rate=1.0, memory=0.0, l2=l2)
    features, labels = design(x_hat, shown, feats, clicked_pos)
    if l2 == 0:
        reference = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(features, labels)
    else:
        reference = LogisticRegression(C=1.0 / (l2 * len(labels)), tol=1e-10, max_iter=1000).fit(features, labels)
    expected = np.r_[reference.intercept_, reference.coef_[0]]
    np.testing.assert_allclose(model.weights, expected, atol=2e-4)


def test_memory_one_approximates_a_fit_on_both_batches():
    model = EngagementModel.untrained()
    batches = [batch(1), batch(2)]
    for b in batches:
        model.learn(*b, learning_rate=1.0, memory=1.0, l2=0.0)
    features = np.vstack([design(*b)[0] for b in batches])
    labels = np.concatenate([design(*b)[1] for b in batches])
    reference = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(features, labels)
    np.testing.assert_allclose(model.weights, np.r_[reference.intercept_, reference.coef_[0]], atol=0.05)


def test_learning_rate_zero_switches_learning_off():
    model = EngagementModel.untrained()
    model.learn(*batch(3), learning_rate=0.0, memory=0.9, l2=0.0)
    assert not model.weights.any() and not model.precision.any()


def test_half_learning_rate_moves_half_way():
    full, half = EngagementModel.untrained(), EngagementModel.untrained()
    data = batch(4)
    full.learn(*data, learning_rate=1.0, memory=0.0, l2=0.0)
    half.learn(*data, learning_rate=0.5, memory=0.0, l2=0.0)
    np.testing.assert_allclose(half.weights, 0.5 * full.weights)


def test_engagement_parts_is_the_logit_of_the_five_features():
    rng = np.random.default_rng(5)
    stance, clickbait, clicks = rng.uniform(-1, 1, 50), rng.uniform(0, 1, 50), rng.poisson(3, 50).astype(float)
    feats = ItemFeatures.of(stance, clickbait, clicks)
    w = rng.normal(size=len(FEATURES))
    x_hat = rng.uniform(-1, 1, 7)
    a, b = engagement_parts(w, x_hat, feats)
    for u in range(7):
        for i in range(50):
            f = [1, x_hat[u] * stance[i], abs(stance[i]) - np.abs(stance).mean(), clickbait[i] - clickbait.mean(), np.log1p(clicks[i])]
            assert a[i] + b[u] * stance[i] == pytest.approx(float(np.dot(w, f)))


def test_stance_estimates_follow_clicks_and_rate_zero_freezes_them():
    x_hat = np.array([0.0, 0.5, -0.5])
    target = np.array([1.0, 1.0, 1.0])
    clicked = np.array([True, False, True])
    update_estimates(x_hat, target, clicked, 0.25)
    np.testing.assert_allclose(x_hat, [0.25, 0.5, -0.125])
    update_estimates(x_hat, target, clicked, 0.0)
    np.testing.assert_allclose(x_hat, [0.25, 0.5, -0.125])
