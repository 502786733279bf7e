"""The Latent-space page's views of the chosen words: PCA 2-D/3-D, t-SNE, custom semantic axes, an autoencoder."""

from __future__ import annotations

import streamlit as st

from analysis.charts.projection import pca_variance_chart, points_frame, scatter_3d_chart, scatter_chart
from analysis.latent_map import autoencoder_map, selection_pca
from analysis.projection import WordSelection, load_presets, project_on_axes, semantic_axis, tsne, word_matrix
from analysis.tables.latent import autoencoder_map_frame
from app import state, ui
from app.components.choice import choice
from app.components.latent_words import titled
from app.i18n import md, num, pct, sig, signed, t

SLOT = "latent"  # the page's model slot in app.state


def view_pca(selection: WordSelection, three_d: bool) -> None:
    needed = 3 if three_d else 2
    result = selection_pca(selection, needed, t("latent.too_few", n=needed))
    if three_d:
        frame = points_frame(selection, result.coords[:, :3], ("x", "y", "z"))
        st.altair_chart(scatter_3d_chart(frame, axis_titles=("PC1", "PC2", "PC3")), width="stretch")
        st.caption(t("latent.rotate_hint"))
    else:
        frame = points_frame(selection, result.coords[:, :2])
        share = result.explained_variance_ratio
        chart = scatter_chart(frame, x_title=f"PC1 ({pct(share[0])})", y_title=f"PC2 ({pct(share[1])})", pairs=selection.pairs)
        st.altair_chart(chart, width="stretch")
    st.altair_chart(pca_variance_chart(result, title=t("latent.variance_title"), axis_title=t("latent.variance_axis")), width="stretch")
    st.caption(md("latent.variance_caption", share=pct(result.explained_variance_ratio[:needed].sum()), k=needed))
    ui.download_csv(frame, "pca_coordinates.csv", key="latent.pca_csv")


def view_tsne(emb, selection: WordSelection) -> None:
    left, middle, right = st.columns(3)
    perplexity = left.slider(t("latent.perplexity"), 2, 50, key="latent.perplexity", help=t("latent.perplexity_help"))
    init = choice("latent.tsne_init", ("pca", "random"), "latent.tsne_init", option_key="latent.tsne_init.{}", widget="selectbox", where=middle)
    seed = right.number_input(t("latent.seed"), min_value=0, max_value=2**31 - 1, key="latent.tsne_seed")
    identity = (emb.info.content_hash, tuple(selection.words), selection.vectors.shape, perplexity, init, int(seed))

    def run_tsne():
        with st.status(t("latent.tsne_running", n=len(selection.words)), expanded=True) as status:
            update, _ = ui.progress_bar(t("latent.tsne_progress"))
            result = tsne(selection.vectors, 2, perplexity=float(perplexity), seed=int(seed), init=init, progress=update)
            status.update(label=t("latent.tsne_done", seconds=num(result.seconds, 1)), state="complete", expanded=False)
        return result

    result = state.session_memo("latent.tsne_result", identity, run_tsne)
    frame = points_frame(selection, result.coords)
    st.altair_chart(scatter_chart(frame, x_title="t-SNE 1", y_title="t-SNE 2", pairs=selection.pairs), width="stretch")
    st.caption(md("latent.tsne_caption", perplexity=sig(result.perplexity, 6), kl=num(result.kl_divergence, 3)))
    ui.download_csv(frame, "tsne_coordinates.csv", key="latent.tsne_csv")


def view_axes(emb, selection: WordSelection) -> None:
    _, axis_presets = load_presets()
    by_key = {a.key: a for a in axis_presets}
    key = choice("latent.axes_preset", by_key, "latent.axes_preset", labels=titled(axis_presets), widget="selectbox")
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
    st.caption(md("latent.axes_caption", cos=signed(projection.axes_cosine, 2)))
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
    result = autoencoder_map(emb, selection, trainer, top_n)
    left, right = st.columns(2)
    for column, coords, axes, title in (
        (left, result.codes, ("z1", "z2"), t("latent.ae_title", activation=activation)),
        (right, result.pca_coords, ("PC1", "PC2"), t("latent.ae_pca_title", n=num(top_n))),
    ):
        chart = scatter_chart(points_frame(selection, coords), x_title=axes[0], y_title=axes[1], pairs=selection.pairs, title=title, height=380)
        column.altair_chart(chart, width="stretch")
    caption = md("latent.ae_caption", epochs=trainer.epochs_done, ae=num(result.autoencoder_mse, 4), pca=num(result.pca_mse, 4), device=trainer.device.upper())
    st.caption(caption)
    ui.download_csv(autoencoder_map_frame(result), "autoencoder_vs_pca.csv", key="latent.ae_csv")
