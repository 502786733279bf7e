"""``StepTable``: named numeric columns of equal length, one row per step (or day) — a table without pandas.

The simulators return their time series in this shape so the numeric modules stay free of pandas;
``analysis.tables.feedback`` turns them into data frames for charts, downloads and the CLI's text.

    >>> import numpy as np
    >>> table = StepTable({"step": np.arange(1, 4), "ctr": np.array([0.1, 0.2, 0.4])})
    >>> len(table), table.columns, table["ctr"][-1]
    (3, ('step', 'ctr'), np.float64(0.4))
    >>> table.tail(2).records()
    [{'step': 2, 'ctr': 0.2}, {'step': 3, 'ctr': 0.4}]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class StepTable:
    """Columns by name, all of the same length; ``len`` is the number of rows (steps), not of columns."""

    data: Mapping[str, np.ndarray]  # column name -> 1-D array; the first column is the step (or day) number

    def __post_init__(self) -> None:
        lengths = {len(column) for column in self.data.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.data)

    def __len__(self) -> int:
        return len(next(iter(self.data.values()))) if self.data else 0

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __contains__(self, name: object) -> bool:
        return name in self.data

    def rows(self, start: int | None = None, stop: int | None = None) -> StepTable:
        """The rows ``start:stop`` (Python slice rules)."""
        return StepTable({name: column[start:stop] for name, column in self.data.items()})

    def tail(self, n: int) -> StepTable:
        """The last ``n`` rows (all of them when there are fewer)."""
        return self.rows(max(len(self) - n, 0))

    def matrix(self) -> np.ndarray:
        """All columns side by side as one float array (rows × columns)."""
        return np.column_stack([np.asarray(column, dtype=float) for column in self.data.values()])

    def records(self) -> list[dict[str, float | int]]:
        """One plain dict per row (Python numbers): the CLI's JSON ``metrics`` list."""
        names = self.columns
        return [dict(zip(names, values)) for values in zip(*(self.data[n].tolist() for n in names))]
