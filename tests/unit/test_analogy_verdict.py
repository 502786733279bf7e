"""The with/without-exclusion verdict and the query text, on hand-made results and on the tiny embedding."""

from __future__ import annotations

from analysis.analogy import AnalogyResult
from analysis.analogy_verdict import exclusion_verdict, implied_abc, query_text, rank_in
from analysis.embeddings import Neighbor


def result(words, positive=("king", "woman"), negative=("man",)) -> AnalogyResult:
    return AnalogyResult(
        list(positive), list(negative), [Neighbor(w, 1.0 - i / 10) for i, w in enumerate(words)],
        resolved_positive=list(positive), resolved_negative=list(negative),
    )


def test_query_text_reads_as_arithmetic():
    assert query_text(result([]), ("man", "king", "woman")) == "king − man + woman"
    assert query_text(result([], positive=("a", "b", "c"), negative=("d",))) == "a + b + c − d"
    assert query_text(result([], positive=("a",), negative=("b", "c"))) == "a − b − c"


def test_implied_abc_only_for_two_positives_and_one_negative():
    assert implied_abc(result([]), None) == ("man", "king", "woman")
    assert implied_abc(result([], positive=("a", "b", "c")), None) is None
    assert implied_abc(result([]), ("x", "y", "z")) == ("x", "y", "z")


def test_rank_in_counts_from_one_and_says_when_absent():
    r = result(["queen", "princess", "monarch"])
    assert rank_in(r, "queen") == "1" and rank_in(r, "monarch") == "3"
    assert rank_in(r, "duchess") == "> 3"


def test_same_answer_when_exclusion_changes_nothing():
    verdict = exclusion_verdict(result(["queen", "princess"]), result(["queen", "king"]))
    assert verdict.kind == "same" and verdict.answer == "queen"


def test_needs_exclusion_when_the_real_top_answer_is_a_query_word():
    verdict = exclusion_verdict(result(["queen", "princess"]), result(["king", "monarch", "queen"]))
    assert verdict.kind == "needs_exclusion"
    assert (verdict.answer, verdict.real, verdict.rank) == ("queen", "king", "3")


def test_unexpected_when_the_excluded_answer_is_not_the_expected_one():
    # easiest − easy + lucky: with exclusion "unlucky", the expected "luckiest" comes second
    excluded = result(["unlucky", "luckiest"], positive=("easiest", "lucky"), negative=("easy",))
    kept = result(["lucky", "unlucky"], positive=("easiest", "lucky"), negative=("easy",))
    verdict = exclusion_verdict(excluded, kept, expected=("luckiest",))
    assert verdict.kind == "needs_exclusion_unexpected"
    assert (verdict.answer, verdict.real, verdict.rank, verdict.expected) == ("unlucky", "lucky", "2", "luckiest")


def test_a_different_answer_that_is_not_a_query_word_is_the_same_verdict():
    verdict = exclusion_verdict(result(["queen"]), result(["empress"]))
    assert verdict.kind == "same"


def test_no_verdict_without_answers():
    assert exclusion_verdict(result([]), result(["king"])) is None
