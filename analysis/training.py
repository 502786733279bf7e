"""Train word2vec (gensim) on the real text that ships with gensim, or on the user's own corpus.

The default corpus is the English Wikipedia excerpt bundled in gensim's test data
(``enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2``, 106 articles, about
450k tokens, read through ``gensim.corpora.WikiCorpus``) plus the Lee background corpus
(``lee_background.cor``, 300 news documents). It is tokenised once into a plain-text cache file and
then streamed from disk for every epoch, so no corpus is ever held in memory whole.

Tokenisation rule (user corpora): one document or sentence per line; a word is a maximal run of
letters (``gensim.utils.tokenize``: Unicode letters, no digits or punctuation), lower-cased unless
``lowercase=False``. Lines longer than ``CHUNK_TOKENS`` tokens are split, because gensim's
word2vec silently ignores everything after the 10,000th word of a sentence.

    >>> from analysis.training import TrainingConfig, train_word2vec
    >>> result = train_word2vec("default", TrainingConfig(epochs=1, workers=1))  # doctest: +SKIP
    >>> result.embeddings.info.vocab_size > 10_000                               # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, StopRequested, report, subrange

WIKI_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
LEE_FILE = "lee_background.cor"
CHUNK_TOKENS = 1_000  # gensim truncates sentences at 10,000 words; we split long lines well below
# Tokenised corpora kept in the cache (users' uploads among them); older ones are deleted.
MAX_CACHED_CORPORA = 8
CORPUS_VERSION = "1"  # bump when the tokenisation rule changes, so stale caches are rebuilt


@dataclass
class TrainingConfig:
    """Options of a word2vec run (gensim ``Word2Vec`` names in brackets)."""

    sg: bool = False  # skip-gram (True) or CBOW (False, the model the lecture introduces first) [sg]
    vector_size: int = 100  # dimensions of each word vector [vector_size]
    window: int = 5  # how many words left and right of the centre word count as context [window]
    min_count: int = 5  # words seen fewer times are dropped from the vocabulary [min_count]
    negative: int = 5  # negative samples per positive pair (noise words) [negative]
    epochs: int = 5  # passes over the corpus [epochs]
    seed: int = 1  # random seed; with workers=1 a run is exactly reproducible [seed]
    workers: int = 2  # training threads; >1 is faster but thread scheduling breaks bit-reproducibility [workers]
    lowercase: bool = True  # lower-case user corpora when tokenising (the default corpus is lower-case)
    sample: float = 1e-3  # down-sampling threshold for frequent words; 0 keeps every word [sample]
    alpha: float = 0.025  # initial learning rate, decayed linearly to min_alpha over all epochs [alpha]
    min_alpha: float = 0.0001  # final learning rate [min_alpha]
    max_vocab_size: int | None = None  # prune rare words while counting when more are seen; None = no limit [max_vocab_size]

    def label(self) -> str:
        arch = "skip-gram" if self.sg else "CBOW"
        return f"word2vec {arch} {self.vector_size}d, window {self.window}, {self.epochs} epochs, seed {self.seed}"


@dataclass(frozen=True)
class CorpusStats:
    """What the training page shows about a corpus before training."""

    name: str  # "gensim default (Wikipedia excerpt + Lee)" or the file name
    documents: int  # lines (documents or sentences) in the source text
    sentences: int  # training sentences after splitting long lines into CHUNK_TOKENS pieces
    tokens: int  # words after tokenisation
    vocabulary: int  # distinct words after tokenisation (before min_count)
    path: str  # the tokenised cache file that training streams


@dataclass(frozen=True)
class AnalogyQuality:
    """Google analogy accuracy on the questions whose four words are all in the vocabulary."""

    accuracy: float  # correct / covered (0 when nothing is covered)
    correct: int
    covered: int  # questions with all four words in the vocabulary
    total: int  # all questions in questions-words.txt (19,544)


@dataclass
class TrainingResult:
    embeddings: Embeddings
    config: TrainingConfig
    corpus: CorpusStats
    losses: list[float]  # training loss per epoch (gensim's running loss, differenced)
    seconds: float
    quality: AnalogyQuality | None = None
    notes: list[str] = field(default_factory=list)
    stopped: bool = False  # True when Stop ended training early (the vectors are what was trained)
    fraction_trained: float = 1.0  # share of the planned epochs trained (below 1 after a Stop)

    def summary(self) -> dict:
        return {
            "stopped": self.stopped,
            "fraction_trained": self.fraction_trained,
            "config": asdict(self.config),
            "corpus": asdict(self.corpus),
            "vocab_size": self.embeddings.info.vocab_size,
            "losses": self.losses,
            "seconds": self.seconds,
            "quality": asdict(self.quality) if self.quality else None,
            "hash": self.embeddings.info.content_hash,
        }


# --- corpus ---------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """Where tokenised corpora are kept (``LAB_CACHE_DIR``, default ``~/.cache/bias-embedding-lab``)."""
    path = Path(os.environ.get("LAB_CACHE_DIR", Path.home() / ".cache" / "bias-embedding-lab"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def tokenize_line(line: str, lowercase: bool = True) -> list[str]:
    """The documented rule: maximal runs of letters, lower-cased unless ``lowercase`` is False."""
    from gensim.utils import tokenize

    return list(tokenize(line, lowercase=lowercase))


def _default_documents() -> Iterator[list[str]]:
    from gensim.corpora import WikiCorpus
    from gensim.test.utils import datapath

    # dictionary={} skips building a gensim Dictionary we do not need; one process keeps CI quiet.
    wiki = WikiCorpus(datapath(WIKI_FILE), dictionary={}, processes=1)
    yield from wiki.get_texts()
    with open(datapath(LEE_FILE), encoding="utf-8") as fh:
        for line in fh:
            yield tokenize_line(line)


def _user_documents(path: Path, lowercase: bool) -> Iterator[list[str]]:
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise AnalysisError(f"{path.name}, line {number}: not valid UTF-8 text.") from None
            yield tokenize_line(line, lowercase)


def resolve_source(source: str | Path, lowercase: bool = True) -> tuple[str, str, Iterator[list[str]]]:
    """``(display name, cache key, documents)`` of a corpus source; refuses a missing or empty file.

    The key identifies the content (a file's blake2b digest plus the lowercase flag), so caches
    derived from the corpus are rebuilt when the file changes. Shared with ``analysis.corpus_tokens``.
    """
    if str(source) == "default":
        return "gensim default (Wikipedia excerpt + Lee corpus)", "default", _default_documents()
    from analysis.paths import regular_file

    path = regular_file(source, "corpus file")  # no folders, devices, FIFOs or /proc
    if path.stat().st_size == 0:
        raise AnalysisError(f"The corpus file {path.name} is empty.")
    digest = hashlib.blake2b(digest_size=8)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return path.name, f"{digest.hexdigest()}-{int(lowercase)}", _user_documents(path, lowercase)


def prepare_corpus(source: str | Path = "default", lowercase: bool = True, progress: ProgressFn | None = None) -> CorpusStats:
    """Tokenise a corpus once into the cache and return its statistics.

    ``source`` is ``"default"`` (gensim's bundled text) or the path of a UTF-8 text file with one
    document or sentence per line. The cache file is keyed by the source's content, so re-running
    is instant and an edited file is re-tokenised.
    """
    name, key, documents = resolve_source(source, lowercase)
    target = cache_dir() / f"corpus-{key}-v{CORPUS_VERSION}.txt"
    stats_file = target.with_suffix(".stats")
    if target.exists() and stats_file.exists():
        target.touch()  # most recently used: the last to be evicted
        docs, sentences, tokens, vocab = (int(x) for x in stats_file.read_text().split())
        return CorpusStats(name, docs, sentences, tokens, vocab, str(target))

    report(progress, 0.0, "tokenising the corpus")
    vocabulary: set[str] = set()
    docs = sentences = tokens = 0
    partial = target.with_suffix(".partial")
    try:  # a failed or stopped run (bad UTF-8, a stop, a full disk) leaves no .partial behind
        with open(partial, "w", encoding="utf-8") as out:
            for words in documents:
                docs += 1
                tokens += len(words)
                vocabulary.update(words)
                for start in range(0, len(words), CHUNK_TOKENS):
                    out.write(" ".join(words[start : start + CHUNK_TOKENS]) + "\n")
                    sentences += 1
                if docs % 50 == 0:
                    report(progress, min(0.95, docs / 500), f"tokenised {docs} documents")
        if tokens == 0:
            raise AnalysisError(f"{name} contains no words (after tokenisation: letters only).")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    _evict_old_corpora(keep=MAX_CACHED_CORPORA)
    stats_file.write_text(f"{docs} {sentences} {tokens} {len(vocabulary)}")
    report(progress, 1.0, "corpus ready")
    return CorpusStats(name, docs, sentences, tokens, len(vocabulary), str(target))


def _evict_old_corpora(keep: int) -> None:
    """Keep the ``keep`` most recently used tokenised corpora in the cache; delete older ones."""
    corpora = sorted(cache_dir().glob("corpus-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in corpora[keep:]:
        if old.name.startswith("corpus-default-"):
            continue  # the bundled corpus is the same for everyone; keep it
        old.unlink(missing_ok=True)
        old.with_suffix(".stats").unlink(missing_ok=True)


class _StreamedCorpus:
    """Re-iterable view of a tokenised cache file, one sentence per line, reporting progress."""

    def __init__(self, path: str, sentences: int, on_sentence=None, stopped=None):
        self.path, self.sentences, self.on_sentence = path, sentences, on_sentence
        self.stopped = stopped  # () -> bool: end the stream early (gensim then finishes the epoch)

    def __iter__(self) -> Iterator[list[str]]:
        with open(self.path, encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                if self.on_sentence is not None and i % 25 == 0:
                    self.on_sentence(i)
                if self.stopped is not None and self.stopped():
                    return
                yield line.split()


# --- training ---------------------------------------------------------------------------------------
def train_word2vec(
    source: str | Path = "default",
    config: TrainingConfig | None = None,
    progress: ProgressFn | None = None,
    evaluate: bool = True,
) -> TrainingResult:
    """Train word2vec on a corpus and return the embedding, the loss per epoch and its quality.

    Progress is reported per epoch and within epochs (by sentences streamed). Note that gensim
    calls the within-epoch progress from its producer thread. A progress callback raising
    ``StopRequested`` during training ends it early and returns what was trained (``stopped=True``,
    no analogy evaluation): raising inside gensim's producer thread would hang its workers, so the
    stop is noted there and the corpus stream ends, gensim finishes that epoch with what it got,
    and training ends after it.
    """
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec

    config = config or TrainingConfig()
    validate_config(config)
    corpus = prepare_corpus(source, config.lowercase, progress=subrange(progress, 0.0, 0.05))
    epochs = config.epochs
    state = {"epoch": 0, "stop": False, "done": 0.0}

    def within_epoch(sentence: int) -> None:
        if state["stop"]:
            return
        done = (state["epoch"] + min(1.0, sentence / corpus.sentences)) / epochs
        try:
            report(progress, 0.05 + 0.85 * done, f"epoch {state['epoch'] + 1}/{epochs}")
        except StopRequested:  # in gensim's producer thread: end the stream, never raise here
            state["stop"], state["done"] = True, done

    losses: list[float] = []

    class _EpochLogger(CallbackAny2Vec):
        def __init__(self) -> None:
            self.previous = 0.0

        def on_epoch_end(self, model) -> None:
            cumulative = model.get_latest_training_loss()  # running total within this train() call
            losses.append(float(cumulative - self.previous))
            self.previous = cumulative
            state["epoch"] += 1
            if state["stop"]:  # in the thread that called train(), after gensim's threads joined
                raise _StopTraining

    stream = _StreamedCorpus(corpus.path, corpus.sentences, within_epoch, stopped=lambda: state["stop"])
    started = time.perf_counter()
    report(progress, 0.05, "building the vocabulary")
    model = Word2Vec(
        vector_size=config.vector_size,
        window=config.window,
        min_count=config.min_count,
        negative=config.negative,
        sg=int(config.sg),
        seed=config.seed,
        workers=config.workers,
        sample=config.sample,
        alpha=config.alpha,
        min_alpha=config.min_alpha,
        max_vocab_size=config.max_vocab_size,
        compute_loss=True,
    )
    model.build_vocab(_StreamedCorpus(corpus.path, corpus.sentences))
    if len(model.wv) == 0:
        raise AnalysisError(f"No word occurs {config.min_count} times or more; lower min_count.")
    try:
        model.train(
            stream,
            total_examples=model.corpus_count,
            epochs=epochs,
            compute_loss=True,
            callbacks=[_EpochLogger()],
        )
    except _StopTraining:
        pass  # the vectors hold every epoch gensim finished, the last one on the sentences it got
    seconds = time.perf_counter() - started
    name = f"{config.label()} on {corpus.name.split(' (')[0]}"
    emb = Embeddings(model.wv.index_to_key, model.wv.vectors, name=name, source=f"trained: {config.label()} on {corpus.name}")
    if state["stop"]:
        notes = [f"stopped after {state['done']:.0%} of training"]
        return TrainingResult(emb, config, corpus, losses, seconds, None, notes, stopped=True, fraction_trained=state["done"])
    quality = None
    if evaluate:
        report(progress, 0.92, "evaluating on the Google analogy questions")
        quality = analogy_quality(emb)
    report(progress, 1.0, "done")
    return TrainingResult(emb, config, corpus, losses, seconds, quality)


class _StopTraining(Exception):
    """Ends ``Word2Vec.train`` from an epoch-end callback once a Stop was noted."""


def analogy_quality(emb: Embeddings) -> AnalogyQuality:
    """Accuracy on the Google analogy questions whose words are all in ``emb`` (3CosAdd).

    Uses the lab's evaluation (``analysis.evaluate``) when present: gensim's semantics, much faster.
    """
    try:
        from analysis.evaluate import evaluate_analogies
    except ImportError:  # pragma: no cover - the evaluation module ships with the lab
        evaluate_analogies = None
    if evaluate_analogies is not None:
        result = evaluate_analogies(emb, restrict_vocab=len(emb))
        covered, correct = int(result.total), int(result.correct)
        total = covered + int(result.skipped)
    else:
        from gensim.test.utils import datapath

        _, sections = emb.kv.evaluate_word_analogies(datapath("questions-words.txt"), restrict_vocab=len(emb))
        overall = sections[-1]
        correct, covered = len(overall["correct"]), len(overall["correct"]) + len(overall["incorrect"])
        total = 19_544
    return AnalogyQuality(correct / covered if covered else 0.0, correct, covered, total)


def validate_config(config: TrainingConfig) -> None:
    checks = {
        "vector_size": (config.vector_size, 1, 1000),
        "window": (config.window, 1, 50),
        "min_count": (config.min_count, 1, 10_000),
        "negative": (config.negative, 1, 50),
        "epochs": (config.epochs, 1, 200),
        "workers": (config.workers, 1, 64),
        "seed": (config.seed, 0, 2**32 - 1),  # gensim's range; checked before the corpus is read
    }
    for name, (value, low, high) in checks.items():
        if not low <= value <= high:
            raise AnalysisError(f"{name} must be between {low} and {high}, got {value}.")
    if not 0 <= config.sample < 1:
        raise AnalysisError(f"sample must be at least 0 and below 1, got {config.sample}.")
    if not 0 < config.min_alpha <= config.alpha <= 1:
        raise AnalysisError(f"alpha and min_alpha must satisfy 0 < min_alpha <= alpha <= 1, got {config.alpha} and {config.min_alpha}.")
    if config.max_vocab_size is not None and config.max_vocab_size < 1:
        raise AnalysisError(f"max_vocab_size must be at least 1, got {config.max_vocab_size}.")
