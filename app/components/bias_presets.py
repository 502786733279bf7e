"""Bias probes page: the lecture's preset buttons and what each preset shows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import bias
from analysis.charts import bias as charts_bias
from analysis.name_verdict import name_verdict
from app import ui
from app.i18n import md, num, signed, t

PRESET_KEY = "bias_preset"  # session: the preset last clicked


def fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def preset_buttons(keys: list[str]) -> str | None:
    """One button per preset in a row; returns the preset chosen now or earlier in the session."""
    for column, key in zip(st.columns(len(keys)), keys):
        if column.button(t(f"bias.preset_{key}"), key=f"preset_{key}", width="stretch"):
            st.session_state[PRESET_KEY] = key
    return st.session_state.get(PRESET_KEY)


def show_preset(emb, chosen: str | None, analogy_presets: dict) -> None:
    """Draw the chosen preset, each in its own guard so a failure keeps the rest of the page."""
    if chosen in analogy_presets:
        with ui.guard():
            show_analogy_preset(emb, *analogy_presets[chosen])
    elif chosen == "john_mary":
        with ui.guard():
            show_john_mary(emb)


def show_analogy_preset(emb, positive: list[str], negative: list[str], famous: str) -> None:
    probe = bias.analogy_probe(emb, positive, negative, expected=famous, topn=10)
    st.markdown(md("bias.preset_query", query=f"{positive[0]} − {negative[0]} + {positive[1]}"))
    top = probe.results[0].word if probe.results else "—"
    if probe.expected_rank is None:
        st.warning(md("bias.famous_missing", word=famous))
    elif probe.expected_rank == 1:
        st.success(md("bias.famous_top", word=famous, score=fmt(probe.expected_score)))
    else:
        st.info(md("bias.famous_found", top=top, word=famous, rank=num(probe.expected_rank), score=fmt(probe.expected_score)))
    left, right = st.columns([1, 2])
    left.metric(
        t("bias.famous_rank", word=famous),
        t("bias.famous_rank_value", rank=num(probe.expected_rank), total=num(len(emb) - len(positive) - len(negative)))
        if probe.expected_rank
        else "—",
    )
    left.caption(md("bias.preset_source", word=famous))
    table = pd.DataFrame(
        {t("bias.rank"): range(1, len(probe.results) + 1), t("common.word"): [n.word for n in probe.results], t("common.score"): [n.score for n in probe.results]}
    )
    right.dataframe(table, hide_index=True, width="stretch")
    st.markdown(md("bias.with_inputs", word=probe.top_with_inputs))


def show_john_mary(emb) -> None:
    verdict = name_verdict(emb, "programmer", "John", "Mary")
    st.caption(t("bias.john_mary_caption"))
    a, b, c, d = st.columns(4)
    a.metric(t("bias.metric_john"), fmt(verdict.male))
    b.metric(t("bias.metric_mary"), fmt(verdict.female))
    c.metric(t("bias.metric_male_mean"), fmt(verdict.male_mean))
    d.metric(t("bias.metric_female_mean"), fmt(verdict.female_mean))
    st.markdown(md("bias.john_closer", closer=verdict.closer, diff=signed(verdict.difference, 3)))
    st.altair_chart(
        charts_bias.name_probe_chart(verdict.lists, male_label=t("bias.male_label"), female_label=t("bias.female_label"), x_title=t("common.cosine_similarity")),
        width="stretch",
    )
