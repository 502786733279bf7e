"""app/rerun_timing.py: the load test's server-side timing is off by default and exact when on (issue #14)."""

from __future__ import annotations

import doctest
import json
import time

import pytest

from app import rerun_timing
from app.rerun_timing import ENV, timed_rerun
from tests.app.conftest import open_page


def test_the_docstring_example_runs():
    assert doctest.testmod(rerun_timing).failed == 0


def test_off_by_default_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with timed_rerun("weat", time.perf_counter()):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_run_is_timed_from_the_given_start_and_an_exception_is_recorded_and_raised(tmp_path, monkeypatch):
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(ENV, str(log))
    with timed_rerun("analogies", time.perf_counter() - 0.25):  # started a quarter second ago
        time.sleep(0.05)
    with pytest.raises(KeyError):
        with timed_rerun("weat", time.perf_counter()):
            raise KeyError("x")
    first, second = (json.loads(line) for line in log.read_text().splitlines())
    assert first["page"] == "analogies" and first["end"] == "done" and 0.3 <= first["s"] < 5
    assert second["page"] == "weat" and second["end"] == "KeyError"
    assert abs(first["t"] - time.time()) < 60


def test_the_entrypoint_logs_each_full_run_with_its_page(tmp_path, monkeypatch):
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(ENV, str(log))
    at = open_page("weat.py")
    assert not at.exception
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["page"] for r in runs] == ["home", "weat"], runs  # the default page has an empty URL path
    assert runs[-1]["page"] == "weat" and runs[-1]["end"] == "done" and runs[-1]["s"] > 0
