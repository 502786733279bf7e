"""Autoencoder: train a bottleneck network live, compare it with PCA, and see the linear AE = PCA result.

Training survives Streamlit's reruns: the trainer (model, optimiser, loss history) lives in
``app.state``'s model store, a session flag says whether training is under way, and the epochs run
in a background job of the session (``app.jobs``). Pressing Stop clears the flag and stops the job
after its current epoch; the model keeps every finished epoch. Any other widget touched
mid-training reruns the page, which finds the job still training and shows its bar again.
The data chooser, the live run and the result tabs are in ``app/components/autoencoder_*.py``.
"""

from __future__ import annotations

import os

import streamlit as st

from analysis.autoencoder import AutoencoderConfig, Trainer
from analysis.autoencoder_presets import CIFAR_INPUTS
from analysis.device import describe_device, resolve_device
from analysis.errors import AnalysisError
from app import state, ui
from app.components import autoencoder_data as data_source, autoencoder_results as results, autoencoder_settings as settings, autoencoder_training as training
from app.escape import plain
from app.i18n import current_language, md, num, sig, t
from app.training_control import TrainingControl

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
    data = data_source.choose_data()
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
        training.stop()  # the worker ends after its current epoch; the model keeps every finished one
    trainer: Trainer | None = state.session_model(results.SLOT)
    target = config.epochs if config is not None else 0
    can_resume = control.can_resume(trainer.epochs_done if trainer is not None else None, target)
    resume_clicked = resume.button(t("autoencoder.resume", epochs=target), key="autoencoder.resume", disabled=not can_resume, help=t("autoencoder.resume_help"))

    if train_clicked and config is not None:
        trainer = Trainer(data.matrix, config, device, labels=data.labels, name=data.name, context=data)
        state.keep_session_model(results.SLOT, trainer)
        for key in results.RESULT_KEYS:
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
            training.train_live(trainer)

    if trainer is None:
        st.info(t("autoencoder.empty"))
        results.show_save_load(None, data, device)
        st.stop()

    if control.stopped:
        notice_slot.warning(md("autoencoder.stopped", epochs=trainer.epochs_done, total=trainer.config.epochs))
    if trainer.name != data.name:
        notice_slot.info(md("autoencoder.other_data", name=trainer.name))

    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("autoencoder.epochs_done"), f"{trainer.epochs_done} / {trainer.config.epochs}")
    m2.metric(t("autoencoder.final_loss", loss=trainer.config.loss.upper()), sig(trainer.final_loss, 5))
    m3.metric(t("autoencoder.ms_per_epoch"), num(trainer.seconds_per_epoch * 1000, 2) if trainer.epoch_seconds else "–")
    m4.metric(t("common.device"), trainer.device.upper())
    st.altair_chart(training.loss_chart(trainer, title=t("autoencoder.loss_title")), width="stretch")

    results.show_tabs(trainer, data, device)
