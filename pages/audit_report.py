"""Audit report: run every probe on the active embedding and download the result."""

from __future__ import annotations

import streamlit as st

from analysis.charts.report import report_charts
from analysis.report import (
    ALL_WEAT_TESTS,
    ReportConfig,
    build_comparison,
    build_report,
    to_html,
    to_json,
    to_markdown,
)
from analysis.serialize import to_json_text
from app import state, ui
from app.components.choice import choice
from app.components.report_options import report_options
from app.i18n import current_language, num, pct, t

st.title(t("report.title"))
st.markdown(t("report.intro"))
emb = state.active_embeddings()
ui.embedding_caption(emb.info)

with st.form("report_form"):
    a, b = st.columns(2)
    auditor = a.text_input(t("report.auditor"), key="report_auditor")
    context = b.text_input(t("report.context"), key="report_context", placeholder=t("report.context_placeholder"))
    tests = st.multiselect(t("report.tests"), list(ALL_WEAT_TESTS), default=list(ALL_WEAT_TESTS), key="report_tests")
    c1, c2, c3, c4 = st.columns(4)
    permutations = c1.select_slider(t("report.permutations"), [1_000, 10_000, 100_000], value=10_000, key="report_permutations")
    seed = c2.number_input(t("report.seed"), 0, 2**31 - 1, 0, key="report_seed")
    ddof = choice("report.ddof", [1, 0], "report_ddof", option_key={1: "report.ddof_sample", 0: "report.ddof_population"}.__getitem__, where=c3)
    direction = c4.selectbox(t("report.direction"), ["pca", "mean", "pair:she,he"], key="report_direction")
    d1, d2 = st.columns(2)
    benchmarks = d1.checkbox(t("report.benchmarks"), value=True, key="report_benchmarks")
    lang = d2.radio(t("report.language"), ["en", "de"], index=["en", "de"].index(current_language()), horizontal=True, key="report_lang")
    options = report_options(emb)
    submitted = st.form_submit_button(t("report.run"), type="primary")

if submitted:
    with ui.guard():
        config = ReportConfig(
            weat_tests=tuple(tests), permutations=int(permutations), seed=int(seed), ddof=int(ddof),
            direction=direction, benchmarks=benchmarks, auditor=auditor.strip(), context=context.strip(),
            custom_weat=options.custom, she_he_topn=options.she_he_topn, indirect_pairs=options.indirect_pairs, debias=options.debias,
        )
        update, bar = ui.progress_bar(t("report.running"))
        if options.compare is None:
            result = build_report(emb, config, progress=update, debiased_from=options.debiased_from)
        else:  # the second embedding gets the same probes and the same debiasing evidence
            result = build_comparison(emb, options.compare, config, progress=update, debiased_from=options.debiased_from)
        st.session_state["audit_report"] = result
        st.session_state.pop("audit_report_files", None)
        bar.empty()

report = st.session_state.get("audit_report")
if report is None:
    st.info(t("report.empty"))
elif report.embedding["hash"] != emb.info.content_hash:
    st.warning(t("report.stale", name=report.embedding["name"]))

if report is not None:
    with ui.guard():
        lang_now = st.session_state.get("report_lang", "en")
        m1, m2, m3 = st.columns(3)
        significant = [w for w in report.weat if w["p_value"] < 0.05 and w["effect_size"] > 0]
        if report.weat:
            m1.metric(t("report.metric_weat"), f"{len(significant)} / {len(report.weat)}")
        if report.direct_bias:
            m2.metric(t("report.metric_direct"), num(report.direct_bias['value'], 3))
        if report.quality:
            m3.metric(t("report.metric_accuracy"), pct(report.quality["analogy_accuracy"]))
        charts = report_charts(report, lang_now)
        if charts:
            st.caption(t("report_options.figure_caption"))
            for key, chart in charts.items():
                st.altair_chart(chart, width="stretch", key=f"report_chart_{key}")
        # The SVG charts take a second or two to render: once per report and language.
        files = st.session_state.get("audit_report_files")
        if not files or files[0] != (id(report), lang_now):
            files = ((id(report), lang_now), to_html(report, lang_now), to_markdown(report, lang_now, charts=True))
            st.session_state["audit_report_files"] = files
        stem = f"bias-audit-{report.embedding['name']}".replace(" ", "_").replace("/", "_")[:80]
        markdown = to_markdown(report, lang_now)
        x1, x2, x3, x4 = st.columns(4)
        x1.download_button(t("report.download_md"), markdown.encode("utf-8"), f"{stem}.md", "text/markdown", key="report_dl_md")
        x2.download_button(t("report_options.download_md_charts"), files[2].encode("utf-8"), f"{stem}-charts.md", "text/markdown", key="report_dl_md_charts")
        x3.download_button(t("report.download_html"), files[1].encode("utf-8"), f"{stem}.html", "text/html", key="report_dl_html")
        x4.download_button(
            t("report.download_json"),
            to_json_text(to_json(report)).encode("utf-8"),
            f"{stem}.json", "application/json", key="report_dl_json",
        )
        with st.container(border=True):
            st.markdown(markdown)
