"""Bias probes page, second and third tabs: generated she/he analogies and custom probes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import bias
from analysis.charts import bias as charts_bias
from analysis.wordlists import load_words
from app import state, ui
from app.components.choice import choice
from app.i18n import md, num, t

RESTRICT_VOCAB = [5_000, 10_000, 20_000, 50_000]  # the analogy search's vocabulary sizes


def analogies_tab(emb) -> None:
    st.subheader(t("bias.analogies_header"))
    st.caption(t("bias.analogies_caption"))
    a1, a2, a3, a4, a5 = st.columns(5)
    seed_a = a1.text_input(t("bias.seed_a"), value="she", key="bias_seed_a")
    seed_b = a2.text_input(t("bias.seed_b"), value="he", key="bias_seed_b")
    delta = a3.number_input(t("bias.delta"), min_value=0.1, max_value=2.0, value=1.0, step=0.1, key="bias_delta")
    topn = a4.number_input(t("bias.topn"), min_value=5, max_value=500, value=50, step=5, key="bias_topn")
    restrict = choice("bias.restrict_vocab", RESTRICT_VOCAB, "bias_restrict", labels={n: num(n) for n in RESTRICT_VOCAB}, widget="selectbox", where=a5, index=2)
    if st.button(t("bias.generate"), type="primary", key="bias_generate"):
        st.session_state["bias_analogies_on"] = True
    if not st.session_state.get("bias_analogies_on"):
        st.info(t("bias.analogies_empty"))
        return
    progress, bar = ui.progress_bar(t("bias.generating"))
    result = state.she_he_analogies(emb.info.content_hash, (seed_a.strip(), seed_b.strip()), float(delta), int(topn), int(restrict), emb, _progress=progress)
    bar.empty()
    table = pd.DataFrame(
        {
            "#": range(1, len(result.pairs) + 1),
            t("bias.col_x", a=result.seed[0]): [p.x for p in result.pairs],
            t("bias.col_y", b=result.seed[1]): [p.y for p in result.pairs],
            t("bias.col_score"): [round(p.score, 4) for p in result.pairs],
            t("bias.col_distance"): [round(p.distance, 4) for p in result.pairs],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    ui.download_csv(table, "she_he_analogies.csv", key="bias_dl_analogies")


def custom_tab(emb, direction) -> None:
    st.subheader(t("bias.custom_header"))
    st.caption(t("bias.custom_caption"))
    words = ui.words_input(t("bias.custom_words"), "doctor, nurse, brilliant, beautiful, genius, sweet", key="bias_probe_words")
    if words:
        proj = bias.project(emb, words, direction or bias.bias_direction(emb))
        if proj.missing:
            st.warning(md("common.missing_words", words=", ".join(proj.missing)))
            for word in proj.missing:
                near = emb.suggest(word)
                if near:
                    st.info(md("common.did_you_mean", word=word, suggestions=", ".join(near)))
        if proj:
            frame = pd.DataFrame({t("common.word"): [p.word for p in proj], t("bias.col_projection"): [round(p.projection, 4) for p in proj]})
            st.dataframe(frame, hide_index=True, width="stretch")
    names_section(emb)


def names_section(emb) -> None:
    st.subheader(t("bias.names_header"))
    st.caption(t("bias.names_caption"))
    targets = ui.words_input(t("bias.names_targets"), "programmer, homemaker, engineer, nurse", key="bias_name_targets")
    n1, n2 = st.columns(2)
    with n1:
        males = ui.words_input(t("bias.names_male"), load_words("names/male"), key="bias_names_male", height=100)
    with n2:
        females = ui.words_input(t("bias.names_female"), load_words("names/female"), key="bias_names_female", height=100)
    with ui.guard():
        probe = bias.name_probe(emb, targets, males, females)
        if probe.missing:
            st.caption(md("common.missing_words", words=", ".join(probe.missing)))
        frame = pd.DataFrame(
            {
                t("bias.col_target"): [r.target for r in probe.rows],
                t("bias.col_male_mean"): [round(r.male_mean, 4) for r in probe.rows],
                t("bias.col_female_mean"): [round(r.female_mean, 4) for r in probe.rows],
                t("bias.col_difference"): [round(r.difference, 4) for r in probe.rows],
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch")
        chart = charts_bias.name_probe_chart(probe, male_label=t("bias.male_label"), female_label=t("bias.female_label"), x_title=t("common.cosine_similarity"))
        st.altair_chart(chart, width="stretch")
        ui.download_csv(charts_bias.name_probe_frame(probe), "name_probe.csv", key="bias_dl_names")
