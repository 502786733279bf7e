"""The Autoencoder page's result tabs: reconstructions, latent space, the linear AE = PCA check,
gradient-descent variants, error over k, and save / load.

Each ``show_*`` draws one tab for a trained ``Trainer``; long comparisons run on a button press
and keep their result in the session, so switching tabs does not redo them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis.autoencoder import Trainer, compare_gd_variants, linear_pca_check, load_model, reconstruction_error_over_k, save_model, trainer_from_model
from analysis.autoencoder_samples import example_rows, subset_rows
from analysis.charts.autoencoder import angles_chart, error_over_k_chart, gd_variants_chart, latent_frame, latent_scatter_chart
from analysis.images import ImageSet, image_grid
from app import state, ui
from app.components.autoencoder_data import PageData
from app.components.autoencoder_settings import K_RANGE_MAX, URL
from app.i18n import md, num, pct, sig, t
from app.training_control import TrainingControl

SLOT = "autoencoder"  # this page's model slot in app.state
RESULT_KEYS = ("autoencoder.gd", "autoencoder.over_k", "autoencoder.check")  # a new model clears these


def show_reconstructions(trainer: Trainer, images: ImageSet) -> None:
    originals = trainer.raw_rows(example_rows(trainer.labels, trainer.samples))
    reconstructed = trainer.reconstruct(originals)
    zoom = max(1, 64 // max(images.shape[0], 1))  # about 64 px per picture: 8×8 digits at ×8
    grid = image_grid(images.images(data=originals), images.images(data=reconstructed), zoom=zoom)
    st.image(grid, caption=t("autoencoder.reconstructions_caption"), clamp=True)


def show_latent(trainer: Trainer, data_words: list[str] | None, label_names: tuple[str, ...]) -> None:
    frame, (x_name, y_name) = latent_frame(trainer.encode(), trainer.labels, label_names, seed=trainer.config.seed)
    if data_words is not None:
        frame.insert(0, "word", [data_words[i] for i in frame["sample"]])
    if trainer.config.latent_dim > 2:
        st.caption(md("autoencoder.latent_projected", k=trainer.config.latent_dim))
        x_name, y_name = t("autoencoder.codes_pc", n=1), t("autoencoder.codes_pc", n=2)
    chart = latent_scatter_chart(frame, x_title=x_name, y_title=y_name or " ", label_title=t("autoencoder.label"))
    st.altair_chart(chart, width="stretch")


def show_pca_check(trainer: Trainer, identity: tuple) -> None:
    with st.spinner(t("autoencoder.check_running")):
        check = state.session_memo("autoencoder.check", identity, lambda: linear_pca_check(trainer))
    a, b, c = st.columns(3)
    a.metric(t("autoencoder.ae_mse"), sig(check.ae_mse, 5))
    b.metric(t("autoencoder.pca_mse", k=check.k), sig(check.pca_mse, 5), help=t("autoencoder.pca_mse_help"))
    c.metric(t("autoencoder.max_angle"), f"{num(max(check.angles_deg), 2)}°")
    st.altair_chart(angles_chart(check, y_title=t("autoencoder.angle_axis")), width="stretch")
    st.dataframe(pd.DataFrame({t("autoencoder.angle"): [f"θ{i + 1}" for i in range(check.k)], "°": check.angles_deg}), hide_index=True)
    if not check.linear:
        st.warning(t("autoencoder.nonlinear_note"))
    elif max(check.angles_deg) < 5:
        st.success(md("autoencoder.check_ok", gap=("+" if check.relative_gap >= 0 else "") + pct(check.relative_gap, 2)))
    else:
        st.info(t("autoencoder.check_not_yet"))
    st.markdown(t("autoencoder.explanation"))


def show_gd_variants(trainer: Trainer, device: str) -> None:
    st.markdown(t("autoencoder.gd_intro"))
    a, b, c = st.columns(3)
    # No value=: the start values are in session state, set from the URL by autoencoder_settings.URL.
    epochs = int(a.number_input(t("autoencoder.gd_epochs"), 1, 200, key="autoencoder.gd_epochs"))
    mini = int(b.number_input(t("autoencoder.gd_mini_batch"), 2, 4096, key="autoencoder.gd_mini_batch"))
    cap = int(c.number_input(t("autoencoder.gd_max_samples"), 100, 20_000, step=100, key="autoencoder.gd_max_samples"))
    if st.button(t("autoencoder.gd_run"), key="autoencoder.gd_button"):
        data = trainer.raw_rows(subset_rows(trainer.samples, cap, trainer.config.seed))
        update, bar = ui.progress_bar(t("autoencoder.gd_running"))
        runs = compare_gd_variants(data, trainer.config, device, epochs=epochs, mini_batch=mini, max_samples=cap, progress=update)
        bar.empty()
        st.session_state["autoencoder.gd"] = (trainer.name, runs)
    result = st.session_state.get("autoencoder.gd")
    if result is None:
        st.caption(t("autoencoder.gd_empty"))
        return
    name, runs = result
    st.altair_chart(gd_variants_chart(runs, x_title=t("autoencoder.epoch"), y_title=t("autoencoder.gd_loss_axis")), width="stretch")
    table = pd.DataFrame(
        {
            t("autoencoder.gd_variant"): [r.variant for r in runs],
            t("autoencoder.batch_size"): [r.batch_size for r in runs],
            t("autoencoder.gd_updates"): [r.updates_per_epoch for r in runs],
            t("autoencoder.gd_ms"): [round(r.seconds_per_epoch * 1000, 3) for r in runs],
            t("autoencoder.gd_final"): [r.losses[-1] for r in runs],
        }
    )
    st.dataframe(table, hide_index=True)
    st.caption(md("autoencoder.gd_caption", name=name))


def show_over_k(trainer: Trainer, device: str) -> None:
    top = min(trainer.config.input_dim, trainer.samples, K_RANGE_MAX)
    # The range comes from the URL binder (a link's ?krange=2-6, or the last value); clamped to what
    # this data allows, and a tuple, so the binder's default compares equal and stays out of the URL.
    low, high = st.session_state.get("autoencoder.k_range", URL.fields["krange"].default)
    low = min(max(1, int(low)), top)
    st.session_state["autoencoder.k_range"] = (low, min(max(low, int(high)), top))
    low, high = st.slider(t("autoencoder.k_range"), 1, top, key="autoencoder.k_range")
    if st.button(t("autoencoder.k_run"), key="autoencoder.k_button"):
        data = trainer.raw_rows(np.arange(trainer.samples))
        update, bar = ui.progress_bar(t("autoencoder.k_running"))
        results = reconstruction_error_over_k(data, trainer.config, range(low, high + 1), device, progress=update)
        bar.empty()
        st.session_state["autoencoder.over_k"] = results
    results = st.session_state.get("autoencoder.over_k")
    if not results:
        st.caption(t("autoencoder.k_empty"))
        return
    chart = error_over_k_chart(results, ae_label=t("autoencoder.ae"), pca_label="PCA", x_title=t("autoencoder.k_axis"), y_title=t("autoencoder.mse_axis"))
    st.altair_chart(chart, width="stretch")
    frame = pd.DataFrame({"k": [r.k for r in results], t("autoencoder.ae"): [r.autoencoder_mse for r in results], "PCA": [r.pca_mse for r in results]})
    ui.download_csv(frame, "autoencoder_vs_pca.csv", key="autoencoder.k_csv")


def show_save_load(trainer: Trainer | None, data: PageData, device: str) -> None:
    left, right = st.columns(2)
    if trainer is not None:
        left.download_button(
            t("autoencoder.save"),
            save_model(trainer, {"data": trainer.name}),
            file_name=f"autoencoder-k{trainer.config.latent_dim}.zip",
            mime="application/zip",
            key="autoencoder.save",
        )
        left.caption(t("autoencoder.save_help"))
    upload = right.file_uploader(t("autoencoder.load"), type=["zip"], key="autoencoder.load")
    if upload is not None and st.session_state.get("autoencoder.loaded_id") != upload.file_id:
        model, meta = load_model(upload.getvalue(), device)
        loaded = trainer_from_model(model, data.matrix, device, labels=data.labels, name=data.name, context=data)
        state.keep_session_model(SLOT, loaded)
        st.session_state["autoencoder.loaded_id"] = upload.file_id
        TrainingControl(st.session_state).finish()
        st.session_state["autoencoder.flash"] = md("autoencoder.loaded", epochs=meta.get("epochs_trained", "?"), data=meta.get("data", "?"))
        st.rerun()


def show_tabs(trainer: Trainer, data: PageData, device: str) -> None:
    """The six result tabs; only the open one is computed."""
    shown: PageData = trainer.context if isinstance(trainer.context, PageData) else data
    # Keyed, state-tracking tabs: the chosen tab survives reruns (button presses inside a tab, the
    # next training run) and only the open tab's content is computed.
    names = ("reconstructions", "latent", "pca", "gd", "over_k", "save")
    tabs = dict(zip(names, st.tabs([t(f"autoencoder.tab.{n}") for n in names], key="autoencoder.tab", on_change="rerun")))
    identity = (id(trainer), trainer.epochs_done, trainer.config)
    if tabs["reconstructions"].open is not False:
        with tabs["reconstructions"]:
            if shown.images is not None:
                show_reconstructions(trainer, shown.images)
            else:
                st.info(t("autoencoder.no_images"))
    if tabs["latent"].open is not False:
        with tabs["latent"]:
            show_latent(trainer, shown.words, shown.label_names)
    if tabs["pca"].open is not False:
        with tabs["pca"]:
            if trainer.config.latent_dim > min(trainer.samples, trainer.config.input_dim):
                st.info(t("autoencoder.check_k_too_big"))
            else:
                show_pca_check(trainer, identity)
    if tabs["gd"].open is not False:
        with tabs["gd"]:
            show_gd_variants(trainer, device)
    if tabs["over_k"].open is not False:
        with tabs["over_k"]:
            show_over_k(trainer, device)
    if tabs["save"].open is not False:
        with tabs["save"]:
            show_save_load(trainer, data, device)
