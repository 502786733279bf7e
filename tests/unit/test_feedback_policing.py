"""The predictive-policing urn (Ensign et al. 2018): random share, runaway, and the correction."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis.feedback.policing import KEPT_PATHS, PolicingConfig, simulate_policing
from analysis.progress import StopRequested
from analysis.tables.feedback import frame


def test_classic_polya_urn_ends_at_a_uniformly_random_share():
    # One patrol a day that always finds an incident, one record each at the start: the classic
    # Pólya urn, whose limiting share is Beta(1, 1), i.e. uniform on [0, 1].
    result = simulate_policing(PolicingConfig(rate_a=1.0, rate_b=1.0, patrols_per_day=1, days=2000, runs=300))
    assert stats.kstest(result.final_shares, "uniform").pvalue > 0.01


def test_equal_rates_end_at_a_random_share_not_at_one_half():
    result = simulate_policing(PolicingConfig(rate_a=0.2, rate_b=0.2, days=1500, runs=200))
    final = result.final_shares
    assert abs(final.mean() - 0.5) < 0.06
    assert final.std() > 0.15  # wide spread across runs: the urn locks in early luck
    assert ((final < 0.25) | (final > 0.75)).mean() > 0.2


def test_unequal_rates_run_away_towards_the_busier_region():
    result = simulate_policing(PolicingConfig(rate_a=0.3, rate_b=0.1, days=1500, runs=100))
    assert result.final_shares.mean() > 0.95
    assert frame(result.summary)["share_mean"].iloc[-1] > frame(result.summary)["share_mean"].iloc[100]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_correction_recovers_the_true_share(seed):
    result = simulate_policing(PolicingConfig(rate_a=0.3, rate_b=0.1, days=1500, runs=100, correction=1, seed=seed))
    assert result.true_share == pytest.approx(0.75)
    assert abs(result.final_shares.mean() - 0.75) < 0.05
    assert (np.abs(result.final_shares - 0.75) < 0.05).mean() > 0.9  # nearly every single run, too


def test_correction_also_works_from_a_biased_start():
    result = simulate_policing(PolicingConfig(rate_a=0.1, rate_b=0.3, initial_a=20, initial_b=2, days=3000, runs=50, correction=1))
    assert abs(result.final_shares.mean() - 0.25) < 0.05


def test_same_seed_same_paths_and_summary_columns():
    config = PolicingConfig(days=200, runs=30)
    first, second = simulate_policing(config), simulate_policing(config)
    np.testing.assert_array_equal(first.shares, second.shares)
    np.testing.assert_array_equal(first.final_shares, second.final_shares)
    assert first.shares.shape == (200, min(30, KEPT_PATHS))
    assert list(frame(first.summary).columns) == ["day", "share_mean", "share_p10", "share_p90", "true_share"]
    assert (frame(first.summary)["share_p10"] <= frame(first.summary)["share_p90"]).all()


def test_stop_keeps_the_days_so_far():
    def stop(fraction, message):
        if fraction >= 0.5:
            raise StopRequested

    result = simulate_policing(PolicingConfig(days=100, runs=5), progress=stop)
    assert result.stopped_early and len(frame(result.summary)) == 50
