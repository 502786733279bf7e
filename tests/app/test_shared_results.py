"""Class-wide shared results (app/state.py): a second session asking the same thing gets the same answer,
computed once, and the answer equals a fresh computation; stopped runs are never shared."""

from __future__ import annotations

import json

import pytest

from analysis.analogy import analogy
from analysis.bias import weat
from analysis.charts.analogy import results_chart
from analysis.embeddings import load_default_glove
from analysis.feedback.compare import run_all
from analysis.feedback.config import preset
from analysis.progress import StopRequested
from analysis.wordlists import caliskan_test
from app import state
from tests.app.conftest import assert_clean, chart_specs, open_page


def ask(at, word: str):
    at.text_input(key="analogies.c").set_value(word).run()
    assert_clean(at)
    return at


def chart_rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def test_a_second_session_gets_the_same_answer_and_charts_without_recomputing(monkeypatch):
    first = ask(open_page("analogies.py"), "sister")
    first_specs = chart_specs(first)
    emb = load_default_glove()
    options = (("exclude_inputs", True), ("method", "add"), ("restrict_vocab", None), ("topn", 10))
    cached = state.analogy_answer(emb.info.content_hash, ("king", "sister"), ("man",), options, _emb=emb)
    fresh = analogy(emb, ["king", "sister"], ["man"], topn=10)
    assert [(n.word, n.score) for n in cached.results] == [(n.word, n.score) for n in fresh.results]

    # A second session must not compute the answer or build a chart again.
    import analysis.analogy as analogy_module
    import app.components.analogies_results as renderers

    def refuse(*args, **kwargs):
        raise AssertionError("recomputed although another session asked the same")

    for module, name in ((analogy_module, "analogy"), (renderers, "results_chart"), (renderers, "parallelogram_chart"), (renderers, "parallelogram_points")):
        monkeypatch.setattr(module, name, refuse)
    second = ask(open_page("analogies.py"), "sister")
    assert [m.value for m in second.markdown if "sister" in m.value] == [m.value for m in first.markdown if "sister" in m.value]
    second_specs = chart_specs(second)
    assert second_specs == first_specs  # the very spec st.altair_chart sent the first time
    bars = first_specs[0]
    assert bars["mark"]["type"] == "bar"
    assert [r["word"] for r in chart_rows(bars)] == [n.word for n in fresh.results]
    expected = results_chart(fresh).to_dict()
    assert bars["encoding"]["x"]["field"] == expected["encoding"]["x"]["field"] == "score"


def test_another_query_or_language_is_not_served_from_the_cache():
    at = ask(open_page("analogies.py"), "sister")
    answer_en = [m.value for m in at.markdown if "sister" in m.value]
    ask(at, "mother")
    assert any("mother" in m.value for m in at.markdown) and not any("sister" in m.value for m in at.markdown)
    german = ask(open_page("analogies.py", lang="de"), "sister")
    specs = chart_specs(german)
    assert "Kosinus" in json.dumps(specs[0])  # the German axis title, not the English chart of the first session
    assert answer_en


def test_weat_page_shares_one_seeded_result_equal_to_a_fresh_run():
    at = open_page("weat.py")
    assert_clean(at)
    emb = load_default_glove()
    test = caliskan_test("caliskan-6")
    options = (("permutations", 100_000), ("seed", 0), ("ddof", 1), ("max_missing_fraction", 0.2))
    lists = tuple(tuple(getattr(test, k)) for k in "XYAB")
    shown = [m.value for m in at.metric]
    again = open_page("weat.py")
    assert [m.value for m in again.metric] == shown
    cached = state.weat_result(emb.info.content_hash, lists, options, _emb=emb)
    fresh = weat(emb, test.X, test.Y, test.A, test.B, permutations=100_000, seed=0, ddof=1, max_missing_fraction=0.2)
    assert (cached.effect_size, cached.p_value, cached.statistic) == (fresh.effect_size, fresh.p_value, fresh.statistic)
    assert shown[1] == f"{fresh.effect_size:.3f}"
    assert chart_specs(again) == chart_specs(at)


def small_config(seed: int):
    import dataclasses

    return dataclasses.replace(preset("engagement feed"), n_users=120, n_publishers=10, steps=12, world_seed=seed)


def test_a_stopped_simulation_is_never_shared_and_a_finished_one_is():
    config = small_config(seed=987_654)
    calls = []

    def stop_after_three(fraction: float, message: str = "") -> None:
        calls.append(fraction)
        if len(calls) > 3:
            raise StopRequested

    partial = state.simulation_results([config], stop_after_three)
    assert partial[0].stopped_early and len(partial[0].metrics) < config.steps
    assert state._shared_results()["simulation"].get((config,)) is None

    full = state.simulation_results([config])
    assert not full[0].stopped_early and len(full[0].metrics) == config.steps
    again = state.simulation_results([config], lambda *a: pytest.fail("a shared run must not run again"))
    assert again is full
    fresh = run_all([config])
    import numpy as np

    shared, again_fresh = full[0].metrics, fresh[0].metrics
    assert shared.columns == again_fresh.columns  # deterministic: the shared run is the run
    assert all(np.array_equal(shared[c], again_fresh[c]) for c in shared.columns)


def test_feedback_charts_of_a_shared_run_equal_the_first_sessions():
    first = open_page("feedback_loop.py")
    first.slider(key="fb_k_n_users").set_value(150)
    first.slider(key="fb_k_steps").set_value(20)
    first.button(key="fb_run").click().run()
    assert_clean(first)
    second = open_page("feedback_loop.py")
    second.slider(key="fb_k_n_users").set_value(150)
    second.slider(key="fb_k_steps").set_value(20)
    second.button(key="fb_run").click().run()
    assert_clean(second)
    assert second.session_state["fb_results"] is not first.session_state["fb_results"]  # each session its own dict …
    assert [r for r in second.session_state["fb_results"].values()] == [r for r in first.session_state["fb_results"].values()]  # … of the same runs
    specs = chart_specs(second)
    assert specs == chart_specs(first) and len(specs) == 6
