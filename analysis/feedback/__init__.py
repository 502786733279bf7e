"""The feedback-loop simulator: the social-media loop and the predictive-policing urn.

    >>> from analysis.feedback import preset, simulate, with_overrides
    >>> result = simulate(with_overrides(preset("random feed"), {"n_users": 200, "steps": 10}))
    >>> list(result.metrics.columns[:3])
    ['step', 'ctr', 'welfare']
    >>> from analysis.feedback import PolicingConfig, simulate_policing
    >>> round(simulate_policing(PolicingConfig(days=50, runs=5)).true_share, 2)
    0.75
"""

from analysis.feedback.config import KNOBS, PRESETS, FeedbackConfig, preset, with_overrides
from analysis.feedback.policing import PolicingConfig, PolicingResult, simulate_policing
from analysis.feedback.simulate import Simulation, SimulationResult, simulate

__all__ = [
    "KNOBS",
    "PRESETS",
    "FeedbackConfig",
    "PolicingConfig",
    "PolicingResult",
    "Simulation",
    "SimulationResult",
    "preset",
    "simulate",
    "simulate_policing",
    "with_overrides",
]
