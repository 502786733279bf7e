"""Users and publishers adapt: each rule against a loop written out by hand, and each rate at 0 is a no-op."""

from __future__ import annotations

import numpy as np

from analysis.feedback.adaptation import adapt_publishers, adapt_users
from analysis.feedback.metrics import out_group_mask


def run_users(x, h, shown, clicked_stance, clicked, mu=0.0, eps=0.6, rho=0.0, thr=1.0, eta=0.0):
    x, h = x.copy(), h.copy()
    valid = np.ones_like(shown, dtype=bool)
    adapt_users(x, h, shown, valid, out_group_mask(x, shown), clicked_stance, clicked, mu, eps, rho, thr, eta)
    return x, h


def loop_users(x, h, shown, clicked_stance, clicked, mu, eps, rho, thr, eta):
    """Reference: the three rules for one user at a time, from the stances before the step."""
    x_new, h_new = x.copy(), h.copy()
    for u in range(len(x)):
        if clicked[u] and abs(clicked_stance[u] - x[u]) < eps:
            x_new[u] += mu * (clicked_stance[u] - x[u])
        far = [s - x[u] for s in shown[u] if abs(s - x[u]) > thr]
        if far:
            x_new[u] -= rho * sum(far) / len(far)
        out = [abs(s) for s in shown[u] if s * x[u] < 0]
        if out:
            h_new[u] += eta * (sum(out) / len(out) - h[u])
    return np.clip(x_new, -1, 1), np.clip(h_new, 0, 1)


def test_user_rules_match_the_written_out_loop():
    rng = np.random.default_rng(0)
    n = 300
    x, h = rng.uniform(-1, 1, n), rng.uniform(0, 1, n)
    shown = rng.uniform(-1, 1, (n, 5))
    clicked = rng.random(n) < 0.6
    clicked_stance = np.where(clicked, shown[:, 0], 0.0)
    args = dict(mu=0.1, eps=0.5, rho=0.05, thr=0.8, eta=0.2)
    got = run_users(x, h, shown, clicked_stance, clicked, **args)
    ref = loop_users(x, h, shown, clicked_stance, clicked, *args.values())
    np.testing.assert_allclose(got[0], ref[0], atol=1e-12)
    np.testing.assert_allclose(got[1], ref[1], atol=1e-12)


def test_each_user_rate_at_zero_switches_its_arrow_off():
    rng = np.random.default_rng(1)
    x, h = rng.uniform(-1, 1, 100), rng.uniform(0, 1, 100)
    shown = rng.uniform(-1, 1, (100, 4))
    clicked = np.ones(100, bool)
    cs = shown[:, 0]
    x0, h0 = run_users(x, h, shown, cs, clicked, mu=0.0, rho=0.0, eta=0.0)
    np.testing.assert_array_equal(x0, x)
    np.testing.assert_array_equal(h0, h)
    # Only assimilation: hostility untouched, stances move towards the clicked item.
    xa, ha = run_users(x, h, shown, cs, clicked, mu=0.2, eps=2.0)
    np.testing.assert_array_equal(ha, h)
    assert (np.abs(xa - cs) <= np.abs(x - cs) + 1e-12).all()
    # Only hostility: stances untouched.
    xh, hh = run_users(x, h, shown, cs, clicked, eta=0.3)
    np.testing.assert_array_equal(xh, x)
    assert not np.array_equal(hh, h)


def test_bounded_confidence_ignores_items_outside_the_bound():
    x, h = np.array([0.0, 0.0]), np.zeros(2)
    shown = np.array([[0.3], [0.9]])
    xs, _ = run_users(x, h, shown, np.array([0.3, 0.9]), np.array([True, True]), mu=0.5, eps=0.5)
    np.testing.assert_allclose(xs, [0.15, 0.0])


def test_repulsion_pushes_away_from_distant_items():
    x, h = np.array([0.2]), np.zeros(1)
    xs, _ = run_users(x, h, np.array([[-0.9, 0.25]]), np.zeros(1), np.array([False]), rho=0.1, thr=0.5)
    np.testing.assert_allclose(xs, [0.2 + 0.1 * 1.1])


def test_hostility_moves_towards_extremity_of_out_group_items_only():
    x, h = np.array([0.5, 0.5]), np.array([0.2, 0.2])
    shown = np.array([[-0.9, 0.8], [0.3, 0.8]])  # user 2 sees no out-group item
    _, hs = run_users(x, h, shown, np.zeros(2), np.zeros(2, bool), eta=0.5)
    np.testing.assert_allclose(hs, [0.2 + 0.5 * (0.9 - 0.2), 0.2])


def test_publishers_move_towards_the_mean_of_their_clicked_items():
    stance, clickbait = np.array([0.0, 0.5, -0.5]), np.array([0.1, 0.2, 0.3])
    item_publisher = np.array([0, 0, 1, 1, 2])
    item_stance = np.array([0.4, 0.8, 1.0, 0.0, -1.0])
    item_clickbait = np.array([0.5, 0.9, 0.2, 0.2, 1.0])
    clicked_item = np.array([0, 1, 1, -1, 2, 2])  # publisher 2 gets no click
    s, c = stance.copy(), clickbait.copy()
    adapt_publishers(s, c, clicked_item, item_publisher, item_stance, item_clickbait, 0.5)
    mean0 = (0.4 + 0.8 + 0.8) / 3
    np.testing.assert_allclose(s, [0.5 * mean0, 0.5 + 0.5 * (1.0 - 0.5), -0.5])
    np.testing.assert_allclose(c, [0.1 + 0.5 * ((0.5 + 0.9 + 0.9) / 3 - 0.1), 0.2, 0.3])
    s, c = stance.copy(), clickbait.copy()
    adapt_publishers(s, c, clicked_item, item_publisher, item_stance, item_clickbait, 0.0)
    np.testing.assert_array_equal(s, stance)
    np.testing.assert_array_equal(c, clickbait)
