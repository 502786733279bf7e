"""The state of the social-media world, and the publishing mechanism.

Users have a stance ``x`` in [-1, 1] and a hostility ``h`` in [0, 1]; the platform keeps its own
estimate ``x_hat`` of each stance. Publishers have a stance ``m`` and a clickbait level ``k``.
Items have a stance ``s``, a clickbait level ``c``, a publisher, a birth step and a click count.

Users follow publishers: each user gets one of ``audiences`` follow lists of ``follows`` random
publishers, and the feed ranks only the posts of the publishers a user follows (``follows`` 0: all).
Because item slots belong to fixed publishers, each follow list is a fixed pool of item slots.

Items live in a fixed ring of ``item_lifetime`` cohorts: each step every publisher posts
``posts_per_step`` items into the oldest cohort's slots, so the number of live items never changes
and no array grows during a run.

    >>> import numpy as np
    >>> from analysis.feedback.config import FeedbackConfig
    >>> w = World.initial(FeedbackConfig(n_users=100, n_publishers=5), np.random.default_rng(0))
    >>> w.n_items == 5 * 2 * 10, float(w.x.min()) >= -1.0
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.feedback.config import FeedbackConfig


@dataclass
class World:
    """Everything that changes during a run (arrays are updated in place)."""

    x: np.ndarray  # (N,) user stances in [-1, 1]
    x_start: np.ndarray  # (N,) the stances at step 0, for drift
    hostility: np.ndarray  # (N,) in [0, 1]
    x_hat: np.ndarray  # (N,) the platform's estimate of each stance (starts knowing nothing: 0)
    pub_stance: np.ndarray  # (P,) m
    pub_clickbait: np.ndarray  # (P,) k
    item_stance: np.ndarray  # (M,) s
    item_clickbait: np.ndarray  # (M,) c
    item_publisher: np.ndarray  # (M,) index into the publishers
    item_birth: np.ndarray  # (M,) step the item was posted
    item_clicks: np.ndarray  # (M,) clicks so far
    item_id: np.ndarray  # (M,) a run-wide unique id (slots are reused, ids never are)
    next_id: int  # the id the next posted item gets
    cohort_size: int  # items posted per step: n_publishers * posts_per_step
    pools: np.ndarray  # (audiences, pool size) the item slots of each follow list's publishers
    user_pool: np.ndarray  # (N,) which follow list (row of pools) each user has

    @property
    def n_users(self) -> int:
        return len(self.x)

    @property
    def n_items(self) -> int:
        return len(self.item_stance)

    @classmethod
    def initial(cls, config: FeedbackConfig, rng: np.random.Generator) -> "World":
        """Draw users, publishers and a full ring of items from the world stream ``rng``."""
        n, p, lifetime = config.n_users, config.n_publishers, config.item_lifetime
        x = np.clip(rng.normal(0.0, config.user_spread, n), -1.0, 1.0)
        hostility = rng.beta(2.0, 8.0, n)  # mostly mild at the start (mean 0.2)
        pub_stance = np.clip(rng.normal(0.0, config.publisher_spread, p), -1.0, 1.0)
        pub_clickbait = np.clip(rng.normal(config.initial_clickbait, 0.1, p), 0.0, 1.0)
        cohort = p * config.posts_per_step
        m = cohort * lifetime
        publisher = np.tile(np.repeat(np.arange(p), config.posts_per_step), lifetime)
        stance, clickbait = _post(pub_stance, pub_clickbait, publisher, config.posting_noise, rng)
        # Slot j holds the cohort posted at the latest step t <= 0 with t % L == j, so that step t
        # always replaces an item of age exactly L.
        slot = np.repeat(np.arange(lifetime), cohort)
        birth = np.where(slot == 0, 0, slot - lifetime)
        pools, user_pool = _follow_lists(config, publisher, rng)
        return cls(
            x=x,
            x_start=x.copy(),
            hostility=hostility,
            x_hat=np.zeros(n),
            pub_stance=pub_stance,
            pub_clickbait=pub_clickbait,
            item_stance=stance,
            item_clickbait=clickbait,
            item_publisher=publisher,
            item_birth=birth,
            item_clicks=np.zeros(m),
            item_id=np.arange(m, dtype=np.int64),
            next_id=m,
            cohort_size=cohort,
            pools=pools,
            user_pool=user_pool,
        )

    def cohort_slots(self, step: int, lifetime: int) -> slice:
        """The slots the items posted at ``step`` occupy."""
        j = step % lifetime
        return slice(j * self.cohort_size, (j + 1) * self.cohort_size)

    def publish(self, step: int, config: FeedbackConfig, rng: np.random.Generator) -> slice:
        """Every publisher posts near its current stance and clickbait, replacing the oldest cohort."""
        slots = self.cohort_slots(step, config.item_lifetime)
        publisher = self.item_publisher[slots]
        stance, clickbait = _post(self.pub_stance, self.pub_clickbait, publisher, config.posting_noise, rng)
        self.item_stance[slots] = stance
        self.item_clickbait[slots] = clickbait
        self.item_birth[slots] = step
        self.item_clicks[slots] = 0.0
        self.item_id[slots] = np.arange(self.next_id, self.next_id + self.cohort_size)
        self.next_id += self.cohort_size
        return slots


def _follow_lists(config: FeedbackConfig, publisher: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each follow list's item slots, and which list each user has (one pool of everything if follows is 0)."""
    if config.follows == 0:
        return np.arange(len(publisher))[None, :], np.zeros(config.n_users, dtype=np.intp)
    slots_of_publisher = np.argsort(publisher, kind="stable").reshape(config.n_publishers, -1)
    followed = np.stack([rng.choice(config.n_publishers, config.follows, replace=False) for _ in range(config.audiences)])
    pools = np.sort(slots_of_publisher[followed].reshape(config.audiences, -1), axis=1)
    return pools, rng.integers(0, config.audiences, config.n_users)


def _post(pub_stance, pub_clickbait, publisher, noise, rng) -> tuple[np.ndarray, np.ndarray]:
    """Items near their publisher's stance and clickbait level (one normal draw each)."""
    n = len(publisher)
    stance = np.clip(pub_stance[publisher] + noise * rng.standard_normal(n), -1.0, 1.0)
    clickbait = np.clip(pub_clickbait[publisher] + noise * rng.standard_normal(n), 0.0, 1.0)
    return stance, clickbait
