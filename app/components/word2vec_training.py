"""The Embeddings page's word2vec run as a background job: start it, follow it, collect what it trained.

The run lives in the session (``app.jobs_view``): a click elsewhere on the page, or a visit to
another page, leaves it training and the bar comes back; Stop keeps what was trained; a closed
browser cancels it. An uploaded corpus is written to a private temporary file by the worker and
deleted when the run ends, however it ends.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from analysis.training import TrainingConfig
from app import jobs_view, state, ui, uploads
from app.components import word2vec_engine
from app.i18n import t

SLOT = "word2vec"  # the session's job slot for word2vec training
STOP_KEY = "w2v_stop"


def start(source: str, config: TrainingConfig, engine: str, batch_words: int | None, upload: bytes | None = None) -> None:
    """Start training on ``source`` (a path or "default"; ``upload``: the uploaded corpus instead)."""
    fn = word2vec_engine.trainer(engine, batch_words)

    def work(progress):
        with contextlib.ExitStack() as files:
            corpus = source if upload is None else str(files.enter_context(uploads.temporary_file(upload, ".txt")))
            return fn(progress=progress, source=corpus, config=config)

    jobs_view.board().start(SLOT, work)


def show() -> None:
    """The running job's bar and Stop; once it ended, its result kept (not activated) or its error."""
    job = jobs_view.ended(SLOT, t("embeddings.training"), STOP_KEY)
    if job is None:
        return
    with ui.guard():
        result = job.outcome()  # the trainer's error, re-raised here: a message, never a traceback
        if result is None:
            st.warning(t("jobs.cancelled"))
            return
        # Not activated: a new embedding must not replace the one a lecture is using by itself.
        st.session_state["last_training_key"] = state.add_embedding(result.embeddings)
        st.session_state["last_training"] = result.summary()
        st.rerun()  # redraw every tab (and the sidebar, which now lists it)
