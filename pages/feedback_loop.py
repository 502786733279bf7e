"""Feedback loop: the social-media loop and the predictive-policing urn (issue 7).

Widgets (a preset, a slider per knob, an optional second configuration) → one call into
``analysis.feedback.compare.run_all`` → charts and tables. The configuration, seeds included, is
mirrored into the URL (``fb_*`` parameters) so a run can be shared and reproduced.
"""

from __future__ import annotations

import streamlit as st

from analysis import budget
from analysis.feedback.compare import second_config
from analysis.feedback.config import FeedbackConfig
from analysis.feedback.policing import PolicingResult
from app import state, ui
from app.components import feedback_run
from app.components.feedback_link import restore_link, write_link
from app.components.feedback_results import render_loop, render_policing
from app.components.knob_panel import comparison_controls, comparison_label, knob_controls, preset_label, preset_picker
from app.components.loop_diagram import loop_diagram
from app.i18n import current_language, md, num, t

st.title(t("feedback.title"))
st.markdown(t("feedback.intro"))
with st.expander(t("feedback.loop_diagram"), expanded=True):
    loop_diagram()  # not lesson_models': that module loads PyTorch
with ui.guard():
    link = restore_link()
    if link.error is not None:
        st.warning(md("feedback.link_error", error=link.error.localised(current_language())))
    preset = preset_picker()
    config = knob_controls(preset)
    comparison = comparison_controls(config, preset)
    if isinstance(config, FeedbackConfig):  # the budget is checked here; the estimate is measured
        estimate = state.run_estimate(config)
        st.caption(t("security.estimate", seconds=num(estimate.seconds, 0) if estimate.seconds >= 1 else "< 1",
                     work=estimate.work, limit=budget.current().simulation_work))
    clicked = st.button(t("common.run"), type="primary", key="fb_run")
    if clicked or st.session_state.pop("fb_autorun", False):
        configs = {"A · " + preset_label(preset): config}
        if comparison is not None:
            configs[comparison_label(comparison, config)] = second_config(config, comparison)
        feedback_run.start(configs)  # in a worker: Stop keeps the steps already simulated
        write_link(config, comparison)
    feedback_run.show()
    results = st.session_state.get("fb_results")
    if not results:
        st.info(t("feedback.empty"))
    elif all(isinstance(r, PolicingResult) for r in results.values()):
        render_policing(results)
    else:
        render_loop(results)
    st.caption(t("feedback.share_hint"))
