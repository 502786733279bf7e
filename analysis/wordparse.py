"""Typed word lists and word pairs, read the same way on every page, in the CLI and in word files.

A word list is split on commas, semicolons and whitespace; blanks are dropped and repeats keep
their first place. A pair list holds ``first:second`` items (``/``, `` - ``, ``-`` or a space also
separate the two words), one per line or separated by commas or semicolons.

    >>> split_words("he, she;  him\\nher, he")
    ['he', 'she', 'him', 'her']
    >>> parse_pairs("woman:man, girl/boy\\nmother - father")
    [('woman', 'man'), ('girl', 'boy'), ('mother', 'father')]
"""

from __future__ import annotations

import re
from typing import Iterable

from analysis.budget import check_words
from analysis.errors import AnalysisError

# Characters that separate words in a typed list.
WORD_SEPARATORS = re.compile(r"[,;\s]+")
# Separators between the two words of a pair, tried in this order (" - " before "-": "x - y").
PAIR_SEPARATORS = (":", "/", " - ", "-", " ")


def tokens(text: str | None) -> list[str]:
    """The non-blank words of ``text`` in order, repeats kept.

    >>> tokens(" a,,b ; a ")
    ['a', 'b', 'a']
    """
    return [token for token in WORD_SEPARATORS.split(text or "") if token]


def unique(words: Iterable[str]) -> list[str]:
    """``words`` without repeats, each at its first place.

    >>> unique(["b", "a", "b"])
    ['b', 'a']
    """
    return list(dict.fromkeys(words))


def split_words(text: str | None) -> list[str]:
    """A typed word list: the words of ``text``, blanks dropped, repeats removed, order kept.

    A list over ``LAB_MAX_LIST_WORDS`` words is refused (``analysis.budget.BudgetExceeded``).
    """
    words = unique(tokens(text))
    check_words(words)
    return words


def split_pair(item: str) -> tuple[str, str] | None:
    """``"woman:man"`` → ``("woman", "man")``; None when ``item`` is not two words.

    >>> split_pair("she - he"), split_pair("she")
    (('she', 'he'), None)
    """
    for separator in PAIR_SEPARATORS:
        if separator in item:
            first, second = (part.strip() for part in item.split(separator, 1))
            if first and second:
                return first, second
    return None


def parse_pairs(text: str | None) -> list[tuple[str, str]]:
    """Word pairs typed as ``first:second``, separated by commas, semicolons or new lines.

    ``/``, `` - ``, ``-`` or a space also separate the two words of a pair. Raises ``AnalysisError``
    (catalogue keys ``words.bad_pair``/``words.no_pairs``, so the German UI shows German) naming the
    first item that is not a pair, or when there is none.

    >>> parse_pairs("woman:man, girl/boy\\nshe - he")
    [('woman', 'man'), ('girl', 'boy'), ('she', 'he')]
    >>> parse_pairs("woman")
    Traceback (most recent call last):
    ...
    analysis.errors.AnalysisError: Cannot read 'woman' as a pair; write it as first:second.
    """
    items = (item.strip() for item in re.split(r"[,;\n]", text or ""))
    pairs = []
    for item in items:
        if not item:
            continue
        pair = split_pair(item)
        if pair is None:
            raise AnalysisError(key="words.bad_pair", values={"item": item})
        pairs.append(pair)
    check_words(pairs, "The pair list")
    if not pairs:
        raise AnalysisError(key="words.no_pairs")
    return pairs
