"""The Autoencoder page's training in a background job: live bar, Stop mid-run, a worker's error as a message."""

from __future__ import annotations

import time

import torch

from analysis.autoencoder import Trainer
from app import jobs_view
from app.components import autoencoder_training
from tests.app.conftest import assert_clean, open_page


def _job(at):
    return jobs_view.JobBoard(at.session_state).get(autoencoder_training.SLOT)


def test_stop_mid_run_keeps_the_epochs_trained(monkeypatch):
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 1.0)  # the run returns while the worker trains
    at = open_page("autoencoder.py")
    at.number_input(key="autoencoder.epochs").set_value(100_000)
    at.button(key="autoencoder.train").click().run()
    assert_clean(at)
    job = _job(at)
    assert job is not None and not job.done and job.owner is not None
    assert at.get("progress") and any("Training:" in p.proto.text for p in at.get("progress"))
    assert not at.metric  # the model's views wait for the worker (they would race the optimiser)
    deadline = time.monotonic() + 30
    while job.snapshot is None:  # the worker hands out copies of the loss curve for the live chart
        assert time.monotonic() < deadline
        time.sleep(0.05)
    at.run()  # any rerun finds the job still training and draws its bar and chart again
    assert _job(at) is job and not job.done and at.get("vega_lite_chart")
    at.button(key="autoencoder.stop").click().run()
    assert_clean(at)
    assert job.done and not job.thread.is_alive() and _job(at) is None
    trainer: Trainer = job.owner
    epochs = trainer.epochs_done
    assert 0 < epochs < 100_000
    assert any(f"Stopped after {epochs} of 100000 epochs" in w.value for w in at.warning), [w.value for w in at.warning]
    time.sleep(0.5)
    at.run()
    assert trainer.epochs_done == epochs  # nothing trains on in the background
    assert at.button(key="autoencoder.resume").disabled is False


def test_out_of_memory_in_the_worker_is_a_message_and_the_page_goes_on(monkeypatch):
    def out_of_memory(self, *args, **kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 8.00 GiB")

    at = open_page("autoencoder.py")
    with monkeypatch.context() as patch:
        patch.setattr(Trainer, "_run_epochs", out_of_memory)
        at.number_input(key="autoencoder.epochs").set_value(5)
        at.button(key="autoencoder.train").click().run()
    assert_clean(at)
    message = " ".join(e.value for e in at.error)
    assert "ran out of memory" in message and "batch size of" in message and "nothing else was lost" in message
    assert not at.session_state["autoencoder.running"]  # not retried on every rerun
    at.run()
    assert_clean(at)
    assert not at.error  # the message was for that run; the next rerun does not train again
    at.button(key="autoencoder.train").click().run()  # the app goes on: a new run trains
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Epochs"] == "5 / 5"
