"""The feedback-loop page's knob panel: a widget per knob, grouped, plus the optional second run.

Every knob's widget state lives under ``fb_k_<name>``; a comparison's one varied knob under
``fb_cmp_<name>``. Option labels are translated while the script runs (``choice``), so a German
page shows German options.
"""

from __future__ import annotations

import streamlit as st

from analysis.feedback.compare import Comparison, base_config, knobs_for
from analysis.feedback.config import POLICING_PRESET, PRESETS, Knob, with_overrides
from analysis.feedback.knob_values import contrasting_value, is_switch, other_preset, widget_value
from analysis.feedback.policing import PolicingConfig
from app.components.choice import choice
from app.i18n import t

KEY = "fb_k_"  # widget keys of the knobs
LOOP_GROUPS = ("world", "ranking", "learning", "choice", "users", "publishers", "seeds")
SOCIAL_PRESETS = [p for p in PRESETS if p != POLICING_PRESET]


def preset_key(name: str) -> str:
    """The catalogue key of a preset's name (spaces become underscores)."""
    return "feedback.preset." + name.replace(" ", "_")


def preset_label(name: str) -> str:
    return t(preset_key(name))


def knob_label(name: str) -> str:
    return t(f"feedback.knob.{name}")


def set_widgets(config) -> None:
    """Put a configuration's values into the knob widgets' state."""
    for name, knob in knobs_for(config).items():
        st.session_state[KEY + name] = widget_value(knob, getattr(config, name))


def load_preset() -> None:
    set_widgets(base_config(st.session_state["fb_preset"]))


def preset_picker() -> str:
    """The preset select box (choosing one loads its knobs) and its one-line explanation."""
    if st.session_state.get("fb_preset") not in PRESETS:
        st.session_state["fb_preset"] = PRESETS[0]
    preset = choice("feedback.preset", PRESETS, "fb_preset", option_key=preset_key, widget="selectbox", on_change=load_preset)
    st.caption(t(f"feedback.preset_help.{preset.replace(' ', '_')}"))
    return preset


def knob_widget(knob: Knob, key: str, label_key: str | None = None, label_values: dict | None = None):
    """The widget for one knob, with its one-line explanation; returns the raw value."""
    label_key = label_key or f"feedback.knob.{knob.name}"
    label = t(label_key, **(label_values or {}))
    if knob.kind == "choice":
        value = choice(label_key, knob.choices, key, option_key=f"feedback.{knob.name}.{{}}", widget="selectbox",
                       label_values=label_values)
    elif is_switch(knob):
        value = int(st.toggle(label, key=key))
    elif knob.group == "seeds":
        value = st.number_input(label, min_value=int(knob.low), max_value=int(knob.high), step=1, key=key)
    elif knob.kind == "int":
        value = st.slider(label, min_value=int(knob.low), max_value=int(knob.high), step=int(knob.step), key=key)
    else:
        fmt = "%.5f" if knob.step < 0.001 else "%.2f"
        value = st.slider(label, min_value=float(knob.low), max_value=float(knob.high), step=float(knob.step), key=key, format=fmt)
    st.caption(t(f"feedback.knob.{knob.name}.help"))
    return value


def knob_controls(preset: str):
    """Expanders of knob widgets; returns the configuration they describe."""
    base = base_config(preset)
    knobs = knobs_for(base)  # their widget state is put there by the link's binder (feedback_link)
    groups = ("policing", "seeds") if isinstance(base, PolicingConfig) else LOOP_GROUPS
    values = {}
    for group in groups:
        members = [k for k in knobs.values() if k.group == group]
        with st.expander(t(f"feedback.group.{group}"), expanded=group in ("ranking", "policing")):
            columns = st.columns(2)
            for i, knob in enumerate(members):
                with columns[i % 2]:
                    values[knob.name] = knob_widget(knob, KEY + knob.name)
    return with_overrides(base, values, knobs)


def comparison_controls(config, preset: str) -> Comparison | None:
    """The optional second configuration (same world and seeds: common random numbers)."""
    if not st.toggle(t("feedback.compare"), key="fb_compare", help=t("feedback.compare_help")):
        return None
    policing = isinstance(config, PolicingConfig)
    if policing:
        mode = "knob"
    else:
        mode = choice("feedback.compare_mode", ["preset", "knob"], "fb_compare_mode", option_key="feedback.compare_mode.{}", horizontal=True)
    if mode == "preset":
        if st.session_state.get("fb_compare_preset") not in SOCIAL_PRESETS:
            st.session_state["fb_compare_preset"] = other_preset(preset)
        other = choice("feedback.compare_preset", SOCIAL_PRESETS, "fb_compare_preset", option_key=preset_key, widget="selectbox")
        comparison = Comparison(mode="preset", preset=other)
    else:
        knobs = knobs_for(config)
        names = [n for n, k in knobs.items() if k.group != "seeds"]
        if st.session_state.get("fb_compare_knob") not in names:
            st.session_state["fb_compare_knob"] = "correction" if policing else "ranking"
        name = choice("feedback.compare_knob", names, "fb_compare_knob", option_key="feedback.knob.{}", widget="selectbox")
        knob = knobs[name]
        value_key = f"fb_cmp_{name}"
        if value_key not in st.session_state:  # start B from something that differs from A where that is obvious
            st.session_state[value_key] = widget_value(knob, contrasting_value(knob, getattr(config, name)))
        value = knob_widget(knob, value_key, label_key="feedback.compare_value", label_values={"knob": knob_label(name)})
        comparison = Comparison(mode="knob", knob=name, value=value)
    st.caption(t("feedback.crn"))
    return comparison


def comparison_label(comparison: Comparison, config) -> str:
    """The second run's name in tables and charts: ``B · <preset>`` or ``B · <knob> = <value>``."""
    if comparison.mode == "preset":
        return "B · " + preset_label(comparison.preset)
    knob = knobs_for(config)[comparison.knob]
    if is_switch(knob):
        value = t("feedback.on") if int(comparison.value) else t("feedback.off")
    elif knob.kind == "choice":
        value = t(f"feedback.{knob.name}.{comparison.value}")
    else:
        value = comparison.value
    return f"B · {knob_label(comparison.knob)} = {value}"
