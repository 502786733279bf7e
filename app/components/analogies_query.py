"""The Analogies page's query widgets: lecture presets, a : b :: c or free words, method and options.

The query lives in the URL (``?a=man&b=king&c=woman&method=add&k=10&excl=1``) so an instructor can
share a link that opens the same analogy.
"""

from __future__ import annotations

import streamlit as st

from analysis.analogy import METHOD_NAMES, AnalogyPreset, load_presets
from app import ui
from app.components.choice import choice
from app.i18n import t
from app.url_state import Field, UrlBinder

K = "analogies."  # prefix of every session-state key of the page
PRESETS = {p.id: p for p in load_presets()}
# The query in the URL ("lang" belongs to app/i18n.py and is left alone).
URL = UrlBinder(K, [
    Field("mode", "mode", str, "abc", choices=("abc", "free")),
    Field("a", "a", str, "man"),
    Field("b", "b", str, "king"),
    Field("c", "c", str, "woman"),
    Field("pos", "pos", str, "king, woman"),
    Field("neg", "neg", str, "man"),
    Field("method", "method", str, "add", choices=tuple(METHOD_NAMES)),
    Field("k", "topn", int, 10, low=1, high=50),
    Field("excl", "exclude", bool, True),
    Field("vocab", "restrict", int, 0, low=0, omit_default=True),
    Field("preset", "preset", str, "", choices=("", *PRESETS)),
])


def write_url() -> None:
    """Mirror the current query into the URL: a, b, c or pos, neg depending on the mode."""
    words = ("a", "b", "c") if st.session_state[K + "mode"] == "abc" else ("pos", "neg")
    URL.publish(st.session_state, st.query_params, only=("mode", *words, "method", "k", "excl", "vocab", "preset"))


def apply_preset(preset_id: str) -> None:
    preset = PRESETS[preset_id]
    st.session_state[K + "mode"] = "abc"
    st.session_state[K + "a"], st.session_state[K + "b"], st.session_state[K + "c"] = preset.a, preset.b, preset.c
    st.session_state[K + "preset"] = preset_id


def current_query() -> tuple[list[str], list[str], tuple[str, str, str] | None]:
    """(positive, negative, (a, b, c) or None) from the input widgets."""
    if st.session_state[K + "mode"] == "abc":
        a, b, c = (st.session_state[K + x].strip() for x in "abc")
        return [w for w in (b, c) if w], [w for w in (a,) if w], (a, b, c)
    return ui.parse_words(st.session_state[K + "pos"]), ui.parse_words(st.session_state[K + "neg"]), None


def active_preset(abc: tuple[str, str, str] | None) -> AnalogyPreset | None:
    """The preset still shown (None once the user edits a word)."""
    preset = PRESETS.get(st.session_state.get(K + "preset") or "")
    if preset is None or abc is None or tuple(w.lower() for w in abc) != (preset.a, preset.b, preset.c):
        st.session_state[K + "preset"] = ""
        return None
    return preset


def method_choice(key: str, where=st, **kwargs) -> str:
    """3CosAdd or 3CosMul (their names are the same in every language)."""
    return choice("analogies.method", list(METHOD_NAMES), key, labels=METHOD_NAMES, where=where, **kwargs)


def query_inputs() -> None:
    """Draw the preset buttons and the query widgets; their values are read from session state."""
    st.markdown(t("analogies.presets_label"))
    columns = st.columns(4)
    for i, preset in enumerate(PRESETS.values()):
        columns[i % 4].button(
            preset.label, key=K + "preset_button." + preset.id, on_click=apply_preset, args=(preset.id,), help=preset.source, width="stretch"
        )
    choice("analogies.mode", ["abc", "free"], K + "mode", option_key="analogies.mode_{}", horizontal=True)
    if st.session_state[K + "mode"] == "abc":
        left, mid, right = st.columns(3)
        left.text_input("a", key=K + "a", help=t("analogies.a_help"))
        mid.text_input("b", key=K + "b", help=t("analogies.b_help"))
        right.text_input("c", key=K + "c", help=t("analogies.c_help"))
        st.caption(t("analogies.abc_hint"))
    else:
        left, right = st.columns(2)
        left.text_input(t("analogies.positive"), key=K + "pos", help=t("analogies.positive_help"))
        right.text_input(t("analogies.negative"), key=K + "neg", help=t("analogies.negative_help"))
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    method_choice(K + "method", where=c1, help=t("analogies.method_help"))
    c2.toggle(t("analogies.exclude"), key=K + "exclude", help=t("analogies.exclude_help"))
    c2.toggle(t("analogies.compare"), key=K + "compare", help=t("analogies.compare_help"))
    c3.slider(t("analogies.topn"), 1, 50, key=K + "topn")
    c4.number_input(t("analogies.restrict"), min_value=0, step=10_000, key=K + "restrict", help=t("analogies.restrict_help"))
