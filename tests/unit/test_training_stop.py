"""Stop during a gensim word2vec run keeps what was trained (issue #13), without hanging gensim's threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from analysis.progress import StopRequested
from analysis.training import TrainingConfig, train_word2vec


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "stop-cache"))


@pytest.fixture(scope="module")
def lee():
    from gensim.test.utils import datapath

    return datapath("lee_background.cor")


def test_stop_after_the_first_of_five_epochs_keeps_a_usable_embedding(lee):
    threads_before = threading.active_count()
    calls = []

    def progress(fraction, message):
        calls.append(message)
        if "epoch 2/5" in message:  # as a Stop press does: every later call raises too
            raise StopRequested

    config = TrainingConfig(epochs=5, workers=2, vector_size=20, seed=3)
    result = train_word2vec(lee, config, progress=progress)
    assert result.stopped and result.notes == [f"stopped after {result.fraction_trained:.0%} of training"]
    assert 0.2 <= result.fraction_trained < 0.4  # in epoch 2 of 5
    assert 1 <= len(result.losses) <= 2  # epoch 1, and the part of epoch 2 gensim got
    assert result.quality is None  # a stopped run is not evaluated (nothing asks for it any more)
    assert not any("epoch 3/5" in m for m in calls)
    emb = result.embeddings
    assert np.isfinite(emb.vectors).all() and emb.dims == 20
    full = train_word2vec(lee, TrainingConfig(epochs=1, workers=1, vector_size=20, seed=3), evaluate=False)
    assert set(emb.words) == set(full.embeddings.words)  # the whole vocabulary, trained for one epoch
    assert emb.neighbors("government", topn=3)
    # Trained, not the random start: the vectors moved from gensim's seed-determined initial values.
    untrained_norm = 0.5 / 20 * np.sqrt(20 / 3)  # uniform(-0.5/d, 0.5/d) per component
    assert np.linalg.norm(emb.vectors, axis=1).mean() > 2 * untrained_norm
    assert threading.active_count() <= threads_before  # gensim's producer and workers ended


def test_summary_says_stopped(lee):
    def progress(fraction, message):
        if "epoch 1/3" in message:
            raise StopRequested

    result = train_word2vec(lee, TrainingConfig(epochs=3, workers=1, vector_size=8), progress=progress)
    summary = result.summary()
    assert summary["stopped"] is True and 0 <= summary["fraction_trained"] < 1 / 3
    assert summary["config"]["epochs"] == 3 and summary["quality"] is None


def test_a_run_not_stopped_says_so(lee):
    result = train_word2vec(lee, TrainingConfig(epochs=1, workers=1, vector_size=8), evaluate=False)
    assert not result.stopped and result.fraction_trained == 1.0 and result.summary()["stopped"] is False
