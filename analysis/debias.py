"""Debiasing word embeddings: hard debias (Bolukbasi et al. 2016) and INLP (Ravfogel et al. 2020).

Both return a *new* ``Embeddings`` whose name records the method and its parameters; the original
is never touched (its arrays are read-only anyway). Both work in float32 and hold at most one extra
copy of the matrix while they run: the result, filled block by block in place.

* **Hard debias** — Bolukbasi, Chang, Zou, Saligrama & Kalai (2016), "Man is to Computer
  Programmer as Woman is to Homemaker?", NeurIPS. The gender direction ``g`` is the first principal
  component of the centred definitional pairs. *Neutralise*: every word that is not gender-specific
  loses its component along ``g`` and is scaled back to unit length. *Equalise*: each equalize pair
  (a, b) is moved to ``ν ± sqrt(1 − ‖ν‖²)·g`` where ``ν`` is the pair's mean without its ``g``
  component, so both words end up at the same distance from every neutral word. This follows the
  authors' reference code (github.com/tolga-b/debiaswe): all vectors unit length, the expanded list
  of 1441 gender-specific words kept, case variants of the equalize pairs included.
* **INLP** — Ravfogel, Elazar, Gonen, Twiton & Goldberg (2020), "Null It Out: Guarding Protected
  Attributes by Iterative Nullspace Projection", ACL. Train a linear classifier to predict gender
  from the vectors of strongly gendered words, remove the directions its weights span (project on
  their nullspace), and repeat on the projected data. The final projection ``P`` (the intersection of
  all nullspaces) is applied to every vector. The accuracy of each iteration's classifier on
  held-out words is reported: falling to chance is what INLP promises.

    >>> import numpy as np
    >>> from analysis.embeddings import Embeddings
    >>> from analysis.debias import neutralise
    >>> m = np.array([[0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    >>> neutralise(m, np.array([1.0, 0.0], dtype=np.float32), np.array([True, False]))
    >>> m.round(3).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

import numpy as np

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report, subrange

if TYPE_CHECKING:  # bias imports weat, which is not needed to load this module
    from analysis.bias import DirectionMethod

DebiasMethod = Literal["hard", "inlp"]  # Bolukbasi et al. 2016, Ravfogel et al. 2020
METHODS: tuple[DebiasMethod, ...] = ("hard", "inlp")
# Rows handled per step of the in-place loops: bounds the temporaries (65,536 × 300 floats = 75 MB).
BLOCK_ROWS = 65_536
# Relative singular-value threshold below which a classifier direction adds nothing new to INLP's basis.
_RANK_TOL = 1e-6


# --- configuration -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HardDebiasConfig:
    """Parameters of Bolukbasi et al.'s hard debias (defaults = the authors' reference run)."""

    direction_method: DirectionMethod = "pca"  # bias direction: "pca" of the definitional pairs (paper), "mean" or "pair"
    definitional: str = "bolukbasi/definitional_pairs"  # word list of pairs that define the direction
    equalize: str = "bolukbasi/equalize_pairs"  # word list of pairs made equidistant from neutral words
    gender_specific: str = "bolukbasi/gender_specific_full"  # words left as they are (1441, debiaswe's list)

    def label(self) -> str:
        return f"hard debias, direction={self.direction_method}"


@dataclass(frozen=True)
class INLPConfig:
    """Parameters of iterative nullspace projection (Ravfogel et al. 2020).

    The paper (GloVe 300d) uses 7,500 male-, 7,500 female- and 7,500 neutral words among the 150,000
    most frequent ones and 35 iterations of a linear SVM. With a neutral class each iteration removes
    three directions (one-vs-rest), which would erase most of a 50-d embedding, so the default here is
    the two-class task (male vs female: one direction per iteration); ``neutral_class=True`` gives the
    paper's three-class set-up.
    """

    iterations: int = 15  # classifiers trained = directions removed (at most; more with neutral_class)
    classifier: str = "svm"  # "svm" (sklearn LinearSVC, as the paper) or "logistic" (LogisticRegression)
    n_per_class: int = 7_500  # most male- and most female-biased words used as training data
    vocab_limit: int = 150_000  # the words are chosen among this many most frequent (paper: 150,000)
    neutral_class: bool = False  # add a third class of the words least projected on the direction
    dev_fraction: float = 0.3  # share of the words held out to report each classifier's accuracy
    direction_method: DirectionMethod = "pca"  # direction that ranks words by gender (paper: he − she)
    definitional: str = "bolukbasi/definitional_pairs"  # pairs for that direction
    seed: int = 0  # split and classifier seed: same seed, same projection

    def label(self) -> str:
        classes = "3 classes" if self.neutral_class else "2 classes"
        return f"INLP, {self.iterations} iterations, {self.classifier}, {classes}, seed {self.seed}"


# --- results ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class INLPStep:
    """One INLP iteration: how well its classifier predicted gender before its directions were removed."""

    iteration: int  # 1-based
    train_accuracy: float  # on the training words (projected by the previous iterations)
    dev_accuracy: float  # on held-out words: the number the paper plots
    removed_dims: int  # rank of the removed subspace after this iteration


@dataclass
class DebiasResult:
    """A debiased embedding and what was done to get it."""

    embeddings: Embeddings  # the new embedding (the original is unchanged)
    method: DebiasMethod  # "hard" or "inlp"
    params: dict  # the configuration used (also recorded in the embedding's name and source)
    direction: np.ndarray  # unit bias direction of the *original* embedding (float32)
    missing: list[str] = field(default_factory=list)  # list words absent from the vocabulary
    kept: int = 0  # hard: words left untouched as gender-specific (case variants included)
    neutralised: int = 0  # hard: words whose component along the direction was removed
    equalised: list[tuple[str, str]] = field(default_factory=list)  # hard: pairs equalised
    steps: list[INLPStep] = field(default_factory=list)  # INLP: one entry per iteration
    chance: float | None = None  # INLP: accuracy of always guessing the majority class (held-out)
    final_accuracy: float | None = None  # INLP: a fresh classifier on the final projected data
    projection: np.ndarray | None = None  # INLP: the d × d projection applied to every vector
    seconds: float = 0.0  # wall time

    def summary(self) -> dict:
        """JSON-ready description (no matrices)."""
        out = {
            "method": self.method,
            "name": self.embeddings.info.name,
            "params": self.params,
            "missing": self.missing,
            "seconds": self.seconds,
        }
        if self.method == "hard":
            out.update(kept=self.kept, neutralised=self.neutralised, equalised=[list(p) for p in self.equalised])
        else:
            out.update(
                iterations=[asdict(s) for s in self.steps],
                chance=self.chance,
                final_accuracy=self.final_accuracy,
                removed_dims=self.steps[-1].removed_dims if self.steps else 0,
            )
        return out


# --- the matrix operations (pure numpy, in place) ------------------------------------------------
def unit_direction(direction: np.ndarray, dims: int) -> np.ndarray:
    """``direction`` as a float32 unit vector of length ``dims`` (refuses zero or wrong shapes)."""
    g = np.asarray(direction, dtype=np.float64).reshape(-1)
    if g.shape != (dims,):
        raise AnalysisError(f"The bias direction has {g.size} dimensions, the embedding {dims}.")
    norm = np.linalg.norm(g)
    if not np.isfinite(norm) or norm == 0:
        raise AnalysisError("The bias direction is zero; the word pairs that define it are identical.")
    return (g / norm).astype(np.float32)


def neutralise(matrix: np.ndarray, direction: np.ndarray, neutral: np.ndarray, *, progress: ProgressFn | None = None) -> None:
    """Remove the ``direction`` component of the rows where ``neutral`` is True, then re-normalise them.

    ``matrix`` (unit rows, float32) is changed in place, a block at a time, so the temporaries stay
    small; rows where ``neutral`` is False are left exactly as they are.
    """
    g = unit_direction(direction, matrix.shape[1])
    n = matrix.shape[0]
    for start in range(0, n, BLOCK_ROWS):
        rows = matrix[start : start + BLOCK_ROWS]
        mask = neutral[start : start + BLOCK_ROWS]
        along = rows @ g
        along[~mask] = 0.0
        rows -= along[:, None] * g[None, :]
        norms = np.linalg.norm(rows, axis=1)
        norms[~mask | (norms == 0)] = 1.0  # untouched rows and zero rows keep their length
        rows /= norms[:, None]
        report(progress, min(start + BLOCK_ROWS, n) / n, "neutralising")


def equalise(matrix: np.ndarray, direction: np.ndarray, pairs: Iterable[tuple[int, int]]) -> None:
    """Bolukbasi's equalise step for pairs of row indices, in place on unit rows.

    Both words of a pair become ``ν ± z·g`` with ``ν`` the pair's mean minus its ``g`` component and
    ``z = sqrt(1 − ‖ν‖²)``: unit length, mirror images across the neutral subspace, so every word
    orthogonal to ``g`` is equally similar to both. The sign keeps each word on its original side.
    """
    g = unit_direction(direction, matrix.shape[1])
    for a, b in pairs:
        va, vb = matrix[a].astype(np.float64), matrix[b].astype(np.float64)
        mean = (va + vb) / 2
        nu = mean - (mean @ g) * g
        z = np.sqrt(max(0.0, 1.0 - float(nu @ nu)))
        if (va - vb) @ g < 0:
            z = -z
        matrix[a] = nu + z * g
        matrix[b] = nu - z * g


def nullspace_projection(basis: np.ndarray, dims: int) -> np.ndarray:
    """``I − B Bᵀ`` for an orthonormal ``basis`` (dims × r): projects onto the complement of its span."""
    return (np.eye(dims) - basis @ basis.T).astype(np.float32)


def extend_basis(basis: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """An orthonormal basis of span(basis) + span(rows of ``weights``) (SVD; tiny directions dropped).

    This is Ravfogel et al.'s "projection onto the intersection of the nullspaces": the union of all
    classifiers' row spaces, re-orthonormalised so numerical drift never accumulates.
    """
    stacked = np.hstack([basis, np.asarray(weights, dtype=np.float64).T])
    u, s, _ = np.linalg.svd(stacked, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return basis
    return u[:, s > _RANK_TOL * s[0]]


def apply_projection(vectors: np.ndarray, projection: np.ndarray, *, progress: ProgressFn | None = None) -> np.ndarray:
    """``vectors @ projection`` into one new float32 matrix, block by block (no other full-size temporary)."""
    out = np.empty(vectors.shape, dtype=np.float32)
    n = vectors.shape[0]
    p = projection.astype(np.float32)
    for start in range(0, n, BLOCK_ROWS):
        np.matmul(vectors[start : start + BLOCK_ROWS], p, out=out[start : start + BLOCK_ROWS])
        report(progress, min(start + BLOCK_ROWS, n) / n, "projecting every vector")
    return out


# --- word lists, case variants, the direction ----------------------------------------------------
def case_variants(emb: Embeddings, word: str) -> list[str]:
    """Every spelling of ``word`` in the vocabulary: exact, lower, Title, UPPER (debiaswe's rule).

    A cased embedding (GoogleNews) has "Father" and "father" as separate rows, and both must be
    treated; on an uncased one (GloVe 6B) this is just the lower-case word.
    """
    k2i = emb.kv.key_to_index
    seen: dict[str, None] = {}
    for v in (word, word.lower(), word.title(), word.upper()):
        if v in k2i:
            seen.setdefault(v, None)
    return list(seen)


def pair_variants(emb: Embeddings, a: str, b: str) -> list[tuple[str, str]]:
    """The pair in each case form where both words exist (as published, lower, Title, UPPER)."""
    k2i = emb.kv.key_to_index
    out: dict[tuple[str, str], None] = {}
    for x, y in ((a, b), (a.lower(), b.lower()), (a.title(), b.title()), (a.upper(), b.upper())):
        if x in k2i and y in k2i and x != y:
            out.setdefault((x, y), None)
    return list(out)


def bias_direction_of(emb: Embeddings, method: str = "pca", pairs_list: str = "bolukbasi/definitional_pairs") -> np.ndarray:
    """The unit bias direction of ``emb`` from the definitional pairs, oriented so "he" is positive.

    Uses ``analysis.bias.bias_direction`` (the Bias probes page's function), so the direction is the
    one an auditor sees there. The sign of a principal component is arbitrary; we fix it so that
    positive means the male side of the pairs, which is what "male-biased" means everywhere here.
    """
    from analysis.bias import bias_direction
    from analysis.wordlists import load_pairs

    pairs = load_pairs(pairs_list)
    found = bias_direction(emb, method=method, pairs=pairs)
    g = unit_direction(found.vector, emb.dims)
    return orient_male_positive(emb, g, pairs)


def orient_male_positive(emb: Embeddings, direction: np.ndarray, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Flip ``direction`` if needed so that male words project positively.

    "he" − "she" decides when both exist; otherwise the pairs' (male − female) mean, taking the
    published order (female, male) of Bolukbasi's definitional pairs.
    """
    k2i = emb.kv.key_to_index
    if "he" in k2i and "she" in k2i:
        sign = float((emb.unit[k2i["he"]] - emb.unit[k2i["she"]]) @ direction)
    else:
        both = [(f, m) for f, m in (_resolved_pair(emb, p) for p in pairs) if f and m]
        # unique=False keeps one row per request, so rows 2i and 2i+1 are pair i's male and female word.
        vectors = emb.rows([w for f, m in both for w in (m, f)], unique=False).matrix
        diffs = vectors[0::2] - vectors[1::2]
        sign = float(np.mean(diffs, axis=0) @ direction) if both else 1.0
    return direction if sign >= 0 else -direction


def _resolved_pair(emb: Embeddings, pair: Sequence[str]) -> tuple[str | None, str | None]:
    return emb.resolve(pair[0]), emb.resolve(pair[1])


# --- hard debias ---------------------------------------------------------------------------------
def hard_debias(
    emb: Embeddings,
    config: HardDebiasConfig = HardDebiasConfig(),
    *,
    direction: np.ndarray | None = None,
    gender_specific: Iterable[str] | None = None,
    equalize_pairs: Iterable[Sequence[str]] | None = None,
    progress: ProgressFn | None = None,
) -> DebiasResult:
    """Neutralise and equalise (Bolukbasi et al. 2016); returns a new embedding with unit rows.

    ``direction``, ``gender_specific`` and ``equalize_pairs`` override the lists named in ``config``
    (tests use this on tiny embeddings).

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.debias import hard_debias
        >>> result = hard_debias(load_embeddings())
        >>> result.embeddings.info.name
        'glove-6b-50d · hard debias, direction=pca'
    """
    started = time.perf_counter()
    missing: list[str] = []
    if direction is None:
        direction = bias_direction_of(emb, config.direction_method, config.definitional)
    g = unit_direction(direction, emb.dims)
    if gender_specific is None or equalize_pairs is None:
        from analysis.wordlists import load_pairs, load_words

        gender_specific = load_words(config.gender_specific) if gender_specific is None else gender_specific
        equalize_pairs = load_pairs(config.equalize) if equalize_pairs is None else equalize_pairs

    k2i = emb.kv.key_to_index
    keep = np.zeros(len(emb), dtype=bool)
    for word in gender_specific:
        found = case_variants(emb, word)
        if not found:
            missing.append(word)
        for v in found:
            keep[k2i[v]] = True
    pairs: list[tuple[str, str]] = []
    for a, b in equalize_pairs:
        found_pairs = pair_variants(emb, a, b)
        if not found_pairs:
            missing.append(f"{a}/{b}")
        for x, y in found_pairs:
            if (x, y) not in pairs and (y, x) not in pairs:
                pairs.append((x, y))
    # Equalize words are kept out of neutralisation: it would zero their g component and lose the
    # side each word is on, which equalise needs (debiaswe neutralises them first, by accident).
    for x, y in pairs:
        keep[k2i[x]] = keep[k2i[y]] = True

    report(progress, 0.0, "copying the unit vectors")
    matrix = np.array(emb.unit, dtype=np.float32, copy=True)  # the one extra copy: becomes the result
    neutralise(matrix, g, ~keep, progress=subrange(progress, 0.05, 0.9))
    equalise(matrix, g, [(k2i[x], k2i[y]) for x, y in pairs])
    report(progress, 0.95, "building the new embedding")

    params = asdict(config)
    debiased = _debiased_embedding(emb, matrix, config.label(), "hard debias (Bolukbasi et al. 2016)", params)
    report(progress, 1.0, "done")
    return DebiasResult(
        embeddings=debiased,
        method="hard",
        params=params,
        direction=g,
        missing=missing,
        kept=int(keep.sum()),
        neutralised=int((~keep).sum()),
        equalised=pairs,
        seconds=time.perf_counter() - started,
    )


def _debiased_embedding(emb: Embeddings, matrix: np.ndarray, label: str, method: str, params: dict) -> Embeddings:
    """The result as a new embedding whose name and source record the method and its parameters."""
    return emb.with_vectors(
        matrix,
        name=f"{emb.info.name} · {label}",
        source=f"{method} of {emb.info.name} [{emb.info.content_hash}]; {params}",
    )


# --- INLP ----------------------------------------------------------------------------------------
def gendered_training_words(emb: Embeddings, direction: np.ndarray, config: INLPConfig) -> tuple[np.ndarray, np.ndarray]:
    """Rows and labels (1 male, 0 female, 2 neutral) of INLP's training words.

    Candidates are the ``vocab_limit`` most frequent purely alphabetic words (only lower-case ones on
    a cased embedding); the ``n_per_class`` with the largest and smallest projection on the direction
    are male and female, the ones closest to zero neutral.
    """
    from analysis.residual import candidate_rows, rank_by_projection

    pool = candidate_rows(emb, config.vocab_limit)
    classes = 3 if config.neutral_class else 2
    if pool.size < classes * config.n_per_class:
        raise AnalysisError(
            f"INLP needs {classes} × {config.n_per_class} words but only {pool.size} alphabetic words are "
            f"among the {config.vocab_limit:,} most frequent; lower the number of words per class."
        )
    if config.n_per_class < 10:
        raise AnalysisError("INLP needs at least 10 words per class.")
    along, order = rank_by_projection(emb, direction, pool, config.vocab_limit)
    female, male = pool[order[: config.n_per_class]], pool[order[-config.n_per_class :]]
    rows = [male, female]
    labels = [np.ones(config.n_per_class, dtype=np.int64), np.zeros(config.n_per_class, dtype=np.int64)]
    if config.neutral_class:
        middle = order[config.n_per_class : -config.n_per_class]
        closest = middle[np.argsort(np.abs(along[middle]), kind="stable")[: config.n_per_class]]
        rows.append(pool[closest])
        labels.append(np.full(config.n_per_class, 2, dtype=np.int64))
    return np.concatenate(rows), np.concatenate(labels)


def make_linear_classifier(kind: str, seed: int):
    """The scikit-learn linear classifier INLP trains at each step (no intercept: a direction through 0)."""
    if kind == "svm":
        from sklearn.svm import LinearSVC

        return LinearSVC(fit_intercept=False, dual=False, random_state=seed, max_iter=5000)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(fit_intercept=False, max_iter=2000, random_state=seed)
    raise AnalysisError(f"Unknown classifier '{kind}'; choose 'svm' or 'logistic'.")


def inlp_projection(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_dev: np.ndarray,
    y_dev: np.ndarray,
    *,
    iterations: int,
    classifier: str = "svm",
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, list[INLPStep], float]:
    """Iterative nullspace projection on a labelled data set.

    Returns ``(P, steps, final_accuracy)``: the projection onto the intersection of every classifier's
    nullspace, the accuracy of each classifier, and the held-out accuracy of one more classifier
    trained on the fully projected data (what a new attacker of the same kind would achieve).
    """
    if iterations < 1:
        raise AnalysisError("INLP needs at least one iteration.")
    dims = X_train.shape[1]
    basis = np.zeros((dims, 0))
    steps: list[INLPStep] = []
    X_train = X_train.astype(np.float64)
    X_dev = X_dev.astype(np.float64)
    projection = np.eye(dims)
    for it in range(1, iterations + 1):
        clf = make_linear_classifier(classifier, seed)
        train_p, dev_p = X_train @ projection, X_dev @ projection
        clf.fit(train_p, y_train)
        steps.append(
            INLPStep(
                iteration=it,
                train_accuracy=float(clf.score(train_p, y_train)),
                dev_accuracy=float(clf.score(dev_p, y_dev)),
                removed_dims=0,
            )
        )
        basis = extend_basis(basis, clf.coef_)
        projection = np.eye(dims) - basis @ basis.T
        steps[-1] = INLPStep(it, steps[-1].train_accuracy, steps[-1].dev_accuracy, int(basis.shape[1]))
        report(progress, it / (iterations + 1), f"iteration {it}/{iterations}: accuracy {steps[-1].dev_accuracy:.3f}")
        if basis.shape[1] >= dims:
            break  # nothing left to remove
    check = make_linear_classifier(classifier, seed)
    check.fit(X_train @ projection, y_train)
    final = float(check.score(X_dev @ projection, y_dev))
    return projection.astype(np.float32), steps, final


def inlp(
    emb: Embeddings,
    config: INLPConfig = INLPConfig(),
    *,
    direction: np.ndarray | None = None,
    progress: ProgressFn | None = None,
) -> DebiasResult:
    """INLP (Ravfogel et al. 2020) on ``emb``; returns a new embedding with ``P`` applied to every vector.

    ``P`` is applied to the raw vectors (a projection commutes with scaling, so cosines equal those of
    the projected unit vectors, and the norms stay informative).

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.debias import inlp, INLPConfig
        >>> result = inlp(load_embeddings(), INLPConfig(iterations=15))
        >>> result.final_accuracy < 0.6
        True
    """
    from sklearn.model_selection import train_test_split

    started = time.perf_counter()
    if config.classifier not in ("svm", "logistic"):
        raise AnalysisError(f"Unknown classifier '{config.classifier}'; choose 'svm' or 'logistic'.")
    if not 0.05 <= config.dev_fraction <= 0.9:
        raise AnalysisError("The held-out share must be between 0.05 and 0.9.")
    if direction is None:
        direction = bias_direction_of(emb, config.direction_method, config.definitional)
    g = unit_direction(direction, emb.dims)
    report(progress, 0.0, "choosing the gendered training words")
    rows, labels = gendered_training_words(emb, g, config)
    X = emb.unit[rows]
    X_train, X_dev, y_train, y_dev = train_test_split(
        X, labels, test_size=config.dev_fraction, random_state=config.seed, stratify=labels
    )
    projection, steps, final = inlp_projection(
        X_train,
        y_train,
        X_dev,
        y_dev,
        iterations=config.iterations,
        classifier=config.classifier,
        seed=config.seed,
        progress=subrange(progress, 0.02, 0.9),
    )
    chance = float(np.bincount(y_dev).max() / y_dev.size)
    matrix = apply_projection(emb.vectors, projection, progress=subrange(progress, 0.9, 0.98))
    params = asdict(config)
    debiased = _debiased_embedding(emb, matrix, config.label(), "INLP (Ravfogel et al. 2020)", params)
    report(progress, 1.0, "done")
    return DebiasResult(
        embeddings=debiased,
        method="inlp",
        params=params,
        direction=g,
        steps=steps,
        chance=chance,
        final_accuracy=final,
        projection=projection,
        seconds=time.perf_counter() - started,
    )


def debias(emb: Embeddings, method: str, *, iterations: int | None = None, progress: ProgressFn | None = None, **params) -> DebiasResult:
    """One entry point for the page and the CLI: ``method`` is "hard" or "inlp".

    ``iterations`` (INLP only) and any other field of the method's config may be given by name.
    """
    if method == "hard":
        if iterations is not None:
            raise AnalysisError("--iterations applies to INLP only; hard debias has no iterations.")
        return hard_debias(emb, _config(HardDebiasConfig, params), progress=progress)
    if method == "inlp":
        if iterations is not None:
            params["iterations"] = iterations
        return inlp(emb, _config(INLPConfig, params), progress=progress)
    raise AnalysisError(f"Unknown debiasing method '{method}'; choose one of {', '.join(METHODS)}.")


def _config(cls, params: dict):
    fields = set(cls.__dataclass_fields__)
    unknown = sorted(set(params) - fields)
    if unknown:
        raise AnalysisError(f"Unknown option(s) for {cls.__name__}: {', '.join(unknown)}.")
    return cls(**params)
