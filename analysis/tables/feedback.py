"""Data frames of the simulators' results: time series, the end-of-run summary, stance histograms.

    >>> from analysis.feedback.config import preset, with_overrides
    >>> from analysis.feedback.simulate import simulate
    >>> result = simulate(with_overrides(preset("random feed"), {"n_users": 100, "steps": 5}))
    >>> series = time_series({"A": result})
    >>> series.shape[0], list(series.columns[:3])
    (5, ['configuration', 'step', 'ctr'])
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.feedback.compare import AnyResult, final_values
from analysis.feedback.policing import PolicingResult
from analysis.feedback.simulate import SimulationResult
from analysis.feedback.steps import StepTable


def frame(table: StepTable) -> pd.DataFrame:
    """A ``StepTable`` as a data frame, columns in the same order."""
    return pd.DataFrame(dict(table.data))


def series_of(result: AnyResult) -> StepTable:
    """A run's per-step (social loop) or per-day (policing urn) series."""
    return result.summary if isinstance(result, PolicingResult) else result.metrics


def time_series(results: Mapping[str, AnyResult]) -> pd.DataFrame:
    """One table of every run's per-step (or per-day) series, with a ``configuration`` column."""
    frames = []
    for label, result in results.items():
        one = frame(series_of(result))
        one.insert(0, "configuration", label)
        frames.append(one)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def summary_table(results: Mapping[str, SimulationResult], metrics: list[str], tail_share: float = 0.1) -> pd.DataFrame:
    """Metrics (rows) × configurations (columns) at the end of the runs, plus B − A for two runs."""
    table = pd.DataFrame({label: final_values(r, metrics, tail_share) for label, r in results.items()})
    if table.shape[1] == 2:
        table["B − A"] = table.iloc[:, 1] - table.iloc[:, 0]
    return table


def histogram_frame(result: SimulationResult, steps: list[int]) -> pd.DataFrame:
    """Long table (step, stance, share) of a run's stance histograms at the given steps."""
    centers = (result.histogram_edges[:-1] + result.histogram_edges[1:]) / 2
    rows = []
    for step in steps:
        step = int(min(max(step, 0), len(result.stance_histograms) - 1))
        counts = result.stance_histograms[step]
        share = counts / max(counts.sum(), 1)
        rows.append(pd.DataFrame({"step": step, "stance": centers, "share": share}))
    return pd.concat(rows, ignore_index=True)


def histogram_table(results: Mapping[str, SimulationResult], step: int, before: str, after: str) -> pd.DataFrame:
    """The stance histograms before the first step and at ``step`` of each run, in one long table."""
    frames = []
    for label, result in results.items():
        hist = histogram_frame(result, [0, step])
        last = int(hist["step"].max())
        hist["moment"] = np.where(hist["step"] == 0, before, after.format(step=last))
        hist.insert(0, "configuration", label)
        frames.append(hist)
    return pd.concat(frames, ignore_index=True)
