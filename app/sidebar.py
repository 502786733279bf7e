"""What the sidebar shows on every page: the active embedding and a switcher between loaded ones."""

from __future__ import annotations

import streamlit as st

from analysis.embeddings import DEFAULT_SOURCE
from app import state
from app.components.choice import choice
from app.i18n import md, num, t

_WIDGET = "embedding_switcher"


def _on_switch() -> None:
    state.activate(st.session_state[_WIDGET])


def embedding_switcher() -> None:
    state.active_embeddings()  # resolves an evicted key before the options are listed
    known = state.known_embeddings()
    keys = list(known)
    active = st.session_state.get(state.ACTIVE_KEY, keys[0])
    # Pages activate embeddings programmatically (load, train, debias): keep the widget in step.
    st.session_state[_WIDGET] = active if active in keys else keys[0]
    with st.sidebar:
        choice("common.sidebar_embedding", keys, _WIDGET, labels=known, widget="selectbox",
               help=t("common.sidebar_embedding_help"), on_change=_on_switch)
        if st.session_state.pop("embedding_evicted", False):
            st.warning(t("common.evicted"))
        info = state.active_embeddings().info
        st.caption(f"{num(info.vocab_size)} × {info.dims} · `{info.content_hash}`")
        if st.session_state[_WIDGET] != DEFAULT_SOURCE:  # the way back, always in sight
            st.info(md("common.not_default", name=info.name))
            st.button(t("common.back_to_default"), key="back_to_default", on_click=state.activate, args=(DEFAULT_SOURCE,))
