"""What the sidebar shows on every page: the active embedding and a switcher between loaded ones."""

from __future__ import annotations

import streamlit as st

from app import state
from app.i18n import t


def embedding_switcher() -> None:
    known = state.known_embeddings()
    active = st.session_state.get(state.ACTIVE_KEY, next(iter(known)))
    keys = list(known)
    if active not in keys:
        active = keys[0]
    with st.sidebar:
        choice = st.selectbox(
            t("common.sidebar_embedding"),
            keys,
            index=keys.index(active),
            format_func=known.__getitem__,
            help=t("common.sidebar_embedding_help"),
            key="embedding_switcher",
        )
        if choice != active:
            state.activate(choice)
        if st.session_state.pop("embedding_evicted", False):
            st.warning(t("common.evicted"))
        info = state.active_embeddings().info
        st.caption(f"{info.vocab_size:,} × {info.dims} · `{info.content_hash}`")
