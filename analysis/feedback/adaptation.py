"""How users and publishers adapt to what the platform shows and what gets clicked.

Users (all updates use the stances from before this step, simultaneously):

* assimilation (Deffuant et al. 2000, bounded confidence): a user who clicked an item within
  ``confidence_bound`` of their stance moves ``assimilation`` of the way towards it;
* repulsion (backfire): shown items farther than ``repulsion_threshold`` push the user away by
  ``repulsion`` times their mean offset;
* hostility: ``h`` moves ``hostility_rate`` of the way towards the mean extremity |s| of the
  out-group items (other sign than the user's stance) the user was shown.

Publishers (the creator rule of the T-RECS simulator): each publisher with clicks this step moves
its stance and clickbait ``publisher_adaptation`` of the way towards the mean (s, c) of its
clicked items.

Every rate at 0 leaves its quantity untouched.

    >>> import numpy as np
    >>> x, h = np.array([0.0]), np.array([0.0])
    >>> shown = np.array([[0.5]])
    >>> adapt_users(x, h, shown, shown != 0, shown * x[:, None] < 0, np.array([0.5]), np.array([True]), 0.1, 1.0, 0.0, 1.0, 0.0)
    >>> round(float(x[0]), 3)
    0.05
"""

from __future__ import annotations

import numpy as np


def adapt_users(
    x: np.ndarray,
    hostility: np.ndarray,
    shown_stance: np.ndarray,
    valid: np.ndarray,
    out_group: np.ndarray,
    clicked_stance: np.ndarray,
    clicked: np.ndarray,
    assimilation: float,
    confidence_bound: float,
    repulsion: float,
    repulsion_threshold: float,
    hostility_rate: float,
) -> None:
    """Update stances ``x`` and hostility in place from what was shown and clicked this step.

    ``shown_stance``/``valid`` (N, K): the shown items' stances and which slots hold one;
    ``out_group`` (N, K): which shown items have the other sign than the viewer's stance;
    ``clicked_stance``/``clicked`` (N,): the clicked item's stance and whether there was a click.
    """
    before = x.copy()
    if assimilation > 0:
        offset = clicked_stance - before
        pull = clicked & (np.abs(offset) < confidence_bound)
        x[pull] += assimilation * offset[pull]
    if repulsion > 0:
        offset = shown_stance - before[:, None]
        far = valid & (np.abs(offset) > repulsion_threshold)
        n_far = far.sum(axis=1)
        pushed = n_far > 0
        push = (offset * far).sum(axis=1)[pushed] / n_far[pushed]
        x[pushed] -= repulsion * push
    if hostility_rate > 0:
        n_out = out_group.sum(axis=1)
        moved = n_out > 0
        target = (np.abs(shown_stance) * out_group).sum(axis=1)[moved] / n_out[moved]
        hostility[moved] += hostility_rate * (target - hostility[moved])
        np.clip(hostility, 0.0, 1.0, out=hostility)
    np.clip(x, -1.0, 1.0, out=x)


def adapt_publishers(
    pub_stance: np.ndarray,
    pub_clickbait: np.ndarray,
    clicked_item: np.ndarray,
    item_publisher: np.ndarray,
    item_stance: np.ndarray,
    item_clickbait: np.ndarray,
    rate: float,
) -> None:
    """Move publishers with clicks towards the mean stance and clickbait of their clicked items (in place)."""
    if rate == 0:
        return
    items = clicked_item[clicked_item >= 0]
    if len(items) == 0:
        return
    n = len(pub_stance)
    owner = item_publisher[items]
    count = np.bincount(owner, minlength=n)
    has = count > 0
    mean_s = np.bincount(owner, weights=item_stance[items], minlength=n)[has] / count[has]
    mean_c = np.bincount(owner, weights=item_clickbait[items], minlength=n)[has] / count[has]
    pub_stance[has] += rate * (mean_s - pub_stance[has])
    pub_clickbait[has] += rate * (mean_c - pub_clickbait[has])
