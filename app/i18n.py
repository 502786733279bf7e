"""All UI text, in English and German, from one small module.

Strings live in ``app/locales/<area>.json`` as ``{"key": {"en": "...", "de": "..."}}``; one file per
page keeps concurrent work apart, and keys are namespaced by area (``"embeddings.title"``). Loading
fails loudly on a key defined twice. ``t(key, **values)`` formats with ``str.format``.
The language is chosen in the sidebar and kept in ``st.session_state["lang"]`` and the URL (``?lang=de``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
LOCALES = Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """Every key in every locale file (read once per process)."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} is defined twice (second time in {path.name})")
            merged[key] = texts
    return merged


def current_language() -> str:
    try:
        lang = st.session_state.get("lang")
        if lang not in LANGUAGES:
            lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    except Exception:  # noqa: BLE001 - called outside a script run (e.g. a widget's format_func in tests)
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language (English if a translation is missing)."""
    texts = strings().get(key)
    if texts is None:
        return f"⟨{key}⟩"  # visible in the UI and caught by tests/app/test_i18n.py
    text = texts.get(current_language()) or texts["en"]
    return text.format(**values) if values else text


def language_selector() -> None:
    """The sidebar's English/Deutsch switch; the choice survives page changes and sits in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = current_language()
    st.sidebar.radio(
        ":material/translate: Language / Sprache",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )
    if st.query_params.get("lang") != st.session_state["lang"]:
        st.query_params["lang"] = st.session_state["lang"]
