"""Bias probes on word embeddings, each following a published definition an auditor can cite.

* **Bias direction** (Bolukbasi et al. 2016, §5): from one pair (``she − he``), the mean of the pair
  differences, or — the paper's choice — the first principal component of the *centred* definitional
  pairs (for each pair, both words minus the pair's mean). The PCA's explained-variance ratios show
  that one component dominates. The direction points from the second word of each pair to the first,
  so with Bolukbasi's (female, male) pairs a positive projection means "closer to she".
* **Projections** of words on one direction or on two (a 2-D scatter).
* **DirectBias_c** (Bolukbasi et al. §5.2): ``1/|N| Σ_{w∈N} |cos(w, g)|^c`` over gender-neutral words N.
* **Indirect bias** β(w, v) (§5.2): the share of the similarity of w and v that is due to the
  direction: ``(w·v − w⊥·v⊥ / (‖w⊥‖ ‖v⊥‖)) / (w·v)`` with ``w⊥ = w − (w·g) g`` on unit vectors.
* **She/he analogy generation** (§4): pairs (x, y) of frequent words with ‖x − y‖ ≤ δ ranked by
  ``cos(x − y, she − he)``, each word used at most once per side (as the authors' code does).
* **Name probes**: mean cosine similarity of male vs female first names to target words.
* **WEAT** (Caliskan et al. 2017) lives in ``analysis.weat`` and is re-exported here.

All computations use unit-length vectors (``emb.unit``), as Bolukbasi et al. normalise first.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.bias import bias_direction, project, direct_bias
    >>> emb = load_embeddings()
    >>> g = bias_direction(emb, "pca")
    >>> round(g.explained_variance[0], 2) > round(g.explained_variance[1], 2)
    True
    >>> [p.word for p in sorted(project(emb, ["nurse", "engineer"], g), key=lambda p: p.projection)]
    ['engineer', 'nurse']
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

import numpy as np

from analysis.budget import check_words
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError, UnknownWordsError
from analysis.progress import ProgressFn, report
from analysis.weat import WeatResult, WordAssociation, weat  # noqa: F401  (re-exported: `from analysis.bias import weat`)

# How a direction is built from word pairs (a custom vector carries its own label instead).
DirectionMethod = Literal["pca", "mean", "pair"]
METHODS: tuple[DirectionMethod, ...] = ("pca", "mean", "pair")
DEFAULT_SEED = ("she", "he")
# How many principal components the explained-variance chart shows (Bolukbasi et al. plot 10).
N_COMPONENTS = 10


# --- bias direction ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BiasDirection:
    """A unit direction in embedding space and how it was found."""

    vector: np.ndarray  # unit vector, float32, shape (dims,); points from each pair's 2nd word to its 1st
    method: str  # "pca" (first principal component of centred pairs), "mean" (mean difference) or "pair"
    explained_variance: list[float]  # PCA explained-variance ratios of the centred pairs (≤ 10, largest first)
    pairs_used: list[tuple[str, str]]  # pairs found in the vocabulary (vocabulary spelling)
    missing: list[str] = field(default_factory=list)  # words of the requested pairs not in the vocabulary

    @property
    def label(self) -> str:
        """Short description, e.g. ``"she − he"`` or ``"PCA of 10 pairs"``."""
        if self.method == "pair" and self.pairs_used:
            a, b = self.pairs_used[0]
            return f"{a} − {b}"
        kind = "PCA" if self.method == "pca" else "mean"
        return f"{kind} of {len(self.pairs_used)} pairs"


def parse_direction_spec(spec: str) -> tuple[str, list[tuple[str, str]] | None]:
    """``"pca"``, ``"mean"`` or ``"pair:she,he"`` → (method, pairs or None for the default pairs)."""
    spec = (spec or "").strip()
    if spec.lower() in ("pca", "mean"):
        return spec.lower(), None
    if spec.lower().startswith("pair"):
        rest = spec[4:].lstrip(":= ")
        if not rest:
            return "pair", [DEFAULT_SEED]
        parts = [p for p in re.split(r"[,\s/]+", rest) if p]
        if len(parts) != 2:
            raise AnalysisError(f"A pair direction needs two words, like 'pair:she,he'; got '{spec}'.")
        return "pair", [(parts[0], parts[1])]
    raise AnalysisError(f"Unknown direction '{spec}'. Use 'pca', 'mean' or 'pair:she,he'.")


def bias_direction(
    emb: Embeddings,
    method: str = "pca",
    pairs: Sequence[tuple[str, str]] | None = None,
) -> BiasDirection:
    """The bias direction of ``emb`` from word pairs.

    ``method``: ``"pca"`` — first principal component of the centred pairs (Bolukbasi et al.);
    ``"mean"`` — normalised mean of the differences ``a − b``; ``"pair"`` — ``a − b`` of one pair.
    ``pairs`` default to Bolukbasi's definitional pairs for pca/mean and to ``("she", "he")`` for
    pair. Pairs with a word missing from the vocabulary are left out and the words reported.

        >>> from analysis.embeddings import load_embeddings
        >>> d = bias_direction(load_embeddings(), "pair", [("she", "he")])
        >>> d.label, d.vector.shape, d.explained_variance
        ('she − he', (50,), [1.0])
    """
    method = (method or "").strip().lower()
    if method not in METHODS:
        raise AnalysisError(f"Unknown direction method '{method}'. Use one of: {', '.join(METHODS)}.")
    pairs = _checked_pairs(method, pairs)
    used, missing = _pairs_in_vocabulary(emb, method, pairs)
    first = emb.rows([a for a, _ in used], unique=False).matrix.astype(np.float64)
    second = emb.rows([b for _, b in used], unique=False).matrix.astype(np.float64)
    ratios, components = centred_pair_pca(first, second)
    vector = _direction_vector(method, first - second, components)
    return BiasDirection(
        vector=vector,
        method=method,
        # The centred rows are ±(a − b)/2, so their rank is at most the number of pairs.
        explained_variance=[float(r) for r in ratios[: min(N_COMPONENTS, len(used))]],
        pairs_used=used,
        missing=missing,
    )


def _checked_pairs(method: str, pairs: Sequence[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """The pairs to use: the method's default when None; each of two words; one for ``pair``."""
    if pairs is None:
        if method == "pair":
            pairs = [DEFAULT_SEED]
        else:
            from analysis.wordlists import load_pairs

            pairs = load_pairs("bolukbasi/definitional_pairs")
    pairs = [tuple(p) for p in pairs]
    if any(len(p) != 2 for p in pairs):
        raise AnalysisError("Every pair needs exactly two words.")
    if method == "pair" and len(pairs) != 1:
        raise AnalysisError(f"The 'pair' method takes exactly one pair; got {len(pairs)}. Use 'mean' or 'pca' for several.")
    if not pairs:
        raise AnalysisError("No word pairs given for the bias direction.")
    return pairs  # type: ignore[return-value]


def _pairs_in_vocabulary(emb: Embeddings, method: str, pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """(pairs with both words in the vocabulary, as its spellings; the missing words), or an error
    saying why no pair is usable."""
    check_words(pairs, "The pair list")
    used: list[tuple[str, str]] = []
    missing: list[str] = []
    for a, b in pairs:
        ra, rb = emb.resolve(a), emb.resolve(b)
        if ra is None:
            missing.append(a)
        if rb is None:
            missing.append(b)
        if ra is not None and rb is not None and ra != rb:
            used.append((ra, rb))
    if not used:
        if not missing:  # every pair found, but each pair's two words are one vocabulary word
            raise AnalysisError(
                "The two words of each pair are the same vocabulary word ("
                + ", ".join(f"{a}/{b}" for a, b in pairs[:5])
                + "), so they define no direction."
            )
        if method == "pair" and missing:
            raise UnknownWordsError(missing, {w: emb.suggest(w) for w in missing})
        raise AnalysisError(
            "None of the word pairs is in the vocabulary" + (f" (missing: {', '.join(missing)})" if missing else "") + "."
        )
    return used, missing


def _direction_vector(method: str, diffs: np.ndarray, components: np.ndarray) -> np.ndarray:
    """The unit (float32) direction: PC1 oriented like the differences ``a − b``, their mean, or the one pair's."""
    if method == "pca":
        vector = components[0]
        # A principal component's sign is arbitrary: orient it like the pair differences (a − b).
        if float(vector @ diffs.mean(axis=0)) < 0:
            vector = -vector
    elif method == "mean":
        vector = diffs.mean(axis=0)
    else:
        vector = diffs[0]
    norm = float(np.linalg.norm(vector))
    if norm == 0 or not math.isfinite(norm):
        raise AnalysisError("The bias direction is zero: the words of each pair have identical vectors.")
    return (vector / norm).astype(np.float32)


def centred_pair_pca(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PCA of the centred pairs (Bolukbasi et al. §5): rows ``a − μ`` and ``b − μ`` with ``μ = (a+b)/2``.

    Returns (explained-variance ratios, principal axes as rows), largest first — the same numbers as
    ``sklearn.decomposition.PCA().fit(matrix)`` (signs as scikit-learn's; callers orient them).
    """
    from analysis.projection import pca

    centre = (first + second) / 2
    matrix = np.vstack([first - centre, second - centre])
    result = pca(matrix, min(matrix.shape))  # the lab's one PCA (docs/ARCHITECTURE.md says why)
    return result.explained_variance_ratio, result.components


def direction_from_vector(vector: np.ndarray, label: str = "custom") -> BiasDirection:
    """Wrap any vector (e.g. a second axis) as a ``BiasDirection`` of unit length."""
    v = np.asarray(vector, dtype=np.float64).ravel()
    norm = float(np.linalg.norm(v))
    if norm == 0 or not math.isfinite(norm):
        raise AnalysisError("The direction vector is zero or not finite.")
    return BiasDirection(vector=(v / norm).astype(np.float32), method=label, explained_variance=[], pairs_used=[])


def _unit_direction(emb: Embeddings, direction: BiasDirection | np.ndarray) -> np.ndarray:
    vec = direction.vector if isinstance(direction, BiasDirection) else np.asarray(direction)
    vec = np.asarray(vec, dtype=np.float64).ravel()
    if vec.shape != (emb.dims,):
        raise AnalysisError(f"The direction has {vec.size} dimensions, the embedding {emb.dims}.")
    norm = float(np.linalg.norm(vec))
    if norm == 0 or not math.isfinite(norm):
        raise AnalysisError("The direction is zero or not finite.")
    return vec / norm


# --- projections ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Projection:
    """A word and its cosine with a direction (its projection when both are unit length)."""

    word: str  # vocabulary spelling
    projection: float  # cos(word, direction) in [-1, 1]; positive = the first words' side of the pairs


@dataclass(frozen=True)
class Projection2D:
    """A word's projections on two directions (a point of the 2-D chart)."""

    word: str
    x: float  # cos(word, first direction)
    y: float  # cos(word, second direction)


class Projections(list):
    """A list of ``Projection`` that also remembers which requested words were missing."""

    def __init__(self, items: Iterable = (), missing: Sequence[str] = ()):
        super().__init__(items)
        self.missing: list[str] = list(missing)


def _known_indices(emb: Embeddings, words: Iterable[str]) -> tuple[list[str], list[int], list[str]]:
    found = emb.rows(words)  # "Nurse" and "nurse" resolve to the same row on GloVe: counted once
    return found.words, found.rows.tolist(), found.missing


def project(emb: Embeddings, words: Iterable[str], direction: BiasDirection | np.ndarray) -> Projections:
    """Projections of ``words`` on ``direction`` in the given order (missing words in ``.missing``).

        >>> from analysis.embeddings import load_embeddings
        >>> emb = load_embeddings()
        >>> p = project(emb, ["she", "he", "zzqx"], bias_direction(emb, "pair"))
        >>> [x.word for x in p], p.missing, p[0].projection > 0 > p[1].projection
        (['she', 'he'], ['zzqx'], True)
    """
    g = _unit_direction(emb, direction)
    known, idx, missing = _known_indices(emb, words)
    values = emb.unit[idx].astype(np.float64) @ g if idx else np.zeros(0)
    return Projections((Projection(w, float(v)) for w, v in zip(known, values)), missing)


def project_2d(
    emb: Embeddings,
    words: Iterable[str],
    direction_x: BiasDirection | np.ndarray,
    direction_y: BiasDirection | np.ndarray,
) -> list[Projection2D]:
    """Projections of ``words`` on two directions (missing words are left out; see ``project``)."""
    gx, gy = _unit_direction(emb, direction_x), _unit_direction(emb, direction_y)
    known, idx, missing = _known_indices(emb, words)
    rows = emb.unit[idx].astype(np.float64) if idx else np.zeros((0, emb.dims))
    out = Projections((Projection2D(w, float(a), float(b)) for w, a, b in zip(known, rows @ gx, rows @ gy)), missing)
    return out


# --- direct and indirect bias --------------------------------------------------------------------
@dataclass(frozen=True)
class DirectBiasResult:
    """DirectBias_c with the words it was computed on."""

    value: float  # 1/|N| Σ |cos(w, g)|^c
    c: float  # strictness parameter (c = 1 in Bolukbasi et al.'s reported figures)
    words: list[str]  # the gender-neutral words N actually used
    missing: list[str]  # requested words not in the vocabulary (left out)
    projections: list[Projection]  # cos(w, g) per word, for the chart


def direct_bias_report(
    emb: Embeddings, words: Iterable[str], direction: BiasDirection | np.ndarray, c: float = 1.0
) -> DirectBiasResult:
    """DirectBias_c (Bolukbasi et al. 2016, §5.2) with details: ``1/|N| Σ_{w∈N} |cos(w, g)|^c``.

    ``c = 0`` counts every word with a non-zero projection as fully biased (``0^0`` is taken as 0,
    following the paper's remark that c = 0 gives the share of words with any bias).
    """
    c = float(c)
    if not math.isfinite(c) or c < 0:
        raise AnalysisError(f"The strictness c must be a number ≥ 0; got {c}.")
    proj = project(emb, words, direction)
    if not proj:
        raise AnalysisError(
            "None of the words for direct bias is in the vocabulary"
            + (f" (missing: {', '.join(proj.missing[:10])})" if proj.missing else "")
            + "."
        )
    values = np.abs(np.array([p.projection for p in proj], dtype=np.float64))
    if c == 0:
        terms = (values > 0).astype(np.float64)
    else:
        terms = values**c
    return DirectBiasResult(
        value=float(terms.mean()), c=c, words=[p.word for p in proj], missing=list(proj.missing), projections=list(proj)
    )


def direct_bias(emb: Embeddings, words: Iterable[str], direction: BiasDirection | np.ndarray, c: float = 1.0) -> float:
    """Bolukbasi et al.'s DirectBias_c over ``words`` (missing words are left out).

        >>> from analysis.embeddings import load_embeddings
        >>> emb = load_embeddings()
        >>> 0 < direct_bias(emb, ["nurse", "engineer", "teacher"], bias_direction(emb)) < 1
        True
    """
    return direct_bias_report(emb, words, direction, c).value


def indirect_bias(emb: Embeddings, w: str, v: str, direction: BiasDirection | np.ndarray) -> float:
    """β(w, v) of Bolukbasi et al. (§5.2): the part of cos(w, v) explained by the direction.

    ``β = (w·v − w⊥·v⊥ / (‖w⊥‖ ‖v⊥‖)) / (w·v)`` with unit ``w, v`` and ``w⊥ = w − (w·g) g``.
    Undefined when w·v = 0 (raises) or when a word lies on the direction itself.
    """
    g = _unit_direction(emb, direction)
    _require_words([w, v], "Indirect bias needs two words")
    rw, rv = emb.resolve_all([w, v])
    a, b = emb.rows([rw, rv], unique=False).matrix.astype(np.float64)
    dot = float(a @ b)
    a_perp = a - (a @ g) * g
    b_perp = b - (b @ g) * g
    na, nb = float(np.linalg.norm(a_perp)), float(np.linalg.norm(b_perp))
    if abs(dot) < 1e-12:
        raise AnalysisError(f"'{rw}' and '{rv}' are orthogonal (w·v = 0): indirect bias is undefined.")
    if na < 1e-12 or nb < 1e-12:
        raise AnalysisError("One of the words lies on the bias direction itself: indirect bias is undefined.")
    return float((dot - float(a_perp @ b_perp) / (na * nb)) / dot)


def _require_words(words: Sequence[str], what: str) -> None:
    """Refuse blank words up front (``resolve_all`` drops blanks, which would shift the others)."""
    if len(words) != 2 or not all(isinstance(w, str) and w.strip() for w in words):
        raise AnalysisError(f"{what}; got {', '.join(repr(w) for w in words) or 'none'}.")


def neutral_professions(emb: Embeddings | None = None) -> list[str]:
    """Bolukbasi's professions minus their gender-specific words (1441-word list): the set N.

    Bolukbasi et al. call every word outside the gender-specific set S neutral; removing S from the
    professions drops e.g. actress, businessman, waitress. With ``emb``, only words it contains.
    """
    from analysis.wordlists import load_words

    specific = {w.lower() for w in load_words("bolukbasi/gender_specific_full")}
    words = [w for w in load_words("bolukbasi/professions") if w.lower() not in specific]
    if emb is not None:
        words = [w for w in words if emb.resolve(w) is not None]
    return words


# --- she/he analogy generation -------------------------------------------------------------------
@dataclass(frozen=True)
class GeneratedAnalogy:
    """One generated pair: ``x`` is to ``y`` as she is to he."""

    x: str  # the seed's first side (e.g. the she-side word)
    y: str  # the seed's second side (e.g. the he-side word)
    score: float  # cos(x − y, seed[0] − seed[1])
    distance: float  # ‖x − y‖ of the unit vectors (≤ δ)


@dataclass(frozen=True)
class SheHeAnalogies:
    """Bolukbasi et al.'s generated analogies and the settings that produced them."""

    pairs: list[GeneratedAnalogy]  # best first
    seed: tuple[str, str]
    delta: float
    restrict_vocab: int  # how many of the most frequent words were searched
    candidates: int  # words searched after the filter (alphabetic only)


_ALPHA = re.compile(r"^[^\W\d_]+$")


def she_he_analogies(
    emb: Embeddings,
    seed: tuple[str, str] = DEFAULT_SEED,
    delta: float = 1.0,
    topn: int = 50,
    restrict_vocab: int = 20_000,
    *,
    alphabetic_only: bool = True,
    block_rows: int = 1024,
    progress: ProgressFn | None = None,
) -> SheHeAnalogies:
    """Pairs (x, y) with ‖x − y‖ ≤ δ ranked by cos(x − y, she − he) — Bolukbasi et al. 2016, §4.

    Searches the ``restrict_vocab`` most frequent words (alphabetic ones, unless told otherwise) on
    unit vectors; 20,000 by default (about 2 s on two CPU cores; the authors' code defaults to
    50,000, which takes about four times as long). As in the authors' code, pairs are taken best first and a word that already
    appears on the same side of an accepted pair is skipped, so "she" does not pair with every word.
    The search is exact: all pairs within δ are scored, block by block.

        >>> from analysis.embeddings import load_embeddings
        >>> r = she_he_analogies(load_embeddings(), topn=3, restrict_vocab=5000)
        >>> (r.pairs[0].x, r.pairs[0].y)
        ('she', 'he')
    """
    delta = float(delta)
    if not (0 < delta <= 2):
        raise AnalysisError(f"δ must be in (0, 2] for unit vectors; got {delta}.")
    if topn < 1:
        raise AnalysisError("topn must be at least 1.")
    if restrict_vocab < 2:
        raise AnalysisError("restrict_vocab must be at least 2.")
    _require_words(list(seed), "The seed pair needs two words")
    sa, sb = emb.resolve_all(list(seed))
    k2i = emb.kv.key_to_index
    g = emb.unit[k2i[sa]].astype(np.float64) - emb.unit[k2i[sb]].astype(np.float64)
    if np.linalg.norm(g) == 0:
        raise AnalysisError("The seed words have identical vectors.")
    g /= np.linalg.norm(g)

    limit = min(int(restrict_vocab), len(emb))
    from analysis import budget

    budget.check("pair_search_words", limit, "The she/he pair search (restrict_vocab)")
    words = emb.words[:limit]
    rows = np.array([i for i, w in enumerate(words) if not alphabetic_only or _ALPHA.match(w)], dtype=np.int64)
    if rows.size < 2:
        raise AnalysisError("Fewer than two candidate words to pair.")
    unit = np.ascontiguousarray(emb.unit[rows])  # float32, candidates only
    proj = unit.astype(np.float64) @ g
    min_cos = 1.0 - delta * delta / 2.0  # ‖x − y‖² = 2 − 2 cos(x, y) ≤ δ²
    n = rows.size

    # Keep a pool of the best-scoring pairs; the greedy pass below is exact as long as it finishes
    # inside the pool, because every pair outside it scores lower than every pair inside.
    pool_size = max(200, 20 * topn)
    while True:
        pool_i, pool_j, pool_s = _best_pairs(unit, proj, min_cos, pool_size, block_rows, progress)
        chosen = _greedy_distinct(pool_i, pool_j, pool_s, topn)
        if len(chosen) >= topn or pool_i.size < pool_size:
            break
        pool_size *= 4  # the pool ran out before topn distinct pairs were found: search wider
    out = []
    for i, j, _ in chosen:  # report the chosen pairs' numbers in float64
        diff = unit[i].astype(np.float64) - unit[j].astype(np.float64)
        dist = float(np.linalg.norm(diff))
        out.append(GeneratedAnalogy(words[rows[i]], words[rows[j]], float(diff @ g) / dist, dist))
    report(progress, 1.0, "done")
    return SheHeAnalogies(pairs=out, seed=(sa, sb), delta=delta, restrict_vocab=limit, candidates=int(n))


def _best_pairs(
    unit: np.ndarray, proj: np.ndarray, min_cos: float, pool_size: int, block_rows: int, progress: ProgressFn | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``pool_size`` pairs (i, j), oriented so the score is positive, with the highest scores."""
    n = unit.shape[0]
    best_i = np.zeros(0, dtype=np.int64)
    best_j = np.zeros(0, dtype=np.int64)
    best_s = np.zeros(0, dtype=np.float64)
    threshold = 1e-3  # debiaswe stops at |score| < 0.001 as well
    for start in range(0, n - 1, block_rows):
        stop = min(start + block_rows, n)
        # Upper triangle only: each unordered pair once (j > i).
        cos = unit[start:stop] @ unit[start:].T  # (b, n - start): column j is word start + j
        ii, jj = np.nonzero(cos >= min_cos)
        upper = jj > ii  # each unordered pair once, and never a word with itself
        ii, jj = ii[upper], jj[upper]
        if ii.size:
            dist = np.sqrt(np.maximum(2.0 - 2.0 * cos[ii, jj].astype(np.float64), 1e-12))
            gi, gj = ii + start, jj + start
            score = (proj[gi] - proj[gj]) / dist
            keep = np.abs(score) >= threshold
            gi, gj, score = gi[keep], gj[keep], score[keep]
            flip = score < 0
            gi, gj = np.where(flip, gj, gi), np.where(flip, gi, gj)
            best_i = np.concatenate([best_i, gi])
            best_j = np.concatenate([best_j, gj])
            best_s = np.concatenate([best_s, np.abs(score)])
            if best_s.size > pool_size:
                top = np.argpartition(-best_s, pool_size - 1)[:pool_size]
                best_i, best_j, best_s = best_i[top], best_j[top], best_s[top]
                threshold = max(threshold, float(best_s.min()))
        report(progress, stop / n, f"scored pairs of {stop:,} / {n:,} words")
    order = np.lexsort((best_j, best_i, -best_s))
    return best_i[order], best_j[order], best_s[order]


def _greedy_distinct(pi: np.ndarray, pj: np.ndarray, ps: np.ndarray, topn: int) -> list[tuple[int, int, float]]:
    used_left: set[int] = set()
    used_right: set[int] = set()
    chosen = []
    for i, j, s in zip(pi.tolist(), pj.tolist(), ps.tolist()):
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        chosen.append((i, j, s))
        if len(chosen) == topn:
            break
    return chosen


# --- name probes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NameSimilarity:
    """Cosine similarity of one name to one target word."""

    name: str
    group: str  # "male" or "female"
    target: str
    similarity: float


@dataclass(frozen=True)
class NameProbeRow:
    """Per target: mean similarity to the male names and to the female names."""

    target: str
    male_mean: float
    female_mean: float
    difference: float  # male_mean − female_mean: positive = closer to the male names


@dataclass(frozen=True)
class NameProbeResult:
    """Is John closer to programmer than Mary? — for whole name lists and many targets."""

    rows: list[NameProbeRow]
    per_name: list[NameSimilarity]
    male_names: list[str]  # names used (vocabulary spelling)
    female_names: list[str]
    missing: list[str]  # requested names or targets not in the vocabulary


def name_probe(
    emb: Embeddings,
    targets: Iterable[str],
    male_names: Iterable[str] | None = None,
    female_names: Iterable[str] | None = None,
) -> NameProbeResult:
    """Mean cosine similarity of male vs female first names to each target word.

    Defaults: the 50 most common US male and female first names (``names/male``, ``names/female``).
    Missing names are left out (and listed); missing targets too, unless none is left.

        >>> from analysis.embeddings import load_embeddings
        >>> r = name_probe(load_embeddings(), ["programmer"], ["John"], ["Mary"])
        >>> r.rows[0].target, r.male_names, r.female_names
        ('programmer', ['john'], ['mary'])
    """
    from analysis.wordlists import load_words

    male_req = list(male_names) if male_names is not None else load_words("names/male")
    female_req = list(female_names) if female_names is not None else load_words("names/female")
    target_req = list(targets)
    males, male_idx, miss_m = _known_indices(emb, male_req)
    females, female_idx, miss_f = _known_indices(emb, female_req)
    found_targets, target_idx, miss_t = _known_indices(emb, target_req)
    if not found_targets:
        raise UnknownWordsError(miss_t, {w: emb.suggest(w) for w in miss_t}) if miss_t else AnalysisError("No target words given.")
    if not males or not females:
        group = "male" if not males else "female"
        raise AnalysisError(f"None of the {group} names is in the vocabulary.")
    t = emb.unit[target_idx].astype(np.float64)
    sim_m = emb.unit[male_idx].astype(np.float64) @ t.T  # (names, targets)
    sim_f = emb.unit[female_idx].astype(np.float64) @ t.T
    rows = [
        NameProbeRow(w, float(sim_m[:, k].mean()), float(sim_f[:, k].mean()), float(sim_m[:, k].mean() - sim_f[:, k].mean()))
        for k, w in enumerate(found_targets)
    ]
    per_name = [NameSimilarity(n, "male", w, float(sim_m[a, k])) for k, w in enumerate(found_targets) for a, n in enumerate(males)]
    per_name += [NameSimilarity(n, "female", w, float(sim_f[a, k])) for k, w in enumerate(found_targets) for a, n in enumerate(females)]
    return NameProbeResult(rows, per_name, males, females, miss_m + miss_f + miss_t)


# --- analogy ranks for the lecture presets -------------------------------------------------------
@dataclass(frozen=True)
class AnalogyProbe:
    """What ``a − b + c`` returns, and at which rank the famous answer stands."""

    positive: list[str]  # e.g. ["programmer", "woman"]
    negative: list[str]  # e.g. ["man"]
    results: list  # Neighbor(word, score), best first (inputs excluded, as gensim does)
    expected: str | None  # the famous answer, e.g. "homemaker"
    expected_rank: int | None  # 1-based rank of ``expected`` among all words (inputs excluded); None if unknown word
    expected_score: float | None  # its 3CosAdd cosine
    top_with_inputs: str = ""  # the best word if the input words were NOT excluded (often an input itself)


def analogy_probe(
    emb: Embeddings,
    positive: Sequence[str],
    negative: Sequence[str],
    expected: str | None = None,
    topn: int = 10,
) -> AnalogyProbe:
    """3CosAdd (``cos(w, Σ positive − Σ negative)`` on unit vectors, inputs excluded) plus the rank
    of ``expected`` over the whole vocabulary — the honest answer to "does it say homemaker?".

    The ranking is ``analysis.analogy``'s (the Analogies page's), so the numbers equal gensim's
    ``most_similar(positive, negative)``.

        >>> from analysis.embeddings import load_embeddings
        >>> p = analogy_probe(load_embeddings(), ["king", "woman"], ["man"], expected="queen")
        >>> p.results[0].word, p.expected_rank
        ('queen', 1)
    """
    from analysis.analogy import analogy, answer_rank, answer_score

    pos = emb.resolve_all(positive)
    neg = emb.resolve_all(negative)
    if not pos:
        raise AnalysisError("An analogy needs at least one positive word.")
    found = analogy(emb, pos, neg, topn=topn)
    found.raise_for_missing()
    with_inputs = analogy(emb, pos, neg, topn=1, exclude_inputs=False)
    rank = score = None
    if expected is not None and emb.resolve(expected) is not None:
        rank = answer_rank(emb, pos, neg, expected)
        score = answer_score(emb, pos, neg, expected)
    top_with_inputs = with_inputs.top.word if with_inputs.top else ""
    return AnalogyProbe(list(pos), list(neg), found.results, expected, rank, score, top_with_inputs)
