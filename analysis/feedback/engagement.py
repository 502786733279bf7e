"""The platform's engagement model, and how it learns from its own logged clicks.

The model is a logistic regression of "clicked" on five features of a (user, item) impression::

    [1, x_hat*s, |s| - mean|s|, c - mean c, log(1 + clicks)]

named ``bias, agreement, extremity, clickbait, popularity``. Its logit splits into a per-item part
``a_i`` and a per-user slope ``b_u = w_agreement * x_hat_u`` times the item stance ``s_i``, which is
what lets ``ranking.top_k_linear`` rank 10,000 users × 2,000 items without a users × items matrix.

Learning (``EngagementModel.learn``) is a Newton step per step on the impressions it logged, with
an online Laplace approximation carrying the evidence of earlier steps — all of it data that the
platform's own ranking chose and whose clicks the slot position inflated: confounded by construction.

    >>> import numpy as np
    >>> model = EngagementModel.untrained()
    >>> float(sigmoid(np.array([0.0]))[0])
    0.5
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analysis.feedback.shown import Shown

FEATURES = ("bias", "agreement", "extremity", "clickbait", "popularity")


def sigmoid(z: np.ndarray) -> np.ndarray:
    # Clipped so exp never overflows; the logits that matter are far inside this range.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


@dataclass
class ItemFeatures:
    """The per-item features at one step (the user-side feature x_hat*s is formed on the fly)."""

    extremity: np.ndarray  # (M,) |s| - mean |s| over live items
    clickbait: np.ndarray  # (M,) c - mean c over live items
    popularity: np.ndarray  # (M,) log(1 + clicks)
    mean_extremity: float  # mean |s| over live items (the centre of the extremity feature)
    mean_clickbait: float  # mean c over live items

    @classmethod
    def of(cls, item_stance: np.ndarray, item_clickbait: np.ndarray, item_clicks: np.ndarray) -> "ItemFeatures":
        extremity = np.abs(item_stance)
        mean_extremity, mean_clickbait = float(extremity.mean()), float(item_clickbait.mean())
        return cls(
            extremity=extremity - mean_extremity,
            clickbait=item_clickbait - mean_clickbait,
            popularity=np.log1p(item_clicks),
            mean_extremity=mean_extremity,
            mean_clickbait=mean_clickbait,
        )


def engagement_parts(weights: np.ndarray, x_hat: np.ndarray, feats: ItemFeatures) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) with logit(user u, item i) = a[i] + b[u] * s[i]."""
    w0, w_agree, w_ext, w_cb, w_pop = weights
    a = w0 + w_ext * feats.extremity + w_cb * feats.clickbait + w_pop * feats.popularity
    return a, w_agree * x_hat


def impression_features(x_hat: np.ndarray, shown: Shown, feats: ItemFeatures, out: np.ndarray | None = None) -> np.ndarray:
    """(4, N*K) non-constant features (agreement, extremity, clickbait, popularity) of every slot of
    ``shown``, row-major; empty slots are masked out by the caller. Feature-major, so each feature
    is one contiguous row. ``out`` reuses a buffer of that shape.
    """
    n, k = shown.stance.shape
    out = np.empty((len(FEATURES) - 1, n * k)) if out is None else out
    rows = out.reshape(len(FEATURES) - 1, n, k)
    np.multiply(x_hat[:, None], shown.stance, out=rows[0])
    np.abs(shown.stance, out=rows[1])
    rows[1] -= feats.mean_extremity
    np.subtract(shown.clickbait, feats.mean_clickbait, out=rows[2])
    rows[3] = shown.popularity
    return out


class _Workspace:
    """Buffers for one step's impressions, reused from step to step.

    Allocating several megabytes of temporaries each step would cost as much time in page faults
    as the arithmetic itself; the buffers are resized only when the number of impressions changes.
    """

    def __init__(self, n_impressions: int):
        n_features = len(FEATURES) - 1
        self.features = np.empty((n_features, n_impressions))
        self.weighted = np.empty((n_features, n_impressions))
        self.p = np.empty(n_impressions)
        self.residual = np.empty(n_impressions)
        self.curvature = np.empty(n_impressions)
        self.clicked = np.empty(n_impressions)
        self.mask = np.empty(n_impressions)


@dataclass
class EngagementModel:
    """The platform's logistic model, retrained on its growing log by an online Laplace update.

    After each step the posterior over the weights is approximated by a Gaussian with mean
    ``weights`` and precision ``precision`` (Chapelle & Li 2011 use the diagonal version for ad
    clicks). A new batch adds its Hessian to the precision (old evidence discounted by ``memory``)
    and moves the weights by one Newton step. With memory 0 the model is refitted on the latest
    step's log only; near 1 it remembers the whole log.
    """

    weights: np.ndarray  # (5,) in the order of FEATURES
    precision: np.ndarray  # (5, 5) accumulated (discounted) Hessian of the log-likelihood
    _work: _Workspace | None = field(default=None, repr=False, compare=False)  # reused buffers

    @classmethod
    def untrained(cls) -> "EngagementModel":
        return cls(weights=np.zeros(len(FEATURES)), precision=np.zeros((len(FEATURES), len(FEATURES))))

    def _workspace(self, n_impressions: int) -> _Workspace:
        if self._work is None or len(self._work.p) != n_impressions:
            self._work = _Workspace(n_impressions)
        return self._work

    def learn(
        self,
        x_hat: np.ndarray,
        shown: Shown,
        feats: ItemFeatures,
        clicked_pos: np.ndarray,
        learning_rate: float,
        memory: float,
        l2: float,
    ) -> None:
        """Update from this step's impressions (``shown``; ``clicked_pos`` (N,) the clicked slot, -1 none).

        ``learning_rate`` scales the Newton step (0: nothing changes); ``l2`` is a ridge penalty
        per impression on every weight but the intercept.
        """
        if learning_rate == 0 or not shown.valid.any():
            return
        n_users, k = shown.stance.shape
        work = self._workspace(n_users * k)
        features = impression_features(x_hat, shown, feats, out=work.features)
        mask, clicked, p = work.mask, work.clicked, work.p
        mask[:] = shown.valid.ravel()
        clicked[:] = 0.0
        clickers = np.flatnonzero(clicked_pos >= 0)
        clicked[clickers * k + clicked_pos[clickers]] = 1.0
        n = float(mask.sum())
        ridge = np.full(len(self.weights), l2 * n)
        ridge[0] = 0.0  # the intercept is not shrunk
        first = not self.precision.any()
        prior_precision, prior_mean = memory * self.precision, self.weights
        weights = self.weights.copy()
        if first:  # start from the observed click rate, so the other weights need not absorb it
            rate = np.clip(len(clickers) / n, 0.5 / n, 1.0 - 0.5 / n)
            weights[0] = np.log(rate / (1.0 - rate))
        # The first batch is fitted to convergence; later a single Newton step per batch follows the
        # slowly moving optimum (the Laplace update of an online Bayesian logistic regression).
        # einsum rather than BLAS: 4 × 100,000 products are faster without thread start-up costs.
        for _ in range(6 if first else 1):
            np.einsum("f,fn->n", weights[1:], features, out=p)
            p += weights[0]
            _sigmoid_inplace(p)
            np.subtract(clicked, p, out=work.residual)
            work.residual *= mask
            np.subtract(1.0, p, out=work.curvature)
            work.curvature *= p
            work.curvature *= mask
            np.multiply(features, work.curvature, out=work.weighted)
            gradient = np.empty(len(weights))
            gradient[0], gradient[1:] = work.residual.sum(), np.einsum("fn,n->f", features, work.residual)
            hessian = np.empty((len(weights), len(weights)))
            hessian[0, 0] = work.curvature.sum()
            hessian[0, 1:] = hessian[1:, 0] = work.weighted.sum(axis=1)
            hessian[1:, 1:] = np.einsum("fn,gn->fg", work.weighted, features)
            gradient -= ridge * weights + prior_precision @ (weights - prior_mean)
            precision = prior_precision + hessian + np.diag(ridge + 1e-9 * n)
            direction = np.linalg.solve(precision, gradient)
            # A Newton step can overshoot while the model is far off; cap its length for stability.
            length = float(np.linalg.norm(direction))
            if length > 5.0:
                direction *= 5.0 / length
            weights = weights + direction
            if length < 1e-6:
                break
        self.precision = precision
        self.weights = self.weights + learning_rate * (weights - self.weights)


def _sigmoid_inplace(z: np.ndarray) -> None:
    np.clip(z, -40.0, 40.0, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    np.reciprocal(z, out=z)


def update_estimates(x_hat: np.ndarray, clicked_stance: np.ndarray, clicked: np.ndarray, rate: float) -> None:
    """Move each clicking user's stance estimate towards the stance of the item they clicked (in place)."""
    if rate == 0:
        return
    x_hat[clicked] += rate * (clicked_stance[clicked] - x_hat[clicked])
