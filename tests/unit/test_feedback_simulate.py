"""The whole loop: determinism, separate world/dynamics seeds, common random numbers, and every arrow off at 0."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis.feedback.config import preset, with_overrides
from analysis.feedback.metrics import METRICS
from analysis.feedback.simulate import Simulation, simulate
from analysis.progress import StopRequested
from analysis.tables.feedback import frame, histogram_frame

SMALL = {"n_users": 200, "n_publishers": 20, "steps": 25}


def small(name="engagement feed", **changes):
    return with_overrides(preset(name), {**SMALL, **changes})


def test_same_seeds_give_identical_time_series():
    config = small()
    first, second = simulate(config), simulate(config)
    pd.testing.assert_frame_equal(frame(first.metrics), frame(second.metrics))
    np.testing.assert_array_equal(first.stance_histograms, second.stance_histograms)
    assert first.final_weights == second.final_weights
    assert list(frame(first.metrics).columns) == ["step", *METRICS]


def test_world_seed_fixes_the_start_and_dynamics_seed_the_rest():
    base = Simulation(small())
    other_dynamics = Simulation(small(dynamics_seed=99))
    other_world = Simulation(small(world_seed=99))
    np.testing.assert_array_equal(base.world.x, other_dynamics.world.x)
    np.testing.assert_array_equal(base.world.item_stance, other_dynamics.world.item_stance)
    assert not np.array_equal(base.world.x, other_world.world.x)
    a, b = simulate(small()), simulate(small(dynamics_seed=99))
    assert not frame(a.metrics)["ctr"].equals(frame(b.metrics)["ctr"])


def test_common_random_numbers_frozen_and_retrained_agree_until_the_warm_up_ends():
    warmup = 8
    retrained = simulate(small(warmup_steps=warmup))
    frozen = simulate(small("frozen model", warmup_steps=warmup))
    pd.testing.assert_frame_equal(frame(retrained.metrics).iloc[:warmup], frame(frozen.metrics).iloc[:warmup])
    assert not frame(retrained.metrics).iloc[warmup + 2:].equals(frame(frozen.metrics).iloc[warmup + 2:])
    # The frozen model's weights stop changing after the warm-up.
    w = frame(frozen.metrics)[["w_agreement", "w_extremity"]].to_numpy()
    np.testing.assert_array_equal(w[warmup:], np.repeat(w[warmup - 1:warmup], len(w) - warmup, axis=0))


def test_user_adaptation_off_keeps_stances_and_hostility():
    result = simulate(small(assimilation=0.0, repulsion=0.0, hostility_rate=0.0))
    np.testing.assert_array_equal(result.world.x, result.world.x_start)
    assert (frame(result.metrics)["drift"] == 0).all()
    assert frame(result.metrics)["hostility"].nunique() == 1
    moved = simulate(small())
    assert frame(moved.metrics)["drift"].iloc[-1] > 0


def test_publisher_adaptation_off_keeps_publishers_and_content_steady():
    still = simulate(small(publisher_adaptation=0.0))
    assert frame(still.metrics)["publisher_extremity"].nunique() == 1
    assert frame(still.metrics)["publisher_clickbait"].nunique() == 1
    moving = simulate(small())
    assert frame(moving.metrics)["publisher_clickbait"].iloc[-1] != frame(moving.metrics)["publisher_clickbait"].iloc[0]


def test_learning_off_keeps_weights_and_estimates_at_zero():
    result = simulate(small(learning_rate=0.0))
    assert not any(result.final_weights.values())
    assert not result.world.x_hat.any()
    estimates_off = simulate(small(estimate_rate=0.0))
    assert not estimates_off.world.x_hat.any()
    assert estimates_off.final_weights["agreement"] == 0.0  # its feature x_hat*s is always 0


def test_progress_reports_and_stop_keeps_the_finished_steps():
    seen = []

    def stop_after_ten(fraction, message):
        seen.append(fraction)
        if fraction >= 0.4:
            raise StopRequested

    result = simulate(small(), progress=stop_after_ten)
    assert result.stopped_early and len(frame(result.metrics)) == 10
    assert len(result.stance_histograms) == 11
    assert seen == sorted(seen)


def test_memory_stays_bounded_whatever_the_number_of_steps():
    short, long = simulate(small(steps=10)), simulate(small(steps=60))
    # Only one row of metrics and one histogram per step are kept; the world keeps its size.
    assert long.world.item_stance.shape == short.world.item_stance.shape
    assert long.stance_histograms.shape == (61, short.stance_histograms.shape[1])
    assert frame(long.metrics).shape == (60, frame(short.metrics).shape[1])


def test_histogram_frame_shares_sum_to_one():
    result = simulate(small())
    table = histogram_frame(result, [0, 25])
    assert table.groupby("step")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_every_preset_runs_and_metrics_stay_in_range():
    for name in ["engagement feed", "random feed", "popularity", "frozen model", "diversity slots", "extremity penalty"]:
        m = frame(simulate(small(name)).metrics)
        assert m["ctr"].between(0, 1).all() and m["cross_cutting"].between(0, 1).all()
        assert m["mean_abs_stance"].between(0, 1).all() and m["hostility"].between(0, 1).all()
        assert (m["welfare"].dropna() <= 0).all()


def test_oracle_and_chronological_rankings_and_follow_everything():
    for changes in ({"ranking": "oracle"}, {"ranking": "chronological"}, {"follows": 0}, {"exploration": 0.2, "diversity_slots": 2}):
        result = simulate(small(**changes))
        assert len(frame(result.metrics)) == SMALL["steps"]
    oracle = simulate(small(ranking="oracle"))
    rand = simulate(small(ranking="random"))
    assert frame(oracle.metrics)["ctr"].mean() > frame(rand.metrics)["ctr"].mean()


def test_frozen_result_config_is_kept_with_seeds():
    config = small(world_seed=5, dynamics_seed=6)
    assert simulate(config).config == config
    assert dataclasses.asdict(config)["world_seed"] == 5
