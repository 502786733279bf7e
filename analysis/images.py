"""Image data for the autoencoder: scikit-learn's digits, MNIST (IDX), CIFAR-10 batches, .npz/.npy.

Every loader returns an ``ImageSet``: one flattened image per row, scaled to [0, 1] as float32,
with labels when the source has them and the shape needed to draw a row as a picture.

    >>> from analysis.images import load_image_source
    >>> digits = load_image_source("digits")
    >>> digits.data.shape, digits.shape, int(digits.labels.max())
    ((1797, 64), (8, 8), 9)

Safety: CIFAR-10's "python version" batches are pickles, and unpickling can run code. They are read
only from a local path the user typed (``load_image_source``), never from uploaded bytes
(``load_image_upload`` refuses them), and even then through an unpickler that only admits the
numpy classes such a batch contains. ``.npy``/``.npz`` are read with ``allow_pickle=False``.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import math
import pickle
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis import budget
from analysis.budget import CappedReader
from analysis.errors import AnalysisError
from analysis.paths import refuse_system_path, regular_file

# How many images a source contributes by default (MNIST has 60,000; the first 20,000 train fast).
DEFAULT_MAX_SAMPLES = 20_000
CIFAR_LABELS = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
_CIFAR_BATCHES = ("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch")
# IDX type byte → big-endian numpy dtype (LeCun's MNIST format description).
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


@dataclass(frozen=True)
class ImageSet:
    """Images as rows of a matrix, ready for an autoencoder, plus what is needed to show them."""

    data: np.ndarray  # (n, d) float32 in [0, 1], one flattened image per row
    labels: np.ndarray | None  # (n,) integer class of each image, or None when the source has none
    shape: tuple[int, ...]  # how to draw a row: (h, w) grey, (h, w, 3) colour, (d,) not an image
    channels_first: bool  # True when a row stores whole colour planes in turn (CIFAR: 1024 R, G, B)
    name: str  # short display name, e.g. "digits 8×8"
    source: str  # where it came from (path or package)
    label_names: tuple[str, ...] = ()  # class names by label number, when known
    notes: tuple[str, ...] = field(default=())  # what the loader did (scaling, samples kept)

    @property
    def is_image(self) -> bool:
        return len(self.shape) >= 2

    def images(self, rows: np.ndarray | None = None, data: np.ndarray | None = None) -> np.ndarray:
        """Rows of ``data`` (default: this set's) as pictures: (m, h, w) or (m, h, w, 3)."""
        matrix = self.data if data is None else np.asarray(data)
        if rows is not None:
            matrix = matrix[rows]
        if not self.is_image:
            raise AnalysisError("These samples are vectors, not images; there is nothing to draw.")
        if len(self.shape) == 3 and self.channels_first:
            h, w, c = self.shape
            return matrix.reshape(-1, c, h, w).transpose(0, 2, 3, 1)
        return matrix.reshape(-1, *self.shape)


def load_image_source(spec: str, max_samples: int = DEFAULT_MAX_SAMPLES) -> ImageSet:
    """``"digits"``, ``"photos"`` (bundled colour patches) or a local path: MNIST IDX (``.gz`` too), a CIFAR-10 batch or folder, ``.npz``/``.npy``.

    A folder is read as CIFAR-10 (``data_batch_1`` … ``test_batch``) or MNIST (``*-images-idx3-ubyte``).
    """
    if spec.strip().lower() == "digits":
        return load_digits()
    if spec.strip().lower() == PHOTOS:
        return load_photo_patches(max_samples=max_samples)
    path = refuse_system_path(spec, "file or folder")
    if not path.exists():
        raise AnalysisError(f"No such file or folder: {path}.")
    if not path.is_dir():
        regular_file(path)
    if path.is_dir():
        if any((path / name).exists() for name in _CIFAR_BATCHES):
            return load_cifar(path, max_samples)
        idx = sorted(path.glob("*images*idx3*"), key=lambda p: ("t10k" in p.name, p.name))
        if idx:
            return load_mnist(idx[0], max_samples=max_samples)
        raise AnalysisError(f"{path} holds neither CIFAR-10 batches (data_batch_1 …) nor MNIST files (*-images-idx3-ubyte).")
    name = path.name.lower()
    with path.open("rb") as handle:
        head = handle.read(4)
    if name.endswith((".npy", ".npz")):
        return load_array_file(path, max_samples=max_samples)
    if _is_idx(head, name):
        return load_mnist(path, max_samples=max_samples)
    if head[:1] == b"\x80" or name.startswith(("data_batch", "test_batch")):
        return load_cifar(path, max_samples)
    raise AnalysisError(f"Cannot tell what {path.name} is: expected MNIST IDX, a CIFAR-10 batch, .npz or .npy.")


def load_image_upload(filename: str, data: bytes, max_samples: int = DEFAULT_MAX_SAMPLES) -> ImageSet:
    """An uploaded MNIST IDX (``.gz`` too), ``.npz`` or ``.npy`` file. Pickles are refused."""
    name = filename.lower()
    if name.endswith((".npy", ".npz")):
        return load_array_file(io.BytesIO(data), filename=filename, max_samples=max_samples)
    if _is_idx(data[:4], name):
        return load_mnist(io.BytesIO(data), name=filename, max_samples=max_samples)
    if data[:1] == b"\x80" or name.startswith(("data_batch", "test_batch")) or name.endswith((".pkl", ".pickle")):
        raise AnalysisError(
            "CIFAR-10 batches are Python pickles, which can run code when loaded; they are never read from an "
            "upload. Type the local path of the batch or folder instead."
        )
    raise AnalysisError(f"{filename}: expected an MNIST IDX file (.gz allowed), .npz or .npy.")


# --- scikit-learn digits ----------------------------------------------------------------------------
def load_digits() -> ImageSet:
    """scikit-learn's bundled 8×8 handwritten digits (1,797 images, grey levels 0–16)."""
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    return ImageSet(
        data=(bunch.data / 16.0).astype(np.float32),
        labels=bunch.target.astype(np.int64),
        shape=(8, 8),
        channels_first=False,
        name="digits 8×8",
        source="scikit-learn load_digits (UCI optical recognition of handwritten digits)",
        label_names=tuple(str(i) for i in range(10)),
    )


# --- colour patches from scikit-learn's bundled photographs ---------------------------------------------
PHOTOS = "photos"  # the source name of the bundled colour patches (``load_image_source("photos")``)
PHOTO_LABELS = ("china", "flower")  # label = which of scikit-learn's two sample photographs a patch is from


def load_photo_patches(size: int = 32, stride: int = 16, max_samples: int = DEFAULT_MAX_SAMPLES) -> ImageSet:
    """CIFAR-shaped colour images with no download: ``size``×``size``×3 patches of scikit-learn's photos.

    scikit-learn ships two 427×640 JPEGs (``china.jpg``, ``flower.jpg``); cutting them on a grid with
    ``stride`` gives 1,950 overlapping 32×32 patches, stored like CIFAR-10 (3072 values per row, whole
    R, G, B planes in turn) so the lecture's 3072 → 200 network runs offline.

        >>> patches = load_photo_patches()
        >>> patches.data.shape, patches.shape, patches.label_names
        ((1950, 3072), (32, 32, 3), ('china', 'flower'))
    """
    from sklearn.datasets import load_sample_images

    if size < 1 or stride < 1:
        raise AnalysisError("Patch size and stride must be positive.")
    rows, labels = [], []
    for label, photo in enumerate(load_sample_images().images):
        h, w, _ = photo.shape
        for top in range(0, h - size + 1, stride):
            for left in range(0, w - size + 1, stride):
                patch = photo[top : top + size, left : left + size]  # (size, size, 3) uint8
                rows.append(patch.transpose(2, 0, 1).reshape(-1))  # channel planes, as CIFAR stores them
                labels.append(label)
    data = (np.stack(rows).astype(np.float32) / 255.0)[:max_samples]
    return ImageSet(
        data=data,
        labels=np.asarray(labels[: len(data)], dtype=np.int64),
        shape=(size, size, 3),
        channels_first=True,
        name=f"photo patches {size}×{size}×3",
        source="scikit-learn load_sample_images (china.jpg, flower.jpg), cut into patches",
        label_names=PHOTO_LABELS,
        notes=(f"{len(data)} patches, stride {stride}",),
    )


# --- MNIST IDX ----------------------------------------------------------------------------------------
def read_idx(source: str | Path | io.BufferedIOBase) -> np.ndarray:
    """One IDX array (the MNIST file format), gzip-compressed or not, checked for truncation.

    Streamed: the header is read first and its element count checked against the budget, then
    exactly that many bytes are read (decompressed), so a lying header allocates nothing.
    Floating-point data with NaN or infinite values is refused.
    """
    with _idx_stream(source) as stream:
        head = stream.read(4)
        if len(head) < 4 or head[0] != 0 or head[1] != 0 or head[2] not in _IDX_TYPES:
            raise AnalysisError("Not an IDX file: the first four bytes must be 0, 0, a type code and the number of dimensions.")
        ndim = head[3]
        raw_dims = stream.read(4 * ndim)
        if ndim == 0 or len(raw_dims) < 4 * ndim:
            raise AnalysisError("The IDX header is truncated.")
        dims = tuple(int.from_bytes(raw_dims[4 * i : 4 * i + 4], "big") for i in range(ndim))
        dtype = np.dtype(_IDX_TYPES[head[2]])
        count = math.prod(dims)
        budget.check("array_elements", count, f"The IDX header (shape {dims})")
        expected = count * dtype.itemsize
        body = stream.read(expected + 1)  # one byte more tells a file longer than its header
    if len(body) != expected:
        shown = f"{len(body):,}" if len(body) <= expected else "more"
        raise AnalysisError(f"The IDX header promises {dims} values ({expected:,} bytes) but the file has {shown}.")
    array = np.frombuffer(body, dtype=dtype).reshape(dims)
    if dtype.kind == "f" and not np.isfinite(array).all():
        raise AnalysisError(f"The IDX data has NaN or infinite values (first at value {int(np.flatnonzero(~np.isfinite(array.reshape(-1)))[0]) + 1:,}); they are refused, not read as zeros.")
    return array


@contextlib.contextmanager
def _idx_stream(source: str | Path | io.BufferedIOBase):
    """A binary stream of the IDX bytes, decompressed (and capped by the budget) when gzip'd."""
    name = Path(source).name if isinstance(source, (str, Path)) else "the IDX data"
    handle = regular_file(source, "file").open("rb") if isinstance(source, (str, Path)) else source
    try:
        magic = handle.read(2)
        handle.seek(0)
        if magic == b"\x1f\x8b":
            yield CappedReader(gzip.GzipFile(fileobj=handle), name)
        else:
            yield handle
    finally:
        if isinstance(source, (str, Path)):
            handle.close()


def load_mnist(
    images: str | Path | io.BufferedIOBase,
    labels: str | Path | io.BufferedIOBase | None = None,
    *,
    name: str | None = None,
    max_samples: int = DEFAULT_MAX_SAMPLES,
) -> ImageSet:
    """MNIST-style images (``…-images-idx3-ubyte[.gz]``); the labels file next to it is found by name."""
    array = read_idx(images)
    if array.ndim != 3:
        raise AnalysisError(f"MNIST images are a 3-D IDX array (count × rows × columns), got {array.ndim}-D.")
    source = str(images) if isinstance(images, (str, Path)) else (name or "upload")
    if labels is None and isinstance(images, (str, Path)):
        labels = _sibling_labels(Path(images))
    label_array = None
    notes = []
    if labels is not None:
        label_array = read_idx(labels).astype(np.int64).reshape(-1)
        if len(label_array) != len(array):
            raise AnalysisError(f"{len(array)} images but {len(label_array)} labels.")
    n = len(array)
    keep = min(n, max_samples)
    if keep < 1 or array[:1].size == 0:
        raise AnalysisError(f"The MNIST file holds no images (shape {array.shape}, {keep} kept).")
    if keep < n:
        notes.append(f"first {keep:,} of {n:,} images")
    data = _to_unit_range(array[:keep].reshape(keep, -1), notes)
    return ImageSet(
        data=data,
        labels=None if label_array is None else label_array[:keep],
        shape=tuple(int(s) for s in array.shape[1:]),
        channels_first=False,
        name=f"MNIST-format {array.shape[1]}×{array.shape[2]}",
        source=source,
        label_names=tuple(str(i) for i in range(10)) if label_array is not None and label_array.max(initial=0) < 10 else (),
        notes=tuple(notes),
    )


def _sibling_labels(path: Path) -> Path | None:
    name = path.name.replace("images", "labels").replace("idx3", "idx1")
    for candidate in (path.with_name(name), path.with_name(name.removesuffix(".gz")), path.with_name(name + ".gz")):
        if candidate != path and candidate.exists():
            return candidate
    return None


def _is_idx(head: bytes, name: str) -> bool:
    if head[:2] == b"\x1f\x8b":  # gzip: decide by the name (MNIST's files are named *-idx?-ubyte.gz)
        return bool(re.search(r"idx\d", name))
    return len(head) == 4 and head[0] == 0 and head[1] == 0 and head[2] in _IDX_TYPES


# --- CIFAR-10 python batches ---------------------------------------------------------------------------
class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Admits only what a CIFAR batch holds: dicts, lists, bytes, numbers and plain numpy arrays."""

    ALLOWED = {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.core.numeric", "_frombuffer"),
        ("numpy._core.numeric", "_frombuffer"),
        ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 store bytes
    }

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise AnalysisError(f"Refused: the pickle asks for {module}.{name}, which a CIFAR-10 batch never contains.")
        return super().find_class(module, name)


def _unpickle_batch(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            batch = _NumpyOnlyUnpickler(handle, encoding="bytes").load()
    except AnalysisError:
        raise
    except Exception as exc:
        raise AnalysisError(f"{path.name} is not a readable CIFAR-10 batch: {exc}.") from exc
    if not isinstance(batch, dict):
        raise AnalysisError(f"{path.name}: a CIFAR-10 batch is a dictionary, got {type(batch).__name__}.")
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in batch.items()}


def load_cifar(path: str | Path, max_samples: int = DEFAULT_MAX_SAMPLES) -> ImageSet:
    """CIFAR-10 "python version" batches from a local file or folder (never from uploaded bytes).

    Each batch is a pickled dict with ``data`` (10,000 × 3,072 uint8: the red, green and blue
    32×32 planes in turn) and ``labels``. A folder contributes ``data_batch_1`` … ``_5`` then
    ``test_batch`` until ``max_samples`` images are read.
    """
    if not isinstance(path, (str, Path)):
        raise AnalysisError("CIFAR-10 batches are pickles and are only read from a local path, never from an upload.")
    path = Path(path).expanduser()
    files = [path / name for name in _CIFAR_BATCHES if (path / name).exists()] if path.is_dir() else [path]
    if not files:
        raise AnalysisError(f"No CIFAR-10 batches in {path}.")
    blocks, labels, total = [], [], 0
    for file in files:
        batch = _unpickle_batch(file)
        data = np.asarray(batch.get("data"))
        label_list = batch.get("labels", batch.get("fine_labels"))
        if data.ndim != 2 or data.shape[1] != 3072 or data.dtype != np.uint8:
            raise AnalysisError(f"{file.name}: 'data' must be N × 3072 uint8 (32×32 RGB planes), got {data.shape} {data.dtype}.")
        if label_list is None or len(label_list) != len(data):
            raise AnalysisError(f"{file.name}: 'labels' must hold one class per image.")
        take = min(len(data), max_samples - total)
        blocks.append(data[:take])
        labels.append(np.asarray(label_list, dtype=np.int64)[:take])
        total += take
        if total >= max_samples:
            break
    names = CIFAR_LABELS
    meta = (path if path.is_dir() else path.parent) / "batches.meta"
    if meta.exists():
        label_names = _unpickle_batch(meta).get("label_names")
        if label_names:
            names = tuple(n.decode() if isinstance(n, bytes) else str(n) for n in label_names)
    notes = [f"{total:,} images from {len(blocks)} batch file(s)"]
    return ImageSet(
        data=(np.concatenate(blocks).astype(np.float32) / 255.0),
        labels=np.concatenate(labels),
        shape=(32, 32, 3),
        channels_first=True,
        name="CIFAR-10 32×32 RGB",
        source=str(path),
        label_names=names,
        notes=tuple(notes),
    )


# --- .npz / .npy ---------------------------------------------------------------------------------------
_IMAGE_KEYS = ("x", "X", "images", "data", "x_train", "X_train", "arr_0")
_LABEL_KEYS = ("y", "Y", "labels", "targets", "target", "y_train", "arr_1")


def load_array_file(source: str | Path | io.BytesIO, *, filename: str | None = None, max_samples: int = DEFAULT_MAX_SAMPLES) -> ImageSet:
    """Images from ``.npy`` (one array) or ``.npz`` (images under ``x``/``images``/…, labels under ``y``/``labels``/…).

    Read with ``allow_pickle=False``: a file holding Python objects is refused, not unpickled.
    Accepted layouts: N×H×W, N×H×W×3 (or ×1), N×3×H×W, and N×D (D = s² grey, D = 3s² colour
    planes as in CIFAR; anything else is treated as plain vectors).
    """
    name = filename or (str(source) if isinstance(source, (str, Path)) else "upload")
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            head = handle.read(6)
    else:
        head = source.read(6)
        source.seek(0)
    if head[:1] == b"\x80":
        raise AnalysisError(f"{Path(name).name} is a Python pickle, not a NumPy array file; it is refused (never unpickled).")
    if head != b"\x93NUMPY" and head[:4] != b"PK\x03\x04":
        raise AnalysisError(f"{Path(name).name} is not a valid NumPy file (.npy starts with \\x93NUMPY, .npz is a zip archive).")
    mapped = isinstance(source, (str, Path)) and head == b"\x93NUMPY"
    _check_declared_sizes(source, Path(name).name, max_samples if mapped else None)
    try:
        loaded = np.load(source, allow_pickle=False, mmap_mode="r" if mapped else None)
        if isinstance(loaded, np.lib.npyio.NpzFile):
            with loaded:
                keys = list(loaded.files)
                image_key = next((k for k in _IMAGE_KEYS if k in keys), None) or next((k for k in keys if loaded[k].ndim >= 2), None)
                if image_key is None:
                    raise AnalysisError(f"{Path(name).name}: no image array (≥ 2 dimensions) among {keys}.")
                array = loaded[image_key]
                label_key = next((k for k in _LABEL_KEYS if k in keys and k != image_key), None)
                labels = loaded[label_key] if label_key else None
        else:
            array, labels = loaded, None
    except ValueError as exc:
        if "pickle" in str(exc).lower() or "python objects" in str(exc).lower():
            raise AnalysisError(
                f"{Path(name).name} contains pickled Python objects; it is refused (arrays are loaded with allow_pickle=False)."
            ) from exc
        raise AnalysisError(f"{Path(name).name} is not a valid NumPy file: {exc}.") from exc
    except (OSError, EOFError, zipfile.BadZipFile) as exc:  # a damaged .npz is a broken zip archive
        raise AnalysisError(f"{Path(name).name} is not a valid NumPy file: {exc}.") from exc
    return _from_array(array, labels, name, max_samples)


def _check_declared_sizes(source: str | Path | io.BytesIO, name: str, kept_rows: int | None) -> None:
    """Refuse, from the .npy header(s) and the .npz directory alone, arrays over the budget.

    ``kept_rows``: a memory-mapped .npy only materialises that many rows, so only they count.
    """
    plan = budget.current()
    handle = open(source, "rb") if isinstance(source, (str, Path)) else source
    try:
        if handle.read(6) == b"\x93NUMPY":
            handle.seek(0)
            shape = _npy_shape(handle, name)
            count = math.prod(shape) if kept_rows is None or not shape else min(shape[0], kept_rows) * math.prod(shape[1:])
            plan.check("array_elements", count, f"{name} (shape {shape})")
            return
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            for info in archive.infolist():
                plan.check("decompressed_bytes", info.file_size, f"{name}: member {info.filename} (decompressed)")
                if info.filename.endswith(".npy"):
                    with archive.open(info) as member:
                        shape = _npy_shape(member, name)
                    plan.check("array_elements", math.prod(shape), f"{name}: member {info.filename} (shape {shape})")
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise AnalysisError(f"{name} is not a valid NumPy file: {type(exc).__name__}.") from None
    finally:
        if isinstance(source, (str, Path)):
            handle.close()
        else:
            handle.seek(0)


def _npy_shape(handle, name: str) -> tuple[int, ...]:
    """The shape an .npy header declares, read without reading the data."""
    fmt = np.lib.format
    try:
        version = fmt.read_magic(handle)
        if version == (1, 0):
            shape, _, _ = fmt.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, _, _ = fmt.read_array_header_2_0(handle)
        else:
            shape, _, _ = fmt._read_array_header(handle, version)  # 3.0: same layout, UTF-8 header
    except ValueError as exc:
        raise AnalysisError(f"{name} is not a valid NumPy file: the header cannot be read ({exc}).") from None
    return tuple(int(d) for d in shape)


def _from_array(array: np.ndarray, labels: np.ndarray | None, name: str, max_samples: int) -> ImageSet:
    if array.dtype.kind not in "biuf":
        raise AnalysisError(f"{Path(name).name}: expected numbers, got dtype {array.dtype}.")
    if array.ndim < 2:
        raise AnalysisError(f"{Path(name).name}: expected one image per row (≥ 2 dimensions), got shape {array.shape}.")
    n = array.shape[0]
    keep = min(n, max_samples)
    if keep < 1 or array[:1].size == 0:  # no samples, or samples of zero values: nothing to train on
        raise AnalysisError(f"{Path(name).name} holds no data (shape {array.shape}, {keep} samples kept).")
    notes = [f"first {keep:,} of {n:,} samples"] if keep < n else []
    array = np.asarray(array[:keep])
    channels_first = False
    if array.ndim == 2:
        d = array.shape[1]
        side, colour_side = round(d**0.5), round((d / 3) ** 0.5)
        if side * side == d:
            shape: tuple[int, ...] = (side, side)
        elif 3 * colour_side * colour_side == d:
            shape, channels_first = (colour_side, colour_side, 3), True
            notes.append("rows read as colour planes one after another (CIFAR layout)")
        else:
            shape = (d,)
    elif array.ndim == 3:
        shape = array.shape[1:]
    elif array.ndim == 4 and array.shape[3] in (1, 3):
        shape = array.shape[1:3] if array.shape[3] == 1 else array.shape[1:]
    elif array.ndim == 4 and array.shape[1] in (1, 3):
        shape = array.shape[2:] if array.shape[1] == 1 else (*array.shape[2:], 3)
        channels_first = array.shape[1] == 3
    else:
        raise AnalysisError(f"{Path(name).name}: cannot read shape {array.shape} as images (N×H×W, N×H×W×C, N×C×H×W or N×D).")
    flat = array.reshape(keep, -1)
    if flat.dtype.kind == "f" and not np.isfinite(flat).all():
        raise AnalysisError(f"{Path(name).name} has NaN or infinite values.")
    label_array = None
    if labels is not None:
        labels = np.asarray(labels).reshape(-1)
        if len(labels) != n or labels.dtype.kind not in "biu":
            notes.append("labels ignored (not one integer per image)")
        else:
            label_array = labels[:keep].astype(np.int64)
    return ImageSet(
        data=_to_unit_range(flat, notes),
        labels=label_array,
        shape=tuple(int(s) for s in shape),
        channels_first=channels_first,
        name=Path(name).name,
        source=name,
        notes=tuple(notes),
    )


def _to_unit_range(flat: np.ndarray, notes: list[str]) -> np.ndarray:
    """float32 in [0, 1]: uint8 / 255; other data min–max scaled unless it already lies in [0, 1]."""
    if flat.dtype == np.uint8:
        return flat.astype(np.float32) / 255.0
    values = flat.astype(np.float32)
    low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
    if low >= 0.0 and high <= 1.0:
        return values
    notes.append(f"values scaled from [{low:g}, {high:g}] to [0, 1]")
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


# --- pictures --------------------------------------------------------------------------------------------
def image_grid(top: np.ndarray, bottom: np.ndarray | None = None, *, zoom: int = 1, gap: int = 1) -> np.ndarray:
    """One picture (uint8) with the images of ``top`` in a row and ``bottom`` in a row below.

    ``top``/``bottom`` are (m, h, w) or (m, h, w, 3) in [0, 1] (values outside are clipped);
    ``zoom`` enlarges each pixel to a ``zoom`` × ``zoom`` block so 8×8 digits stay crisp.
    """
    rows = [np.asarray(top)] + ([np.asarray(bottom)] if bottom is not None else [])
    m, h, w = rows[0].shape[:3]
    colour = rows[0].ndim == 4
    cell_h, cell_w = h * zoom, w * zoom
    canvas_shape = (len(rows) * (cell_h + gap) + gap, m * (cell_w + gap) + gap) + ((3,) if colour else ())
    canvas = np.full(canvas_shape, 255, dtype=np.uint8)
    for r, images in enumerate(rows):
        for i, image in enumerate(np.clip(images, 0.0, 1.0)):
            block = np.kron(image, np.ones((zoom, zoom, 1) if colour else (zoom, zoom)))
            y, x = gap + r * (cell_h + gap), gap + i * (cell_w + gap)
            canvas[y : y + cell_h, x : x + cell_w] = np.round(block * 255).astype(np.uint8)
    return canvas
