"""analysis.images: every data source with small files written here, and the safety rules."""

from __future__ import annotations

import gzip
import io
import pickle
import struct

import numpy as np
import pytest

from analysis.autoencoder import AutoencoderConfig, Trainer
from analysis.errors import AnalysisError
from analysis.images import (
    CIFAR_LABELS,
    image_grid,
    load_cifar,
    load_digits,
    load_image_source,
    load_image_upload,
    read_idx,
)

SIDE_EFFECTS: list[str] = []


def _mark_executed(*args):
    """Would run if a loader unpickled a hostile file; the tests check it never does."""
    SIDE_EFFECTS.append("executed")
    return {}


class Hostile:
    def __reduce__(self):
        return (_mark_executed, ())


def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    """The IDX format by hand (magic 0 0 type ndim, big-endian int32 dims, big-endian data)."""
    dtype = {0x08: ">u1", 0x0D: ">f4", 0x0B: ">i2"}[type_code]
    header = bytes([0, 0, type_code, array.ndim]) + b"".join(struct.pack(">i", s) for s in array.shape)
    return header + array.astype(dtype).tobytes()


@pytest.fixture
def mnist_like(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(7, 6, 5), dtype=np.uint8)  # non-square on purpose
    labels = np.array([3, 1, 4, 1, 5, 9, 2], dtype=np.uint8)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_bytes(images))
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(labels))
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(images[:3])))
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels[:3])))
    return tmp_path, images, labels


def cifar_batch(n: int, first_label: int = 0, seed: int = 0) -> dict:
    """A batch in the layout of CIFAR-10's python version (bytes keys, uint8 rows of R, G, B planes)."""
    data = np.random.default_rng(seed).integers(0, 256, size=(n, 3072), dtype=np.uint8)
    data[0, :1024], data[0, 1024:2048], data[0, 2048:] = 255, 0, 10  # image 0: pure red-ish
    return {b"batch_label": b"training batch", b"labels": [(first_label + i) % 10 for i in range(n)], b"data": data, b"filenames": [b"x.png"] * n}


@pytest.fixture
def cifar_dir(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for number, first in ((1, 0), (2, 5)):
        with open(folder / f"data_batch_{number}", "wb") as f:
            pickle.dump(cifar_batch(4, first, seed=number), f, protocol=2)  # protocol 2, as the real files
    with open(folder / "test_batch", "wb") as f:
        pickle.dump(cifar_batch(3, 0, seed=9), f, protocol=2)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({b"label_names": [n.encode() for n in CIFAR_LABELS], b"num_vis": 3072}, f, protocol=2)
    return folder


def test_digits_are_the_default():
    digits = load_image_source("digits")
    assert digits.data.shape == (1797, 64) and digits.data.dtype == np.float32
    assert digits.data.min() == 0.0 and digits.data.max() == 1.0
    assert digits.shape == (8, 8) and digits.labels.shape == (1797,) and set(digits.labels) == set(range(10))
    np.testing.assert_array_equal(digits.images([0])[0] * 16, load_digits().data[0].reshape(8, 8) * 16)


def test_idx_reader_against_hand_written_headers():
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
    np.testing.assert_array_equal(read_idx(io.BytesIO(idx_bytes(values, 0x0D))), values)
    shorts = np.array([[1, -2], [300, 4]], dtype=np.int16)
    np.testing.assert_array_equal(read_idx(io.BytesIO(idx_bytes(shorts, 0x0B))), shorts)
    with pytest.raises(AnalysisError, match="promises"):
        read_idx(io.BytesIO(idx_bytes(values, 0x0D)[:-3]))
    with pytest.raises(AnalysisError, match="Not an IDX"):
        read_idx(io.BytesIO(b"\x01\x02\x03\x04rest"))


def test_mnist_files_by_path_folder_gzip_and_upload(mnist_like):
    folder, images, labels = mnist_like
    by_path = load_image_source(str(folder / "train-images-idx3-ubyte"))
    assert by_path.data.shape == (7, 30) and by_path.shape == (6, 5)
    np.testing.assert_allclose(by_path.data, images.reshape(7, 30) / 255.0)
    np.testing.assert_array_equal(by_path.labels, labels)
    np.testing.assert_array_equal(by_path.images() * 255, images.astype(np.float32))
    by_folder = load_image_source(str(folder))  # prefers the training file
    assert by_folder.data.shape == (7, 30)
    gz = load_image_source(str(folder / "t10k-images-idx3-ubyte.gz"))
    assert gz.data.shape == (3, 30) and list(gz.labels) == [3, 1, 4]
    upload = load_image_upload("t10k-images-idx3-ubyte.gz", (folder / "t10k-images-idx3-ubyte.gz").read_bytes())
    assert upload.data.shape == (3, 30) and upload.labels is None  # no labels file next to an upload
    capped = load_image_source(str(folder / "train-images-idx3-ubyte"), max_samples=4)
    assert capped.data.shape == (4, 30) and capped.notes == ("first 4 of 7 images",)


def test_mnist_label_count_mismatch(tmp_path):
    (tmp_path / "a-images-idx3-ubyte").write_bytes(idx_bytes(np.zeros((3, 2, 2), np.uint8)))
    (tmp_path / "a-labels-idx1-ubyte").write_bytes(idx_bytes(np.zeros(2, np.uint8)))
    with pytest.raises(AnalysisError, match="3 images but 2 labels"):
        load_image_source(str(tmp_path / "a-images-idx3-ubyte"))


def test_cifar_folder_layout_labels_and_cap(cifar_dir):
    images = load_image_source(str(cifar_dir))
    assert images.data.shape == (11, 3072) and images.shape == (32, 32, 3) and images.channels_first
    assert list(images.labels[:8]) == [0, 1, 2, 3, 5, 6, 7, 8] and images.label_names == CIFAR_LABELS
    picture = images.images([0])[0]
    assert picture.shape == (32, 32, 3)
    np.testing.assert_allclose(picture[..., 0], 1.0)  # the red plane became channel 0
    np.testing.assert_allclose(picture[..., 1], 0.0)
    np.testing.assert_allclose(picture[..., 2], 10 / 255, rtol=1e-6)
    capped = load_cifar(cifar_dir, max_samples=6)
    assert capped.data.shape == (6, 3072) and list(capped.labels) == [0, 1, 2, 3, 5, 6]
    single = load_image_source(str(cifar_dir / "test_batch"))
    assert single.data.shape == (3, 3072)


def test_cifar_is_refused_as_upload_and_hostile_pickles_never_run(cifar_dir, tmp_path):
    raw = (cifar_dir / "data_batch_1").read_bytes()
    with pytest.raises(AnalysisError, match="never read from an upload"):
        load_image_upload("data_batch_1", raw)
    with pytest.raises(AnalysisError, match="never read from an upload"):
        load_image_upload("anything.bin", raw)  # recognised by the pickle opcode, not just the name
    with pytest.raises(AnalysisError, match="local path"):
        load_cifar(io.BytesIO(raw))  # type: ignore[arg-type]
    hostile = tmp_path / "data_batch_1"
    hostile.write_bytes(pickle.dumps({b"data": Hostile(), b"labels": []}, protocol=2))
    with pytest.raises(AnalysisError, match="Refused"):
        load_image_source(str(hostile))
    assert SIDE_EFFECTS == []


def test_cifar_batch_with_wrong_shape(tmp_path):
    path = tmp_path / "data_batch_1"
    path.write_bytes(pickle.dumps({b"data": np.zeros((2, 100), np.uint8), b"labels": [0, 1]}, protocol=2))
    with pytest.raises(AnalysisError, match="3072"):
        load_image_source(str(path))


def test_cifar_setup_3072_to_200_trains(cifar_dir):
    images = load_image_source(str(cifar_dir))
    config = AutoencoderConfig(input_dim=3072, latent_dim=200, activation="relu", output_activation="sigmoid", scaling="none", lr=1e-3, epochs=2, batch_size=4)
    trainer = Trainer(images.data, config, "cpu").train()
    assert trainer.epochs_done == 2 and trainer.encode().shape == (11, 200)
    reconstructed = trainer.reconstruct(images.data[:2])
    assert reconstructed.shape == (2, 3072) and 0 <= reconstructed.min() and reconstructed.max() <= 1
    assert images.images(data=reconstructed).shape == (2, 32, 32, 3)


@pytest.mark.parametrize(
    "array, shape, channels_first",
    [
        (np.zeros((5, 4, 6), np.uint8), (4, 6), False),
        (np.zeros((5, 4, 4, 3), np.uint8), (4, 4, 3), False),
        (np.zeros((5, 3, 4, 4), np.uint8), (4, 4, 3), True),
        (np.zeros((5, 4, 4, 1), np.uint8), (4, 4), False),
        (np.zeros((5, 16), np.float32), (4, 4), False),
        (np.zeros((5, 48), np.float32), (4, 4, 3), True),
        (np.zeros((5, 10), np.float32), (10,), False),
    ],
)
def test_npy_shapes(tmp_path, array, shape, channels_first):
    path = tmp_path / "x.npy"
    np.save(path, array)
    images = load_image_source(str(path))
    assert images.shape == shape and images.channels_first == channels_first
    assert images.data.shape == (5, int(np.prod(array.shape[1:])))
    if len(shape) >= 2:
        assert images.images().shape == (5, *shape)


def test_npz_with_labels_scaling_and_upload(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 3, 3)) * 5
    y = np.arange(6)
    path = tmp_path / "set.npz"
    np.savez_compressed(path, images=x, labels=y)
    images = load_image_source(str(path))
    assert images.data.shape == (6, 9) and list(images.labels) == list(range(6))
    assert images.data.min() == pytest.approx(0.0) and images.data.max() == pytest.approx(1.0)
    np.testing.assert_allclose(images.data, ((x - x.min()) / (x.max() - x.min())).reshape(6, 9), rtol=1e-5, atol=1e-6)
    assert any("scaled" in n for n in images.notes)
    uploaded = load_image_upload("set.npz", path.read_bytes())
    np.testing.assert_array_equal(uploaded.data, images.data)


def test_pickle_bearing_npy_and_npz_are_refused(tmp_path):
    objects = np.array([{"payload": 1}, Hostile()], dtype=object)
    npy = tmp_path / "evil.npy"
    np.save(npy, objects, allow_pickle=True)
    with pytest.raises(AnalysisError, match="pickled Python objects"):
        load_image_source(str(npy))
    with pytest.raises(AnalysisError, match="pickled Python objects"):
        load_image_upload("evil.npy", npy.read_bytes())
    npz = tmp_path / "evil.npz"
    np.savez(npz, x=objects)
    with pytest.raises(AnalysisError, match="pickled Python objects"):
        load_image_upload("evil.npz", npz.read_bytes())
    assert SIDE_EFFECTS == []


def test_bad_arrays_and_paths(tmp_path):
    nan = np.zeros((3, 4), np.float32)
    nan[1, 1] = np.nan
    np.save(tmp_path / "nan.npy", nan)
    with pytest.raises(AnalysisError, match="NaN"):
        load_image_source(str(tmp_path / "nan.npy"))
    np.save(tmp_path / "flat.npy", np.zeros(5))
    with pytest.raises(AnalysisError, match="one image per row"):
        load_image_source(str(tmp_path / "flat.npy"))
    (tmp_path / "junk.npy").write_bytes(b"not numpy")
    with pytest.raises(AnalysisError, match="not a valid NumPy"):
        load_image_source(str(tmp_path / "junk.npy"))
    with pytest.raises(AnalysisError, match="No such file"):
        load_image_source(str(tmp_path / "missing"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(AnalysisError, match="Cannot tell"):
        load_image_source(str(tmp_path / "notes.txt"))
    with pytest.raises(AnalysisError, match="neither"):
        load_image_source(str(tmp_path))
    with pytest.raises(AnalysisError, match="expected an MNIST"):
        load_image_upload("notes.txt", b"hello")


def test_image_grid_places_originals_above_reconstructions():
    top = np.zeros((3, 2, 2))
    bottom = np.ones((3, 2, 2))
    grid = image_grid(top, bottom, zoom=2, gap=1)
    assert grid.shape == (2 * (4 + 1) + 1, 3 * (4 + 1) + 1) and grid.dtype == np.uint8
    assert (grid[1:5, 1:5] == 0).all() and (grid[6:10, 1:5] == 255).all()
    colour = image_grid(np.full((2, 3, 3, 3), 2.0), zoom=1)  # clipped to 1 → 255
    assert colour.shape == (5, 9, 3) and colour[1, 1].tolist() == [255, 255, 255]


def test_empty_arrays_and_damaged_npz_are_explained(tmp_path):
    """Review: an empty .npy, max_samples=0 and a broken .npz once crashed with ValueError/BadZipFile."""
    np.save(tmp_path / "empty.npy", np.zeros((0, 64), np.float32))
    with pytest.raises(AnalysisError, match="holds no data"):
        load_image_source(str(tmp_path / "empty.npy"))
    np.save(tmp_path / "zero_wide.npy", np.zeros((4, 0), np.float32))
    with pytest.raises(AnalysisError, match="holds no data"):
        load_image_source(str(tmp_path / "zero_wide.npy"))
    np.save(tmp_path / "fine.npy", np.zeros((4, 64), np.float32))
    with pytest.raises(AnalysisError, match="holds no data"):
        load_image_source(str(tmp_path / "fine.npy"), max_samples=0)
    header = struct.pack(">BBBBIII", 0, 0, 0x08, 3, 5, 2, 2)
    (tmp_path / "t-images-idx3-ubyte").write_bytes(header + bytes(20))
    with pytest.raises(AnalysisError, match="no images"):
        load_image_source(str(tmp_path / "t-images-idx3-ubyte"), max_samples=0)
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04garbage, not a zip archive")
    with pytest.raises(AnalysisError, match="not a valid NumPy"):
        load_image_source(str(tmp_path / "broken.npz"))
    with pytest.raises(AnalysisError, match="not a valid NumPy"):
        load_image_upload("broken.npz", (tmp_path / "broken.npz").read_bytes())


def test_photo_patches_are_crops_of_the_bundled_photographs():
    from sklearn.datasets import load_sample_images

    from analysis.images import load_image_source, load_photo_patches

    patches = load_photo_patches()
    china, flower = load_sample_images().images
    per_photo = ((427 - 32) // 16 + 1) * ((640 - 32) // 16 + 1)
    assert patches.data.shape == (2 * per_photo, 3072) and patches.channels_first
    # Row 1 of china's grid is the crop at (0, 16); the first flower patch is flower's corner.
    np.testing.assert_allclose(patches.images([1])[0], china[0:32, 16:48] / 255.0, atol=1e-6)
    np.testing.assert_allclose(patches.images([per_photo])[0], flower[0:32, 0:32] / 255.0, atol=1e-6)
    assert patches.labels[per_photo - 1] == 0 and patches.labels[per_photo] == 1
    assert load_image_source("photos", max_samples=100).data.shape == (100, 3072)
