"""app/jobs.py: a long run in a worker thread with Stop, a heartbeat and cancel when the session is gone."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.errors import AnalysisError
from analysis.progress import StopRequested
from app.jobs import Job, JobBoard, JobPolicy


def counting(steps: int, pause: float = 0.01, keep_on_stop: bool = True):
    """Work that reports each step and, like the lab's trainers, returns what it did when stopped."""

    def work(progress):
        done = []
        for step in range(steps):
            time.sleep(pause)
            done.append(step)
            try:
                progress((step + 1) / steps, f"step {step + 1}")
            except StopRequested:
                if not keep_on_stop:
                    raise
                return {"steps": done, "stopped": True}
        return {"steps": done, "stopped": False}

    return work


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_a_job_finishes_with_its_result_and_last_progress():
    job = Job("count", counting(20, pause=0.001)).start()
    assert job.wait(10) and job.state == "done" and not job.stopped
    assert job.outcome() == {"steps": list(range(20)), "stopped": False}
    assert job.fraction == 1.0 and job.message == "step 20"
    assert not job.thread.is_alive()


def test_the_error_is_re_raised_in_the_page_thread():
    def failing(progress):
        progress(0.5, "half")
        raise AnalysisError("The corpus file c.txt is empty.", key="errors.empty")

    job = Job("fail", failing).start()
    assert job.wait(10) and job.state == "failed"
    with pytest.raises(AnalysisError, match="is empty") as info:
        job.outcome()
    assert info.value.key == "errors.empty"  # the message's translation key reaches the page intact


def test_outcome_of_a_running_job_is_refused():
    release = threading.Event()
    job = Job("block", lambda progress: release.wait(10)).start()
    with pytest.raises(RuntimeError, match="still running"):
        job.outcome()
    release.set()
    assert job.wait(10) and job.outcome() is True


def test_stop_raises_stop_requested_in_the_worker_and_the_partial_result_is_kept():
    job = Job("count", counting(10_000)).start()
    wait_for(lambda: job.fraction > 0)
    job.stop()
    assert job.wait(10) and job.state == "done" and job.stopped and job.cancel_reason == "stop"
    result = job.outcome()
    assert result["stopped"] and 0 < len(result["steps"]) < 10_000
    assert not job.thread.is_alive()


def test_work_that_lets_stop_out_is_cancelled_with_nothing_kept():
    job = Job("count", counting(10_000, keep_on_stop=False)).start()
    wait_for(lambda: job.fraction > 0)
    job.stop()
    assert job.wait(10) and job.state == "cancelled" and job.outcome() is None


def test_every_progress_call_after_a_stop_raises():
    job = Job("x", lambda progress: None)
    job.stop()
    for _ in range(3):  # a trainer that catches the first one cannot train on by accident
        with pytest.raises(StopRequested):
            job.progress(0.5, "")


def test_heartbeat_expiry_cancels_and_the_worker_ends(caplog):
    now = [0.0]
    job = Job("w2v", counting(10_000_000, pause=0.001), JobPolicy(heartbeat_s=30.0), clock=lambda: now[0]).start()
    wait_for(lambda: job.fraction > 0)
    now[0] = 20.0
    job.beat()  # the page polled at t = 20 s: the job lives on
    now[0] = 45.0
    time.sleep(0.05)
    assert not job.done
    with caplog.at_level("WARNING", logger="bias-lab.jobs"):
        now[0] = 51.0  # 31 s without a poll
        assert job.wait(10)
        job.thread.join(10)
    assert not job.thread.is_alive() and job.cancel_reason == "heartbeat lost"
    assert job.outcome()["stopped"]
    assert "job w2v cancelled: heartbeat lost" in caplog.text and "worker ended" in caplog.text


def test_a_session_reported_gone_cancels_after_the_grace_period():
    now, alive = [0.0], [True]
    policy = JobPolicy(heartbeat_s=None, gone_grace_s=5.0)
    job = Job("ae", counting(10_000_000, pause=0.001), policy, alive=lambda: alive[0], clock=lambda: now[0]).start()
    wait_for(lambda: job.fraction > 0)
    alive[0] = False
    now[0] = 100.0  # no heartbeat policy: time alone does nothing
    wait_for(lambda: job._gone_since is not None)
    alive[0] = True  # the browser reconnected within the grace period
    wait_for(lambda: job._gone_since is None)
    alive[0] = False
    wait_for(lambda: job._gone_since is not None)
    time.sleep(0.05)
    assert not job.done
    now[0] = 106.0
    assert job.wait(10) and job.cancel_reason == "session gone"
    assert not job.thread.is_alive()


def test_a_failing_liveness_probe_does_not_cancel():
    def probe():
        raise RuntimeError("runtime not there")

    job = Job("x", counting(50, pause=0.001), JobPolicy(heartbeat_s=None), alive=probe).start()
    assert job.wait(10) and job.outcome()["stopped"] is False


def test_two_sessions_jobs_are_independent():
    first, second = JobBoard({}), JobBoard({})
    a = first.start("word2vec", counting(10_000))
    b = second.start("word2vec", counting(30, pause=0.001))
    assert first.get("word2vec") is a and second.get("word2vec") is b
    wait_for(lambda: a.fraction > 0)
    a.stop()
    assert a.wait(10) and b.wait(10)
    assert a.outcome()["stopped"] and not b.outcome()["stopped"] and len(b.outcome()["steps"]) == 30
    assert first.take("word2vec") is a and first.get("word2vec") is None and second.get("word2vec") is b


def test_starting_a_slot_again_stops_the_job_running_there():
    board = JobBoard({})
    old = board.start("autoencoder", counting(10_000))
    wait_for(lambda: old.fraction > 0)
    new = board.start("autoencoder", counting(3, pause=0.001))
    assert old.done and old.stopped and board.get("autoencoder") is new
    assert new.wait(10) and board.running() == []


def test_a_stopped_gensim_run_through_a_job_keeps_its_vectors(tmp_path, monkeypatch):
    """The job's callback raises on every call after Stop; gensim's trainer still returns its vectors."""
    from gensim.test.utils import datapath

    from analysis.training import TrainingConfig, train_word2vec

    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    config = TrainingConfig(epochs=200, workers=1, vector_size=10)
    job = Job("w2v", lambda progress: train_word2vec(datapath("lee_background.cor"), config, progress=progress)).start()
    wait_for(lambda: "epoch 2/" in job.message, timeout=60)
    job.stop()
    assert job.wait(30), "the gensim run did not end after Stop"
    result = job.outcome()
    assert result.stopped and 1 <= len(result.losses) < 200 and len(result.embeddings) > 100


def test_published_snapshots_reach_the_page_and_stop_on_the_board_waits():
    def work(progress, publish):
        for epoch in range(1, 100_000):
            publish({"epochs": epoch, "losses": [1.0 / e for e in range(1, epoch + 1)][-3:]})
            try:
                progress(epoch / 100_000, f"epoch {epoch}")
            except StopRequested:
                return epoch
            time.sleep(0.001)

    board = JobBoard({})
    owner = object()
    job = board.start("autoencoder", work, owner=owner, publishes=True)
    assert job.owner is owner
    wait_for(lambda: job.snapshot is not None and job.snapshot["epochs"] >= 3)
    assert len(job.snapshot["losses"]) == 3
    assert board.stop("autoencoder") is job and job.done and board.get("autoencoder") is None
    assert job.outcome() >= 3 and board.stop("autoencoder") is None


def test_the_examples_in_the_module_run():
    import doctest

    import app.jobs

    assert doctest.testmod(app.jobs).failed == 0
