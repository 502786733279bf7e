"""Benchmark evaluation: the Google analogy test set and word-similarity judgements, exact and fast.

**Analogies** (``questions-words.txt``, Mikolov et al. 2013, shipped with gensim): each line
``a b c d`` asks ``a : b :: c : ?`` and counts as correct when the best answer is ``d``. The rules
are gensim's ``KeyedVectors.evaluate_word_analogies``, so the per-section counts are the same:

* only the ``restrict_vocab`` most frequent words (default 300,000) count; words are compared
  case-insensitively (upper-cased), each standing for its most frequent case variant;
* a question with a word outside that vocabulary is skipped (``skipped``), never counted wrong;
* the answer is the first of the five best candidates (the three inputs themselves removed) that is
  not a case variant of an input.

3CosAdd gives exactly gensim's numbers; 3CosMul applies the same rules with
``most_similar_cosmul`` scores (gensim accepts ``similarity_function`` but silently ignores it).

**Why it is fast.** gensim runs one full ``most_similar`` per question: 19,544 products with the
whole 300k × d matrix. Here the ~900 distinct question words are compared with the vocabulary once,
in chunks; questions sharing the pair ``(a, b)`` (only ~550 distinct pairs) share ``sim(b,w) −
sim(a,w)``; and per block of 32 words an upper bound ``max(sim(b,·) − sim(a,·)) + max(sim(c,·))``
rules out blocks that cannot beat the expected answer. Only the few blocks that survive are scored
word by word, and a question stops as soon as some word beats its expected answer. Scores within
1e-5 of the expected answer's are re-checked with gensim's own arithmetic, so float ties are decided
exactly as gensim decides them.

**Word similarity** (WordSim353, SimLex-999): Pearson and Spearman correlation between human
ratings and cosine similarity, with the share of pairs skipped as out-of-vocabulary — gensim's
``evaluate_word_pairs``, computed with the same float operations.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.evaluate import evaluate_analogies, evaluate_word_pairs
    >>> emb = load_embeddings()
    >>> ev = evaluate_analogies(emb, restrict_vocab=30_000)
    >>> ev.sections[0].name, ev.sections[0].total
    ('capital-common-countries', 506)
    >>> round(evaluate_word_pairs(emb, "wordsim353").spearman, 4)
    0.5033
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from scipy import stats
from scipy.linalg.blas import dnrm2

from analysis.analogy import AnalogyMethod, normalize_method, pool_size
from analysis.analogy_scan import Engine, count_correct, upper_vocabulary
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report

# Benchmarks shipped with gensim (gensim/test/test_data); nothing is downloaded.
ANALOGY_BENCHMARKS = {"google": "questions-words.txt"}
PAIR_BENCHMARKS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
BENCHMARK_TITLES = {
    "google": "Google analogy test set (Mikolov et al. 2013)",
    "wordsim353": "WordSim353 (Finkelstein et al. 2002)",
    "simlex999": "SimLex-999 (Hill, Reichart & Korhonen 2015)",
}
# Largest benchmark text accepted (uploads); the Google set is 0.6 MB.
MAX_BENCHMARK_BYTES = 20 * 2**20


def benchmark_path(name: str) -> str:
    """Path of a bundled benchmark (``google``, ``wordsim353``, ``simlex999``) or the given path."""
    from gensim.test.utils import datapath

    key = name.strip().lower()
    if key in ANALOGY_BENCHMARKS:
        return datapath(ANALOGY_BENCHMARKS[key])
    if key in PAIR_BENCHMARKS:
        return datapath(PAIR_BENCHMARKS[key])
    return name


def read_benchmark_text(path: str | Path) -> str:
    """A benchmark file as text (UTF-8), with a clear message for missing, huge or binary files."""
    from analysis.paths import PathRefused, regular_file

    p = Path(path).expanduser()
    if not p.exists():
        raise AnalysisError(f"Benchmark file not found: {path}. Use google, wordsim353, simlex999 or a path.")
    try:
        p = regular_file(p, "benchmark file")  # no folders, devices, FIFOs or /proc (reported as size 0)
    except PathRefused as exc:
        raise AnalysisError(str(exc)) from None
    if p.stat().st_size > MAX_BENCHMARK_BYTES:
        raise AnalysisError(f"{p.name} is {p.stat().st_size / 2**20:.0f} MB; benchmark files are limited to {MAX_BENCHMARK_BYTES // 2**20} MB.")
    return decode_benchmark(p.read_bytes(), p.name)


def decode_benchmark(data: bytes, name: str = "upload") -> str:
    """Uploaded bytes as text: UTF-8 only, size-limited, never executed or unpickled."""
    if len(data) > MAX_BENCHMARK_BYTES:
        raise AnalysisError(f"{name} is {len(data) / 2**20:.0f} MB; benchmark files are limited to {MAX_BENCHMARK_BYTES // 2**20} MB.")
    if b"\x00" in data[:4096]:
        raise AnalysisError(f"{name} looks like a binary file; expected a text file with one question or pair per line.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None


def benchmark_kind(benchmark: str, text: str | None = None) -> str:
    """``"analogy"`` or ``"pairs"``: by name, else by looking at the file's first data lines.

    Analogy files have ``: section`` headers or four words per line; pair files have two words and
    a number.
    """
    key = benchmark.strip().lower()
    if key in ANALOGY_BENCHMARKS:
        return "analogy"
    if key in PAIR_BENCHMARKS:
        return "pairs"
    if text is None:
        text = read_benchmark_text(benchmark)
    votes = {"analogy": 0, "pairs": 0}
    for line in text.splitlines()[:200]:
        if line.startswith(": "):
            votes["analogy"] += 5
            continue
        if not line.strip() or line.startswith("#"):
            continue
        fields = _split_pair_line(line, _detect_delimiter(text))
        if fields is not None and len(fields) == 3 and _is_number(fields[2]):
            votes["pairs"] += 1
        elif len(line.split()) == 4:
            votes["analogy"] += 1
    if not any(votes.values()):
        raise AnalysisError(
            "Could not recognise the file: expected analogy questions ('a b c d' per line, "
            "': section' headers) or word pairs ('word1<TAB>word2<TAB>score')."
        )
    return max(votes, key=votes.__getitem__)


# --- results --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SectionResult:
    """Counts for one ``: section`` of an analogy file."""

    name: str  # section name, e.g. "capital-common-countries" or "gram3-comparative"
    correct: int  # questions answered with the expected word
    total: int  # questions evaluated (all four words in the restricted vocabulary)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def syntactic(self) -> bool:
        """Google's syntactic sections are named ``gram…``; all others are semantic."""
        return self.name.lower().startswith("gram")


@dataclass(frozen=True)
class AnalogyEvaluation:
    """An analogy benchmark result; counts equal gensim's ``evaluate_word_analogies``."""

    accuracy: float  # correct / total over all sections (0 when nothing was evaluated)
    correct: int  # questions answered correctly
    total: int  # questions evaluated
    skipped: int  # questions skipped because a word is outside the restricted vocabulary
    sections: list[SectionResult]  # per section, in file order (empty sections included)
    seconds: float  # wall time of the evaluation
    semantic_correct: int  # over the non-"gram" sections
    semantic_total: int
    syntactic_correct: int  # over the "gram…" sections
    syntactic_total: int
    method: AnalogyMethod = "add"  # "add" (3CosAdd) or "mul" (3CosMul)
    restrict_vocab: int = 300_000  # candidate vocabulary actually used
    benchmark: str = "google"  # name or file name
    invalid_lines: int = 0  # lines that are neither a header nor four words (ignored, like gensim)
    tie_checks: int = 0  # questions re-checked with gensim's exact arithmetic (near ties)
    engine: Engine = "numpy"  # "numpy" (bounded blocks, CPU) or "torch" (GPU brute force)

    @property
    def semantic_accuracy(self) -> float:
        return self.semantic_correct / self.semantic_total if self.semantic_total else 0.0

    @property
    def syntactic_accuracy(self) -> float:
        return self.syntactic_correct / self.syntactic_total if self.syntactic_total else 0.0

    def as_json(self) -> dict:
        """The JSON shape of ``python -m analysis evaluate --json`` for analogy benchmarks."""
        return {
            "accuracy": self.accuracy,
            "correct": self.correct,
            "total": self.total,
            "skipped": self.skipped,
            "sections": [{"name": s.name, "correct": s.correct, "total": s.total} for s in self.sections],
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class PairEvaluation:
    """A word-similarity benchmark result; equals gensim's ``evaluate_word_pairs``."""

    pearson: float  # Pearson r between human scores and cosine similarities
    spearman: float  # Spearman ρ
    oov_ratio: float  # fraction (0–1) of pairs skipped as out-of-vocabulary; gensim reports it ×100
    pairs: int  # pairs evaluated
    oov: int = 0  # pairs skipped
    pearson_pvalue: float = float("nan")
    spearman_pvalue: float = float("nan")
    benchmark: str = "wordsim353"
    restrict_vocab: int = 300_000
    seconds: float = 0.0
    rows: list[tuple[str, str, float, float]] = field(default_factory=list)  # (word1, word2, human, cosine)

    def as_json(self) -> dict:
        """The JSON shape of ``python -m analysis evaluate --json`` for similarity benchmarks."""
        return {"pearson": self.pearson, "spearman": self.spearman, "oov_ratio": self.oov_ratio, "pairs": self.pairs}


# --- parsing --------------------------------------------------------------------------------------
@dataclass
class AnalogyQuestions:
    """A parsed analogy file: section names and questions (section index, a, b, c, expected)."""

    sections: list[str]
    questions: list[tuple[int, str, str, str, str]]
    invalid_lines: int = 0


def parse_analogy_questions(text: str) -> AnalogyQuestions:
    """Parse ``: section`` headers and ``a b c d`` lines the way gensim does.

    Lines with other than four words are ignored and counted; unlike gensim, questions before the
    first header are accepted (into a section called ``questions``) instead of failing the file.
    """
    sections: list[str] = []
    questions: list[tuple[int, str, str, str, str]] = []
    invalid = 0
    for line in text.splitlines():
        if line.startswith(": "):
            sections.append(line.lstrip(": ").strip())
            continue
        words = line.split()
        if len(words) != 4:
            invalid += bool(line.strip())
            continue
        if not sections:
            sections.append("questions")
        questions.append((len(sections) - 1, *words))  # type: ignore[arg-type]
    if not questions:
        raise AnalysisError("No analogy questions found: expected lines with four words 'a b c d' (a : b :: c : d).")
    return AnalogyQuestions(sections, questions, invalid)


# --- analogy evaluation ---------------------------------------------------------------------------
def evaluate_analogies(
    emb: Embeddings,
    path: str | None = None,
    *,
    method: str = "add",
    restrict_vocab: int = 300_000,
    progress: ProgressFn | None = None,
    text: str | None = None,
    device: str = "cpu",
    engine: Engine | Literal["auto"] = "auto",
) -> AnalogyEvaluation:
    """Evaluate an analogy benchmark: ``path`` is ``None``/``"google"`` or a file; ``text`` an upload.

    ``engine="auto"`` uses the bounded numpy search on the CPU and a torch brute force on a GPU
    (``device`` from ``analysis.device.pick_device()``); both give the same counts.

        >>> from analysis.embeddings import load_embeddings
        >>> ev = evaluate_analogies(load_embeddings(), restrict_vocab=10_000)
        >>> ev.total + ev.skipped
        19544
    """
    started = time.perf_counter()
    method = normalize_method(method)
    name = "google" if path is None else Path(path).name if Path(path).suffix else path
    if text is None:
        text = read_benchmark_text(benchmark_path(path or "google"))
    parsed = parse_analogy_questions(text)
    report(progress, 0.02, "reading the vocabulary")
    pool = pool_size(emb, restrict_vocab)
    if engine == "auto":
        engine = "numpy" if str(device).startswith("cpu") else "torch"
    if engine not in ("numpy", "torch"):
        raise AnalysisError(f"Unknown engine '{engine}': use numpy or torch.")

    section, correct, ties = count_correct(emb, parsed, pool, method, engine=engine, device=device, progress=progress)
    report(progress, 1.0, "done")

    per_correct = np.bincount(section[correct], minlength=len(parsed.sections))
    per_total = np.bincount(section, minlength=len(parsed.sections))
    sections = [SectionResult(n, int(c), int(t)) for n, c, t in zip(parsed.sections, per_correct, per_total)]
    syntactic = [s for s in sections if s.syntactic]
    semantic = [s for s in sections if not s.syntactic]
    total = int(per_total.sum())
    n_correct = int(per_correct.sum())
    return AnalogyEvaluation(
        accuracy=n_correct / total if total else 0.0,
        correct=n_correct,
        total=total,
        skipped=len(parsed.questions) - total,
        sections=sections,
        seconds=time.perf_counter() - started,
        semantic_correct=sum(s.correct for s in semantic),
        semantic_total=sum(s.total for s in semantic),
        syntactic_correct=sum(s.correct for s in syntactic),
        syntactic_total=sum(s.total for s in syntactic),
        method=method,
        restrict_vocab=pool,
        benchmark=name,
        invalid_lines=parsed.invalid_lines,
        tie_checks=ties,
        engine=engine,
    )


# --- word pairs -----------------------------------------------------------------------------------
def _detect_delimiter(text: str) -> str | None:
    data = [line for line in text.splitlines()[:200] if line.strip() and not line.startswith("#")]
    if data and sum("\t" in line for line in data) >= len(data) / 2:
        return "\t"
    if data and sum("," in line for line in data) >= len(data) / 2:
        return ","
    return None  # any whitespace


def _split_pair_line(line: str, delimiter: str | None) -> list[str] | None:
    return line.split(delimiter) if delimiter is not None else line.split()


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def evaluate_word_pairs(
    emb: Embeddings,
    benchmark: str = "wordsim353",
    *,
    restrict_vocab: int = 300_000,
    text: str | None = None,
    delimiter: str | None = "auto",
) -> PairEvaluation:
    """Correlate cosine similarity with human ratings (``wordsim353``, ``simlex999`` or a file).

    Lines starting with ``#`` are comments; other lines are ``word1 word2 score`` separated by tabs
    (the bundled files), commas or spaces (``delimiter="auto"`` picks one). Pairs with a word outside
    the ``restrict_vocab`` most frequent words are skipped and counted in ``oov_ratio``.

        >>> from analysis.embeddings import load_embeddings
        >>> ev = evaluate_word_pairs(load_embeddings(), "simlex999")
        >>> ev.pairs, round(ev.spearman, 4)
        (998, 0.2631)
    """
    started = time.perf_counter()
    key = benchmark.strip().lower()
    if text is None:
        text = read_benchmark_text(benchmark_path(benchmark))
    name = key if key in PAIR_BENCHMARKS else Path(benchmark).name
    if delimiter == "auto":
        delimiter = "\t" if key in PAIR_BENCHMARKS else _detect_delimiter(text)
    pool = pool_size(emb, restrict_vocab)
    parsed: list[tuple[str, str, float]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = _split_pair_line(line, delimiter)
        if fields is None or len(fields) != 3:
            continue
        try:
            score = float(fields[2])
        except ValueError:
            continue
        parsed.append((fields[0].strip(), fields[1].strip(), score))
    needed = {w.upper() for a, b, _ in parsed for w in (a, b)}
    first, _, _ = upper_vocabulary(emb, pool, needed)
    gold: list[float] = []
    model: list[float] = []
    rows: list[tuple[str, str, float, float]] = []
    oov = 0
    vectors = emb.vectors
    for a, b, score in parsed:
        ra, rb = first.get(a.upper()), first.get(b.upper())
        if ra is None or rb is None:
            oov += 1
            continue
        similarity = float(np.dot(_gensim_unitvec(vectors[ra]), _gensim_unitvec(vectors[rb])))
        gold.append(score)
        model.append(similarity)
        rows.append((a, b, score, similarity))
    if len(gold) < 3:
        raise AnalysisError(
            f"Only {len(gold)} word pairs are usable ({oov} out of vocabulary); a correlation needs at least 3. "
            "Expected lines 'word1<TAB>word2<TAB>score'."
        )
    pearson = stats.pearsonr(gold, model)
    spearman = stats.spearmanr(gold, model)
    return PairEvaluation(
        pearson=float(pearson[0]),
        spearman=float(spearman[0]),
        oov_ratio=oov / (len(gold) + oov),
        pairs=len(gold),
        oov=oov,
        pearson_pvalue=float(pearson[1]),
        spearman_pvalue=float(spearman[1]),
        benchmark=name,
        restrict_vocab=pool,
        seconds=time.perf_counter() - started,
        rows=rows,
    )


def _gensim_unitvec(vector: np.ndarray) -> np.ndarray:
    """gensim's ``matutils.unitvec``: BLAS norm in float64, scaled in float64, back to float32."""
    length = dnrm2(vector)
    if length <= 0.0:
        return vector
    return (vector.astype(np.float64) * (1.0 / length)).astype(vector.dtype)


# --- one entry point for the CLI and the page ------------------------------------------------------
def evaluate(
    emb: Embeddings,
    benchmark: str = "google",
    *,
    method: str = "add",
    restrict_vocab: int = 300_000,
    progress: ProgressFn | None = None,
    text: str | None = None,
    device: str = "cpu",
) -> AnalogyEvaluation | PairEvaluation:
    """Run ``benchmark`` (google, wordsim353, simlex999, a path, or uploaded ``text``) of either kind."""
    if text is None and benchmark.strip().lower() not in ANALOGY_BENCHMARKS and benchmark.strip().lower() not in PAIR_BENCHMARKS:
        text = read_benchmark_text(benchmark)
    kind = benchmark_kind(benchmark, text)
    if kind == "analogy":
        path = None if benchmark.strip().lower() == "google" else benchmark
        return evaluate_analogies(emb, path, method=method, restrict_vocab=restrict_vocab, progress=progress, text=text, device=device)
    result = evaluate_word_pairs(emb, benchmark, restrict_vocab=restrict_vocab, text=text)
    report(progress, 1.0, "done")
    return result
