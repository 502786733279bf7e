"""Every lesson link opens the full page with the step's inputs: follow the link's query parameters
into the target page and read the widgets back, also when that page was visited before."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from analysis import lesson, lesson_models as models
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean

WIDGETS = ("text_input", "text_area", "number_input", "selectbox", "radio", "checkbox", "toggle", "slider")


def widget(at: AppTest, key: str):
    """The widget with ``key`` on the page, whatever its kind (fails when it is not drawn)."""
    for kind in WIDGETS:
        for element in getattr(at, kind):
            if element.key == key:
                return element
    raise AssertionError(f"no widget {key!r} on the page")


def lesson_links(at: AppTest) -> dict[str, dict[str, str]]:
    """The step's links: target page's URL path -> its query parameters."""
    return {link.proto.page.strip("/").split("/")[-1].replace("-", "_"): dict(parse_qsl(link.proto.query_string, keep_blank_values=True)) for link in at.get("page_link")}


def open_lesson(at: AppTest, **params: str) -> AppTest:
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(str(ROOT / "pages" / "lesson.py"))
    at.session_state["lesson.step"] = int(params["step"])  # a later visit in the same session: the step as chosen
    at.session_state["lesson.present"] = False
    at.run()
    assert_clean(at)
    return at


def follow(at: AppTest, page_file: str, query: dict[str, str]) -> AppTest:
    """Open ``pages/<page_file>`` with the link's query string, as clicking the link does."""
    at.query_params.clear()
    at.query_params.update(query)
    at.switch_page(str(ROOT / "pages" / page_file))
    at.run()
    assert_clean(at)
    return at


def fresh(lang: str = "en") -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=240)
    at.session_state["lang"] = lang
    at.run()
    return at


@pytest.fixture(scope="module")
def at():
    """One session for all links: each target page is visited, changed, then reached by the link."""
    return fresh()


def test_step1_and_3_open_the_analogy_with_its_exclusion_setting(at):
    follow(at, "analogies.py", {})
    widget(at, "analogies.a").set_value("paris").run()  # the page was used before the link is clicked
    # step 1 links its first analogy (king − man + woman), step 3 its doctor query with the inputs allowed
    for step, (pos, neg), exclude in ((1, (("king", "woman"), ("man",)), True), (3, lesson.EXCLUSION_QUERIES[1][:2], False)):
        links = lesson_links(open_lesson(at, step=str(step)))
        follow(at, "analogies.py", links["analogies"])
        assert widget(at, "analogies.a").value == neg[0]
        assert (widget(at, "analogies.b").value, widget(at, "analogies.c").value) == pos
        assert widget(at, "analogies.exclude").value is exclude
        assert links["analogies"]["lang"] == "en"


def test_step2_and_4_open_the_bias_probe_and_the_weat(at):
    follow(at, "bias_probes.py", {})
    follow(at, "weat.py", {})
    widget(at, "weat_seed").set_value(7).run()  # both pages used before the lesson's links
    links = lesson_links(open_lesson(at, step="2"))
    follow(at, "bias_probes.py", links["bias_probes"])
    assert at.session_state["bias_preset"] == lesson.BIAS_ANALOGY_KEYS[0]
    links = lesson_links(open_lesson(at, step="4"))
    follow(at, "bias_probes.py", links["bias_probes"])
    assert at.session_state["bias_method"] == "pair" and at.session_state["bias_list"] == "neutral"
    assert (widget(at, "bias_pair_a").value, widget(at, "bias_pair_b").value) == ("she", "he")
    follow(at, "weat.py", links["weat"])
    assert at.session_state["weat_test"] == lesson.WEAT_TEST
    assert widget(at, "weat_permutations").value == lesson.WEAT_PERMUTATIONS
    assert widget(at, "weat_seed").value == lesson.WEAT_SEED


@pytest.mark.parametrize(
    ("part", "config", "source"),
    [
        ("pca", models.linear_pca_config(), "digits"),
        ("colour", models.bottleneck_config(), "photos"),
        ("gd", models.gd_config(), "digits"),
        ("k", models.over_k_config(), "digits"),
    ],
)
def test_step6_opens_the_autoencoder_with_the_experiments_config(at, part, config, source):
    follow(at, "autoencoder.py", {})
    widget(at, "autoencoder.latent").set_value(5).run()  # changed on the page before the lesson's link
    links = lesson_links(open_lesson(at, step="6", part=part))
    follow(at, "autoencoder.py", links["autoencoder"])
    assert widget(at, "autoencoder.source").value == source
    assert widget(at, "autoencoder.latent").value == config.latent_dim
    assert widget(at, "autoencoder.activation").value == config.activation
    assert widget(at, "autoencoder.output_activation").value == config.output_activation
    assert widget(at, "autoencoder.scaling").value == config.scaling
    assert widget(at, "autoencoder.lr").value == pytest.approx(config.lr)
    assert widget(at, "autoencoder.epochs").value == config.epochs
    assert widget(at, "autoencoder.batch_size").value == config.batch_size
    if part == "gd":  # drawn only after training: the state the comparison's widgets start from
        gd = models.GdDefaults()
        assert (at.session_state["autoencoder.gd_epochs"], at.session_state["autoencoder.gd_mini_batch"], at.session_state["autoencoder.gd_max_samples"]) == (gd.epochs, gd.mini_batch, gd.samples)


def test_step7_opens_the_feedback_comparison_and_runs_it(at):
    links = lesson_links(open_lesson(at, step="7"))
    follow(at, "feedback_loop.py", links["feedback_loop"])
    assert at.session_state["fb_preset"] == "engagement feed"
    assert at.session_state["fb_compare"] and at.session_state["fb_compare_preset"] == "random feed"
    assert at.session_state["fb_results"], "the linked comparison runs at once"
