"""The Feedback simulator runs in a background job: Stop mid-run keeps the steps simulated until then."""

from __future__ import annotations

import time

from app import jobs_view
from app.components import feedback_run
from tests.app.conftest import assert_clean, open_page


def test_stop_mid_run_shows_the_steps_simulated(monkeypatch):
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 0.5)
    at = open_page("feedback_loop.py")
    steps = at.slider(key="fb_k_steps")
    steps.set_value(steps.max)  # the longest run the budget allows for this preset
    at.button(key="fb_run").click().run()
    assert_clean(at)
    job = jobs_view.JobBoard(at.session_state).get(feedback_run.SLOT)
    assert job is not None and not job.done, "the simulation should still be running"
    assert at.button(key=feedback_run.STOP_KEY) and at.get("progress")
    deadline = time.monotonic() + 30
    while job.fraction <= 0:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    at.button(key=feedback_run.STOP_KEY).click().run()
    assert_clean(at)
    assert job.done and not job.thread.is_alive() and job.cancel_reason == "stop"
    assert any("The run was stopped" in i.value for i in at.info)
    (result,) = at.session_state[feedback_run.RESULTS].values()
    assert result.stopped_early and 0 < len(result.metrics) < steps.max
    assert any("Stopped" in w.value or "stopped" in w.value for w in at.warning)  # the result says so too
    assert jobs_view.JobBoard(at.session_state).get(feedback_run.SLOT) is None
