"""The app's entry point to the one text catalogue (``analysis/text.py``): ``t(key, **values)``.

The catalogue lives in ``analysis/locales/<page>.json``; this module only knows which language the
session speaks. The language is chosen in the sidebar and kept in ``st.session_state["lang"]`` and
the URL (``?lang=de``). Strings other engineers still add under ``app/locales/`` are read too.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.text import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    catalogue,
    format_number,
    format_percent,
    format_signed,
    format_significant,
    register_locales,
    text,
)
from app.escape import plain

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "current_language", "language_selector", "md", "num", "pct", "signed", "strings", "t"]

register_locales(Path(__file__).resolve().parent / "locales")


def strings() -> dict[str, dict[str, str]]:
    """Every key of the catalogue (read once per process)."""
    return catalogue()


def current_language() -> str:
    try:
        lang = st.session_state.get("lang")
        if lang not in LANGUAGES:
            lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    except Exception:  # noqa: BLE001 - called outside a script run (e.g. a widget's format_func in tests)
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the session's language (English if a translation is missing)."""
    return text(key, current_language(), **values)


def md(key: str, **values: object) -> str:
    """``t`` for Markdown elements: every value is shown as text (``app.escape.plain``), never as Markdown.

    Use it wherever a value can come from a URL, an upload or a file (words, names, file names).
    """
    return text(key, current_language(), **{name: plain(value) for name, value in values.items()})


def num(x: float, digits: int | None = None) -> str:
    """``x`` formatted for the session's language (``399.997`` and ``0,452`` in German)."""
    return format_number(x, current_language(), digits)


def pct(share: float, digits: int = 1, signed: bool = False) -> str:
    """A share as a percentage in the session's language (``45.2%``, ``45,2 %``; ``+1,2 %`` when ``signed``)."""
    return format_percent(share, current_language(), digits, signed)


def sig(x: float, digits: int = 6) -> str:
    """``x`` to ``digits`` significant figures in the session's language (``0.000123``, ``0,000123``)."""
    return format_significant(x, current_language(), digits)


def signed(x: float, digits: int = 2) -> str:
    """``x`` with its sign, in the session's language (``+0.25``, ``+0,25``)."""
    return format_signed(x, current_language(), digits)


def language_selector() -> None:
    """The sidebar's English/Deutsch switch; the choice survives page changes and sits in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = current_language()
    st.sidebar.radio(
        ":material/translate: Language / Sprache",
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,  # each language's own name, the same on every page: no ``choice`` needed
        key="lang",
        horizontal=True,
    )
    if st.query_params.get("lang") != st.session_state["lang"]:
        st.query_params["lang"] = st.session_state["lang"]
