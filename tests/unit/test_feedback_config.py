"""Configs, knobs and presets; comparisons (the shareable link is tests/unit/test_feedback_link.py)."""

from __future__ import annotations

import dataclasses

import pytest

from analysis.errors import AnalysisError
from analysis.feedback.compare import Comparison, second_config
from analysis.feedback.config import KNOBS, PRESETS, FeedbackConfig, parse_assignments, preset, with_overrides
from analysis.feedback.policing import POLICING_KNOBS, PolicingConfig
from analysis.feedback.simulate import simulate
from analysis.tables.feedback import frame, summary_table, time_series


def test_presets_have_the_names_of_the_issue():
    assert PRESETS == ("engagement feed", "random feed", "popularity", "frozen model", "diversity slots", "extremity penalty", "policing urn")
    assert preset("random feed").ranking == "random"
    assert preset("frozen model").retrain == 0
    assert preset("diversity slots").diversity_slots > 0
    assert preset("extremity penalty").extremity_penalty > 0
    with pytest.raises(AnalysisError, match="Presets"):
        preset("viral feed")


def test_every_field_is_a_knob_with_its_default_in_range():
    for cls, knobs in ((FeedbackConfig, KNOBS), (PolicingConfig, POLICING_KNOBS)):
        fields = {f.name: f.default for f in dataclasses.fields(cls)}
        assert set(fields) == set(knobs)
        for name, default in fields.items():
            knob = knobs[name]
            assert knob.help
            if knob.kind == "choice":
                assert default in knob.choices
            else:
                assert knob.low <= default <= knob.high, name


def test_overrides_are_parsed_range_checked_and_explained():
    cfg = with_overrides(preset("engagement feed"), {"n_users": "300", "exploration": "0.25", "ranking": "oracle"})
    assert (cfg.n_users, cfg.exploration, cfg.ranking) == (300, 0.25, "oracle")
    with pytest.raises(AnalysisError, match="Did you mean exploration"):
        with_overrides(cfg, {"exploraton": "0.1"})
    with pytest.raises(AnalysisError, match="between 0 and 1"):
        with_overrides(cfg, {"exploration": "2"})
    with pytest.raises(AnalysisError, match="whole number"):
        with_overrides(cfg, {"n_users": "10.5"})
    with pytest.raises(AnalysisError, match="one of"):
        with_overrides(cfg, {"ranking": "chaos"})
    with pytest.raises(AnalysisError, match="cannot exceed slate_size"):
        with_overrides(cfg, {"diversity_slots": "8", "slate_size": "5"})
    with pytest.raises(AnalysisError, match="knob=value"):
        parse_assignments(["exploration"])
    assert parse_assignments(["a=1", " b = x "]) == {"a": "1", "b": "x"}


def test_comparison_keeps_world_and_seeds_and_changes_the_rest():
    first = with_overrides(preset("engagement feed"), {"n_users": 321, "world_seed": 7, "dynamics_seed": 8, "exploration": 0.1})
    second = second_config(first, Comparison(mode="preset", preset="random feed"))
    assert (second.n_users, second.world_seed, second.dynamics_seed) == (321, 7, 8)
    assert second.ranking == "random" and second.exploration == 0.0
    knob = second_config(first, Comparison(mode="knob", knob="diversity_slots", value="2"))
    assert dataclasses.replace(knob, diversity_slots=0) == first
    with pytest.raises(AnalysisError):
        second_config(PolicingConfig(), Comparison(mode="preset", preset="random feed"))
    urn = second_config(PolicingConfig(), Comparison(mode="knob", knob="correction", value=1))
    assert urn.correction == 1


def test_summary_table_and_time_series_label_the_configurations():
    a = with_overrides(preset("engagement feed"), {"n_users": 100, "steps": 20, "n_publishers": 10})
    b = second_config(a, Comparison(mode="preset", preset="random feed"))
    results = {"A": simulate(a), "B": simulate(b)}
    table = summary_table(results, ["ctr", "welfare"])
    assert list(table.columns) == ["A", "B", "B − A"]
    assert table.loc["ctr", "A"] == pytest.approx(frame(results["A"].metrics)["ctr"].tail(2).mean())
    assert table.loc["ctr", "B − A"] == pytest.approx(table.loc["ctr", "B"] - table.loc["ctr", "A"])
    series = time_series(results)
    assert series["configuration"].tolist() == ["A"] * 20 + ["B"] * 20


@pytest.mark.parametrize("raw", ["inf", "-inf", "1e400", "nan"])
def test_infinite_or_nan_values_are_refused_for_int_and_float_knobs(raw):
    """Review: 'inf' for an int knob (CLI --set, or a shared URL) raised OverflowError (CLI exit 1)."""
    for name in ("n_users", "exploration"):
        with pytest.raises(AnalysisError, match="finite number"):
            with_overrides(preset("engagement feed"), {name: raw})
