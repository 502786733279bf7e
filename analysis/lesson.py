"""The lecture, step by step: one function per step, each returning a small result of plain numbers.

The Lesson page (``pages/lesson.py``) shows each result live on the active embedding; every function
here calls the same library code as the full pages, so the numbers agree with them.

    >>> from analysis.embeddings import load_embeddings
    >>> step = analogies_step(load_embeddings())
    >>> step.rows[0].query, step.rows[0].top, step.rows[0].expected_rank
    ('king − man + woman', 'queen', 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.presets import LessonPresets, lesson_presets
from analysis.progress import ProgressFn, report

if TYPE_CHECKING:
    from analysis.residual import ResidualConfig

DATA = Path(__file__).resolve().parent.parent / "data"
STEPS = 8  # the lecture has eight steps, numbered 1 … 8 in the URL (?step=3)
# Step 1: the analogy presets of data/presets/analogy.json shown, in the lecture's order.
ANALOGY_IDS = ("king_queen", "germany_paris", "germany_london", "easiest_luckiest", "mice_dollars", "impossibly_unethical")
# Step 2: the she/he analogies of data/presets/lesson.json (king is step 1's).
BIAS_ANALOGY_KEYS = ("programmer", "surgeon", "football", "burly")
# Step 3: (positive, negative, famous answer) whose answer depends on excluding the input words.
EXCLUSION_QUERIES = ((("king", "woman"), ("man",), "queen"), (("doctor", "woman"), ("man",), "nurse"), (("programmer", "woman"), ("man",), "homemaker"))
PROFESSION_EXTREMES = 6  # step 4: professions shown at each end of the she–he axis
WEAT_TEST = "caliskan-6"  # step 4/5: career vs family with male vs female names
WEAT_PERMUTATIONS = 10_000  # sampled partitions: a p-value to 1e-4 in well under a second
WEAT_SEED = 0  # the permutation sample, fixed so a link reproduces the p-value


@dataclass(frozen=True)
class AnalogyLine:
    """One analogy on the active embedding and where the literature's answer really ranks."""

    query: str  # "king − man + woman"
    positive: tuple[str, ...]  # words added
    negative: tuple[str, ...]  # words subtracted
    top: str  # the best answer with the input words excluded (gensim's convention)
    top_score: float  # its cosine with the query vector
    top_with_inputs: str  # the best answer when the input words are allowed (often an input)
    expected: str  # the answer the literature reports
    expected_rank: int | None  # its rank among all words, inputs excluded (None: not in the vocabulary)

    @property
    def reproduces(self) -> bool:
        """Does the embedding give the textbook answer first?"""
        return self.expected_rank == 1


@dataclass(frozen=True)
class AnalogiesStep:
    rows: list[AnalogyLine]  # one per query, in the lecture's order


@dataclass(frozen=True)
class NameGap:
    """Is John closer to programmer than Mary? Cosines of the two names to the target."""

    target: str
    male: str
    female: str
    male_similarity: float  # cos(male name, target)
    female_similarity: float  # cos(female name, target)

    @property
    def male_closer(self) -> bool:
        return self.male_similarity > self.female_similarity


@dataclass(frozen=True)
class BiasAnalogiesStep:
    rows: list[AnalogyLine]  # programmer − man + woman, surgeon − he + she, …
    names: NameGap  # john vs mary to programmer


@dataclass(frozen=True)
class ExclusionStep:
    rows: list[AnalogyLine]  # the same query with inputs excluded (top) and allowed (top_with_inputs)


@dataclass(frozen=True)
class ProfessionPoint:
    word: str
    projection: float  # cos(word, she − he): positive = the "she" side


@dataclass(frozen=True)
class WeatSummary:
    test: str  # e.g. "caliskan-6"
    effect_size: float  # Caliskan et al.'s d
    p_value: float  # one-sided permutation p
    permutations: int  # partitions sampled


@dataclass(frozen=True)
class MeasureStep:
    she_side: list[ProfessionPoint]  # the most "she" professions, most extreme first
    he_side: list[ProfessionPoint]  # the most "he" professions, most extreme first
    direct_bias: float  # DirectBias_1 of the neutral professions on the she–he axis
    professions: int  # how many neutral professions the embedding has
    weat: WeatSummary  # career/family WEAT


@dataclass(frozen=True)
class DebiasStep:
    direct_bias_before: float  # DirectBias_1 of the professions on the gender direction, original
    direct_bias_after: float  # the same after hard debias (≈ 0 by construction)
    weat_before: WeatSummary  # career/family WEAT, original
    weat_after: WeatSummary  # the same after hard debias: what remains
    kmeans_before: float  # Gonen & Goldberg: k-means alignment of the most biased words, original
    kmeans_after: float  # the same after debias (0.5 = chance, 1 = the old labels fully recoverable)
    classifier_after: float  # RBF-SVM accuracy recovering the original labels after debias
    seconds: float  # debiasing time


def _query_text(positive: Sequence[str], negative: Sequence[str]) -> str:
    first, *rest = positive
    return " ".join([first, *(f"− {w}" for w in negative), *(f"+ {w}" for w in rest)])


def analogy_line(emb: Embeddings, positive: Sequence[str], negative: Sequence[str], expected: str) -> AnalogyLine:
    """3CosAdd for ``positive − negative`` and the honest rank of ``expected`` (``bias.analogy_probe``).

    An unknown query word raises ``UnknownWordsError`` (with near spellings).
    """
    from analysis.bias import analogy_probe

    missing = [w for w in (*positive, *negative) if emb.resolve(w) is None]
    if missing:
        from analysis.errors import UnknownWordsError

        raise UnknownWordsError(missing, {w: emb.suggest(w) for w in missing})
    probe = analogy_probe(emb, list(positive), list(negative), expected=expected, topn=1)
    top = probe.results[0] if probe.results else None
    return AnalogyLine(
        query=_query_text(positive, negative),
        positive=tuple(positive),
        negative=tuple(negative),
        top=top.word if top else "",
        top_score=float(top.score) if top else float("nan"),
        top_with_inputs=probe.top_with_inputs,
        expected=expected,
        expected_rank=probe.expected_rank,
    )


def analogies_step(emb: Embeddings) -> AnalogiesStep:
    """Step 1: the classic analogies (capitals, superlative, plural, opposite)."""
    from analysis.analogy import load_presets

    presets = {p.id: p for p in load_presets()}
    rows = []
    for key in ANALOGY_IDS:
        p = presets[key]
        rows.append(analogy_line(emb, p.positive, p.negative, p.expected[0]))
    return AnalogiesStep(rows)


def _lesson_presets() -> LessonPresets:
    return lesson_presets()


def bias_analogies_step(emb: Embeddings, male: str = "john", female: str = "mary", target: str = "programmer") -> BiasAnalogiesStep:
    """Step 2: what word2vec learns besides meaning — she/he analogies and one name probe."""
    by_key = {a["key"]: a for a in _lesson_presets()["bias_analogies"]}
    rows = [analogy_line(emb, by_key[k]["positive"], by_key[k]["negative"], by_key[k]["expected"]) for k in BIAS_ANALOGY_KEYS]
    words = [emb.resolve(w) for w in (male, female, target)]
    if None in words:
        from analysis.errors import UnknownWordsError

        missing = [w for w, r in zip((male, female, target), words) if r is None]
        raise UnknownWordsError(missing, {w: emb.suggest(w) for w in missing})
    vectors = emb.unit[[emb.kv.key_to_index[w] for w in words]].astype(np.float64)
    gap = NameGap(words[2], words[0], words[1], float(vectors[0] @ vectors[2]), float(vectors[1] @ vectors[2]))
    return BiasAnalogiesStep(rows, gap)


def exclusion_step(emb: Embeddings) -> ExclusionStep:
    """Step 3: is the famous analogy real? The answer with the inputs excluded and allowed (Nissim et al. 2020)."""
    return ExclusionStep([analogy_line(emb, pos, neg, expected) for pos, neg, expected in EXCLUSION_QUERIES])


def _weat(emb: Embeddings) -> WeatSummary:
    from analysis.weat import weat_caliskan

    result = weat_caliskan(emb, WEAT_TEST, permutations=WEAT_PERMUTATIONS, seed=WEAT_SEED)
    return WeatSummary(WEAT_TEST, float(result.effect_size), float(result.p_value), WEAT_PERMUTATIONS)


def measure_step(emb: Embeddings) -> MeasureStep:
    """Step 4: professions on the she–he axis and the career/family WEAT."""
    from analysis.bias import bias_direction, direct_bias, neutral_professions, project

    direction = bias_direction(emb, "pair", [("she", "he")])
    professions = neutral_professions(emb)
    if not professions:
        raise AnalysisError("None of the professions is in this embedding's vocabulary.")
    points = sorted(project(emb, professions, direction), key=lambda p: p.projection)
    she = [ProfessionPoint(p.word, float(p.projection)) for p in points[::-1][:PROFESSION_EXTREMES]]
    he = [ProfessionPoint(p.word, float(p.projection)) for p in points[:PROFESSION_EXTREMES]]
    return MeasureStep(she, he, float(direct_bias(emb, professions, direction, c=1.0)), len(professions), _weat(emb))


def debias_step(emb: Embeddings, progress: ProgressFn | None = None, config: ResidualConfig | None = None) -> DebiasStep:
    """Step 5: hard debias (Bolukbasi et al.) and what remains (WEAT, Gonen & Goldberg's k-means and SVM).

    The k-means and SVM figures are the Debiasing page's (``residual.residual_checks``: same words,
    split, seed and RBF SVM). The page's third check, the neighbour correlation over the whole
    45,000-word pool, is left out: it is not shown here and took 12 of the step's 13 s on 2 cores.
    ``config`` picks the words (default: the page's ``ResidualConfig()``).
    """
    from analysis.bias import direct_bias, neutral_professions
    from analysis.debias import bias_direction_of, hard_debias
    from analysis.residual import ResidualConfig, kmeans_alignment, select_biased_words, svm_accuracy

    config = config or ResidualConfig()

    report(progress, 0.0, "hard debias")
    result = hard_debias(emb)
    after = result.embeddings
    direction = bias_direction_of(emb)
    professions = neutral_professions(emb)
    report(progress, 0.4, "WEAT before and after")
    weat_before, weat_after = _weat(emb), _weat(after)
    report(progress, 0.6, "what remains: k-means and SVM on the most biased words")
    chosen = select_biased_words(emb, direction, config)

    def rows(e: Embeddings, words: Sequence[str]) -> np.ndarray:
        return e.unit[[e.kv.key_to_index[w] for w in words]]

    kmeans_before = kmeans_alignment(rows(emb, chosen.words), chosen.labels, config.seed)
    kmeans_after = kmeans_alignment(rows(after, chosen.words), chosen.labels, config.seed)
    report(progress, 0.8, "what remains: k-means and SVM on the most biased words")
    svm_after = svm_accuracy(rows(after, chosen.train_words), chosen.train_labels, rows(after, chosen.test_words), chosen.test_labels, config.svm_gamma)
    report(progress, 1.0, "done")
    return DebiasStep(
        direct_bias_before=float(direct_bias(emb, professions, direction)),
        direct_bias_after=float(direct_bias(after, professions, direction)),
        weat_before=weat_before,
        weat_after=weat_after,
        kmeans_before=float(kmeans_before),
        kmeans_after=float(kmeans_after),
        classifier_after=float(svm_after),
        seconds=float(result.summary()["seconds"]),
    )


__all__ = [
    "STEPS",
    "AnalogiesStep",
    "AnalogyLine",
    "BiasAnalogiesStep",
    "DebiasStep",
    "ExclusionStep",
    "MeasureStep",
    "NameGap",
    "ProfessionPoint",
    "WeatSummary",
    "analogies_step",
    "analogy_line",
    "bias_analogies_step",
    "debias_step",
    "exclusion_step",
    "measure_step",
]
