"""What debiasing leaves behind: the checks of Gonen & Goldberg (2019), "Lipstick on a Pig".

A debiasing method can drive every word's projection on the gender direction to zero while the
words that *were* gendered still sit together. Gonen & Goldberg (NAACL 2019) showed this with three
checks, all run on the most male- and most female-biased words of the *original* embedding:

* **k-means alignment** — cluster those words into two clusters (k-means, k = 2) in the embedding
  under test and report how well the clusters match the original labels (0.5 = chance, 1 = perfect;
  the paper: 99.9 % before, 92.5 % after hard debias of word2vec).
* **classifier accuracy** — train an RBF-kernel SVM on some of the words to predict the original
  label from the vector and report its accuracy on the others (paper: 88.9 % after hard debias).
* **neighbour correlation** ("bias-by-neighbours") — for each word, the share of male-biased words
  among its k = 100 nearest neighbours, correlated (Pearson) with the word's original bias.

Choices (documented because they change the numbers):
* Vocabulary: the ``vocab_limit`` = 50,000 most frequent purely alphabetic words, without the
  gender-specific words (which hard debias keeps gendered on purpose), as Gonen & Goldberg did.
  This also keeps rare, noisy words out and makes the checks take about a second on 400k words.
* Biased words: 500 most male- and 500 most female-biased by projection on the original direction.
* Classifier: sklearn ``SVC(kernel="rbf")`` trained on a seeded, stratified 20 % (the paper trained
  on 1,000 of 5,000 words) and tested on the other 80 %.
* Neighbours: cosine, searched among the same restricted vocabulary, the word itself excluded; a
  neighbour is "male-biased" when its original projection is positive.

    >>> import numpy as np
    >>> from analysis.residual import kmeans_alignment
    >>> labels = np.array([1] * 20 + [0] * 20)
    >>> points = np.where(labels[:, None] == 1, 1.0, -1.0) * np.ones((40, 2))
    >>> kmeans_alignment(points, labels)
    1.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report

# Rows of the neighbour search handled at once (bounds the similarity block to 256 × vocab floats).
_NEIGHBOUR_BLOCK = 256


@dataclass(frozen=True)
class ResidualConfig:
    """How the "what remains" checks choose their words and run (defaults follow Gonen & Goldberg)."""

    n_per_class: int = 500  # most male- and most female-biased words of the original embedding
    vocab_limit: int = 50_000  # words are chosen (and neighbours searched) among this many most frequent
    neighbours: int = 100  # k of bias-by-neighbours
    train_fraction: float = 0.2  # share of the biased words the RBF SVM is trained on; tested on the rest
    seed: int = 0  # k-means initialisation and the train/test split


@dataclass(frozen=True)
class BiasedWords:
    """The words the checks run on, chosen once on the original embedding and reused after debiasing."""

    words: list[str]  # male-biased first, then female-biased
    labels: np.ndarray  # 1 = male-biased, 0 = female-biased (by original projection)
    bias: np.ndarray  # original projection of each word on the direction (unit vectors)
    pool: np.ndarray  # row indices of the restricted vocabulary (neighbour search space)
    pool_male: np.ndarray  # per pool row: True when its original projection is positive


@dataclass(frozen=True)
class ResidualResult:
    """The three Gonen & Goldberg numbers for one embedding (high = bias still recoverable)."""

    kmeans_alignment: float  # in [0.5, 1]: share of words in the cluster matching their original label
    classifier_accuracy: float  # in [0, 1]: RBF SVM held-out accuracy predicting the original label
    neighbour_correlation: float  # in [-1, 1]: Pearson r(original bias, male share of k neighbours)
    words: int  # number of biased words the checks used
    neighbours: int  # k used for the neighbour check

    def as_dict(self) -> dict:
        return asdict(self)


def candidate_rows(emb: Embeddings, vocab_limit: int, exclude: Iterable[str] = ()) -> np.ndarray:
    """Rows of the ``vocab_limit`` most frequent purely alphabetic words, minus ``exclude``.

    On a cased embedding (GoogleNews) only lower-case words count, so "Paris" and proper names do
    not crowd the lists; excluded words match in any case.
    """
    excluded = {w.lower() for w in exclude}
    lower_only = emb.info.cased
    rows = [
        i
        for i, w in enumerate(emb.words[:vocab_limit])
        if w.isalpha() and (not lower_only or w.islower()) and w.lower() not in excluded
    ]
    return np.asarray(rows, dtype=np.int64)


def rank_by_projection(emb: Embeddings, direction: np.ndarray, pool: np.ndarray, vocab_limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Projections of the ``pool`` rows on ``direction`` and their stable order, most negative first.

    Shared by the residual checks and INLP's choice of training words.
    """
    along = (emb.unit[:vocab_limit] @ direction)[pool]  # a slice, not a fancy-indexed copy
    return along, np.argsort(along, kind="stable")


def select_biased_words(
    emb: Embeddings, direction: np.ndarray, config: ResidualConfig = ResidualConfig(), exclude: Iterable[str] = ()
) -> BiasedWords:
    """The ``n_per_class`` most male- and female-biased words of ``emb`` by projection on ``direction``.

    ``direction`` must point to the male side (``analysis.debias.bias_direction_of`` orients it so).
    """
    g = np.asarray(direction, dtype=np.float32)
    pool = candidate_rows(emb, config.vocab_limit, exclude)
    if pool.size < 2 * config.n_per_class:
        raise AnalysisError(
            f"Only {pool.size} candidate words among the {config.vocab_limit:,} most frequent; "
            f"the checks need {2 * config.n_per_class}. Lower the number of words per side."
        )
    if config.n_per_class < 5:
        raise AnalysisError("The residual checks need at least 5 words per side.")
    along, order = rank_by_projection(emb, g, pool, config.vocab_limit)
    male, female = order[::-1][: config.n_per_class], order[: config.n_per_class]
    chosen = np.concatenate([male, female])
    return BiasedWords(
        words=[emb.words[pool[i]] for i in chosen],
        labels=np.concatenate([np.ones(male.size, dtype=np.int64), np.zeros(female.size, dtype=np.int64)]),
        bias=along[chosen].astype(np.float64),
        pool=pool,
        pool_male=along > 0,
    )


def kmeans_alignment(vectors: np.ndarray, labels: np.ndarray, seed: int = 0) -> float:
    """Cluster into two with k-means and return the share of points whose cluster matches their label.

    Cluster numbers are arbitrary, so the better of the two matchings counts: 0.5 is chance, 1 perfect.
    """
    from sklearn.cluster import KMeans

    clusters = KMeans(n_clusters=2, n_init=10, random_state=seed).fit_predict(np.asarray(vectors, dtype=np.float64))
    agree = float(np.mean(clusters == labels))
    return max(agree, 1.0 - agree)


def classifier_accuracy(vectors: np.ndarray, labels: np.ndarray, train_fraction: float = 0.2, seed: int = 0) -> float:
    """Held-out accuracy of an RBF-kernel SVM predicting ``labels`` from ``vectors`` (0.5 = chance)."""
    from sklearn.model_selection import train_test_split
    from sklearn.svm import SVC

    if not 0.05 <= train_fraction <= 0.95:
        raise AnalysisError("The classifier's training share must be between 0.05 and 0.95.")
    X_train, X_test, y_train, y_test = train_test_split(
        np.asarray(vectors, dtype=np.float64), labels, train_size=train_fraction, random_state=seed, stratify=labels
    )
    return float(SVC(kernel="rbf").fit(X_train, y_train).score(X_test, y_test))


def male_neighbour_share(emb: Embeddings, selection: BiasedWords, k: int) -> np.ndarray:
    """For each selected word: the share of male-biased words among its ``k`` nearest neighbours.

    Neighbours are searched (cosine, in ``emb``) among ``selection.pool``, excluding the word itself;
    their gender is their *original* one (``selection.pool_male``).
    """
    k2i = emb.kv.key_to_index
    pool_vectors = emb.unit[selection.pool]
    k = min(k, selection.pool.size - 1)
    if k < 1:
        raise AnalysisError("The neighbour check needs at least two candidate words.")
    rows = np.array([k2i[w] for w in selection.words], dtype=np.int64)
    position = {int(r): i for i, r in enumerate(selection.pool)}
    shares = np.empty(rows.size, dtype=np.float64)
    for start in range(0, rows.size, _NEIGHBOUR_BLOCK):
        block = rows[start : start + _NEIGHBOUR_BLOCK]
        sims = emb.unit[block] @ pool_vectors.T
        for j, row in enumerate(block):  # the word is not its own neighbour
            if int(row) in position:
                sims[j, position[int(row)]] = -np.inf
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        shares[start : start + block.size] = selection.pool_male[top].mean(axis=1)
    return shares


def neighbour_correlation(emb: Embeddings, selection: BiasedWords, k: int = 100) -> float:
    """Pearson correlation of each word's original bias with its male-neighbour share in ``emb``."""
    shares = male_neighbour_share(emb, selection, k)
    if np.std(shares) == 0 or np.std(selection.bias) == 0:
        return 0.0  # no variation: nothing is predictable from the neighbours
    return float(np.corrcoef(selection.bias, shares)[0, 1])


def residual_checks(
    emb: Embeddings, selection: BiasedWords, config: ResidualConfig = ResidualConfig(), progress: ProgressFn | None = None
) -> ResidualResult:
    """The three checks on ``emb`` for words chosen on the original (``select_biased_words``).

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.debias import bias_direction_of
        >>> from analysis.residual import select_biased_words, residual_checks
        >>> emb = load_embeddings()
        >>> chosen = select_biased_words(emb, bias_direction_of(emb))
        >>> residual_checks(emb, chosen).kmeans_alignment > 0.9
        True
    """
    vectors = emb.unit[[emb.kv.key_to_index[w] for w in selection.words]]
    report(progress, 0.0, "k-means on the biased words")
    alignment = kmeans_alignment(vectors, selection.labels, config.seed)
    report(progress, 0.35, "RBF SVM on the biased words")
    accuracy = classifier_accuracy(vectors, selection.labels, config.train_fraction, config.seed)
    report(progress, 0.6, "nearest neighbours of the biased words")
    correlation = neighbour_correlation(emb, selection, config.neighbours)
    report(progress, 1.0, "done")
    return ResidualResult(
        kmeans_alignment=alignment,
        classifier_accuracy=accuracy,
        neighbour_correlation=correlation,
        words=len(selection.words),
        neighbours=min(config.neighbours, selection.pool.size - 1),
    )


# --- verdict in plain words ----------------------------------------------------------------------
# Thresholds on the larger of alignment and classifier accuracy (chance = 0.5 for both).
RECOVERABLE_AT = 0.8  # at or above: most of the original gender labels can be read back
PARTLY_AT = 0.65  # at or above: clearly better than chance, but far from perfect


@dataclass(frozen=True)
class Verdict:
    """What the residual numbers mean, as a level the page translates and an English sentence for the CLI."""

    level: str  # "recoverable", "partly" or "hidden"
    strongest: float  # max(kmeans_alignment, classifier_accuracy)
    text: str  # plain English


def verdict(result: ResidualResult) -> Verdict:
    """Say in plain words whether the bias is still recoverable from the debiased embedding."""
    strongest = max(result.kmeans_alignment, result.classifier_accuracy)
    pct = f"{strongest:.0%}"
    if strongest >= RECOVERABLE_AT:
        level = "recoverable"
        text = (
            f"The bias is still there. The words that were most male- or female-biased can still be told "
            f"apart in {pct} of cases (chance is 50%), and their neighbours still follow the old gender "
            f"(r = {result.neighbour_correlation:.2f}). The projection on the direction hides the bias; it "
            f"does not remove it."
        )
    elif strongest >= PARTLY_AT:
        level = "partly"
        text = (
            f"Much of the bias is gone, but not all: the originally gendered words can still be told apart "
            f"in {pct} of cases (chance is 50%; neighbour correlation r = {result.neighbour_correlation:.2f})."
        )
    else:
        level = "hidden"
        text = (
            f"The originally gendered words can no longer be told apart ({pct}, chance is 50%; neighbour "
            f"correlation r = {result.neighbour_correlation:.2f}). Other probes may still find bias."
        )
    return Verdict(level=level, strongest=strongest, text=text)


# --- 2-D PCA view --------------------------------------------------------------------------------
def pca_frame(emb: Embeddings, selection: BiasedWords, stage: str) -> pd.DataFrame:
    """The biased words in ``emb`` projected on their own first two principal components.

    Columns: word, x, y, label ("male" / "female", the original label), bias (original), stage.
    """
    from sklearn.decomposition import PCA

    vectors = emb.unit[[emb.kv.key_to_index[w] for w in selection.words]].astype(np.float64)
    xy = PCA(n_components=2, random_state=0).fit_transform(vectors)
    return pd.DataFrame(
        {
            "word": selection.words,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "label": np.where(selection.labels == 1, "male", "female"),
            "bias": selection.bias,
            "stage": stage,
        }
    )
