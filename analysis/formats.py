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
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from analysis import budget
from analysis.budget import CappedReader
from analysis.embeddings import Embeddings, check_limit
from analysis.errors import AnalysisError
from analysis.paths import PathRefused, regular_file

ACCEPTED_FORMATS = "word2vec text (.txt/.vec), GloVe text (.txt), word2vec binary (.bin), optionally .gz"
PICKLE_SUFFIXES = {".model", ".kv", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".pt", ".pth"}
# Text files are converted to floats a block of lines at a time (one numpy call per block).
_BLOCK_LINES = 8192
# ... or fewer when the vectors are long: the block's tokens are Python objects (~40 bytes each).
_BLOCK_VALUES = 1 << 21


class EmbeddingFileError(AnalysisError):
    """A malformed or refused embedding file; the message says where and why."""


def read_embedding_file(path: str | Path, limit: int | None = None) -> Embeddings:
    """Read an embedding from a local path (format chosen from the content, not only the name).

    Only regular files are read (``analysis.paths.regular_file``); a ``.gz`` is decompressed as a
    stream and stopped at the budget's ``decompressed_bytes``.
    """
    check_limit(limit)
    try:
        path = regular_file(path, "file")
    except PathRefused as exc:
        raise EmbeddingFileError(str(exc)) from None
    _refuse_by_name(path.name)
    with open(path, "rb") as raw:
        head = raw.read(8)
    if not head:
        raise EmbeddingFileError(f"{path.name} is empty.")
    _refuse_by_magic(head, path.name)
    compressed = _is_gzip(head, path.name)
    if _is_binary_name(path.name):
        if compressed:
            with gzip.open(path, "rb") as fh:
                return _read_binary(_read_binary_stream(CappedReader(fh, path.name, error=EmbeddingFileError), path.name, limit), path.name, str(path), limit)
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _read_binary(mm, path.name, str(path), limit)
    if compressed:
        with gzip.open(path, "rb") as fh:  # streamed line by line: a top-N limit reads only N lines
            return _read_text(CappedReader(fh, path.name, error=EmbeddingFileError), path.name, str(path), limit)
    with open(path, "rb") as fh:
        return _read_text(fh, path.name, str(path), limit)


def read_embedding_bytes(data: bytes, filename: str, limit: int | None = None) -> Embeddings:
    """Read an uploaded file's bytes. ``filename`` decides text vs binary and appears in messages."""
    check_limit(limit)
    _refuse_by_name(filename)
    if not data:
        raise EmbeddingFileError(f"{filename} is empty.")
    _refuse_by_magic(data[:8], filename)
    source = f"upload: {filename}"
    if _is_gzip(data[:8], filename):  # decompressed as a stream, never as one gzip.decompress() call
        stream = CappedReader(gzip.GzipFile(fileobj=io.BytesIO(data)), filename, error=EmbeddingFileError)
        if _is_binary_name(filename):
            return _read_binary(_read_binary_stream(stream, filename, limit), filename, source, limit)
        return _read_text(stream, filename, source, limit)
    if _is_binary_name(filename):
        return _read_binary(data, filename, source, limit)
    return _read_text(io.BytesIO(data), filename, source, limit)


def _is_gzip(head: bytes, name: str) -> bool:
    """Whether the file is gzip'd, by its magic bytes; a ``.gz`` name on anything else is refused.

    Reading a mislabelled ``.gz`` as plain text would load whatever it holds under a misleading name
    (issue #14: a ``.txt.gz`` that is not gzip must get one clear sentence, not a silent success).
    """
    compressed = head[:2] == b"\x1f\x8b"
    if not compressed and name.lower().endswith(".gz"):
        raise EmbeddingFileError(f"{name} is not a valid gzip file (its name ends in .gz, its content is not gzip).")
    return compressed


def _read_binary_stream(stream: CappedReader, name: str, limit: int | None) -> bytes:
    """A compressed word2vec binary's bytes, read only as far as its header says it can reach.

    The header is read first and checked against the budget; then at most the bytes that many
    records can plausibly take are decompressed, so a small archive cannot expand without bound.
    """
    head = stream.readline(256)
    header = _header(head.rstrip(b"\r\n"))
    if header is None:
        if not head:
            raise EmbeddingFileError(f"{name} is empty after decompression.")
        return head  # _read_binary words the refusal
    declared, dims = header
    _check_size(declared, dims, name, limit)
    rows = min(declared, limit) if limit else declared
    # Vectors plus words averaging up to 256 bytes (GoogleNews' phrases average 12), plus one more
    # record so that data past the declared records is still seen and reported.
    body = stream.read((rows + 1) * (dims * 4 + 258))
    return head + body


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
    """Refuse, from the header alone, a matrix over the budget (before anything is allocated)."""
    rows = min(count, limit) if limit else count
    plan = budget.current()
    if rows * dims > plan.array_elements or rows > plan.vocabulary:
        over = "array_elements" if rows * dims > plan.array_elements else "vocabulary"
        raise EmbeddingFileError(
            f"{name} declares {count:,} words × {dims:,} dimensions, over the limit of "
            f"{plan.array_elements:,} numbers and {plan.vocabulary:,} words; set a 'top N words' limit "
            f"(or raise {budget.env_name(over)})."
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
    except UnicodeDecodeError as exc:  # the position, never the bytes: messages do not quote a file
        raise EmbeddingFileError(f"{name}, {where}: the word is not valid UTF-8 (at byte {exc.start + 1}).") from None


class _Collector:
    """Accumulates words and vectors, skipping duplicates (first wins) and counting them."""

    def __init__(self, name: str, limit: int | None):
        self.name, self.limit = name, limit
        self.words: list[str] = []
        self.seen: set[str] = set()
        self.duplicates: list[str] = []
        self.blocks: list[np.ndarray] = []
        self.plan = budget.current()  # read once per file, not per line

    def check_budget(self, dims: int) -> None:
        """Refuse a header-less file once it has more rows than the budget allows (set a top-N limit)."""
        rows, plan = len(self.words), self.plan
        if rows > plan.vocabulary or rows * dims > plan.array_elements:
            raise EmbeddingFileError(
                f"{self.name} has more than {rows - 1:,} words × {dims:,} dimensions, over the limit of "
                f"{plan.array_elements:,} numbers and {plan.vocabulary:,} words; set a 'top N words' limit "
                f"(or raise LAB_MAX_ARRAY_ELEMENTS / LAB_MAX_VOCABULARY)."
            )

    def full(self) -> bool:
        return self.limit is not None and len(self.words) >= self.limit

    def notes(self) -> list[str]:
        if not self.duplicates:
            return []
        shown = ", ".join(repr(w) for w in self.duplicates[:5])
        more = " …" if len(self.duplicates) > 5 else ""
        return [f"{len(self.duplicates)} duplicate word(s) skipped, the first occurrence kept: {shown}{more}"]


# --- text ----------------------------------------------------------------------------------------
def _lines(fh: BinaryIO, name: str) -> Iterator[tuple[int, bytes]]:
    """Numbered lines without their ends; a line longer than the budget's ``line_bytes`` is refused
    after reading at most that much of it (``/dev/zero`` or a file without newlines never fills memory)."""
    most = budget.current().line_bytes
    number = 0
    while line := fh.readline(most + 1):
        number += 1
        if len(line) > most and not line.endswith(b"\n"):
            raise budget.BudgetExceeded("line_bytes", len(line), most, name, "bytes", key="errors.budget_line", values={"line": number})
        yield number, line.rstrip(b"\r\n")


def _read_text(fh: BinaryIO, name: str, source: str, limit: int | None) -> Embeddings:
    lines = _lines(fh, name)
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
            for number, _word, values in block:
                for t in values:
                    try:
                        float(t)
                    except ValueError:
                        raise EmbeddingFileError(
                            f"{name}, line {number}, value {values.index(t) + 1}: expected a number."
                        ) from None
            raise
        finite = np.isfinite(matrix).all(axis=1)
        if not finite.all():
            number, _, _ = block[int(np.flatnonzero(~finite)[0])]
            raise EmbeddingFileError(f"{name}, line {number}: the vector has NaN or infinite values.")
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
                f"{name}, line {number}: {len(parts) - 1} values, expected {dims}"
                + (" (from the header)." if header else " (from the first line).")
            )
        if word in out.seen:
            out.duplicates.append(word)
            if len(out.duplicates) > out.plan.vocabulary:  # a file of repeated lines would parse for minutes
                raise budget.BudgetExceeded("vocabulary", len(out.duplicates), out.plan.vocabulary, name, "words", key="errors.budget_repeats")
            continue
        out.seen.add(word)
        out.words.append(word)
        if not header:  # a header was checked up front; GloVe text is checked as it grows
            out.check_budget(dims)
        block.append((number, word, parts[1:]))
        if len(block) >= _BLOCK_LINES or len(block) * dims >= _BLOCK_VALUES:
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
                f"{name}, record {record}: truncated — {size - start} of {width} vector bytes present."
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
        raise EmbeddingFileError(f"{name}, record {records[bad]}: the vector has NaN or infinite values.")
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

