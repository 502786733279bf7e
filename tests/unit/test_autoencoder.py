"""analysis.autoencoder: linear AE = PCA on digits, GD variants, stopping, save/load, the CLI."""

from __future__ import annotations

import io
import json
import math
import pickle
import zipfile
from dataclasses import replace

import numpy as np
import pytest
import torch

from analysis.autoencoder import (
    Autoencoder,
    AutoencoderConfig,
    Trainer,
    compare_gd_variants,
    decoder_matrix,
    linear_pca_check,
    load_model,
    principal_angles_deg,
    reconstruction_error_over_k,
    save_model,
    train_autoencoder,
    trainer_from_model,
)
from analysis.cli import main
from analysis.errors import AnalysisError
from analysis.images import load_digits
from analysis.progress import StopRequested
from analysis.projection import pca_reconstruction_mse

LOADED_CODE_RAN: list[str] = []


def _side_effect(*args):
    LOADED_CODE_RAN.append("ran")
    return {}


class Hostile:
    def __reduce__(self):
        return (_side_effect, ())


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    return load_digits().data


# Adam, lr 0.02, full batch on standardised digits: 400 epochs put the decoder within a
# hundredth of a degree of the PCA subspace for every k here (about 0.3 s per k on a laptop CPU).
PCA_SETTINGS = dict(activation="linear", loss="mse", optimizer="adam", lr=0.02, epochs=400, batch_size=0, scaling="standardize")


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_linear_autoencoder_learns_the_pca_subspace(digits, k):
    trainer = train_autoencoder(digits, AutoencoderConfig(input_dim=64, latent_dim=k, **PCA_SETTINGS), "cpu")
    check = linear_pca_check(trainer)
    assert check.linear and check.k == k and len(check.angles_deg) == k
    assert max(check.angles_deg) < 2.0, check.angles_deg
    assert check.ae_mse <= 1.02 * check.pca_mse  # within 2 % of the optimum …
    assert check.ae_mse >= 0.999 * check.pca_mse  # … which no linear model can beat
    # The PCA error is the reference's own: same scaled data, computed independently.
    assert check.pca_mse == pytest.approx(pca_reconstruction_mse(trainer.scaled_data(), k), rel=1e-9)


def test_untrained_or_nonlinear_model_is_not_pca(digits):
    config = AutoencoderConfig(input_dim=64, latent_dim=3, **{**PCA_SETTINGS, "epochs": 0})
    check = linear_pca_check(Trainer(digits, config, "cpu"))
    assert max(check.angles_deg) > 20 and check.ae_mse > 1.2 * check.pca_mse
    tanh = linear_pca_check(train_autoencoder(digits, replace(config, activation="tanh", epochs=50), "cpu"))
    assert not tanh.linear


def test_principal_angles_of_known_subspaces():
    e = np.eye(4)
    for degrees in (0.0, 1.0, 30.0, 90.0):
        r = math.radians(degrees)
        a = e[:, :2]
        b = np.column_stack([e[:, 0] * 3, math.cos(r) * e[:, 1] + math.sin(r) * e[:, 2]])  # scaled basis: same span
        np.testing.assert_allclose(principal_angles_deg(a, b), [0.0, degrees], atol=1e-6)
    # Invariant to the basis: a rotated, stretched, non-orthogonal basis of the same plane.
    rng = np.random.default_rng(0)
    basis = rng.normal(size=(10, 3))
    mixed = basis @ rng.normal(size=(3, 3))
    np.testing.assert_allclose(principal_angles_deg(basis, mixed), 0.0, atol=1e-5)


def test_decoder_matrix_of_a_deep_linear_decoder_is_the_weight_product():
    model = Autoencoder(AutoencoderConfig(input_dim=6, latent_dim=2, hidden=(5, 4)))
    layers = [m for m in model.decoder if isinstance(m, torch.nn.Linear)]
    product = layers[2].weight @ layers[1].weight @ layers[0].weight
    np.testing.assert_allclose(decoder_matrix(model), product.detach().double().numpy(), atol=1e-6)
    assert [m.in_features for m in layers] == [2, 4, 5] and layers[-1].out_features == 6


def test_loss_decreases_for_every_gradient_descent_variant(digits):
    config = AutoencoderConfig(input_dim=64, latent_dim=2, optimizer="sgd", lr=0.01, seed=3)
    runs = compare_gd_variants(digits, config, "cpu", epochs=4, mini_batch=128, max_samples=600)
    assert [r.variant for r in runs] == ["batch", "stochastic", "mini-batch"]
    assert [r.batch_size for r in runs] == [600, 1, 128]
    assert [r.updates_per_epoch for r in runs] == [1, 600, 5]
    starts = {r.losses[0] for r in runs}
    assert len(starts) == 1  # same data, same initial weights
    for run in runs:
        assert len(run.losses) == 5 and run.seconds_per_epoch > 0
        assert run.losses[-1] < run.losses[0], run.variant
        assert min(run.losses[1:]) < run.losses[0]
    # More updates per epoch, more progress per epoch: the lecture's point.
    batch, stochastic, mini = runs
    assert stochastic.losses[-1] < batch.losses[-1] and mini.losses[-1] < batch.losses[-1]


def test_stop_keeps_what_was_trained_and_training_continues_identically(digits):
    config = AutoencoderConfig(input_dim=64, latent_dim=2, epochs=10, batch_size=256, seed=5)

    def stop_after_three(fraction: float, message: str) -> None:
        if trainer.epochs_done == 3:
            raise StopRequested

    trainer = Trainer(digits, config, "cpu")
    trainer.train(progress=stop_after_three)
    assert trainer.stopped and trainer.epochs_done == 3 and len(trainer.losses) == 4
    assert trainer.final_loss == pytest.approx(trainer.full_loss())  # the model is the 3-epoch one
    trainer.train()  # continue to the 10 configured epochs
    assert not trainer.stopped and trainer.epochs_done == 10
    straight = Trainer(digits, config, "cpu").train()
    np.testing.assert_allclose(trainer.losses, straight.losses, rtol=1e-6)  # same as never stopping
    trainer.set_target_epochs(12)
    assert trainer.train().epochs_done == 12


@pytest.mark.parametrize("batch_size", [0, 500])
def test_recorded_losses_equal_an_independent_evaluation(digits, batch_size):
    # Full batch records each epoch's loss from the next forward pass; check it against a
    # separate evaluation taken right after every epoch (which settles nothing in the trainer).
    config = AutoencoderConfig(input_dim=64, latent_dim=2, epochs=6, batch_size=batch_size, lr=0.05)
    trainer = Trainer(digits, config, "cpu")
    scaled = trainer.data
    with torch.no_grad():
        independent = [float(torch.mean((trainer.model(scaled) - scaled) ** 2))]

    def evaluate(fraction: float, message: str) -> None:
        with torch.no_grad():
            independent.append(float(torch.mean((trainer.model(scaled) - scaled) ** 2)))

    trainer.train(progress=evaluate)
    np.testing.assert_allclose(trainer.losses, independent, rtol=1e-6)
    assert len(trainer.losses) == 7 and trainer.losses[-1] < trainer.losses[0]


def test_same_seed_same_run_and_reports_progress(digits):
    config = AutoencoderConfig(input_dim=64, latent_dim=2, activation="relu", hidden=(16,), epochs=3, batch_size=64, seed=11)
    calls = []
    a = train_autoencoder(digits, config, "cpu", progress=lambda f, m: calls.append((f, m)))
    b = train_autoencoder(digits, config, "cpu")
    assert a.losses == b.losses
    assert [round(f, 3) for f, _ in calls] == [0.333, 0.667, 1.0] and calls[-1][1].startswith("epoch 3")
    c = train_autoencoder(digits, replace(config, seed=12), "cpu")
    assert c.losses != a.losses


@pytest.mark.parametrize(
    "settings",
    [
        dict(activation="tanh", hidden=(32,), loss="l1"),
        dict(activation="sigmoid", output_activation="sigmoid", scaling="none"),
        dict(activation="relu", optimizer="sgd", lr=0.05, batch_size=32, scaling="center"),
    ],
)
def test_every_configuration_trains(digits, settings):
    trainer = train_autoencoder(digits, AutoencoderConfig(input_dim=64, latent_dim=4, epochs=5, **{"lr": 0.01, **settings}), "cpu")
    assert trainer.final_loss < trainer.losses[0]
    assert trainer.encode(digits[:7]).shape == (7, 4) and trainer.reconstruct(digits[:7]).shape == (7, 64)
    np.testing.assert_allclose(trainer.raw_rows([0, 5]), digits[[0, 5]], atol=1e-5)


def test_invalid_settings_and_data_are_explained(digits):
    with pytest.raises(AnalysisError) as info:
        AutoencoderConfig(input_dim=64, latent_dim=0, activation="swish", loss="huber", optimizer="rmsprop", lr=-1)
    message = str(info.value)
    for part in ("bottleneck", "activation", "loss", "optimiser", "learning rate"):
        assert part in message
    with pytest.raises(AnalysisError, match="sigmoid"):
        AutoencoderConfig(input_dim=64, output_activation="sigmoid", scaling="standardize")
    with pytest.raises(AnalysisError, match="expects 10 features"):
        Trainer(digits, AutoencoderConfig(input_dim=10), "cpu")
    bad = digits[:5].copy()
    bad[0, 0] = np.nan
    with pytest.raises(AnalysisError, match="NaN"):
        Trainer(bad, AutoencoderConfig(input_dim=64), "cpu")
    with pytest.raises(AnalysisError, match="diverged"):
        Trainer(digits, AutoencoderConfig(input_dim=64, optimizer="sgd", lr=50.0, epochs=20), "cpu").train()


def test_reconstruction_error_over_k(digits):
    config = AutoencoderConfig(input_dim=64, **PCA_SETTINGS)
    results = reconstruction_error_over_k(digits[:600], replace(config, epochs=250, lr=0.03), [1, 2, 4], "cpu")
    assert [r.k for r in results] == [1, 2, 4]
    pca_errors = [r.pca_mse for r in results]
    assert pca_errors == sorted(pca_errors, reverse=True)
    for r in results:
        assert r.autoencoder_mse == pytest.approx(r.pca_mse, rel=0.03)
    with pytest.raises(AnalysisError, match="between 1 and 64"):
        reconstruction_error_over_k(digits, config, [0, 65], "cpu")


def test_save_and_load_round_trip(digits, tmp_path):
    config = AutoencoderConfig(input_dim=64, latent_dim=3, hidden=(20,), activation="tanh", epochs=5, batch_size=128)
    trainer = train_autoencoder(digits, config, "cpu", name="digits")
    blob = save_model(trainer)
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        header = json.loads(zf.read("config.json"))
    assert header["config"]["hidden"] == [20] and header["metadata"]["epochs_trained"] == 5
    path = tmp_path / "model.zip"
    path.write_bytes(blob)
    model, meta = load_model(path)
    assert model.config == config and meta["data"] == "digits"
    with torch.no_grad():
        again = model.reconstruct(torch.from_numpy(digits[:10].astype(np.float32))).double().numpy()
    np.testing.assert_allclose(again, trainer.reconstruct(digits[:10]), atol=1e-6)
    resumed = trainer_from_model(model, digits, "cpu")
    assert resumed.final_loss == pytest.approx(trainer.final_loss, rel=1e-5)


def _archive(config: dict, state_bytes: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("config.json", json.dumps({"format": 1, "config": config, "metadata": {}}))
        zf.writestr("state_dict.pt", state_bytes)
    return out.getvalue()


@pytest.mark.filterwarnings("ignore:Detected pickle protocol:UserWarning")  # the hostile pickle is protocol 4 on purpose
def test_load_refuses_code_bearing_and_mismatched_files():
    config = AutoencoderConfig(input_dim=4, latent_dim=2).as_dict()
    hostile = _archive(config, pickle.dumps({"encoder.0.weight": Hostile()}))
    with pytest.raises(AnalysisError, match="safely"):
        load_model(hostile)
    buffer = io.BytesIO()
    torch.save({"encoder.0.weight": Hostile()}, buffer)  # torch's own zip format, same refusal
    with pytest.raises(AnalysisError, match="safely"):
        load_model(_archive(config, buffer.getvalue()))
    assert LOADED_CODE_RAN == []
    other = io.BytesIO()
    torch.save(Autoencoder(AutoencoderConfig(input_dim=5, latent_dim=2)).state_dict(), other)
    with pytest.raises(AnalysisError, match="do not fit"):
        load_model(_archive(config, other.getvalue()))
    with pytest.raises(AnalysisError, match="Not a saved autoencoder"):
        load_model(b"plain bytes")
    with pytest.raises(AnalysisError, match="Unknown autoencoder settings"):
        load_model(_archive({**config, "dropout": 0.5}, other.getvalue()))


def test_cli_autoencoder_json(capsys):
    assert main(["autoencoder", "--data", "digits", "--latent", "2", "--epochs", "400", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"final_loss", "pca_loss", "principal_angles_deg", "device", "seconds_per_epoch"} <= set(payload)
    assert payload["device"] == "cpu" and len(payload["principal_angles_deg"]) == 2
    assert max(payload["principal_angles_deg"]) < 2 and payload["final_loss"] == pytest.approx(payload["pca_loss"], rel=0.02)
    # The same numbers as the library with the same settings.
    trainer = train_autoencoder(load_digits().data, AutoencoderConfig(input_dim=64, latent_dim=2, **PCA_SETTINGS), "cpu")
    assert payload["final_loss"] == pytest.approx(trainer.final_loss, rel=1e-6)


def test_cli_autoencoder_words_and_errors(capsys, tmp_path):
    assert main(["autoencoder", "--data", "words", "--top-n", "500", "--latent", "2", "--activation", "tanh", "--epochs", "5", "--batch-size", "128", "--seed", "1", "--json", "--save", str(tmp_path / "m.zip")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["samples"] == 500 and payload["dims"] == 50 and payload["epochs"] == 5
    assert load_model(tmp_path / "m.zip")[0].config.activation == "tanh"
    assert main(["autoencoder", "--data", str(tmp_path / "nothing.npz"), "--latent", "2"]) == 2
    assert "No such file" in capsys.readouterr().err
    assert main(["autoencoder", "--latent", "2", "--hidden", "a,b"]) == 2


@pytest.mark.gpu
def test_short_training_on_cuda_matches_cpu(digits):
    from analysis.device import pick_device

    device = pick_device("cuda")
    if device != "cuda":
        pytest.skip("needs CUDA")
    config = AutoencoderConfig(input_dim=64, latent_dim=3, **PCA_SETTINGS)
    gpu = train_autoencoder(digits, config, "cuda")
    assert gpu.data.is_cuda and next(gpu.model.parameters()).is_cuda
    check = linear_pca_check(gpu)
    assert max(check.angles_deg) < 2.0 and check.ae_mse <= 1.02 * check.pca_mse
    cpu = train_autoencoder(digits, config, "cpu")
    assert gpu.final_loss == pytest.approx(cpu.final_loss, rel=1e-3)
    saved, _ = load_model(save_model(gpu), "cpu")  # a GPU-trained model loads on a CPU-only machine
    assert next(saved.parameters()).device.type == "cpu"


def test_cli_refuses_bad_save_path_and_oversized_latent_before_training(capsys, tmp_path):
    """Review: --save into a missing folder exited 1 (FileNotFoundError) after training; k > features trained first."""
    assert main(["autoencoder", "--latent", "2", "--epochs", "1", "--save", str(tmp_path / "no" / "m.zip")]) == 2
    assert "existing folder" in capsys.readouterr().err
    assert main(["autoencoder", "--latent", "65", "--epochs", "1"]) == 2
    assert "at most 64" in capsys.readouterr().err


def test_small_models_on_the_cpu_use_the_unfused_adam():
    # The fused CPU Adam made one stochastic-GD epoch of the digits AE ~15× slower (thread
    # hand-offs per tiny step); only models above FUSED_CPU_MIN_PARAMETERS get it.
    from analysis.autoencoder import FUSED_CPU_MIN_PARAMETERS, _make_optimizer

    small = AutoencoderConfig(input_dim=64, latent_dim=2)
    params = list(Autoencoder(small).parameters())
    assert sum(p.numel() for p in params) < FUSED_CPU_MIN_PARAMETERS
    assert not _make_optimizer(small, params, "cpu").defaults.get("fused")
    large = AutoencoderConfig(input_dim=3072, latent_dim=200)
    params = list(Autoencoder(large).parameters())
    assert sum(p.numel() for p in params) >= FUSED_CPU_MIN_PARAMETERS
    assert _make_optimizer(large, params, "cpu").defaults.get("fused") in (True, None)


def test_training_on_the_cpu_restores_the_thread_settings():
    # Small models train on one thread (see _small_model_threads); the caller's setting comes back.
    from analysis.autoencoder import _small_model_threads

    before = torch.get_num_threads()
    model = Autoencoder(AutoencoderConfig(input_dim=8, latent_dim=2))
    with _small_model_threads(model, "cpu"):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    Trainer(np.random.default_rng(0).random((20, 8)), AutoencoderConfig(input_dim=8, latent_dim=2, epochs=2)).train()
    assert torch.get_num_threads() == before
