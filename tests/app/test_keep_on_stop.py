"""app.keep_on_stop: Streamlit's mid-run rerun (a Stop click) becomes StopRequested, then is re-raised."""

from __future__ import annotations

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

from analysis.feedback.compare import run_all
from analysis.feedback.config import preset, with_overrides
from analysis.tables.feedback import frame
from app.keep_on_stop import KeepOnStop


def test_a_click_during_the_run_keeps_the_finished_steps_and_then_reruns():
    rerun = RerunException(RerunData())
    calls = []

    def streamlit_bar(fraction: float, message: str = "") -> None:
        calls.append(fraction)
        if len(calls) == 3:  # the Stop click arrives while step reports are being drawn
            raise rerun

    progress = KeepOnStop(streamlit_bar)
    config = with_overrides(preset("engagement feed"), {"n_users": 200, "n_publishers": 20, "steps": 30})
    results = run_all([config, config], progress)
    assert progress.stopped and len(results) == 1 and results[0].stopped_early
    assert 0 < len(frame(results[0].metrics)) < 30 and len(calls) == 3  # no widget touched after the click
    with pytest.raises(RerunException) as raised:
        progress.resume()
    assert raised.value is rerun  # the same rerun, with the click's widget values


def test_a_run_without_a_click_finishes_and_resume_does_nothing():
    progress = KeepOnStop(lambda fraction, message="": None)
    config = with_overrides(preset("engagement feed"), {"n_users": 200, "n_publishers": 20, "steps": 5})
    results = run_all([config], progress)
    assert not progress.stopped and len(frame(results[0].metrics)) == 5
    progress.resume()
