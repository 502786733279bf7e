"""Analogies: ``a : b :: c : ?`` by vector arithmetic (3CosAdd, 3CosMul), lecture presets and benchmarks.

The query lives in the URL (``?a=man&b=king&c=woman&method=add&k=10&excl=1``) so an instructor can
share a link that opens the same analogy. Every number comes from ``analysis.analogy`` and
``analysis.evaluate``; the widgets and renderers are in ``app/components/analogies_*.py``.
"""

from __future__ import annotations

import streamlit as st

from analysis.analogy_verdict import exclusion_verdict
from app import state, ui
from app.components.analogies_evaluation import evaluation
from app.components.analogies_query import URL, K, active_preset, current_query, query_inputs, write_url
from app.components.analogies_results import show_comparison, show_result
from app.i18n import t


def explorer(emb) -> None:
    query_inputs()
    positive, negative, abc = current_query()
    preset = active_preset(abc)
    write_url()
    if not positive and not negative:
        st.info(t("analogies.empty"))
        return
    options = dict(method=st.session_state[K + "method"], topn=st.session_state[K + "topn"], restrict_vocab=st.session_state[K + "restrict"] or None)
    # Answers and chart specs are shared by every session asking the same query (app/state.py).
    query = (emb.info.content_hash, tuple(positive), tuple(negative), tuple(sorted(options.items())))

    def answer(exclude: bool):
        return state.analogy_answer(*query[:3], (*query[3], ("exclude_inputs", exclude)), _emb=emb)

    with ui.guard():
        result = answer(st.session_state[K + "exclude"])
        result.raise_for_missing()
        show_result(emb, result, preset, abc, options["restrict_vocab"], view=(*query, st.session_state[K + "exclude"]))
        if st.session_state.get(K + "compare"):
            expected = preset.expected if preset else ()
            excluded, kept = answer(True), answer(False)
            show_comparison(excluded, kept, exclusion_verdict(excluded, kept, expected), expected, view=query)


st.title(t("analogies.title"))
st.markdown(t("analogies.intro"))
with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)
    tab_explore, tab_eval = st.tabs([t("analogies.tab_explore"), t("analogies.tab_eval")])
    with tab_explore:
        explorer(emb)
    with tab_eval:
        with ui.guard():
            evaluation(emb)
