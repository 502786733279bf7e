"""Size bombs: lying headers and small archives that expand are refused before memory is spent.

Memory is measured in a fresh subprocess (peak RSS from ``resource.getrusage``), so one test's
allocations cannot hide another's; each bomb would need gigabytes if it were read naively.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analysis.budget import BudgetExceeded
from analysis.errors import AnalysisError
from analysis.formats import (
    EmbeddingFileError,
    read_embedding_bytes,
    read_embedding_file,
)
from analysis.images import load_image_source, load_image_upload, read_idx

ROOT = Path(__file__).resolve().parents[2]


def gzip_of_zeros(megabytes: int, prefix: bytes = b"") -> bytes:
    """A gzip stream of ``prefix`` and then ``megabytes`` MB of zeros, compressed block by block."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(prefix)
        block = b"\0" * (1 << 20)
        for _ in range(megabytes):
            gz.write(block)
    return out.getvalue()


def npy_header(shape: tuple[int, ...], dtype: str = "<f4") -> bytes:
    """An .npy header that claims ``shape`` (followed by no data at all)."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def peak_rss_mb(code: str, env: dict | None = None) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter; return its peak RSS growth (MB) and what it printed."""
    script = textwrap.dedent(
        """
        import resource, sys
        sys.path.insert(0, %r)
        import numpy, gzip, zipfile, io
        import analysis.formats, analysis.images
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
        %s
        except Exception as exc:
            print(type(exc).__name__ + ": " + str(exc))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("GROWTH_MB", (after - before) / 1024)
        """
    ) % (str(ROOT), textwrap.indent(textwrap.dedent(code), "    "))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    lines = done.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("GROWTH_MB"), done.stderr
    return float(lines[-1].split()[1]), "\n".join(lines[:-1])


# --- embeddings ----------------------------------------------------------------------------------------
def test_header_claiming_a_huge_matrix_is_refused_before_reading():
    with pytest.raises(EmbeddingFileError, match=r"declares 1,000,000,000 words .* set a 'top N words' limit"):
        read_embedding_bytes(b"1000000000 300\nking " + b"1 " * 300 + b"\n", "liar.txt")
    with pytest.raises(EmbeddingFileError, match="LAB_MAX_ARRAY_ELEMENTS"):
        read_embedding_bytes(b"10 100000000\n", "wide.bin")


def test_budget_variables_lower_the_limits(monkeypatch):
    monkeypatch.setenv("LAB_MAX_VOCABULARY", "2")
    text = b"a 1 2\nb 3 4\nc 5 6\n"
    with pytest.raises(EmbeddingFileError, match="LAB_MAX_VOCABULARY"):
        read_embedding_bytes(text, "glove.txt")  # header-less: counted while reading
    assert len(read_embedding_bytes(text, "glove.txt", limit=2)) == 2  # a top-N limit fits
    monkeypatch.setenv("LAB_MAX_LINE_BYTES", "16")
    with pytest.raises(BudgetExceeded, match="long.txt, line 1: longer than the limit of 16 bytes per line .*LAB_MAX_LINE_BYTES"):
        read_embedding_bytes(b"word " + b"1 " * 100 + b"\n", "long.txt")


def test_text_gzip_bomb_stops_at_the_decompression_budget(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_MAX_DECOMPRESSED_BYTES", str(4 << 20))
    bomb = gzip_of_zeros(64, prefix=b"1 2\nking 1 2\n")
    with pytest.raises(AnalysisError, match="LAB_MAX_DECOMPRESSED_BYTES|LAB_MAX_LINE_BYTES"):
        read_embedding_bytes(bomb, "bomb.txt.gz")
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip_of_zeros(64, prefix=b"king 1 2\n" * 3))
    with pytest.raises(AnalysisError, match="LAB_MAX_"):
        read_embedding_file(path)


def test_newline_bomb_is_bounded_by_the_decompression_budget(monkeypatch):
    monkeypatch.setenv("LAB_MAX_DECOMPRESSED_BYTES", str(2 << 20))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as gz:
        gz.write(b"a 1\n")
        for _ in range(16):
            gz.write(b"\n" * (1 << 20))  # blank lines parse fast but never end
    with pytest.raises(BudgetExceeded, match="decompresses to more than the limit"):
        read_embedding_bytes(out.getvalue(), "blank.txt.gz")


def test_binary_gzip_bomb_reads_no_more_than_the_header_allows(monkeypatch):
    # One declared 2-d record, then 64 MB of zeros: only the record's bytes are decompressed.
    bomb = gzip_of_zeros(64, prefix=b"1 2\nking " + struct.pack("<2f", 1, 2))
    with pytest.raises(EmbeddingFileError, match="bytes follow the 1 records"):
        read_embedding_bytes(bomb, "bomb.bin.gz")


@pytest.mark.parametrize("data, name", [(b"\x1f\x8bnot gzip at all", "v.txt.gz"), (gzip.compress(b"2 2\na 1 2\nb 3 4\n")[:-9], "cut.bin.gz")])
def test_corrupt_gzip_is_one_sentence(tmp_path, data, name):
    with pytest.raises(EmbeddingFileError, match=f"{name} is not a valid gzip file or is cut off"):
        read_embedding_bytes(data, name)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(EmbeddingFileError, match="not a valid gzip file or is cut off"):
        read_embedding_file(tmp_path / name)


def test_gzip_bomb_memory_stays_small(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip_of_zeros(256, prefix=b"king 1 2\n"))  # 256 MB of zeros in one "line"
    growth, printed = peak_rss_mb(f"analysis.formats.read_embedding_file({str(path)!r})")
    assert "LAB_MAX_LINE_BYTES" in printed
    assert growth < 64, f"grew {growth:.0f} MB"


# --- images --------------------------------------------------------------------------------------------
def idx_header(dims: tuple[int, ...], type_code: int = 0x08) -> bytes:
    return bytes([0, 0, type_code, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)


def test_idx_header_claiming_too_many_values_is_refused():
    with pytest.raises(BudgetExceeded, match=r"The IDX header \(shape \(100000, 1000, 1000\)\) has 100,000,000,000 numbers"):
        read_idx(io.BytesIO(idx_header((100_000, 1000, 1000)) + b"\0" * 100))


def test_idx_gzip_bomb_is_refused_after_reading_its_header(monkeypatch):
    monkeypatch.setenv("LAB_MAX_DECOMPRESSED_BYTES", str(1 << 20))
    bomb = gzip_of_zeros(32, prefix=idx_header((60_000, 28, 28)))  # header fits, data too long
    with pytest.raises(BudgetExceeded, match="decompresses to more than the limit"):
        load_image_upload("train-images-idx3-ubyte.gz", bomb)


def test_idx_nan_is_refused_not_zeroed():
    values = np.array([[[0.5, np.nan]]], dtype=">f4")
    with pytest.raises(AnalysisError, match="NaN or infinite values .* refused"):
        read_idx(io.BytesIO(idx_header((1, 1, 2), 0x0D) + values.tobytes()))


def test_idx_damaged_gzip_is_one_sentence():
    with pytest.raises(AnalysisError, match="not a valid gzip file or is cut off"):
        load_image_upload("x-images-idx3-ubyte.gz", gzip.compress(idx_header((1, 2, 2)) + b"\1" * 4)[:-6])


def test_npy_header_bomb_is_refused_before_allocating(tmp_path):
    bomb = npy_header((10**10,))
    with pytest.raises(BudgetExceeded, match=r"shape \(10000000000,\)"):
        load_image_upload("bomb.npy", bomb)
    (tmp_path / "bomb.npy").write_bytes(npy_header((10**6, 10**4)))
    with pytest.raises(BudgetExceeded, match="LAB_MAX_ARRAY_ELEMENTS"):
        load_image_source(str(tmp_path / "bomb.npy"), max_samples=100_000)


def test_npz_bomb_is_refused_from_its_directory(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.npy", npy_header((20_000, 1024)) + b"\0" * (20_000 * 1024 * 4))  # 82 MB of zeros
    assert len(buffer.getvalue()) < 200_000
    monkeypatch.setenv("LAB_MAX_DECOMPRESSED_BYTES", str(16 << 20))
    with pytest.raises(BudgetExceeded, match="member x.npy"):
        load_image_upload("bomb.npz", buffer.getvalue())
    monkeypatch.delenv("LAB_MAX_DECOMPRESSED_BYTES")
    monkeypatch.setenv("LAB_MAX_ARRAY_ELEMENTS", "1000000")
    with pytest.raises(BudgetExceeded, match=r"member x.npy \(shape \(20000, 1024\)\)"):
        load_image_upload("bomb.npz", buffer.getvalue())


def test_npy_bomb_memory_stays_small():
    code = f"analysis.images.load_image_upload('b.npy', {npy_header((10**10,))!r})"
    growth, printed = peak_rss_mb(code)
    assert "BudgetExceeded" in printed and growth < 32, (growth, printed)


def test_a_good_npz_still_loads():
    buffer = io.BytesIO()
    np.savez_compressed(buffer, x=np.random.default_rng(0).random((10, 8, 8)), y=np.arange(10))
    images = load_image_upload("ok.npz", buffer.getvalue())
    assert images.data.shape == (10, 64) and images.labels.tolist() == list(range(10))
    assert json.dumps(images.notes) is not None


def test_repeated_lines_are_bounded_by_the_vocabulary_budget(monkeypatch):
    monkeypatch.setenv("LAB_MAX_VOCABULARY", "100")
    bomb = gzip.compress(b"a 1 2\n" * 10_000)  # one word, ten thousand times
    with pytest.raises(BudgetExceeded, match="repeats words on more than 100 lines, .*LAB_MAX_VOCABULARY"):
        read_embedding_bytes(bomb, "dups.txt.gz")
    assert len(read_embedding_bytes(gzip.compress(b"a 1 2\n" * 50), "few.txt.gz")) == 1  # duplicates below it: a note
