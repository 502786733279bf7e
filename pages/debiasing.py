"""Debiasing: hard debias or INLP on the active embedding, with evidence of what is removed, kept and left."""

from __future__ import annotations

import streamlit as st

from analysis.device import pick_device
from app import state, ui
from app.components.debias_result import ACTIVATED, render
from app.components.debias_settings import evidence_config, method_params
from app.i18n import md, t

LAST_RUN = "debias_last_run"  # session: what was run last (hashes and parameters, never an embedding)


def compute(original, run: dict, progress=None):
    """Debiased embedding and before/after evidence, each from the app's caches when already computed."""

    def part(low: float, high: float):
        if progress is None:
            return None
        return lambda fraction, message: progress(low + (high - low) * fraction, message)

    result = state.debiased_embeddings(run["source"], run["method"], run["params"], original, part(0.0, 0.3))
    device = pick_device()
    before = state.debias_evidence(original, original, run["config"], "before", device, part(0.3, 0.62))
    after = state.debias_evidence(result.embeddings, original, run["config"], "after", device, part(0.62, 1.0))
    return result, before, after


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
        progress, bar = ui.progress_bar(t("debias.running"))
        compute(emb, run, progress)
        bar.empty()
        st.session_state[LAST_RUN] = run

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
                result, before, after = compute(original, last)
            render(result, before, after)
