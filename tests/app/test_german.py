"""#11: every page in German shows no English-only text — messages, widget labels and options,
metrics, tabs, and the charts' titles, axes and legends.

English text is recognised by words that German does not use (``the``, ``of``, ``with`` …, and the
chart vocabulary that used to leak: ``similarity``, ``variance``, ``ratio``). Inline code and the
words of the analysed lists are data, not UI, and are left out.
"""

from __future__ import annotations

import re

import pytest

from app.navigation import NAVIGATION, PAGES_DIR
from tests.app.conftest import assert_clean, chart_specs, open_page

ENGLISH = re.compile(
    r"\b(the|of|and|with|is|are|from|this|that|which|words|similarity|variance|ratio|score|samples|features|users|loss|rank)\b"
)
CODE = re.compile(r"`[^`]*`")
LABEL_KEYS = {"title", "text", "subtitle"}
WIDGETS = ("radio", "selectbox", "slider", "number_input", "text_input", "text_area", "checkbox", "toggle", "button", "select_slider")
PAGES = [filename for _, filename, _, _, _ in NAVIGATION if (PAGES_DIR / filename).exists()]


def chart_texts(spec, out: list[str], key: str = "") -> None:
    """Titles anywhere in a Vega-Lite spec (chart, axes, legends), and a legend's colour domain."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k in ("datasets", "data", "$schema"):
                continue
            if k == "domain" and isinstance(v, list):
                out += [str(x) for x in v if isinstance(x, str)]
            chart_texts(v, out, k)
    elif isinstance(spec, list):
        for v in spec:
            chart_texts(v, out, key)
    elif isinstance(spec, str) and key in LABEL_KEYS:
        out.append(spec)


def visible_texts(at) -> list[str]:
    texts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title", "header"):
        texts += [e.value for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]
    for kind in WIDGETS:
        for widget in at.get(kind):
            texts.append(getattr(widget, "label", "") or "")
            texts += [str(o) for o in (getattr(widget, "options", None) or [])]
    texts += [e.label for e in at.get("metric")] + [e.label for e in at.get("tab")] + [e.label for e in at.get("expander")]
    for spec in chart_specs(at):
        chart_texts(spec, texts)
    return [CODE.sub("", t) for t in texts if t]


def test_the_detector_sees_english():
    assert ENGLISH.search("explained variance ratio") and ENGLISH.search("PCA of 10 pairs")
    assert not ENGLISH.search("Anteil erklärter Varianz") and not ENGLISH.search("PCA von 10 Paaren")


@pytest.mark.parametrize("filename", PAGES)
def test_a_german_page_shows_no_english_only_text(filename):
    at = open_page(filename, lang="de")
    assert_clean(at)
    english = sorted({t for t in visible_texts(at) if ENGLISH.search(t)})
    assert not english, english


def test_weat_category_names_are_german():
    at = open_page("weat.py", lang="de")
    labels = " ".join(e.label for e in at.get("expander"))
    assert "Beruf" in labels and "Familie" in labels and "career" not in labels


def test_chart_tick_numbers_follow_the_language():
    """Vega formats axis ticks itself: a German session's charts carry the German number locale."""
    from app.chart_locale import theme_for

    german = chart_specs(open_page("embeddings.py", lang="de"))
    english = chart_specs(open_page("embeddings.py", lang="en"))
    assert german and english
    assert all(s["config"]["locale"]["number"]["decimal"] == "," for s in german)
    assert all("locale" not in s.get("config", {}) for s in english)
    # Outside a script run (library tests, the CLI, offline report SVGs) Altair's default is kept.
    assert theme_for(None) == {"config": {"view": {"continuousWidth": 300, "continuousHeight": 300}}}
