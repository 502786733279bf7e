"""What debiasing leaves behind: the checks of Gonen & Goldberg (2019), "Lipstick on a Pig".

A debiasing method can drive every word's projection on the gender direction to zero while the
words that *were* gendered still sit together. Gonen & Goldberg (NAACL 2019) showed this with three
checks, all run on the most male- and most female-biased words of the *original* embedding:

* **k-means alignment** — cluster those words into two clusters (k-means, k = 2) in the embedding
  under test and report how well the clusters match the original labels (0.5 = chance, 1 = perfect;
  the paper: 99.9 % before, 92.5 % after hard debias of word2vec).
* **classifier accuracy** — train an RBF-kernel SVM on some of the words to predict the original
  label from the vector and report its accuracy on the others (paper: 88.9 % after hard debias).
* **neighbour correlation** ("bias-by-neighbours") — for each word, the number of male-biased words
  among its k = 100 nearest neighbours, correlated (Pearson) with the word's original bias.

Two protocols (``ResidualConfig.protocol``):

``"gonen-goldberg"`` (default) follows the authors' code (github.com/gonenhila/gender_bias_lipstick,
``source/remaining_bias_2016.ipynb``) step by step, because every one of these choices moves the
numbers (issue #15 measured 0.63 / 0.85 / 0.84 with the older variant against the reference's
0.91 / 0.90 / 0.70 on GloVe 6B 50d after hard debias):

* **Pool** (``gonen_goldberg_pool``): the 50,000 most frequent words, kept when lower-case, shorter
  than 20 characters, without a digit and without ASCII punctuation (a ``_``-joined phrase is kept
  when its parts have none), minus Bolukbasi et al.'s 1,441 gender-specific words
  (``gender_specific_full``, which hard debias leaves gendered on purpose), matched exactly as the
  reference does. On GloVe 6B 50d this leaves 45,530 words, the pool size the reference reports.
* **Bias of a word**: ``cos(w, he) − cos(w, she)`` in the *original* embedding — the he − she
  direction, not the PCA direction that hard debias removes (ranking by the removed direction picks
  the words whose bias was removed most thoroughly and under-reports what remains).
* **Clustering**: the 500 most male- and 500 most female-biased pool words.
* **Classifier**: the 2,500 most male- and 2,500 most female-biased; each side shuffled (seeded),
  500 + 500 train, 2,000 + 2,000 test (the paper's 1,000 / 4,000 split); ``SVC(kernel="rbf")``
  with scikit-learn's other defaults. The reference ran in 2019, when the RBF width defaulted to
  ``gamma="auto"`` (1 / dimensions); today's default is ``"scale"``. ``svm_gamma`` picks one:
  ``"scale"`` (the default here, the stronger classifier, so the verdict never under-reports) or
  ``"auto"`` to reproduce the published figure.
* **Neighbours**: for *every* pool word its 100 nearest pool words (cosine in the embedding under
  test, the word itself excluded); a neighbour counts as male when its original bias is positive.
  The paper's figure correlates over the whole pool (``neighbour_correlation``); the same number over
  the 500 + 500 clustering words is reported beside it (``neighbour_correlation_selected``).

``"debias-direction"`` is the lab's earlier variant, kept as a named option: the 50,000 most frequent
purely alphabetic words, ranked by their projection on the *given* direction (the one the debiasing
method removed), 500 + 500 words for all three checks, the SVM trained on a stratified 20 % of those
1,000 words, and the neighbour correlation over those 1,000 words only. It answers a narrower
question — can the words the method targeted most be told apart — and reads lower after hard debias.

    >>> import numpy as np
    >>> from analysis.residual import kmeans_alignment
    >>> labels = np.array([1] * 20 + [0] * 20)
    >>> points = np.where(labels[:, None] == 1, 1.0, -1.0) * np.ones((40, 2))
    >>> kmeans_alignment(points, labels)
    1.0
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from typing import Iterable, Literal

import numpy as np

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report

# Rows of the neighbour search handled at once (bounds the similarity block to 512 × pool floats).
_NEIGHBOUR_BLOCK = 512
Protocol = Literal["gonen-goldberg", "debias-direction"]
PROTOCOLS: tuple[str, ...] = ("gonen-goldberg", "debias-direction")
SVM_GAMMAS: tuple[str, ...] = ("scale", "auto")
# The word list the reference leaves out of its pool (remaining_bias_2016.ipynb excludes
# gender_specific_full; with it the pool on GloVe 6B 50d has the reference's 45,530 words).
GONEN_GOLDBERG_EXCLUDED = ("bolukbasi/gender_specific_full",)
_ASCII_PUNCTUATION = frozenset(string.punctuation)
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class ResidualConfig:
    """How the "what remains" checks choose their words and run (defaults follow Gonen & Goldberg)."""

    protocol: Protocol = "gonen-goldberg"  # word pool, ranking and splits: the paper's, or the lab's older variant
    n_per_class: int = 500  # most male- and most female-biased words for clustering (and the 500 + 500 neighbour figure)
    vocab_limit: int = 50_000  # words are chosen (and neighbours searched) among this many most frequent
    neighbours: int = 100  # k of bias-by-neighbours
    svm_per_class: int = 2_500  # gonen-goldberg: most biased words per side for the classifier
    svm_train_per_class: int = 500  # gonen-goldberg: of those, trained on per side (the rest is the test set)
    svm_gamma: str = "scale"  # RBF width: "scale" (scikit-learn today) or "auto" (1/dims, the 2019 default the paper ran with)
    train_fraction: float = 0.2  # debias-direction: share of the 1,000 words the SVM is trained on
    seed: int = 0  # k-means initialisation, the classifier's shuffle / split


@dataclass(frozen=True)
class BiasedWords:
    """The words the checks run on, chosen once on the original embedding and reused after debiasing."""

    words: list[str]  # clustering words: male-biased first, then female-biased
    labels: np.ndarray  # 1 = male-biased, 0 = female-biased (by original bias)
    bias: np.ndarray  # original bias of each clustering word
    pool: np.ndarray  # row indices of the word pool (neighbour search space)
    pool_bias: np.ndarray  # per pool row: its original bias
    train_words: list[str]  # the classifier's training words
    train_labels: np.ndarray
    test_words: list[str]  # the classifier's held-out words
    test_labels: np.ndarray
    protocol: str = "gonen-goldberg"  # which ResidualConfig.protocol chose them

    @property
    def pool_male(self) -> np.ndarray:
        """Per pool row: True when its original bias is positive (a "male" neighbour)."""
        return self.pool_bias > 0


@dataclass(frozen=True)
class ResidualResult:
    """The three Gonen & Goldberg numbers for one embedding (high = bias still recoverable)."""

    kmeans_alignment: float  # in [0.5, 1]: share of words in the cluster matching their original label
    classifier_accuracy: float  # in [0, 1]: RBF SVM held-out accuracy predicting the original label
    neighbour_correlation: float  # in [-1, 1]: Pearson r(original bias, male neighbours); whole pool for gonen-goldberg
    words: int  # number of clustering words
    neighbours: int  # k used for the neighbour check
    neighbour_correlation_selected: float = 0.0  # the same r over the clustering words only
    neighbour_words: int = 0  # words the headline neighbour correlation is over
    classifier_train: int = 0  # words the SVM was trained on
    classifier_test: int = 0  # words it was tested on
    pool_size: int = 0  # words in the pool
    protocol: str = "gonen-goldberg"
    svm_gamma: str = "scale"

    def as_dict(self) -> dict:
        return asdict(self)


def candidate_rows(emb: Embeddings, vocab_limit: int, exclude: Iterable[str] = ()) -> np.ndarray:
    """Rows of the ``vocab_limit`` most frequent purely alphabetic words, minus ``exclude``.

    The "debias-direction" pool (and INLP's). On a cased embedding (GoogleNews) only lower-case
    words count, so "Paris" and proper names do not crowd the lists; excluded words match in any case.
    """
    excluded = {w.lower() for w in exclude}
    lower_only = emb.info.cased
    rows = [
        i
        for i, w in enumerate(emb.words[:vocab_limit])
        if w.isalpha() and (not lower_only or w.islower()) and w.lower() not in excluded
    ]
    return np.asarray(rows, dtype=np.int64)


def keeps_word(word: str) -> bool:
    """The reference's word filter: lower-case, < 20 characters, no digit, no ASCII punctuation.

    A phrase joined by ``_`` (word2vec's ``New_York`` style) is kept when none of its parts has
    punctuation; non-ASCII letters and signs pass, as in the reference.

        >>> [w for w in ["nurse", "Nurse", "x1", "don't", "ice_cream", "café", "a" * 20] if keeps_word(w)]
        ['nurse', 'ice_cream', 'café']
    """
    if word.lower() != word or len(word) >= 20 or any(c in _ASCII_DIGITS for c in word):
        return False
    if "_" in word:
        return not any(c in _ASCII_PUNCTUATION for part in word.split("_") for c in part)
    return not any(c in _ASCII_PUNCTUATION for c in word)


def gonen_goldberg_pool(emb: Embeddings, vocab_limit: int = 50_000, exclude: Iterable[str] | None = None) -> np.ndarray:
    """Rows of the reference's word pool: ``keeps_word`` among the ``vocab_limit`` most frequent, minus ``exclude``.

    ``exclude`` defaults to the lists of ``GONEN_GOLDBERG_EXCLUDED``; it matches exactly (case included).
    """
    if exclude is None:
        from analysis.wordlists import load_words

        exclude = [w for name in GONEN_GOLDBERG_EXCLUDED for w in load_words(name)]
    excluded = set(exclude)
    rows = [i for i, w in enumerate(emb.words[:vocab_limit]) if keeps_word(w) and w not in excluded]
    return np.asarray(rows, dtype=np.int64)


def he_she_bias(emb: Embeddings, rows: np.ndarray) -> np.ndarray:
    """``cos(w, he) − cos(w, she)`` for the given rows: the reference's bias of a word (positive = male)."""
    missing = [w for w in ("he", "she") if w not in emb]
    if missing:
        raise AnalysisError(
            f"The Gonen & Goldberg protocol ranks words by he − she, but '{missing[0]}' is not in the vocabulary; "
            f"choose the debias-direction protocol."
        )
    axis = emb.unit[emb.index("he")].astype(np.float64) - emb.unit[emb.index("she")].astype(np.float64)
    return emb.unit[rows].astype(np.float64) @ axis


def rank_by_projection(emb: Embeddings, direction: np.ndarray, pool: np.ndarray, vocab_limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Projections of the ``pool`` rows on ``direction`` and their stable order, most negative first.

    Shared by the "debias-direction" residual checks and INLP's choice of training words.
    """
    along = (emb.unit[:vocab_limit] @ direction)[pool]  # a slice, not a fancy-indexed copy
    return along, np.argsort(along, kind="stable")


def _check_config(config: ResidualConfig) -> None:
    if config.protocol not in PROTOCOLS:
        raise AnalysisError(f"Unknown residual protocol '{config.protocol}': use {' or '.join(PROTOCOLS)}.")
    if config.svm_gamma not in SVM_GAMMAS:
        raise AnalysisError(f"Unknown SVM gamma '{config.svm_gamma}': use {' or '.join(SVM_GAMMAS)}.")
    if config.n_per_class < 2:  # two clusters of one word each say nothing
        raise AnalysisError("The residual checks need at least 2 words per side.")
    if config.protocol == "gonen-goldberg" and not 1 <= config.svm_train_per_class < config.svm_per_class:
        raise AnalysisError("The classifier needs at least one training word per side and fewer than all of its words.")


def select_biased_words(
    emb: Embeddings,
    direction: np.ndarray | None = None,
    config: ResidualConfig = ResidualConfig(),
    exclude: Iterable[str] | None = None,
) -> BiasedWords:
    """The words of the checks, chosen on the original ``emb`` as ``config.protocol`` says.

    "gonen-goldberg" ranks by he − she and ignores ``direction``; ``exclude`` replaces its default
    lists. "debias-direction" ranks by projection on ``direction`` (male side positive,
    ``analysis.debias.bias_direction_of`` orients it so) and leaves out ``exclude`` (any case).
    """
    _check_config(config)
    if config.protocol == "debias-direction":
        if direction is None:
            raise AnalysisError("The debias-direction protocol needs the direction the method removed.")
        pool = candidate_rows(emb, config.vocab_limit, exclude or ())
        _need(pool.size, 2 * config.n_per_class, config.vocab_limit)
        bias, order = rank_by_projection(emb, np.asarray(direction, dtype=np.float32), pool, config.vocab_limit)
        bias = bias.astype(np.float64)
    else:
        pool = gonen_goldberg_pool(emb, config.vocab_limit, exclude)
        _need(pool.size, 2 * max(config.n_per_class, config.svm_per_class), config.vocab_limit)
        bias = he_she_bias(emb, pool)
        order = np.argsort(bias, kind="stable")
    words, labels, chosen = _extremes(emb, pool, order, config.n_per_class)
    if config.protocol == "debias-direction":
        train, test = _stratified_split(len(words), labels, config.train_fraction, config.seed)
        train_words, test_words = [words[i] for i in train], [words[i] for i in test]
        train_labels, test_labels = labels[train], labels[test]
    else:
        train_words, train_labels, test_words, test_labels = _classifier_split(emb, pool, order, config)
    return BiasedWords(
        words=words,
        labels=labels,
        bias=bias[chosen],
        pool=pool,
        pool_bias=bias,
        train_words=train_words,
        train_labels=train_labels,
        test_words=test_words,
        test_labels=test_labels,
        protocol=config.protocol,
    )


def _need(have: int, need: int, vocab_limit: int) -> None:
    if have < need:
        raise AnalysisError(
            f"Only {have} candidate words among the {vocab_limit:,} most frequent; "
            f"the checks need {need}. Lower the number of words per side."
        )


def _extremes(emb: Embeddings, pool: np.ndarray, order: np.ndarray, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The ``n`` highest-biased (male) then the ``n`` lowest (female) pool positions, with words and labels."""
    male, female = order[::-1][:n], order[:n]
    chosen = np.concatenate([male, female])
    labels = np.concatenate([np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64)])
    return [emb.words[pool[i]] for i in chosen], labels, chosen


def _stratified_split(n: int, labels: np.ndarray, train_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import train_test_split

    if not 0.05 <= train_fraction <= 0.95:
        raise AnalysisError("The classifier's training share must be between 0.05 and 0.95.")
    if int(n * train_fraction) < 2 or n - int(n * train_fraction) < 2:  # stratified: one word per label at least
        raise AnalysisError("The classifier needs at least 2 training and 2 test words; raise the number of words per side.")
    train, test = train_test_split(np.arange(n), train_size=train_fraction, random_state=seed, stratify=labels)
    return np.asarray(train), np.asarray(test)


def _classifier_split(emb: Embeddings, pool: np.ndarray, order: np.ndarray, config: ResidualConfig):
    """The reference's SVM words: ``svm_per_class`` per side, each side shuffled, the first ``svm_train_per_class`` trained on."""
    rng = np.random.default_rng(config.seed)
    n, k = config.svm_per_class, config.svm_train_per_class
    male, female = rng.permutation(order[::-1][:n]), rng.permutation(order[:n])
    word = lambda positions: [emb.words[pool[i]] for i in positions]  # noqa: E731
    ones, zeros = np.ones, np.zeros
    train_words, test_words = word(male[:k]) + word(female[:k]), word(male[k:]) + word(female[k:])
    train_labels = np.concatenate([ones(k, dtype=np.int64), zeros(k, dtype=np.int64)])
    test_labels = np.concatenate([ones(n - k, dtype=np.int64), zeros(n - k, dtype=np.int64)])
    return train_words, train_labels, test_words, test_labels


def kmeans_alignment(vectors: np.ndarray, labels: np.ndarray, seed: int = 0) -> float:
    """Cluster into two with k-means and return the share of points whose cluster matches their label.

    Cluster numbers are arbitrary, so the better of the two matchings counts: 0.5 is chance, 1 perfect.
    """
    from sklearn.cluster import KMeans

    clusters = KMeans(n_clusters=2, n_init=10, random_state=seed).fit_predict(np.asarray(vectors, dtype=np.float64))
    agree = float(np.mean(clusters == labels))
    return max(agree, 1.0 - agree)


def classifier_accuracy(vectors: np.ndarray, labels: np.ndarray, train_fraction: float = 0.2, seed: int = 0, gamma: str = "scale") -> float:
    """Held-out accuracy of an RBF-kernel SVM predicting ``labels`` from ``vectors`` (stratified split; 0.5 = chance)."""
    train, test = _stratified_split(len(labels), labels, train_fraction, seed)
    X = np.asarray(vectors, dtype=np.float64)
    return svm_accuracy(X[train], labels[train], X[test], labels[test], gamma)


def svm_accuracy(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray, gamma: str = "scale") -> float:
    """Accuracy on the test words of ``SVC(kernel="rbf", gamma=gamma)`` fitted on the training words."""
    from sklearn.svm import SVC

    if gamma not in SVM_GAMMAS:
        raise AnalysisError(f"Unknown SVM gamma '{gamma}': use {' or '.join(SVM_GAMMAS)}.")
    model = SVC(kernel="rbf", gamma=gamma).fit(np.asarray(X_train, dtype=np.float64), y_train)
    return float(model.score(np.asarray(X_test, dtype=np.float64), y_test))


def male_neighbour_share(
    emb: Embeddings, selection: BiasedWords, k: int, rows: np.ndarray | None = None, device: str = "cpu", progress: ProgressFn | None = None
) -> np.ndarray:
    """For each query word: the share of male-biased words among its ``k`` nearest pool words.

    Queries are ``rows`` (embedding rows; default: the clustering words). Neighbours are searched
    (cosine, in ``emb``) among ``selection.pool``, excluding the word itself; their gender is their
    *original* one (``selection.pool_male``). ``device`` "cpu" uses numpy, another torch device torch.
    """
    if rows is None:
        k2i = emb.kv.key_to_index
        rows = np.array([k2i[w] for w in selection.words], dtype=np.int64)
    k = min(k, selection.pool.size - 1)
    if k < 1:
        raise AnalysisError("The neighbour check needs at least two candidate words.")
    import torch  # top-k selection: torch.topk is ~20x faster than numpy's argpartition here

    position = np.full(len(emb), -1, dtype=np.int64)
    position[selection.pool] = np.arange(selection.pool.size)
    pool_vectors = np.ascontiguousarray(emb.unit[selection.pool])
    male = torch.from_numpy(selection.pool_male.astype(np.float64))
    on_cpu = str(device).startswith("cpu")
    if not on_cpu:
        pool_t, male = torch.from_numpy(pool_vectors).to(device), male.to(device)
    shares = np.empty(rows.size, dtype=np.float64)
    for start in range(0, rows.size, _NEIGHBOUR_BLOCK):
        block = rows[start : start + _NEIGHBOUR_BLOCK]
        own = position[block]
        inside = np.nonzero(own >= 0)[0]
        if on_cpu:
            sims = emb.unit[block] @ pool_vectors.T
            sims[inside, own[inside]] = -np.inf  # the word is not its own neighbour
            sims_t = torch.from_numpy(sims)
        else:
            sims_t = torch.from_numpy(np.ascontiguousarray(emb.unit[block])).to(device) @ pool_t.T
            sims_t[torch.from_numpy(inside).to(device), torch.from_numpy(own[inside]).to(device)] = -float("inf")
        top = torch.topk(sims_t, k, dim=1, sorted=False).indices
        shares[start : start + block.size] = male[top].mean(dim=1).cpu().numpy()
        if progress is not None:
            report(progress, min(1.0, (start + block.size) / rows.size), "nearest neighbours")
    return shares


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    if np.std(a) == 0 or np.std(b) == 0:
        return 0.0  # no variation: nothing is predictable from the neighbours
    return float(np.corrcoef(a, b)[0, 1])


def neighbour_correlation(emb: Embeddings, selection: BiasedWords, k: int = 100, device: str = "cpu") -> float:
    """Pearson correlation of each clustering word's original bias with its male-neighbour share in ``emb``."""
    return _pearson(selection.bias, male_neighbour_share(emb, selection, k, device=device))


def residual_checks(
    emb: Embeddings,
    selection: BiasedWords,
    config: ResidualConfig = ResidualConfig(),
    progress: ProgressFn | None = None,
    device: str = "cpu",
) -> ResidualResult:
    """The three checks on ``emb`` for words chosen on the original (``select_biased_words``).

    ``device`` is where the neighbour search runs (``analysis.device.pick_device()``).

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.residual import ResidualConfig, select_biased_words, residual_checks
        >>> emb = load_embeddings()
        >>> small = ResidualConfig(n_per_class=100, svm_per_class=300, svm_train_per_class=100, vocab_limit=5_000)
        >>> chosen = select_biased_words(emb, config=small)
        >>> residual_checks(emb, chosen, small).kmeans_alignment > 0.9
        True
    """
    k2i = emb.kv.key_to_index
    at = lambda words: emb.unit[[k2i[w] for w in words]]  # noqa: E731
    report(progress, 0.0, "k-means on the biased words")
    alignment = kmeans_alignment(at(selection.words), selection.labels, config.seed)
    report(progress, 0.1, "RBF SVM on the biased words")
    accuracy = svm_accuracy(at(selection.train_words), selection.train_labels, at(selection.test_words), selection.test_labels, config.svm_gamma)
    report(progress, 0.2, "nearest neighbours of the biased words")
    k = min(config.neighbours, selection.pool.size - 1)
    selected = _pearson(selection.bias, male_neighbour_share(emb, selection, k, device=device))
    if selection.protocol == "debias-direction":
        whole, over = selected, len(selection.words)
    else:  # the paper's figure: every pool word
        sub = (lambda f, m: report(progress, 0.25 + 0.75 * f, m)) if progress else None
        shares = male_neighbour_share(emb, selection, k, rows=selection.pool, device=device, progress=sub)
        whole, over = _pearson(selection.pool_bias, shares), int(selection.pool.size)
    report(progress, 1.0, "done")
    return ResidualResult(
        kmeans_alignment=alignment,
        classifier_accuracy=accuracy,
        neighbour_correlation=whole,
        words=len(selection.words),
        neighbours=k,
        neighbour_correlation_selected=selected,
        neighbour_words=over,
        classifier_train=len(selection.train_words),
        classifier_test=len(selection.test_words),
        pool_size=int(selection.pool.size),
        protocol=selection.protocol,
        svm_gamma=config.svm_gamma,
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
@dataclass(frozen=True)
class PcaPoints:
    """The biased words on their own first two principal components in one embedding."""

    words: list[str]  # the biased words, in selection order
    xy: np.ndarray  # (n, 2) coordinates on PC1, PC2
    labels: np.ndarray  # (n,) the original label: 1 male-biased, else female-biased
    bias: np.ndarray  # (n,) the original bias (projection) that chose the word
    stage: str  # which embedding ("before", "after" or its name)


def pca_points(emb: Embeddings, selection: BiasedWords, stage: str) -> PcaPoints:
    """The biased words in ``emb`` projected on their own first two principal components
    (``analysis.tables.debias.pca_frame`` makes the chart's table)."""
    from sklearn.decomposition import PCA

    vectors = emb.unit[[emb.kv.key_to_index[w] for w in selection.words]].astype(np.float64)
    xy = PCA(n_components=2, random_state=0).fit_transform(vectors)
    return PcaPoints(words=list(selection.words), xy=xy, labels=np.asarray(selection.labels), bias=np.asarray(selection.bias), stage=stage)
