"""The Embeddings page's engine switch: gensim (CPU) or the PyTorch trainer (GPU), same settings.

``engine_picker`` draws the choice (and, for PyTorch, the device it will use and the step size);
``trainer`` returns the function the page runs as a background job (``word2vec_training``); ``show_speed``
adds the PyTorch run's words per second to the last-run summary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from app.components.choice import choice
from app.i18n import num, t

ENGINES = ("gensim", "torch")


def engine_picker(key: str = "w2v_engine") -> tuple[str, int | None]:
    """The chosen engine and, for PyTorch, the words per step (None = automatic)."""
    from app import state

    engine = choice("w2v_engine.label", ENGINES, key, option_key="w2v_engine.{}", horizontal=True, help=t("w2v_engine.help"))
    if engine != "torch":
        return engine, None
    info = state.device_info()  # a child process describes it: choosing an engine does not load PyTorch
    st.caption(t("w2v_engine.device", device=info.name))
    if info.device == "cpu":
        st.info(t("w2v_engine.no_gpu"))
    batch = st.number_input(t("w2v_engine.batch_words"), 0, 10_000_000, 0, 1_000, key=f"{key}_batch", help=t("w2v_engine.batch_help"))
    return engine, int(batch) or None


def trainer(engine: str, batch_words: int | None) -> Callable:
    """``fn(source=…, config=…, progress=…)`` for the chosen engine."""
    if engine == "torch":
        from analysis.word2vec_torch import TorchOptions, train_word2vec_torch

        return functools.partial(train_word2vec_torch, options=TorchOptions(batch_words=batch_words))
    from analysis.training import train_word2vec

    return train_word2vec


def show_speed(summary: dict) -> None:
    """Words per second, device and step size of a PyTorch run (nothing for gensim)."""
    if summary.get("engine") != "torch":
        return
    st.metric(t("w2v_engine.speed"), num(summary["words_per_second"], 0))
    st.caption(t("w2v_engine.speed_caption", engine=t("w2v_engine.torch"), device=summary["device"], batch=num(summary["options"]["batch_words"], 0)))
