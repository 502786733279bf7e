"""Choice ("users click what they like"): a multinomial logit over the slate plus a no-click option.

The appeal of the item in slot r (1-based) to a user with stance x is::

    alpha * x * s  +  beta * |s|  +  kappa * c  -  a * ln(r)

(agreement, extremity, clickbait, position attention; Chaney et al. 2018 use a = 0.8). Not clicking
has utility ``no_click_utility``. Each user clicks at most one item per slate. The welfare of a click,
which the platform never sees, is ``-|x - s| - lambda * c``.

    >>> import numpy as np
    >>> p = click_probabilities(np.array([0.5]), np.array([[0.5, -0.5]]), np.array([[0.0, 0.0]]),
    ...                         np.array([[True, True]]), 2.0, 0.0, 0.0, 0.0, 0.0)
    >>> bool(p[0, 0] > p[0, 1])
    True
"""

from __future__ import annotations

import numpy as np

from analysis.feedback.config import FeedbackConfig
from analysis.feedback.shown import Shown


def click_weights(
    x: np.ndarray,
    stance: np.ndarray,
    clickbait: np.ndarray,
    valid: np.ndarray,
    agreement: float,
    extremity_appeal: float,
    clickbait_appeal: float,
    position_attention: float,
) -> np.ndarray:
    """(N, K) exp(appeal) of each slot (0 for empty slots): the unnormalised logit weights.

    No max-shift is needed: every knob is range-limited, so an appeal is at most about 15.
    """
    k = stance.shape[1]
    appeal = (agreement * x)[:, None] * stance
    if extremity_appeal:
        appeal += extremity_appeal * np.abs(stance)
    if clickbait_appeal:
        appeal += clickbait_appeal * clickbait
    if position_attention:
        appeal -= position_attention * np.log(np.arange(1, k + 1))[None, :]
    weights = np.exp(appeal, out=appeal)
    if not valid.all():
        weights[~valid] = 0.0
    return weights


def click_probabilities(
    x: np.ndarray,
    stance: np.ndarray,
    clickbait: np.ndarray,
    valid: np.ndarray,
    agreement: float,
    extremity_appeal: float,
    clickbait_appeal: float,
    position_attention: float,
    no_click_utility: float,
) -> np.ndarray:
    """(N, K) probability of clicking each slot; the rest of each row's mass is "no click"."""
    weights = click_weights(x, stance, clickbait, valid, agreement, extremity_appeal, clickbait_appeal, position_attention)
    return weights / (np.exp(no_click_utility) + weights.sum(axis=1))[:, None]


def choose(x: np.ndarray, shown: Shown, config: FeedbackConfig, rng: np.random.Generator) -> np.ndarray:
    """The slot each user clicks (-1: none). Draws exactly one uniform per user, whatever the slate."""
    weights = click_weights(
        x,
        shown.stance,
        shown.clickbait,
        shown.valid,
        config.agreement,
        config.extremity_appeal,
        config.clickbait_appeal,
        config.position_attention,
    )
    cumulative = np.cumsum(weights, axis=1)
    # Inverse-CDF draw without normalising: compare with u times the total (slate + no click).
    threshold = rng.random(len(x)) * (cumulative[:, -1] + np.exp(config.no_click_utility))
    slot = (cumulative < threshold[:, None]).sum(axis=1)
    return np.where(slot < weights.shape[1], slot, -1)


def welfare(x: np.ndarray, stance: np.ndarray, clickbait: np.ndarray, clickbait_cost: float) -> np.ndarray:
    """Welfare of consuming items (s, c) for users at x: -|x - s| - lambda * c."""
    return -np.abs(x - stance) - clickbait_cost * clickbait
