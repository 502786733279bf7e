"""Logic that used to sit in pages, now in analysis/: the pair parser and saving an uploaded corpus."""

from __future__ import annotations

import doctest

import pytest

import analysis.wordparse
from analysis.errors import AnalysisError
from analysis.training import save_uploaded_corpus
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


def test_an_uploaded_corpus_is_saved_once_under_its_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    first = save_uploaded_corpus(b"the cat sat on the mat")
    assert first.read_bytes() == b"the cat sat on the mat" and first.parent == tmp_path / "uploads"
    assert save_uploaded_corpus(b"the cat sat on the mat") == first
    assert save_uploaded_corpus(b"another text") != first
    assert not list((tmp_path / "uploads").glob("*.part"))
