"""analysis.wordparse: the one reader of typed word lists and word pairs."""

from __future__ import annotations

import pytest

from analysis.errors import AnalysisError
from analysis.projection import parse_groups
from analysis.wordlists import parse_word_text
from analysis.wordparse import parse_pairs, split_pair, split_words, tokens, unique


def test_split_words_splits_on_commas_semicolons_and_any_whitespace():
    assert split_words("he,she;him\ther\n\nthey  them") == ["he", "she", "him", "her", "they", "them"]


def test_split_words_drops_repeats_keeping_the_first_place_and_is_case_sensitive():
    assert split_words("b, a, b, B") == ["b", "a", "B"]


@pytest.mark.parametrize("blank", ["", "  ", ",;,", None, "\n\t"])
def test_blank_text_is_no_words(blank):
    assert split_words(blank) == [] and tokens(blank) == []


def test_tokens_keep_repeats_and_unique_removes_them():
    assert tokens("x x, y") == ["x", "x", "y"]
    assert unique(tokens("x x, y")) == ["x", "y"]


def test_non_ascii_words_survive():
    assert split_words("Ärztin, Mädchen; naïve") == ["Ärztin", "Mädchen", "naïve"]


@pytest.mark.parametrize(
    ("item", "pair"),
    [("woman:man", ("woman", "man")), ("woman : man", ("woman", "man")), ("girl/boy", ("girl", "boy")), ("mother - father", ("mother", "father")), ("she-he", ("she", "he")), ("queen king", ("queen", "king"))],
)
def test_every_pair_separator(item, pair):
    assert split_pair(item) == pair


def test_a_blank_side_falls_through_to_the_next_separator():
    # ":" leaves the first word blank, so the space separates the pair instead.
    assert split_pair("a: b") == ("a", "b")
    assert split_pair("a:") is None and split_pair("word") is None


def test_parse_pairs_accepts_commas_semicolons_and_lines():
    assert parse_pairs("woman:man; girl:boy\n\nmother:father,") == [("woman", "man"), ("girl", "boy"), ("mother", "father")]


def test_parse_pairs_names_the_bad_item_in_both_languages():
    with pytest.raises(AnalysisError) as err:
        parse_pairs("woman:man, lonely")
    assert "'lonely'" in str(err.value) and "lonely" in err.value.localised("de")
    assert err.value.localised("de") != str(err.value)


def test_parse_pairs_needs_at_least_one_pair():
    with pytest.raises(AnalysisError, match="at least one pair"):
        parse_pairs(" , \n")


def test_word_files_and_groups_use_the_same_splitting():
    text = "dog, cat;horse  bus"
    assert parse_word_text(text) == split_words(text)
    assert parse_groups(f"animals: {text}") == {"animals": tokens(text)}
