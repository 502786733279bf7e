"""Before/after evidence for a debiased embedding: what was removed, what was kept, what remains.

One call, ``measure(emb, original, config)``, computes every number the Debiasing page and
``python -m analysis debias`` show for one embedding (the original itself or a debiased copy):

* **Bias**: DirectBias_c (Bolukbasi et al. 2016) over the professions that are not gender-specific,
  along the direction *recomputed* on this embedding from the definitional pairs (what an auditor
  would measure on it) and along the *original* embedding's direction (what the method targeted);
  the professions' projections on the original direction (the chart); WEAT 6–8 of Caliskan et al.
  (2017): career/family, math/arts, science/arts with s, d and p.
* **Utility kept**: Google analogy accuracy (3CosAdd, gensim's semantics) and the WordSim353 and
  SimLex-999 correlations (``analysis.evaluate``).
* **What remains**: Gonen & Goldberg's (2019) three checks on the most male- and female-biased
  words *of the original*, by default with the paper's own protocol (``analysis.residual``: he − she
  ranking, 500 + 500 words for clustering, 2,500 + 2,500 for the SVM, neighbours over the whole
  45,530-word pool on GloVe 6B), and the 2-D PCA of the clustering words.

Words are always chosen on the original, so before and after are measured on the same words.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.debias import hard_debias
    >>> from analysis.debias_evidence import EvidenceConfig, measure
    >>> glove = load_embeddings()
    >>> fast = EvidenceConfig(utility=False, permutations=1000)
    >>> before = measure(glove, glove, fast)
    >>> after = measure(hard_debias(glove).embeddings, glove, fast)
    >>> after.direct_bias_original < 0.001 < before.direct_bias_original
    True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report

if TYPE_CHECKING:
    from analysis.bias import Projections
from analysis.residual import (
    BiasedWords,
    PcaPoints,
    ResidualConfig,
    ResidualResult,
    Verdict,
    pca_points,
    residual_checks,
    select_biased_words,
    verdict,
)

WEAT_GENDER_TESTS = ("caliskan-6", "caliskan-7", "caliskan-8")  # career/family, math/arts, science/arts
SIMILARITY_BENCHMARKS = ("wordsim353", "simlex999")


@dataclass(frozen=True)
class EvidenceConfig:
    """What the before/after evidence measures and how (hashable: the app caches by it)."""

    direction_method: str = "pca"  # how the gender direction is found from the definitional pairs
    definitional: str = "bolukbasi/definitional_pairs"  # pairs defining the direction
    neutral_words: str = "bolukbasi/professions"  # N of DirectBias_c and the projection chart
    gender_specific: str = "bolukbasi/gender_specific_full"  # left out of N (and of the debias-direction residual words)
    c: float = 1.0  # strictness of DirectBias_c (Bolukbasi et al. report c = 1)
    weat_tests: tuple[str, ...] = WEAT_GENDER_TESTS  # Caliskan et al. tests to run
    permutations: int = 10_000  # WEAT permutation budget (exact enumeration when fewer partitions)
    seed: int = 0  # WEAT sampling seed
    utility: bool = True  # run the analogy and word-similarity benchmarks (the slowest part)
    analogy_restrict_vocab: int = 300_000  # gensim's default for evaluate_word_analogies
    residual: ResidualConfig = field(default_factory=ResidualConfig)  # Gonen & Goldberg checks (protocol inside)


@dataclass(frozen=True)
class WeatSummary:
    """The three WEAT numbers the table shows."""

    statistic: float  # s(X, Y, A, B)
    effect_size: float  # d (sample standard deviation, as Caliskan et al.)
    p_value: float  # one-sided permutation p-value
    permutations: int  # partitions scored
    exact: bool  # every partition enumerated


@dataclass(frozen=True)
class Correlation:
    """A word-similarity benchmark result."""

    pearson: float
    spearman: float
    oov_ratio: float  # share (0–1) of the benchmark's pairs with a word outside the vocabulary


@dataclass
class Evidence:
    """Every before/after number for one embedding."""

    name: str  # the embedding's display name
    direct_bias: float  # DirectBias_c along this embedding's own (recomputed) direction
    direct_bias_original: float  # DirectBias_c along the original embedding's direction
    explained_variance: list[float]  # PCA ratios of this embedding's centred definitional pairs
    weat: dict[str, WeatSummary | None]  # by test name; None when the test was refused (see notes)
    analogy_accuracy: float | None  # Google analogy accuracy (None when utility is off)
    analogy_correct: int | None
    analogy_total: int | None
    similarity: dict[str, Correlation]  # by benchmark name
    residual: ResidualResult  # Gonen & Goldberg's three numbers
    verdict: Verdict  # plain words about ``residual``
    professions: Projections  # the neutral words' projections on the original direction (analysis.tables.debias)
    pca: PcaPoints  # the biased words' 2-D PCA
    neutral_words: list[str] = field(default_factory=list)  # N actually used (vocabulary spelling)
    notes: list[str] = field(default_factory=list)  # tests that could not run on this embedding, and why
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """JSON-ready numbers (the CLI's "before"/"after" objects; no data frames)."""
        return {
            "name": self.name,
            "direct_bias": self.direct_bias,
            "direct_bias_original_direction": self.direct_bias_original,
            "explained_variance": self.explained_variance,
            "weat": {k: (v.__dict__ if v is not None else None) for k, v in self.weat.items()},
            "analogy_accuracy": self.analogy_accuracy,
            "analogy_correct": self.analogy_correct,
            "analogy_total": self.analogy_total,
            **{name: c.__dict__ for name, c in self.similarity.items()},
            "residual": residual_payload(self.residual),
            "notes": self.notes,
            "seconds": self.seconds,
        }


def residual_payload(result: ResidualResult) -> dict:
    """The three residual numbers under the names the CLI promises, then how they were measured.

    ``neighbour_correlation`` is the paper's figure (whole pool under the gonen-goldberg protocol);
    ``neighbour_correlation_selected`` the same over the clustering words only.
    """
    return {
        "kmeans_alignment": result.kmeans_alignment,
        "classifier_accuracy": result.classifier_accuracy,
        "neighbour_correlation": result.neighbour_correlation,
        "neighbour_correlation_selected": result.neighbour_correlation_selected,
        "protocol": result.protocol,
        "words": result.words,
        "neighbours": result.neighbours,
        "neighbour_words": result.neighbour_words,
        "classifier_train": result.classifier_train,
        "classifier_test": result.classifier_test,
        "svm_gamma": result.svm_gamma,
        "pool_size": result.pool_size,
    }


@dataclass(frozen=True)
class Reference:
    """What is computed once on the original: its direction, the neutral words, the biased words."""

    direction: np.ndarray  # unit, male-positive
    neutral_words: list[str]  # N: professions in the vocabulary, minus gender-specific words
    missing_neutral: list[str]
    biased: BiasedWords


def reference_of(original: Embeddings, config: EvidenceConfig) -> Reference:
    """The original's direction, neutral words and biased words (the same for before and after)."""
    from analysis.debias import bias_direction_of
    from analysis.wordlists import load_words

    direction = bias_direction_of(original, config.direction_method, config.definitional)
    specific = load_words(config.gender_specific)
    specific_lower = {w.lower() for w in specific}
    known, missing = original.split_known(load_words(config.neutral_words))
    neutral = list(dict.fromkeys(w for w in known if w.lower() not in specific_lower))
    if not neutral:
        raise AnalysisError(f"None of the words of '{config.neutral_words}' is in the vocabulary.")
    # gonen-goldberg ranks by he − she and excludes its own list; debias-direction by the removed direction.
    legacy = config.residual.protocol == "debias-direction"
    biased = select_biased_words(original, direction, config.residual, exclude=specific if legacy else None)
    return Reference(direction, neutral, missing, biased)


def measure(
    emb: Embeddings,
    original: Embeddings,
    config: EvidenceConfig = EvidenceConfig(),
    *,
    reference: Reference | None = None,
    stage: str = "",
    device: str = "cpu",
    progress: ProgressFn | None = None,
) -> Evidence:
    """Every number of the evidence table for ``emb``, with words and directions from ``original``.

    ``emb`` must have the same vocabulary as ``original`` (a debiased copy, or the original itself).
    ``device`` is where the analogy benchmark and the neighbour search run
    (``analysis.device.pick_device()``); the numbers are the same on every device.
    """
    from analysis.bias import bias_direction, direct_bias, project
    from analysis.debias import orient_male_positive
    from analysis.weat import weat
    from analysis.wordlists import caliskan_test, load_pairs

    started = time.perf_counter()
    if emb.words != original.words:
        raise AnalysisError("The embeddings to compare must have the same words in the same order.")
    report(progress, 0.0, "finding the gender direction")
    ref = reference or reference_of(original, config)
    pairs = load_pairs(config.definitional)
    own = bias_direction(emb, method=config.direction_method, pairs=pairs)
    own_vector = orient_male_positive(emb, own.vector, pairs)
    bias_own = direct_bias(emb, ref.neutral_words, own_vector, c=config.c)
    bias_original = direct_bias(emb, ref.neutral_words, ref.direction, c=config.c)
    professions = project(emb, ref.neutral_words, ref.direction)

    notes: list[str] = []
    weat_results: dict[str, WeatSummary | None] = {}
    for i, name in enumerate(config.weat_tests):
        report(progress, 0.05 + 0.1 * i / max(1, len(config.weat_tests)), f"WEAT {name}")
        t = caliskan_test(name)
        try:
            r = weat(emb, t.X, t.Y, t.A, t.B, permutations=config.permutations, seed=config.seed)
        except AnalysisError as exc:  # e.g. a small trained embedding lacks the words: say so, go on
            weat_results[name] = None
            notes.append(f"{name}: {exc}")
            continue
        weat_results[name] = WeatSummary(r.statistic, r.effect_size, r.p_value, r.permutations, r.exact)

    accuracy = correct = total = None
    similarity: dict[str, Correlation] = {}
    if config.utility:
        from analysis.evaluate import evaluate_analogies, evaluate_word_pairs

        report(progress, 0.15, "Google analogies")
        analogies = evaluate_analogies(
            emb,
            restrict_vocab=config.analogy_restrict_vocab,
            device=device,
            progress=(lambda f, m: report(progress, 0.15 + 0.55 * f, f"Google analogies: {m}")) if progress else None,
        )
        accuracy, correct, total = float(analogies.accuracy), int(analogies.correct), int(analogies.total)
        for name in SIMILARITY_BENCHMARKS:
            report(progress, 0.7, f"{name} correlations")
            pairs_result = evaluate_word_pairs(emb, benchmark=name)
            similarity[name] = Correlation(
                pearson=_number(pairs_result.pearson), spearman=_number(pairs_result.spearman), oov_ratio=float(pairs_result.oov_ratio)
            )

    report(progress, 0.75, "what remains (Gonen & Goldberg)")
    residual = residual_checks(
        emb, ref.biased, config.residual, progress=(lambda f, m: report(progress, 0.75 + 0.2 * f, m)) if progress else None, device=device
    )
    pca = pca_points(emb, ref.biased, stage or emb.info.name)
    report(progress, 1.0, "done")
    return Evidence(
        name=emb.info.name,
        direct_bias=bias_own,
        direct_bias_original=bias_original,
        explained_variance=list(own.explained_variance),
        weat=weat_results,
        analogy_accuracy=accuracy,
        analogy_correct=correct,
        analogy_total=total,
        similarity=similarity,
        residual=residual,
        verdict=verdict(residual),
        professions=professions,
        pca=pca,
        neutral_words=list(ref.neutral_words),
        notes=notes,
        seconds=time.perf_counter() - started,
    )


def _number(value) -> float:
    """A correlation as a float (gensim-style results are (statistic, p-value) pairs)."""
    if isinstance(value, (tuple, list)):
        value = value[0]
    return float(getattr(value, "statistic", value))


# --- the before/after table ----------------------------------------------------------------------
def comparison_rows(before: Evidence, after: Evidence) -> list[dict]:
    """The before/after table as rows ``{"key", "group", "test", "before", "after", "change"}``.

    ``key`` names the metric (the page translates it), ``test`` the WEAT test for WEAT rows.
    """

    def row(key: str, group: str, b: float | None, a: float | None, test: str = "") -> dict:
        change = None if b is None or a is None else a - b
        return {"key": key, "group": group, "test": test, "before": b, "after": a, "change": change}

    rows = [
        row("direct_bias", "bias", before.direct_bias, after.direct_bias),
        row("direct_bias_original_direction", "bias", before.direct_bias_original, after.direct_bias_original),
    ]
    for name, wb in before.weat.items():
        wa = after.weat.get(name)
        for key, attr in (("weat_statistic", "statistic"), ("weat_effect_size", "effect_size"), ("weat_p_value", "p_value")):
            rows.append(row(key, "weat", getattr(wb, attr, None), getattr(wa, attr, None), name))
    if before.analogy_accuracy is not None and after.analogy_accuracy is not None:
        rows.append(row("analogy_accuracy", "utility", before.analogy_accuracy, after.analogy_accuracy))
    for name, cb in before.similarity.items():
        ca = after.similarity[name]
        rows.append(row(f"{name}_spearman", "utility", cb.spearman, ca.spearman))
        rows.append(row(f"{name}_pearson", "utility", cb.pearson, ca.pearson))
    for key in ("kmeans_alignment", "classifier_accuracy", "neighbour_correlation", "neighbour_correlation_selected"):
        rows.append(row(key, "residual", getattr(before.residual, key), getattr(after.residual, key)))
    return rows


def payload(before: Evidence, after: Evidence, debias_summary: dict | None = None) -> dict:
    """The CLI's JSON: ``{"before", "after", "residual", "verdict", "table", "debias"}``."""
    out = {
        "before": before.as_dict(),
        "after": after.as_dict(),
        "residual": residual_payload(after.residual),
        "verdict": {"level": after.verdict.level, "text": after.verdict.text},
        "table": comparison_rows(before, after),
    }
    if debias_summary is not None:
        out["debias"] = debias_summary
    return out
