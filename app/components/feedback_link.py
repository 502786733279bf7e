"""The feedback-loop page's shareable link: read the ``fb_*`` URL parameters once, write them after a run."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from analysis.feedback.compare import Comparison, knobs_for, second_config
from analysis.feedback.knob_values import widget_value
from analysis.feedback.share import PREFIX, from_query, to_query
from app.components.knob_panel import set_widgets


def apply_link_once() -> None:
    """On the first visit of a session, take the configuration from the URL (if it has one)."""
    if st.session_state.get("fb_link_read"):
        return
    st.session_state["fb_link_read"] = True
    params = {k: st.query_params[k] for k in st.query_params if k.startswith(PREFIX)}
    if not params:
        return
    try:
        shared = from_query(params)
    except AnalysisError as exc:
        st.session_state["fb_link_error"] = str(exc)
        return
    st.session_state["fb_preset"] = shared.preset
    set_widgets(shared.config)
    if shared.comparison is not None:
        st.session_state["fb_compare"] = True
        st.session_state["fb_compare_mode"] = shared.comparison.mode
        if shared.comparison.mode == "preset":
            st.session_state["fb_compare_preset"] = shared.comparison.preset
        else:
            knob = knobs_for(shared.config)[shared.comparison.knob]
            st.session_state["fb_compare_knob"] = knob.name
            value = second_config(shared.config, shared.comparison)
            st.session_state[f"fb_cmp_{knob.name}"] = widget_value(knob, getattr(value, knob.name))
    st.session_state["fb_autorun"] = True


def write_link(preset: str, config, comparison: Comparison | None) -> None:
    """Mirror the run into the URL (only our fb_* parameters; the language switch keeps its own)."""
    params = to_query(preset, config, comparison)
    for key in [k for k in st.query_params if k.startswith(PREFIX) and k not in params]:
        del st.query_params[key]
    st.query_params.update(params)
