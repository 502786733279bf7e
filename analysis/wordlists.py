"""The published word lists of the bias literature, loaded by name from ``data/``.

Lists are data: each JSON file in ``data/`` keeps the words exactly as published (case included)
together with its source, and ``data/README.md`` cites it. Case is handled at lookup time by the
embedding (``Embeddings.resolve``), so the same list serves lower-cased GloVe and cased word2vec.

    >>> from analysis.wordlists import load_pairs, load_words, caliskan_test
    >>> load_pairs("bolukbasi/definitional_pairs")[2]
    ('she', 'he')
    >>> len(load_words("bolukbasi/professions"))
    320
    >>> t = caliskan_test("caliskan-7")
    >>> t.X[:3], t.A[:3]
    (['math', 'algebra', 'geometry'], ['male', 'man', 'boy'])
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis import presets
from analysis.budget import check_words
from analysis.errors import AnalysisError
from analysis.presets import LessonPresets
from analysis.wordparse import tokens, unique

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Word lists by name -> (file under data/, key that holds the list, kind).
WORD_LISTS: dict[str, tuple[str, str]] = {
    "bolukbasi/gender_specific": ("bolukbasi/gender_specific.json", "words"),
    "bolukbasi/gender_specific_full": ("bolukbasi/gender_specific_full.json", "words"),
    "bolukbasi/professions": ("bolukbasi/professions.json", "professions"),
    "names/male": ("names/male.json", "words"),
    "names/female": ("names/female.json", "words"),
}
PAIR_LISTS: dict[str, tuple[str, str]] = {
    "bolukbasi/definitional_pairs": ("bolukbasi/definitional_pairs.json", "pairs"),
    "bolukbasi/equalize_pairs": ("bolukbasi/equalize_pairs.json", "pairs"),
}
CALISKAN_FILE = "caliskan/weat.json"
CALISKAN_TESTS = tuple(f"caliskan-{i}" for i in range(1, 11))


@lru_cache(maxsize=None)
def _read(relative: str) -> dict:
    path = DATA_DIR / relative
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AnalysisError(f"Word list file {relative} is missing from data/.") from exc


def list_names() -> list[str]:
    """Every name ``load_words`` or ``load_pairs`` accepts."""
    return sorted(WORD_LISTS) + sorted(PAIR_LISTS)


def source_of(name: str) -> str:
    """The citation stored with a list (``"caliskan-3"`` gives the Caliskan et al. citation)."""
    if name in WORD_LISTS:
        return _read(WORD_LISTS[name][0])["source"]
    if name in PAIR_LISTS:
        return _read(PAIR_LISTS[name][0])["source"]
    if name in CALISKAN_TESTS:
        return _read(CALISKAN_FILE)["source"]
    raise AnalysisError(f"Unknown word list '{name}'. Known: {', '.join(list_names() + list(CALISKAN_TESTS))}.")


def load_words(name: str) -> list[str]:
    """A word list by name, as published (a fresh list each call, so callers may modify it).

    Names: ``bolukbasi/gender_specific`` (218 seed words), ``bolukbasi/gender_specific_full``
    (1441 words), ``bolukbasi/professions`` (320), ``names/male``, ``names/female`` (50 each).
    A pair list name gives its words flattened (first of each pair, then second).
    """
    if name in PAIR_LISTS:
        pairs = load_pairs(name)
        return [a for a, _ in pairs] + [b for _, b in pairs]
    if name not in WORD_LISTS:
        raise AnalysisError(f"Unknown word list '{name}'. Known: {', '.join(list_names())}.")
    relative, key = WORD_LISTS[name]
    items = _read(relative)[key]
    return [item[0] if isinstance(item, list) else item for item in items]


def load_pairs(name: str) -> list[tuple[str, str]]:
    """A list of word pairs by name: ``bolukbasi/definitional_pairs`` or ``bolukbasi/equalize_pairs``.

    Definitional pairs are (female, male), e.g. ``('she', 'he')``; equalize pairs keep the
    published order, which is not always the same within the list.
    """
    if name not in PAIR_LISTS:
        raise AnalysisError(f"Unknown pair list '{name}'. Known: {', '.join(sorted(PAIR_LISTS))}.")
    relative, key = PAIR_LISTS[name]
    return [(a, b) for a, b in _read(relative)[key]]


@dataclass(frozen=True)
class ProfessionRating:
    """One row of Bolukbasi et al.'s professions list with its two crowd ratings."""

    word: str  # the occupation word as published (multi-word entries use '_')
    definitional: float  # gendered by definition: -1 female … +1 male (e.g. actress -1.0)
    stereotypical: float  # gendered by stereotype: -1 female … +1 male (e.g. nurse negative)


def load_professions() -> list[ProfessionRating]:
    """The professions list with its definitional and stereotypical ratings."""
    rows = _read(WORD_LISTS["bolukbasi/professions"][0])["professions"]
    return [ProfessionRating(w, float(d), float(s)) for w, d, s in rows]


@dataclass(frozen=True)
class WeatTest:
    """One of Caliskan et al.'s ten WEAT tests: targets X, Y and attributes A, B, with labels."""

    name: str  # "caliskan-1" … "caliskan-10"
    title: str  # English title, e.g. "Flowers vs insects × pleasant vs unpleasant"
    X: list[str]  # first target set (the one expected closer to A)
    Y: list[str]  # second target set
    A: list[str]  # first attribute set
    B: list[str]  # second attribute set
    x_label: str  # name of the X set in data/caliskan/weat.json, e.g. "flowers"
    y_label: str
    a_label: str
    b_label: str
    original_iat: str  # the human IAT study the test replicates
    published_effect_size: float  # d in Caliskan et al. Table 1 (GloVe Common Crawl 840B)
    published_p_value: str  # p in Table 1, as printed (e.g. "1e-7")
    titles: dict[str, str] = field(default_factory=dict)  # {"en": …, "de": …}

    def label(self, which: str) -> str:
        """Human label of set ``"X"``, ``"Y"``, ``"A"`` or ``"B"`` (underscores as spaces)."""
        return getattr(self, f"{which.lower()}_label").replace("_", " ")


def caliskan_sets() -> dict[str, list[str]]:
    """All named word sets of the Caliskan file (including the full name lists)."""
    return {k: list(v) for k, v in _read(CALISKAN_FILE)["sets"].items()}


def caliskan_test(name: str) -> WeatTest:
    """Caliskan et al.'s WEAT test ``"caliskan-1"`` … ``"caliskan-10"`` (``"1"`` or ``1`` work too)."""
    key = str(name).strip().lower()
    if key.isdigit():
        key = f"caliskan-{key}"
    if key.startswith("weat") and key[4:].strip("-_ ").isdigit():
        key = f"caliskan-{key[4:].strip('-_ ')}"
    data = _read(CALISKAN_FILE)
    if key not in data["tests"]:
        raise AnalysisError(f"Unknown WEAT test '{name}'. Built in: {', '.join(CALISKAN_TESTS)}.")
    spec = data["tests"][key]
    sets = data["sets"]
    return WeatTest(
        name=key,
        title=spec["title"]["en"],
        X=list(sets[spec["X"]]),
        Y=list(sets[spec["Y"]]),
        A=list(sets[spec["A"]]),
        B=list(sets[spec["B"]]),
        x_label=spec["X"],
        y_label=spec["Y"],
        a_label=spec["A"],
        b_label=spec["B"],
        original_iat=spec["original_iat"],
        published_effect_size=float(spec["published"]["effect_size"]),
        published_p_value=str(spec["published"]["p_value"]),
        titles=dict(spec["title"]),
    )


def caliskan_tests() -> list[WeatTest]:
    """All ten built-in tests in order."""
    return [caliskan_test(n) for n in CALISKAN_TESTS]


def read_word_file(path: str | Path) -> list[str]:
    """Words from a user's text file: one per line or separated by commas/whitespace; '#' comments.

    Also accepts a JSON list of strings. Duplicates are dropped (first kept); an empty file is an error.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise AnalysisError(f"Word file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise AnalysisError(f"Word file {path} is not UTF-8 text.") from exc
    return parse_word_text(text, origin=str(path))


def parse_word_text(text: str, origin: str = "the input") -> list[str]:
    """Parse words from text (see ``read_word_file``)."""
    stripped = text.strip()
    words: list[str]
    if stripped.startswith("["):
        try:
            loaded = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise AnalysisError(f"{origin} looks like JSON but does not parse: {exc.msg} (line {exc.lineno}).") from exc
        if not isinstance(loaded, list) or not all(isinstance(w, str) for w in loaded):
            raise AnalysisError(f"{origin}: a JSON word list must be a list of strings.")
        words = [w.strip() for w in loaded]
    else:
        words = [w for line in text.splitlines() for w in tokens(line.split("#", 1)[0])]
    found = unique(w for w in words if w)
    check_words(found, f"The word list {origin}")
    if not found:
        raise AnalysisError(f"{origin} contains no words.")
    return found


def lesson_presets() -> LessonPresets:
    """The lecture's bias analogies (with the answers the literature reports) and the name-probe
    targets, from ``data/presets/lesson.json`` (read by ``analysis.presets``) — shared by the
    bias-probes page and the audit report.

        >>> [p["expected"] for p in lesson_presets()["bias_analogies"]][:2]
        ['homemaker', 'nurse']
    """
    return presets.lesson_presets()
