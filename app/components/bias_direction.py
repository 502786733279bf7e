"""Bias probes page, first tab: the bias direction, professions along it, direct and indirect bias."""

from __future__ import annotations

import streamlit as st

from analysis import bias
from analysis.charts import bias as charts_bias
from analysis.wordlists import load_words
from analysis.wordparse import parse_pairs
from app import ui
from app.components.choice import choice
from app.escape import plain
from app.i18n import md, num, pct, sig, signed, t


def direction_label(direction) -> str:
    """``she − he`` for one pair, else "PCA of 10 pairs" in the session's language."""
    if direction.method == "pair" and direction.pairs_used:
        return direction.label
    return t(f"bias.label_{direction.method}", n=len(direction.pairs_used))


def bias_along(emb, direction) -> None:
    """The rest of the tab: professions along the direction, direct and indirect bias."""
    positive_word, negative_word = direction.pairs_used[0]
    labels = {"positive_label": t("bias.positive", word=positive_word), "negative_label": t("bias.negative", word=negative_word)}
    st.subheader(t("bias.professions_header"))
    projections = professions_section(emb, direction, labels)
    if projections:
        direct_bias_section(emb, direction, projections)
    indirect_section(emb, direction)


def direction_section(emb):
    """The direction's widgets, label and explained variance; returns the direction."""
    st.subheader(t("bias.direction_header"))
    method = choice("bias.method", ["pca", "mean", "pair"], "bias_method", option_key="bias.method_{}", horizontal=True)
    if method == "pair":
        c1, c2 = st.columns(2)
        first = c1.text_input(t("bias.pair_first"), key="bias_pair_a")
        second = c2.text_input(t("bias.pair_second"), key="bias_pair_b")
        pairs = [(first.strip(), second.strip())]
    else:
        text = st.text_area(t("bias.pairs_input"), key="bias_pairs", help=t("bias.pairs_help"), height=90)
        pairs = parse_pairs(text)
    direction = bias.bias_direction(emb, method, pairs)
    if direction.missing:
        st.warning(md("common.missing_words", words=", ".join(direction.missing)))
    st.markdown(md("bias.direction_label", label=direction_label(direction), pairs=len(direction.pairs_used)))
    ratios = direction.explained_variance
    m1, m2, chart_col = st.columns([1, 1, 3])
    m1.metric(t("bias.pc1_metric"), pct(ratios[0]))
    if len(ratios) > 1:
        m2.metric(t("bias.pc2_metric"), pct(ratios[1]))
    chart_col.altair_chart(charts_bias.direction_variance_chart(ratios, t("bias.variance_title"), y_title=t("common.explained_variance_ratio")), width="stretch")
    st.caption(t("bias.variance_caption"))
    return direction


def professions_section(emb, direction, labels: dict):
    """The word list's projections onto the direction (chart), or None when no word is known."""
    which = choice("bias.word_list", ["neutral", "all", "custom"], "bias_list", option_key="bias.list_{}", horizontal=True)
    if which == "neutral":
        words = bias.neutral_professions()
    elif which == "all":
        words = load_words("bolukbasi/professions")
    else:
        words = ui.parse_words(st.text_area(t("bias.custom_words"), key="bias_custom_list", height=80))
    projections = bias.project(emb, words, direction)
    if projections.missing:
        st.caption(md("common.missing_words", words=", ".join(projections.missing)))
    if not projections:
        st.warning(t("bias.no_words"))
        return None
    max_bars = st.slider(t("bias.max_bars"), 10, max(10, min(len(projections), 400)), min(60, len(projections)), key="bias_max_bars") if len(projections) > 10 else None
    second_axis = st.checkbox(t("bias.second_axis"), key="bias_second_axis")
    axis_title = t("bias.axis_title", label=direction_label(direction))
    second_proj = None
    if second_axis:
        s1, s2 = st.columns(2)
        sa = s1.text_input(t("bias.second_first"), value="rich", key="bias_second_a")
        sb = s2.text_input(t("bias.second_second"), value="poor", key="bias_second_b")
        # Its own guard: a bad second pair falls back to one axis and keeps the rest of the tab.
        with ui.guard():
            second_dir = bias.bias_direction(emb, "pair", [(sa.strip(), sb.strip())])
            second_proj = bias.project(emb, [p.word for p in projections], second_dir)
    if second_proj is not None:
        second_title = t("bias.axis_title", label=direction_label(second_dir))
        chart = charts_bias.projection_chart(projections, second_proj, axis_title=axis_title, second_title=second_title, **labels)
    else:
        chart = charts_bias.projection_chart(projections, axis_title=axis_title, max_bars=max_bars, **labels)
    st.altair_chart(chart, width="stretch")
    return projections


def direct_bias_section(emb, direction, projections) -> None:
    st.subheader(t("bias.direct_header"))
    c = st.number_input(t("bias.c"), min_value=0.0, max_value=10.0, step=0.25, help=t("bias.c_help"), key="bias_c")
    report = bias.direct_bias_report(emb, [p.word for p in projections], direction, c=c)
    d1, d2 = st.columns([1, 3])
    d1.metric(t("bias.direct_metric", c=sig(report.c, 6)), num(report.value, 4), help=t("bias.direct_caption"))
    d1.caption(md("bias.direct_words", n=len(report.words)))
    d2.caption(t("bias.direct_caption"))
    with d2.expander(t("bias.words_used", n=len(report.words))):
        st.write(plain(", ".join(report.words)))
    ui.download_csv(charts_bias.projection_frame(report.projections), "projections.csv", key="bias_dl_projections")


def indirect_section(emb, direction) -> None:
    st.subheader(t("bias.indirect_header"))
    i1, i2 = st.columns(2)
    w = i1.text_input(t("bias.indirect_w"), value="softball", key="bias_ind_w")
    v = i2.text_input(t("bias.indirect_v"), value="receptionist", key="bias_ind_v")
    with ui.guard():
        beta = bias.indirect_bias(emb, w, v, direction)
        j1, j2, j3 = st.columns([1, 1, 2])
        j1.metric(t("bias.indirect_metric"), signed(beta, 4))
        j2.metric(t("bias.indirect_cos"), num(emb.similarity(w, v), 4))
        j3.caption(t("bias.indirect_caption"))
