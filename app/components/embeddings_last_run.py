"""The Embeddings page's "last training run" panel: corpus, vocabulary, time, quality, loss, activate.

The summary is the trainer's own ``summary()`` dict, kept in the session so the panel survives the
rerun that follows training (and visits to other pages).
"""

from __future__ import annotations

import streamlit as st

from analysis.charts import embeddings as charts
from analysis.embeddings import Embeddings
from app import state
from app.components import word2vec_engine
from app.i18n import md, num, pct, t


def show_last_run(active: Embeddings) -> None:
    """Draw the last training run of this session (nothing before the first)."""
    summary = st.session_state.get("last_training")
    if not summary:
        return
    st.subheader(t("embeddings.last_run"))
    if summary.get("stopped"):  # Stop (or a closed browser) ended it: say how far it got
        st.warning(t("embeddings.stopped", percent=num(100 * summary.get("fraction_trained", 0.0), 0)))
    corpus = summary["corpus"]
    st.write(md("embeddings.corpus_stats", docs=num(corpus["documents"]), tokens=num(corpus["tokens"]), vocab=num(corpus["vocabulary"])))
    m1, m2, m3 = st.columns(3)
    m1.metric(t("embeddings.vocabulary"), num(summary["vocab_size"]))
    m2.metric(t("embeddings.seconds"), num(summary['seconds'], 1))
    quality = summary["quality"]
    if quality:
        m3.metric(t("embeddings.analogy_accuracy"), pct(quality['accuracy'], 1))
        st.caption(md("embeddings.quality_caption", correct=quality["correct"], covered=num(quality["covered"]), total=num(quality["total"])))
    word2vec_engine.show_speed(summary)
    st.altair_chart(charts.training_loss_chart(summary["losses"]), width="stretch")
    trained = st.session_state.get("last_training_key")
    if trained is None or st.session_state.get(state.ACTIVE_KEY) == trained:
        st.info(t("embeddings.trained_active"))
    elif trained in state.known_embeddings():
        st.info(md("embeddings.trained_ready", name=state.known_embeddings()[trained], words=num(summary["vocab_size"]), active=active.info.name))
        st.button(t("embeddings.activate_trained"), key="activate_trained", type="primary", on_click=state.activate, args=(trained,))
