"""The Audit report page's extra options: sections, the auditor's own WEAT test, comparison, debiasing.

``report_options(emb)`` draws the widgets (inside the page's form) and returns a ``ReportOptions``;
``debiased_source(emb)`` finds the original of an active debiased variant (its source names the
original's content hash), so the report can show before/after without being asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from analysis.embeddings import DEFAULT_SOURCE, Embeddings
from analysis.report import DEBIAS_METHODS, DEFAULT_INDIRECT_PAIRS, CustomWeat
from app import state, ui
from app.i18n import t

_HASH_IN_SOURCE = re.compile(r" of .+ \[([0-9a-f]{8,})\]")  # analysis.debias._debiased_embedding's source


@dataclass(frozen=True)
class ReportOptions:
    """What the extra widgets chose."""

    she_he_topn: int  # generated she/he analogies listed (0 = none)
    indirect_pairs: tuple[tuple[str, str], ...]  # (w, v) pairs for β
    debias: str  # "", "hard" or "inlp": debias the active embedding for the before/after section
    debiased_from: Embeddings | None  # the original when the active embedding is its debiased variant
    compare: Embeddings | None  # a second embedding audited with the same settings
    custom: tuple[CustomWeat, ...]  # the auditor's own WEAT test (0 or 1)


def debiased_source(emb: Embeddings) -> Embeddings | None:
    """The original of a debiased variant made on the Debiasing page, if it is still loaded."""
    match = _HASH_IN_SOURCE.search(emb.info.source or "")
    if not match:
        return None
    original = state.embedding_by_hash(match.group(1))
    return original if original is not None and original.words == emb.words else None


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in ui.parse_words(text):
        w, _, v = item.partition(":")
        if w and v:
            pairs.append((w, v))
    return tuple(pairs)


def _embedding(key: str) -> Embeddings | None:
    return state.default_embeddings() if key == DEFAULT_SOURCE else state.embedding_by_hash(key)


def report_options(emb: Embeddings) -> ReportOptions:
    """The extra widgets, in two expanders (call inside the page's form)."""
    original = debiased_source(emb)
    with st.expander(t("report_options.sections")):
        a, b = st.columns(2)
        topn = a.number_input(t("report_options.she_he_topn"), 0, 100, 20, key="report_she_he_topn")
        pairs = b.text_input(t("report_options.indirect_pairs"), ", ".join(f"{w}:{v}" for w, v in DEFAULT_INDIRECT_PAIRS), key="report_indirect_pairs")
        c, d = st.columns(2)
        with_original = c.checkbox(t("report_options.with_original"), value=True, key="report_with_original", disabled=original is None,
                                   help=t("report_options.with_original_help"))
        # Options are the shown labels (a language-dependent format_func confuses AppTest and URL state).
        methods = {t(f"report_options.debias_{m or 'none'}"): m for m in ("", *DEBIAS_METHODS)}
        debias = methods[d.selectbox(t("report_options.debias"), list(methods), key="report_debias", disabled=original is not None and with_original)]
        others = {t("report_options.compare_none"): ""}
        others.update({name: k for k, name in state.known_embeddings().items() if k != emb.info.content_hash and name != emb.info.name})
        compare_key = others[st.selectbox(t("report_options.compare"), list(others), key="report_compare")]
    with st.expander(t("report_options.own_weat")):
        st.caption(t("report_options.own_weat_help"))
        name = st.text_input(t("report_options.own_name"), key="report_own_name")
        x, y = st.columns(2)
        sets = [x.text_area("X", key="report_own_x", height=68), y.text_area("Y", key="report_own_y", height=68)]
        a2, b2 = st.columns(2)
        sets += [a2.text_area("A", key="report_own_a", height=68), b2.text_area("B", key="report_own_b", height=68)]
    words = [tuple(ui.parse_words(s)) for s in sets]
    custom = (CustomWeat(name.strip() or t("report_options.own_default_name"), *words),) if all(words) else ()
    return ReportOptions(
        she_he_topn=int(topn),
        indirect_pairs=_pairs(pairs),
        debias="" if original is not None and with_original else debias,
        debiased_from=original if with_original else None,
        compare=_embedding(compare_key) if compare_key else None,
        custom=custom,
    )
