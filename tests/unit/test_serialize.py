"""analysis.serialize: the one numpy → JSON conversion (CLI --json, report JSON, downloads)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from analysis import cli
from analysis.serialize import to_json_text, to_jsonable


@dataclass
class _Row:
    word: str
    score: np.float32


def test_numpy_types_become_plain_python_types():
    out = to_jsonable({"a": np.float64(0.25), "b": np.int32(7), "c": np.bool_(False), "d": np.array([[1.5, 2.0]], dtype=np.float32)})
    assert out == {"a": 0.25, "b": 7, "c": False, "d": [[1.5, 2.0]]}
    assert [type(v) for v in (out["a"], out["b"], out["c"])] == [float, int, bool]


def test_non_finite_numbers_become_null_and_keys_strings():
    assert to_jsonable({1: [float("inf"), np.float32("nan"), -np.inf, 0.0]}) == {"1": [None, None, None, 0.0]}


def test_dataclasses_and_tuples_are_unpacked():
    assert to_jsonable((_Row("nurse", np.float32(0.5)),)) == [{"word": "nurse", "score": 0.5}]


def test_text_is_indented_and_keeps_umlauts():
    text = to_json_text({"wort": "Ärztin", "n": np.int64(2)})
    assert "Ärztin" in text and json.loads(text) == {"wort": "Ärztin", "n": 2} and text.startswith("{\n  ")


def test_cli_keeps_the_old_import_name():
    assert cli.to_jsonable is to_jsonable
