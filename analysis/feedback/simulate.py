"""The social-media feedback loop, step by step, with its metrics as a time series.

One step::

    publishers post → the platform ranks (slates of K) → users click (≤ 1 each)
      → the platform learns from its log → users adapt → publishers adapt → metrics

Memory stays bounded: the loop keeps the current state, a fixed click window for homogenisation,
one row of metrics and one stance histogram per step — never a per-step copy of a full matrix.

    >>> from analysis.feedback.config import preset, with_overrides
    >>> cfg = with_overrides(preset("engagement feed"), {"n_users": 200, "steps": 20})
    >>> result = simulate(cfg)
    >>> len(result.metrics), sorted(result.final_weights)[:2]
    (20, ['agreement', 'bias'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.feedback import metrics as M
from analysis.feedback.adaptation import adapt_publishers, adapt_users
from analysis.feedback.choice import choose, welfare
from analysis.feedback.config import FeedbackConfig, validate
from analysis.feedback.engagement import FEATURES, EngagementModel, ItemFeatures, update_estimates
from analysis.feedback.ranking import build_slates
from analysis.feedback.shown import Shown
from analysis.feedback.steps import StepTable
from analysis.feedback.streams import Streams
from analysis.feedback.world import World
from analysis.progress import ProgressFn, StopRequested, report


@dataclass
class SimulationResult:
    """What a run leaves behind (small: no full per-step matrices)."""

    config: FeedbackConfig  # what was run, seeds included
    metrics: StepTable  # one row per completed step: "step" then the columns of metrics.METRICS
    stance_histograms: np.ndarray  # (steps + 1, bins) counts; row 0 is before the first step
    histogram_edges: np.ndarray  # (bins + 1,) bin edges over [-1, 1]
    final_weights: dict[str, float]  # the platform's learned weights at the end, by feature name
    world: World  # the final state (users, publishers, items)
    stopped_early: bool = False  # True when a progress callback asked to stop


class Simulation:
    """A run in progress; ``step()`` advances it by one step and returns that step's metrics."""

    def __init__(self, config: FeedbackConfig):
        validate(config)
        self.config = config
        self.streams = Streams.from_seeds(config.world_seed, config.dynamics_seed)
        self.world = World.initial(config, self.streams.world)
        self.model = EngagementModel.untrained()
        self.history = M.ClickHistory(config.n_users, config.click_window)
        self.pairs = M.neighbour_pairs(self.world.x_start, self.streams.metrics, self.world.user_pool)
        self.t = 0

    def learning(self) -> bool:
        """Whether the platform updates its weights and estimates this step."""
        c = self.config
        if c.learning_rate == 0:
            return False
        return bool(c.retrain) or self.t <= c.warmup_steps

    def step(self) -> dict[str, float]:
        c, w, s = self.config, self.world, self.streams
        self.t += 1
        new = w.publish(self.t, c, s.publishing)
        feats = ItemFeatures.of(w.item_stance, w.item_clickbait, w.item_clicks)
        slates = build_slates(w, c, self.model.weights, feats, self.t, s.ranking, s.exploration)
        shown = Shown.of(slates, w.item_stance, w.item_clickbait, feats.popularity)
        clicked_pos = choose(w.x, shown, c, s.choice)
        clicked = clicked_pos >= 0
        slot = np.maximum(clicked_pos, 0)[:, None]
        clicked_item = np.where(clicked, np.take_along_axis(slates, slot, axis=1)[:, 0], -1)
        clicked_stance = np.take_along_axis(shown.stance, slot, axis=1)[:, 0]
        # Flow metrics are measured against the stances the users had when they chose.
        out_group = M.out_group_mask(w.x, shown.stance)
        row = self._choice_metrics(shown, out_group, clicked_item)
        if self.learning():
            self.model.learn(w.x_hat, shown, feats, clicked_pos, c.learning_rate, c.memory, c.l2)
            update_estimates(w.x_hat, clicked_stance, clicked, c.estimate_rate)
        adapt_users(w.x, w.hostility, shown.stance, shown.valid, out_group, clicked_stance, clicked, c.assimilation,
                    c.confidence_bound, c.repulsion, c.repulsion_threshold, c.hostility_rate)
        adapt_publishers(w.pub_stance, w.pub_clickbait, clicked_item, w.item_publisher, w.item_stance, w.item_clickbait,
                         c.publisher_adaptation)
        w.item_clicks += np.bincount(clicked_item[clicked], minlength=w.n_items)
        self.history.push(np.where(clicked, w.item_id[np.maximum(clicked_item, 0)], -1))
        row.update(self._state_metrics(new))
        return row

    def _choice_metrics(self, shown: Shown, out_group: np.ndarray, clicked_item: np.ndarray) -> dict[str, float]:
        w, c = self.world, self.config
        clicked = clicked_item >= 0
        items = clicked_item[clicked]
        gains = welfare(w.x[clicked], w.item_stance[items], w.item_clickbait[items], c.welfare_clickbait_cost)
        publisher_clicks = np.bincount(w.item_publisher[items], minlength=len(w.pub_stance))
        return {
            "ctr": float(clicked.mean()),
            "welfare": float(gains.mean()) if len(gains) else float("nan"),
            "cross_cutting": M.cross_cutting_share(out_group, shown.valid),
            "click_gini": M.gini(publisher_clicks),
        }

    def _state_metrics(self, new: slice) -> dict[str, float]:
        w = self.world
        x = w.x
        first, second = self.pairs
        row = {
            "hostility": float(w.hostility.mean()),
            "mean_abs_stance": float(np.abs(x).mean()),
            "stance_variance": float(x.var()),
            "bimodality": M.bimodality_coefficient(x),
            "extreme_share": float((np.abs(x) > M.EXTREME).mean()),
            "drift": float(np.abs(x - w.x_start).mean()),
            "homogenisation": M.jaccard_mean(self.history.ids[first], self.history.ids[second]),
            "new_item_extremity": float(np.abs(w.item_stance[new]).mean()),
            "new_item_clickbait": float(w.item_clickbait[new].mean()),
            "publisher_extremity": float(np.abs(w.pub_stance).mean()),
            "publisher_clickbait": float(w.pub_clickbait.mean()),
            "estimate_error": float(np.abs(w.x_hat - x).mean()),
        }
        row.update({f"w_{name}": float(value) for name, value in zip(FEATURES, self.model.weights)})
        return row


def simulate(config: FeedbackConfig, progress: ProgressFn | None = None) -> SimulationResult:
    """Run the loop for ``config.steps`` steps. A progress callback may raise StopRequested to stop early."""
    sim = Simulation(config)
    steps = config.steps
    table = np.full((steps, len(M.METRICS)), np.nan)
    histograms = np.zeros((steps + 1, M.HISTOGRAM_BINS), dtype=np.int64)
    histograms[0] = M.stance_histogram(sim.world.x)
    done, stopped = 0, False
    every = max(1, steps // 100)
    try:
        for t in range(steps):
            row = sim.step()
            table[t] = [row[name] for name in M.METRICS]
            histograms[t + 1] = M.stance_histogram(sim.world.x)
            done = t + 1
            if done % every == 0 or done == steps:
                report(progress, done / steps, f"step {done}/{steps}")
    except StopRequested:
        stopped = True
    columns = {"step": np.arange(1, done + 1), **{name: table[:done, i] for i, name in enumerate(M.METRICS)}}
    return SimulationResult(
        config=config,
        metrics=StepTable(columns),
        stance_histograms=histograms[: done + 1],
        histogram_edges=M.histogram_edges(),
        final_weights={name: float(v) for name, v in zip(FEATURES, sim.model.weights)},
        world=sim.world,
        stopped_early=stopped,
    )
