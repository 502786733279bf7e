"""#11: budget messages reach the page in German — every caller's phrase, unit and number."""

from __future__ import annotations

import re

import pytest

from analysis import budget
from analysis.budget import BudgetExceeded
from analysis.errors import AnalysisError

# The phrases the library passes as ``what`` (grep "budget.check\|check_words" analysis/), by kind.
PHRASES = [
    ("list_words", "The word list"),
    ("list_words", "The word list 'professions.txt'"),
    ("list_words", "The pair list"),
    ("list_words", "The analogy's word list"),
    ("list_words", "The group 'women'"),
    ("pair_search_words", "The she/he pair search (restrict_vocab)"),
    ("simulation_work", "This run (users × live items × steps)"),
    ("upload_megabytes", "The upload vectors.txt"),
    ("array_elements", "The IDX header (shape (60000, 28, 28))"),
    ("array_elements", "faces.npz (shape (10, 3))"),
    ("array_elements", "faces.npz: member x.npy (shape (10, 3))"),
    ("decompressed_bytes", "faces.npz: member x.npy (decompressed)"),
]
ENGLISH = re.compile(r"\b(the|has|more than|limit|set|raise|words|numbers|bytes? per|member|shape|group|list|run|upload|lines)\b", re.I)


@pytest.mark.parametrize(("limit", "what"), PHRASES)
def test_every_budget_message_is_german_with_german_numbers(limit, what):
    err = BudgetExceeded(limit, 12_345, 1_000, what, budget.UNITS[limit])
    english, german = str(err), err.localised("de")
    assert "12,345" in english and "1,000" in english
    assert "12.345" in german and "1.000" in german and "mehr als die Grenze" in german
    leftover = ENGLISH.findall(german.replace(budget.env_name(limit), ""))
    assert not [w for w in leftover if w.lower() not in ("restrict_vocab",)], (german, leftover)


def test_the_loaders_messages_are_german_too(monkeypatch):
    from analysis.formats import read_embedding_bytes

    monkeypatch.setenv("LAB_MAX_LINE_BYTES", "1000")
    with pytest.raises(AnalysisError) as info:
        read_embedding_bytes(b"word " + b"0.1 " * 400 + b"\n", "big.txt")
    assert info.value.localised("de") == "big.txt, Zeile 1: länger als die Grenze von 1.000 Bytes pro Zeile (mit LAB_MAX_LINE_BYTES erhöhbar)."
    line = BudgetExceeded("line_bytes", 5000, 4096, "big.txt", "bytes", key="errors.budget_line", values={"line": 3})
    assert str(line) == "big.txt, line 3: longer than the limit of 4,096 bytes per line (set LAB_MAX_LINE_BYTES to raise it)."
    assert line.localised("de") == "big.txt, Zeile 3: länger als die Grenze von 4.096 Bytes pro Zeile (mit LAB_MAX_LINE_BYTES erhöhbar)."
    repeats = BudgetExceeded("vocabulary", 11, 10, "dup.txt", "words", key="errors.budget_repeats")
    assert "Zeilen" in repeats.localised("de") and "10" in repeats.localised("de")


def test_a_real_check_raises_the_catalogued_message():
    with pytest.raises(AnalysisError) as info:
        budget.Budget(list_words=2).check("list_words", 1500, "The word list 'X'")
    assert info.value.localised("de") == "Die Wortliste 'X' hat 1.500 Wörter, mehr als die Grenze von 2 Wörter (mit LAB_MAX_LIST_WORDS erhöhbar)."


def test_a_caller_sentence_without_a_key_is_kept():
    err = BudgetExceeded("vocabulary", 3, 2, "x", "words", message="Something else entirely.")
    assert str(err) == err.localised("de") == "Something else entirely."
