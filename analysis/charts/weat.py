"""Altair chart and table of WEAT's per-word associations (targets X/Y, attributes A/B).

    >>> from analysis.weat import WordAssociation
    >>> chart = association_chart([WordAssociation("rose", "X", 0.12, 0.3, 0.18), WordAssociation("ant", "Y", -0.1, 0.2, 0.3)])
    >>> chart.to_dict()["mark"]["type"]
    'bar'
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import pandas as pd

# One colour per WEAT set, readable for colour-blind viewers (Tableau's palette).
SET_COLOURS = {"X": "#4c78a8", "Y": "#f58518", "A": "#54a24b", "B": "#b279a2"}


def association_frame(associations: Sequence) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "word": [a.word for a in associations],
            "set": [a.group for a in associations],
            "association": [float(a.association) for a in associations],
            "mean_first": [float(a.mean_first) for a in associations],
            "mean_second": [float(a.mean_second) for a in associations],
        }
    )
    return df.sort_values("association", ascending=False, kind="stable").reset_index(drop=True)


def association_chart(
    associations: Sequence,
    *,
    labels: dict[str, str] | None = None,
    axis_title: str = "s(w, A, B) = mean cos(w, A) − mean cos(w, B)",
    title: str = "",
) -> alt.Chart:
    """Per-word WEAT associations as bars, coloured by set (X/Y, or A/B for attribute words)."""
    df = association_frame(associations)
    labels = labels or {}
    df["set label"] = [labels.get(s, s) for s in df["set"]]
    domain = list(dict.fromkeys(df["set label"]))
    colours = [SET_COLOURS.get(next((k for k, v in labels.items() if v == d), d), "#9d9d9d") for d in domain]
    df["rank"] = range(len(df))
    return (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            x=alt.X("association:Q", title=axis_title),
            y=alt.Y("word:N", sort=alt.SortField("rank"), title=None),
            color=alt.Color("set label:N", title=None, scale=alt.Scale(domain=domain, range=colours), legend=alt.Legend(orient="bottom")),
            tooltip=[
                "word",
                "set label",
                alt.Tooltip("association:Q", format=".4f"),
                alt.Tooltip("mean_first:Q", format=".4f", title="mean cos to first"),
                alt.Tooltip("mean_second:Q", format=".4f", title="mean cos to second"),
            ],
        )
        .properties(height=alt.Step(14))
    )
