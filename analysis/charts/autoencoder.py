"""Altair charts for the Autoencoder page (built here so tests can read ``chart.to_dict()``).

Titles and axis labels are parameters: the page passes them in the user's language.

    >>> from analysis.charts.autoencoder import reconstruction_loss_chart
    >>> spec = reconstruction_loss_chart([1.0, 0.5, 0.25]).to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]])
    ('line', 3)
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis.autoencoder import KComparison, PcaCheck, VariantRun
from analysis.projection import pca

# Latent scatters sample this many points at most: more only slows the browser.
MAX_SCATTER_POINTS = 3000


def reconstruction_loss_chart(losses: Sequence[float], *, title: str = "", x_title: str = "epoch", y_title: str = "loss", log: bool = True) -> alt.Chart:
    """Loss after each epoch (epoch 0 = before training)."""
    frame = pd.DataFrame({"epoch": np.arange(len(losses)), "loss": np.asarray(losses, dtype=float)})
    # nice=False: a log axis would otherwise round out to whole decades and flatten the curve.
    scale = alt.Scale(type="log", nice=False) if log and (frame["loss"] > 0).all() else alt.Scale(zero=False)
    return (
        alt.Chart(frame)
        .mark_line(point=len(frame) <= 60)
        .encode(
            x=alt.X("epoch:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("loss:Q", title=y_title, scale=scale),
            tooltip=[alt.Tooltip("epoch:Q"), alt.Tooltip("loss:Q", format=".5g")],
        )
        .properties(height=260, title=title)
    )


def gd_variants_chart(runs: Sequence[VariantRun], *, title: str = "", x_title: str = "epoch", y_title: str = "loss (whole data set)") -> alt.Chart:
    """Loss curves of batch, stochastic and mini-batch gradient descent, overlaid."""
    rows = []
    for run in runs:
        label = f"{run.variant} (batch {run.batch_size}, {run.seconds_per_epoch * 1000:.1f} ms/epoch)"
        rows += [{"variant": label, "epoch": e, "loss": float(loss)} for e, loss in enumerate(run.losses)]
    frame = pd.DataFrame(rows)
    positive = bool((frame["loss"] > 0).all())
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("epoch:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("loss:Q", title=y_title, scale=alt.Scale(type="log", nice=False) if positive else alt.Scale(zero=False)),
            color=alt.Color("variant:N", title=None, scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=500)),
            tooltip=[alt.Tooltip("variant:N"), alt.Tooltip("epoch:Q"), alt.Tooltip("loss:Q", format=".5g")],
        )
        .properties(height=300, title=title)
    )


def error_over_k_chart(results: Sequence[KComparison], *, title: str = "", ae_label: str = "autoencoder", pca_label: str = "PCA", x_title: str = "k (bottleneck size)", y_title: str = "reconstruction MSE") -> alt.Chart:
    """Reconstruction error of the autoencoder and of PCA at the same k, over k (one chart)."""
    rows = []
    for r in results:
        rows.append({"k": r.k, "method": ae_label, "mse": r.autoencoder_mse})
        rows.append({"k": r.k, "method": pca_label, "mse": r.pca_mse})
    frame = pd.DataFrame(rows)
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("k:Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("mse:Q", title=y_title),
            color=alt.Color("method:N", title=None, sort=[ae_label, pca_label], scale=alt.Scale(scheme="tableau10")),
            strokeDash=alt.StrokeDash("method:N", sort=[ae_label, pca_label], legend=None),
            tooltip=[alt.Tooltip("method:N"), alt.Tooltip("k:Q"), alt.Tooltip("mse:Q", format=".5g")],
        )
        .properties(height=300, title=title)
    )


def latent_frame(codes: np.ndarray, labels: np.ndarray | None = None, label_names: Sequence[str] = (), *, max_points: int = MAX_SCATTER_POINTS, seed: int = 0) -> tuple[pd.DataFrame, tuple[str, str]]:
    """Points for a 2-D latent scatter and the axis names.

    k = 1 is drawn against zero, k = 2 as is; for k > 2 the codes are projected onto their own two
    principal components (the axis names say so). At most ``max_points`` samples (seeded).
    """
    codes = np.asarray(codes, dtype=np.float64)
    rows = np.arange(len(codes))
    if len(rows) > max_points:
        rows = np.sort(np.random.default_rng(seed).choice(len(rows), max_points, replace=False))
    picked = codes[rows]
    k = picked.shape[1]
    if k == 1:
        xy, names = np.column_stack([picked[:, 0], np.zeros(len(picked))]), ("z1", "")
    elif k == 2:
        xy, names = picked, ("z1", "z2")
    else:
        xy, names = pca(picked, 2).coords, ("PC1 of the codes", "PC2 of the codes")
    frame = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "sample": rows})
    if labels is not None:
        label_values = np.asarray(labels)[rows]
        frame["label"] = [label_names[int(v)] if 0 <= int(v) < len(label_names) else str(v) for v in label_values]
    else:
        frame["label"] = ""
    return frame, names


def latent_scatter_chart(frame: pd.DataFrame, *, x_title: str = "z1", y_title: str = "z2", title: str = "", label_title: str = "label") -> alt.Chart:
    """Latent codes as points, coloured by class; click a legend entry to highlight one class."""
    highlight = alt.selection_point(fields=["label"], bind="legend")
    tooltip = [alt.Tooltip("sample:Q"), alt.Tooltip("label:N", title=label_title), alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")]
    if "word" in frame:
        tooltip.insert(0, alt.Tooltip("word:N"))
    return (
        alt.Chart(frame)
        .mark_circle(size=28)
        .encode(
            x=alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("label:N", title=label_title, scale=alt.Scale(scheme="tableau10")),
            opacity=alt.condition(highlight, alt.value(0.8), alt.value(0.08)),
            tooltip=tooltip,
        )
        .add_params(highlight)
        .properties(height=380, title=title)
        .interactive()
    )


def angles_chart(check: PcaCheck, *, title: str = "", y_title: str = "principal angle (°)") -> alt.Chart:
    """One bar per principal angle between the decoder's span and the top-k principal components."""
    frame = pd.DataFrame({"angle": [f"θ{i + 1}" for i in range(len(check.angles_deg))], "degrees": check.angles_deg})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("angle:N", sort=None, title=None),
            y=alt.Y("degrees:Q", title=y_title, scale=alt.Scale(domain=[0, max(5.0, float(max(check.angles_deg, default=0)) * 1.1)])),
            tooltip=[alt.Tooltip("angle:N"), alt.Tooltip("degrees:Q", format=".3f")],
        )
        .properties(height=200, title=title)
    )
