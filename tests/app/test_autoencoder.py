"""The Autoencoder page through the real entrypoint: training, Stop, views, save/load, data sources."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from analysis.autoencoder import AutoencoderConfig, Trainer, save_model
from analysis.images import load_digits
from app import state
from tests.app.conftest import assert_clean, chart_specs, open_page


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def open_tab(at, label: str) -> None:
    """Select a result tab (keyed, state-tracking tabs: only the open one is computed)."""
    at.session_state["autoencoder.tab"] = label
    at.run()


def train(at, epochs: int = 30) -> None:
    at.number_input(key="autoencoder.epochs").set_value(epochs)
    at.button(key="autoencoder.train").click()
    at.run()


def test_page_opens_with_device_and_empty_state():
    at = open_page("autoencoder.py")
    assert_clean(at)
    assert at.title[0].value == "Autoencoder"
    assert any("PyTorch trains on **CPU**" in c.value for c in at.caption)
    assert any("1,797 samples × 64 features" in c.value for c in at.caption)
    assert any("Train" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_short_training_run_shows_every_view():
    at = open_page("autoencoder.py")
    train(at, epochs=30)
    assert_clean(at)
    assert metrics(at)["Epochs"] == "30 / 30"
    assert at.get("image"), "reconstruction grid missing"  # the first tab is open by default
    assert "PCA MSE at k = 2" not in metrics(at)  # hidden tabs are not computed
    specs = chart_specs(at)
    loss = next(s for s in specs if s.get("mark", {}).get("type") == "line")
    assert len(next(iter(loss["datasets"].values()))) == 31  # epoch 0 … 30
    open_tab(at, "Latent space")
    assert_clean(at)
    latent = next(s for s in chart_specs(at) if s.get("mark", {}).get("type") == "circle")
    rows = next(iter(latent["datasets"].values()))
    assert len(rows) == 1797 and {r["label"] for r in rows} == {str(i) for i in range(10)}
    open_tab(at, "Linear AE = PCA?")
    assert_clean(at)
    assert "PCA MSE at k = 2" in metrics(at) and not at.get("image")
    assert any("Eckart–Young" in m.value for m in at.markdown)
    train(at, epochs=5)  # the chosen tab stays open across the next training run
    assert "PCA MSE at k = 2" in metrics(at) and metrics(at)["Epochs"] == "5 / 5"


def test_linear_setup_reaches_pca_and_german_explanation():
    at = open_page("autoencoder.py", lang="de")
    at.button(key="autoencoder.setup_pca_button").click().run()
    assert at.number_input(key="autoencoder.epochs").value == 400
    at.button(key="autoencoder.train").click().run()
    open_tab(at, "Linearer AE = PCA?")
    assert_clean(at)
    assert any("spannt den PCA-Unterraum auf" in s.value for s in at.success)
    angle = metrics(at)["Größter Hauptwinkel"]  # in German notation: 0,37°
    assert re.fullmatch(r"\d+,\d\d°", angle) and float(angle.rstrip("°").replace(",", ".")) < 2
    assert any("Eckart–Young" in m.value and "Hauptwinkel" in m.value for m in at.markdown)


def _inject(at, epochs_done: int, target: int) -> Trainer:
    """A model part-way through training, as a Stop press or another widget finds it mid-run."""
    images = load_digits()
    config = AutoencoderConfig(input_dim=64, latent_dim=2, epochs=target)
    trainer = Trainer(images.data, config, "cpu", labels=images.labels, name=images.name)
    trainer.train(epochs=epochs_done)
    key = "autoencoder-test-" + str(id(trainer))
    state.model_store().put(key, trainer)
    at.session_state["model_keys"] = {"autoencoder": key}
    at.session_state["autoencoder.running"] = True
    return trainer


def test_stop_keeps_the_model_trained_so_far():
    at = open_page("autoencoder.py")
    trainer = _inject(at, epochs_done=3, target=500)
    at.button(key="autoencoder.stop").click().run()
    assert_clean(at)
    assert trainer.epochs_done == 3
    assert metrics(at)["Epochs"] == "3 / 500"
    assert any("Stopped after 3 of 500 epochs" in w.value for w in at.warning)
    assert at.get("image")  # the stopped model is still shown
    at.number_input(key="autoencoder.epochs").set_value(6)
    at.button(key="autoencoder.resume").click().run()  # continue the stopped model
    assert trainer.epochs_done == 6 and metrics(at)["Epochs"] == "6 / 6"
    assert not any("Stopped" in w.value for w in at.warning)


def test_training_interrupted_by_another_widget_resumes():
    at = open_page("autoencoder.py")
    trainer = _inject(at, epochs_done=2, target=12)
    at.run()
    assert_clean(at)
    assert trainer.epochs_done == 12 and metrics(at)["Epochs"] == "12 / 12"


def test_gradient_descent_variants_and_error_over_k():
    at = open_page("autoencoder.py")
    train(at, epochs=5)
    open_tab(at, "Gradient descent variants")
    at.number_input(key="autoencoder.gd_epochs").set_value(2)
    at.number_input(key="autoencoder.gd_max_samples").set_value(200)
    at.button(key="autoencoder.gd_button").click().run()
    assert_clean(at)
    gd = next(s for s in chart_specs(at) if "variant" in json.dumps(s.get("encoding", {})))
    variants = {row["variant"].split(" ")[0] for rows in gd["datasets"].values() for row in rows}
    assert variants == {"batch", "stochastic", "mini-batch"}
    open_tab(at, "AE vs PCA over k")
    at.slider(key="autoencoder.k_range").set_value((1, 3)).run()
    at.button(key="autoencoder.k_button").click().run()
    assert_clean(at)
    over_k = next(s for s in chart_specs(at) if "strokeDash" in s.get("encoding", {}))
    rows = next(iter(over_k["datasets"].values()))
    assert sorted({r["k"] for r in rows}) == [1, 2, 3] and {r["method"] for r in rows} == {"autoencoder", "PCA"}


def test_save_and_load_model():
    at = open_page("autoencoder.py")
    train(at, epochs=4)
    open_tab(at, "Save / load")
    download = at.get("download_button")
    assert download and "Save model" in download[0].proto.label
    images = load_digits()
    other = Trainer(images.data, AutoencoderConfig(input_dim=64, latent_dim=3, epochs=7), "cpu", name="digits 8×8").train()
    at.file_uploader(key="autoencoder.load").set_value(("model.zip", save_model(other), "application/zip")).run()
    assert_clean(at)
    assert any("trained for 7 epochs" in s.value for s in at.success)
    open_tab(at, "Linear AE = PCA?")
    assert "PCA MSE at k = 3" in metrics(at)
    open_tab(at, "Save / load")
    at.file_uploader(key="autoencoder.load").set_value(("bad.zip", b"not a zip", "application/zip")).run()
    assert any("Not a saved autoencoder" in e.value for e in at.error)


def test_word_vectors_as_data():
    at = open_page("autoencoder.py")
    at.radio(key="autoencoder.source").set_value("words").run()
    at.number_input(key="autoencoder.top_n").set_value(500).run()
    train(at, epochs=3)
    assert_clean(at)
    assert any("500 samples × 50 features" in c.value for c in at.caption)
    assert any("vectors, not images" in i.value for i in at.info)
    open_tab(at, "Latent space")
    latent = next(s for s in chart_specs(at) if s.get("mark", {}).get("type") == "circle")
    assert "word" in next(iter(latent["datasets"].values()))[0]


def test_image_files_by_path_and_upload(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed server paths are off by default
    rng = np.random.default_rng(0)
    path = tmp_path / "faces.npz"
    np.savez(path, x=rng.integers(0, 256, size=(40, 6, 6), dtype=np.uint8), y=np.arange(40) % 4)
    at = open_page("autoencoder.py")
    at.radio(key="autoencoder.source").set_value("path").run()
    assert any("never from a browser upload" in c.value for c in at.caption)
    at.text_input(key="autoencoder.path").set_value(str(path)).run()
    train(at, epochs=3)
    assert_clean(at)
    assert any("40 samples × 36 features" in c.value for c in at.caption) and at.get("image")
    at.text_input(key="autoencoder.path").set_value(str(tmp_path / "missing.npz")).run()
    assert any("No such file" in e.value for e in at.error)
    at.radio(key="autoencoder.source").set_value("upload").run()
    uploader = at.file_uploader(key="autoencoder.upload")
    uploader.set_value(("data_batch_1", b"\x80\x02}q\x00.", "application/octet-stream")).run()
    assert any("never read from an upload" in e.value for e in at.error)
    at.file_uploader(key="autoencoder.upload").set_value(("x.npy", b"\x80\x02}q\x00.", "application/octet-stream")).run()
    assert any("is a Python pickle" in e.value for e in at.error)  # a pickle in disguise
    mnist = bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3]) + bytes(range(18))
    at.file_uploader(key="autoencoder.upload").set_value(("t10k-images-idx3-ubyte", mnist, "application/octet-stream")).run()
    assert any("MNIST-format 3×3: 2 samples × 9 features" in c.value for c in at.caption)
    assert not at.exception


@pytest.mark.parametrize("lang", ["de"])
def test_german_page_is_translated(lang):
    at = open_page("autoencoder.py", lang=lang)
    train(at, epochs=2)
    assert_clean(at)
    assert "Epochen" in metrics(at) and at.title[0].value == "Autoencoder"
    assert any("Proben × 64 Merkmale" in c.value for c in at.caption)


def test_cifar_folder_with_the_lecture_setup(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed server paths are off by default
    import pickle

    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    data = np.random.default_rng(0).integers(0, 256, size=(12, 3072), dtype=np.uint8)
    with open(folder / "data_batch_1", "wb") as handle:  # the python-version layout, protocol 2
        pickle.dump({b"data": data, b"labels": [i % 10 for i in range(12)]}, handle, protocol=2)
    at = open_page("autoencoder.py")
    at.radio(key="autoencoder.source").set_value("path").run()
    at.text_input(key="autoencoder.path").set_value(str(folder)).run()
    assert any("12 samples × 3072 features" in c.value for c in at.caption)
    at.button(key="autoencoder.setup_cifar_button").click().run()
    assert at.number_input(key="autoencoder.latent").value == 200
    assert at.selectbox(key="autoencoder.output_activation").value == "sigmoid"
    at.number_input(key="autoencoder.epochs").set_value(2)
    at.number_input(key="autoencoder.batch_size").set_value(4)
    at.button(key="autoencoder.train").click().run()
    assert_clean(at)
    assert metrics(at)["Epochs"] == "2 / 2"
    grid = at.get("image")[0]
    assert grid.proto.imgs  # the reconstruction grid (originals above, reconstructions below) is drawn


def test_german_option_labels_are_eager_and_selectable():
    """The settings' select boxes go through ``choice``: German labels in the script run, plain values underneath."""
    at = open_page("autoencoder.py", lang="de")
    scaling = at.selectbox(key="autoencoder.scaling")
    assert "nur zentrieren" in scaling.options and "keine (Rohwerte)" in scaling.options
    assert at.selectbox(key="autoencoder.optimizer").options == ["Adam", "SGD"]
    scaling.set_value("center").run()
    assert at.selectbox(key="autoencoder.scaling").value == "center"
    assert_clean(at)
