"""Logic that used to sit in pages, now in analysis/: the pair parser and saving an uploaded corpus."""

from __future__ import annotations

import doctest

import pytest

import analysis.wordparse
from analysis.errors import AnalysisError
from analysis.wordparse import parse_pairs


def test_pair_parser_doctests():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(analysis.wordparse.parse_pairs, "parse_pairs", globs={"parse_pairs": parse_pairs}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries >= 2


def test_pairs_in_every_accepted_spelling():
    assert parse_pairs("she:he; woman / man\n king - queen,girl boy") == [("she", "he"), ("woman", "man"), ("king", "queen"), ("girl", "boy")]


def test_bad_pairs_carry_catalogue_keys_for_the_german_ui():
    with pytest.raises(AnalysisError) as bad:
        parse_pairs("she:he, lonely")
    assert bad.value.key == "words.bad_pair" and "'lonely'" in str(bad.value)
    assert "„lonely“" in bad.value.localised("de")
    with pytest.raises(AnalysisError) as empty:
        parse_pairs(" , ")
    assert empty.value.localised("de") == "Bitte mindestens ein Paar eingeben."


def test_an_uploaded_corpus_leaves_no_copy_behind(tmp_path, monkeypatch):
    """The page trains from app/uploads.py's temporary file: after training, the upload itself is
    gone and the cache holds only the tokenised corpus, which the cache evicts (at most
    MAX_CACHED_CORPORA); no per-upload folder grows for ever."""
    import tempfile

    from analysis.training import MAX_CACHED_CORPORA, prepare_corpus
    from app.uploads import temporary_file

    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    for number in range(MAX_CACHED_CORPORA + 3):
        with temporary_file(f"the cat sat on mat number {number}\n".encode(), ".txt") as path:
            stats = prepare_corpus(path)
            assert stats.tokens == 6
        assert not path.exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    cached = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert not (tmp_path / "cache" / "uploads").exists()
    assert len([n for n in cached if n.startswith("corpus-") and n.endswith(".txt")]) <= MAX_CACHED_CORPORA
