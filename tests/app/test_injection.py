"""#14: text from a shared link is shown as text, never as Markdown (no outside image, no link)."""

from __future__ import annotations

import doctest
import re

import pytest
from streamlit.testing.v1 import AppTest

import app.escape
from app.escape import plain
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean

EVIL_IMAGE = "![x](http://evil/x.png)"
# Markdown that a browser would turn into an image, a link or HTML when not escaped.
LIVE_MARKDOWN = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\((?!\\)|(?<!\\)<img|(?<!\\)\[[^\]]*(?<!\\)\]\(")


def rendered_texts(at: AppTest) -> list[str]:
    elements = [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success, *at.subheader]
    return [e.value for e in elements if isinstance(e.value, str)]


def open_with_params(page: str, params: dict[str, str], lang: str = "en") -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.session_state["lang"] = lang
    at.query_params.update(params)
    at.run()
    at.switch_page(str(ROOT / "pages" / page))
    at.run()
    return at


def test_plain_escapes_markdown_and_html_but_keeps_numbers():
    assert doctest.testmod(app.escape).failed == 0
    for evil in (EVIL_IMAGE, "[click](http://evil)", "<img src=x onerror=alert(1)>", "**bold** `code`", ":material/home: $x$"):
        escaped = plain(evil)
        assert not LIVE_MARKDOWN.search(escaped), escaped
        assert re.sub(r"\\(.)", r"\1", escaped) == evil  # nothing lost: unescaping gives the input back
    assert plain("0.452") == "0.452" and plain("-1,234.5") == "-1,234.5"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_crafted_analogy_link_shows_the_word_as_text(lang):
    at = open_with_params("analogies.py", {"a": EVIL_IMAGE, "b": "king", "c": "woman"}, lang=lang)
    assert_clean(at)
    texts = rendered_texts(at)
    assert not [s for s in texts if LIVE_MARKDOWN.search(s) or "http://evil" in s], texts
    shown = [s for s in at.error if plain(EVIL_IMAGE) in s.value]
    assert shown, [e.value for e in at.error]  # the unknown word is named, as text
    assert at.text_input(key="analogies.a").value == EVIL_IMAGE  # the input itself keeps what the link said


def test_a_crafted_free_query_link_is_text_too():
    at = open_with_params("analogies.py", {"mode": "free", "pos": f"king, {EVIL_IMAGE}", "neg": "[l](http://evil)"})
    assert_clean(at)
    texts = rendered_texts(at)
    assert not [s for s in texts if LIVE_MARKDOWN.search(s) or "http://evil" in s], texts
