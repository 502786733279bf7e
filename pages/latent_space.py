"""Latent space: word groups in PCA 2-D/3-D, t-SNE, custom semantic axes, and an autoencoder's map.

Words come from a lesson preset, typed groups, or a word's nearest neighbours. The autoencoder view
trains a small network on the most frequent words of the active embedding (kept per session in
``app.state``) and places the chosen words by their codes, next to PCA fitted on the same words.
Widgets and views are in ``app/components/latent_*.py``; the numbers come from ``analysis/``.
"""

from __future__ import annotations

import streamlit as st

from app import state, ui
from app.components.choice import choice
from app.components.latent_views import view_autoencoder, view_axes, view_pca, view_tsne
from app.components.latent_words import URL, VIEWS, choose_words, publish_url, show_missing
from app.i18n import md, t

st.title(t("latent.title"))
st.markdown(t("latent.intro"))
with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)
    selection = choose_words(emb)
    show_missing(selection)
    st.caption(md("latent.selected", n=len(selection.words), groups=len(set(selection.groups))))
    view = choice("latent.view", VIEWS, "latent.view", option_key="latent.view.{}", horizontal=True)
    publish_url()
    if view in ("pca2", "pca3"):
        view_pca(selection, three_d=view == "pca3")
    elif view == "tsne":
        view_tsne(emb, selection)
    elif view == "axes":
        view_axes(emb, selection)
    else:
        view_autoencoder(emb, selection)
