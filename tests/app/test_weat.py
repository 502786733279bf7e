"""WEAT page: a built-in test, a custom run, an unknown word, options; numbers equal the library's."""

from __future__ import annotations

import pytest

from analysis.bias import weat
from analysis.embeddings import load_default_glove
from analysis.wordlists import caliskan_test
from tests.app.conftest import assert_clean, open_page


@pytest.fixture(scope="module")
def emb():
    return load_default_glove()


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_builtin_weat_run_shows_s_d_p_chart_and_published_value(emb):
    at = open_page("weat.py")
    assert_clean(at)
    t = caliskan_test("caliskan-6")  # the default selection
    r = weat(emb, t.X, t.Y, t.A, t.B)
    m = _metrics(at)
    assert m["Test statistic s"] == f"{r.statistic:.4f}"
    assert m["Effect size d"] == f"{r.effect_size:.3f}"
    assert r.exact and r.p_value == 0 and m["p-value (one-sided)"] == f"< {1 / 12870:.1e}"
    captions = " ".join(c.value for c in at.caption)
    assert "exact: all 12,870 partitions" in captions and "d = 1.81" in captions
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    assert any(b"john" in d.data.data for c in charts for d in c.proto.datasets)

    # Another built-in test, with a missing word reported and a sampled p-value.
    at.selectbox(key="weat_test").set_value("caliskan-1").run()
    assert_clean(at)
    t1 = caliskan_test("caliskan-1")
    r1 = weat(emb, t1.X, t1.Y, t1.A, t1.B)
    m = _metrics(at)
    assert m["Effect size d"] == f"{r1.effect_size:.3f}" and m["p-value (one-sided)"] == f"{r1.p_value:.4g}"
    assert any("gladiola" in w.value for w in at.warning)
    assert any("100,000 of" in c.value for c in at.caption)

    # Options: population standard deviation and another seed give the library's numbers.
    at.radio(key="weat_ddof").set_value(0).run()
    at.number_input(key="weat_seed").set_value(5).run()
    assert_clean(at)
    r2 = weat(emb, t1.X, t1.Y, t1.A, t1.B, ddof=0, seed=5)
    m = _metrics(at)
    assert m["Effect size d"] == f"{r2.effect_size:.3f}" and m["p-value (one-sided)"] == f"{r2.p_value:.4g}"


def test_custom_lists_and_unknown_words(emb):
    at = open_page("weat.py")
    at.radio(key="weat_source").set_value("custom").run()
    assert_clean(at)
    at.text_area(key="weat_x").input("math, algebra, geometry, calculus, equations").run()
    assert_clean(at)
    t = caliskan_test("caliskan-7")
    r = weat(emb, ["math", "algebra", "geometry", "calculus", "equations"], t.Y, t.A, t.B)
    assert _metrics(at)["Effect size d"] == f"{r.effect_size:.3f}"
    # One unknown word of three in X: more than 20 % missing, so the test is refused with the word named.
    at.text_area(key="weat_x").input("math, algebra, qwxyzz").run()
    assert not at.exception
    assert any("qwxyzz" in e.value and "refused" in e.value for e in at.error)
    assert not at.metric
    # Raising the tolerance runs it and lists the missing word.
    at.slider(key="weat_max_missing").set_value(0.5).run()
    assert_clean(at)
    assert any("qwxyzz" in w.value for w in at.warning)
    # An empty list: a friendly warning, no numbers.
    at.text_area(key="weat_b").input("").run()
    assert_clean(at)
    assert any("B" in w.value for w in at.warning) and not at.metric


def test_german_weat_page():
    at = open_page("weat.py", lang="de")
    assert_clean(at)
    assert "Effektstärke d" in _metrics(at)
    at.selectbox(key="weat_test").set_value("caliskan-7").run()
    assert_clean(at)
