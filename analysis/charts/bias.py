"""Altair charts of the bias probes: the direction's explained variance, projections, name probes.

Functions return chart objects (tests read ``chart.to_dict()``); pages render them. The projection
chart is shared with the Debiasing page (before/after on a second axis).

    >>> from analysis.bias import Projection
    >>> from analysis.charts.bias import projection_chart
    >>> chart = projection_chart([Projection("nurse", 0.3), Projection("engineer", -0.2)])
    >>> chart.to_dict()["mark"]["type"]
    'bar'
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

# Colours: one for each side of an axis, readable for colour-blind viewers (Tableau's blue/orange pair).
POSITIVE = "#e45756"
NEGATIVE = "#4c78a8"


def direction_variance_frame(ratios: Sequence[float]) -> pd.DataFrame:
    return pd.DataFrame({"component": [f"PC{i + 1}" for i in range(len(ratios))], "ratio": list(ratios), "order": range(len(ratios))})


def direction_variance_chart(ratios: Sequence[float], title: str = "", *, y_title: str = "explained variance ratio") -> alt.Chart:
    """Bars of the PCA explained-variance ratios (Bolukbasi et al., Figure 6): does PC1 dominate?"""
    df = direction_variance_frame(ratios)
    return (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            x=alt.X("component:N", sort=alt.SortField("order"), title=None),
            y=alt.Y("ratio:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.condition(alt.datum.order == 0, alt.value(POSITIVE), alt.value("#9d9d9d")),
            tooltip=["component", alt.Tooltip("ratio:Q", format=".1%")],
        )
    )


def projection_frame(projections: Sequence, second: Sequence | None = None) -> pd.DataFrame:
    """Table of word, projection (and the second axis' value, matched by word) for charts and CSV."""
    df = pd.DataFrame({"word": [p.word for p in projections], "projection": [float(p.projection) for p in projections]})
    df["side"] = ["positive" if v >= 0 else "negative" for v in df["projection"]]
    if second is not None:
        other = {p.word: float(p.projection) for p in second}
        df["second"] = [other.get(w) for w in df["word"]]
        df = df.dropna(subset=["second"])
    return df.sort_values("projection", kind="stable").reset_index(drop=True)


def projection_chart(
    projections: Sequence,
    second: Sequence | None = None,
    *,
    axis_title: str = "projection on the direction",
    second_title: str = "second axis",
    positive_label: str = "positive",
    negative_label: str = "negative",
    title: str = "",
    max_bars: int | None = None,
) -> alt.Chart:
    """Words projected on a direction.

    Without ``second``: horizontal bars sorted by projection, coloured by sign, with hover. With
    ``second`` (projections of the same words on another axis, e.g. a second direction or the same
    direction after debiasing): a labelled scatter, x = first axis, y = second axis.
    ``max_bars`` keeps the most extreme words of each side (half each) for long lists.
    """
    df = projection_frame(projections, second)
    side_names = {"positive": positive_label, "negative": negative_label}
    df["side"] = df["side"].map(side_names)
    colour = alt.Color(
        "side:N",
        title=None,
        scale=alt.Scale(domain=[positive_label, negative_label], range=[POSITIVE, NEGATIVE]),
        legend=alt.Legend(orient="bottom"),
    )
    if second is None:
        if max_bars and len(df) > max_bars:
            half = max_bars // 2
            df = pd.concat([df.head(half), df.tail(max_bars - half)]).reset_index(drop=True)
        df["rank"] = range(len(df))
        return (
            alt.Chart(df, title=title)
            .mark_bar()
            .encode(
                x=alt.X("projection:Q", title=axis_title),
                y=alt.Y("word:N", sort=alt.SortField("rank", order="descending"), title=None),
                color=colour,
                tooltip=["word", alt.Tooltip("projection:Q", format=".4f"), "side"],
            )
            .properties(height=alt.Step(14))
        )
    points = alt.Chart(df, title=title).encode(
        x=alt.X("projection:Q", title=axis_title),
        y=alt.Y("second:Q", title=second_title),
        tooltip=["word", alt.Tooltip("projection:Q", format=".4f"), alt.Tooltip("second:Q", format=".4f")],
    )
    return (points.mark_circle(size=60).encode(color=colour) + points.mark_text(align="left", dx=6, fontSize=11).encode(text="word:N")).properties(
        height=480
    ).interactive()


def name_probe_frame(result) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [p.name for p in result.per_name],
            "group": [p.group for p in result.per_name],
            "target": [p.target for p in result.per_name],
            "similarity": [p.similarity for p in result.per_name],
        }
    )


def name_probe_chart(
    result, *, male_label: str = "male names", female_label: str = "female names", title: str = "", x_title: str = "cosine similarity"
) -> alt.Chart:
    """Each name's cosine similarity to each target (dots), with the group means as ticks."""
    df = name_probe_frame(result)
    df["group"] = df["group"].map({"male": male_label, "female": female_label})
    colour = alt.Color("group:N", title=None, scale=alt.Scale(domain=[male_label, female_label], range=[NEGATIVE, POSITIVE]))
    base = alt.Chart(df, title=title)
    dots = base.mark_circle(size=50, opacity=0.6).encode(
        x=alt.X("similarity:Q", title=x_title),
        y=alt.Y("target:N", title=None),
        yOffset="group:N",
        color=colour,
        tooltip=["name", "group", "target", alt.Tooltip("similarity:Q", format=".4f")],
    )
    means = base.mark_tick(thickness=3, size=18).encode(
        x=alt.X("mean(similarity):Q"),
        y=alt.Y("target:N"),
        yOffset="group:N",
        color=colour,
        tooltip=["group", "target", alt.Tooltip("mean(similarity):Q", format=".4f", title="mean")],
    )
    return (dots + means).properties(height=alt.Step(28))
