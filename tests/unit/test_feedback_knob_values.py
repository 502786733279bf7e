"""Switch detection and the starting value of a one-knob comparison."""

from analysis.feedback.compare import knobs_for
from analysis.feedback.config import KNOBS, PRESETS
from analysis.feedback.knob_values import contrasting_value, is_switch, other_preset, widget_value
from analysis.feedback.policing import PolicingConfig


def test_switches_are_the_zero_one_integer_knobs():
    switches = {name for name, knob in KNOBS.items() if is_switch(knob)}
    assert switches == {n for n, k in KNOBS.items() if k.kind == "int" and (k.low, k.high) == (0, 1)}
    assert not is_switch(KNOBS["n_users"]) and not is_switch(KNOBS["ranking"])


def test_contrasting_value_flips_switches_and_moves_choices():
    for knob in KNOBS.values():
        if is_switch(knob):
            assert contrasting_value(knob, 0) == 1 and contrasting_value(knob, 1) == 0
        elif knob.kind == "choice":
            for c in knob.choices:
                other = contrasting_value(knob, c)
                assert other != c and other in knob.choices
        else:
            assert contrasting_value(knob, knob.low) == knob.low  # a slider keeps its value


def test_widget_value_types():
    floats = [k for k in KNOBS.values() if k.kind == "float"]
    assert floats and all(isinstance(widget_value(k, 1), float) for k in floats)
    switch = next(k for k in KNOBS.values() if is_switch(k))
    assert widget_value(switch, 1) is True and widget_value(switch, 0) is False
    assert widget_value(KNOBS["ranking"], "random") == "random"


def test_policing_knobs_are_covered_too():
    knobs = knobs_for(PolicingConfig())
    assert all(contrasting_value(k, getattr(PolicingConfig(), n)) is not None for n, k in knobs.items())


def test_other_preset_never_repeats_the_first():
    for preset in PRESETS:
        assert other_preset(preset) != preset and other_preset(preset) in PRESETS
