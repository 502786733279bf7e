"""The second scenario: predictive policing as a Pólya urn (Ensign et al., FAT* 2018).

Two regions, A and B. Each day the patrols are sent to A with probability equal to A's share of
the incidents on record (the urn); a patrol in a region discovers an incident there with that
region's true rate, and every discovered incident goes on record. Only patrolled regions can
produce records, so the data confirm the allocation that produced them:

* equal true rates: a Pólya urn — the share of patrols settles at a *random* value;
* rates 0.3 vs 0.1: the urn runs away towards sending (almost) every patrol to A, not to the true
  share 0.3 / (0.3 + 0.1) = 0.75;
* the correction (Ensign et al.'s "surprise" update): a discovered incident goes on record only
  with probability p_other / max(p_A, p_B), i.e. inversely related to how much that region is
  already patrolled. Each region's expected records per day become rate × min(p_A, p_B), so the
  share on record tends to rate_A / (rate_A + rate_B) — the true share.

    >>> result = simulate_policing(PolicingConfig(days=200, runs=10, correction=1))
    >>> round(result.true_share, 2), result.shares.shape
    (0.75, (200, 10))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.feedback.config import KNOB_TABLES, Knob, validate
from analysis.feedback.steps import StepTable
from analysis.progress import ProgressFn, StopRequested, report

# How many individual runs a result keeps in full for charts (all runs keep their final share).
KEPT_PATHS = 20


@dataclass(frozen=True)
class PolicingConfig:
    """One predictive-policing experiment, repeated ``runs`` times with independent randomness."""

    rate_a: float = 0.3  # probability that one patrol in region A discovers an incident
    rate_b: float = 0.1  # the same for region B
    days: int = 1000  # days simulated
    patrols_per_day: int = 10  # patrols allocated each day
    initial_a: float = 1.0  # incidents on record for A before day 1 (the urn's first balls)
    initial_b: float = 1.0  # the same for B
    correction: int = 0  # 1: record a discovered incident with probability p_other / max(p) (0: always)
    runs: int = 50  # independent repetitions (the urn is random; its spread is the point)
    seed: int = 0  # seeds the dynamics

    @property
    def true_share(self) -> float:
        """Region A's share of the true incident rate: where a fair allocation should end up."""
        total = self.rate_a + self.rate_b
        return self.rate_a / total if total > 0 else 0.5


POLICING_KNOBS: dict[str, Knob] = {k.name: k for k in [
    Knob("rate_a", "policing", "float", 0.0, 1.0, 0.01, "true rate of incidents a patrol discovers in region A"),
    Knob("rate_b", "policing", "float", 0.0, 1.0, 0.01, "true rate of incidents a patrol discovers in region B"),
    Knob("days", "policing", "int", 1, 20000, 50, "days to simulate"),
    Knob("patrols_per_day", "policing", "int", 1, 1000, 1, "patrols allocated per day"),
    Knob("initial_a", "policing", "float", 0.1, 1000.0, 1.0, "incidents on record for A at the start"),
    Knob("initial_b", "policing", "float", 0.1, 1000.0, 1.0, "incidents on record for B at the start"),
    Knob("correction", "policing", "int", 0, 1, 1, "record incidents less often where patrols already are (0: off)"),
    Knob("runs", "policing", "int", 1, 500, 1, "independent repetitions"),
    Knob("seed", "seeds", "int", 0, 2**31 - 1, 1, "seed of the dynamics"),
]}
KNOB_TABLES[PolicingConfig] = POLICING_KNOBS


@dataclass
class PolicingResult:
    """Shares of patrols sent to region A, day by day."""

    config: PolicingConfig
    shares: np.ndarray  # (days, kept runs) A's share of patrols per day for the first KEPT_PATHS runs
    summary: StepTable  # day, share_mean, share_p10, share_p90 over all runs, and true_share
    final_shares: np.ndarray  # (runs,) A's share on record after the last day
    stopped_early: bool = False

    @property
    def true_share(self) -> float:
        return self.config.true_share


def simulate_policing(config: PolicingConfig, progress: ProgressFn | None = None) -> PolicingResult:
    """Run the urn ``config.runs`` times at once (vectorised over runs)."""
    validate(config)
    rng = np.random.default_rng(np.random.SeedSequence(int(config.seed), spawn_key=(2,)))
    runs, days = config.runs, config.days
    records = np.tile([config.initial_a, config.initial_b], (runs, 1)).astype(float)
    kept = min(runs, KEPT_PATHS)
    shares = np.empty((days, kept))
    stats = np.empty((days, 3))
    done, stopped = 0, False
    every = max(1, days // 100)
    try:
        for day in range(days):
            share_a = records[:, 0] / records.sum(axis=1)
            stats[day] = share_a.mean(), *np.quantile(share_a, [0.1, 0.9])
            shares[day] = share_a[:kept]
            records += _one_day(share_a, config, rng)
            done = day + 1
            if done % every == 0 or done == days:
                report(progress, done / days, f"day {done}/{days}")
    except StopRequested:
        stopped = True
    summary = StepTable({
        "day": np.arange(1, done + 1),
        **{name: stats[:done, i] for i, name in enumerate(("share_mean", "share_p10", "share_p90"))},
        "true_share": np.full(done, config.true_share),
    })
    return PolicingResult(
        config=config,
        shares=shares[:done],
        summary=summary,
        final_shares=records[:, 0] / records.sum(axis=1),
        stopped_early=stopped,
    )


def _one_day(share_a: np.ndarray, config: PolicingConfig, rng: np.random.Generator) -> np.ndarray:
    """(runs, 2) incidents that go on record today in A and B."""
    patrols_a = rng.binomial(config.patrols_per_day, share_a)
    patrols_b = config.patrols_per_day - patrols_a
    found_a = rng.binomial(patrols_a, config.rate_a)
    found_b = rng.binomial(patrols_b, config.rate_b)
    if config.correction:
        share_b = 1.0 - share_a
        most = np.maximum(share_a, share_b)
        found_a = rng.binomial(found_a, share_b / most)
        found_b = rng.binomial(found_b, share_a / most)
    return np.stack([found_a, found_b], axis=1)
