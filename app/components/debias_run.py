"""The Debiasing page's run as a background job: the debiased embedding and its before/after evidence.

The run (tens of seconds on the default embedding) happens in a worker (``app.jobs_view``), so a
click elsewhere, or a visit to another page, leaves it running; Stop ends it (nothing half-done
is kept or shared); a closed browser cancels it. Its results go to the app's shared caches, which
``compute`` reads back instantly when the page draws them.
"""

from __future__ import annotations

import streamlit as st

from analysis.device import pick_device
from app import jobs_view, state
from app.i18n import t

SLOT = "debias"  # the session's job slot for debiasing
STOP_KEY = "debias_stop"
LAST_RUN = "debias_last_run"  # session: what was run last (hashes and parameters, never an embedding)


def compute(original, run: dict, progress=None, caches: dict | None = None):
    """Debiased embedding and before/after evidence, each from the app's caches when already computed.

    ``caches``: ``state.debias_caches()`` looked up in the script thread, for a call from the worker.
    """

    def part(low: float, high: float):
        if progress is None:
            return None
        return lambda fraction, message: progress(low + (high - low) * fraction, message)

    result = state.debiased_embeddings(run["source"], run["method"], run["params"], original, part(0.0, 0.3), caches=caches)
    device = pick_device()
    before = state.debias_evidence(original, original, run["config"], "before", device, part(0.3, 0.62), caches=caches)
    after = state.debias_evidence(result.embeddings, original, run["config"], "after", device, part(0.62, 1.0), caches=caches)
    return result, before, after


def start(original, run: dict) -> None:
    """Debias ``original`` as ``run`` says, in the session's job."""
    caches = state.debias_caches()

    def work(progress):
        compute(original, run, progress, caches)
        return run

    jobs_view.board().start(SLOT, work)


def show() -> None:
    """The running job's bar and Stop; once it ended, the run recorded for the page (or its error raised)."""
    job = jobs_view.ended(SLOT, t("debias.running"), STOP_KEY)
    if job is None:
        return
    run = job.outcome()  # the worker's error, re-raised here (the page's guard shows it)
    if run is None:
        st.info(t("jobs.stopped_nothing_kept"))
    else:
        st.session_state[LAST_RUN] = run
