"""Altair charts of the Debiasing page: professions before/after, INLP accuracy, the residual PCA.

The tables they draw come from ``analysis.tables.debias`` (``profession_frame``, ``pca_frame``);
``labels`` arguments carry the texts in the user's language.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"word": ["nurse", "nurse"], "order": [0, 0], "stage": ["before", "after"], "projection": [0.3, 0.01]})
    >>> [layer["mark"]["type"] for layer in profession_shift_chart(frame).to_dict()["layer"]]
    ['rule', 'rule', 'circle']
"""

from __future__ import annotations

import altair as alt
import pandas as pd


def profession_shift_chart(frame: pd.DataFrame, title: str = "", labels: dict[str, str] | None = None):
    """Dot plot: each profession's projection on the original gender direction before and after.

    A grey rule joins the two dots of a word; positive = male side. ``labels`` translates the texts
    (keys: projection, word, stage, before, after).
    """
    names = {"projection": "projection on the original gender direction (+ male, − female)", "word": "profession", "stage": "", "before": "before", "after": "after"}
    names.update(labels or {})
    data = frame.assign(shown=frame["stage"].map({"before": names["before"], "after": names["after"]}))
    order = list(dict.fromkeys(data.sort_values("order")["word"]))
    y = alt.Y("word:N", sort=order, title=names["word"])
    wide = frame.pivot(index="word", columns="stage", values="projection").reset_index()
    rules = alt.Chart(wide).mark_rule(color="#bbbbbb").encode(x="before:Q", x2="after:Q", y=alt.Y("word:N", sort=order))
    dots = (
        alt.Chart(data)
        .mark_circle(size=70)
        .encode(
            x=alt.X("projection:Q", title=names["projection"]),
            y=y,
            color=alt.Color("shown:N", title=names["stage"], scale=alt.Scale(domain=[names["before"], names["after"]], range=["#9467bd", "#2ca02c"])),
            tooltip=[alt.Tooltip("word:N", title=names["word"]), alt.Tooltip("shown:N", title=names["stage"]), alt.Tooltip("projection:Q", format=".3f")],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#666666").encode(x="x:Q")
    return alt.layer(rules, zero, dots, title=title).properties(height=alt.Step(14))


def inlp_accuracy_chart(steps: list, chance: float, labels: dict[str, str] | None = None):
    """INLP: each iteration's held-out classifier accuracy, with the chance level as a dashed line."""
    names = {"iteration": "iteration", "accuracy": "held-out accuracy", "chance": "chance", "split": "", "dev": "held-out", "train": "training"}
    names.update(labels or {})
    rows = [{"iteration": s.iteration, "accuracy": s.dev_accuracy, "split": names["dev"]} for s in steps]
    rows += [{"iteration": s.iteration, "accuracy": s.train_accuracy, "split": names["train"]} for s in steps]
    data = pd.DataFrame(rows)
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("iteration:Q", title=names["iteration"], axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("accuracy:Q", title=names["accuracy"], scale=alt.Scale(domain=[min(0.3, chance - 0.1), 1.0])),
            color=alt.Color("split:N", title=names["split"]),
            tooltip=["iteration:Q", alt.Tooltip("accuracy:Q", format=".3f"), "split:N"],
        )
    )
    rule = alt.Chart(pd.DataFrame({"chance": [chance], "label": [names["chance"]]})).mark_rule(strokeDash=[5, 4], color="#d62728").encode(y="chance:Q", tooltip=["label:N", alt.Tooltip("chance:Q", format=".3f")])
    return alt.layer(lines, rule)


def residual_pca_chart(frame: pd.DataFrame, title: str = "", labels: dict[str, str] | None = None):
    """Scatter plots of ``analysis.tables.debias.pca_frame`` rows side by side per stage (before / after), coloured by label.

    ``labels`` translates the axis/legend titles and the colour legend (keys: x, y, label, stage,
    male, female, word, bias).
    """
    names = {"x": "PC 1", "y": "PC 2", "label": "original label", "stage": "", "male": "male", "female": "female", "word": "word", "bias": "original bias"}
    names.update(labels or {})
    data = frame.assign(shown=frame["label"].map({"male": names["male"], "female": names["female"]}))
    return (
        alt.Chart(data, title=title)
        .mark_circle(size=28, opacity=0.65)
        .encode(
            x=alt.X("x:Q", title=names["x"]),
            y=alt.Y("y:Q", title=names["y"]),
            color=alt.Color(
                "shown:N",
                title=names["label"],
                scale=alt.Scale(domain=[names["male"], names["female"]], range=["#1f77b4", "#d62728"]),
            ),
            tooltip=[alt.Tooltip("word:N", title=names["word"]), alt.Tooltip("shown:N", title=names["label"]), alt.Tooltip("bias:Q", title=names["bias"], format=".3f")],
        )
        .properties(width=320, height=320)
        .facet(column=alt.Column("stage:N", title=names["stage"], sort=list(dict.fromkeys(frame["stage"]))))
        .resolve_scale(x="independent", y="independent")
    )
