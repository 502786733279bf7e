"""The feedback-loop simulator: the social-media loop and the predictive-policing urn.

    >>> from analysis.feedback import preset, simulate, with_overrides
    >>> result = simulate(with_overrides(preset("random feed"), {"n_users": 200, "steps": 10}))
    >>> list(result.metrics.columns[:3])
    ['step', 'ctr', 'welfare']
"""

from analysis.feedback.config import KNOBS, PRESETS, FeedbackConfig, preset, with_overrides
from analysis.feedback.simulate import Simulation, SimulationResult, simulate

__all__ = ["KNOBS", "PRESETS", "FeedbackConfig", "Simulation", "SimulationResult", "preset", "simulate", "with_overrides"]
