"""Altair charts of the Latent space page: 2-D and 3-D word scatters and PCA's explained variance.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.projection import pca, select_words
    >>> sel = select_words(load_embeddings(), {"countries": ["france", "italy"], "capitals": ["paris", "rome"]})
    >>> frame = points_frame(sel, pca(sel.vectors, 2).coords)
    >>> scatter_chart(frame).to_dict()["layer"][0]["mark"]["type"]
    'circle'
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis.projection import PCAResult, WordSelection

# Text labels next to points help up to this many words; beyond it they only clutter the chart.
MAX_LABELLED_POINTS = 150
# Distinct hues for groups (Streamlit's default theme would shade one blue for two groups).
GROUP_COLOURS = alt.Scale(scheme="tableau10")


def points_frame(selection: WordSelection, coords: np.ndarray, columns: Sequence[str] = ("x", "y")) -> pd.DataFrame:
    """One row per word: word, group and the coordinates named by ``columns``."""
    coords = np.asarray(coords)
    frame = pd.DataFrame({"word": selection.words, "group": selection.groups})
    for i, name in enumerate(columns):
        frame[name] = coords[:, i]
    return frame


def scatter_chart(
    frame: pd.DataFrame,
    *,
    x_title: str = "x",
    y_title: str = "y",
    pairs: Sequence[tuple[str, str]] = (),
    title: str = "",
    height: int = 420,
) -> alt.Chart:
    """Interactive 2-D scatter: hover for the word, colour by group, click the legend to highlight.

    ``pairs`` draws a line between paired words (country → capital), which makes parallel
    offsets — the geometry behind analogies — visible.
    """
    highlight = alt.selection_point(fields=["group"], bind="legend")
    base = alt.Chart(frame)
    points = (
        base.mark_circle(size=90)
        .encode(
            x=alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("group:N", title=None, scale=GROUP_COLOURS),
            opacity=alt.condition(highlight, alt.value(0.9), alt.value(0.15)),
            tooltip=[alt.Tooltip("word:N"), alt.Tooltip("group:N"), alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")],
        )
        .add_params(highlight)
    )
    layers: list[alt.Chart] = []
    if pairs:
        position = {w: (x, y) for w, x, y in zip(frame["word"], frame["x"], frame["y"])}
        rows = []
        for number, (a, b) in enumerate(pairs):
            if a in position and b in position:
                rows += [{"pair": number, "x": position[a][0], "y": position[a][1], "order": 0}, {"pair": number, "x": position[b][0], "y": position[b][1], "order": 1}]
        if rows:
            layers.append(alt.Chart(pd.DataFrame(rows)).mark_line(color="#999999", strokeWidth=1).encode(x="x:Q", y="y:Q", detail="pair:N", order="order:Q"))
    layers.append(points)
    if len(frame) <= MAX_LABELLED_POINTS:
        layers.append(
            base.mark_text(align="left", dx=6, dy=-4, fontSize=11)
            # Same colour field and scale as the points: Vega-Lite merges them into one legend.
            .encode(x="x:Q", y="y:Q", text="word:N", color=alt.Color("group:N", title=None, scale=GROUP_COLOURS), opacity=alt.condition(highlight, alt.value(1.0), alt.value(0.2)))
        )
    chart = alt.layer(*layers).properties(height=height, title=title).interactive()
    return chart


def scatter_3d_chart(frame: pd.DataFrame, *, axis_titles: Sequence[str] = ("PC1", "PC2", "PC3"), title: str = "", height: int = 480) -> alt.LayerChart:
    """A rotatable 3-D scatter in plain Vega-Lite: two sliders turn and tilt the point cloud.

    Altair has no 3-D marks, so the chart rotates the (x, y, z) columns itself with ``calculate``
    transforms (an orthographic projection); nearer points are drawn larger and more opaque. The
    frame's axes are drawn as labelled grey lines so the orientation stays readable.
    """
    radius = float(np.sqrt((frame[["x", "y", "z"]] ** 2).sum(axis=1)).max() or 1.0)
    azimuth = alt.param(name="azimuth", value=35, bind=alt.binding_range(min=-180, max=180, step=1, name="↻ "))
    elevation = alt.param(name="elevation", value=20, bind=alt.binding_range(min=-90, max=90, step=1, name="⤒ "))
    rotate = {
        "ca": "cos(azimuth * PI / 180)",
        "sa": "sin(azimuth * PI / 180)",
        "ce": "cos(elevation * PI / 180)",
        "se": "sin(elevation * PI / 180)",
    }

    def rotated(chart: alt.Chart) -> alt.Chart:
        chart = chart.transform_calculate(**rotate)
        # Turn around the vertical axis (y), then tilt towards the viewer around the screen's x axis.
        chart = chart.transform_calculate(x1="datum.x * datum.ca + datum.z * datum.sa", z1="-datum.x * datum.sa + datum.z * datum.ca")
        return chart.transform_calculate(sx="datum.x1", sy="datum.y * datum.ce - datum.z1 * datum.se", depth="datum.y * datum.se + datum.z1 * datum.ce")

    domain = [-radius * 1.05, radius * 1.05]
    screen_x = alt.X("sx:Q", scale=alt.Scale(domain=domain), axis=None)
    screen_y = alt.Y("sy:Q", scale=alt.Scale(domain=domain), axis=None)
    axes_rows = []
    for name, vector in zip(axis_titles, np.eye(3)):
        for order, end in enumerate((-radius, radius)):
            x, y, z = (vector * end).tolist()
            axes_rows.append({"axis": name, "x": x, "y": y, "z": z, "order": order, "label": name if order else ""})
    axes_frame = pd.DataFrame(axes_rows)
    axis_lines = rotated(alt.Chart(axes_frame)).mark_line(color="#bbbbbb", strokeDash=[4, 3]).encode(x=screen_x, y=screen_y, detail="axis:N", order="order:Q")
    axis_labels = rotated(alt.Chart(axes_frame)).mark_text(color="#888888", dx=8, fontSize=12).encode(x=screen_x, y=screen_y, text="label:N")
    highlight = alt.selection_point(fields=["group"], bind="legend")
    points = (
        rotated(alt.Chart(frame))
        .mark_circle()
        .encode(
            x=screen_x,
            y=screen_y,
            color=alt.Color("group:N", title=None, scale=GROUP_COLOURS),
            size=alt.Size("depth:Q", scale=alt.Scale(domain=[-radius, radius], range=[30, 220]), legend=None),
            opacity=alt.condition(highlight, alt.Opacity("depth:Q", scale=alt.Scale(domain=[-radius, radius], range=[0.35, 1.0]), legend=None), alt.value(0.1)),
            order=alt.Order("depth:Q"),
            tooltip=[alt.Tooltip("word:N"), alt.Tooltip("group:N"), alt.Tooltip("x:Q", format=".3f", title=axis_titles[0]), alt.Tooltip("y:Q", format=".3f", title=axis_titles[1]), alt.Tooltip("z:Q", format=".3f", title=axis_titles[2])],
        )
        .add_params(highlight)
    )
    layers = [axis_lines, axis_labels, points]
    if len(frame) <= MAX_LABELLED_POINTS:
        layers.append(rotated(alt.Chart(frame)).mark_text(align="left", dx=6, dy=-4, fontSize=10).encode(x=screen_x, y=screen_y, text="word:N", color=alt.Color("group:N", title=None, scale=GROUP_COLOURS)))
    return alt.layer(*layers).add_params(azimuth, elevation).properties(height=height, title=title)


def pca_variance_chart(result: PCAResult, *, title: str = "", axis_title: str = "explained variance") -> alt.LayerChart:
    """Bars: share of variance per component; line: cumulative share."""
    ratios = np.asarray(result.explained_variance_ratio, dtype=float)
    frame = pd.DataFrame({"component": [f"PC{i + 1}" for i in range(len(ratios))], "share": ratios, "cumulative": np.cumsum(ratios)})
    order = frame["component"].tolist()
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("component:N", sort=order, title=None),
        y=alt.Y("share:Q", axis=alt.Axis(format="%"), title=axis_title),
        tooltip=[alt.Tooltip("component:N"), alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("cumulative:Q", format=".1%")],
    )
    line = alt.Chart(frame).mark_line(point=True, color="#e45756").encode(x=alt.X("component:N", sort=order), y="cumulative:Q")
    return alt.layer(bars, line).properties(height=220, title=title)
