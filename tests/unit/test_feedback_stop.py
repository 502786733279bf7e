"""Stop during a long feedback-loop run keeps the finished steps (like training's Stop), not nothing."""

from __future__ import annotations

import pandas as pd

from analysis.feedback.compare import run_all
from analysis.feedback.config import preset, with_overrides
from analysis.feedback.simulate import simulate
from analysis.progress import StopRequested
from analysis.tables.feedback import frame

SMALL = {"n_users": 200, "n_publishers": 20, "steps": 25}


def small(**changes):
    return with_overrides(preset("engagement feed"), {**SMALL, **changes})


def stop_at(fraction_limit: float):
    def progress(fraction: float, message: str = "") -> None:
        if fraction >= fraction_limit:
            raise StopRequested

    return progress


def test_stopped_run_returns_the_steps_already_simulated_and_they_equal_a_full_run():
    full = simulate(small())
    partial = simulate(small(), progress=stop_at(0.4))
    assert partial.stopped_early and not full.stopped_early
    done = len(frame(partial.metrics))
    assert 0 < done < len(frame(full.metrics))
    assert list(frame(partial.metrics)["step"]) == list(range(1, done + 1))
    # the same seeds: the kept steps are exactly the first steps of the uninterrupted run
    pd.testing.assert_frame_equal(frame(partial.metrics), frame(full.metrics).iloc[:done])
    assert (partial.stance_histograms == full.stance_histograms[: done + 1]).all()


def test_stop_in_a_comparison_keeps_a_and_does_not_start_b():
    configs = [small(), small(world_seed=7)]
    seen = []

    def stop_in_the_first_half(fraction: float, message: str = "") -> None:
        seen.append(message)
        if fraction >= 0.3:  # one progress bar over both runs: 0.3 is inside run A
            raise StopRequested

    results = run_all(configs, stop_in_the_first_half)
    assert len(results) == 1 and results[0].stopped_early and len(frame(results[0].metrics)) > 0
    assert all(message.startswith("1/2") for message in seen)
    finished = run_all(configs)
    assert len(finished) == 2 and not any(r.stopped_early for r in finished)
