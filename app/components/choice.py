"""``choice``: a radio or select box whose option labels are translated now, not later.

A ``format_func=lambda o: t(...)`` is called whenever Streamlit (or an AppTest, in the test process)
formats an option — possibly outside this script run, where the session's language is unknown, so
the labels came out in English on a German page. ``choice`` looks every label up once, while the
script runs in the session's language, and hands Streamlit a plain dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from app.i18n import t


def option_labels(options: Iterable[Any], option_key: str | Callable[[Any], str]) -> dict[Any, str]:
    """Each option's label in the session's language.

    ``option_key`` is a pattern such as ``"debias.method_{}"`` or a function from option to key.
    """
    to_key = option_key if callable(option_key) else option_key.format
    return {option: t(to_key(option)) for option in options}


def choice(
    label_key: str,
    options: Iterable[Any],
    key: str,
    *,
    option_key: str | Callable[[Any], str] | None = None,
    labels: Mapping[Any, str] | None = None,
    widget: str = "radio",
    where: Any = st,
    label_values: Mapping[str, object] | None = None,
    **kwargs: Any,
) -> Any:
    """Draw ``where.radio``/``where.selectbox`` labelled ``t(label_key)``; returns the chosen option.

    Option labels come from ``labels`` (already in the right language) or from ``option_key``;
    without either the options are shown as they are. ``label_values`` fill the label's placeholders.
    """
    options = list(options)
    if labels is None:
        labels = option_labels(options, option_key) if option_key is not None else {o: str(o) for o in options}
    draw = {"radio": where.radio, "selectbox": where.selectbox}[widget]
    return draw(t(label_key, **(label_values or {})), options, format_func=dict(labels).__getitem__, key=key, **kwargs)
