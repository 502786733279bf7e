"""The Embeddings page's word2vec run in a background job: Stop keeps what was trained (issue #13)."""

from __future__ import annotations

import random
import time

import pytest

from app import jobs_view
from app.components import word2vec_training
from tests.app.conftest import assert_clean, open_page


def _corpus(tmp_path, lines: int = 4000):
    rng = random.Random(0)
    words = [f"w{'abcdefghij'[i % 10]}{'klmnopqrst'[i // 10 % 10]}{'uvwxyz'[i // 100]}" for i in range(300)]
    corpus = tmp_path / "big.txt"
    corpus.write_text("\n".join(" ".join(rng.choice(words) for _ in range(25)) for _ in range(lines)))
    return corpus


@pytest.mark.parametrize("engine", ["gensim", "torch"])
def test_stop_keeps_what_was_trained_and_offers_it(tmp_path, monkeypatch, engine):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 1.5)  # one script run returns while the job trains
    at = open_page("embeddings.py", timeout=180)
    at.radio(key="corpus_kind").set_value("path").run()
    at.text_input(key="corpus_path").set_value(str(_corpus(tmp_path)))
    at.slider(key="w2v_epochs").set_value(50)
    at.slider(key="w2v_workers").set_value(1)
    at.slider(key="w2v_min_count").set_value(1)
    at.radio(key="w2v_engine").set_value(engine).run()
    at.button(key="train_button").click().run()
    assert_clean(at)
    job = jobs_view.JobBoard(at.session_state).get(word2vec_training.SLOT)
    assert job is not None and not job.done, "the run should still be training"
    assert at.button(key=word2vec_training.STOP_KEY)  # the bar and its Stop are shown while it trains
    assert at.get("progress")
    deadline = time.monotonic() + 60
    while "epoch" not in job.message:  # tokenised, vocabulary built: training under way
        assert time.monotonic() < deadline and not job.done
        time.sleep(0.05)
    at.button(key=word2vec_training.STOP_KEY).click().run()
    assert_clean(at)
    assert job.done and not job.thread.is_alive() and job.cancel_reason == "stop"
    stopped = [w.value for w in at.warning if "Stopped after" in w.value]
    assert stopped and "the vectors are what was trained" in stopped[0], ([w.value for w in at.warning], [e.value for e in at.error], job.state, job.result, job.error)
    summary = at.session_state["last_training"]
    assert summary["stopped"] and 0 < summary["fraction_trained"] < 1
    assert 1 <= len(summary["losses"]) < 50 and summary["vocab_size"] == 300
    # the usual "make it active?" flow follows; the default stays active until then
    assert at.metric[0].value == "400,000"
    at.button(key="activate_trained").click().run()
    assert at.metric[0].value == "300"
    assert jobs_view.JobBoard(at.session_state).get(word2vec_training.SLOT) is None


def test_a_rerun_mid_training_keeps_the_job_and_its_bar(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 1.0)
    at = open_page("embeddings.py", timeout=180)
    at.radio(key="corpus_kind").set_value("path").run()
    at.text_input(key="corpus_path").set_value(str(_corpus(tmp_path)))
    at.slider(key="w2v_epochs").set_value(50)
    at.slider(key="w2v_workers").set_value(1)
    at.button(key="train_button").click().run()
    job = jobs_view.JobBoard(at.session_state).get(word2vec_training.SLOT)
    assert job is not None and not job.done
    at.text_input(key="emb_query").set_value("queen").run()  # any other click: a rerun
    assert_clean(at)
    assert jobs_view.JobBoard(at.session_state).get(word2vec_training.SLOT) is job and not job.done
    assert at.button(key=word2vec_training.STOP_KEY)
    monkeypatch.setattr(jobs_view, "APPTEST_WAIT_S", 600.0)
    at.run()  # now waits for the end: the full run's result is collected
    assert_clean(at)
    assert "last_training" in at.session_state, ([w.value for w in at.warning], [e.value for e in at.error], job.state, job.cancel_reason, job.error)
    assert not at.session_state["last_training"]["stopped"]
    assert not any("Stopped after" in w.value for w in at.warning)


def test_an_error_in_the_worker_is_a_message_on_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"fine line\n\xff\xfe not utf-8\n")
    at = open_page("embeddings.py", timeout=180)
    at.radio(key="corpus_kind").set_value("path").run()
    at.text_input(key="corpus_path").set_value(str(binary))
    at.button(key="train_button").click().run()
    assert_clean(at)
    assert any("not valid UTF-8" in e.value for e in at.error)
    assert at.metric[0].value == "400,000" and "last_training" not in at.session_state
