"""The autoencoder page's Train / Stop / Resume transitions, without Streamlit."""

from __future__ import annotations

import doctest

import app.training_control
from app.training_control import TrainingControl


def test_doctests():
    assert doctest.testmod(app.training_control).failed == 0


def test_a_fresh_session_trains_nothing_and_offers_no_resume():
    control = TrainingControl({})
    assert not control.running and not control.stopped
    assert not control.can_resume(epochs_done=None, target=100)


def test_stop_then_resume_then_finish():
    flags: dict = {}
    control = TrainingControl(flags)
    control.start()
    assert control.running and not control.can_resume(epochs_done=10, target=100)  # no Resume while training
    control.stop()
    assert flags == {"autoencoder.running": False, "autoencoder.stopped": True}
    assert control.can_resume(epochs_done=10, target=100)
    control.start()  # Resume
    assert control.running and not control.stopped
    control.finish()
    assert not control.running and not control.stopped
    assert not control.can_resume(epochs_done=100, target=100)
    assert control.can_resume(epochs_done=100, target=150)  # a larger target makes the kept model resumable


def test_a_stray_stop_click_changes_nothing():
    control = TrainingControl({})
    control.stop()
    assert not control.stopped and not control.running


def test_the_flags_live_in_the_given_mapping_so_they_survive_reruns():
    session: dict = {}
    TrainingControl(session).start()
    assert TrainingControl(session).running  # a new controller on the next rerun sees the same run


def test_a_lost_model_stops_the_run_and_is_reported_once():
    control = TrainingControl({})
    control.start()
    assert control.model_lost() is True and not control.running
    assert control.model_lost() is False
