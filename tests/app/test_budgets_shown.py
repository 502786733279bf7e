"""The feedback-loop page shows the run's measured time estimate and refuses runs over the budget."""

from __future__ import annotations

from tests.app.conftest import assert_clean, open_page


def test_estimate_is_shown_before_running():
    at = open_page("feedback_loop.py")
    assert_clean(at)
    captions = [c.value for c in at.caption if "Estimated time" in c.value]
    assert captions and "LAB_MAX_SIMULATION_WORK" in captions[0]


def test_german_estimate():
    at = open_page("feedback_loop.py", lang="de")
    assert any("Geschätzte Dauer" in c.value for c in at.caption)


def test_over_budget_world_is_one_sentence_and_nothing_runs(monkeypatch):
    monkeypatch.setenv("LAB_MAX_SIMULATION_WORK", "1000")
    at = open_page("feedback_loop.py")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("more than the limit of 1,000" in e and "LAB_MAX_SIMULATION_WORK" in e for e in errors), errors


def test_cuda_absent_falls_back_to_the_cpu_with_a_note(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("LAB_DEVICE", "cuda")
    at = open_page("autoencoder.py")
    assert_clean(at)
    assert any("LAB_DEVICE=cuda" in i.value and "not available" in i.value for i in at.info)
