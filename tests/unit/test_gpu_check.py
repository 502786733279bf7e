"""bench/gpu_check.sh with TINY=1: the GPU check script runs end to end on the CPU and prints one table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_tiny_gpu_check_runs_on_the_cpu_and_prints_one_table(tmp_path):
    env = os.environ | {"TINY": "1", "OUT": str(tmp_path), "PYTHON": sys.executable, "LAB_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(["bash", "bench/gpu_check.sh"], check=False, capture_output=True, text=True, env=env, timeout=600, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    table = (tmp_path / "gpu-summary.txt").read_text().splitlines()
    assert table[0].startswith("figure")
    rows = {line.split("|")[0].strip(): line for line in table[1:]}
    assert "word2vec skip-gram (gensim)" in rows and "word2vec skip-gram (torch, batch 1,000)" in rows
    assert "x gensim" in rows["word2vec skip-gram (torch, batch 1,000)"]
    assert "Google analogies (CLI, wall)" in rows
