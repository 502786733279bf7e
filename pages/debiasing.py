"""Debiasing: hard debias or INLP on the active embedding, with evidence of what is removed, kept and left."""

from __future__ import annotations

import streamlit as st

from app import state, ui
from app.components import debias_run
from app.components.debias_result import ACTIVATED, render
from app.components.debias_settings import evidence_config, method_params
from app.i18n import md, t

LAST_RUN = debias_run.LAST_RUN

st.title(t("debias.title"))
st.markdown(t("debias.intro"))

with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    if ACTIVATED in st.session_state:
        st.success(md("debias.activated", name=st.session_state.pop(ACTIVATED)))

    method, params = method_params()
    config = evidence_config()
    if st.button(t("debias.run"), type="primary", key="debias_run"):
        run = {"source": emb.info.content_hash, "method": method, "params": tuple(sorted(params.items())), "config": config}
        debias_run.start(emb, run)  # in a worker: a click elsewhere leaves it running; Stop ends it
    debias_run.show()

with ui.guard():
    last = st.session_state.get(LAST_RUN)
    if last is None:
        st.info(t("debias.empty"))
    else:
        original = state.embedding_by_hash(last["source"])
        if original is None:
            st.warning(t("debias.evicted"))
        else:
            with st.spinner(t("debias.loading")):
                result, before, after = debias_run.compute(original, last)
            render(result, before, after)
