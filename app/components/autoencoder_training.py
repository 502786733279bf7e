"""The Autoencoder page's live training run, in a background job: a progress bar and a loss chart.

The epochs run in a worker (``app.jobs_view``), so a click elsewhere on the page, or a visit to
another page, leaves training going and the bar comes back; the page's Stop button ends it after
the current epoch and the model keeps every finished epoch; a closed browser cancels it. While the
worker trains, the page draws nothing else from the model (its views would race the optimiser);
the worker hands out copies of the loss curve for the live chart instead.
"""

from __future__ import annotations

import time

import altair as alt
import streamlit as st

from analysis.autoencoder import Trainer
from analysis.charts.autoencoder import reconstruction_loss_chart
from app import jobs_view
from app.i18n import num, sig, t
from app.jobs import Job
from app.training_control import TrainingControl

SLOT = "autoencoder"  # the session's job slot for autoencoder training
CHART_INTERVAL_S = 0.25  # the worker copies the loss curve at most this often (each copy may cost a forward pass)


def loss_chart(trainer: Trainer, title: str = "", losses: list[float] | None = None) -> alt.Chart:
    """The trainer's loss per epoch (or ``losses``, a copy of it), with the page's axis titles."""
    return reconstruction_loss_chart(trainer.losses if losses is None else losses, title=title, x_title=t("autoencoder.epoch"), y_title=t("autoencoder.loss_axis", loss=trainer.config.loss.upper()))


def _work(trainer: Trainer):
    """The job: train up to the target, publishing the loss curve between epochs (worker thread)."""

    def work(progress, publish):
        last = 0.0

        def on_epoch(fraction: float, message: str) -> None:
            nonlocal last
            now = time.perf_counter()
            if now - last >= CHART_INTERVAL_S or trainer.epochs_done >= trainer.config.epochs:
                last = now
                publish(list(trainer.losses))  # between two epochs, in the worker: a consistent copy
            progress(fraction, message)

        return trainer.train(progress=on_epoch)

    return work


def train_live(trainer: Trainer) -> None:
    """Train ``trainer``'s remaining epochs in the session's job, showing the bar and the live chart.

    Returns once the run has ended (its result collected); while it runs, the page stops here.
    """
    board = jobs_view.board()
    job = board.get(SLOT)
    if job is None or job.owner is not trainer:
        job = board.start(SLOT, _work(trainer), owner=trainer, publishes=True)
    if not job.done:
        total = trainer.config.epochs

        def label(running: Job) -> str:
            done = len(running.snapshot) - 1 if running.snapshot else trainer.epochs_done
            return t("autoencoder.training", done=done, total=total)

        def draw(losses: list[float]) -> None:
            st.caption(t("autoencoder.epoch_progress", done=len(losses) - 1, total=total, loss=sig(losses[-1], 5)))
            st.altair_chart(loss_chart(trainer, losses=losses), width="stretch")

        jobs_view.follow(job, label, stop_key=None, draw=draw)  # the page has its own Stop button
        if not job.done:
            st.stop()  # the results below read the model: drawn once the worker is done
    board.take(SLOT)
    TrainingControl(st.session_state).finish()  # reached, or failed: a diverged run must not retry on every rerun
    job.outcome()  # the worker's error (diverged, out of memory) re-raised here, shown as a message
    with st.status(t("autoencoder.trained", epochs=trainer.epochs_done, seconds=num(trainer.seconds_per_epoch * 1000, 2)), state="complete", expanded=False):
        st.caption(t("autoencoder.epoch_progress", done=trainer.epochs_done, total=trainer.config.epochs, loss=sig(trainer.final_loss, 5)))


def stop() -> None:
    """The Stop button: end the job after the current epoch and wait for it (the model keeps it)."""
    jobs_view.board().stop(SLOT)
