"""The Latent-space page's word choice (preset, typed groups, a word's neighbours), its URL, and missing words."""

from __future__ import annotations

import streamlit as st

from analysis.errors import AnalysisError
from analysis.projection import WordSelection, load_presets, neighbour_groups, parse_groups, select_words
from app.components.choice import choice
from app.i18n import current_language, md, t
from app.url_state import Field, UrlBinder

VIEWS = ("pca2", "pca3", "tsne", "axes", "autoencoder")
SOURCES = ("preset", "typed", "neighbours")
DEFAULT_TYPED = "animals: dog, cat, horse, cow, lion\nvehicles: car, truck, bus, train, bicycle\nfood: bread, cheese, pasta, rice, soup"

# What decides the view is in the URL, so a link reproduces it in a fresh browser.
URL = UrlBinder("latent.", [
    Field("view", "view", str, "pca2", choices=VIEWS),
    Field("src", "source", str, "preset", choices=SOURCES),
    Field("unit", "unit", bool, True),
    Field("preset", "preset", str, load_presets()[0][0].key, choices=tuple(p.key for p in load_presets()[0])),
    Field("words", "typed", str, DEFAULT_TYPED),
    Field("word", "word", str, "berlin"),
    Field("topn", "topn", int, 30, low=5, high=200),
    Field("perp", "perplexity", int, 10, low=2, high=50),
    Field("init", "tsne_init", str, "pca", choices=("pca", "random")),
    Field("seed", "tsne_seed", int, 0, low=0, high=2**31 - 1),
])
SOURCE_FIELDS = {"preset": ("preset",), "typed": ("words",), "neighbours": ("word", "topn")}


def publish_url() -> None:
    """The fields that decide what is on screen: the word source's own, t-SNE's only in that view."""
    view = st.session_state["latent.view"]
    fields = ("view", "src", "unit", *SOURCE_FIELDS[st.session_state["latent.source"]], *(("perp", "init", "seed") if view == "tsne" else ()))
    URL.publish(st.session_state, st.query_params, only=fields)


def titled(items) -> dict:
    """Each preset's key -> its title in the session's language (English where it has none)."""
    lang = current_language()
    return {item.key: item.title.get(lang, item.title["en"]) for item in items}


def choose_words(emb) -> WordSelection:
    presets, _ = load_presets()
    source = choice("latent.source", SOURCES, "latent.source", option_key="latent.source.{}", horizontal=True)
    unit = st.toggle(t("latent.unit"), key="latent.unit", help=t("latent.unit_help"))
    if source == "preset":
        by_key = {p.key: p for p in presets}
        preset = by_key[choice("latent.preset", by_key, "latent.preset", labels=titled(presets), widget="selectbox")]
        return select_words(emb, preset.groups, unit=unit, paired=preset.paired)
    if source == "typed":
        text = st.text_area(t("latent.typed"), height=120, key="latent.typed", help=t("latent.typed_help"))
        groups = parse_groups(text)
        if not groups:
            raise AnalysisError(t("latent.typed_empty"))
        return select_words(emb, groups, unit=unit)
    left, right = st.columns([2, 1])
    word = left.text_input(t("latent.neighbours_of"), key="latent.word")
    topn = right.slider(t("latent.topn"), 5, 200, key="latent.topn")
    if not word.strip():
        raise AnalysisError(t("latent.word_empty"))
    return select_words(emb, neighbour_groups(emb, word, topn), unit=unit)


def show_missing(selection: WordSelection) -> None:
    if selection.missing:
        st.warning(md("common.missing_words", words=", ".join(selection.missing)))
        for word, near in selection.suggestions.items():
            if near:
                st.caption(md("common.did_you_mean", word=word, suggestions=", ".join(near)))
