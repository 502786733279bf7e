"""Autoencoder: train a bottleneck network live, compare it with PCA, and see the linear AE = PCA result.

Training survives Streamlit's reruns: the trainer (model, optimiser, loss history) lives in
``app.state``'s model store and a session flag says whether training is under way. Pressing Stop
while epochs run makes Streamlit abandon that run at its next progress update (always between two
epochs) and rerun with Stop pressed, which clears the flag; the model keeps every finished epoch.
Any other widget touched mid-training reruns the page and training simply resumes where it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from analysis.autoencoder import (
    AutoencoderConfig,
    Trainer,
    compare_gd_variants,
    linear_pca_check,
    load_model,
    reconstruction_error_over_k,
    save_model,
    trainer_from_model,
)
from analysis.autoencoder_presets import CIFAR_INPUTS
from analysis.charts.autoencoder import angles_chart, error_over_k_chart, gd_variants_chart, latent_frame, latent_scatter_chart, reconstruction_loss_chart
from analysis.device import describe_device, resolve_device
from analysis.errors import AnalysisError
from analysis.images import DEFAULT_MAX_SAMPLES, ImageSet, image_grid
from analysis.projection import word_matrix
from app import server_paths, state, ui
from app.components import autoencoder_settings as settings
from app.escape import plain
from app.i18n import current_language, md, num, t
from app.training_control import TrainingControl

SLOT = "autoencoder"  # this page's model slot in app.state
CHART_INTERVAL_S = 0.25  # redraw the loss chart at most this often (fast epochs would flood the browser)


def labels(prefix: str, options) -> Callable[[str], str]:
    """A format_func from a fixed dict: translated once per run, so it never depends on when it is called."""
    return {o: t(f"{prefix}.{o}") for o in options}.__getitem__


@dataclass
class PageData:
    matrix: np.ndarray  # (n, d) samples
    labels: np.ndarray | None  # class per sample, if any
    label_names: tuple[str, ...]  # class names by number
    name: str  # display name, also tells a trained model which data it saw
    images: ImageSet | None  # how to draw a sample (None for word vectors)
    words: list[str] | None  # the words, for word-vector data


def choose_data() -> PageData | None:
    source = st.radio(t("autoencoder.source"), server_paths.sources(settings.SOURCES), format_func=labels("autoencoder.source", settings.SOURCES), horizontal=True, key="autoencoder.source")
    if source == "digits":
        images = state.digits_images()
        return PageData(images.data, images.labels, images.label_names, images.name, images, None)
    if source == "photos":  # bundled colour patches: the 3072 → 200 network with no download
        images = state.photo_images()
        return PageData(images.data, images.labels, images.label_names, images.name, images, None)
    if source == "words":
        emb = state.active_embeddings()
        top_n = st.number_input(t("autoencoder.top_n"), 100, len(emb), min(10_000, len(emb)), step=1000, key="autoencoder.top_n")
        matrix, words = word_matrix(emb, int(top_n))
        bands = np.minimum(np.arange(len(words)) // 1000, 9)  # colour by frequency rank band
        names = tuple(t("autoencoder.rank_band", low=num(b * 1000 + 1), high=num((b + 1) * 1000)) if b < 9 else t("autoencoder.rank_band_rest", low=num(9001)) for b in range(10))
        return PageData(matrix, bands, names, t("autoencoder.words_name", n=num(len(words)), name=emb.info.name), None, list(words))
    max_samples = int(st.number_input(t("autoencoder.max_samples"), 100, 200_000, DEFAULT_MAX_SAMPLES, step=1000, key="autoencoder.max_samples"))
    if source == "path":
        path = st.text_input(t("autoencoder.path"), key="autoencoder.path", placeholder="~/data/cifar-10-batches-py")
        st.caption(t("autoencoder.pickle_note"))
        if not path.strip():
            st.info(t("autoencoder.path_empty"))
            return None
        images = state.images_from_path(path.strip(), max_samples, state.image_path_mtime(path.strip()))
    else:
        # No type filter: MNIST's unpacked files have no extension (train-images-idx3-ubyte); the
        # loader decides by content and refuses pickles whatever their name.
        upload = st.file_uploader(t("autoencoder.upload"), key="autoencoder.upload")
        st.caption(t("autoencoder.upload_note"))
        if upload is None:
            return None
        images = state.images_from_upload(upload.name, upload.file_id, max_samples, upload.getvalue())
    for note in images.notes:
        st.caption(note)
    return PageData(images.data, images.labels, images.label_names, images.name, images if images.is_image else None, None)


def train_live(trainer: Trainer) -> None:
    """Run the remaining epochs inside ``st.status`` with a progress bar and a live loss chart."""
    total = trainer.config.epochs
    with st.status(t("autoencoder.training", done=trainer.epochs_done, total=total), expanded=True) as status:
        bar = st.progress(trainer.epochs_done / max(total, 1), text=t("autoencoder.epoch_progress", done=trainer.epochs_done, total=total, loss=f"{trainer.final_loss:.5g}"))
        chart = st.empty()
        last_draw = 0.0

        def on_epoch(fraction: float, message: str) -> None:
            nonlocal last_draw
            now = time.perf_counter()
            if now - last_draw < CHART_INTERVAL_S and trainer.epochs_done < total:
                return
            last_draw = now
            status.update(label=t("autoencoder.training", done=trainer.epochs_done, total=total))
            bar.progress(trainer.epochs_done / total, text=t("autoencoder.epoch_progress", done=trainer.epochs_done, total=total, loss=f"{trainer.final_loss:.5g}"))
            chart.altair_chart(reconstruction_loss_chart(trainer.losses, x_title=t("autoencoder.epoch"), y_title=t("autoencoder.loss_axis", loss=trainer.config.loss.upper())), width="stretch")

        # A rerun that interrupts training (a click) must leave it running, so only these two end it.
        try:
            trainer.train(progress=on_epoch)
        except AnalysisError:  # e.g. diverged: do not retry on every rerun
            TrainingControl(st.session_state).finish()
            raise
        TrainingControl(st.session_state).finish()
        status.update(label=t("autoencoder.trained", epochs=trainer.epochs_done, seconds=f"{trainer.seconds_per_epoch * 1000:.2f}"), state="complete", expanded=False)


def show_reconstructions(trainer: Trainer, images: ImageSet) -> None:
    labels = trainer.labels
    if labels is not None:  # one example per class reads best; else the first twelve
        rows = [int(np.flatnonzero(labels == c)[0]) for c in np.unique(labels)[:12]]
    else:
        rows = list(range(min(12, trainer.samples)))
    originals = trainer.raw_rows(rows)
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
    a.metric(t("autoencoder.ae_mse"), f"{check.ae_mse:.5g}")
    b.metric(t("autoencoder.pca_mse", k=check.k), f"{check.pca_mse:.5g}", help=t("autoencoder.pca_mse_help"))
    c.metric(t("autoencoder.max_angle"), f"{max(check.angles_deg):.2f}°")
    st.altair_chart(angles_chart(check, y_title=t("autoencoder.angle_axis")), width="stretch")
    st.dataframe(pd.DataFrame({t("autoencoder.angle"): [f"θ{i + 1}" for i in range(check.k)], "°": check.angles_deg}), hide_index=True)
    if not check.linear:
        st.warning(t("autoencoder.nonlinear_note"))
    elif max(check.angles_deg) < 5:
        st.success(md("autoencoder.check_ok", gap=f"{check.relative_gap:+.2%}"))
    else:
        st.info(t("autoencoder.check_not_yet"))
    st.markdown(t("autoencoder.explanation"))


def show_gd_variants(trainer: Trainer, device: str) -> None:
    st.markdown(t("autoencoder.gd_intro"))
    a, b, c = st.columns(3)
    epochs = int(a.number_input(t("autoencoder.gd_epochs"), 1, 200, 10, key="autoencoder.gd_epochs"))
    mini = int(b.number_input(t("autoencoder.gd_mini_batch"), 2, 4096, 128, key="autoencoder.gd_mini_batch"))
    cap = int(c.number_input(t("autoencoder.gd_max_samples"), 100, 20_000, 2000, step=100, key="autoencoder.gd_max_samples"))
    if st.button(t("autoencoder.gd_run"), key="autoencoder.gd_button"):
        rows = np.arange(trainer.samples)
        if len(rows) > cap:  # pick the subset before copying: CIFAR-sized data is large
            rows = np.sort(np.random.default_rng(trainer.config.seed).choice(len(rows), cap, replace=False))
        data = trainer.raw_rows(rows)
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
    dims = trainer.config.input_dim
    top = min(dims, trainer.samples, 64)
    low, high = st.slider(t("autoencoder.k_range"), 1, top, (1, min(8, top)), key="autoencoder.k_range")
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


st.title(t("autoencoder.title"))
st.markdown(t("autoencoder.intro"))
with ui.guard():
    device, device_note = resolve_device()  # LAB_DEVICE=cuda without a GPU: the CPU, and a note saying so
    info = describe_device(device)
    st.caption(md("autoencoder.device", device=device.upper(), name=info.name, torch=info.torch_version))
    if device_note:
        st.info(t("security.device_fallback", wanted=os.environ.get("LAB_DEVICE", ""), device=device.upper()))

    settings.URL.restore(st.session_state, st.query_params)
    flash = st.session_state.pop("autoencoder.flash", None)
    if flash:
        st.success(flash)
    data = choose_data()
    if data is None:
        settings.URL.publish(st.session_state, st.query_params)
        st.stop()
    n, dims = data.matrix.shape
    st.caption(md("autoencoder.data_summary", name=data.name, n=num(n), d=dims))

    st.subheader(t("autoencoder.settings"))
    b1, b2 = st.columns(2)
    b1.button(t("autoencoder.setup_pca"), on_click=settings.apply_lecture_setup, args=("pca",), key="autoencoder.setup_pca_button")
    cifar_ready = dims == CIFAR_INPUTS
    b2.button(t("autoencoder.setup_cifar"), on_click=settings.apply_lecture_setup, args=("cifar",), key="autoencoder.setup_cifar_button",
              disabled=not cifar_ready, help=None if cifar_ready else t("autoencoder.cifar_disabled", d=dims))
    try:
        config: AutoencoderConfig | None = settings.settings_form(dims, n)
    except AnalysisError as exc:  # bad settings: say so, keep showing the trained model below
        config = None
        st.error(plain(exc.localised(current_language())))
    settings.URL.publish(st.session_state, st.query_params)

    go, stop, resume = st.columns(3)
    train_clicked = go.button(t("autoencoder.train"), type="primary", key="autoencoder.train", disabled=config is None)
    control = TrainingControl(st.session_state)
    if stop.button(t("autoencoder.stop"), key="autoencoder.stop"):
        control.stop()  # before Resume is drawn, so it is enabled at once
    trainer: Trainer | None = state.session_model(SLOT)
    target = config.epochs if config is not None else 0
    can_resume = control.can_resume(trainer.epochs_done if trainer is not None else None, target)
    resume_clicked = resume.button(t("autoencoder.resume", epochs=target), key="autoencoder.resume", disabled=not can_resume, help=t("autoencoder.resume_help"))

    if train_clicked and config is not None:
        trainer = Trainer(data.matrix, config, device, labels=data.labels, name=data.name, context=data)
        state.keep_session_model(SLOT, trainer)
        for key in ("autoencoder.gd", "autoencoder.over_k", "autoencoder.check"):
            st.session_state.pop(key, None)
        control.start()
    if resume_clicked and trainer is not None:
        trainer.set_target_epochs(target)
        control.start()
    if trainer is None and control.model_lost():  # evicted from the shared store mid-run
        st.warning(t("autoencoder.evicted"))
    # Always-present slots keep the elements below at fixed positions whether or not this run
    # trains or has a notice to show, so nothing below is redrawn from scratch.
    training_slot, notice_slot = st.container(), st.container()
    if trainer is not None and control.running:
        with training_slot:
            train_live(trainer)

    if trainer is None:
        st.info(t("autoencoder.empty"))
        show_save_load(None, data, device)
        st.stop()

    if control.stopped:
        notice_slot.warning(md("autoencoder.stopped", epochs=trainer.epochs_done, total=trainer.config.epochs))
    if trainer.name != data.name:
        notice_slot.info(md("autoencoder.other_data", name=trainer.name))

    shown: PageData = trainer.context if isinstance(trainer.context, PageData) else data
    k = trainer.config.latent_dim
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("autoencoder.epochs_done"), f"{trainer.epochs_done} / {trainer.config.epochs}")
    m2.metric(t("autoencoder.final_loss", loss=trainer.config.loss.upper()), f"{trainer.final_loss:.5g}")
    m3.metric(t("autoencoder.ms_per_epoch"), f"{trainer.seconds_per_epoch * 1000:.2f}" if trainer.epoch_seconds else "–")
    m4.metric(t("common.device"), trainer.device.upper())
    st.altair_chart(
        reconstruction_loss_chart(trainer.losses, title=t("autoencoder.loss_title"), x_title=t("autoencoder.epoch"), y_title=t("autoencoder.loss_axis", loss=trainer.config.loss.upper())),
        width="stretch",
    )

    # Keyed, state-tracking tabs: the chosen tab survives reruns (button presses inside a tab, the
    # next training run) and only the open tab's content is computed.
    reconstructions_tab, latent_tab, pca_tab, gd_tab, over_k_tab, save_tab = st.tabs(
        [t("autoencoder.tab.reconstructions"), t("autoencoder.tab.latent"), t("autoencoder.tab.pca"), t("autoencoder.tab.gd"), t("autoencoder.tab.over_k"), t("autoencoder.tab.save")],
        key="autoencoder.tab",
        on_change="rerun",
    )
    identity = (id(trainer), trainer.epochs_done, trainer.config)
    if reconstructions_tab.open is not False:
        with reconstructions_tab:
            if shown.images is not None:
                show_reconstructions(trainer, shown.images)
            else:
                st.info(t("autoencoder.no_images"))
    if latent_tab.open is not False:
        with latent_tab:
            show_latent(trainer, shown.words, shown.label_names)
    if pca_tab.open is not False:
        with pca_tab:
            if k > min(trainer.samples, trainer.config.input_dim):
                st.info(t("autoencoder.check_k_too_big"))
            else:
                show_pca_check(trainer, identity)
    if gd_tab.open is not False:
        with gd_tab:
            show_gd_variants(trainer, device)
    if over_k_tab.open is not False:
        with over_k_tab:
            show_over_k(trainer, device)
    if save_tab.open is not False:
        with save_tab:
            show_save_load(trainer, data, device)
