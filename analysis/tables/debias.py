"""Data frames of the Debiasing evidence: professions before/after, and the biased words' 2-D PCA.

    >>> import numpy as np
    >>> from analysis.residual import PcaPoints
    >>> points = PcaPoints(["he", "she"], np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1, -1]), np.array([0.4, -0.4]), "before")
    >>> pca_frame(points)[["word", "label", "stage"]].to_dict(orient="records")[0]
    {'word': 'he', 'label': 'male', 'stage': 'before'}
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.bias import Projection
from analysis.debias_evidence import Evidence
from analysis.residual import PcaPoints


def projection_frame(projections: Iterable[Projection]) -> pd.DataFrame:
    """Columns word, projection, in the given order."""
    projections = list(projections)
    return pd.DataFrame({"word": [p.word for p in projections], "projection": [p.projection for p in projections]})


def profession_frame(before: Evidence, after: Evidence, per_side: int = 15) -> pd.DataFrame:
    """The ``per_side`` most male- and female-projected professions of the original, before and after.

    Columns: word, stage ("before"/"after"), projection (on the original direction), order (rank by
    the original projection, for sorting the chart).
    """
    merged = projection_frame(before.professions).merge(projection_frame(after.professions), on="word", suffixes=("_before", "_after"))
    merged = merged.sort_values("projection_before", ascending=False, kind="stable")
    if len(merged) > 2 * per_side:
        merged = pd.concat([merged.head(per_side), merged.tail(per_side)])
    merged = merged.reset_index(drop=True)
    merged["order"] = np.arange(len(merged))
    long = pd.concat(
        [
            merged[["word", "order"]].assign(stage="before", projection=merged["projection_before"]),
            merged[["word", "order"]].assign(stage="after", projection=merged["projection_after"]),
        ],
        ignore_index=True,
    )
    return long


def pca_frame(points: PcaPoints) -> pd.DataFrame:
    """Columns word, x, y, label ("male" / "female", the original label), bias (original), stage."""
    return pd.DataFrame(
        {
            "word": points.words,
            "x": points.xy[:, 0],
            "y": points.xy[:, 1],
            "label": np.where(points.labels == 1, "male", "female"),
            "bias": points.bias,
            "stage": points.stage,
        }
    )
