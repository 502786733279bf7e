"""Readers for the embedding file formats people actually have, with errors that say where.

Accepted: word2vec text (``.txt``/``.vec``, first line ``count dims``), GloVe text (no header),
word2vec binary (``.bin``), each optionally gzip-compressed. Refused on purpose: gensim's native
``.model``/``.kv`` files and anything else that is a Python pickle, because unpickling runs code.

Every problem raises ``EmbeddingFileError`` naming the line (text) or record (binary) and what is
wrong; duplicates are not an error (the first occurrence wins and a note says how many were skipped).

    >>> from analysis.formats import read_embedding_bytes
    >>> emb = read_embedding_bytes(b"2 3\\nqueen 1 0 0\\nking 0 1 0\\n", "tiny.txt")
    >>> emb.info.vocab_size, emb.info.dims
    (2, 3)
"""

from __future__ import annotations

import gzip
import io
import mmap
from pathlib import Path
from typing import BinaryIO, Iterator

import numpy as np

from analysis.embeddings import Embeddings, check_limit
from analysis.errors import AnalysisError

ACCEPTED_FORMATS = "word2vec text (.txt/.vec), GloVe text (.txt), word2vec binary (.bin), optionally .gz"
PICKLE_SUFFIXES = {".model", ".kv", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".pt", ".pth"}
# Refuse files whose matrix alone would not fit comfortably in memory; suggest the top-N limit.
MAX_MATRIX_BYTES = 8 * 1024**3
# Text files are converted to floats a block of lines at a time (one numpy call per block).
_BLOCK_LINES = 8192


class EmbeddingFileError(AnalysisError):
    """A malformed or refused embedding file; the message says where and why."""


def read_embedding_file(path: str | Path, limit: int | None = None) -> Embeddings:
    """Read an embedding from a local path (format chosen from the content, not only the name)."""
    check_limit(limit)
    path = Path(path).expanduser()
    if not path.exists():
        raise EmbeddingFileError(f"No such file: {path}.")
    if path.is_dir():
        raise EmbeddingFileError(f"{path} is a folder; give the path of an embedding file.")
    _refuse_by_name(path.name)
    with open(path, "rb") as raw:
        head = raw.read(8)
    if not head:
        raise EmbeddingFileError(f"{path.name} is empty.")
    _refuse_by_magic(head, path.name)
    compressed = head[:2] == b"\x1f\x8b"
    if _is_binary_name(path.name):
        if compressed:
            with gzip.open(path, "rb") as fh:
                return _read_binary(fh.read(), path.name, str(path), limit)
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _read_binary(mm, path.name, str(path), limit)
    opener = gzip.open if compressed else open
    with opener(path, "rb") as fh:  # streamed line by line: a top-N limit reads only N lines
        return _read_text(fh, path.name, str(path), limit)


def read_embedding_bytes(data: bytes, filename: str, limit: int | None = None) -> Embeddings:
    """Read an uploaded file's bytes. ``filename`` decides text vs binary and appears in messages."""
    check_limit(limit)
    _refuse_by_name(filename)
    if not data:
        raise EmbeddingFileError(f"{filename} is empty.")
    _refuse_by_magic(data[:8], filename)
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise EmbeddingFileError(f"{filename} looks gzip-compressed but cannot be decompressed ({exc}).") from None
        if not data:
            raise EmbeddingFileError(f"{filename} is empty after decompression.")
    source = f"upload: {filename}"
    if _is_binary_name(filename):
        return _read_binary(data, filename, source, limit)
    return _read_text(io.BytesIO(data), filename, source, limit)


# --- refusals ------------------------------------------------------------------------------------
def _refuse_by_name(name: str) -> None:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if any(s in PICKLE_SUFFIXES for s in suffixes):
        raise EmbeddingFileError(
            f"{name} is refused: gensim .model/.kv files and NumPy/pickle/torch files are Python "
            f"pickles, and unpickling a file can run arbitrary code. Export it with gensim's "
            f"save_word2vec_format() and load that instead. Accepted: {ACCEPTED_FORMATS}."
        )


def _refuse_by_magic(head: bytes, name: str) -> None:
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        _refuse_by_name(name + ".pkl")
    if head.startswith(b"\x93NUMPY") or head.startswith(b"PK\x03\x04"):
        _refuse_by_name(name + ".npy")


def _is_binary_name(name: str) -> bool:
    return ".bin" in [s.lower() for s in Path(name).suffixes]


def _check_size(count: int, dims: int, name: str, limit: int | None) -> None:
    rows = min(count, limit) if limit else count
    if rows * dims * 4 > MAX_MATRIX_BYTES:
        raise EmbeddingFileError(
            f"{name} declares {count:,} words × {dims} dimensions, more than "
            f"{MAX_MATRIX_BYTES // 1024**3} GB of vectors; set a 'top N words' limit."
        )


def _header(line: bytes) -> tuple[int, int] | None:
    parts = line.split()
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        count, dims = int(parts[0]), int(parts[1])
        if dims > 0:
            return count, dims
    return None


def _decode(raw: bytes, where: str, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EmbeddingFileError(
            f"{name}, {where}: the word is not valid UTF-8 (bytes {raw[max(0, exc.start - 4):exc.end + 4]!r})."
        ) from None


class _Collector:
    """Accumulates words and vectors, skipping duplicates (first wins) and counting them."""

    def __init__(self, name: str, limit: int | None):
        self.name, self.limit = name, limit
        self.words: list[str] = []
        self.seen: set[str] = set()
        self.duplicates: list[str] = []
        self.blocks: list[np.ndarray] = []

    def full(self) -> bool:
        return self.limit is not None and len(self.words) >= self.limit

    def notes(self) -> list[str]:
        if not self.duplicates:
            return []
        shown = ", ".join(repr(w) for w in self.duplicates[:5])
        more = " …" if len(self.duplicates) > 5 else ""
        return [f"{len(self.duplicates)} duplicate word(s) skipped, the first occurrence kept: {shown}{more}"]


# --- text ----------------------------------------------------------------------------------------
def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(fh, start=1):
        yield number, line.rstrip(b"\r\n")


def _read_text(fh: BinaryIO, name: str, source: str, limit: int | None) -> Embeddings:
    lines = _lines(fh)
    first = next(lines, None)
    while first is not None and not first[1].strip():
        first = next(lines, None)
    if first is None:
        raise EmbeddingFileError(f"{name} is empty.")
    header = _header(first[1])
    declared: int | None = None
    if header:
        declared, dims = header
        _check_size(declared, dims, name, limit)
        pending: list[tuple[int, bytes]] = []
    else:  # GloVe: no header, the first line is already a word and its vector
        dims = len(first[1].split()) - 1
        if dims < 1:
            raise EmbeddingFileError(f"{name}, line {first[0]}: expected a word followed by numbers.")
        pending = [first]

    out = _Collector(name, limit)
    block: list[tuple[int, str, list[bytes]]] = []

    def flush() -> None:
        if not block:
            return
        tokens = [t for _, _, values in block for t in values]
        try:
            matrix = np.array(tokens, dtype=np.float32).reshape(len(block), dims)
        except ValueError:  # find the first offending line for the message
            for number, word, values in block:
                for t in values:
                    try:
                        float(t)
                    except ValueError:
                        raise EmbeddingFileError(
                            f"{name}, line {number} ('{word}'): '{t.decode('utf-8', 'replace')}' is not a number."
                        ) from None
            raise
        finite = np.isfinite(matrix).all(axis=1)
        if not finite.all():
            number, word, _ = block[int(np.flatnonzero(~finite)[0])]
            raise EmbeddingFileError(f"{name}, line {number} ('{word}'): the vector has NaN or infinite values.")
        out.blocks.append(matrix)
        block.clear()

    def rows() -> Iterator[tuple[int, bytes]]:
        yield from pending
        yield from lines

    for number, line in rows():
        if not line.strip():
            continue
        parts = line.split(b" ") if b" " in line else line.split()
        parts = [p for p in parts if p] if len(parts) != dims + 1 else parts
        word = _decode(parts[0], f"line {number}", name)
        if len(parts) - 1 != dims:
            raise EmbeddingFileError(
                f"{name}, line {number} ('{word}'): {len(parts) - 1} values, expected {dims}"
                + (" (from the header)." if header else " (from the first line).")
            )
        if word in out.seen:
            out.duplicates.append(word)
            continue
        out.seen.add(word)
        out.words.append(word)
        block.append((number, word, parts[1:]))
        if len(block) >= _BLOCK_LINES:
            flush()
        if out.full():
            break
    flush()
    if not out.words:
        raise EmbeddingFileError(f"{name} has a header but no vectors.")
    rows_read = len(out.words) + len(out.duplicates)
    if declared is not None and not out.full() and rows_read != declared:
        raise EmbeddingFileError(
            f"{name}: the header declares {declared:,} words but the file has {rows_read:,} vector lines."
        )
    vectors = np.concatenate(out.blocks) if len(out.blocks) > 1 else out.blocks[0]
    fmt = "word2vec text" if header else "GloVe text"
    return Embeddings(out.words, vectors, name=Path(name).name, source=f"{source} ({fmt})", notes=out.notes())


# --- binary --------------------------------------------------------------------------------------
def _read_binary(data: bytes | mmap.mmap, name: str, source: str, limit: int | None) -> Embeddings:
    end_of_header = data.find(b"\n", 0, 256)
    header = _header(bytes(data[: end_of_header if end_of_header >= 0 else 256]))
    if header is None:
        raise EmbeddingFileError(
            f"{name}: not a word2vec binary file (the first line must be 'count dims'). "
            f"If it is a text file, name it .txt or .vec."
        )
    declared, dims = header
    _check_size(declared, dims, name, limit)
    width = dims * 4
    out = _Collector(name, limit)
    # One pass finds the words and where each vector starts; the vectors are then gathered in
    # blocks with numpy (a per-record np.frombuffer would dominate the time).
    starts: list[int] = []  # byte offset of each kept vector
    records: list[int] = []  # its record number, for messages
    newline = (10, 13)  # some writers end each record with "\n"
    pos, record, size = end_of_header + 1, 0, len(data)
    while record < declared and not out.full():
        record += 1
        while pos < size and data[pos] in newline:
            pos += 1
        if pos >= size:
            raise EmbeddingFileError(
                f"{name}: the header declares {declared:,} words but the file ends after {record - 1:,} records."
            )
        space = data.find(b" ", pos, pos + 4096)
        if space < 0:
            raise EmbeddingFileError(f"{name}, record {record}: no word followed by a space (file truncated or corrupt).")
        word = _decode(data[pos:space], f"record {record}", name)
        start = space + 1
        if start + width > size:
            raise EmbeddingFileError(
                f"{name}, record {record} ('{word}'): truncated — {size - start} of {width} vector bytes present."
            )
        pos = start + width
        if word in out.seen:
            out.duplicates.append(word)
            continue
        out.seen.add(word)
        out.words.append(word)
        starts.append(start)
        records.append(record)
    while pos < size and data[pos] in newline:
        pos += 1
    if not out.full() and pos < size:
        raise EmbeddingFileError(
            f"{name}: {size - pos:,} bytes follow the {declared:,} records the header declares "
            f"(wrong count in the header, or wrong dimensions)."
        )
    matrix = _gather_vectors(data, np.asarray(starts, dtype=np.int64), dims)
    finite = np.isfinite(matrix).all(axis=1)
    if not finite.all():
        bad = int(np.flatnonzero(~finite)[0])
        raise EmbeddingFileError(f"{name}, record {records[bad]} ('{out.words[bad]}'): the vector has NaN or infinite values.")
    return Embeddings(out.words, matrix, name=Path(name).name, source=f"{source} (word2vec binary)", notes=out.notes())


def _gather_vectors(data: bytes | mmap.mmap, starts: np.ndarray, dims: int, block: int = 4096) -> np.ndarray:
    """The little-endian float32 vectors that begin at byte offsets ``starts``, as one matrix."""
    raw = np.frombuffer(data, dtype=np.uint8)
    columns = np.arange(dims * 4)
    matrix = np.empty((len(starts), dims), dtype=np.float32)
    for first in range(0, len(starts), block):
        rows = raw[starts[first : first + block, None] + columns]  # (rows, 4·dims) bytes
        matrix[first : first + block] = rows.view("<f4")
    return matrix

