"""Running one or two configurations, and building the second one of a comparison.

A comparison keeps everything that defines the world — sizes, initial spreads and both seeds —
from the first configuration, so the two runs share their initial world and their random streams
(common random numbers): the differences between them come from the changed knobs, not from luck.

    >>> from analysis.feedback.config import preset
    >>> first = preset("engagement feed")
    >>> second = second_config(first, Comparison(mode="preset", preset="random feed"))
    >>> second.ranking, second.world_seed == first.world_seed
    ('random', True)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Union

import numpy as np

from analysis.errors import AnalysisError
from analysis.feedback.config import (
    KNOB_TABLES,
    KNOBS,
    POLICING_PRESET,
    PRESETS,
    FeedbackConfig,
    check_knob_name,
    parse_value,
    preset,
    validate,
)
from analysis.feedback.policing import PolicingConfig, PolicingResult, simulate_policing
from analysis.feedback.simulate import SimulationResult, simulate
from analysis.progress import ProgressFn, report

AnyConfig = Union[FeedbackConfig, PolicingConfig]
AnyResult = Union[SimulationResult, PolicingResult]
# Knob groups a "compare with another preset" keeps from the first configuration.
SHARED_GROUPS = ("world", "seeds")


@dataclass(frozen=True)
class Comparison:
    """How the second configuration of a comparison differs from the first."""

    mode: str  # "preset": another preset on the same world; "knob": the same with one knob changed
    preset: str | None = None  # for mode "preset"
    knob: str | None = None  # for mode "knob"
    value: Any = None  # for mode "knob": the knob's new value (raw strings are parsed)


def comparison_text(comparison: Comparison) -> str:
    """A comparison as one line of text (the shareable link's ``fb_compare``).

    >>> comparison_text(Comparison(mode="knob", knob="exploration", value=0.2))
    'knob:exploration=0.2'
    """
    if comparison.mode == "preset":
        return f"preset:{comparison.preset}"
    return f"knob:{comparison.knob}={value_text(comparison.value)}"


def parse_comparison(text: str) -> Comparison:
    """The comparison ``comparison_text`` wrote; an ``AnalysisError`` for anything else.

    >>> parse_comparison("preset:random feed")
    Comparison(mode='preset', preset='random feed', knob=None, value=None)
    """
    mode, _, rest = str(text).partition(":")
    if mode == "preset" and rest in PRESETS:
        return Comparison(mode="preset", preset=rest)
    if mode == "knob" and "=" in rest:
        knob, _, value = rest.partition("=")
        return Comparison(mode="knob", knob=knob, value=value)
    raise AnalysisError(f"The link's comparison '{text}' is not 'preset:NAME' or 'knob:NAME=VALUE'.")


def value_text(value: Any) -> str:
    """A knob value as a link writes it: whole floats without ``.0``, switches as 1/0.

    >>> value_text(2.0), value_text(0.05), value_text(True)
    ('2', '0.05', '1')
    """
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def base_config(name: str) -> AnyConfig:
    """The configuration a preset starts from (the policing urn's is ``PolicingConfig()``).

    >>> base_config("policing urn").days, base_config("random feed").ranking
    (1000, 'random')
    """
    return PolicingConfig() if name == POLICING_PRESET else preset(name)


def knobs_for(config: AnyConfig) -> dict:
    """The knob table that applies to a configuration."""
    return KNOB_TABLES[type(config)]


def second_config(first: AnyConfig, comparison: Comparison) -> AnyConfig:
    """The configuration to run next to ``first``."""
    if comparison.mode == "knob":
        knob = check_knob_name(str(comparison.knob), knobs_for(first))
        second = dataclasses.replace(first, **{knob.name: parse_value(knob, comparison.value)})
        validate(second)
        return second
    if comparison.mode == "preset":
        if isinstance(first, PolicingConfig) or comparison.preset == POLICING_PRESET:
            raise AnalysisError("The policing urn can only be compared with itself: change one knob (e.g. correction).")
        base = preset(str(comparison.preset))
        shared = {name: getattr(first, name) for name, knob in KNOBS.items() if knob.group in SHARED_GROUPS}
        second = dataclasses.replace(base, **shared)
        validate(second)
        return second
    raise AnalysisError(f"Unknown comparison mode '{comparison.mode}' (use 'preset' or 'knob').")


def run(config: AnyConfig, progress: ProgressFn | None = None) -> AnyResult:
    """Run either scenario."""
    if isinstance(config, PolicingConfig):
        return simulate_policing(config, progress)
    return simulate(config, progress)


def run_all(configs: list[AnyConfig], progress: ProgressFn | None = None) -> list[AnyResult]:
    """Run configurations one after the other, with one progress bar over all of them.

    When the progress callback raises ``StopRequested``, the run in progress returns the steps it
    finished (``stopped_early``) and the later configurations are not started: the list is shorter.
    """
    results = []
    for i, config in enumerate(configs):
        def part(fraction: float, message: str, i: int = i) -> None:
            report(progress, (i + fraction) / len(configs), f"{i + 1}/{len(configs)}: {message}")

        results.append(run(config, part))
        if results[-1].stopped_early:
            break
    return results


def final_values(result: SimulationResult, metrics: list[str], tail_share: float = 0.1) -> dict[str, float]:
    """Each metric averaged over the last ``tail_share`` of the steps (smooths step-to-step noise)."""
    series = result.metrics
    tail = series.tail(max(1, int(round(len(series) * tail_share))))
    return {m: float(np.nanmean(tail[m])) if len(tail) else float("nan") for m in metrics}
