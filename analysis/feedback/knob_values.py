"""Which widget a knob gets and where the second run of a comparison starts.

A knob whose integer range is exactly 0..1 is an on/off switch. When a comparison varies one knob,
its second value starts at something visibly different from the first (the other side of a
switch, the next choice), so "Run" right away already shows a contrast.

    >>> from analysis.feedback.config import KNOBS
    >>> contrasting_value(KNOBS["ranking"], "engagement") != "engagement"
    True
"""

from __future__ import annotations

from typing import Any

from analysis.feedback.config import Knob

# The preset a "compare with another preset" starts from, unless that is the first run's preset.
DEFAULT_OTHER_PRESET = "random feed"
FALLBACK_OTHER_PRESET = "engagement feed"


def is_switch(knob: Knob) -> bool:
    """True for an integer knob that is only ever 0 or 1 (shown as a toggle).

    >>> is_switch(Knob("x", "ranking", "int", 0, 1, 1, "on or off"))
    True
    """
    return knob.kind == "int" and knob.low == 0 and knob.high == 1


def widget_value(knob: Knob, value: Any) -> Any:
    """A knob value as its widget holds it: bool for a switch, float for a float slider.

    >>> widget_value(Knob("x", "ranking", "float", 0, 1, 0.1, "a share"), 1)
    1.0
    """
    if is_switch(knob):
        return bool(value)
    return float(value) if knob.kind == "float" else value


def contrasting_value(knob: Knob, value: Any) -> Any:
    """A second value for ``knob`` that differs from ``value`` where that is obvious (else ``value``).

    >>> contrasting_value(Knob("x", "ranking", "int", 0, 1, 1, "on or off"), 1)
    0
    """
    if is_switch(knob):
        return 1 - int(value)
    if knob.kind == "choice":
        return next(c for c in knob.choices if c != value)
    return value


def other_preset(preset: str) -> str:
    """The preset a preset comparison starts with: the random feed, or the engagement feed next to it.

    >>> other_preset("random feed")
    'engagement feed'
    """
    return DEFAULT_OTHER_PRESET if preset != DEFAULT_OTHER_PRESET else FALLBACK_OTHER_PRESET
