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

import contextlib
import math
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats
from scipy.linalg.blas import dnrm2

from analysis.analogy import COSMUL_EPSILON, gensim_unit, normalize_method, pool_size
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
# Scores this close (relative) to the expected answer's are re-checked with gensim's arithmetic.
TIE_TOLERANCE = 1e-5
# Blocks whose upper bound falls this far (relative) below the expected score are skipped; it covers
# float32 rounding of the bound, which is summed from separately rounded similarities.
_PRUNE_MARGIN = 1e-4
_BLOCK = 32  # words per bounded block
_GROUP = 16  # blocks per group in the coarse first level of the bound
_CHUNK_BYTES = 8 * 2**20  # similarity chunk per pass: small enough to stay in cache (measured: 8 MB 0.55 s, 48 MB 0.90 s)
_GATHER_FLOATS = 4 * 2**20  # scores materialised at once in the exact pass


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
    method: str = "add"  # "add" (3CosAdd) or "mul" (3CosMul)
    restrict_vocab: int = 300_000  # candidate vocabulary actually used
    benchmark: str = "google"  # name or file name
    invalid_lines: int = 0  # lines that are neither a header nor four words (ignored, like gensim)
    tie_checks: int = 0  # questions re-checked with gensim's exact arithmetic (near ties)
    engine: str = "numpy"  # "numpy" (bounded blocks, CPU) or "torch" (GPU brute force)

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
    engine: str = "auto",
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

    question_words = _upper_all([w for q in parsed.questions for w in q[1:]])  # a, b, c, d of each question
    first, groups, uppers = _vocabulary(emb, pool, set(question_words))
    enc = _encode(parsed, question_words, first, groups)
    correct = np.zeros(len(enc.section), dtype=bool)
    ties = 0
    if len(enc.section):
        outcome, theta, needs_scan, unsure = _without_competitors(emb, enc, method, uppers)
        correct[:] = outcome
        scan = np.flatnonzero(needs_scan & ~unsure)
        if pool < 64:  # tiny vocabularies: ask the reference for everything
            unsure[:] = True
            scan = scan[:0]
        if len(scan):
            scan_args = (emb, pool, enc.a[scan], enc.b[scan], enc.c[scan], theta[scan], enc.special[scan], method)
            report(progress, 0.05, f"scoring {len(scan):,} questions against {pool:,} words")
            sub = _subprogress(progress, 0.05, 0.95)
            if engine == "numpy":
                beaten, near = _scan_bounded(*scan_args, progress=sub)
            else:
                beaten, near = _scan_torch(*scan_args, device=device, progress=sub)
            correct[scan] = ~beaten & ~near
            unsure[scan[near & ~beaten]] = True
        for i in np.flatnonzero(unsure):
            correct[i] = _reference_correct(emb, pool, enc, int(i), method)
        ties = int(np.count_nonzero(unsure))
    report(progress, 1.0, "done")

    per_correct = np.bincount(enc.section[correct], minlength=len(parsed.sections))
    per_total = np.bincount(enc.section, minlength=len(parsed.sections))
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


def _subprogress(progress: ProgressFn | None, lo: float, hi: float) -> ProgressFn | None:
    if progress is None:
        return None
    return lambda fraction, message="": progress(lo + (hi - lo) * fraction, message)


def _vocabulary(emb: Embeddings, pool: int, needed: set[str]):
    """gensim's case-insensitive vocabulary: upper-cased word → first (most frequent) row.

    Also every row of each needed upper-cased word (its case variants) and the upper-case form of
    those rows, which the answer rule needs in cased embeddings (``Paris``/``paris``/``PARIS``).
    """
    first: dict[str, int] = {}
    groups: dict[str, list[int]] = {}
    uppers: dict[int, str] = {}
    vocabulary = _upper_all(emb.words[:pool])
    for row in [i for i, upper in enumerate(vocabulary) if upper in needed]:
        upper = vocabulary[row]
        first.setdefault(upper, row)
        groups.setdefault(upper, []).append(row)
        uppers[row] = upper
    return first, groups, uppers


def _upper_all(words: list[str]) -> list[str]:
    """``[w.upper() for w in words]`` at C speed: one join, one ``upper``, one split."""
    upper = "\n".join(words).upper().split("\n")
    return upper if len(upper) == len(words) else [w.upper() for w in words]  # a word with a newline


@dataclass
class _Encoded:
    section: np.ndarray  # section index per evaluated question
    a: np.ndarray  # first rows of a, b, c (what gensim feeds most_similar)
    b: np.ndarray
    c: np.ndarray
    expected: list[str]  # upper-cased expected word
    inputs: list[tuple[str, str, str]]  # upper-cased a, b, c
    special: np.ndarray  # rows never scored as competitors: all case variants of a, b, c, d (−1 pads)
    simple: np.ndarray  # True when each word has one row and d is not an input (the common case)
    d: np.ndarray  # first row of d


def _encode(parsed: AnalogyQuestions, question_words: list[str], first: dict[str, int], groups: dict[str, list[int]]) -> _Encoded:
    # Number every distinct upper-cased word once; then the questions are integer arrays.
    ids: dict[str, int] = {}
    table = np.array([ids.setdefault(w, len(ids)) for w in question_words], dtype=np.int64).reshape(-1, 4)
    names = list(ids)
    first_row = np.array([first.get(u, -1) for u in names], dtype=np.int64)
    variants = np.array([len(groups.get(u, ())) for u in names], dtype=np.int64)
    known = np.all(first_row[table] >= 0, axis=1)
    table = table[known]
    section = np.array([q[0] for q in parsed.questions], dtype=np.int64)[known]
    rows = first_row[table]
    a_id, b_id, c_id, d_id = table.T
    simple = np.all(variants[table] == 1, axis=1) & (d_id != a_id) & (d_id != b_id) & (d_id != c_id)
    special_lists = {int(i): sorted({r for j in table[i] for r in groups[names[j]]}) for i in np.flatnonzero(~simple)}
    width = max([4] + [len(v) for v in special_lists.values()])
    special = np.full((len(table), width), -1, dtype=np.int64)
    special[:, :4] = rows
    for i, lst in special_lists.items():
        special[i] = -1
        special[i, : len(lst)] = lst
    return _Encoded(
        section=section,
        a=rows[:, 0],
        b=rows[:, 1],
        c=rows[:, 2],
        expected=[names[j] for j in d_id],
        inputs=[(names[x], names[y], names[z]) for x, y, z in zip(a_id, b_id, c_id)],
        special=special,
        simple=simple,
        d=rows[:, 3],
    )


def _scores_of_rows(unit: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray, rows: np.ndarray, method: str) -> np.ndarray:
    """Scores (float64) of given rows for questions (a, b, c), in the units the scan compares.

    3CosAdd: ``sim(b,w) + sim(c,w) − sim(a,w)`` (the cosine to the normalised mean, times its
    constant length, so the order is gensim's); 3CosMul: gensim's shifted product.
    """
    w = unit[rows].astype(np.float64)
    sa = np.einsum("ij,ij->i", unit[a].astype(np.float64), w)
    sb = np.einsum("ij,ij->i", unit[b].astype(np.float64), w)
    sc = np.einsum("ij,ij->i", unit[c].astype(np.float64), w)
    if method == "add":
        return sb + sc - sa
    return ((1 + sb) / 2) * ((1 + sc) / 2) / ((1 + sa) / 2 + COSMUL_EPSILON)


def _tolerance(theta: np.ndarray, scale: float) -> np.ndarray:
    return scale * np.maximum(1.0, np.abs(theta))


def _without_competitors(emb: Embeddings, enc: _Encoded, method: str, uppers: dict[int, str]):
    """Decide each question as if no ordinary word competed, following gensim's answer rule.

    Returns (correct, theta, needs_scan, unsure): a question can only stay correct if no word outside
    its special rows scores ``theta`` or more, which the scan then checks. ``unsure`` marks near ties
    among the special rows, settled later with gensim's exact arithmetic.
    """
    n = len(enc.section)
    unit = emb.unit
    correct = np.zeros(n, dtype=bool)
    needs_scan = np.zeros(n, dtype=bool)
    unsure = np.zeros(n, dtype=bool)
    theta = np.full(n, np.inf)
    simple = np.flatnonzero(enc.simple)
    theta[simple] = _scores_of_rows(unit, enc.a[simple], enc.b[simple], enc.c[simple], enc.d[simple], method)
    correct[simple] = True
    needs_scan[simple] = True
    for i in np.flatnonzero(~enc.simple):
        excluded = {int(enc.a[i]), int(enc.b[i]), int(enc.c[i])}
        rows = np.array([r for r in enc.special[i] if r >= 0 and r not in excluded], dtype=np.int64)
        ignore = set(enc.inputs[i])
        if len(rows) == 0:
            continue  # the best ordinary word is the answer: wrong
        k = len(rows)
        scores = _scores_of_rows(unit, np.repeat(enc.a[i], k), np.repeat(enc.b[i], k), np.repeat(enc.c[i], k), rows, method)
        order = np.lexsort((rows, -scores))
        ranked, ranked_scores = rows[order][:5], scores[order][:5]
        gaps = np.abs(np.diff(ranked_scores))
        if np.any(gaps <= _tolerance(ranked_scores[1:], TIE_TOLERANCE)):
            unsure[i] = True
            continue
        stop = None
        for pos, row in enumerate(ranked):
            if uppers[int(row)] not in ignore:
                stop = pos
                break
        if stop is None and len(ranked) == 5:
            stop = 4  # gensim keeps the fifth candidate as its prediction
        if stop is None:
            continue
        if uppers[int(ranked[stop])] == enc.expected[i]:
            correct[i] = True
            needs_scan[i] = True
            theta[i] = ranked_scores[stop]
    return correct, theta, needs_scan, unsure


def _scan_bounded(emb, pool, a, b, c, theta, special, method, *, progress=None, block: int = _BLOCK):
    """For each question: does some ordinary word reach its expected score ``theta``?

    Returns (beaten, near): beaten = a word scores at least ``theta`` (plus tolerance); near = the best
    ordinary word is within the tolerance (a possible float tie, re-checked exactly by the caller).
    """
    n = len(theta)
    unit = emb.unit
    beaten = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    words, inverse = np.unique(np.concatenate([a, b, c]), return_inverse=True)
    pa, pb, pc = inverse.reshape(3, n)
    nw = len(words)
    # Share work between questions with the same (a, b) pair — or (a, c), whichever is rarer; the
    # methods are symmetric in b and c.
    if len(np.unique(pa * nw + pc)) < len(np.unique(pa * nw + pb)):
        pb, pc = pc, pb
    pairs, pair_of = np.unique(pa * nw + pb, return_inverse=True)
    pair_a, pair_b = pairs // nw, pairs % nw
    n_pairs = len(pairs)
    word_vectors = np.ascontiguousarray(unit[words])
    pair_vectors = np.ascontiguousarray(word_vectors[pair_b] - word_vectors[pair_a])  # b − a per pair (3CosAdd)
    tol = _tolerance(theta, TIE_TOLERANCE)
    cut = theta - _tolerance(theta, _PRUNE_MARGIN)
    width = max(block * 8, (_CHUNK_BYTES // (4 * (nw + n_pairs))) // block * block)
    width = min(width, -(-pool // block) * block)
    # Buffers reused by every chunk: similarities of the question words (the single term) and the
    # pair terms sim(b,·) − sim(a,·) (3CosAdd) or shifted ratios (3CosMul). Block j of a chunk holds
    # the words at offsets j, j + nb, j + 2·nb, …, so its maximum is an element-wise maximum of
    # ``block`` contiguous slices — much faster than reducing 32 neighbouring columns.
    slot_offsets = np.arange(block)

    def chunk_best(start: int, active: np.ndarray, buffers: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        """Best ordinary-word score in columns [start, start + width) for each active question."""
        single, paired, scratch = buffers
        stop = min(pool, start + width)
        cols = stop - start
        nb = -(-cols // block)
        span = nb * block
        if cols == width:
            np.matmul(word_vectors, unit[start:stop].T, out=single)
            single_c = single
        else:  # the last, shorter chunk: its own contiguous arrays, zero-padded (masked below)
            single_c = np.zeros((nw, span), dtype=np.float32)
            single_c[:, :cols] = word_vectors @ unit[start:stop].T
        paired_c = paired if span == width else np.empty((n_pairs, span), dtype=np.float32)
        scratch_c = scratch if span == width else np.empty((n_pairs, span), dtype=np.float32)
        if method == "mul":
            single_c += 1
            single_c /= 2  # (1 + cos) / 2, as in gensim
        if method == "add":
            # sim(b,w) − sim(a,w) as one product with (b − a): cheaper than gathering two rows per
            # pair and subtracting; the rounding differs by ~1e-7, far inside the tie tolerance.
            if cols == width:
                np.matmul(pair_vectors, unit[start:stop].T, out=paired_c)
            else:
                paired_c[:, :cols] = pair_vectors @ unit[start:stop].T
                paired_c[:, cols:] = 0.0
        else:
            np.take(single_c, pair_b, axis=0, out=paired_c)
            np.take(single_c, pair_a, axis=0, out=scratch_c)
            scratch_c += np.float32(COSMUL_EPSILON)
            np.divide(paired_c, scratch_c, out=paired_c)
        # Surviving (question, block) pairs: the bound reaches the expected answer's score. Two
        # levels: first groups of _GROUP blocks, then the blocks of the groups that survive — most
        # groups of rarer words fall below every bound, so few questions reach the block level.
        single_max, single_group = _group_max(_block_max(single_c, block, nb), _GROUP)
        paired_max, paired_group = _group_max(_block_max(paired_c, block, nb), _GROUP)
        padded = single_max.shape[1]  # nb rounded up to whole groups (the padding is −inf)
        single_flat, paired_flat = single_max.reshape(-1), paired_max.reshape(-1)
        members = np.arange(_GROUP)
        q_parts, b_parts = [], []
        q_batch = max(1, (_GATHER_FLOATS * 2) // single_group.shape[1])
        for q0 in range(0, len(active), q_batch):
            sel = active[q0 : q0 + q_batch]
            bound = np.take(paired_group, pair_of[sel], axis=0)
            if method == "add":
                bound += np.take(single_group, pc[sel], axis=0)
            else:
                bound *= np.take(single_group, pc[sel], axis=0)
            gq, gg = np.divmod(np.flatnonzero(bound >= cut[sel, None]), single_group.shape[1])
            if len(gq) == 0:
                continue
            question = sel[gq]
            blocks = (gg * _GROUP)[:, None] + members[None, :]
            fine = np.take(paired_flat, (pair_of[question] * padded)[:, None] + blocks)
            if method == "add":
                fine += np.take(single_flat, (pc[question] * padded)[:, None] + blocks)
            else:
                fine *= np.take(single_flat, (pc[question] * padded)[:, None] + blocks)
            r, m = np.nonzero((fine >= cut[question, None]) & (blocks < nb))  # never the −inf padding
            q_parts.append(gq[r] + q0)
            b_parts.append(blocks[r, m])
        qs = np.concatenate(q_parts) if q_parts else np.zeros(0, dtype=np.int64)
        bs = np.concatenate(b_parts) if b_parts else np.zeros(0, dtype=np.int64)
        best = np.full(len(active), -np.inf)
        if len(qs):
            # Many survivors (the most frequent words are close to everything): copy the blocks
            # into contiguous rows once, so that each survivor is one row gather, not 32 scattered.
            contiguous = len(qs) * block > 0.05 * (nw + n_pairs) * span
            single_src = _block_rows(single_c, block, nb) if contiguous else single_c.reshape(-1)
            paired_src = _block_rows(paired_c, block, nb) if contiguous else paired_c.reshape(-1)
            step = max(1, _GATHER_FLOATS // block)
            for p0 in range(0, len(qs), step):
                q, blk = qs[p0 : p0 + step], bs[p0 : p0 + step]
                question = active[q]
                if contiguous:
                    values = np.take(paired_src, pair_of[question] * nb + blk, axis=0)
                    right = np.take(single_src, pc[question] * nb + blk, axis=0)
                else:
                    cells = (slot_offsets * nb)[None, :] + blk[:, None]
                    values = np.take(paired_src, (pair_of[question] * span)[:, None] + cells)
                    right = np.take(single_src, (pc[question] * span)[:, None] + cells)
                if method == "add":
                    values += right
                else:
                    values *= right
                if span > cols:  # padding after the last word: slot s of block j is column s·nb + j
                    pad_r, pad_c = np.nonzero(slot_offsets[None, :] * nb + blk[:, None] >= cols)
                    values[pad_r, pad_c] = -np.inf
                rel = special[question] - start
                hit_r, hit_c = np.nonzero((rel >= 0) & (rel < cols) & (rel % nb == blk[:, None]))
                values[hit_r, rel[hit_r, hit_c] // nb] = -np.inf
                top = values.max(axis=1)
                heads = np.concatenate([[0], np.flatnonzero(np.diff(q)) + 1])
                where = q[heads]
                best[where] = np.maximum(best[where], np.maximum.reduceat(top, heads))
        return best

    # Two chunks at a time in two threads: numpy releases the GIL in the element-wise work (bounds,
    # gathers, maxima), which is most of the time; each thread has its own buffers.
    workers = 2 if (os.cpu_count() or 1) > 1 and pool > 2 * width else 1
    buffers = [
        (np.zeros((nw, width), dtype=np.float32), np.empty((n_pairs, width), dtype=np.float32), np.empty((n_pairs, width), dtype=np.float32))
        for _ in range(workers)
    ]
    starts = list(range(0, pool, width))
    # The first chunk (the most frequent words) alone: it settles most wrong answers, so the later
    # chunks, taken two at a time, only see the questions still open.
    groups = [starts[:1]] + [starts[i : i + workers] for i in range(1, len(starts), workers)]
    active = np.arange(n)
    # One BLAS thread per worker: two workers on top of a two-thread BLAS oversubscribe the cores.
    from threadpoolctl import threadpool_limits

    limits = threadpool_limits(1) if workers > 1 else contextlib.nullcontext()
    with limits, ThreadPoolExecutor(max_workers=workers) as executor:
        for group in groups:
            if len(active) == 0:
                break
            results = list(executor.map(chunk_best, group, [active] * len(group), buffers[: len(group)]))
            best = np.maximum.reduce(results) if len(results) > 1 else results[0]
            stop = min(pool, group[-1] + width)
            th = theta[active]
            won = best >= th + tol[active]
            close = ~won & (best > th - tol[active])
            beaten[active[won]] = True
            near[active[close]] = True
            active = active[~won]
            report(progress, stop / pool, f"{stop:,} of {pool:,} words")
    return beaten, near


def _group_max(block_max: np.ndarray, group: int) -> tuple[np.ndarray, np.ndarray]:
    """Block maxima padded with −inf to whole groups, and the maximum of each group of ``group`` blocks."""
    rows, nb = block_max.shape
    groups = -(-nb // group)
    padded = np.full((rows, groups * group), -np.inf, dtype=block_max.dtype)
    padded[:, :nb] = block_max
    return padded, padded.reshape(rows, groups, group).max(axis=2)


def _block_rows(values: np.ndarray, block: int, nb: int) -> np.ndarray:
    """The blocks as contiguous rows: row ``r·nb + j`` holds block j of row r (slot order kept)."""
    rows = values.shape[0]
    return np.ascontiguousarray(values.reshape(rows, block, nb).transpose(0, 2, 1)).reshape(rows * nb, block)


def _block_max(values: np.ndarray, block: int, nb: int) -> np.ndarray:
    """Per row, the maximum of each block j = columns {j, j + nb, …} (``block`` members each)."""
    slabs = values.reshape(values.shape[0], block, nb)
    out = slabs[:, 0, :].copy()
    for s in range(1, block):
        np.maximum(out, slabs[:, s, :], out=out)
    return out


def _scan_torch(emb, pool, a, b, c, theta, special, method, *, device: str, progress=None):
    """The same decision as ``_scan_bounded`` by brute force with torch (fast on a GPU)."""
    import torch

    from analysis.analogy import device_unit_matrix

    unit = device_unit_matrix(emb, device)
    n = len(theta)
    beaten = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    at = lambda x: torch.from_numpy(np.ascontiguousarray(x)).to(device)  # noqa: E731
    a_t, b_t, c_t = at(a), at(b), at(c)
    # float32 is exact enough for comparisons at a 1e-5 tolerance, and MPS has no float64.
    theta_t = at(theta.astype(np.float32))
    tol_t = at(_tolerance(theta, TIE_TOLERANCE).astype(np.float32))
    special_t = at(special)
    q_batch = 4096
    width = max(1024, min(pool, (64 * 2**20) // (4 * q_batch * (3 if method == "mul" else 1))))
    active = torch.arange(n, device=device)
    for start in range(0, pool, width):
        if len(active) == 0:
            break
        stop = min(pool, start + width)
        chunk = unit[start:stop]
        best = torch.full((len(active),), -float("inf"), dtype=torch.float32, device=device)
        for q0 in range(0, len(active), q_batch):
            sel = active[q0 : q0 + q_batch]
            if method == "add":
                query = unit[b_t[sel]] + unit[c_t[sel]] - unit[a_t[sel]]
                scores = query @ chunk.T
            else:
                sa, sb, sc = ((unit[x[sel]] @ chunk.T + 1) / 2 for x in (a_t, b_t, c_t))
                scores = sb * sc / (sa + COSMUL_EPSILON)
            rel = special_t[sel] - start
            hit_r, hit_c = torch.nonzero((rel >= 0) & (rel < stop - start) & (special_t[sel] >= 0), as_tuple=True)
            scores[hit_r, rel[hit_r, hit_c]] = -float("inf")
            best[q0 : q0 + len(sel)] = scores.amax(dim=1)
        th = theta_t[active]
        won = best >= th + tol_t[active]
        close = ~won & (best > th - tol_t[active])
        beaten[active[won].cpu().numpy()] = True
        near[active[close].cpu().numpy()] = True
        active = active[~won]
        report(progress, stop / pool, f"{stop:,} of {pool:,} words")
    return beaten, near


def _reference_correct(emb: Embeddings, pool: int, enc: _Encoded, i: int, method: str) -> bool:
    """One question decided with gensim's exact arithmetic and answer rule (used for near ties)."""
    a, b, c = int(enc.a[i]), int(enc.b[i]), int(enc.c[i])
    if method == "add":
        ranked = [word for word, _ in emb.kv.most_similar(positive=[b, c], negative=[a], topn=5, restrict_vocab=pool)]
    else:
        ranked = _cosmul_top5(emb, pool, a, b, c)
    ignore = set(enc.inputs[i])
    predicted = None
    for word in ranked:
        predicted = word.upper()
        if predicted not in ignore:
            break
    return predicted == enc.expected[i]


def _cosmul_top5(emb: Embeddings, pool: int, a: int, b: int, c: int) -> list[str]:
    """gensim's ``most_similar_cosmul(positive=[b, c], negative=[a], topn=5)`` over the first ``pool`` words."""
    from gensim import matutils

    vectors, norms = emb.vectors[:pool], emb.norms[:pool]
    pos = [((1 + np.dot(vectors, gensim_unit(emb, r)) / norms) / 2) for r in (b, c)]
    neg = [((1 + np.dot(vectors, gensim_unit(emb, a)) / norms) / 2)]
    dists = np.prod(pos, axis=0) / (np.prod(neg, axis=0) + COSMUL_EPSILON)
    inputs = {a, b, c}
    best = matutils.argsort(dists, topn=5 + len(inputs), reverse=True)
    return [emb.words[int(r)] for r in best if int(r) not in inputs][:5]


# --- word pairs -----------------------------------------------------------------------------------
def _detect_delimiter(text: str) -> str | None:
    data = [l for l in text.splitlines()[:200] if l.strip() and not l.startswith("#")]
    if data and sum("\t" in l for l in data) >= len(data) / 2:
        return "\t"
    if data and sum("," in l for l in data) >= len(data) / 2:
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
    first, _, _ = _vocabulary(emb, pool, needed)
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
