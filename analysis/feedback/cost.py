"""What a feedback-loop run will cost before it starts: its budget units and a measured time estimate.

The estimate is measured, not guessed: the configured world is built and a few steps are run and
timed on this machine, then extrapolated linearly to ``config.steps`` (each step does the same
work: rank every live item for every user, choose, learn, adapt). The page shows it next to Run.

    >>> from analysis.feedback.config import preset, with_overrides
    >>> estimate = estimate_run(with_overrides(preset("engagement feed"), {"n_users": "100", "steps": "50"}))
    >>> estimate.work, estimate.seconds > 0
    (5000000, True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from analysis.feedback.config import FeedbackConfig, simulation_work, validate


@dataclass(frozen=True)
class RunEstimate:
    """A run's size against the budget and how long it should take here."""

    work: int  # users × live items × steps (the budget's simulation_work units)
    seconds: float  # estimated wall time of the whole run on this machine
    probe_steps: int  # how many steps were timed to make the estimate


def estimate_run(config: FeedbackConfig, probe_steps: int = 3) -> RunEstimate:
    """Validate ``config`` (budget included), then time ``probe_steps`` steps and extrapolate."""
    from analysis.feedback.simulate import Simulation

    validate(config)
    probe = min(max(1, probe_steps), config.steps)
    start = time.perf_counter()
    sim = Simulation(config)
    built = time.perf_counter()
    for _ in range(probe):
        sim.step()
    per_step = (time.perf_counter() - built) / probe
    return RunEstimate(work=simulation_work(config), seconds=(built - start) + per_step * config.steps, probe_steps=probe)


__all__ = ["RunEstimate", "estimate_run"]
