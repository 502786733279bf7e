"""A corpus as a memory-mapped array of integer tokens on disk, counted in the same single pass.

The PyTorch word2vec trainer (``analysis.word2vec_torch``) never holds a corpus in memory: the
source (gensim's bundled text or a user's file, tokenised by the rule of ``analysis.training``)
is streamed once; every word gets a *provisional id* in order of first appearance, the ids are
appended to ``tokens-<key>.i32`` (int32) and each sentence's end offset to ``…\u200b.ends`` (int64).
The vocabulary (words in first-appearance order and their counts) is counted in that same pass.
Training then reads slices of the memory-mapped arrays; the final vocabulary (``min_count``,
frequency order) is a lookup table ``remap`` from provisional to final ids, -1 for dropped words.

Sentences are the same as gensim's in ``analysis.training``: one line of the source, split into
pieces of ``CHUNK_TOKENS`` words, so a context window never crosses a line.

``max_vocab_size`` follows gensim's ``Word2Vec`` (``utils.prune_vocab``): whenever more distinct
words than that have been counted, words counted fewer than ``min_reduce`` times are forgotten
(their count restarts at 0) and ``min_reduce`` grows by one. Because it changes the counts, the
cache is keyed by it.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "c.txt").write_text("the cat sat\\nthe dog sat down\\n", encoding="utf-8")
    29
    >>> corpus = tokenize_to_array(folder / "c.txt", cache=folder)
    >>> corpus.tokens, corpus.sentences, corpus.words
    (7, 2, ['the', 'cat', 'sat', 'dog', 'down'])
    >>> vocab = corpus.vocabulary(min_count=2)
    >>> vocab.words, vocab.counts.tolist(), vocab.remap.tolist()
    (['the', 'sat'], [2, 2], [0, -1, 1, -1, -1])
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report
from analysis.training import CHUNK_TOKENS, cache_dir, resolve_source

TOKENS_VERSION = "1"  # bump when the file layout or tokenisation changes, so stale caches are rebuilt
_FLUSH_TOKENS = 1 << 20  # ids buffered in memory before they are appended to the token file


@dataclass(frozen=True)
class Vocabulary:
    """The training vocabulary: words in frequency order and the id lookup from the token array."""

    words: list[str]  # kept words, most frequent first (ties: first appearance first), like gensim
    counts: np.ndarray  # int64 count of each kept word
    remap: np.ndarray  # int64, provisional id -> row in ``words``, -1 for words below min_count


@dataclass(frozen=True)
class TokenCorpus:
    """A tokenised corpus on disk: token ids, sentence ends and the first-appearance vocabulary."""

    name: str  # display name of the source ("gensim default (…)" or the file name)
    documents: int  # lines of the source
    tokens_path: str  # int32 provisional ids, one per token, memory-mapped for training
    ends_path: str  # int64 end offset (exclusive) of every sentence in the token array
    words: list[str]  # every distinct word, provisional id order (first appearance)
    counts: np.ndarray  # int64 count per provisional id (after max_vocab_size pruning, as gensim)

    @property
    def tokens(self) -> int:
        return int(Path(self.tokens_path).stat().st_size // 4)

    @property
    def sentences(self) -> int:
        return int(Path(self.ends_path).stat().st_size // 8)

    def token_array(self) -> np.ndarray:
        """The token ids, memory-mapped read-only (no copy of the corpus in memory)."""
        return np.memmap(self.tokens_path, dtype=np.int32, mode="r")

    def sentence_ends(self) -> np.ndarray:
        return np.memmap(self.ends_path, dtype=np.int64, mode="r")

    def vocabulary(self, min_count: int) -> Vocabulary:
        """Words seen at least ``min_count`` times, most frequent first (gensim's order)."""
        kept = np.flatnonzero(self.counts >= min_count)
        if kept.size == 0:
            raise AnalysisError(f"No word occurs {min_count} times or more; lower min_count.")
        order = kept[np.argsort(-self.counts[kept], kind="stable")]
        remap = np.full(len(self.words), -1, dtype=np.int64)
        remap[order] = np.arange(order.size)
        return Vocabulary([self.words[i] for i in order], self.counts[order].astype(np.int64), remap)


def tokenize_to_array(
    source: str | Path = "default",
    lowercase: bool = True,
    max_vocab_size: int | None = None,
    *,
    cache: str | Path | None = None,
    progress: ProgressFn | None = None,
) -> TokenCorpus:
    """Stream ``source`` once into a token array on disk (cached by content) and count its words."""
    _refuse_binary(source)
    name, key, documents = resolve_source(source, lowercase)
    folder = Path(cache) if cache is not None else cache_dir()
    stem = folder / f"tokens-{key}-m{max_vocab_size or 0}-v{TOKENS_VERSION}"
    paths = {kind: stem.with_suffix(f".{kind}") for kind in ("i32", "ends", "json")}
    if all(p.exists() for p in paths.values()):
        meta = json.loads(paths["json"].read_text(encoding="utf-8"))
        return TokenCorpus(name, meta["documents"], str(paths["i32"]), str(paths["ends"]), meta["words"], np.asarray(meta["counts"], dtype=np.int64))

    report(progress, 0.0, "reading the corpus into a token array")
    # per-process names: ranks of another node may build the same cache at once; identical content, atomic renames
    partial = {kind: p.with_suffix(f"{p.suffix}.{os.getpid()}.partial") for kind, p in paths.items()}
    counter = _Counter(max_vocab_size)
    docs = written = 0
    buffer: list[int] = []
    ends: list[int] = []
    try:
        with open(partial["i32"], "wb") as tokens_out, open(partial["ends"], "wb") as ends_out:
            for words in documents:
                docs += 1
                for start in range(0, len(words), CHUNK_TOKENS):
                    ids = counter.add_sentence(words[start : start + CHUNK_TOKENS])
                    buffer.extend(ids)
                    ends.append(written + len(buffer))
                if len(buffer) >= _FLUSH_TOKENS:
                    written += _flush(buffer, ends, tokens_out, ends_out, counter)
                    report(progress, min(0.95, docs / 500), f"read {written:,} words")
            written += _flush(buffer, ends, tokens_out, ends_out, counter)
        if written == 0:
            raise AnalysisError(f"{name} contains no words (after tokenisation: letters only).")
        meta = {"documents": docs, "words": counter.words, "counts": counter.final_counts().tolist()}
        partial["json"].write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for kind in ("i32", "ends", "json"):  # the metadata last: its presence marks a complete cache
            partial[kind].replace(paths[kind])
    finally:
        for p in partial.values():
            p.unlink(missing_ok=True)
    report(progress, 1.0, "token array ready")
    return TokenCorpus(name, docs, str(paths["i32"]), str(paths["ends"]), counter.words, counter.final_counts())


def _refuse_binary(source: str | Path) -> None:
    """A NUL byte in the first 64 KiB means a binary file (a model, an archive), not a text corpus."""
    path = Path(source).expanduser()
    if str(source) == "default" or not path.is_file():
        return  # resolve_source names a missing file
    with open(path, "rb") as fh:
        if b"\x00" in fh.read(1 << 16):
            raise AnalysisError(f"{path.name} is a binary file, not text: a corpus is UTF-8 text with one document or sentence per line.")


def _flush(buffer: list[int], ends: list[int], tokens_out, ends_out, counter: _Counter) -> int:
    """Append buffered ids and sentence ends to their files, count them; return how many were written."""
    count = len(buffer)
    block = np.asarray(buffer, dtype=np.int32)
    counter.count_block(block)
    block.tofile(tokens_out)
    np.asarray(ends, dtype=np.int64).tofile(ends_out)
    buffer.clear()
    ends.clear()
    return count


class _Counter:
    """Provisional ids and counts; with ``max_vocab_size``, gensim's pruning after each sentence."""

    def __init__(self, max_vocab_size: int | None):
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        self.max_vocab_size = max_vocab_size
        self.min_reduce = 1
        self.live: dict[int, int] = {}  # id -> count, only when pruning (sizes like gensim's raw vocab)
        self.dense = np.zeros(0, dtype=np.int64)  # counts without pruning, accumulated by bincount

    def add_sentence(self, words: list[str]) -> list[int]:
        index, new = self.index, self.words
        ids = []
        for word in words:  # the one per-word loop: turning strings into ids while reading the text
            i = index.get(word)
            if i is None:
                i = index[word] = len(new)
                new.append(word)
            ids.append(i)
        if self.max_vocab_size is None:
            return ids  # counted per block in count_block: one bincount per million words
        live = self.live
        for i in ids:
            live[i] = live.get(i, 0) + 1
        if len(live) > self.max_vocab_size:
            self.live = {i: c for i, c in live.items() if c >= self.min_reduce}
            self.min_reduce += 1
        return ids

    def count_block(self, ids: np.ndarray) -> None:
        if self.max_vocab_size is not None or ids.size == 0:
            return
        counts = np.bincount(ids, minlength=len(self.words)).astype(np.int64)
        counts[: self.dense.size] += self.dense
        self.dense = counts

    def final_counts(self) -> np.ndarray:
        if self.max_vocab_size is None:
            return np.concatenate([self.dense, np.zeros(len(self.words) - self.dense.size, dtype=np.int64)])
        counts = np.zeros(len(self.words), dtype=np.int64)
        if self.live:
            keys = np.fromiter(self.live.keys(), dtype=np.int64, count=len(self.live))
            counts[keys] = np.fromiter(self.live.values(), dtype=np.int64, count=len(self.live))
        return counts
