"""analysis.presets: every file under data/presets/ loads, every preset's fields are valid, and the
presets that used to live in code (feedback loop, autoencoder lecture) are exactly what the CLI and
the page use."""

from __future__ import annotations

import argparse
import dataclasses
import json

import pytest

from analysis import presets
from analysis.autoencoder import AutoencoderConfig
from analysis.cli.cmd_simulate import build_config
from analysis.errors import AnalysisError
from analysis.feedback.config import KNOBS, POLICING_PRESET, PRESETS, FeedbackConfig, parse_value, preset
from analysis.feedback.policing import PolicingConfig

# The feedback presets as they were written in analysis/feedback/config.py before the move: the JSON
# must reproduce them exactly, or `simulate --preset NAME` would give other numbers.
FEEDBACK_BEFORE_THE_MOVE = {
    "engagement feed": {},
    "random feed": {"ranking": "random"},
    "popularity": {"ranking": "popularity"},
    "frozen model": {"retrain": 0},
    "diversity slots": {"diversity_slots": 3},
    "extremity penalty": {"extremity_penalty": 2.0, "clickbait_penalty": 2.0},
}


def test_every_preset_file_loads_and_cites_a_source():
    files = sorted(p.stem for p in presets.PRESETS_DIR.glob("*.json"))
    assert files == sorted(presets.PRESET_FILES)
    for name in presets.PRESET_FILES:
        raw = presets.read_preset_file(name)
        text = raw.get("source") or raw.get("description") or ""
        if name != "latent":  # latent.json's sources are per key, in data/README.md's table
            assert len(text) > 40, name
    readme = (presets.PRESETS_DIR.parent / "README.md").read_text(encoding="utf-8")
    for name in presets.PRESET_FILES:
        assert f"presets/{name}.json" in readme, name


def test_read_preset_file_hands_out_copies_and_reports_bad_files(tmp_path):
    first = presets.read_preset_file("lesson")
    first["bias_analogies"].clear()
    assert presets.lesson_presets()["bias_analogies"], "a caller's change leaked into the cache"
    with pytest.raises(AnalysisError, match="Unknown preset file"):
        presets.read_preset_file("nope")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(AnalysisError, match="does not parse"):
        presets.read_preset_file("analogy", bad)
    with pytest.raises(AnalysisError, match="missing"):
        presets.read_preset_file("analogy", tmp_path / "absent.json")


def test_analogy_presets_fields():
    items = presets.analogy_presets()
    assert len(items) == 7 and len({p.id for p in items}) == len(items)
    for p in items:
        assert p.id.isidentifier() and p.kind in {"semantic", "syntactic", "bias"}
        assert all(w and w == w.strip() for w in (p.a, p.b, p.c, *p.expected)) and p.expected
        assert p.source
    king = items[0]
    assert (king.positive, king.negative, king.label) == (["king", "woman"], ["man"], "king − man + woman")


def test_latent_presets_fields():
    groups, axes = presets.latent_presets()
    assert len({g.key for g in groups}) == len(groups) >= 5 and len({a.key for a in axes}) == len(axes) >= 3
    for g in groups:
        assert set(g.title) == {"en", "de"} and g.groups and all(g.groups.values())
    for a in axes:
        assert set(a.title) == {"en", "de"} and all(side for side in (*a.x, *a.y))


def test_lesson_presets_fields():
    lesson = presets.lesson_presets()
    keys = [a["key"] for a in lesson["bias_analogies"]]
    assert keys == ["programmer", "surgeon", "football", "burly", "king"]
    for a in lesson["bias_analogies"]:
        assert len(a["positive"]) == 2 and len(a["negative"]) == 1 and isinstance(a["expected"], str)
    assert "programmer" in lesson["name_probe_targets"] and lesson["source"]


def test_feedback_presets_are_the_ones_from_before_the_move():
    assert presets.feedback_presets() == FEEDBACK_BEFORE_THE_MOVE
    assert list(presets.feedback_presets()) == list(FEEDBACK_BEFORE_THE_MOVE)  # the listing order too
    assert PRESETS == (*FEEDBACK_BEFORE_THE_MOVE, "policing urn") and POLICING_PRESET == "policing urn"
    for overrides in presets.feedback_presets().values():
        for knob, value in overrides.items():
            assert parse_value(KNOBS[knob], value) == value


@pytest.mark.parametrize("name", [*FEEDBACK_BEFORE_THE_MOVE, "policing urn"])
def test_simulate_preset_uses_the_json(name):
    args = argparse.Namespace(preset=name, steps=None, users=None, seed=None, set=[])
    built_name, config = build_config(args)
    assert built_name == name
    if name == "policing urn":
        assert config == PolicingConfig()
    else:
        assert config == dataclasses.replace(FeedbackConfig(), **FEEDBACK_BEFORE_THE_MOVE[name]) == preset(name)


def test_autoencoder_setups_build_valid_configs():
    setups = presets.autoencoder_setups()
    assert sorted(setups) == ["cifar", "pca"]
    fields = {"latent", "hidden", "activation", "output_activation", "loss", "optimizer", "lr", "epochs", "batch_size", "scaling"}
    for name, values in setups.items():
        assert set(values) == fields, name
        hidden = tuple(int(h) for h in values["hidden"].replace(",", " ").split())
        AutoencoderConfig(  # raises on any invalid value
            input_dim=3072, latent_dim=values["latent"], hidden=hidden, activation=values["activation"],
            output_activation=values["output_activation"], loss=values["loss"], optimizer=values["optimizer"],
            lr=values["lr"], epochs=values["epochs"], batch_size=values["batch_size"], scaling=values["scaling"],
        )
    # The lecture's CIFAR-10 network: 3072 inputs → 200 ReLU units → 3072 sigmoid outputs.
    cifar = presets.autoencoder_setup("cifar")
    assert (cifar["latent"], cifar["activation"], cifar["output_activation"]) == (200, "relu", "sigmoid")
    assert presets.autoencoder_setup("pca")["activation"] == "linear"
    with pytest.raises(AnalysisError, match="Unknown autoencoder set-up"):
        presets.autoencoder_setup("vae")


def test_old_readers_delegate_to_the_presets_module():
    from analysis.analogy import load_presets as analogy_load
    from analysis.projection import load_presets as latent_load
    from analysis.wordlists import lesson_presets

    assert analogy_load() == presets.analogy_presets()
    assert latent_load() == presets.latent_presets()
    assert lesson_presets() == presets.lesson_presets()
    assert json.loads((presets.PRESETS_DIR / "lesson.json").read_text(encoding="utf-8")) == presets.lesson_presets()


def test_the_autoencoder_page_setups_are_the_json():
    from analysis.autoencoder_presets import LECTURE_SETUPS

    assert LECTURE_SETUPS == presets.autoencoder_setups()
