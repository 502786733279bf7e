"""Shared widgets: error handling that never shows a traceback, word-list inputs, progress, downloads."""

from __future__ import annotations

import contextlib
import io
import logging
from typing import Iterator

import pandas as pd
import streamlit as st

from analysis.errors import AnalysisError, UnknownWordsError
from analysis.progress import ProgressFn
from analysis.wordparse import split_words
from app.escape import plain
from app.i18n import current_language, md, num, t

log = logging.getLogger("bias-lab")


@contextlib.contextmanager
def guard() -> Iterator[None]:
    """Show user errors as a red box and unexpected ones as a short message; never a traceback.

    Streamlit's own control-flow exceptions (rerun, stop, page switch) pass through untouched.
    """
    try:
        yield
    except UnknownWordsError as exc:
        # the words come from the user (a URL, a text box, a file): shown as text, never as Markdown
        st.error(md("common.unknown_words", words=", ".join(f"'{w}'" for w in exc.missing)))
        for word, near in exc.suggestions.items():
            if near:
                st.info(md("common.did_you_mean", word=word, suggestions=", ".join(near)))
    except AnalysisError as exc:
        st.error(plain(exc.localised(current_language())))  # library messages are plain sentences
    except Exception as exc:  # noqa: BLE001
        if type(exc).__module__.startswith("streamlit"):
            raise
        log.exception("unexpected error on a page")
        st.error(md("common.unexpected", error=f"{type(exc).__name__}: {exc}"))


def parse_words(text: str) -> list[str]:
    """Words from free text: split on commas, semicolons, whitespace; blanks dropped, order kept."""
    return split_words(text)


def words_input(label: str, default: list[str] | str, key: str, height: int = 80, help: str | None = None) -> list[str]:
    """A text area for a word list (comma or newline separated); returns the parsed words."""
    value = default if isinstance(default, str) else ", ".join(default)
    return parse_words(st.text_area(label, value=value, key=key, height=height, help=help))


def progress_bar(label: str) -> tuple[ProgressFn, "st.delta_generator.DeltaGenerator"]:
    """A progress bar and the ``ProgressFn`` that drives it (for analysis functions)."""
    bar = st.progress(0.0, text=label)

    def update(fraction: float, message: str = "") -> None:
        bar.progress(fraction, text=f"{label} — {message}" if message else label)

    return update, bar


def download_csv(df: pd.DataFrame, filename: str, key: str, label: str | None = None) -> None:
    buffer = io.StringIO()
    df.to_csv(buffer, index=False)
    st.download_button(
        label or t("common.download_csv"),
        buffer.getvalue().encode("utf-8"),
        file_name=filename,
        mime="text/csv",
        key=key,
    )


def cached_chart(key: tuple, build, *, where=st, width="stretch") -> None:
    """Draw the Altair chart ``build()`` makes; its spec is built once for all sessions by ``key``.

    ``key`` names everything the chart shows (inputs, options, the language); see ``state.chart_spec``.
    """
    from app import state

    where.vega_lite_chart(spec=state.chart_spec(key, build), width=width)


def embedding_caption(info) -> None:
    """One line that says which embedding a page is analysing."""
    st.caption(md("common.active_embedding", name=info.name, words=num(info.vocab_size), dims=info.dims))
