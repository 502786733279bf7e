"""The feedback-loop page's results: the social loop's table, tabs and histogram; the urn's shares."""

from __future__ import annotations

import streamlit as st

from analysis.charts import feedback as charts
from analysis.feedback.metrics import METRICS
from analysis.tables.feedback import histogram_table, summary_table, time_series
from app import ui
from app.i18n import current_language, md, num, signed, t

# Which metrics each chart tab shows.
CHART_TABS = {
    "polarisation": ["mean_abs_stance", "stance_variance", "bimodality", "extreme_share", "drift"],
    "engagement": ["ctr", "welfare", "hostility"],
    "content": ["new_item_extremity", "new_item_clickbait", "publisher_extremity", "publisher_clickbait", "click_gini"],
    "weights": ["w_agreement", "w_extremity", "w_clickbait", "w_popularity"],
    "bubbles": ["cross_cutting", "homogenisation", "estimate_error"],
}
# The rows of the summary table.
SUMMARY = ["ctr", "welfare", "hostility", "mean_abs_stance", "extreme_share", "cross_cutting", "homogenisation",
           "new_item_extremity", "new_item_clickbait", "click_gini"]


def metric_labels() -> dict[str, str]:
    return {m: t(f"feedback.metric.{m}") for m in METRICS}


def render_loop(results: dict) -> None:
    labels = metric_labels()
    table = summary_table(results, SUMMARY)
    table.index = [labels[m] for m in table.index]
    st.markdown(t("feedback.summary"))
    formats = {column: (lambda v: signed(v, 3)) if column == "B − A" else (lambda v: num(v, 3)) for column in table.columns}
    st.dataframe(table.style.format(formats), width="stretch")
    for label, result in results.items():
        w = result.final_weights
        st.markdown(md("feedback.learned", config=label, agreement=signed(w["agreement"]), extremity=signed(w["extremity"]),
                      clickbait=signed(w["clickbait"]), popularity=signed(w["popularity"])))
        if result.stopped_early:
            st.warning(md("feedback.stopped", config=label, steps=len(result.metrics)))
    series = time_series(results)
    # Finished runs are shared across sessions by their configurations (app/state.py), so are their charts.
    view = None if any(r.stopped_early for r in results.values()) else (tuple((k, r.config) for k, r in results.items()), current_language())
    tabs = st.tabs([t(f"feedback.tab.{name}") for name in CHART_TABS])
    for tab, (name, metrics) in zip(tabs, CHART_TABS.items()):
        with tab:
            def chart(metrics=metrics):
                return charts.metrics_chart(series, metrics, labels, step_title=t("feedback.axis.step"),
                                            value_title=t("feedback.axis.value"), metric_title=t("feedback.axis.metric"))
            draw(("feedback-metrics", name, view), chart)
    st.markdown(t("feedback.histogram"))
    last = max(len(r.stance_histograms) - 1 for r in results.values())
    if st.session_state.get("fb_hist_step") is None or st.session_state["fb_hist_step"] > last:
        st.session_state["fb_hist_step"] = last  # a new run starts at its last step
    step = st.slider(t("feedback.histogram_step"), min_value=0, max_value=max(last, 1), key="fb_hist_step")
    draw(("feedback-histogram", step, view), lambda: charts.stance_histogram_chart(
        histogram_table(results, step, t("feedback.before"), t("feedback.at_step")), stance_title=t("feedback.axis.stance"),
        share_title=t("feedback.axis.share_users"), moment_title=t("feedback.axis.when")))
    ui.download_csv(series, "feedback_loop_time_series.csv", key="fb_download", label=t("feedback.download"))


def draw(key: tuple, build) -> None:
    """A chart shared across sessions when its runs are (``key[-1]`` not None), else built now."""
    if key[-1] is None:
        st.altair_chart(build(), width="stretch")
    else:
        ui.cached_chart(key, build)


def render_policing(results: dict) -> None:
    columns = st.columns(len(results))
    for column, (label, result) in zip(columns, results.items()):
        final = result.final_shares
        column.metric(t("feedback.policing.final", config=label), num(final.mean(), 3),
                      help=t("feedback.policing.final_help", sd=num(final.std(), 3), runs=len(final)))
        column.caption(md("feedback.policing.true", share=num(result.true_share, 3)))
    chart = charts.policing_chart(results, day_title=t("feedback.policing.day"), share_title=t("feedback.policing.share"),
                                  mean_label=t("feedback.policing.mean"), band_label=t("feedback.policing.band"),
                                  run_label=t("feedback.policing.runs"), true_label=t("feedback.policing.true_line"))
    st.altair_chart(chart, width="stretch")
    st.altair_chart(charts.final_share_chart(results, share_title=t("feedback.policing.final_axis"),
                                             count_title=t("feedback.policing.count")), width="stretch")
    ui.download_csv(time_series(results), "policing_urn_time_series.csv", key="fb_download", label=t("feedback.download"))
