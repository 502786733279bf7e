"""The fast, exact analogy-benchmark scan behind ``analysis.evaluate.evaluate_analogies``.

``count_correct`` decides every question of a parsed benchmark with gensim's answer rule
(``evaluate_word_analogies``) without one full ``most_similar`` per question:

1. **Encode**: questions become integer rows (``upper_vocabulary``, ``_encode``), gensim's upper-cased
   vocabulary deciding which word stands for which row.
2. **Without competitors**: each question is decided as if only its own words competed
   (``_without_competitors``), which gives the expected answer's score ``theta``.
3. **Scan**: does any ordinary word reach ``theta``? Numpy with block upper bounds on the CPU
   (``_scan_bounded``), a torch brute force on a GPU (``_scan_torch``); both give the same answer.
4. **Near ties** are re-decided with gensim's own arithmetic (``_reference_correct``).

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.evaluate import parse_analogy_questions
    >>> parsed = parse_analogy_questions("\\n".join([": capitals", "athens greece berlin germany", "athens greece zzqx zzqy"]))
    >>> sections, correct, ties = count_correct(load_embeddings(), parsed, 30_000, "add")
    >>> sections.tolist(), correct.tolist(), ties
    ([0], [True], 0)
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from analysis.analogy import COSMUL_EPSILON, AnalogyMethod, gensim_unit
from analysis.embeddings import Embeddings
from analysis.progress import ProgressFn, report, subrange

if TYPE_CHECKING:
    from analysis.evaluate import AnalogyQuestions

# The scan's two implementations: numpy with block bounds (CPU), torch brute force (GPU).
Engine = Literal["numpy", "torch"]
# Scores this close (relative) to the expected answer's are re-checked with gensim's arithmetic.
TIE_TOLERANCE = 1e-5
# Blocks whose upper bound falls this far (relative) below the expected score are skipped; it covers
# float32 rounding of the bound, which is summed from separately rounded similarities.
_PRUNE_MARGIN = 1e-4
_BLOCK = 32  # words per bounded block
_GROUP = 16  # blocks per group in the coarse first level of the bound
_CHUNK_BYTES = 8 * 2**20  # similarity chunk per pass: small enough to stay in cache (measured: 8 MB 0.55 s, 48 MB 0.90 s)
_GATHER_FLOATS = 4 * 2**20  # scores materialised at once in the exact pass


def upper_vocabulary(emb: Embeddings, pool: int, needed: set[str]):
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


def _scores_of_rows(unit: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray, rows: np.ndarray, method: AnalogyMethod) -> np.ndarray:
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


def _without_competitors(emb: Embeddings, enc: _Encoded, method: AnalogyMethod, uppers: dict[int, str]):
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


@dataclass(frozen=True)
class _Plan:
    """What every chunk of one bounded scan shares (built once by ``_plan``)."""

    unit: np.ndarray  # the embedding's unit matrix (float32)
    pool: int  # candidates are the first ``pool`` rows
    method: AnalogyMethod
    block: int  # words per bounded block
    width: int  # words per chunk, a multiple of ``block``
    word_vectors: np.ndarray  # unit vectors of the distinct question words
    pair_vectors: np.ndarray  # b − a per distinct (a, b) pair (the 3CosAdd pair term)
    pair_a: np.ndarray  # word index of each pair's a
    pair_b: np.ndarray  # word index of each pair's b
    pair_of: np.ndarray  # pair index of each question
    pc: np.ndarray  # word index of each question's single term (c, or b when the pair is (a, c))
    cut: np.ndarray  # per question: a block whose bound falls below this cannot beat the answer
    special: np.ndarray  # per question: rows never scored as competitors (−1 pads)


def _plan(emb: Embeddings, pool: int, a, b, c, theta, special, method: AnalogyMethod, block: int) -> _Plan:
    """Distinct question words and (a, b) pairs, their vectors, the pruning cut and the chunk width."""
    n = len(theta)
    unit = emb.unit
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
    pair_vectors = np.ascontiguousarray(word_vectors[pair_b] - word_vectors[pair_a])
    width = max(block * 8, (_CHUNK_BYTES // (4 * (nw + n_pairs))) // block * block)
    width = min(width, -(-pool // block) * block)
    cut = theta - _tolerance(theta, _PRUNE_MARGIN)
    return _Plan(unit, pool, method, block, width, word_vectors, pair_vectors, pair_a, pair_b, pair_of, pc, cut, special)


def _scan_bounded(emb, pool, a, b, c, theta, special, method, *, progress=None, block: int = _BLOCK):
    """For each question: does some ordinary word reach its expected score ``theta``?

    Returns (beaten, near): beaten = a word scores at least ``theta`` (plus tolerance); near = the best
    ordinary word is within the tolerance (a possible float tie, re-checked exactly by the caller).
    Chunks of words are scored by ``_chunk_best``; this function runs them and settles questions.
    """
    n = len(theta)
    beaten = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    plan = _plan(emb, pool, a, b, c, theta, special, method, block)
    width, nw, n_pairs = plan.width, len(plan.word_vectors), len(plan.pair_vectors)
    tol = _tolerance(theta, TIE_TOLERANCE)

    def chunk_best(start: int, active: np.ndarray, buffers: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        return _chunk_best(plan, start, active, buffers)

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


def _chunk_best(plan: _Plan, start: int, active: np.ndarray, buffers: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Best ordinary-word score in columns [start, start + width) for each active question.

    Three steps: the chunk's similarities, the blocks whose upper bound can reach each question's
    answer, and the exact maximum over those blocks only.
    """
    single_c, paired_c, cols, nb, span = _chunk_similarities(plan, start, buffers)
    qs, bs = _surviving_blocks(plan, single_c, paired_c, nb, active)
    return _best_in_blocks(plan, single_c, paired_c, start, cols, nb, span, active, qs, bs)


def _chunk_similarities(plan: _Plan, start: int, buffers: tuple[np.ndarray, np.ndarray, np.ndarray]):
    """The single term (question word × chunk word) and the pair term of one chunk, in ``buffers``.

    Block j of a chunk holds the words at offsets j, j + nb, j + 2·nb, …, so its maximum is an
    element-wise maximum of ``block`` contiguous slices — much faster than reducing 32 neighbouring
    columns. Returns (single, paired, columns, blocks, padded width).
    """
    unit, pool, method, block, width = plan.unit, plan.pool, plan.method, plan.block, plan.width
    word_vectors, pair_vectors, pair_a, pair_b = plan.word_vectors, plan.pair_vectors, plan.pair_a, plan.pair_b
    nw, n_pairs = len(word_vectors), len(pair_vectors)
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
    return single_c, paired_c, cols, nb, span


def _surviving_blocks(plan: _Plan, single_c: np.ndarray, paired_c: np.ndarray, nb: int, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position in ``active``, block) of every block whose upper bound reaches the question's cut."""
    method, block, pair_of, pc, cut = plan.method, plan.block, plan.pair_of, plan.pc, plan.cut
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
    return qs, bs


def _best_in_blocks(plan: _Plan, single_c, paired_c, start: int, cols: int, nb: int, span: int, active: np.ndarray, qs: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """The exact best ordinary-word score of each active question over its surviving blocks."""
    method, block, pair_of, pc, special = plan.method, plan.block, plan.pair_of, plan.pc, plan.special
    nw, n_pairs = len(plan.word_vectors), len(plan.pair_vectors)
    slot_offsets = np.arange(block)
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


def _reference_correct(emb: Embeddings, pool: int, enc: _Encoded, i: int, method: AnalogyMethod) -> bool:
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




def count_correct(
    emb: Embeddings,
    parsed: AnalogyQuestions,
    pool: int,
    method: AnalogyMethod,
    *,
    engine: Engine = "numpy",
    device: str = "cpu",
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Decide every question whose words are all among the ``pool`` most frequent words.

    Returns (section index per evaluated question, whether it is answered correctly, how many near
    ties were re-decided exactly). ``engine`` is ``"numpy"`` (bounded scan) or ``"torch"`` (on ``device``).
    """
    question_words = _upper_all([w for q in parsed.questions for w in q[1:]])  # a, b, c, d of each question
    first, groups, uppers = upper_vocabulary(emb, pool, set(question_words))
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
            sub = subrange(progress, 0.05, 0.95)
            if engine == "numpy":
                beaten, near = _scan_bounded(*scan_args, progress=sub)
            else:
                beaten, near = _scan_torch(*scan_args, device=device, progress=sub)
            correct[scan] = ~beaten & ~near
            unsure[scan[near & ~beaten]] = True
        for i in np.flatnonzero(unsure):
            correct[i] = _reference_correct(emb, pool, enc, int(i), method)
        ties = int(np.count_nonzero(unsure))
    return enc.section, correct, ties
