"""Feedback loop: the social-media loop and the predictive-policing urn (issue 7).

Widgets (a preset, a slider per knob, an optional second configuration) → one call into
``analysis.feedback.compare.run_all`` → charts and tables. The configuration, seeds included, is
mirrored into the URL (``fb_*`` parameters) so a run can be shared and reproduced.
"""

from __future__ import annotations

import streamlit as st

from analysis import budget
from analysis.charts import feedback as charts
from analysis.errors import AnalysisError
from analysis.feedback.compare import Comparison, knobs_for, run_all, second_config, summary_table, time_series
from analysis.feedback.config import POLICING_PRESET, PRESETS, FeedbackConfig, Knob, with_overrides
from analysis.feedback.metrics import METRICS
from analysis.feedback.policing import PolicingConfig, PolicingResult
from analysis.feedback.share import PREFIX, base_config, from_query, to_query
from app import state, ui
from app.components import lesson_models
from app.i18n import md, t
from app.keep_on_stop import KeepOnStop

LOOP_GROUPS = ("world", "ranking", "learning", "choice", "users", "publishers", "seeds")
SOCIAL_PRESETS = [p for p in PRESETS if p != POLICING_PRESET]
CHART_TABS = {
    "polarisation": ["mean_abs_stance", "stance_variance", "bimodality", "extreme_share", "drift"],
    "engagement": ["ctr", "welfare", "hostility"],
    "content": ["new_item_extremity", "new_item_clickbait", "publisher_extremity", "publisher_clickbait", "click_gini"],
    "weights": ["w_agreement", "w_extremity", "w_clickbait", "w_popularity"],
    "bubbles": ["cross_cutting", "homogenisation", "estimate_error"],
}
SUMMARY = ["ctr", "welfare", "hostility", "mean_abs_stance", "extreme_share", "cross_cutting", "homogenisation",
           "new_item_extremity", "new_item_clickbait", "click_gini"]
KEY = "fb_k_"  # widget keys of the knobs


def slug(name: str) -> str:
    return name.replace(" ", "_")


def preset_label(name: str) -> str:
    return t(f"feedback.preset.{slug(name)}")


def knob_label(name: str) -> str:
    return t(f"feedback.knob.{name}")


def metric_labels() -> dict[str, str]:
    return {m: t(f"feedback.metric.{m}") for m in METRICS}


def set_widgets(config) -> None:
    """Put a configuration's values into the knob widgets' state."""
    for name, knob in knobs_for(config).items():
        value = getattr(config, name)
        st.session_state[KEY + name] = bool(value) if _is_switch(knob) else value


def load_preset() -> None:
    set_widgets(base_config(st.session_state["fb_preset"]))


def _is_switch(knob: Knob) -> bool:
    return knob.kind == "int" and knob.low == 0 and knob.high == 1


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
            st.session_state[f"fb_cmp_{knob.name}"] = _widget_value(knob, getattr(value, knob.name))
    st.session_state["fb_autorun"] = True


def _widget_value(knob: Knob, value):
    if _is_switch(knob):
        return bool(value)
    return float(value) if knob.kind == "float" else value


def knob_widget(knob: Knob, key: str, label: str | None = None):
    """The widget for one knob, with its one-line explanation; returns the raw value."""
    label = label or knob_label(knob.name)
    if knob.kind == "choice":
        value = st.selectbox(label, knob.choices, key=key, format_func=lambda c: t(f"feedback.{knob.name}.{c}"))
    elif _is_switch(knob):
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
    knobs = knobs_for(base)
    if KEY + next(iter(knobs)) not in st.session_state:
        set_widgets(base)
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
        mode = st.radio(t("feedback.compare_mode"), ["preset", "knob"], key="fb_compare_mode", horizontal=True,
                        format_func=lambda m: t(f"feedback.compare_mode.{m}"))
    if mode == "preset":
        if st.session_state.get("fb_compare_preset") not in SOCIAL_PRESETS:
            st.session_state["fb_compare_preset"] = "random feed" if preset != "random feed" else "engagement feed"
        other = st.selectbox(t("feedback.compare_preset"), SOCIAL_PRESETS, key="fb_compare_preset", format_func=preset_label)
        comparison = Comparison(mode="preset", preset=other)
    else:
        knobs = knobs_for(config)
        names = [n for n, k in knobs.items() if k.group != "seeds"]
        if st.session_state.get("fb_compare_knob") not in names:
            st.session_state["fb_compare_knob"] = "correction" if policing else "ranking"
        name = st.selectbox(t("feedback.compare_knob"), names, key="fb_compare_knob", format_func=knob_label)
        knob = knobs[name]
        value_key = f"fb_cmp_{name}"
        if value_key not in st.session_state:  # start B from something that differs from A where that is obvious
            current = getattr(config, name)
            if _is_switch(knob):
                current = 1 - current
            elif knob.kind == "choice":
                current = next(c for c in knob.choices if c != current)
            st.session_state[value_key] = _widget_value(knob, current)
        value = knob_widget(knob, value_key, label=t("feedback.compare_value", knob=knob_label(name)))
        comparison = Comparison(mode="knob", knob=name, value=value)
    st.caption(t("feedback.crn"))
    return comparison


def comparison_label(comparison: Comparison, config) -> str:
    if comparison.mode == "preset":
        return "B · " + preset_label(comparison.preset)
    knob = knobs_for(config)[comparison.knob]
    if _is_switch(knob):
        value = t("feedback.on") if int(comparison.value) else t("feedback.off")
    elif knob.kind == "choice":
        value = t(f"feedback.{knob.name}.{comparison.value}")
    else:
        value = comparison.value
    return f"B · {knob_label(comparison.knob)} = {value}"


def write_link(preset: str, config, comparison: Comparison | None) -> None:
    """Mirror the run into the URL (only our fb_* parameters; the language switch keeps its own)."""
    params = to_query(preset, config, comparison)
    for key in [k for k in st.query_params if k.startswith(PREFIX) and k not in params]:
        del st.query_params[key]
    st.query_params.update(params)


def render_loop(results: dict) -> None:
    labels = metric_labels()
    table = summary_table(results, SUMMARY)
    table.index = [labels[m] for m in table.index]
    st.markdown(t("feedback.summary"))
    formats = {column: "{:+.3f}" if column == "B − A" else "{:.3f}" for column in table.columns}
    st.dataframe(table.style.format(formats), width="stretch")
    for label, result in results.items():
        w = result.final_weights
        st.markdown(md("feedback.learned", config=label, agreement=f"{w['agreement']:+.2f}", extremity=f"{w['extremity']:+.2f}",
                      clickbait=f"{w['clickbait']:+.2f}", popularity=f"{w['popularity']:+.2f}"))
        if result.stopped_early:
            st.warning(md("feedback.stopped", config=label, steps=len(result.metrics)))
    series = time_series(results)
    tabs = st.tabs([t(f"feedback.tab.{name}") for name in CHART_TABS])
    for tab, metrics in zip(tabs, CHART_TABS.values()):
        with tab:
            chart = charts.metrics_chart(series, metrics, labels, step_title=t("feedback.axis.step"),
                                         value_title=t("feedback.axis.value"), metric_title=t("feedback.axis.metric"))
            st.altair_chart(chart, width="stretch")
    st.markdown(t("feedback.histogram"))
    last = max(len(r.stance_histograms) - 1 for r in results.values())
    if st.session_state.get("fb_hist_step") is None or st.session_state["fb_hist_step"] > last:
        st.session_state["fb_hist_step"] = last  # a new run starts at its last step
    step = st.slider(t("feedback.histogram_step"), min_value=0, max_value=max(last, 1), key="fb_hist_step")
    hist = charts.histogram_table(results, step, t("feedback.before"), t("feedback.at_step"))
    st.altair_chart(charts.stance_histogram_chart(hist, stance_title=t("feedback.axis.stance"),
                                                  share_title=t("feedback.axis.share_users"), moment_title=t("feedback.axis.when")),
                    width="stretch")
    ui.download_csv(series, "feedback_loop_time_series.csv", key="fb_download", label=t("feedback.download"))


def render_policing(results: dict) -> None:
    columns = st.columns(len(results))
    for column, (label, result) in zip(columns, results.items()):
        final = result.final_shares
        column.metric(t("feedback.policing.final", config=label), f"{final.mean():.3f}",
                      help=t("feedback.policing.final_help", sd=f"{final.std():.3f}", runs=len(final)))
        column.caption(md("feedback.policing.true", share=f"{result.true_share:.3f}"))
    chart = charts.policing_chart(results, day_title=t("feedback.policing.day"), share_title=t("feedback.policing.share"),
                                  mean_label=t("feedback.policing.mean"), band_label=t("feedback.policing.band"),
                                  run_label=t("feedback.policing.runs"), true_label=t("feedback.policing.true_line"))
    st.altair_chart(chart, width="stretch")
    st.altair_chart(charts.final_share_chart(results, share_title=t("feedback.policing.final_axis"),
                                             count_title=t("feedback.policing.count")), width="stretch")
    ui.download_csv(time_series(results), "policing_urn_time_series.csv", key="fb_download", label=t("feedback.download"))


st.title(t("feedback.title"))
st.markdown(t("feedback.intro"))
with st.expander(t("feedback.loop_diagram"), expanded=True):
    lesson_models.loop_diagram()
with ui.guard():
    apply_link_once()
    if "fb_link_error" in st.session_state:
        st.warning(md("feedback.link_error", error=st.session_state.pop("fb_link_error")))
    if st.session_state.get("fb_preset") not in PRESETS:
        st.session_state["fb_preset"] = PRESETS[0]
    preset = st.selectbox(t("feedback.preset"), PRESETS, key="fb_preset", format_func=preset_label, on_change=load_preset)
    st.caption(t(f"feedback.preset_help.{slug(preset)}"))
    config = knob_controls(preset)
    comparison = comparison_controls(config, preset)
    if isinstance(config, FeedbackConfig):  # the budget is checked here; the estimate is measured
        estimate = state.run_estimate(config)
        st.caption(t("security.estimate", seconds=f"{estimate.seconds:.0f}" if estimate.seconds >= 1 else "< 1",
                     work=estimate.work, limit=budget.current().simulation_work))
    clicked = st.button(t("common.run"), type="primary", key="fb_run")
    if st.session_state.get("fb_stop"):  # clicking Stop reran the script, which ended the run
        st.info(t("security.stopped"))
    if clicked or st.session_state.pop("fb_autorun", False):
        st.button(t("security.stop"), key="fb_stop")
        configs = {"A · " + preset_label(preset): config}
        if comparison is not None:
            configs[comparison_label(comparison, config)] = second_config(config, comparison)
        progress, bar = ui.progress_bar(t("feedback.running"))
        progress = KeepOnStop(progress)  # Stop keeps the steps already simulated
        results = run_all(list(configs.values()), progress)
        st.session_state["fb_results"] = dict(zip(configs, results))
        st.session_state.pop("fb_hist_step", None)
        progress.resume()  # the Stop click's rerun, now that the partial run is stored
        bar.empty()
        write_link(preset, config, comparison)
    results = st.session_state.get("fb_results")
    if not results:
        st.info(t("feedback.empty"))
    elif all(isinstance(r, PolicingResult) for r in results.values()):
        render_policing(results)
    else:
        render_loop(results)
    st.caption(t("feedback.share_hint"))
