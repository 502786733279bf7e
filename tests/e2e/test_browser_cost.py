"""bench/browser_cost.py runs end to end: both apps answer, and the browser's CPU is split by process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT
from tests.e2e.test_load_and_scale_out import needs_chromium

pytestmark = pytest.mark.e2e


@needs_chromium
def test_browser_cost_measures_both_apps_by_process():
    # its own process: Playwright's async API cannot run beside the suite's sync browser
    done = subprocess.run([sys.executable, "-m", "bench.browser_cost", "--queries", "2", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    print(json.dumps(result, indent=1))  # figures are printed, not asserted (no timing in tests)
    for side in ("ours", "peer"):
        r = result[side]
        assert "renderer" in r["by_process_ms"] and r["by_process_ms"]["renderer"] > 0  # Chromium's types were told apart
        assert abs(sum(r["by_process_ms"].values()) - r["browser_ms"]) < 1e-6
        assert r["latency_p50_s"] > 0 and r["server_ms"] > 0
