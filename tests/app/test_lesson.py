"""The Lesson page: every step live in English and German, presenter mode, previous/next, URLs."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.lesson import STEPS
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean


def open_lesson(lang: str = "en", **params: str) -> AppTest:
    """The app opened on the lesson URL (``/lesson?step=…``), as a shared link would open it."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=240)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(str(ROOT / "pages" / "lesson.py"))
    at.run()
    return at


def heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_step_renders_its_live_result(lang):
    at = open_lesson(lang)
    for step in range(1, STEPS + 1):
        assert_clean(at)
        assert heading(at).startswith(f"### {step}. "), heading(at)
        assert at.query_params["step"] == str(step)
        if step in (1, 2, 3, 5):  # the tables of live numbers
            assert at.table, f"step {step} shows no result table"
        if step == 1:
            cells = at.table[0].value
            assert cells.iloc[0, 0] == "queen"  # king − man + woman on GloVe, live
        if step == 6:
            assert "°" in " ".join(m.value for m in at.markdown)  # linear AE = PCA: principal angle shown
        if step == 7:
            assert at.get("graphviz_chart") and at.table
        if step == 8:
            text = " ".join(m.value for m in at.markdown)
            assert "Amazon" in text and "Twitter" in text
        if step < STEPS:
            at.button(key="lesson.next").click().run()
    assert at.button(key="lesson.next").disabled
    at.button(key="lesson.prev").click().run()
    assert heading(at).startswith(f"### {STEPS - 1}. ")


def test_german_texts_and_number_format():
    at = open_lesson("de", step="4")
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Bias messen" in heading(at) and "Diskussion" in text
    assert "DirectBias von" in text and "d = **1,7" in text  # German decimal comma


@pytest.mark.parametrize("step", list(range(1, STEPS + 1)))
def test_the_url_of_every_step_reproduces_it(step):
    at = open_lesson("en", step=str(step), present="1")
    assert_clean(at)
    assert heading(at).startswith(f"### {step}. ")
    assert at.query_params["present"] == "1"
    assert any("stSidebar" in m.value for m in at.markdown)  # presenter CSS hides the sidebar
    assert not at.title  # no page title in presenter mode: the step fills the screen


def test_presenter_mode_toggles_and_a_bad_step_falls_back():
    at = open_lesson("en", step="99")
    assert heading(at).startswith(f"### {STEPS}. ")  # clamped to the last step
    at = open_lesson("en", step="abc")
    assert heading(at).startswith("### 1. ") and at.title
    at.button(key="lesson.present_button").click().run()
    assert at.query_params["present"] == "1" and not at.title
    at.button(key="lesson.present_button").click().run()
    assert "present" not in at.query_params and at.title


def test_step6_parts_come_from_the_url():
    at = open_lesson("de", step="6", part="gd")
    assert_clean(at)
    assert at.get("vega_lite_chart"), "the gradient-descent comparison draws its chart"
    at = open_lesson("en", step="6", part="colour")
    assert_clean(at)
    assert at.get("image"), "the colour bottleneck shows originals and reconstructions"


def test_autoencoder_page_offers_the_bundled_colour_patches():
    from tests.app.conftest import open_page

    at = open_page("autoencoder.py")
    cifar = at.button(key="autoencoder.setup_cifar_button")
    assert cifar.disabled and "3072" in cifar.help  # a disabled button says why
    at.radio(key="autoencoder.source").set_value("photos").run()
    assert_clean(at)
    cifar = at.button(key="autoencoder.setup_cifar_button")
    assert not cifar.disabled
    assert any("1,950" in c.value for c in at.caption)  # 1,950 patches × 3072 values
