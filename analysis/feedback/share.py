"""A run as URL query parameters, so a link reproduces it exactly (seeds included).

Only what differs from the preset is written, plus the preset and both seeds; every value read
back is range-checked against the knob table, so a hand-edited link gives a clear message, not a
crash. Parameters are prefixed ``fb_`` so they never collide with other pages' (e.g. ``lang``).

    >>> from analysis.feedback.config import preset, with_overrides
    >>> cfg = with_overrides(preset("random feed"), {"n_users": 300})
    >>> params = to_query("random feed", cfg)
    >>> params["fb_preset"], params["fb_n_users"]
    ('random feed', '300')
    >>> from_query(params).config == cfg
    True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from analysis.errors import AnalysisError
from analysis.feedback.compare import AnyConfig, Comparison, knobs_for
from analysis.feedback.config import POLICING_PRESET, PRESETS, changed_fields, preset, with_overrides
from analysis.feedback.policing import PolicingConfig

PREFIX = "fb_"
ALWAYS = ("world_seed", "dynamics_seed", "seed")  # written even at their defaults: a link pins them


@dataclass(frozen=True)
class SharedRun:
    """What a link describes."""

    preset: str  # one of PRESETS
    config: AnyConfig  # the first configuration
    comparison: Comparison | None  # the second one, if the link compares two


def base_config(name: str) -> AnyConfig:
    """The configuration a preset starts from."""
    return PolicingConfig() if name == POLICING_PRESET else preset(name)


def to_query(preset_name: str, config: AnyConfig, comparison: Comparison | None = None) -> dict[str, str]:
    """Query parameters (all strings) that describe the run."""
    params = {f"{PREFIX}preset": preset_name}
    changed = changed_fields(config, base_config(preset_name))
    for name in dataclasses.asdict(config):
        if name in changed or name in ALWAYS:
            params[PREFIX + name] = _text(getattr(config, name))
    if comparison is not None:
        if comparison.mode == "preset":
            params[f"{PREFIX}compare"] = f"preset:{comparison.preset}"
        else:
            params[f"{PREFIX}compare"] = f"knob:{comparison.knob}={_text(comparison.value)}"
    return params


def from_query(params: Mapping[str, str]) -> SharedRun:
    """The run a set of query parameters describes (other pages' parameters are ignored)."""
    name = params.get(f"{PREFIX}preset")
    if name not in PRESETS:
        raise AnalysisError(f"The link names an unknown preset '{name}'. Presets: {', '.join(PRESETS)}.")
    config = base_config(name)
    fields = set(dataclasses.asdict(config))
    overrides = {}
    for key, value in params.items():
        if not key.startswith(PREFIX) or key in (f"{PREFIX}preset", f"{PREFIX}compare"):
            continue
        knob = key[len(PREFIX):]
        if knob not in fields:
            raise AnalysisError(f"The link sets '{knob}', which the {name} scenario does not have.")
        overrides[knob] = value
    config = with_overrides(config, overrides, knobs_for(config))
    return SharedRun(preset=name, config=config, comparison=_comparison(params.get(f"{PREFIX}compare")))


def _comparison(text: str | None) -> Comparison | None:
    if not text:
        return None
    mode, _, rest = text.partition(":")
    if mode == "preset" and rest in PRESETS:
        return Comparison(mode="preset", preset=rest)
    if mode == "knob" and "=" in rest:
        knob, _, value = rest.partition("=")
        return Comparison(mode="knob", knob=knob, value=value)
    raise AnalysisError(f"The link's comparison '{text}' is not 'preset:NAME' or 'knob:NAME=VALUE'.")


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)
