"""How an analogy answer reads, and what switching off input exclusion says about it.

Pure functions the Analogies page renders: the query as arithmetic (``king − man + woman``), an
answer's rank as text, and the verdict of Nissim et al. (2020), "Fair is Better than Sensational":
many famous analogies only "work" because the query words themselves are removed from the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from analysis.analogy import AnalogyResult

VerdictKind = Literal["same", "needs_exclusion", "needs_exclusion_unexpected"]


def query_text(result: AnalogyResult, abc: tuple[str, str, str] | None = None) -> str:
    """``king − man + woman`` for a : b :: c queries, else positives then negatives.

    >>> r = AnalogyResult(["king", "woman"], ["man"], [], resolved_positive=["king", "woman"], resolved_negative=["man"])
    >>> query_text(r, ("man", "king", "woman"))
    'king − man + woman'
    >>> query_text(AnalogyResult(["a", "b"], [], [], resolved_positive=["a", "b"]))
    'a + b'
    """
    if abc is not None and len(result.resolved_positive) == 2 and len(result.resolved_negative) == 1:
        (b, c), (a,) = result.resolved_positive, result.resolved_negative
        return f"{b} − {a} + {c}"
    return " + ".join(result.resolved_positive) + "".join(f" − {w}" for w in result.resolved_negative)


def implied_abc(result: AnalogyResult, abc: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
    """The a : b :: c triple to draw: the one typed, or the one a free ``b + c − a`` query implies.

    >>> implied_abc(AnalogyResult([], [], [], resolved_positive=["king", "woman"], resolved_negative=["man"]), None)
    ('man', 'king', 'woman')
    """
    if abc is None and len(result.resolved_positive) == 2 and len(result.resolved_negative) == 1:
        return (result.resolved_negative[0], *result.resolved_positive)
    return abc


def rank_in(result: AnalogyResult, word: str) -> str:
    """``word``'s 1-based rank among the answers as text, or ``> n`` when it is not among them."""
    for i, neighbour in enumerate(result.results, 1):
        if neighbour.word == word:
            return str(i)
    return f"> {len(result.results)}"


@dataclass(frozen=True)
class ExclusionVerdict:
    """What comparing answers with and without input exclusion shows."""

    kind: VerdictKind  # "same": exclusion changes nothing; otherwise the real top answer is a query word
    answer: str  # top answer with the query words excluded (the "famous" one)
    real: str  # top answer when nothing is excluded
    rank: str  # "needs_exclusion": the famous answer's rank without exclusion; "…_unexpected": the expected word's rank with it
    expected: str = ""  # the preset's first expected answer ("needs_exclusion_unexpected" only)


def exclusion_verdict(excluded: AnalogyResult, kept: AnalogyResult, expected: Sequence[str] = ()) -> ExclusionVerdict | None:
    """The verdict on one query computed twice (``excluded``: inputs removed, ``kept``: not), or None without answers."""
    if excluded.top is None or kept.top is None:
        return None
    answer, real = excluded.top.word, kept.top.word
    if real != answer and real in kept.inputs and expected and answer not in expected:
        # e.g. easiest − easy + lucky: the exclusion gives "unlucky", which is not the famous "luckiest"
        return ExclusionVerdict("needs_exclusion_unexpected", answer, real, rank_in(excluded, expected[0]), expected[0])
    if real != answer and real in kept.inputs:
        return ExclusionVerdict("needs_exclusion", answer, real, rank_in(kept, answer))
    return ExclusionVerdict("same", answer, real, "1")
