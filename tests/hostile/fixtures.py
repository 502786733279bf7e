"""Hostile files for the hostile-input suite: every one is built here, none is downloaded.

``build(folder)`` writes them and returns their paths by name. Each file is small; the bombs *claim*
to be huge in their headers (that is the attack) but occupy a few bytes on disk.
"""

from __future__ import annotations

import gzip
import io
import pickle
import zipfile
from pathlib import Path

import numpy as np

WORDS = ["he", "she", "man", "woman", "king", "queen", "boy", "girl", "doctor", "nurse", "paris", "france",
         "berlin", "germany", "engineer", "teacher"] + [f"w{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(184)]
DIMS = 10


class Evil:
    """Unpickling this writes a marker file: the proof that a pickle ran."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pickle ran"))


def tiny_text() -> str:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(WORDS), DIMS)).astype(np.float32)
    lines = [f"{len(WORDS)} {DIMS}"] + [w + " " + " ".join(f"{x:.5f}" for x in v) for w, v in zip(WORDS, vectors)]
    return "\n".join(lines) + "\n"


def npy_header_bomb(shape: tuple[int, ...]) -> bytes:
    """A valid .npy header claiming ``shape`` float32 values, followed by 16 bytes of data."""
    header = {"descr": "<f4", "fortran_order": False, "shape": shape}
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue() + b"\0" * 16


def build(folder: Path, marker: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    evil = pickle.dumps(Evil(str(marker)))
    text = tiny_text()
    files: dict[str, bytes] = {
        "tiny.txt": text.encode(),
        "empty.txt": b"",
        "garbage.bin": bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)),
        "lying_header.txt": b"50 10\n" + text.encode().split(b"\n", 1)[1].split(b"\n")[0] + b"\n",
        "header_bomb.txt": b"1000000000000 10\nhe " + b"0.1 " * 10 + b"\n",
        "nan.txt": b"2 3\nhe 0.1 nan 0.3\nshe 0.1 0.2 0.3\n",
        "inf.txt": b"2 3\nhe 0.1 inf 0.3\nshe 0.1 0.2 0.3\n",
        "ragged.txt": b"2 3\nhe 0.1 0.2\nshe 0.1 0.2 0.3 0.4\n",
        "words_only.txt": b"he she it\n",
        "pickle.txt": evil,
        "pickle.bin": evil,
        "pickle.txt.gz": gzip.compress(evil),
        "not_gzip.txt.gz": text.encode(),
        "cut_gzip.txt.gz": gzip.compress(text.encode())[:200],
        "pickle.npy": b"",  # filled below: an object array (needs allow_pickle to read)
        "pickle.npz": b"",
        "bomb.npy": npy_header_bomb((100_000, 100_000)),
        "negative.npy": b"",
        "nan.npy": b"",
        "words_list.txt": b"doctor\nnurse\n",
        "teachers.txt": b"teacher\nengineer\n",
        "he.txt": b"he\nman\nboy\n",
        "she.txt": b"she\nwoman\ngirl\n",
        "empty_list.txt": b"",
        "rtl_list.txt": "\u202eking\n\u200bqueen\n".encode(),
        "corpus_empty.txt": b"",
        "corpus_binary.txt": bytes(range(256)) * 8,
        "benchmark_garbage.txt": b"this is not\tan analogy file\n: \n",
    }
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    np.save(paths["pickle.npy"], np.array([Evil(str(marker))], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(paths["pickle.npz"], "w") as z:
        z.writestr("x.npy", paths["pickle.npy"].read_bytes())
    np.save(paths["negative.npy"], -np.ones((5, 4), dtype=np.float32))
    np.save(paths["nan.npy"], np.full((20, 8), np.nan, dtype=np.float32))
    return paths


def expand(argument: str, paths: dict[str, str]) -> str:
    """``{name}`` in a case's argument → the path of that fixture (names contain dots, so no str.format)."""
    import re

    return re.sub(r"\{([^{}]+)\}", lambda m: paths[m.group(1)], argument)
