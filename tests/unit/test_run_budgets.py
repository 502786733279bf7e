"""Budgets on work a user can ask for: WEAT list sizes and feedback-loop runs (with a time estimate)."""

from __future__ import annotations

import dataclasses
import tracemalloc

import numpy as np
import pytest

from analysis.budget import BudgetExceeded
from analysis.embeddings import Embeddings
from analysis.feedback.config import KNOBS, FeedbackConfig, simulation_work, validate
from analysis.feedback.cost import estimate_run
from analysis.weat import weat


@pytest.fixture(scope="module")
def emb():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(3000)]
    return Embeddings(words, rng.normal(size=(3000, 8)).astype(np.float32), name="random", source="test")


def test_weat_list_over_the_budget_is_refused_before_any_work(emb):
    words = emb.words
    tracemalloc.start()
    with pytest.raises(BudgetExceeded, match=r"The word list X has 2,000 words, more than the limit of 1,000 words \(set LAB_MAX_LIST_WORDS"):
        weat(emb, words[:2000], words[2000:2010], words[2010:2020], words[2020:2030], permutations=10_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 << 20  # refused up front (2,000 words took 5.8 GiB before)


def test_weat_list_budget_is_configurable(emb, monkeypatch):
    w = emb.words
    monkeypatch.setenv("LAB_MAX_LIST_WORDS", "4")
    with pytest.raises(BudgetExceeded, match="The word list A has 5 words"):
        weat(emb, w[:4], w[4:8], w[8:13], w[13:17], permutations=10)
    result = weat(emb, w[:4], w[4:8], w[8:12], w[12:16], permutations=10)
    assert np.isfinite(result.effect_size)


def test_largest_allowed_world_is_over_the_budget():
    largest = dataclasses.replace(
        FeedbackConfig(), n_users=20_000, n_publishers=1000, follows=5, posts_per_step=1, item_lifetime=100, steps=5000
    )
    with pytest.raises(BudgetExceeded, match=r"This run \(users × live items × steps\) has 10,000,000,000,000 .*LAB_MAX_SIMULATION_WORK"):
        validate(largest)
    validate(FeedbackConfig())  # the default world fits with room to spare
    assert simulation_work(FeedbackConfig()) * 50 < 20_000_000_000


def test_simulation_budget_is_configurable(monkeypatch):
    monkeypatch.setenv("LAB_MAX_SIMULATION_WORK", "1000000")
    with pytest.raises(BudgetExceeded):
        validate(FeedbackConfig())


def test_estimate_is_measured_and_close_to_the_run():
    import time

    from analysis.feedback.simulate import simulate

    config = dataclasses.replace(FeedbackConfig(), n_users=200, steps=40)
    estimate = estimate_run(config)
    assert estimate.work == simulation_work(config) and estimate.probe_steps == 3
    start = time.perf_counter()
    simulate(config)
    actual = time.perf_counter() - start
    assert 0 < estimate.seconds  # no timing assertion beyond sanity: the machine is shared
    assert estimate.seconds < 50 * actual + 1


def test_estimate_refuses_over_budget_without_running(monkeypatch):
    monkeypatch.setenv("LAB_MAX_SIMULATION_WORK", "10")
    with pytest.raises(BudgetExceeded):
        estimate_run(FeedbackConfig())


def test_every_size_knob_is_bounded():
    for name in ("n_users", "n_publishers", "posts_per_step", "item_lifetime", "steps"):
        assert KNOBS[name].high < float("inf")
