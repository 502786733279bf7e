"""The PyTorch word2vec trainer: gensim's vocabulary, sampling and windows, learning, errors, Stop.

Fast tests use the Lee corpus (60k words, bundled with gensim) or a small planted corpus; the
bundled default corpus run is marked slow.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.corpus_tokens import tokenize_to_array
from analysis.errors import AnalysisError
from analysis.progress import StopRequested
from analysis.training import TrainingConfig, _StreamedCorpus, prepare_corpus
from analysis.word2vec_torch import (
    TorchOptions,
    keep_probabilities,
    noise_table,
    train_word2vec_torch,
    window_pairs,
)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "w2v-cache"))


@pytest.fixture(scope="module")
def lee():
    from gensim.test.utils import datapath

    return datapath("lee_background.cor")


def planted_corpus(path, topics: int = 6, size: int = 6, sentences: int = 1200, seed: int = 0):
    """Sentences drawn from one topic each: words of a topic should end up nearest to each other."""
    rng = np.random.default_rng(seed)
    names = [[f"{chr(97 + t)}{chr(97 + w)}x" for w in range(size)] for t in range(topics)]
    lines = [" ".join(rng.choice(names[rng.integers(topics)], 12)) for _ in range(sentences)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return names


def topic_purity(emb, names) -> float:
    """Share of words whose nearest neighbour belongs to the same topic."""
    topic = {w: t for t, words in enumerate(names) for w in words}
    hits = [topic[emb.neighbors(w, topn=1)[0].word] == topic[w] for w in topic]
    return float(np.mean(hits))


def gensim_vocab(path, **options):
    from gensim.models import Word2Vec

    stats = prepare_corpus(path)
    model = Word2Vec(vector_size=10, workers=1, **options)
    model.build_vocab(_StreamedCorpus(stats.path, stats.sentences))
    return model


# --- options behave as in gensim ---------------------------------------------------------------
def test_vocabulary_counts_sampling_and_noise_equal_gensims(lee):
    model = gensim_vocab(lee, min_count=5, sample=1e-3)
    vocab = tokenize_to_array(lee).vocabulary(5)
    assert len(vocab.words) == len(model.wv) == 1759
    counts = np.array([model.wv.get_vecattr(w, "count") for w in vocab.words])
    np.testing.assert_array_equal(vocab.counts, counts)  # the same words with the same counts
    assert set(vocab.words) == set(model.wv.index_to_key)
    assert vocab.words[:5] == model.wv.index_to_key[:5]
    sample_int = np.array([model.wv.get_vecattr(w, "sample_int") for w in vocab.words]) / 2**32
    np.testing.assert_allclose(keep_probabilities(vocab.counts, 1e-3), sample_int, rtol=1e-6, atol=1e-9)
    assert keep_probabilities(vocab.counts, 1e-3)[0] < 0.2  # "the" is mostly dropped
    np.testing.assert_array_equal(keep_probabilities(vocab.counts, 0), 1.0)
    gensim_cum = np.array([model.cum_table[model.wv.get_index(w)] for w in model.wv.index_to_key])
    ours = noise_table(np.array([model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key]))
    assert np.abs(ours - gensim_cum).max() <= 1  # gensim rounds the same cumulative sum


def test_min_count_and_max_vocab_size_prune_as_gensim(lee):
    for min_count in (1, 20):
        assert len(tokenize_to_array(lee).vocabulary(min_count).words) == len(gensim_vocab(lee, min_count=min_count).wv)
    pruned = tokenize_to_array(lee, max_vocab_size=3000).vocabulary(1)
    model = gensim_vocab(lee, min_count=1, max_vocab_size=3000)
    assert set(pruned.words) == set(model.wv.index_to_key)
    assert len(pruned.words) < len(tokenize_to_array(lee).vocabulary(1).words)


def test_reduced_windows_stay_in_the_sentence_and_shrink_like_gensim():
    import torch

    n, window = 20_000, 4
    sentence = torch.arange(n) // 50
    reduced = window - torch.randint(0, window, (n,), generator=torch.Generator().manual_seed(0))
    centre, context = window_pairs(sentence, reduced, window)
    assert torch.equal(sentence[centre], sentence[context])
    offset = (context - centre).abs()
    assert offset.min() == 1 and offset.max() == window
    assert bool((offset <= reduced[centre]).all())
    # a context at distance d is used by a centre whose window is >= d: P = (window - d + 1) / window
    share = torch.bincount(offset, minlength=window + 1)[1:].double()
    np.testing.assert_allclose((share / share[0]).numpy(), [1, 0.75, 0.5, 0.25], atol=0.03)


# --- learning ---------------------------------------------------------------------------------
def test_loss_falls_and_the_same_seed_gives_the_same_vectors(lee):
    config = TrainingConfig(epochs=3, workers=1, vector_size=32, seed=3)
    first = train_word2vec_torch(lee, config, TorchOptions(device="cpu"), evaluate=False)
    assert first.losses[0] > first.losses[1] > first.losses[2]
    again = train_word2vec_torch(lee, config, TorchOptions(device="cpu"), evaluate=False)
    assert again.embeddings.info.content_hash == first.embeddings.info.content_hash
    other = train_word2vec_torch(lee, TrainingConfig(epochs=3, workers=1, vector_size=32, seed=4), TorchOptions(device="cpu"), evaluate=False)
    assert other.embeddings.info.content_hash != first.embeddings.info.content_hash
    assert first.words_per_second > 0 and first.device == "cpu" and first.summary()["engine"] == "torch"


@pytest.mark.parametrize(("sg", "batch_words"), [(False, 500), (True, 100)])
def test_cbow_and_skipgram_both_find_the_planted_topics(tmp_path, sg, batch_words):
    names = planted_corpus(tmp_path / "planted.txt")
    config = TrainingConfig(sg=sg, epochs=3, workers=1, vector_size=16, min_count=1, sample=0, seed=1)
    # 36 words in all: in a large step every row would get hundreds of summed updates at once
    result = train_word2vec_torch(tmp_path / "planted.txt", config, TorchOptions(device="cpu", batch_words=batch_words), evaluate=False)
    assert topic_purity(result.embeddings, names) == 1.0
    assert len(result.losses) == 3 and result.losses[-1] < result.losses[0]


def test_skipgram_and_cbow_are_different_models(tmp_path):
    planted_corpus(tmp_path / "planted.txt", sentences=200)
    runs = [
        train_word2vec_torch(tmp_path / "planted.txt", TrainingConfig(sg=sg, epochs=1, workers=1, vector_size=8, min_count=1), TorchOptions(device="cpu"), evaluate=False)
        for sg in (False, True)
    ]
    assert runs[0].embeddings.info.content_hash != runs[1].embeddings.info.content_hash
    assert runs[1].losses[0] > runs[0].losses[0]  # about six pairs per word against one window per word


def test_stop_keeps_what_was_trained(lee):
    calls = []

    def progress(fraction, message):
        calls.append(message)
        if "words/s" in message:
            raise StopRequested

    result = train_word2vec_torch(lee, TrainingConfig(epochs=50, workers=1, vector_size=16), TorchOptions(device="cpu", batch_words=500), progress=progress, evaluate=False)
    assert result.stopped and result.notes and "stopped after" in result.notes[0]
    # Stopped at the first progress report with a speed: the epochs finished by then are kept (how
    # many depends on the machine's speed, since reports are throttled in time), the rest never run.
    assert 1 <= len(result.losses) < 50 and np.isfinite(result.embeddings.vectors).all()
    assert any("loss" in m for m in calls)


# --- bad input ----------------------------------------------------------------------------------
def test_empty_binary_and_one_word_corpora_get_a_clear_message(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(AnalysisError, match="is empty"):
        train_word2vec_torch(tmp_path / "empty.txt", TrainingConfig(), TorchOptions(device="cpu"))
    (tmp_path / "model.bin").write_bytes(b"\x80\x04\x95\x00\x00binary")
    with pytest.raises(AnalysisError, match="binary file, not text"):
        train_word2vec_torch(tmp_path / "model.bin", TrainingConfig(), TorchOptions(device="cpu"))
    (tmp_path / "one.txt").write_text("hello hello hello\nhello\n")
    with pytest.raises(AnalysisError, match="Only one word .'hello'. occurs"):
        train_word2vec_torch(tmp_path / "one.txt", TrainingConfig(min_count=1), TorchOptions(device="cpu"))
    with pytest.raises(AnalysisError, match="lower min_count"):
        train_word2vec_torch(tmp_path / "one.txt", TrainingConfig(min_count=5), TorchOptions(device="cpu"))
    (tmp_path / "digits.txt").write_text("1 2 3\n")
    with pytest.raises(AnalysisError, match="contains no words"):
        train_word2vec_torch(tmp_path / "digits.txt", TrainingConfig(), TorchOptions(device="cpu"))
    with pytest.raises(AnalysisError, match="batch_words must be at least 2"):
        train_word2vec_torch(tmp_path / "one.txt", TrainingConfig(), TorchOptions(device="cpu", batch_words=1))
    with pytest.raises(AnalysisError, match="sample must be"):
        train_word2vec_torch(tmp_path / "one.txt", TrainingConfig(sample=2), TorchOptions(device="cpu"))


def test_the_token_array_is_memory_mapped_and_cached(lee):
    corpus = tokenize_to_array(lee)
    tokens = corpus.token_array()
    assert isinstance(tokens, np.memmap) and tokens.dtype == np.int32 and len(tokens) == corpus.tokens == 60_302
    assert corpus.sentence_ends()[-1] == corpus.tokens and corpus.sentences == 300
    assert tokenize_to_array(lee).tokens_path == corpus.tokens_path  # the second call reads the cache


# --- real corpus, GPU ---------------------------------------------------------------------------
@pytest.mark.slow
def test_obvious_neighbours_on_the_bundled_corpus():
    result = train_word2vec_torch("default", TrainingConfig(epochs=5, workers=2), TorchOptions(device="cpu"))
    months = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
    numbers = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    assert months & {n.word for n in result.embeddings.neighbors("february", topn=5)}
    assert numbers & {n.word for n in result.embeddings.neighbors("four", topn=5)}
    assert 0.003 < result.quality.accuracy and result.quality.covered > 4_000


@pytest.mark.gpu
def test_gpu_run_learns_the_planted_topics(tmp_path):
    from analysis.device import pick_device

    device = pick_device()
    names = planted_corpus(tmp_path / "planted.txt")
    config = TrainingConfig(sg=True, epochs=3, vector_size=16, min_count=1, sample=0)
    result = train_word2vec_torch(tmp_path / "planted.txt", config, TorchOptions(device=device), evaluate=False)
    assert result.device.startswith(device) and topic_purity(result.embeddings, names) == 1.0


# --- command line -------------------------------------------------------------------------------
def test_cli_train_engine_torch_adds_fields_and_keeps_gensims(lee, tmp_path, capsys):
    import json

    from analysis.cli import main

    out = tmp_path / "vectors.txt"
    code = main(["train", "--engine", "torch", "--device", "cpu", "--corpus", lee, "--out", str(out), "--epochs", "1", "--workers", "1", "--vector-size", "8", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and out.exists()
    assert {"config", "corpus", "vocab_size", "losses", "seconds", "quality", "hash", "out"} <= set(payload)  # gensim's fields
    assert payload["engine"] == "torch" and payload["device"] == "cpu" and payload["words_per_second"] > 0
    assert payload["vocab_size"] == 1759 and payload["options"]["batch_words"] == 10_000
    assert main(["train", "--engine", "torch", "--device", "cpu", "--corpus", lee, "--out", str(out), "--batch-words", "1"]) == 2
    assert "batch_words must be at least 2" in capsys.readouterr().err
    assert main(["train", "--corpus", lee, "--out", str(out), "--sample", "1.5"]) == 2  # gensim engine checks the new options too


def test_out_of_memory_becomes_a_message_with_a_smaller_batch(lee, monkeypatch):
    import torch

    from analysis import word2vec_torch

    def exhausted(self, progress):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")

    monkeypatch.setattr(word2vec_torch._Trainer, "run", exhausted)
    threads = torch.get_num_threads()
    with pytest.raises(AnalysisError, match=r"ran out of memory with batches of 8,000 words; try a smaller batch, e.g. --batch-words 2,000"):
        train_word2vec_torch(lee, TrainingConfig(workers=1), TorchOptions(device="cpu", batch_words=8_000))
    assert torch.get_num_threads() == threads  # the process's thread setting is restored
