"""The Autoencoder page's sample choices: one example per class, seeded subsets, rank bands."""

from __future__ import annotations

import numpy as np

from analysis.autoencoder_samples import example_rows, rank_bands, subset_rows


def test_example_rows_take_the_first_sample_of_each_class_in_class_order():
    labels = np.array([5, 2, 5, 2, 0, 9])
    assert example_rows(labels, len(labels)) == [4, 1, 0, 5]


def test_example_rows_stop_at_the_limit_of_classes():
    labels = np.arange(20) % 15
    rows = example_rows(labels, 20, limit=12)
    assert rows == list(range(12))


def test_example_rows_without_labels_are_the_first_rows():
    assert example_rows(None, 30) == list(range(12))
    assert example_rows(None, 4) == [0, 1, 2, 3]


def test_subset_rows_is_seeded_sorted_and_distinct():
    first, again, other = subset_rows(10_000, 50, 7), subset_rows(10_000, 50, 7), subset_rows(10_000, 50, 8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert len(np.unique(first)) == 50 and np.all(np.diff(first) > 0)
    assert first.min() >= 0 and first.max() < 10_000


def test_subset_rows_keeps_everything_up_to_the_cap():
    assert subset_rows(100, 100, 0).tolist() == list(range(100))


def test_rank_bands_match_the_thousands_and_cap_at_the_last_band():
    bands = rank_bands(12_500)
    assert bands[0] == 0 and bands[999] == 0 and bands[1000] == 1
    assert bands[8999] == 8 and bands[9000] == 9 and bands[-1] == 9
    assert bands.max() == 9
