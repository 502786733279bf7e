"""The Altair charts, checked through ``chart.to_dict()``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.charts import feedback as charts
from analysis.feedback.compare import Comparison, run_all, second_config
from analysis.feedback.config import preset, with_overrides
from analysis.feedback.policing import PolicingConfig
from analysis.tables.feedback import histogram_table, time_series


@pytest.fixture(scope="module")
def pair():
    a = with_overrides(preset("engagement feed"), {"n_users": 120, "steps": 15, "n_publishers": 10})
    b = second_config(a, Comparison(mode="preset", preset="random feed"))
    return dict(zip(["A", "B"], run_all([a, b])))


def data_of(spec):
    return [row for rows in spec["datasets"].values() for row in rows]


def test_metrics_chart_puts_two_configurations_side_by_side(pair):
    spec = charts.metrics_chart(time_series(pair), ["ctr", "welfare"], {"ctr": "Klickrate"}, step_title="Schritt").to_dict()
    assert spec["facet"]["column"]["field"] == "configuration"
    assert spec["spec"]["mark"]["type"] == "line"
    assert spec["spec"]["encoding"]["x"]["title"] == "Schritt"
    rows = data_of(spec)
    assert {r["metric"] for r in rows} == {"Klickrate", "welfare"}
    assert len(rows) == 2 * 2 * 15
    ctr_a = [r["value"] for r in rows if r["configuration"] == "A" and r["metric"] == "Klickrate"]
    np.testing.assert_allclose(ctr_a, pair["A"].metrics["ctr"])


def test_one_configuration_is_not_faceted_and_long_series_are_thinned():
    series = pd.DataFrame({"configuration": "A", "step": np.arange(1, 5001), "ctr": np.linspace(0, 1, 5000)})
    spec = charts.metrics_chart(series, ["ctr"]).to_dict()
    assert "facet" not in spec and spec["mark"]["type"] == "line"
    rows = data_of(spec)
    assert len(rows) <= charts.MAX_POINTS and rows[0]["step"] == 1 and rows[-1]["step"] == 5000
    with pytest.raises(KeyError):
        charts.metrics_chart(series, ["nope"])


def test_stance_histograms_before_and_after(pair):
    table = histogram_table(pair, 15, "before", "step {step}")
    assert set(table["moment"]) == {"before", "step 15"}
    assert table.groupby(["configuration", "moment"])["share"].sum().to_numpy() == pytest.approx(1.0)
    spec = charts.stance_histogram_chart(table).to_dict()
    assert spec["spec"]["mark"]["type"] == "bar" and spec["facet"]["column"]["field"] == "configuration"
    assert spec["spec"]["encoding"]["y2"] == {"datum": 0}  # bars rise from zero


def test_policing_charts_show_runs_band_mean_and_true_share():
    off, on = run_all([PolicingConfig(days=80, runs=12), PolicingConfig(days=80, runs=12, correction=1)])
    single = charts.policing_chart({"off": off}).to_dict()
    assert [layer["mark"]["type"] for layer in single["layer"]] == ["line", "area", "line", "line"]
    both = charts.policing_chart({"off": off, "on": on}).to_dict()
    assert len(both["hconcat"]) == 2 and both["hconcat"][1]["title"] == "on"
    truth = [r["true_share"] for r in data_of(both) if "true_share" in r]
    assert truth and all(t == pytest.approx(0.75) for t in truth)
    hist = charts.final_share_chart({"off": off, "on": on}).to_dict()
    assert hist["facet"]["column"]["field"] == "configuration"
