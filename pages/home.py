"""Home: what the lab is for, how to start, and which device PyTorch will use."""

import streamlit as st

from analysis.device import describe_device
from app import state, ui
from app.i18n import t

st.title(t("app.title"))
st.markdown(t("home.intro"))
with ui.guard():
    info = state.active_embeddings().info
    device = describe_device()
    left, middle, right = st.columns(3)
    left.metric(t("home.metric_embedding"), info.name)
    middle.metric(t("home.metric_vocab"), f"{info.vocab_size:,} × {info.dims}")
    right.metric(t("common.device"), device.device.upper(), help=f"{device.name} · torch {device.torch_version}")
    st.markdown(t("home.start_here"))
