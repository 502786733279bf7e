"""Every accepted format round-trips; every malformed case gives a message naming where."""

from __future__ import annotations

import gzip
import pickle
import struct

import numpy as np
import pytest
from gensim.models import KeyedVectors

from analysis.embeddings import Embeddings, load_embeddings
from analysis.formats import EmbeddingFileError, read_embedding_bytes, read_embedding_file

WORDS = ["the", "king", "queen", "Berlin", "straße"]
VECTORS = np.arange(15, dtype=np.float32).reshape(5, 3) / 7 - 1


@pytest.fixture
def small():
    return Embeddings(WORDS, VECTORS, name="small", source="test")


def w2v_binary(words, vectors, count=None, dims=None) -> bytes:
    head = f"{count if count is not None else len(words)} {dims if dims is not None else vectors.shape[1]}\n".encode()
    return head + b"".join(w.encode() + b" " + v.astype("<f4").tobytes() + b"\n" for w, v in zip(words, vectors))


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("compressed", [False, True])
def test_roundtrip_through_gensim_writer(tmp_path, small, binary, compressed):
    path = tmp_path / ("v.bin" if binary else "v.txt")
    small.kv.save_word2vec_format(str(path), binary=binary)
    if compressed:
        gz = path.with_name(path.name + ".gz")
        gz.write_bytes(gzip.compress(path.read_bytes()))
        path = gz
    emb = read_embedding_file(path)
    assert emb.words == WORDS
    np.testing.assert_allclose(emb.vectors, VECTORS, rtol=1e-6)
    assert emb.info.content_hash == small.info.content_hash  # exact float32 values, both formats
    # and gensim reads our own export identically
    other = read_embedding_bytes(small.to_word2vec_bytes(binary), "x.bin" if binary else "x.txt")
    assert other.info.content_hash == small.info.content_hash


def test_glove_text_without_header(tmp_path):
    path = tmp_path / "glove.txt"
    path.write_text("".join(f"{w} {' '.join(map(str, v))}\n" for w, v in zip(WORDS, VECTORS.tolist())), encoding="utf-8")
    emb = read_embedding_file(path)
    assert emb.words == WORDS and emb.dims == 3
    assert "GloVe text" in emb.info.source
    assert emb.info.cased  # "Berlin"


def test_limit_reads_only_top_words(tmp_path, small):
    path = tmp_path / "v.txt"
    small.save(path)
    emb = read_embedding_file(path, limit=2)
    assert emb.words == ["the", "king"]
    binary = read_embedding_bytes(small.to_word2vec_bytes(True), "v.bin", limit=3)
    assert binary.words == ["the", "king", "queen"]


def test_matches_gensim_on_a_real_slice(tmp_path, glove):
    """The first 2,000 GloVe words written by gensim and read back by us equal gensim's reader."""
    top = glove.top(2000)
    for binary in (False, True):
        path = tmp_path / ("g.bin" if binary else "g.txt")
        top.save(path, binary=binary)
        ours = read_embedding_file(path)
        theirs = KeyedVectors.load_word2vec_format(str(path), binary=binary)
        assert ours.words == theirs.index_to_key
        np.testing.assert_array_equal(ours.vectors, theirs.vectors)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"3 2\nking 1 2\nqueen 3 4\n", "header declares 3 words but the file has 2"),
        (b"1 2\nking 1 2\nqueen 3 4\n", "header declares 1 words but the file has 2"),
        (b"2 3\nking 1 2 3\nqueen 1 2\n", "line 3: 2 values, expected 3 (from the header)"),
        (b"king 1 2 3\nqueen 1 2 3 4\n", "line 2: 4 values, expected 3 (from the first line)"),
        (b"2 2\nking 1 2\nqueen 1 abc\n", "line 3, value 2: expected a number"),
        (b"2 2\nking 1 2\nqueen nan 1\n", "line 3: the vector has NaN or infinite values"),
        (b"2 2\nking inf 2\nqueen 1 1\n", "line 2: the vector has NaN or infinite values"),
        (b"2 2\nking 1 2\nqu\xffeen 1 1\n", "line 3: the word is not valid UTF-8"),
        (b"2 2\n", "header but no vectors"),
    ],
)
def test_malformed_text(content, message):
    with pytest.raises(EmbeddingFileError, match=None) as err:
        read_embedding_bytes(content, "bad.txt")
    assert message in str(err.value)
    assert "bad.txt" in str(err.value) or "empty" in str(err.value)


def test_duplicates_keep_first_and_are_reported():
    emb = read_embedding_bytes(b"3 2\nking 1 2\nqueen 3 4\nking 5 6\n", "dup.txt")
    assert emb.words == ["king", "queen"]
    np.testing.assert_array_equal(emb.vector("king"), [1, 2])
    assert emb.info.notes and "1 duplicate word(s) skipped" in emb.info.notes[0]
    binary = read_embedding_bytes(w2v_binary(["a", "b", "a"], np.ones((3, 2))), "dup.bin")
    assert binary.words == ["a", "b"] and "1 duplicate" in binary.info.notes[0]


def test_malformed_binary():
    good = w2v_binary(["king", "queen"], np.ones((2, 4)))
    with pytest.raises(EmbeddingFileError, match=r"record 2: truncated — 10 of 16"):
        read_embedding_bytes(good[:-7], "cut.bin")
    with pytest.raises(EmbeddingFileError, match="declares 3 words but the file ends after 2 records"):
        read_embedding_bytes(w2v_binary(["king", "queen"], np.ones((2, 4)), count=3), "short.bin")
    with pytest.raises(EmbeddingFileError, match="bytes follow the 1 records"):
        read_embedding_bytes(w2v_binary(["king", "queen"], np.ones((2, 4)), count=1), "long.bin")
    with pytest.raises(EmbeddingFileError, match="not a word2vec binary file"):
        read_embedding_bytes(b"king 1 2 3\n", "text.bin")
    nan = w2v_binary(["king", "queen"], np.array([[1, 2], [np.nan, 1]], dtype=np.float32))
    with pytest.raises(EmbeddingFileError, match=r"record 2: the vector has NaN"):
        read_embedding_bytes(nan, "nan.bin")
    bad_word = b"1 2\n\xff\xfe " + struct.pack("<2f", 1, 2)
    with pytest.raises(EmbeddingFileError, match="record 1: the word is not valid UTF-8"):
        read_embedding_bytes(bad_word, "bad.bin")
    with pytest.raises(EmbeddingFileError, match="not a valid gzip file or is cut off"):
        read_embedding_bytes(b"\x1f\x8b\x08garbage", "x.txt.gz")


@pytest.mark.parametrize("name", ["vectors.kv", "model.model", "w.pkl", "arr.npy", "x.kv.gz"])
def test_pickles_are_refused_by_name(name):
    with pytest.raises(EmbeddingFileError, match="unpickling a file can run arbitrary code"):
        read_embedding_bytes(b"2 2\nking 1 2\nqueen 3 4\n", name)


def test_pickles_are_refused_by_content_even_with_an_innocent_name():
    payload = pickle.dumps({"king": [1.0, 2.0]})
    with pytest.raises(EmbeddingFileError, match="pickle"):
        read_embedding_bytes(payload, "vectors.txt")
    npy = b"\x93NUMPY\x01\x00" + b"x" * 20
    with pytest.raises(EmbeddingFileError, match="pickle"):
        read_embedding_bytes(npy, "vectors.bin")


def test_huge_declared_size_asks_for_a_limit():
    with pytest.raises(EmbeddingFileError, match="set a 'top N words' limit"):
        read_embedding_bytes(b"3000000000 300\nking 1 2\n", "huge.txt")
    emb = read_embedding_bytes(b"3000000000 2\nking 1 2\nqueen 3 4\n", "huge.txt", limit=2)
    assert emb.words == ["king", "queen"]


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(EmbeddingFileError, match="No such file"):
        read_embedding_file(tmp_path / "nope.txt")
    with pytest.raises(EmbeddingFileError, match="is a folder"):
        read_embedding_file(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(EmbeddingFileError, match="is empty"):
        load_embeddings(str(tmp_path / "empty.txt"))
