"""The metrics of one step, and the small statistics they are made of.

Polarisation is read four ways (mean |x|, variance, Sarle's bimodality coefficient, share with
|x| > 0.7), because a society can split without moving its mean. Homogenisation follows Chaney et
al. (2018): the Jaccard overlap of the items clicked by pairs of users who started with similar
stances, over the last ``click_window`` steps.

    >>> import numpy as np
    >>> round(gini(np.array([0.0, 0.0, 0.0, 4.0])), 3)
    0.75
    >>> round(jaccard_mean(np.array([[1, 2, -1]]), np.array([[2, 3, -1]])), 3)
    0.333
"""

from __future__ import annotations

import numpy as np

# Column order of the time series; the page and the CLI use these names.
METRICS = (
    "ctr",
    "welfare",
    "hostility",
    "mean_abs_stance",
    "stance_variance",
    "bimodality",
    "extreme_share",
    "drift",
    "cross_cutting",
    "homogenisation",
    "new_item_extremity",
    "new_item_clickbait",
    "click_gini",
    "publisher_extremity",
    "publisher_clickbait",
    "estimate_error",
    "w_bias",
    "w_agreement",
    "w_extremity",
    "w_clickbait",
    "w_popularity",
)
EXTREME = 0.7  # |x| above this counts as an extreme stance
HISTOGRAM_BINS = 40  # bins of the stance histograms over [-1, 1]
MAX_PAIRS = 1000  # user pairs homogenisation compares (a fixed sample: the cost stays bounded)


def bimodality_coefficient(x: np.ndarray) -> float:
    """Sarle's bimodality coefficient (g² + 1) / (k + 3(n-1)²/((n-2)(n-3))), bias-corrected g and k.

    Above 5/9 ≈ 0.555 (the value of a uniform distribution) suggests two modes. NaN when n < 4 or
    all values are equal.
    """
    n = len(x)
    if n < 4:
        return float("nan")
    d = x - x.mean()
    m2 = float(np.mean(d * d))  # moments by products: ** with a float power is several times slower
    if m2 <= 1e-300:
        return float("nan")
    d2 = d * d
    m3, m4 = float(np.mean(d2 * d)), float(np.mean(d2 * d2))
    g1 = m3 / m2**1.5
    g2 = m4 / m2**2 - 3.0
    skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
    kurt = ((n + 1) * g2 + 6.0) * (n - 1) / ((n - 2) * (n - 3))
    return float((skew**2 + 1.0) / (kurt + 3.0 * (n - 1) ** 2 / ((n - 2) * (n - 3))))


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: equal, → 1: one holds everything); NaN if all are 0."""
    v = np.sort(np.asarray(values, dtype=float))
    n, total = len(v), float(v.sum())
    if n == 0 or total <= 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float(2.0 * np.dot(ranks, v) / (n * total) - (n + 1.0) / n)


def _as_sets(rows: np.ndarray) -> np.ndarray:
    """Rows sorted with repeats blanked to -1, so each row is a set (−1 = empty)."""
    srt = np.sort(rows, axis=1)
    repeat = np.zeros_like(srt, dtype=bool)
    repeat[:, 1:] = srt[:, 1:] == srt[:, :-1]
    srt[repeat] = -1
    return srt


def jaccard_mean(a: np.ndarray, b: np.ndarray) -> float:
    """Mean Jaccard index |A ∩ B| / |A ∪ B| over row pairs (−1 entries are empty); NaN if all unions are empty."""
    a, b = _as_sets(a), _as_sets(b)
    # Within a row of two concatenated sets, a shared item is an adjacent equal pair once sorted.
    merged = np.sort(np.concatenate([a, b], axis=1), axis=1)
    inter = ((merged[:, 1:] == merged[:, :-1]) & (merged[:, 1:] >= 0)).sum(axis=1)
    union = (a >= 0).sum(axis=1) + (b >= 0).sum(axis=1) - inter
    ok = union > 0
    return float(np.mean(inter[ok] / union[ok])) if ok.any() else float("nan")


def neighbour_pairs(stance: np.ndarray, rng: np.random.Generator, group: np.ndarray | None = None, max_pairs: int = MAX_PAIRS) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of users adjacent in stance within the same ``group`` (their follow list), at most ``max_pairs``.

    Chaney et al. pair users with similar true preferences, so that overlap beyond what similar
    tastes explain is what the recommender added.
    """
    group = np.zeros(len(stance), dtype=np.intp) if group is None else group
    order = np.lexsort((stance, group))
    n_pairs = len(order) // 2
    first, second = order[0 : 2 * n_pairs : 2], order[1 : 2 * n_pairs : 2]
    same = group[first] == group[second]
    first, second = first[same], second[same]
    n_pairs = len(first)
    if n_pairs > max_pairs:
        keep = np.sort(rng.choice(n_pairs, max_pairs, replace=False))
        first, second = first[keep], second[keep]
    return first, second


def stance_histogram(x: np.ndarray, bins: int = HISTOGRAM_BINS) -> np.ndarray:
    """Counts of stances in ``bins`` equal bins over [-1, 1] (1.0 falls in the last bin)."""
    index = np.minimum(((x + 1.0) * (bins / 2.0)).astype(np.intp), bins - 1)
    return np.bincount(np.maximum(index, 0), minlength=bins)


def histogram_edges(bins: int = HISTOGRAM_BINS) -> np.ndarray:
    return np.linspace(-1.0, 1.0, bins + 1)


class ClickHistory:
    """The ids of the items each user clicked in the last ``window`` steps (−1: no click), as a ring."""

    def __init__(self, n_users: int, window: int):
        self.ids = np.full((n_users, window), -1, dtype=np.int64)
        self._next = 0

    def push(self, clicked_ids: np.ndarray) -> None:
        self.ids[:, self._next] = clicked_ids
        self._next = (self._next + 1) % self.ids.shape[1]


def out_group_mask(x: np.ndarray, shown_stance: np.ndarray) -> np.ndarray:
    """(N, K) which shown items lie on the other side of 0 than the viewer (empty slots, stance 0, never do)."""
    return shown_stance * x[:, None] < 0


def cross_cutting_share(out_group: np.ndarray, valid: np.ndarray) -> float:
    """Share of shown items (``valid`` slots) that are from the other side (``out_group``)."""
    n = int(valid.sum())
    return float(out_group.sum() / n) if n else float("nan")
