"""Altair charts of the Embeddings page: neighbours, vector lengths, word2vec training loss.

Charts are returned as objects, so tests can read ``to_dict()``.


    >>> from analysis.charts.embeddings import neighbors_chart
    >>> from analysis.embeddings import Neighbor
    >>> chart = neighbors_chart([Neighbor("queen", 0.78), Neighbor("prince", 0.82)])
    >>> chart.to_dict()["mark"]["type"]
    'bar'
"""

from __future__ import annotations

from typing import Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis.embeddings import Embeddings, Neighbor


def neighbors_frame(neighbors: Sequence[Neighbor]) -> pd.DataFrame:
    return pd.DataFrame(
        {"rank": range(1, len(neighbors) + 1), "word": [n.word for n in neighbors], "score": [n.score for n in neighbors]}
    )


def neighbors_chart(neighbors: Sequence[Neighbor], title: str = "", *, x_title: str = "cosine similarity") -> alt.Chart:
    """Horizontal bars of cosine similarity, best match on top."""
    df = neighbors_frame(neighbors)
    return (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title=x_title, scale=alt.Scale(domain=[min(0.0, df["score"].min()), 1])),
            y=alt.Y("word:N", sort=alt.SortField("rank"), title=None),
            tooltip=["rank", "word", alt.Tooltip("score:Q", format=".4f")],
        )
    )


def norm_histogram_frame(emb: Embeddings, bins: int = 60) -> pd.DataFrame:
    """Histogram of vector lengths (frequent words in GloVe have smaller norms than rare ones)."""
    counts, edges = np.histogram(emb.norms, bins=bins)
    return pd.DataFrame({"from": edges[:-1], "to": edges[1:], "words": counts})


def norm_histogram(emb: Embeddings, bins: int = 60, *, x_title: str = "vector length (L2 norm)", y_title: str = "words") -> alt.Chart:
    df = norm_histogram_frame(emb, bins)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("from:Q", bin="binned", title=x_title),
            x2="to:Q",
            y=alt.Y("words:Q", title=y_title),
            tooltip=[alt.Tooltip("from:Q", format=".2f"), alt.Tooltip("to:Q", format=".2f"), "words"],
        )
    )


def training_loss_chart(losses: Sequence[float]) -> alt.Chart:
    """Training loss per epoch."""
    df = pd.DataFrame({"epoch": range(1, len(losses) + 1), "loss": list(losses)})
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(x=alt.X("epoch:O"), y=alt.Y("loss:Q", title="training loss", scale=alt.Scale(zero=False)), tooltip=["epoch", "loss"])
    )
