"""Latent-space views of word vectors: PCA (2-D/3-D), t-SNE, and custom semantic axes.

Everything here works on plain matrices (one row per word) and returns small result objects; the
charts at the end turn them into interactive Altair scatters. PCA is computed with numpy and gives
the same axes, signs, coordinates and explained variance as scikit-learn's ``PCA`` (tested).

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.projection import pca, select_words
    >>> emb = load_embeddings()
    >>> sel = select_words(emb, {"countries": ["france", "italy"], "capitals": ["paris", "rome"]})
    >>> result = pca(sel.vectors, 2)
    >>> result.coords.shape
    (4, 2)

Custom axes follow the TensorFlow Embedding Projector's "custom projection": an axis is the
direction from the mean of one word list to the mean of another (``he`` → ``she``), and a word's
coordinate is the cosine-space projection of its unit vector on that direction.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from analysis.budget import check_words
from analysis.errors import AnalysisError, UnknownWordsError
from analysis.presets import PRESETS_DIR, AxisPreset, Preset, latent_presets
from analysis.progress import ProgressFn, report
from analysis.wordparse import tokens

PRESETS_PATH = PRESETS_DIR / "latent.json"
# t-SNE uses exact gradients up to this many points and the Barnes-Hut approximation above.
EXACT_TSNE_MAX = 300


# --- PCA ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PCAResult:
    """Principal components of a data matrix, laid out like scikit-learn's fitted ``PCA``."""

    coords: np.ndarray  # (n, k) the samples in the new axes (scikit-learn's ``transform``)
    components: np.ndarray  # (k, d) unit-length principal axes, largest variance first
    explained_variance: np.ndarray  # (k,) variance along each axis (denominator n − 1)
    explained_variance_ratio: np.ndarray  # (k,) share of the total variance per axis
    mean: np.ndarray  # (d,) the column means that were subtracted first

    def transform(self, data: np.ndarray) -> np.ndarray:
        """Coordinates of new samples in these axes (centred with the fitted mean)."""
        return (np.asarray(data, dtype=np.float64) - self.mean) @ self.components.T

    def inverse_transform(self, coords: np.ndarray) -> np.ndarray:
        """Back from k coordinates to d dimensions (the best rank-k reconstruction)."""
        return coords @ self.components + self.mean


def pca(data: np.ndarray, k: int) -> PCAResult:
    """The top ``k`` principal components of ``data`` (rows = samples), in float64.

    Signs follow scikit-learn (≥ 1.5): in each component the entry of largest magnitude is positive,
    so results are reproducible and comparable with ``sklearn.decomposition.PCA``.
    """
    x = _as_matrix(data)
    n, d = x.shape
    if not 1 <= k <= min(n, d):
        raise AnalysisError(f"PCA needs 1 ≤ k ≤ min(samples, dimensions) = {min(n, d)}, got k = {k}.")
    mean = x.mean(axis=0, dtype=np.float64)
    centred = x - mean  # float64 (mean is), in one allocation even for float32 input
    if n >= 2 * d:
        # More samples than dimensions (400k words × 50, 10k CIFAR images × 3072): the d × d
        # covariance is far cheaper than an SVD of the n × d matrix, and only the top k eigenpairs
        # are needed. Just as exact in float64 for the leading components.
        from scipy.linalg import eigh

        covariance = centred.T @ centred / max(n - 1, 1)
        total = float(np.trace(covariance))
        eigenvalues, eigenvectors = eigh(covariance, subset_by_index=[d - k, d - 1])
        variances = np.clip(eigenvalues[::-1], 0.0, None)
        axes = eigenvectors[:, ::-1].T
    else:
        _, singular, axes = np.linalg.svd(centred, full_matrices=False)
        variances = singular**2 / max(n - 1, 1)
        total = float(variances.sum())
    biggest = np.argmax(np.abs(axes), axis=1)
    signs = np.sign(axes[np.arange(len(axes)), biggest])
    axes = axes * signs[:, None]
    components = axes[:k]
    return PCAResult(
        coords=centred @ components.T,
        components=components,
        explained_variance=variances[:k].copy(),
        explained_variance_ratio=variances[:k] / total if total > 0 else np.zeros(k),
        mean=mean,
    )


def pca_reconstruction_mse(data: np.ndarray, k: int) -> float:
    """Mean squared error (per entry) of the best rank-``k`` reconstruction after centring."""
    x = _as_matrix(data)
    result = pca(x, k)
    residual = x - result.inverse_transform(result.coords)  # float64: the reconstruction is
    return float(np.mean(residual**2))


# --- t-SNE ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TSNEResult:
    coords: np.ndarray  # (n, k) embedded points
    kl_divergence: float  # final Kullback-Leibler divergence (lower = neighbourhoods kept better)
    perplexity: float  # the perplexity actually used (lowered for small word sets)
    seconds: float  # wall time of the fit


def tsne(
    data: np.ndarray,
    k: int = 2,
    *,
    perplexity: float = 30.0,
    seed: int = 0,
    init: str = "pca",
    max_iter: int = 1000,
    progress: ProgressFn | None = None,
) -> TSNEResult:
    """scikit-learn's t-SNE, seeded: the same input, settings and ``seed`` give the same map.

    ``init="pca"`` (default) starts from the PCA layout, which keeps the global arrangement more
    stable and makes the result nearly seed-independent; ``init="random"`` starts from a seeded
    random layout, so different seeds show how much a t-SNE picture depends on chance.
    ``max_iter`` ≥ 500 (the first 250 iterations are the "early exaggeration" phase).

    scikit-learn offers no per-iteration callback, so the fit runs in a worker thread while this
    thread reports the elapsed time to ``progress`` a few times a second (the bar creeps towards
    95 % and jumps to 100 % when done).
    """
    from sklearn.manifold import TSNE

    x = _as_matrix(data)
    n = len(x)
    if n < 4:
        raise AnalysisError(f"t-SNE needs at least 4 words, got {n}.")
    # scikit-learn requires perplexity < n; about n/3 keeps small sets meaningful.
    used = float(min(perplexity, max(1.0, (n - 1) / 3)))
    # Exact gradients for small sets: as fast there, more accurate, and free of the Barnes-Hut
    # tree's thread scheduling; Barnes-Hut (k < 4 only) for larger sets, where exact is O(n²).
    method = "exact" if n <= EXACT_TSNE_MAX or k >= 4 else "barnes_hut"
    if init not in ("pca", "random"):
        raise AnalysisError(f"t-SNE starts from 'pca' or 'random', got '{init}'.")
    model = TSNE(n_components=k, perplexity=used, init=init, random_state=seed, method=method, max_iter=max(int(max_iter), 500))
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["coords"] = model.fit_transform(x)
        except Exception as exc:  # noqa: BLE001 - re-raised in the calling thread
            outcome["error"] = exc

    start = time.perf_counter()
    expected = 0.5 + 2e-3 * n  # seconds; only shapes the bar, never a promise
    report(progress, 0.0, f"t-SNE on {n} points (perplexity {used:g})")
    worker = threading.Thread(target=work, name="tsne", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=0.2)
        elapsed = time.perf_counter() - start
        report(progress, 0.95 * (1 - math.exp(-elapsed / expected)), f"{elapsed:.1f} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    seconds = time.perf_counter() - start
    report(progress, 1.0, f"done in {seconds:.1f} s")
    return TSNEResult(np.asarray(outcome["coords"], dtype=np.float64), float(model.kl_divergence_), used, seconds)


# --- choosing words -------------------------------------------------------------------------------
@dataclass(frozen=True)
class WordSelection:
    """Words to plot, each with its group, and their vectors (unit length unless asked otherwise)."""

    words: list[str]  # vocabulary spellings, each once, in the order given
    groups: list[str]  # the group of each word (first group wins for a word listed twice)
    vectors: np.ndarray  # (n, d) float64 rows for ``words``
    missing: list[str] = field(default_factory=list)  # typed words not in the vocabulary (left out)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # near spellings of missing words
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (a, b) words to connect by a line


def select_words(
    emb,
    groups: Mapping[str, Sequence[str]],
    *,
    unit: bool = True,
    paired: bool = False,
) -> WordSelection:
    """Resolve every group's words in ``emb``; unknown ones are left out and reported.

    ``paired=True`` connects the i-th word of the first group with the i-th of the second
    (country → capital, man → woman), as in the analogy pictures of Mikolov et al. (2013).
    Raises ``UnknownWordsError`` when fewer than two words remain.
    """
    words: list[str] = []
    labels: list[str] = []
    missing: list[str] = []
    resolved_by_group: list[list[str | None]] = []
    seen: set[str] = set()
    for name, members in groups.items():
        check_words([m for m in members if m.strip()], f"The group '{name}'")  # before any spelling is suggested
        resolved_group: list[str | None] = []
        for raw in members:
            raw = raw.strip()
            if not raw:
                continue
            word = emb.resolve(raw)
            resolved_group.append(word)
            if word is None:
                missing.append(raw)
            elif word not in seen:
                seen.add(word)
                words.append(word)
                labels.append(name)
        resolved_by_group.append(resolved_group)
    suggestions = {w: emb.suggest(w) for w in missing}
    if len(words) < 2:
        if missing:
            raise UnknownWordsError(missing, suggestions)
        raise AnalysisError("Choose at least two words to plot.")
    pairs: list[tuple[str, str]] = []
    if paired and len(resolved_by_group) >= 2:
        pairs = [(a, b) for a, b in zip(resolved_by_group[0], resolved_by_group[1]) if a and b and a != b]
    vectors = emb.rows(words, unit=unit, unique=False).matrix.astype(np.float64)
    return WordSelection(words, labels, vectors, missing, suggestions, pairs)


def neighbour_groups(emb, word: str, topn: int = 30) -> dict[str, list[str]]:
    """The query word as its own group plus its ``topn`` nearest neighbours (cosine) as another."""
    resolved = emb.resolve_all([word])[0]
    return {resolved: [resolved], f"neighbours of {resolved}": [n.word for n in emb.neighbors(resolved, topn=topn)]}


def parse_groups(text: str) -> dict[str, list[str]]:
    """Groups typed one per line as ``name: word, word, …`` (a line without a name gets "group N")."""
    groups: dict[str, list[str]] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, rest = line.partition(":")
        if not sep:
            name, rest = f"group {len(groups) + 1}", line
        words = tokens(rest)
        if words:
            group = groups.setdefault(name.strip() or f"group {number}", [])
            group.extend(words)
            check_words(group, f"The group '{name.strip() or f'group {number}'}'")
    return groups


def load_presets(path: str | Path = PRESETS_PATH) -> tuple[list[Preset], list[AxisPreset]]:
    """Word-group and custom-axis presets for the Latent space page (see ``analysis.presets``)."""
    return latent_presets(path)


# --- custom semantic axes ------------------------------------------------------------------------
@dataclass(frozen=True)
class SemanticAxis:
    """A direction in embedding space from one word list towards another."""

    left: list[str]  # words at the negative end (resolved spellings)
    right: list[str]  # words at the positive end
    direction: np.ndarray  # (d,) unit vector: mean(unit(right)) − mean(unit(left)), normalised

    @property
    def label(self) -> str:
        return f"{' + '.join(self.left)} ← → {' + '.join(self.right)}"


def semantic_axis(emb, left: Sequence[str], right: Sequence[str]) -> SemanticAxis:
    """The axis from ``left`` to ``right`` (e.g. ``["he"]`` → ``["she"]``; lists are averaged)."""
    left_words = emb.resolve_all(left)
    right_words = emb.resolve_all(right)
    if not left_words or not right_words:
        raise AnalysisError("An axis needs at least one word at each end.")
    mean_left = emb.rows(left_words, unique=False).matrix.mean(axis=0, dtype=np.float64)
    mean_right = emb.rows(right_words, unique=False).matrix.mean(axis=0, dtype=np.float64)
    direction = mean_right - mean_left
    norm = float(np.linalg.norm(direction))
    if norm < 1e-9:
        raise AnalysisError("Both ends of the axis are the same; choose different words.")
    return SemanticAxis(left_words, right_words, direction / norm)


@dataclass(frozen=True)
class AxesProjection:
    coords: np.ndarray  # (n, 2): projection of each word's unit vector on the x and y directions
    axes_cosine: float  # cosine between the two directions as given (0 = independent axes)
    orthogonalized: bool  # True when y was made perpendicular to x before projecting


def project_on_axes(vectors: np.ndarray, x_axis: SemanticAxis, y_axis: SemanticAxis, *, orthogonalize: bool = False) -> AxesProjection:
    """Place words by their projections on two semantic directions.

    Correlated axes (he→she and nurse→engineer share a gender component) make a slanted picture;
    ``orthogonalize=True`` removes the x direction from y first (Gram–Schmidt) so y shows only
    what x does not already explain.
    """
    x_dir, y_dir = x_axis.direction, y_axis.direction
    cosine = float(x_dir @ y_dir)
    if orthogonalize:
        y_dir = y_dir - cosine * x_dir
        norm = float(np.linalg.norm(y_dir))
        if norm < 1e-9:
            raise AnalysisError("The two axes point the same way; orthogonalising leaves nothing.")
        y_dir = y_dir / norm
    v = _as_matrix(vectors)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    unit = v / np.where(norms > 0, norms, 1.0)
    return AxesProjection(np.column_stack([unit @ x_dir, unit @ y_dir]), cosine, orthogonalize)


def word_matrix(emb, top_n: int, *, unit: bool = True) -> tuple[np.ndarray, list[str]]:
    """The ``top_n`` most frequent words' vectors (float32, read-only view) and the words."""
    n = max(1, min(int(top_n), len(emb)))
    return (emb.unit if unit else emb.vectors)[:n], emb.words[:n]


def _as_matrix(data: np.ndarray) -> np.ndarray:
    """A 2-D float array (float32 kept as is: callers promote to float64 where precision matters)."""
    x = np.asarray(data)
    if x.dtype not in (np.float32, np.float64):
        x = x.astype(np.float64)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise AnalysisError(f"Expected a non-empty matrix (samples × dimensions), got shape {x.shape}.")
    if not np.isfinite(x).all():
        raise AnalysisError("The data has NaN or infinite values.")
    return x
