"""One resource budget for everything a user can hand the lab: checked before memory is spent.

A classroom server is shared by every student who can reach it, so no single input may take the
whole machine. Each limit below is checked against what a file *declares* (a header, a zip
directory) or against what has been read so far (decompressed bytes are counted while streaming),
never after the allocation. A refusal is one sentence naming the limit and the environment variable
that raises it.

Every limit is an environment variable (read at each check, so a restart is not needed in tests):

    >>> from analysis.budget import Budget, BudgetExceeded
    >>> Budget.from_env({"LAB_MAX_LIST_WORDS": "50"}).list_words
    50
    >>> try:
    ...     Budget(list_words=2).check("list_words", 3, "The word list 'X'")
    ... except BudgetExceeded as exc:
    ...     print(exc)
    The word list 'X' has 3 words, more than the limit of 2 words (set LAB_MAX_LIST_WORDS to raise it).
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import string
from collections.abc import Iterator, Mapping, Sized
from dataclasses import dataclass
from typing import BinaryIO

from analysis.errors import AnalysisError
from analysis.text import text


@dataclass(frozen=True)
class Budget:
    """The largest input of each kind the lab accepts. Defaults fit a 16 GB classroom server."""

    # Words in one typed or uploaded word list (WEAT targets/attributes, probe lists); WEAT's
    # largest published list has 25 words, and 2,000 words already took 5.8 GiB.
    list_words: int = 1_000
    # Words kept from one embedding file (GoogleNews has 3 million); a larger file needs a top-N limit.
    vocabulary: int = 3_000_000
    # Bytes a gzip stream may expand to; counted while streaming, reading stops at the limit.
    decompressed_bytes: int = 4 << 30
    # Numbers in one array, taken from a file's header before anything is allocated (embedding
    # matrix rows × dims, an .npy/.npz/IDX array); 500 million float32 are 2 GB.
    array_elements: int = 500_000_000
    # Length of one text line of an embedding file; a 10,000-dimensional vector line is ~130 KB.
    line_bytes: int = 1 << 20
    # Words searched for she/he analogy pairs: the search compares every pair, n²/2 of them
    # (Bolukbasi et al. searched 26,377; 50,000 take about a minute on 2 cores).
    pair_search_words: int = 50_000
    # Units in one hidden or bottleneck layer of the autoencoder (typed or read from a saved model).
    hidden_units: int = 4_096
    # Trainable numbers of one autoencoder (weights and biases of every layer).
    model_parameters: int = 50_000_000
    # One feedback-loop run: users × live items × steps (the default world is 1,000 × 1,000 × 200).
    simulation_work: int = 20_000_000_000
    # Megabytes of one upload; .streamlit/config.toml's server.maxUploadSize must say the same.
    upload_megabytes: int = 200

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Budget:
        """The defaults, overridden by ``LAB_MAX_<FIELD>`` variables (a bad value is refused)."""
        environ = os.environ if environ is None else environ
        values = {}
        for field in dataclasses.fields(cls):
            name = env_name(field.name)
            raw = environ.get(name)
            if raw is None or not raw.strip():
                continue
            try:
                value = int(float(raw.strip().replace("_", "")))
            except ValueError:
                raise AnalysisError(f"{name} must be a whole number, got '{raw}'.") from None
            if value < 1:
                raise AnalysisError(f"{name} must be at least 1, got {value}.")
            values[field.name] = value
        return cls(**values)

    def check(self, limit: str, value: int, what: str, unit: str | None = None) -> None:
        """Raise ``BudgetExceeded`` when ``value`` is over the limit named ``limit``."""
        allowed = getattr(self, limit)
        if value > allowed:
            raise BudgetExceeded(limit, int(value), int(allowed), what, unit or UNITS[limit])


UNITS = {
    "list_words": "words",
    "vocabulary": "words",
    "decompressed_bytes": "bytes",
    "array_elements": "numbers",
    "line_bytes": "bytes",
    "pair_search_words": "words",
    "hidden_units": "units",
    "model_parameters": "parameters",
    "simulation_work": "user × item × step updates",
    "upload_megabytes": "MB",
}


def env_name(limit: str) -> str:
    """The environment variable of a limit: ``list_words`` → ``LAB_MAX_LIST_WORDS``."""
    return f"LAB_MAX_{limit.upper()}"


class BudgetExceeded(AnalysisError):
    """An input over one of the budget's limits; the message names the limit and how to raise it.

    The message is a catalogue entry (``analysis/locales/budget.json``: ``errors.budget_exceeded``
    or the ``key`` given), so it reaches the page in German; ``what`` — the callers' English phrase
    such as "The word list" — is translated by the ``budget.what.*`` templates, the unit by
    ``budget.unit.<limit>``. Numbers follow the language (1,000 / 1.000).

        >>> err = BudgetExceeded("list_words", 1200, 1000, "The word list 'X'", "words")
        >>> str(err)
        "The word list 'X' has 1,200 words, more than the limit of 1,000 words (set LAB_MAX_LIST_WORDS to raise it)."
        >>> err.localised("de")
        "Die Wortliste 'X' hat 1.200 Wörter, mehr als die Grenze von 1.000 Wörter (mit LAB_MAX_LIST_WORDS erhöhbar)."
    """

    def __init__(self, limit: str, value: int, allowed: int, what: str, unit: str, message: str | None = None, key: str = "errors.budget_exceeded", values: dict | None = None):
        self.limit, self.value, self.allowed = limit, value, allowed
        values = {"what": what, "value": int(value), "allowed": int(allowed), "unit": unit, "env": env_name(limit), **(values or {})}
        super().__init__(message or "", key=None if message and key == "errors.budget_exceeded" else key, values=values)

    def localised(self, lang: str) -> str:
        if not self.key:  # a caller's own English sentence: matched against the catalogue as usual
            return super().localised(lang)
        values = dict(self.values)
        values["what"] = _translate_what(str(values["what"]), lang)
        if values.get("unit") == UNITS.get(self.limit):
            values["unit"] = text(f"budget.unit.{self.limit}", lang)
        return text(self.key, lang, **values)


def _translate_what(english: str, lang: str) -> str:
    """A caller's phrase ("The word list 'X'") in ``lang`` by the ``budget.what.*`` templates; else as is."""
    from analysis.errors import _fill
    from analysis.text import catalogue

    templates = [texts for key, texts in catalogue().items() if key.startswith("budget.what.")]
    for texts in sorted(templates, key=lambda t: -len(t["en"])):  # "{name}: member … (shape …)" before "{name} (shape …)"
        parts = []
        for literal, field, _spec, _conv in string.Formatter().parse(texts["en"]):
            parts.append(re.escape(literal))
            if field is not None:
                parts.append(f"(?P<{field}>.+?)")
        match = re.fullmatch("".join(parts), english, re.DOTALL)
        if match:
            return _fill(texts.get(lang) or texts["en"], match.groupdict())
    return english


def current() -> Budget:
    """The budget in force now (the environment is read on every call)."""
    return Budget.from_env()


def check(limit: str, value: int, what: str, unit: str | None = None) -> None:
    """``current().check(...)``: the one-line guard the loaders call.

    >>> check("vocabulary", 10, "tiny.txt")
    """
    current().check(limit, value, what, unit)


def check_words(words: Sized, what: str = "The word list") -> None:
    """Refuse a typed or uploaded word list (or pair list) longer than ``LAB_MAX_LIST_WORDS``.

    Called by the parsers and by ``Embeddings.rows``/``split_known``/``resolve_all``, before a
    vector is looked up or a spelling suggested, so a pasted 10,000-word list costs one ``len``.

    >>> check_words(["he", "she"])  # within the default 1,000 words: nothing happens
    """
    check("list_words", len(words), what)


class CappedReader:
    """A binary stream that raises ``BudgetExceeded`` once more than ``limit`` bytes came through.

    Wraps a decompressing stream (``gzip.open``) so that a bomb is stopped after ``limit`` bytes,
    not after it filled memory or disk; ``BadGzipFile``/``EOFError``/``zlib.error`` become one
    sentence naming the file.

        >>> import gzip, io
        >>> reader = CappedReader(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(b"a" * 100))), "x.gz", 10)
        >>> try:
        ...     reader.read()
        ... except BudgetExceeded as exc:
        ...     print(exc.limit)
        decompressed_bytes
    """

    def __init__(self, raw: BinaryIO, name: str, limit: int | None = None, error: type[AnalysisError] = AnalysisError):
        self.raw, self.name, self.error = raw, name, error  # error: the class a damaged stream raises
        self.limit = current().decompressed_bytes if limit is None else limit
        self.count = 0
        # Lines are split by io.BufferedReader (C speed); only its block reads pass through _account.
        self._buffered = io.BufferedReader(_CountingRaw(self), buffer_size=1 << 16)

    def _account(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            raise BudgetExceeded("decompressed_bytes", self.count, self.limit, self.name, "bytes", key="errors.budget_decompressed")
        return data

    def read(self, size: int = -1) -> bytes:
        return self._buffered.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self._buffered.readline(size)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._buffered)

    def _guard(self, call):
        import zlib

        try:
            return call()
        except (OSError, EOFError, zlib.error) as exc:
            raise self.error(f"{self.name} is not a valid gzip file or is cut off ({type(exc).__name__}).") from None

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> CappedReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _CountingRaw(io.RawIOBase):
    """The raw side of ``CappedReader``: block reads from the wrapped stream, counted and capped."""

    def __init__(self, owner: CappedReader):
        self.owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        owner = self.owner
        room = owner.limit - owner.count + 1  # one byte more than allowed proves the excess
        data = owner._account(owner._guard(lambda: owner.raw.read(min(len(buffer), room))))
        buffer[: len(data)] = data
        return len(data)


def read_capped(raw: BinaryIO, name: str, limit: int | None = None) -> bytes:
    """All of a (decompressing) stream, refused once it passes ``limit`` (default: the budget)."""
    return CappedReader(raw, name, limit).read()


__all__ = ["UNITS", "Budget", "BudgetExceeded", "CappedReader", "check", "current", "check_words", "env_name", "read_capped"]
