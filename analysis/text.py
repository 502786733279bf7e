"""The one text catalogue of the lab: every user-visible sentence in English and German.

Strings live in ``analysis/locales/<page>.json`` as ``{"key": {"en": "...", "de": "..."}}``, one file
per page (plus ``common.json``, ``errors.json`` for library messages and ``report.json``) so that
concurrent work stays apart; keys are namespaced by area (``"embeddings.title"``). The app, the
library's error messages and the audit report all read this one catalogue. Loading fails loudly on a
key defined twice, so two files can never silently disagree.

Numbers inside a text follow the language: a format spec with grouping or decimals (``{n:,}``,
``{x:.3f}``, ``{p:.1%}``) prints ``399,997`` / ``0.452`` in English and ``399.997`` / ``0,452`` in German.

>>> text("app.title", "de")
'Bias- & Embedding-Labor'
>>> text("no.such.key")
'⟨no.such.key⟩'
>>> format_number(399997, "de"), format_number(0.4523, "de", 3), format_number(0.4523, "en", 3)
('399.997', '0,452', '0.452')
"""

from __future__ import annotations

import json
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = {"en": "English", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"
LOCALES = Path(__file__).resolve().parent / "locales"

# Further folders of locale files (the app registers its own ``app/locales`` while strings move here).
_extra_dirs: list[Path] = []


def register_locales(folder: Path) -> None:
    """Also read every ``*.json`` in ``folder`` (same format, same no-duplicates rule)."""
    folder = Path(folder).resolve()
    if folder not in _extra_dirs and folder != LOCALES:
        _extra_dirs.append(folder)
        _load.cache_clear()


@lru_cache(maxsize=4)
def _load(folders: tuple[Path, ...]) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
                if key in merged:
                    raise ValueError(f"text key {key!r} is defined twice ({origin[key]} and {path.name})")
                merged[key], origin[key] = texts, path.name
    return merged


def catalogue() -> dict[str, dict[str, Any]]:
    """Every key of every locale file, read once per process (per set of folders)."""
    return _load((LOCALES, *_extra_dirs))


def normalise_language(lang: str | None) -> str:
    """``lang`` if the lab speaks it, else English.

    >>> normalise_language("de"), normalise_language("fr"), normalise_language(None)
    ('de', 'en', 'en')
    """
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _localise_digits(english: str, lang: str) -> str:
    """English digit separators (``1,234.5``) turned into the language's own."""
    if lang == "de":
        return english.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return english


class _LocalFormatter(string.Formatter):
    """``str.format`` whose numeric fields use the language's separators."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        formatted = super().format_field(value, format_spec)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if numeric and format_spec and any(c in format_spec for c in ",.%"):
            return _localise_digits(formatted, self.lang)
        return formatted


def _entry(key: str, lang: str) -> Any:
    texts = catalogue().get(key)
    if texts is None:
        return None
    return texts.get(normalise_language(lang)) or texts["en"]


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The sentence for ``key`` in ``lang`` (English where a translation is missing).

    A missing key renders as ``⟨key⟩`` — visible on the page and caught by the i18n tests.

    >>> text("report.doc.f_direct", "de", value=0.0812, n=218)
    'DirectBias über 218 geschlechtsneutrale Berufe: 0,081 (0 = keine Projektion auf die Geschlechterrichtung).'
    >>> text("report.doc.q_text", "de", restrict=300000, acc=0.452, correct=8838, total=19544, skipped=0, sem="-", syn="-")[:60]
    'Google-Analogietest (3CosAdd, gensim-Semantik, 300.000 häufi'
    """
    entry = _entry(key, lang)
    if entry is None:
        return f"⟨{key}⟩"
    if not isinstance(entry, str):
        raise TypeError(f"text key {key!r} holds a list; use text_list()")
    return _LocalFormatter(normalise_language(lang)).format(entry, **values) if values else entry


def text_list(key: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A key whose value is a list of sentences (e.g. the report's limits)."""
    entry = _entry(key, lang)
    if entry is None:
        return [f"⟨{key}⟩"]
    return list(entry) if isinstance(entry, list) else [entry]


def format_number(x: float, lang: str = DEFAULT_LANGUAGE, digits: int | None = None) -> str:
    """``x`` with thousands grouping and ``digits`` decimals (integers: none) in ``lang``'s style.

    >>> format_number(1234567.891, "de", 2), format_number(1234567.891, "en", 2)
    ('1.234.567,89', '1,234,567.89')
    """
    if digits is None:
        digits = 0 if float(x).is_integer() else 3
    return _localise_digits(f"{x:,.{digits}f}", normalise_language(lang))


def format_significant(x: float, lang: str = DEFAULT_LANGUAGE, digits: int = 6) -> str:
    """``x`` to ``digits`` significant figures (``%g``: a loss, a p-value), in ``lang``'s style.

    >>> format_significant(0.00012345, "de", 3), format_significant(1234.5, "en", 3)
    ('0,000123', '1.23e+03')
    """
    return _localise_digits(f"{x:.{digits}g}", normalise_language(lang))


def format_signed(x: float, lang: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """``x`` with its sign always shown (a change or a learned weight).

    >>> format_signed(0.25, "de"), format_signed(-0.25, "en")
    ('+0,25', '-0.25')
    """
    return _localise_digits(f"{x:+,.{digits}f}", normalise_language(lang))


def format_percent(share: float, lang: str = DEFAULT_LANGUAGE, digits: int = 1, signed: bool = False) -> str:
    """A share as a percentage: ``45.2%`` in English, ``45,2 %`` in German (DIN 5008: a space before %).

    ``signed`` always shows the sign (a change of a share).

    >>> format_percent(0.4523, "en"), format_percent(0.4523, "de"), format_percent(1, "de", 0)
    ('45.2%', '45,2 %', '100 %')
    >>> format_percent(0.012, "de", signed=True), format_percent(-0.012, "en", signed=True)
    ('+1,2 %', '-1.2%')
    """
    lang = normalise_language(lang)
    number = _localise_digits(f"{100 * share:{'+' if signed else ''},.{digits}f}", lang)
    return f"{number} %" if lang == "de" else f"{number}%"
