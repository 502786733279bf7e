"""Every user error on the command line: exit 2, one sentence on stderr, no work done first.

Also the device faults: an unknown device is refused, an absent one falls back to the CPU with a
note, and a GPU running out of memory during training becomes a message suggesting a smaller setting.
"""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest
import torch

from analysis.autoencoder import AutoencoderConfig, Trainer
from analysis.cli import main
from analysis.device import resolve_device
from analysis.errors import AnalysisError

TINY = b"4 2\nking 1 0\nqueen 0.9 0.1\nman 0.1 0.9\nwoman 0 1\n"


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_bytes(TINY)
    return str(path)


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence_error(err: str) -> None:
    assert err.startswith("error: ") and "Traceback" not in err and err.count("\n") == 1, err


@pytest.mark.parametrize("word", ["", "   ", "\t"])
def test_blank_word_for_neighbors(capsys, tiny, word):
    code, _, err = run(capsys, ["neighbors", word, "--embeddings", tiny])
    assert code == 2 and "the word is empty" in err
    one_sentence_error(err)


@pytest.mark.parametrize("content", [b"\x1f\x8bnot gzip", gzip.compress(TINY)[:-10]])
def test_bad_gzip_embedding(capsys, tmp_path, content):
    path = tmp_path / "v.txt.gz"
    path.write_bytes(content)
    code, _, err = run(capsys, ["info", "--embeddings", str(path)])
    assert code == 2 and "v.txt.gz is not a valid gzip file or is cut off" in err
    one_sentence_error(err)


@pytest.mark.parametrize("path", ["/tmp", "/dev/zero", "/proc/self/environ"])
def test_folders_and_system_files_as_embeddings(capsys, path):
    code, _, err = run(capsys, ["info", "--embeddings", path])
    assert code == 2
    one_sentence_error(err)


def test_out_folder_and_negative_seed_are_refused_before_training(capsys, tmp_path, monkeypatch):
    from analysis import training

    def never(*a, **k):
        raise AssertionError("the corpus was read before the options were checked")

    monkeypatch.setattr(training, "prepare_corpus", never)
    code, _, err = run(capsys, ["train", "--out", str(tmp_path), "--epochs", "1"])
    assert code == 2 and "is a folder" in err
    code, _, err = run(capsys, ["train", "--out", str(tmp_path / "v.txt"), "--seed", "-1", "--epochs", "1"])
    assert code == 2 and "seed must be between 0 and" in err
    one_sentence_error(err)
    assert not (tmp_path / "v.txt").exists()


def test_report_out_folder(capsys, tmp_path, tiny):
    code, _, err = run(capsys, ["report", "--embeddings", tiny, "--out", str(tmp_path)])
    assert code == 2 and "is a folder" in err


def test_unknown_device_exits_2_before_loading(capsys):
    code, _, err = run(capsys, ["autoencoder", "--latent", "2", "--epochs", "1", "--device", "foo"])
    assert code == 2 and "Unknown device 'foo'; choose cpu, cuda or mps." in err


def test_analogy_json_with_unknown_words_prints_json_and_exits_2(capsys, tiny):
    code, out, err = run(capsys, ["analogy", "--positive", "king", "qwzx", "--negative", "man", "--json", "--embeddings", tiny])
    assert code == 2
    assert json.loads(out)["missing"] == ["qwzx"]
    assert "Not in the vocabulary: 'qwzx'" in err
    code, out, err = run(capsys, ["analogy", "--positive", "king", "woman", "--negative", "man", "--json", "--embeddings", tiny])
    assert code == 0 and json.loads(out)["missing"] == []


def test_pair_search_over_the_budget(capsys, monkeypatch, tiny):
    monkeypatch.setenv("LAB_MAX_PAIR_SEARCH_WORDS", "3")
    code, _, err = run(capsys, ["she-he-analogies", "--seed-pair", "woman,man", "--restrict-vocab", "1000000000", "--embeddings", tiny])
    assert code == 2 and "LAB_MAX_PAIR_SEARCH_WORDS" in err


def test_nan_in_idx_via_cli(capsys, tmp_path):
    path = tmp_path / "nan-images-idx3-ubyte"
    values = np.full((2, 2, 2), np.nan, dtype=">f4")
    path.write_bytes(bytes([0, 0, 0x0D, 3]) + b"".join(d.to_bytes(4, "big") for d in (2, 2, 2)) + values.tobytes())
    code, _, err = run(capsys, ["autoencoder", "--latent", "1", "--epochs", "1", "--data", str(path)])
    assert code == 2 and "NaN" in err


# --- devices ------------------------------------------------------------------------------------------
def test_resolve_device(monkeypatch):
    monkeypatch.delenv("LAB_DEVICE", raising=False)
    assert resolve_device("cpu") == ("cpu", None)
    with pytest.raises(AnalysisError, match="Unknown device"):
        resolve_device("tpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    device, note = resolve_device("cuda")
    assert device in ("cpu", "mps") and "CUDA is not available on this machine" in note
    monkeypatch.setenv("LAB_DEVICE", "cuda")
    assert resolve_device(None)[1] is not None  # the environment's wish is explained too
    monkeypatch.setenv("LAB_DEVICE", "gpu0")
    assert "LAB_DEVICE=gpu0 is not a device" in resolve_device(None)[1]


def test_cuda_absent_cli_notes_the_fallback(capsys, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    code, out, err = run(capsys, ["autoencoder", "--latent", "2", "--epochs", "1", "--device", "cuda", "--json"])
    assert code == 0 and "note: CUDA is not available" in err
    payload = json.loads(out)
    assert payload["device"] != "cuda" and "CUDA" in payload["device_note"]


def test_gpu_out_of_memory_during_training_is_a_message(monkeypatch):
    data = np.random.default_rng(0).random((64, 8)).astype(np.float32)
    trainer = Trainer(data, AutoencoderConfig(input_dim=8, latent_dim=2, epochs=3, batch_size=32))
    trainer.train(1)
    calls = {"n": 0}
    real_step = trainer.optimizer.step

    def step(*a, **k):
        calls["n"] += 1
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(trainer.optimizer, "step", step)
    with pytest.raises(AnalysisError, match=r"ran out of memory training the autoencoder; .* try a batch size of 8"):
        trainer.train(2)
    assert trainer.epochs_done == 1 and np.isfinite(trainer.final_loss)  # what was learnt is kept
    monkeypatch.setattr(trainer.optimizer, "step", real_step)
    trainer.train(1)  # and training can go on
    assert trainer.epochs_done == 2


def test_model_size_budget(monkeypatch):
    with pytest.raises(AnalysisError, match="LAB_MAX_HIDDEN_UNITS"):
        AutoencoderConfig(input_dim=8, latent_dim=2, hidden=(10**6,))
    from analysis.autoencoder import Autoencoder

    config = AutoencoderConfig(input_dim=64, latent_dim=8, hidden=(32,))
    actual = sum(p.numel() for p in Autoencoder(config).parameters())
    monkeypatch.setenv("LAB_MAX_MODEL_PARAMETERS", str(actual))
    AutoencoderConfig(input_dim=64, latent_dim=8, hidden=(32,))  # exactly at the limit: accepted
    monkeypatch.setenv("LAB_MAX_MODEL_PARAMETERS", str(actual - 1))
    with pytest.raises(AnalysisError, match=f"would have {actual:,} parameters.*LAB_MAX_MODEL_PARAMETERS"):
        AutoencoderConfig(input_dim=64, latent_dim=8, hidden=(32,))


def test_saved_model_with_huge_layers_is_refused_before_allocating(monkeypatch):
    import io
    import zipfile

    from analysis.autoencoder import FORMAT_VERSION, load_model

    config = AutoencoderConfig(input_dim=8, latent_dim=2).as_dict() | {"hidden": [4096, 4096], "input_dim": 50_000}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("config.json", json.dumps({"format": FORMAT_VERSION, "config": config}))
        zf.writestr("state_dict.pt", b"")
    with pytest.raises(AnalysisError, match="LAB_MAX_MODEL_PARAMETERS"):
        load_model(archive.getvalue())


def test_saved_model_with_a_weights_bomb_is_refused_before_reading_it():
    import io
    import zipfile

    from analysis.autoencoder import FORMAT_VERSION, load_model, parameter_count

    config = AutoencoderConfig(input_dim=8, latent_dim=2)
    assert parameter_count(config) == sum(p.numel() for p in __import__("analysis.autoencoder").autoencoder.Autoencoder(config).parameters())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", json.dumps({"format": FORMAT_VERSION, "config": config.as_dict()}))
        zf.writestr("state_dict.pt", b"\0" * (64 << 20))  # 64 MB of zeros in ~64 KB
    assert len(archive.getvalue()) < 1 << 20
    with pytest.raises(AnalysisError, match="far larger than the saved settings need"):
        load_model(archive.getvalue())


def test_a_saved_model_still_loads():
    from analysis.autoencoder import load_model, save_model, train_autoencoder

    data = np.random.default_rng(0).random((32, 8)).astype(np.float32)
    trainer = train_autoencoder(data, AutoencoderConfig(input_dim=8, latent_dim=2, hidden=(4,), epochs=2))
    model, meta = load_model(save_model(trainer))
    assert meta["epochs_trained"] == 2 and model.config.hidden == (4,)
