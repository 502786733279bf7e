from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRYPOINT, assert_clean, open_page


def test_home_shows_default_embedding_and_device():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    assert_clean(at)
    values = [m.value for m in at.metric]
    assert "glove-6b-50d" in values
    assert any(v in ("CPU", "CUDA", "MPS") for v in values)


def test_switch_to_german_translates_the_page():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    at.sidebar.radio(key="lang").set_value("de").run()
    assert_clean(at)
    assert at.title[0].value == "Bias- & Embedding-Labor"
    assert "PyTorch-Gerät" in [m.label for m in at.metric]


def test_home_page_through_navigation():
    at = open_page("home.py")
    assert_clean(at)


def test_home_links_every_other_page_with_a_description():
    from app.navigation import NAVIGATION, PAGES_DIR

    at = AppTest.from_file(ENTRYPOINT, default_timeout=120).run()
    assert_clean(at)
    labels = [link.proto.label for link in at.get("page_link")]
    expected = [f for _, f, _, _, _ in NAVIGATION if f != "home.py" and (PAGES_DIR / f).exists()]
    assert len(labels) == len(expected) == 10  # nine analysis pages and the Lesson
    assert "**Analogies**" in labels and "**Audit report**" in labels
    assert not any("⟨" in c.value for c in at.caption)
