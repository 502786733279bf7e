"""Shared fixtures: the default embedding (loaded once per test run) and small helpers."""

from __future__ import annotations

import os

import pytest

# Tests are deterministic and run on the CPU unless a GPU test asks otherwise.
os.environ.setdefault("LAB_DEVICE", "cpu")


@pytest.fixture(scope="session")
def glove():
    """GloVe 6B 50d, the embedded default (read-only, shared by all tests)."""
    from analysis.embeddings import load_default_glove

    return load_default_glove()


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``gpu`` when neither CUDA nor MPS is present."""
    if not any("gpu" in item.keywords for item in items):
        return
    from analysis.device import pick_device

    if pick_device() == "cpu":
        skip = pytest.mark.skip(reason="needs a CUDA or MPS device")
        for item in items:
            if "gpu" in item.keywords:
                item.add_marker(skip)
