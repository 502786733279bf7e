"""One exception type for every problem a user can fix (bad file, unknown word, bad option).

Pages show its message with ``st.error`` in the session's language (``err.localised(lang)``); the CLI
prints ``str(err)`` — always the English sentence — on stderr and exits 2. Anything else that
escapes is a bug, not a user error.

An error can name its catalogue entry (``key`` in ``analysis/locales/errors.json``, ``values`` for
the placeholders); one raised with a plain English sentence is still shown in German when that
sentence matches an English template of ``errors.json``.

>>> err = AnalysisError(key="errors.topn_positive", values={"topn": 0})
>>> str(err)
'topn must be at least 1, got 0.'
>>> err.localised("de")
'topn muss mindestens 1 sein, nicht 0.'
>>> AnalysisError("topn must be at least 1, got -3.").localised("de")
'topn muss mindestens 1 sein, nicht -3.'
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from analysis.text import catalogue, normalise_language, text


class AnalysisError(ValueError):
    """A problem with the user's input, worded so it can be shown to them as is."""

    def __init__(self, message: str = "", *args: object, key: str | None = None, values: Mapping[str, Any] | None = None):
        self.key = key  # catalogue key of the message (None: matched by its English sentence)
        self.values = dict(values or {})  # the placeholders' values for ``key``
        if not message and key:
            message = text(key, "en", **self.values)
        super().__init__(message, *args)

    def localised(self, lang: str) -> str:
        """The message in ``lang``; the English sentence where no translation is known."""
        lang = normalise_language(lang)
        if self.key:
            return text(self.key, lang, **self.values)
        english = str(self)
        if lang == "en":
            return english
        found = match_message(english)
        if found is None:
            return english
        key, values = found
        return _fill(catalogue()[key].get(lang) or english, values)


@lru_cache(maxsize=1)
def _templates() -> list[tuple[str, re.Pattern[str]]]:
    """Each ``errors.*`` entry's English sentence as a pattern with one named group per placeholder."""
    patterns = []
    for key, texts in catalogue().items():
        if not key.startswith("errors.") or not isinstance(texts.get("en"), str):
            continue
        parts, seen = [], set()
        for literal, field, _spec, _conv in string.Formatter().parse(texts["en"]):
            parts.append(re.escape(literal))
            if field is not None:
                parts.append(f"(?P=f_{field})" if field in seen else f"(?P<f_{field}>.+?)")
                seen.add(field)
        literal_chars = sum(len(lit) for lit, *_ in string.Formatter().parse(texts["en"]))
        patterns.append((literal_chars, key, re.compile("".join(parts), re.DOTALL)))
    # The most specific template first: "The data has NaN …" before "{name} has NaN …".
    return [(key, pattern) for _, key, pattern in sorted(patterns, key=lambda p: -p[0])]


def match_message(english: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue key and placeholder values whose English template gives ``english`` exactly."""
    for key, pattern in _templates():
        match = pattern.fullmatch(english)
        if match:
            return key, {name[2:]: value for name, value in match.groupdict().items()}
    return None


def _fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its fields replaced by already-formatted strings (format specs ignored)."""
    out = []
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        if field is not None:
            out.append(str(values.get(field, "")))
    return "".join(out)


class UnknownWordsError(AnalysisError, KeyError):
    """Some query words are not in the embedding's vocabulary.

    ``missing`` lists them in query order; ``suggestions`` maps each to near spellings that are.
    """

    def __init__(self, missing: list[str], suggestions: dict[str, list[str]] | None = None):
        self.missing = list(missing)
        self.suggestions = dict(suggestions or {})
        parts = []
        for word in self.missing:
            near = self.suggestions.get(word) or []
            parts.append(f"'{word}'" + (f" (did you mean {', '.join(near)}?)" if near else ""))
        super().__init__("Not in the vocabulary: " + "; ".join(parts) + ".")

    def localised(self, lang: str) -> str:
        words = ", ".join(f"'{w}'" for w in self.missing)
        return text("common.unknown_words", lang, words=words)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.args[0]
