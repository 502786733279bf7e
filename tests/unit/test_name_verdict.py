"""The John/Mary verdict (moved out of pages/bias_probes.py), checked against cosines computed here by hand."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.name_verdict import name_verdict


def _cos(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


ROWS = {
    "programmer": [1.0, 0.2, 0.0],
    "nurse": [0.0, 0.3, 1.0],
    "john": [0.9, 0.1, 0.3],
    "james": [0.2, 0.9, 0.1],
    "mary": [0.1, 0.4, 0.9],
    "linda": [0.7, 0.0, 0.6],
}


@pytest.fixture(scope="module")
def toy() -> Embeddings:
    return Embeddings(list(ROWS), np.array(list(ROWS.values()), dtype=np.float32), name="toy", source="test")


def test_pair_and_list_means_match_hand_computed_cosines(toy):
    v = name_verdict(toy)
    john, mary = _cos(ROWS["john"], ROWS["programmer"]), _cos(ROWS["mary"], ROWS["programmer"])
    assert v.target == "programmer"
    assert v.male == pytest.approx(john, abs=1e-6) and v.female == pytest.approx(mary, abs=1e-6)
    assert v.difference == pytest.approx(john - mary, abs=1e-6) and v.closer == "john"
    # Only john/james and mary/linda of the 50-name lists are in this vocabulary.
    male_mean = (john + _cos(ROWS["james"], ROWS["programmer"])) / 2
    female_mean = (mary + _cos(ROWS["linda"], ROWS["programmer"])) / 2
    assert v.male_mean == pytest.approx(male_mean, abs=1e-6) and v.female_mean == pytest.approx(female_mean, abs=1e-6)
    assert sorted(v.lists.male_names) == ["james", "john"] and sorted(v.lists.female_names) == ["linda", "mary"]


def test_the_verdict_turns_with_the_target(toy):
    v = name_verdict(toy, "nurse")
    assert v.closer == "mary" and v.difference < 0
    assert v.difference == pytest.approx(_cos(ROWS["john"], ROWS["nurse"]) - _cos(ROWS["mary"], ROWS["nurse"]), abs=1e-6)


def test_a_tie_goes_to_the_female_name():
    rows = {"programmer": [1.0, 0.0], "john": [1.0, 1.0], "mary": [1.0, -1.0]}
    emb = Embeddings(list(rows), np.array(list(rows.values()), dtype=np.float32), name="tie", source="test")
    v = name_verdict(emb)
    assert v.difference == pytest.approx(0.0, abs=1e-7) and v.closer == "mary"


def test_missing_words_raise_clear_errors(toy):
    with pytest.raises(AnalysisError):
        name_verdict(toy, "astronaut")
    with pytest.raises(AnalysisError, match="male names"):
        name_verdict(toy, male="Zebedee")
