"""The Autoencoder page's live training run: ``st.status`` with a progress bar and a loss chart.

The run ends (the session's running flag is cleared) only when the target is reached or the
training fails; a rerun that interrupts it (any click) leaves it running, to resume next run.
"""

from __future__ import annotations

import time

import altair as alt
import streamlit as st

from analysis.autoencoder import Trainer
from analysis.charts.autoencoder import reconstruction_loss_chart
from analysis.errors import AnalysisError
from app.i18n import t
from app.training_control import TrainingControl

CHART_INTERVAL_S = 0.25  # redraw the loss chart at most this often (fast epochs would flood the browser)


def loss_chart(trainer: Trainer, title: str = "") -> alt.Chart:
    """The trainer's loss per epoch, with the page's axis titles."""
    return reconstruction_loss_chart(trainer.losses, title=title, x_title=t("autoencoder.epoch"), y_title=t("autoencoder.loss_axis", loss=trainer.config.loss.upper()))


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
            chart.altair_chart(loss_chart(trainer), width="stretch")

        try:
            trainer.train(progress=on_epoch)
        except AnalysisError:  # e.g. diverged: do not retry on every rerun
            TrainingControl(st.session_state).finish()
            raise
        TrainingControl(st.session_state).finish()
        status.update(label=t("autoencoder.trained", epochs=trainer.epochs_done, seconds=f"{trainer.seconds_per_epoch * 1000:.2f}"), state="complete", expanded=False)
