"""Altair charts of the simulator's results (tested through ``chart.to_dict()``).

Every function takes plain tables and the display texts, so the page can translate them; runs
being compared sit side by side (one column per configuration, shared axes).

    >>> import pandas as pd
    >>> series = pd.DataFrame({"configuration": "A", "step": [1, 2], "ctr": [0.2, 0.3]})
    >>> metrics_chart(series, ["ctr"], {"ctr": "click-through rate"}).to_dict()["mark"]["type"]
    'line'
"""

from __future__ import annotations

from typing import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis.tables.feedback import frame

MAX_POINTS = 400  # points per line sent to the browser; longer series are thinned evenly
FACET_WIDTH = 320  # width of one configuration's panel when two are compared


def _thin(frame: pd.DataFrame, by: str, max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Keep at most ``max_points`` evenly spaced rows per group (always the first and last)."""
    parts = []
    for _, group in frame.groupby(by, sort=False):
        if len(group) > max_points:
            keep = np.unique(np.linspace(0, len(group) - 1, max_points).round().astype(int))
            group = group.iloc[keep]
        parts.append(group)
    return pd.concat(parts, ignore_index=True) if parts else frame


def _side_by_side(chart: alt.Chart, frame: pd.DataFrame, title: str | None = None):
    """One panel per configuration when there are several, else the chart itself."""
    if frame["configuration"].nunique() > 1:
        return chart.properties(width=FACET_WIDTH).facet(column=alt.Column("configuration:N", title=title, sort=None))
    return chart


def metrics_chart(
    series: pd.DataFrame,
    metrics: Sequence[str],
    labels: Mapping[str, str] | None = None,
    step_title: str = "step",
    value_title: str = "value",
    metric_title: str = "metric",
    height: int = 220,
):
    """Lines of ``metrics`` over ``step``, one colour per metric; ``series`` has a ``configuration`` column."""
    labels = labels or {}
    missing = [m for m in metrics if m not in series.columns]
    if missing:
        raise KeyError(f"not in the time series: {missing}")
    frame = _thin(series, "configuration")
    long = frame.melt(id_vars=["configuration", "step"], value_vars=list(metrics), var_name="metric", value_name="value")
    long["metric"] = long["metric"].map(lambda m: labels.get(m, m))
    chart = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X("step:Q", title=step_title),
            y=alt.Y("value:Q", title=value_title),
            color=alt.Color("metric:N", title=metric_title, sort=[labels.get(m, m) for m in metrics]),
            tooltip=["configuration:N", "metric:N", "step:Q", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=height)
    )
    return _side_by_side(chart, long)


def stance_histogram_chart(
    histograms: pd.DataFrame,
    stance_title: str = "stance x",
    share_title: str = "share of users",
    moment_title: str = "when",
    height: int = 220,
):
    """Overlaid bars of the stance distribution at two moments (``moment`` column), per configuration.

    ``histograms`` has columns configuration, moment, stance (bin centre) and share.
    """
    width = float(np.diff(np.sort(histograms["stance"].unique()))[:1].sum() or 0.05)
    frame = histograms.assign(lo=histograms["stance"] - width / 2, hi=histograms["stance"] + width / 2)
    chart = (
        alt.Chart(frame)
        .mark_bar(opacity=0.55)
        .encode(
            x=alt.X("lo:Q", title=stance_title, scale=alt.Scale(domain=[-1, 1])),
            x2="hi:Q",
            y=alt.Y("share:Q", title=share_title, stack=None),
            y2=alt.datum(0),
            color=alt.Color("moment:N", title=moment_title, sort=None, scale=alt.Scale(range=["#8c8c8c", "#e4572e"])),
            tooltip=["configuration:N", "moment:N", alt.Tooltip("stance:Q", format=".2f"), alt.Tooltip("share:Q", format=".3f")],
        )
        .properties(height=height)
    )
    return _side_by_side(chart, frame)


def policing_chart(
    results: Mapping[str, object],
    day_title: str = "day",
    share_title: str = "share of patrols sent to A",
    mean_label: str = "mean of all runs",
    band_label: str = "10–90 % of runs",
    run_label: str = "single runs",
    true_label: str = "true share",
    height: int = 260,
):
    """Share of patrols in region A over days: a few single runs, the mean, the 10–90 % band and the true share."""
    paths, bands = [], []
    for label, result in results.items():
        shown = min(result.shares.shape[1], 8)
        days = np.arange(1, result.shares.shape[0] + 1)
        for r in range(shown):
            paths.append(pd.DataFrame({"configuration": label, "run": r, "day": days, "share": result.shares[:, r]}))
        band = frame(result.summary)[["day", "share_mean", "share_p10", "share_p90", "true_share"]]
        band.insert(0, "configuration", label)
        bands.append(band)
    path_frame = _thin(pd.concat(paths, ignore_index=True).assign(key=lambda f: f["configuration"] + "/" + f["run"].astype(str)), "key")
    band_frame = _thin(pd.concat(bands, ignore_index=True), "configuration")
    base = alt.Chart(band_frame).encode(x=alt.X("day:Q", title=day_title))
    band = base.mark_area(opacity=0.25, color="#4c78a8").encode(
        y=alt.Y("share_p10:Q", title=share_title, scale=alt.Scale(domain=[0, 1])), y2="share_p90:Q",
        tooltip=[alt.Tooltip("share_p10:Q", title=band_label, format=".3f"), alt.Tooltip("share_p90:Q", format=".3f")],
    )
    mean = base.mark_line(color="#1f3b73", strokeWidth=2.5).encode(
        y="share_mean:Q", tooltip=["day:Q", alt.Tooltip("share_mean:Q", title=mean_label, format=".3f")]
    )
    truth = base.mark_line(color="#d62728", strokeDash=[6, 4]).encode(
        y="true_share:Q", tooltip=[alt.Tooltip("true_share:Q", title=true_label, format=".3f")]
    )
    singles = alt.Chart(path_frame).mark_line(opacity=0.35, strokeWidth=1, color="#888").encode(
        x="day:Q", y="share:Q", detail="key:N", tooltip=[alt.Tooltip("share:Q", title=run_label, format=".3f")]
    )
    if len(results) > 1:
        panels = []
        for label in results:
            only = alt.datum.configuration == label
            layers = [layer.transform_filter(only) for layer in (singles, band, mean, truth)]
            panels.append(alt.layer(*layers).properties(width=FACET_WIDTH, height=height, title=label))
        return alt.hconcat(*panels).resolve_scale(y="shared")
    return alt.layer(singles, band, mean, truth).properties(height=height)


def final_share_chart(results: Mapping[str, object], share_title: str = "final share of A", count_title: str = "runs", height: int = 200):
    """Histogram of the runs' final shares of region A, per configuration, with the true share marked."""
    frames = [pd.DataFrame({"configuration": label, "final_share": r.final_shares, "true_share": r.true_share}) for label, r in results.items()]
    frame = pd.concat(frames, ignore_index=True)
    bars = alt.Chart(frame).mark_bar(opacity=0.8).encode(
        x=alt.X("final_share:Q", bin=alt.Bin(extent=[0, 1], step=0.025), title=share_title),
        y=alt.Y("count():Q", title=count_title),
    )
    truth = alt.Chart(frame).mark_rule(color="#d62728", strokeDash=[6, 4]).encode(x="mean(true_share):Q")
    chart = alt.layer(bars, truth).properties(height=height)
    if frame["configuration"].nunique() > 1:
        return chart.properties(width=FACET_WIDTH).facet(column=alt.Column("configuration:N", title=None, sort=None))
    return chart
