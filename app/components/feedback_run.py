"""The Feedback simulator's run as a background job: Stop keeps the steps simulated until then.

``start`` hands the configurations to a worker (``app.jobs_view``); ``show`` draws the bar and Stop
while it runs (a rerun finds it still running) and, once it ended, stores the results in the
session for the page's charts — the partial ones too, when Stop ended the run. Finished runs are
shared with every session (``state.simulation_results``); a stopped one is not.
"""

from __future__ import annotations

import streamlit as st

from app import jobs_view, state
from app.i18n import t

SLOT = "feedback"  # the session's job slot for the simulator
STOP_KEY = "fb_stop"
RESULTS = "fb_results"  # session: {label: result} of the last run


def start(configs: dict) -> None:
    """Simulate every configuration (``{label: config}``) in the session's job (shared when finished)."""
    labels, values = list(configs), list(configs.values())
    store = state.simulation_store()  # looked up here: the worker never calls st.*
    jobs_view.board().start(SLOT, lambda progress: dict(zip(labels, state.simulation_results(values, progress, store=store))))


def show() -> None:
    """The running simulation's bar and Stop; once it ended, its results stored (or its error raised)."""
    job = jobs_view.ended(SLOT, t("feedback.running"), STOP_KEY)
    if job is None:
        return
    results = job.outcome()  # the worker's error, re-raised here (the page's guard shows it)
    if job.stopped:
        st.info(t("security.stopped"))
    if results is not None:
        st.session_state[RESULTS] = results
        st.session_state.pop("fb_hist_step", None)
