"""The Debiasing run in a background job: a rerun finds it running; Stop ends it and keeps nothing half-done."""

from __future__ import annotations

import time

from app import jobs_view
from app.components import debias_run
from tests.app.conftest import assert_clean, open_page


def test_stop_mid_run_keeps_nothing_and_the_page_goes_on(monkeypatch):
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 0.5)
    at = open_page("debiasing.py")
    at.radio(key="debias_method").set_value("inlp").run()
    at.button(key="debias_run").click().run()
    assert_clean(at)
    job = jobs_view.JobBoard(at.session_state).get(debias_run.SLOT)
    assert job is not None and not job.done, "the run should still be going"
    assert at.button(key=debias_run.STOP_KEY) and at.get("progress")
    at.run()  # any rerun: the job is still there, with its bar
    assert jobs_view.JobBoard(at.session_state).get(debias_run.SLOT) is job
    deadline = time.monotonic() + 60
    while job.fraction <= 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    started = time.monotonic()
    at.button(key=debias_run.STOP_KEY).click().run()
    assert_clean(at)
    assert job.done and not job.thread.is_alive() and job.state == "cancelled"
    assert time.monotonic() - started < 30
    assert any("nothing half-done was kept" in i.value for i in at.info)
    assert debias_run.LAST_RUN not in at.session_state and any("Debias and measure" in i.value for i in at.info)  # the empty state: nothing shown as a result
