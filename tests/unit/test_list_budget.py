"""The words-per-list budget (LAB_MAX_LIST_WORDS) on every typed or uploaded word list, not only WEAT.

Each entry point gets a 10,000-word list and must refuse it with the one sentence that names the
limit and its variable, before vectors are gathered or spellings suggested (memory stays bounded).
"""

from __future__ import annotations

import threading
import time
import tracemalloc

import numpy as np
import pytest

from analysis import bias, projection, wordlists, wordparse
from analysis.analogy import analogy
from analysis.budget import BudgetExceeded
from analysis.embeddings import Embeddings

MESSAGE = r"has 10,000 (words|pairs)?.*more than the limit of 1,000 words \(set LAB_MAX_LIST_WORDS to raise it\)\."
HUGE = [f"w{i}" for i in range(10_000)]
DIMS = 300  # GloVe's width: gathering 10,000 rows would take 12 MB (float32), 24 MB as float64


@pytest.fixture(scope="module")
def emb():
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(12_000)]
    return Embeddings(words, rng.normal(size=(12_000, DIMS)).astype(np.float32), name="random", source="test")


def refused(call) -> BudgetExceeded:
    """Run ``call`` and expect the refusal naming the limit, its value and its variable."""
    with pytest.raises(BudgetExceeded, match=MESSAGE) as caught:
        call()
    assert caught.value.limit == "list_words" and caught.value.value == 10_000
    return caught.value


def quiet_other_threads(seconds: float = 10.0) -> None:
    """tracemalloc counts every thread: let a page test's script thread (it may be loading an
    embedding) finish first, so the peak below is this call's."""
    deadline = time.monotonic() + seconds
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


def refused_with_bounded_memory(call) -> BudgetExceeded:
    """Run ``call``, expect the refusal, and check it allocated (far) less than the matrix would."""
    refused(call)  # once unmeasured: lazy imports and caches are not the list's cost
    quiet_other_threads()
    tracemalloc.start()
    try:
        with pytest.raises(BudgetExceeded, match=MESSAGE) as caught:
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6_000_000, peak  # the parsed strings only; the rows would be 12-24 MB
    assert caught.value.limit == "list_words" and caught.value.value == 10_000
    return caught.value


def test_parsers_refuse_a_long_typed_list():
    text = ", ".join(HUGE)
    refused(lambda: wordparse.split_words(text))
    refused(lambda: wordlists.parse_word_text(text, origin="words.txt"))
    pairs = ", ".join(f"{w}:{w}x" for w in HUGE)
    refused(lambda: wordparse.parse_pairs(pairs))
    refused(lambda: projection.parse_groups("big: " + text))


def test_an_uploaded_word_file_is_refused(tmp_path):
    path = tmp_path / "custom.txt"
    path.write_text("\n".join(HUGE), encoding="utf-8")
    exc = refused(lambda: wordlists.read_word_file(path))
    assert "custom.txt" in str(exc)


def test_lookups_refuse_before_gathering_vectors(emb):
    refused_with_bounded_memory(lambda: emb.rows(HUGE, suggest=True))
    refused_with_bounded_memory(lambda: emb.split_known(iter(HUGE)))
    refused_with_bounded_memory(lambda: emb.resolve_all(HUGE))


def test_probes_groups_and_analogies_refuse_a_long_list(emb):
    direction = bias.direction_from_vector(np.ones(DIMS))
    refused_with_bounded_memory(lambda: bias.project(emb, HUGE, direction))
    refused_with_bounded_memory(lambda: bias.bias_direction(emb, "pca", [(w, w + "x") for w in HUGE]))
    refused_with_bounded_memory(lambda: projection.select_words(emb, {"big": HUGE}))
    refused_with_bounded_memory(lambda: analogy(emb, HUGE[:9_999], ["w1"]))


def test_lists_within_the_limit_still_work(emb, monkeypatch):
    assert len(emb.rows(HUGE[:1000]).words) == 1000
    monkeypatch.setenv("LAB_MAX_LIST_WORDS", "20000")
    assert len(emb.rows(HUGE).words) == 10_000
    assert len(wordparse.split_words(" ".join(HUGE))) == 10_000
    monkeypatch.setenv("LAB_MAX_LIST_WORDS", "3")
    with pytest.raises(BudgetExceeded, match="limit of 3 words"):
        wordparse.split_words("a b c d")
