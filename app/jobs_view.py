"""Draw a session's background job (``app.jobs``) on a page: a live bar, Stop, and keep-alive beats.

The page starts a job with ``board().start(slot, fn)`` and, on every rerun, calls ``follow(job, …)``
while the job runs: a fragment re-drawn every ``POLL_S`` seconds shows the bar (and whatever the
page draws from the job's snapshot) and beats the job's heartbeat; when the job has ended it reruns
the whole page, which then collects the result. Under AppTest (a mock runtime: no sessions, no timers)
``follow`` waits for the job inside the script run instead, for at most ``APPTEST_WAIT_S``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app.i18n import t
from app.jobs import Job, JobBoard, JobPolicy

POLL_S = 0.5  # how often a running job's bar is redrawn (and its heartbeat beaten)
KEEP_ALIVE_S = 5.0  # how often any page beats the session's running jobs
POLICY = JobPolicy(heartbeat_s=30.0, gone_grace_s=5.0)  # a closed browser frees the worker within ~10 s
STOP_WAIT_S = 30.0  # how long Stop waits for the work to reach its next progress report
APPTEST_WAIT_S = 600.0  # under AppTest: how long one script run waits for a job (tests lower it)


def live() -> bool:
    """True in a served app; False under AppTest, which installs a mock runtime (no sessions, no timers)."""
    from unittest.mock import NonCallableMock

    return runtime.exists() and not isinstance(runtime.get_instance(), NonCallableMock)


def _session_probe() -> Callable[[], bool] | None:
    """``alive()`` for this session: does the runtime still hold its browser connection?"""
    ctx = get_script_run_ctx()
    if ctx is None or not live():
        return None
    instance, session_id = runtime.get_instance(), ctx.session_id
    return lambda: instance.is_active_session(session_id)


def board() -> JobBoard:
    """This session's jobs (in ``st.session_state``)."""
    return JobBoard(st.session_state, POLICY, alive=_session_probe())


def follow(job: Job, label: str | Callable[[Job], str], stop_key: str | None, draw: Callable[[Any], None] | None = None) -> None:
    """Show a running job until it ends; the page run that finds it ended collects the result.

    ``label`` is the bar's text (or makes it from the job, at each redraw); ``stop_key`` keys the
    job's Stop button (None: the page draws its own); ``draw(snapshot)`` adds the page's live view
    (a loss chart) below the bar.
    """
    if not live():
        waited = 0.0
        while waited < APPTEST_WAIT_S and not job.wait(min(0.5, APPTEST_WAIT_S - waited)):
            job.beat()
            waited += 0.5
        if job.done:
            return
        _draw(job, label, stop_key, draw)
        return

    @st.fragment(run_every=POLL_S)
    def poller() -> None:
        _draw(job, label, stop_key, draw)

    poller()


def ended(slot: str, label: str, stop_key: str) -> Job | None:
    """The slot's job once it has ended (taken off the board, for the page to collect), else None.

    While the job runs this draws its bar and Stop (``follow``); no job in the slot: None.
    """
    jobs = board()
    job = jobs.get(slot)
    if job is None:
        return None
    if not job.done:
        follow(job, label, stop_key)
    if not job.done:
        return None
    jobs.take(slot)
    return job


def _draw(job: Job, label: str | Callable[[Job], str], stop_key: str | None, draw: Callable[[Any], None] | None) -> None:
    job.beat()
    if not job.done:
        text = label(job) if callable(label) else label
        st.progress(min(1.0, max(0.0, job.fraction)), text=f"{text} — {job.message}" if job.message else text)
        if draw is not None and job.snapshot is not None:
            draw(job.snapshot)
        if job.cancel.is_set():
            st.caption(t("jobs.stopping"))
        elif stop_key is None:
            st.caption(t("jobs.background"))
        elif st.button(t("jobs.stop"), key=stop_key):
            job.stop()
            job.wait(STOP_WAIT_S)
        else:
            st.caption(t("jobs.background"))
    if job.done:
        st.rerun()  # the whole page: it collects the result


def keep_alive() -> None:
    """Beat the session's running jobs from whatever page is open (the entrypoint calls this).

    A job's own page beats it while shown; this keeps it alive while the user looks at another page.
    """
    if not live() or not board().running():
        return

    @st.fragment(run_every=KEEP_ALIVE_S)
    def beat() -> None:
        for job in board().running():
            job.beat()

    beat()
