"""A short real word2vec run on gensim's bundled Wikipedia excerpt + Lee corpus."""

from __future__ import annotations

import pytest

from analysis.errors import AnalysisError
from analysis.training import TrainingConfig, prepare_corpus, tokenize_line, train_word2vec


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    import os

    os.environ["LAB_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    calls = []
    result = train_word2vec("default", TrainingConfig(epochs=2, workers=1, seed=7), progress=lambda f, m: calls.append((f, m)))
    return result, calls


def test_default_corpus_statistics(trained):
    result, _ = trained
    corpus = result.corpus
    assert corpus.documents == 106 + 300  # Wikipedia articles + Lee documents
    assert 500_000 < corpus.tokens < 530_000
    assert corpus.vocabulary > 30_000
    assert corpus.sentences >= corpus.documents  # long articles are split


def test_training_result(trained):
    result, calls = trained
    emb = result.embeddings
    assert 9_000 < emb.info.vocab_size < 11_000 and emb.dims == 100
    assert len(result.losses) == 2 and all(loss > 0 for loss in result.losses)
    assert result.losses[1] < result.losses[0]
    neighbours = emb.neighbors("king", topn=5)
    assert all(n.word.isalpha() and n.word != "king" for n in neighbours)
    assert result.quality.total == 19_544 and 0 < result.quality.covered < 19_544
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("epoch 2/2" in m for _, m in calls)  # progress within the second epoch


def test_single_thread_run_is_reproducible(trained):
    result, _ = trained
    again = train_word2vec("default", TrainingConfig(epochs=2, workers=1, seed=7), evaluate=False)
    assert again.embeddings.info.content_hash == result.embeddings.info.content_hash


def test_user_corpus_is_tokenised_by_the_documented_rule(tmp_path):
    assert tokenize_line("Hello, World! It's 2024 — Straße") == ["hello", "world", "it", "s", "straße"]
    corpus = tmp_path / "c.txt"
    corpus.write_text("One two three.\nTwo three four!\n\n", encoding="utf-8")
    stats = prepare_corpus(corpus)
    assert (stats.documents, stats.tokens, stats.vocabulary) == (3, 6, 4)
    result = train_word2vec(corpus, TrainingConfig(min_count=1, epochs=1, workers=1, vector_size=8), evaluate=False)
    assert set(result.embeddings.words) == {"one", "two", "three", "four"}


def test_bad_corpora_and_options(tmp_path):
    with pytest.raises(AnalysisError, match="No such corpus file"):
        prepare_corpus(tmp_path / "missing.txt")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(AnalysisError, match="is empty"):
        prepare_corpus(tmp_path / "empty.txt")
    (tmp_path / "digits.txt").write_text("123 456\n")
    with pytest.raises(AnalysisError, match="contains no words"):
        prepare_corpus(tmp_path / "digits.txt")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(AnalysisError, match="line 1: not valid UTF-8"):
        prepare_corpus(tmp_path / "latin1.txt")
    with pytest.raises(AnalysisError, match="vector_size must be between"):
        train_word2vec("default", TrainingConfig(vector_size=0))
    (tmp_path / "rare.txt").write_text("a b c\n")
    with pytest.raises(AnalysisError, match="lower min_count"):
        train_word2vec(tmp_path / "rare.txt", TrainingConfig(min_count=5), evaluate=False)
