"""Word analogies by vector arithmetic: 3CosAdd and 3CosMul, one query or thousands at once.

``king − man + woman ≈ ?`` is answered the way gensim answers it, so the numbers here equal
``KeyedVectors.most_similar`` (3CosAdd) and ``most_similar_cosmul`` (3CosMul) to the last float:

* **3CosAdd** (Mikolov et al. 2013): unit-normalise every input word, average them with weight +1
  (positive) or −1 (negative), normalise the mean and rank every word by cosine similarity to it.
* **3CosMul** (Levy & Goldberg 2014, eq. 4): rank words by ``Π pos (1+cos)/2 / (Π neg (1+cos)/2 + ε)``
  with cosines shifted to [0, 1] (their footnote 7). ``ε = COSMUL_EPSILON = 1e-6`` as in gensim; the
  paper used 0.001. Unlike gensim's ``most_similar_cosmul`` (which ignores ``restrict_vocab``),
  the vocabulary restriction is honoured for both methods.

Input-word exclusion is an explicit option. By default the query words are removed from the answers
(the convention of the literature and of gensim); with ``exclude_inputs=False`` you see what the
embedding really returns — Nissim, van Noord & van der Goot (2020, "Fair is better than
sensational") showed that many famous (bias) analogies only appear because the inputs are excluded.

Scores are computed in blocks through matrix products (numpy on the CPU, torch on a GPU; the caller
passes ``device``, normally ``analysis.device.pick_device()``), so memory stays bounded even for a
3M × 300 embedding. The best candidates are then re-scored with gensim's exact arithmetic
(``vectors·mean / norms``), which makes order and scores identical to gensim's.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.analogy import analogy
    >>> emb = load_embeddings()
    >>> result = analogy(emb, ["king", "woman"], ["man"], topn=3)
    >>> [n.word for n in result.results]
    ['queen', 'throne', 'prince']
    >>> analogy(emb, ["king", "womn"], ["man"]).missing
    ['womn']
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Sequence

import numpy as np
from scipy.linalg.blas import dnrm2

from analysis.budget import check_words
from analysis.embeddings import Embeddings, Neighbor
from analysis.errors import AnalysisError, UnknownWordsError
from analysis.presets import PRESETS_DIR, AnalogyPreset, analogy_presets

# ε in the 3CosMul denominator, as in gensim's most_similar_cosmul (Levy & Goldberg used 0.001).
COSMUL_EPSILON = 1e-6
# The two rankers by their canonical names; public functions also accept "3CosAdd", "cosmul", ….
AnalogyMethod = Literal["add", "mul"]
METHOD_NAMES: dict[AnalogyMethod, str] = {"add": "3CosAdd", "mul": "3CosMul"}
_METHOD_ALIASES: dict[str, AnalogyMethod] = {"add": "add", "3cosadd": "add", "cosadd": "add", "mul": "mul", "3cosmul": "mul", "cosmul": "mul"}
# Candidates kept beyond top-n before the exact re-scoring: float32 rounding in the block products
# may swap near-equal words at the boundary, and a generous margin makes that harmless.
_RESCORE_MARGIN = 16
# Largest score block (bytes) held at once; bounds memory for any vocabulary size.
_BLOCK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class AnalogyQuery:
    """One query: words added and words subtracted (``king − man + woman``: (king, woman), (man,))."""

    positive: tuple[str, ...]  # words with weight +1 (3CosAdd) / in the numerator (3CosMul)
    negative: tuple[str, ...] = ()  # words with weight −1 / in the denominator

    @classmethod
    def from_abc(cls, a: str, b: str, c: str) -> "AnalogyQuery":
        """``a : b :: c : ?`` is ``b − a + c`` (man : king :: woman : ? → king − man + woman)."""
        return cls((b, c), (a,))


@dataclass
class AnalogyResult:
    """The answer to one query, with what was (or could not be) looked up."""

    positive: list[str]  # positive words as given
    negative: list[str]  # negative words as given
    results: list[Neighbor]  # best answers, best first (empty when words are missing)
    missing: list[str] = field(default_factory=list)  # query words not in the vocabulary
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # near spellings per missing word
    method: AnalogyMethod = "add"  # "add" (3CosAdd) or "mul" (3CosMul)
    exclude_inputs: bool = True  # whether the query words were removed from the answers
    restrict_vocab: int | None = None  # answers came from this many most frequent words (None: all)
    resolved_positive: list[str] = field(default_factory=list)  # vocabulary spellings actually used
    resolved_negative: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def top(self) -> Neighbor | None:
        return self.results[0] if self.results else None

    @property
    def inputs(self) -> list[str]:
        return self.resolved_positive + self.resolved_negative

    def raise_for_missing(self) -> None:
        """Raise ``UnknownWordsError`` (with suggestions) when some query word was unknown."""
        if self.missing:
            raise UnknownWordsError(self.missing, self.suggestions)

    def as_dict(self) -> dict:
        """The JSON shape of ``python -m analysis analogy --json``."""
        return {
            "results": [{"word": n.word, "score": n.score} for n in self.results],
            "missing": list(self.missing),
        }


def normalize_method(method: str) -> AnalogyMethod:
    """``"add"``/``"mul"`` from any accepted spelling ("3CosAdd", "cosmul", …)."""
    key = str(method).strip().lower()
    if key not in _METHOD_ALIASES:
        raise AnalysisError(f"Unknown analogy method '{method}': use 'add' (3CosAdd) or 'mul' (3CosMul).")
    return _METHOD_ALIASES[key]


def pool_size(emb: Embeddings, restrict_vocab: int | None) -> int:
    """How many of the most frequent words are candidates (``restrict_vocab``, capped at the vocabulary)."""
    if restrict_vocab is None or restrict_vocab == 0:
        return len(emb)
    if restrict_vocab < 0:
        raise AnalysisError(f"restrict_vocab must be positive, got {restrict_vocab}.")
    return min(int(restrict_vocab), len(emb))


def analogy(
    emb: Embeddings,
    positive: Sequence[str] | str,
    negative: Sequence[str] | str = (),
    *,
    method: str = "add",
    topn: int = 10,
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
    device: str = "cpu",
) -> AnalogyResult:
    """Answer one analogy; see the module docstring for the methods.

    Unknown words do not raise: the result lists them in ``missing`` (with ``suggestions``) and has no
    answers, because an analogy with a word silently dropped would answer a different question.
    Call ``result.raise_for_missing()`` for the exception instead.

        >>> from analysis.embeddings import load_embeddings
        >>> r = analogy(load_embeddings(), ["germany", "paris"], ["berlin"], topn=1)
        >>> r.top.word
        'france'
    """
    return analogy_batch(
        emb,
        [(positive, negative)],
        method=method,
        topn=topn,
        exclude_inputs=exclude_inputs,
        restrict_vocab=restrict_vocab,
        device=device,
    )[0]


def analogy_batch(
    emb: Embeddings,
    queries: Iterable[AnalogyQuery | tuple[Sequence[str] | str, Sequence[str] | str]],
    *,
    method: str = "add",
    topn: int = 10,
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
    device: str = "cpu",
) -> list[AnalogyResult]:
    """Answer many analogies at once through blocked matrix products.

    ``queries`` are ``AnalogyQuery`` objects or ``(positive, negative)`` pairs. ``device`` is
    ``"cpu"`` (numpy) or a torch device such as ``"cuda"``; scores are blocked over queries and
    vocabulary so that no block exceeds 64 MB, whatever the embedding's size.

        >>> from analysis.embeddings import load_embeddings
        >>> rs = analogy_batch(load_embeddings(), [(["king", "woman"], ["man"]), (["paris", "germany"], ["berlin"])], topn=1)
        >>> [r.top.word for r in rs]
        ['queen', 'france']
    """
    method = normalize_method(method)
    if int(topn) < 1:
        raise AnalysisError(f"topn must be at least 1, got {topn}.")
    topn = int(topn)
    pool = pool_size(emb, restrict_vocab)
    prepared = [_prepare(emb, q, method) for q in queries]
    todo = [p for p in prepared if not p.result.missing]
    if todo:
        keep = min(pool, topn + _RESCORE_MARGIN + max(len(p.rows) for p in todo))
        candidates = _scan(emb, todo, method, pool, keep, exclude_inputs, device)
        for p, cand in zip(todo, candidates):
            p.result.results = _rescore(emb, p, cand, method, topn, exclude_inputs)
    for p in prepared:
        p.result.exclude_inputs = exclude_inputs
        p.result.restrict_vocab = None if pool == len(emb) else pool
    return [p.result for p in prepared]


def answer_rank(
    emb: Embeddings,
    positive: Sequence[str],
    negative: Sequence[str],
    answer: str,
    *,
    method: str = "add",
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
) -> int | None:
    """Rank (1 = first) of ``answer`` among all candidate words, or None if it is not a candidate.

    Not a candidate means: unknown, outside ``restrict_vocab``, or an input word while inputs are
    excluded. Ties count in favour of the more frequent word, as in the result lists.

        >>> from analysis.embeddings import load_embeddings
        >>> answer_rank(load_embeddings(), ["king", "woman"], ["man"], "queen")
        1
    """
    method = normalize_method(method)
    pool = pool_size(emb, restrict_vocab)
    p, index = _query_and_answer(emb, positive, negative, answer, method)
    if index is None:
        return None
    excluded = [r for r in p.rows if r < pool] if exclude_inputs else []
    if index >= pool or index in excluded:
        return None
    scores = _exact_scores(emb, p, slice(0, pool), method)
    scores[excluded] = -np.inf
    target = scores[index]
    ahead = int(np.count_nonzero(scores > target)) + int(np.count_nonzero(scores[:index] == target))
    return ahead + 1


def answer_score(emb: Embeddings, positive: Sequence[str], negative: Sequence[str], answer: str, *, method: str = "add") -> float | None:
    """The score ``answer`` gets for the query (as in the result lists), or None if it is unknown.

    Input words get a score too (what they would score were they not excluded).

        >>> from analysis.embeddings import load_embeddings
        >>> round(answer_score(load_embeddings(), ["king", "woman"], ["man"], "queen"), 4)
        0.8524
    """
    method = normalize_method(method)
    p, index = _query_and_answer(emb, positive, negative, answer, method)
    return None if index is None else float(_exact_scores(emb, p, np.array([index]), method)[0])


def _query_and_answer(emb: Embeddings, positive: Sequence[str], negative: Sequence[str], answer: str, method: AnalogyMethod) -> tuple[_Prepared, int | None]:
    """The prepared query (unknown query words raise) and the answer's row (None: not a word)."""
    p = _prepare(emb, AnalogyQuery(tuple(_as_list(positive)), tuple(_as_list(negative))), method)
    p.result.raise_for_missing()
    row = emb.resolve(answer)
    return p, (None if row is None else emb.kv.key_to_index[row])


# --- preparation ---------------------------------------------------------------------------------
@dataclass
class _Prepared:
    result: AnalogyResult
    pos_rows: list[int]  # rows of the positive words (resolved)
    neg_rows: list[int]
    rows: list[int]  # distinct input rows (what gensim excludes)
    mean: np.ndarray | None = None  # 3CosAdd query vector, float32, exactly as gensim builds it


def _as_list(words: Sequence[str] | str) -> list[str]:
    if isinstance(words, str):
        return [words]
    return [w for w in words]


def _prepare(emb: Embeddings, query, method: AnalogyMethod) -> _Prepared:
    if isinstance(query, AnalogyQuery):
        positive, negative = list(query.positive), list(query.negative)
    else:
        positive, negative = (_as_list(x) for x in query)
    positive = [w.strip() for w in positive if w and w.strip()]
    negative = [w.strip() for w in negative if w and w.strip()]
    check_words(positive + negative, "The analogy's word list")  # before a spelling is suggested
    if not positive and not negative:
        raise AnalysisError("An analogy needs at least one word.")
    if method == "mul" and not positive:
        raise AnalysisError("3CosMul needs at least one positive word.")
    result = AnalogyResult(positive=positive, negative=negative, results=[], method=method)
    # unique=False: a word given twice counts twice in the query vector, as in gensim.
    found_pos = emb.rows(positive, unique=False)
    found_neg = emb.rows(negative, unique=False)
    if found_pos.missing or found_neg.missing:
        unique = list(dict.fromkeys(found_pos.missing + found_neg.missing))
        result.missing = unique
        result.suggestions = {w: emb.suggest(w) for w in unique}
        return _Prepared(result, [], [], [])
    pos_rows = [int(r) for r in found_pos.rows]
    neg_rows = [int(r) for r in found_neg.rows]
    result.resolved_positive = found_pos.words
    result.resolved_negative = found_neg.words
    prepared = _Prepared(result, pos_rows, neg_rows, list(dict.fromkeys(pos_rows + neg_rows)))
    if method == "add":
        prepared.mean = gensim_mean(emb, pos_rows, neg_rows)
        if not np.any(prepared.mean):
            # e.g. king − king: every cosine is 0 and any "answer" would be an arbitrary word.
            raise AnalysisError("The words cancel out (the query vector is zero), so there is no answer to rank.")
    return prepared


def gensim_unit(emb: Embeddings, row: int) -> np.ndarray:
    """``kv.get_vector(row, norm=True)``: the raw vector over its float32 norm (zero vectors stay zero)."""
    norm = emb.norms[row]
    return emb.vectors[row] / norm if norm > 0 else emb.vectors[row]


def gensim_mean(emb: Embeddings, pos_rows: Sequence[int], neg_rows: Sequence[int]) -> np.ndarray:
    """The 3CosAdd query vector, built with exactly gensim's arithmetic.

    gensim sums the unit vectors (+1/−1) in float32, divides by the number of words in float64,
    normalises with BLAS ``dnrm2`` and casts back to float32; copying each step keeps scores equal
    to ``most_similar``'s in every bit rather than merely close.
    """
    acc = np.zeros(emb.dims, dtype=np.float32)
    for r in pos_rows:
        acc += gensim_unit(emb, r)
    for r in neg_rows:
        acc -= gensim_unit(emb, r)
    mean = acc / np.float64(len(pos_rows) + len(neg_rows))
    length = dnrm2(mean)
    if length > 0.0:
        mean = mean * (1.0 / length)
    return mean.astype(np.float32)


# --- blocked scoring -----------------------------------------------------------------------------
_DEVICE_MATRICES: "weakref.WeakKeyDictionary[Embeddings, dict]" = weakref.WeakKeyDictionary()


def device_unit_matrix(emb: Embeddings, device: str):
    """The unit matrix as a torch tensor on ``device``, made once per embedding and device."""
    import torch

    per_emb = _DEVICE_MATRICES.setdefault(emb, {})
    if device not in per_emb:
        per_emb[device] = torch.from_numpy(np.array(emb.unit)).to(device)
    return per_emb[device]


def _scan(emb: Embeddings, todo: list[_Prepared], method: AnalogyMethod, pool: int, keep: int, exclude: bool, device: str) -> list[np.ndarray]:
    """Candidate rows (``keep`` per query, best first by float32 score) for every query."""
    n = len(todo)
    exclude_rows = _padded([p.rows if exclude else [] for p in todo])
    if method == "add":
        query_data = np.stack([p.mean for p in todo])
        terms = None
    else:
        terms = _term_tables(todo)
        query_data = None
    # Queries per batch so that a (queries × block) score matrix stays within the byte budget.
    batch = max(1, min(n, 4096))
    out: list[np.ndarray] = []
    use_torch = not str(device).startswith("cpu")
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        block = max(keep, min(pool, _BLOCK_BYTES // (4 * (stop - start) * (3 if method == "mul" else 1))))
        args = (
            emb,
            pool,
            keep,
            block,
            None if query_data is None else query_data[start:stop],
            None if terms is None else terms.slice(start, stop),
            exclude_rows[start:stop],
        )
        rows = _scan_torch(*args, device=device) if use_torch else _scan_numpy(*args)
        out.extend(rows)
    return out


@dataclass
class _Terms:
    """3CosMul inputs for a batch: distinct word rows and per-query slots into them."""

    words: np.ndarray  # distinct input rows
    pos: np.ndarray  # (queries × max positives) indices into words; len(words) means "factor 1"
    neg: np.ndarray  # (queries × max negatives), same padding

    def slice(self, start: int, stop: int) -> "_Terms":
        return _Terms(self.words, self.pos[start:stop], self.neg[start:stop])


def _term_tables(todo: list[_Prepared]) -> _Terms:
    words = np.array(sorted({r for p in todo for r in p.pos_rows + p.neg_rows}), dtype=np.int64)
    where = {int(r): i for i, r in enumerate(words)}
    one = len(words)

    def slots(lists: list[list[int]]) -> np.ndarray:
        width = max(1, max(len(x) for x in lists))
        table = np.full((len(lists), width), one, dtype=np.int64)
        for i, rows in enumerate(lists):
            table[i, : len(rows)] = [where[r] for r in rows]
        return table

    return _Terms(words, slots([p.pos_rows for p in todo]), slots([p.neg_rows for p in todo]))


def _padded(lists: list[list[int]]) -> np.ndarray:
    width = max([1] + [len(x) for x in lists])
    table = np.full((len(lists), width), -1, dtype=np.int64)
    for i, rows in enumerate(lists):
        table[i, : len(rows)] = rows
    return table


def _cosmul_scores(shifted, pos: np.ndarray, neg: np.ndarray):
    """``Π pos / (Π neg + ε)`` per query from shifted similarities (rows: words, last row all ones)."""
    num = shifted[pos[:, 0]]
    for j in range(1, pos.shape[1]):
        num = num * shifted[pos[:, j]]
    den = shifted[neg[:, 0]]
    for j in range(1, neg.shape[1]):
        den = den * shifted[neg[:, j]]
    return num / (den + COSMUL_EPSILON)


def _scan_numpy(emb, pool, keep, block, means, terms, exclude_rows) -> list[np.ndarray]:
    unit = emb.unit
    n = len(means) if means is not None else len(terms.pos)
    best_scores = np.full((n, 0), -np.inf, dtype=np.float32)
    best_rows = np.zeros((n, 0), dtype=np.int64)
    word_vectors = None if terms is None else unit[terms.words]
    for start in range(0, pool, block):
        stop = min(pool, start + block)
        chunk = unit[start:stop]
        if means is not None:
            scores = _products(means, chunk)
        else:
            shifted = np.empty((len(terms.words) + 1, stop - start), dtype=np.float32)
            shifted[:-1] = _products(word_vectors, chunk)
            shifted[:-1] += 1
            shifted[:-1] /= 2
            shifted[-1] = 1
            scores = _cosmul_scores(shifted, terms.pos, terms.neg).astype(np.float32, copy=False)
        _mask_rows(scores, exclude_rows, start, stop)
        top = _top_columns(scores, keep)
        merged_scores = np.concatenate([best_scores, np.take_along_axis(scores, top, axis=1)], axis=1)
        merged_rows = np.concatenate([best_rows, top + start], axis=1)
        if merged_scores.shape[1] > keep:
            sel = np.argpartition(-merged_scores, keep - 1, axis=1)[:, :keep]
            merged_scores = np.take_along_axis(merged_scores, sel, axis=1)
            merged_rows = np.take_along_axis(merged_rows, sel, axis=1)
        best_scores, best_rows = merged_scores, merged_rows
    return [row[np.isfinite(sc)] for row, sc in zip(best_rows, best_scores)]


def _products(rows: np.ndarray, chunk: np.ndarray) -> np.ndarray:
    """``rows @ chunk.T`` as (len(rows) × len(chunk)), computed the fast way round.

    For a handful of rows, BLAS is several times faster on ``chunk @ rows.T`` (one pass over the
    big matrix, like a matrix-vector product) than on ``rows @ chunk.T``.
    """
    if len(rows) == 1:
        return (chunk @ rows[0])[None, :]
    if len(rows) <= 16:
        return np.ascontiguousarray((chunk @ rows.T).T)
    return rows @ chunk.T


def _mask_rows(scores, exclude_rows: np.ndarray, start: int, stop: int) -> None:
    """Set the scores of excluded words (query inputs) in this vocabulary block to −inf."""
    for j in range(exclude_rows.shape[1]):
        rows = exclude_rows[:, j]
        hit = np.flatnonzero((rows >= start) & (rows < stop))
        if len(hit):
            scores[hit, rows[hit] - start] = -np.inf


def _top_columns(scores: np.ndarray, keep: int) -> np.ndarray:
    """Column indices of the ``keep`` largest scores per row (unordered).

    A full ``argpartition`` over 400k columns costs more than the matrix product for one query, so
    large rows first find a threshold on a 1/32 sample: its ``keep``-th largest value is exceeded
    or met by at least ``keep`` full-row entries, and usually by only a few thousand.
    """
    n, width = scores.shape
    if width <= keep:
        return np.broadcast_to(np.arange(width), (n, width)).copy()
    stride = 32
    if n == 1 and width >= stride * keep * 4:
        row = scores[0]
        sample = row[::stride]
        finite = sample[np.isfinite(sample)]
        if len(finite) >= keep:
            threshold = np.partition(finite, len(finite) - keep)[len(finite) - keep]
            cols = np.flatnonzero(row >= threshold)
            if len(cols) > keep:
                cols = cols[np.argpartition(-row[cols], keep - 1)[:keep]]
            return cols[None, :]
    return np.argpartition(-scores, keep - 1, axis=1)[:, :keep]


def _scan_torch(emb, pool, keep, block, means, terms, exclude_rows, *, device: str) -> list[np.ndarray]:
    import torch

    unit = device_unit_matrix(emb, device)
    n = len(means) if means is not None else len(terms.pos)
    best_scores = torch.full((n, 0), -float("inf"), device=device)
    best_rows = torch.zeros((n, 0), dtype=torch.long, device=device)
    means_t = None if means is None else torch.from_numpy(np.ascontiguousarray(means)).to(device)
    if terms is not None:
        word_vectors = unit[torch.from_numpy(terms.words).to(device)]
        pos = torch.from_numpy(terms.pos).to(device)
        neg = torch.from_numpy(terms.neg).to(device)
    excl = torch.from_numpy(exclude_rows).to(device)
    for start in range(0, pool, block):
        stop = min(pool, start + block)
        chunk = unit[start:stop]
        if means_t is not None:
            scores = means_t @ chunk.T
        else:
            shifted = torch.ones((word_vectors.shape[0] + 1, stop - start), device=device)
            shifted[:-1] = (word_vectors @ chunk.T + 1) / 2
            scores = _cosmul_scores(shifted, pos, neg)
        for j in range(excl.shape[1]):
            rows = excl[:, j]
            hit = torch.nonzero((rows >= start) & (rows < stop)).flatten()
            if len(hit):
                scores[hit, rows[hit] - start] = -float("inf")
        k = min(keep, stop - start)
        top_scores, top_cols = torch.topk(scores, k, dim=1)
        merged_scores = torch.cat([best_scores, top_scores], dim=1)
        merged_rows = torch.cat([best_rows, top_cols + start], dim=1)
        if merged_scores.shape[1] > keep:
            merged_scores, sel = torch.topk(merged_scores, keep, dim=1)
            merged_rows = torch.gather(merged_rows, 1, sel)
        best_scores, best_rows = merged_scores, merged_rows
    scores_np, rows_np = best_scores.cpu().numpy(), best_rows.cpu().numpy()
    return [row[np.isfinite(sc)] for row, sc in zip(rows_np, scores_np)]


# --- exact re-scoring ------------------------------------------------------------------------------
def _exact_scores(emb: Embeddings, p: _Prepared, rows: np.ndarray | slice, method: AnalogyMethod) -> np.ndarray:
    """Scores of ``rows`` with gensim's arithmetic (``vectors·q / norms``), zero vectors scoring 0."""
    vectors = emb.vectors[rows]
    norms = emb.norms[rows]
    safe = np.where(norms > 0, norms, 1).astype(norms.dtype)
    if method == "add":
        scores = np.dot(vectors, p.mean) / safe
    else:
        pos = [((1 + np.dot(vectors, gensim_unit(emb, r)) / safe) / 2) for r in p.pos_rows]
        neg = [((1 + np.dot(vectors, gensim_unit(emb, r)) / safe) / 2) for r in p.neg_rows]
        scores = np.prod(pos, axis=0) / (np.prod(neg, axis=0) + COSMUL_EPSILON)
    return np.asarray(scores)


def _rescore(emb: Embeddings, p: _Prepared, candidates: np.ndarray, method: AnalogyMethod, topn: int, exclude: bool) -> list[Neighbor]:
    rows = np.unique(candidates)
    if exclude:
        rows = rows[~np.isin(rows, p.rows)]
    if len(rows) == 0:
        return []
    scores = _exact_scores(emb, p, rows, method)
    order = np.lexsort((rows, -scores))[:topn]  # by score, ties by frequency rank
    words = emb.words
    return [Neighbor(words[int(rows[i])], float(scores[i])) for i in order]


# --- lecture presets (data in data/presets/analogy.json, read by analysis.presets) ------------------
PRESETS_PATH = PRESETS_DIR / "analogy.json"


def load_presets(path: str | Path = PRESETS_PATH) -> list[AnalogyPreset]:
    """The lecture presets from ``data/presets/analogy.json`` (see ``analysis.presets``).

        >>> [p.label for p in load_presets()][:2]
        ['king − man + woman', 'germany − berlin + paris']
    """
    return analogy_presets(path)


def best_expected_rank(
    emb: Embeddings,
    preset: AnalogyPreset,
    *,
    method: str = "add",
    exclude_inputs: bool = True,
    restrict_vocab: int | None = None,
) -> tuple[str, int | None]:
    """The preset's expected answer that ranks best on ``emb``, and its rank (None: not a candidate)."""
    ranked = [
        (word, answer_rank(emb, preset.positive, preset.negative, word, method=method, exclude_inputs=exclude_inputs, restrict_vocab=restrict_vocab))
        for word in preset.expected
    ]
    found = [(w, r) for w, r in ranked if r is not None]
    return min(found, key=lambda wr: wr[1]) if found else (preset.expected[0], None)


@dataclass(frozen=True)
class ParallelogramPoints:
    """2-D PCA coordinates of a, b, c and the answer (rows in that order)."""

    words: list[str]  # a, b, c, answer (vocabulary spellings)
    xy: np.ndarray  # shape (4, 2)
    explained: tuple[float, float]  # variance fraction of the two components


def parallelogram_points(emb: Embeddings, a: str, b: str, c: str, answer: str) -> ParallelogramPoints:
    """Project the four words' unit vectors onto their first two principal components.

    The four points are centred and decomposed with an SVD, so the plot shows the plane in which
    they differ most; ``a→b`` and ``c→answer`` are parallel exactly when the analogy is perfect.
    """
    if not all(w and w.strip() for w in (a, b, c, answer)):
        raise AnalysisError("The parallelogram needs all four words a, b, c and the answer.")
    words = emb.resolve_all([a, b, c, answer])
    vectors = np.stack([emb.vector(w, unit=True) for w in words]).astype(np.float64)
    from analysis.projection import pca

    result = pca(vectors, 2)
    xy = result.coords.copy()
    # Fix the arbitrary sign of each component so the same query always looks the same.
    for k in range(2):
        if xy[1, k] - xy[0, k] < 0:
            xy[:, k] = -xy[:, k]
    explained = (float(result.explained_variance_ratio[0]), float(result.explained_variance_ratio[1]))
    return ParallelogramPoints(words=list(words), xy=xy, explained=explained)
