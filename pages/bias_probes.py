"""Bias probes: lecture presets, bias direction, professions, direct/indirect bias, she/he analogies."""

from __future__ import annotations

import streamlit as st

from analysis.wordlists import lesson_presets, load_pairs
from app import state, ui
from app.components.bias_direction import bias_along, direction_section
from app.components.bias_presets import preset_buttons, show_preset
from app.components.bias_tabs import analogies_tab, custom_tab
from app.i18n import t
from app.url_state import Field, UrlBinder

# The lecture's examples (data/presets/lesson.json, shared with the audit report):
# key -> (positive words, negative words, the answer Bolukbasi et al. report).
ANALOGY_PRESETS = {
    p["key"]: (p["positive"], p["negative"], p["expected"])
    for p in lesson_presets()["bias_analogies"]
    if p["key"] != "king"  # the analogies page has king − man + woman
}
# The preset shown and the direction's inputs are in the URL, so a link reproduces the view.
URL = UrlBinder("bias_", [
    Field("preset", "preset", str, "", choices=("", *ANALOGY_PRESETS, "john_mary")),
    Field("method", "method", str, "pca", choices=("pca", "mean", "pair")),
    Field("pa", "pair_a", str, "she"),
    Field("pb", "pair_b", str, "he"),
    Field("pairs", "pairs", str, ", ".join(f"{a}:{b}" for a, b in load_pairs("bolukbasi/definitional_pairs"))),
    Field("list", "list", str, "neutral", choices=("neutral", "all", "custom")),
    Field("words", "custom_list", str, "nurse, engineer, receptionist, carpenter, homemaker, surgeon"),
    Field("c", "c", float, 1.0, low=0.0, high=10.0),
])

st.title(t("bias.title"))
st.markdown(t("bias.intro"))
with st.expander(t("bias.taxonomy_title")):
    st.markdown(t("bias.taxonomy"))

with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)

    st.subheader(t("bias.presets"))
    st.caption(t("bias.presets_help"))
    show_preset(emb, preset_buttons([*ANALOGY_PRESETS, "john_mary"]), ANALOGY_PRESETS)

    tab_direction, tab_analogies, tab_custom = st.tabs([t("bias.tab_direction"), t("bias.tab_analogies"), t("bias.tab_custom")])
    direction = None  # stays None when the direction's inputs are bad; the custom probes then use the default
    with tab_direction, ui.guard():
        direction = direction_section(emb)
        bias_along(emb, direction)
    with tab_analogies, ui.guard():
        analogies_tab(emb)
    with tab_custom, ui.guard():
        custom_tab(emb, direction)

    direction_fields = ("pa", "pb") if st.session_state["bias_method"] == "pair" else ("pairs",)
    list_fields = ("words",) if st.session_state["bias_list"] == "custom" else ()
    URL.publish(st.session_state, st.query_params, only=("preset", "method", *direction_fields, "list", *list_fields, "c"))
