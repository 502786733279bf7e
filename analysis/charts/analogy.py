"""Altair charts and tables of the analogy area: answers, the parallelogram, benchmark evaluations.

Functions return chart objects (tests read ``chart.to_dict()``); pages render them.
"""

from __future__ import annotations

from typing import Iterable

import altair as alt
import numpy as np
import pandas as pd

from analysis.analogy import METHOD_NAMES, AnalogyResult, ParallelogramPoints
from analysis.evaluate import AnalogyEvaluation, PairEvaluation


# --- analogy answers ------------------------------------------------------------------------------
def results_frame(result: AnalogyResult):
    """The answers as a table: rank, word, score, and whether the word is one of the inputs."""
    inputs = set(result.inputs)
    return pd.DataFrame(
        {
            "rank": list(range(1, len(result.results) + 1)),
            "word": [n.word for n in result.results],
            "score": [n.score for n in result.results],
            "input": [n.word in inputs for n in result.results],
        }
    )


# The legend's kinds of answer; a page passes them translated (``kind_labels``).
RESULT_KINDS = {"answer": "answer", "expected": "expected answer", "input": "input word"}


def results_chart(
    result: AnalogyResult, *, expected: Iterable[str] = (), title: str = "", score_title: str | None = None, kind_labels: dict[str, str] | None = None
):
    """Horizontal bars of the answers' scores; input words and expected answers stand out.

        >>> from analysis.analogy import analogy
        >>> from analysis.embeddings import load_embeddings
        >>> chart = results_chart(analogy(load_embeddings(), ["king", "woman"], ["man"], topn=3))
        >>> chart.to_dict()["mark"]["type"]
        'bar'
    """
    frame = results_frame(result)
    expected = {w.lower() for w in expected}
    kinds = {**RESULT_KINDS, **(kind_labels or {})}
    frame["kind"] = [
        kinds["input"] if is_input else (kinds["expected"] if word.lower() in expected else kinds["answer"])
        for word, is_input in zip(frame["word"], frame["input"])
    ]
    if score_title is None:
        score_title = "cosine similarity" if result.method == "add" else "3CosMul score"
    return (
        alt.Chart(frame, title=title or alt.Undefined)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title=score_title),
            y=alt.Y("word:N", sort=alt.SortField("rank", order="ascending"), title=None),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=[kinds["answer"], kinds["expected"], kinds["input"]],
                    range=["#4c78a8", "#54a24b", "#e45756"],
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[alt.Tooltip("rank:Q"), alt.Tooltip("word:N"), alt.Tooltip("score:Q", format=".4f"), alt.Tooltip("kind:N")],
        )
    )


# Every encoding in these analogy charts is a channel object (alt.X("x:Q"), not "x:Q"): Altair turns a bare string into
# one through a schema look-up that hashes its whole channel schema, about half of building these two
# charts (25 of 50 ms a pair), which every analogy a class asks pays once.


def parallelogram_chart(points: ParallelogramPoints, *, title: str = ""):
    """Scatter of the four words with arrows a→b and c→answer (Altair layer).

        >>> from analysis.analogy import parallelogram_points
        >>> from analysis.embeddings import load_embeddings
        >>> pts = parallelogram_points(load_embeddings(), "man", "king", "woman", "queen")
        >>> [layer["mark"]["type"] for layer in parallelogram_chart(pts).to_dict()["layer"]]
        ['line', 'point', 'point', 'text']
    """
    roles = ["a", "b", "c", "answer"]
    words = points.words
    xy = points.xy
    dots = pd.DataFrame({"word": words, "role": roles, "x": xy[:, 0], "y": xy[:, 1]})
    segments = []
    heads = []
    for name, (i, j) in {f"{words[0]} → {words[1]}": (0, 1), f"{words[2]} → {words[3]}": (2, 3)}.items():
        segments += [
            {"arrow": name, "x": xy[i, 0], "y": xy[i, 1], "order": 0},
            {"arrow": name, "x": xy[j, 0], "y": xy[j, 1], "order": 1},
        ]
        dx, dy = xy[j] - xy[i]
        # Altair's triangle points up at angle 0; rotate it along the arrow (clockwise degrees).
        heads.append({"arrow": name, "x": xy[j, 0], "y": xy[j, 1], "angle": float(90 - np.degrees(np.arctan2(dy, dx)))})
    seg = pd.DataFrame(segments)
    head = pd.DataFrame(heads)
    # Equal units on both axes, or "parallel and equally long" could not be judged by eye.
    span_x = float(np.ptp(xy[:, 0])) or 1.0
    span_y = float(np.ptp(xy[:, 1])) or 1.0
    width = 640
    height = int(min(640, max(160, width * span_y / span_x)))
    pad = 0.12 * max(span_x, span_y)
    x_scale = alt.Scale(domain=[float(xy[:, 0].min() - pad), float(xy[:, 0].max() + pad)], nice=False)
    y_scale = alt.Scale(domain=[float(xy[:, 1].min() - pad), float(xy[:, 1].max() + pad)], nice=False)
    x_title = f"PC1 ({points.explained[0]:.0%})"
    y_title = f"PC2 ({points.explained[1]:.0%})"
    lines = (
        alt.Chart(seg)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("x:Q", title=x_title, scale=x_scale),
            y=alt.Y("y:Q", title=y_title, scale=y_scale),
            detail=alt.Detail("arrow:N"),
            order=alt.Order("order:Q"),
            color=alt.Color("arrow:N", scale=alt.Scale(range=["#4c78a8", "#f58518"]), legend=alt.Legend(title=None, orient="bottom")),
        )
    )
    arrowheads = (
        alt.Chart(head)
        .mark_point(shape="triangle", filled=True, size=260, opacity=1)
        .encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), angle=alt.Angle("angle:Q", scale=None), color=alt.Color("arrow:N"), tooltip=[alt.Tooltip("arrow:N")])
    )
    # Dots mark the arrows' tails (a, c); the arrowheads themselves mark b and the answer.
    tails = dots[dots["role"].isin(["a", "c"])]
    dots_layer = alt.Chart(tails).mark_point(filled=True, size=90, color="#333").encode(
        x=alt.X("x:Q"), y=alt.Y("y:Q"), tooltip=[alt.Tooltip("word:N"), alt.Tooltip("role:N")]
    )
    labels = alt.Chart(dots).mark_text(dy=-16, fontSize=14, fontWeight="bold").encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), text=alt.Text("word:N"))
    return alt.layer(lines, arrowheads, dots_layer, labels, title=title or alt.Undefined).properties(width=width, height=height)


# --- benchmark evaluations -------------------------------------------------------------------------
def sections_frame(ev: AnalogyEvaluation):
    """Per-section table (the CSV download): section, kind, correct, total, accuracy."""
    return pd.DataFrame(
        {
            "section": [s.name for s in ev.sections],
            "kind": ["syntactic" if s.syntactic else "semantic" for s in ev.sections],
            "correct": [s.correct for s in ev.sections],
            "total": [s.total for s in ev.sections],
            "accuracy": [s.accuracy for s in ev.sections],
        }
    )


def sections_chart(ev: AnalogyEvaluation, *, title: str = ""):
    """Accuracy per section as horizontal bars, semantic and syntactic in two colours.

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.evaluate import evaluate_analogies
        >>> ev = evaluate_analogies(load_embeddings(), restrict_vocab=5_000)
        >>> sections_chart(ev).to_dict()["mark"]["type"]
        'bar'
    """
    frame = sections_frame(ev)
    return (
        alt.Chart(frame, title=title or f"{METHOD_NAMES[ev.method]} accuracy per section")
        .mark_bar()
        .encode(
            x=alt.X("accuracy:Q", title="accuracy", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            y=alt.Y("section:N", sort=None, title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color("kind:N", scale=alt.Scale(domain=["semantic", "syntactic"], range=["#4c78a8", "#f58518"]), legend=alt.Legend(title=None, orient="bottom")),
            tooltip=["section:N", "kind:N", "correct:Q", "total:Q", alt.Tooltip("accuracy:Q", format=".1%")],
        )
    )


def pairs_frame(ev: PairEvaluation):
    """Per-pair table (the CSV download): word1, word2, human score, cosine similarity."""
    return pd.DataFrame(ev.rows, columns=["word1", "word2", "human", "cosine"])


def pairs_chart(ev: PairEvaluation, *, title: str = "", x_title: str = "human rating", y_title: str = "cosine similarity"):
    """Human rating against cosine similarity, one point per pair.

        >>> from analysis.embeddings import load_embeddings
        >>> from analysis.evaluate import evaluate_word_pairs
        >>> pairs_chart(evaluate_word_pairs(load_embeddings(), "wordsim353")).to_dict()["mark"]["type"]
        'circle'
    """
    frame = pairs_frame(ev)
    frame["pair"] = frame["word1"] + " – " + frame["word2"]
    return (
        alt.Chart(frame, title=title or f"{ev.benchmark}: Spearman ρ = {ev.spearman:.3f}")
        .mark_circle(size=40, opacity=0.6)
        .encode(
            x=alt.X("human:Q", title=x_title),
            y=alt.Y("cosine:Q", title=y_title),
            tooltip=["pair:N", "human:Q", alt.Tooltip("cosine:Q", format=".3f")],
        )
    )
