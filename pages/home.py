"""Home: what the lab is for, how to start, a map of the pages, and which device PyTorch will use."""

import streamlit as st

from app import navigation, state, ui
from app.i18n import num, strings, t

st.title(t("app.title"))
st.markdown(t("home.intro"))
with ui.guard():
    info = state.active_embeddings().info
    device = state.device_info()  # probed in a child process: Home does not load PyTorch
    left, middle, right = st.columns(3)
    left.metric(t("home.metric_embedding"), info.name)
    middle.metric(t("home.metric_vocab"), f"{num(info.vocab_size)} × {info.dims}")
    right.metric(t("common.device"), device.device.upper(), help=f"{device.name} · torch {device.torch_version}")
    if device.note:
        st.caption(t("home.device_note", note=device.note))
    st.markdown(t("home.start_here"))

    st.subheader(t("home.map"))
    cards = [(f, navigation.PAGES[f]) for f in navigation.PAGES if f != "home.py"]
    for row in range(0, len(cards), 3):
        for column, (filename, page) in zip(st.columns(3), cards[row : row + 3]):
            with column.container(border=True):
                st.page_link(page, label=f"**{page.title}**", icon=page.icon)
                card = f"home.card.{filename.removesuffix('.py')}"  # optional: a new page needs no card text
                if card in strings():
                    st.caption(t(card))
