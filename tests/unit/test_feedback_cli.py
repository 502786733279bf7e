"""``python -m analysis simulate``: the same numbers as the library, the issue's option and field names."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.cli import main
from analysis.feedback.config import preset, with_overrides
from analysis.feedback.policing import PolicingConfig, simulate_policing
from analysis.feedback.simulate import simulate
from analysis.tables.feedback import frame


def run_json(capsys, *argv):
    assert main(["simulate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_json_gives_per_step_metrics_and_final_weights(capsys):
    payload = run_json(capsys, "--preset", "engagement feed", "--steps", "12", "--users", "150", "--seed", "4",
                       "--set", "exploration=0.1", "--set", "n_publishers=12")
    config = with_overrides(preset("engagement feed"), {"steps": 12, "n_users": 150, "world_seed": 4, "dynamics_seed": 4,
                                                         "exploration": 0.1, "n_publishers": 12})
    result = simulate(config)
    assert payload["preset"] == "engagement feed"
    assert payload["config"]["world_seed"] == 4 and payload["config"]["exploration"] == 0.1
    assert len(payload["metrics"]) == 12 and payload["metrics"][0]["step"] == 1
    np.testing.assert_allclose([row["ctr"] for row in payload["metrics"]], frame(result.metrics)["ctr"])
    np.testing.assert_allclose([row["w_agreement"] for row in payload["metrics"]], frame(result.metrics)["w_agreement"])
    assert payload["final_weights"] == pytest.approx(result.final_weights)
    assert set(payload["final_weights"]) == {"bias", "agreement", "extremity", "clickbait", "popularity"}


def test_simulate_policing_urn(capsys):
    payload = run_json(capsys, "--preset", "policing urn", "--steps", "300", "--seed", "2", "--set", "correction=1")
    reference = simulate_policing(PolicingConfig(days=300, seed=2, correction=1))
    assert payload["final_weights"] is None
    assert len(payload["metrics"]) == 300
    np.testing.assert_allclose(payload["final_shares"], reference.final_shares)
    assert payload["summary"]["true_share"] == pytest.approx(0.75)


def test_simulate_text_output_and_preset_spellings(capsys):
    assert main(["simulate", "--preset", "Random-Feed", "--steps", "5", "--users", "100"]) == 0
    out = capsys.readouterr().out
    assert "random feed" in out and "final learned weights" in out and "ctr" in out


@pytest.mark.parametrize("argv, message", [
    (["--preset", "viral feed"], "Unknown preset"),
    (["--preset", "random feed", "--set", "explortion=0.1"], "Did you mean exploration"),
    (["--preset", "random feed", "--set", "exploration"], "knob=value"),
    (["--preset", "random feed", "--users", "0"], "n_users must be between"),
    (["--preset", "policing urn", "--users", "10"], "does not apply"),
])
def test_simulate_bad_input_exits_2_with_one_sentence(capsys, argv, message):
    assert main(["simulate", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
