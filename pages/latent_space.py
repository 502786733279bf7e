"""Latent space: word groups in PCA 2-D/3-D, t-SNE, custom semantic axes, and an autoencoder's map.

Words come from a lesson preset, typed groups, or a word's nearest neighbours. The autoencoder view
trains a small network on the most frequent words of the active embedding (kept per session in
``app.state``) and places the chosen words by their codes, next to PCA fitted on the same words.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from analysis.charts.projection import pca_variance_chart, points_frame, scatter_3d_chart, scatter_chart
from analysis.errors import AnalysisError
from analysis.projection import (
    WordSelection,
    load_presets,
    neighbour_groups,
    parse_groups,
    pca,
    pca_reconstruction_mse,
    project_on_axes,
    select_words,
    semantic_axis,
    tsne,
    word_matrix,
)
from app import state, ui
from app.i18n import current_language, md, num, t
from app.url_state import Field, UrlBinder

SLOT = "latent"  # this page's model slot in app.state
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


def labels(prefix: str, options) -> Callable[[str], str]:
    """A format_func from a fixed dict: translated once per run, so it never depends on when it is called."""
    return {o: t(f"{prefix}.{o}") for o in options}.__getitem__


def choose_words(emb) -> WordSelection:
    presets, _ = load_presets()
    lang = current_language()
    source = st.radio(t("latent.source"), SOURCES, format_func=labels("latent.source", SOURCES), horizontal=True, key="latent.source")
    unit = st.toggle(t("latent.unit"), key="latent.unit", help=t("latent.unit_help"))
    if source == "preset":
        by_key = {p.key: p for p in presets}
        key = st.selectbox(t("latent.preset"), list(by_key), format_func={k: p.title.get(lang, p.title["en"]) for k, p in by_key.items()}.__getitem__, key="latent.preset")
        preset = by_key[key]
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


def view_pca(selection: WordSelection, three_d: bool) -> None:
    n, d = selection.vectors.shape
    needed = 3 if three_d else 2
    if min(n, d) < needed:
        raise AnalysisError(t("latent.too_few", n=needed))
    result = pca(selection.vectors, min(10, n, d))
    if three_d:
        frame = points_frame(selection, result.coords[:, :3], ("x", "y", "z"))
        st.altair_chart(scatter_3d_chart(frame, axis_titles=("PC1", "PC2", "PC3")), width="stretch")
        st.caption(t("latent.rotate_hint"))
    else:
        frame = points_frame(selection, result.coords[:, :2])
        share = result.explained_variance_ratio
        chart = scatter_chart(frame, x_title=f"PC1 ({share[0]:.1%})", y_title=f"PC2 ({share[1]:.1%})", pairs=selection.pairs)
        st.altair_chart(chart, width="stretch")
    st.altair_chart(pca_variance_chart(result, title=t("latent.variance_title"), axis_title=t("latent.variance_axis")), width="stretch")
    st.caption(md("latent.variance_caption", share=f"{result.explained_variance_ratio[:needed].sum():.1%}", k=needed))
    ui.download_csv(frame, "pca_coordinates.csv", key="latent.pca_csv")


def view_tsne(emb, selection: WordSelection) -> None:
    left, middle, right = st.columns(3)
    perplexity = left.slider(t("latent.perplexity"), 2, 50, key="latent.perplexity", help=t("latent.perplexity_help"))
    init = middle.selectbox(t("latent.tsne_init"), ("pca", "random"), format_func=labels("latent.tsne_init", ("pca", "random")), key="latent.tsne_init")
    seed = right.number_input(t("latent.seed"), min_value=0, max_value=2**31 - 1, key="latent.tsne_seed")
    identity = (emb.info.content_hash, tuple(selection.words), selection.vectors.shape, perplexity, init, int(seed))

    def run_tsne():
        with st.status(t("latent.tsne_running", n=len(selection.words)), expanded=True) as status:
            update, _ = ui.progress_bar(t("latent.tsne_progress"))
            result = tsne(selection.vectors, 2, perplexity=float(perplexity), seed=int(seed), init=init, progress=update)
            status.update(label=t("latent.tsne_done", seconds=f"{result.seconds:.1f}"), state="complete", expanded=False)
        return result

    result = state.session_memo("latent.tsne_result", identity, run_tsne)
    frame = points_frame(selection, result.coords)
    st.altair_chart(scatter_chart(frame, x_title="t-SNE 1", y_title="t-SNE 2", pairs=selection.pairs), width="stretch")
    st.caption(md("latent.tsne_caption", perplexity=f"{result.perplexity:g}", kl=f"{result.kl_divergence:.3f}"))
    ui.download_csv(frame, "tsne_coordinates.csv", key="latent.tsne_csv")


def view_axes(emb, selection: WordSelection) -> None:
    _, axis_presets = load_presets()
    lang = current_language()
    by_key = {a.key: a for a in axis_presets}
    key = st.selectbox(t("latent.axes_preset"), list(by_key), format_func={k: a.title.get(lang, a.title["en"]) for k, a in by_key.items()}.__getitem__, key="latent.axes_preset")
    chosen = by_key[key]
    if st.session_state.get("latent.axes_loaded") != key:  # a new preset fills the four fields
        st.session_state["latent.x_left"], st.session_state["latent.x_right"] = ", ".join(chosen.x[0]), ", ".join(chosen.x[1])
        st.session_state["latent.y_low"], st.session_state["latent.y_high"] = ", ".join(chosen.y[0]), ", ".join(chosen.y[1])
        st.session_state["latent.axes_loaded"] = key
    a, b, c, d = st.columns(4)
    x_left = ui.parse_words(a.text_input(t("latent.x_left"), key="latent.x_left"))
    x_right = ui.parse_words(b.text_input(t("latent.x_right"), key="latent.x_right"))
    y_low = ui.parse_words(c.text_input(t("latent.y_low"), key="latent.y_low"))
    y_high = ui.parse_words(d.text_input(t("latent.y_high"), key="latent.y_high"))
    orthogonalize = st.checkbox(t("latent.orthogonalize"), value=False, key="latent.orthogonalize", help=t("latent.orthogonalize_help"))
    x_axis = semantic_axis(emb, x_left, x_right)
    y_axis = semantic_axis(emb, y_low, y_high)
    projection = project_on_axes(selection.vectors, x_axis, y_axis, orthogonalize=orthogonalize)
    frame = points_frame(selection, projection.coords)
    st.altair_chart(scatter_chart(frame, x_title=x_axis.label, y_title=y_axis.label, pairs=selection.pairs), width="stretch")
    st.caption(md("latent.axes_caption", cos=f"{projection.axes_cosine:+.2f}"))
    ui.download_csv(frame, "custom_axes.csv", key="latent.axes_csv")


def view_autoencoder(emb, selection: WordSelection) -> None:
    # PyTorch is imported only here: the other views should not pay for its import.
    from analysis.autoencoder import AutoencoderConfig, Trainer
    from analysis.device import pick_device

    st.markdown(t("latent.ae_intro"))
    a, b, c = st.columns(3)
    top_n = int(a.number_input(t("latent.ae_top_n"), 500, min(100_000, len(emb)), min(10_000, len(emb)), step=500, key="latent.ae_top_n"))
    activation = b.selectbox(t("latent.ae_activation"), ("tanh", "linear", "relu", "sigmoid"), key="latent.ae_activation")
    epochs = int(c.number_input(t("latent.ae_epochs"), 10, 5000, 300, step=50, key="latent.ae_epochs"))
    identity = (emb.info.content_hash, top_n, activation, epochs)
    trainer = state.session_model(SLOT)
    if trainer is not None and trainer.context != identity:
        trainer = None  # trained for another embedding or other settings
    if st.button(t("latent.ae_train"), type="primary", key="latent.ae_train"):
        matrix, _ = word_matrix(emb, top_n)
        config = AutoencoderConfig(input_dim=emb.dims, latent_dim=2, activation=activation, epochs=epochs, lr=0.02, batch_size=0)
        trainer = Trainer(matrix, config, pick_device(), name=f"top {top_n} words", context=identity)
        update, bar = ui.progress_bar(t("latent.ae_training"))
        trainer.train(progress=update)
        bar.empty()
        state.keep_session_model(SLOT, trainer)
    if trainer is None:
        st.info(t("latent.ae_empty"))
        return
    unit_rows = np.asarray(emb.unit[[emb.kv.key_to_index[w] for w in selection.words]], dtype=np.float32)
    codes = trainer.encode(unit_rows)
    matrix, _ = word_matrix(emb, top_n)
    reference = pca(matrix, 2)
    pca_coords = reference.transform(unit_rows)
    left, right = st.columns(2)
    with left:
        chart = scatter_chart(points_frame(selection, codes), x_title="z1", y_title="z2", pairs=selection.pairs, title=t("latent.ae_title", activation=activation), height=380)
        st.altair_chart(chart, width="stretch")
    with right:
        chart = scatter_chart(points_frame(selection, pca_coords), x_title="PC1", y_title="PC2", pairs=selection.pairs, title=t("latent.ae_pca_title", n=num(top_n)), height=380)
        st.altair_chart(chart, width="stretch")
    pca_mse = pca_reconstruction_mse(trainer.scaled_data(), 2)  # same scaled data the network saw
    st.caption(md("latent.ae_caption", epochs=trainer.epochs_done, ae=f"{trainer.reconstruction_mse():.4f}", pca=f"{pca_mse:.4f}", device=trainer.device.upper()))
    frame = pd.DataFrame({"word": selection.words, "group": selection.groups, "ae_z1": codes[:, 0], "ae_z2": codes[:, 1], "pc1": pca_coords[:, 0], "pc2": pca_coords[:, 1]})
    ui.download_csv(frame, "autoencoder_vs_pca.csv", key="latent.ae_csv")


st.title(t("latent.title"))
st.markdown(t("latent.intro"))
with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)
    selection = choose_words(emb)
    show_missing(selection)
    st.caption(md("latent.selected", n=len(selection.words), groups=len(set(selection.groups))))
    view = st.radio(t("latent.view"), VIEWS, format_func=labels("latent.view", VIEWS), horizontal=True, key="latent.view")
    publish_url()
    if view in ("pca2", "pca3"):
        view_pca(selection, three_d=view == "pca3")
    elif view == "tsne":
        view_tsne(emb, selection)
    elif view == "axes":
        view_axes(emb, selection)
    else:
        view_autoencoder(emb, selection)
