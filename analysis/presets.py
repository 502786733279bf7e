"""Every preset of the lab, read from ``data/presets/*.json`` by one loader.

Presets are data, not code: each file keeps its ``source`` (cited in ``data/README.md``) next to
the values, and this module turns them into small typed objects. Files are read once per process
(``functools.lru_cache``); the typed loaders hand out fresh objects, so a caller that changes one
cannot change what the next caller sees.

    >>> [p.id for p in analogy_presets()][:2]
    ['king_queen', 'germany_paris']
    >>> feedback_presets()["diversity slots"]
    {'diversity_slots': 3}
    >>> autoencoder_setup("pca")["latent"]
    2
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypedDict

from analysis.errors import AnalysisError

# data/ is found next to the package, as analysis.wordlists finds its word lists.
PRESETS_DIR = Path(__file__).resolve().parent.parent / "data" / "presets"
# Preset files by name (file stem under data/presets/).
PRESET_FILES = ("analogy", "latent", "lesson", "feedback", "autoencoder")


@lru_cache(maxsize=None)
def _read_cached(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AnalysisError(f"Preset file {path.name} is missing from data/presets/.") from exc
    except json.JSONDecodeError as exc:
        raise AnalysisError(f"Preset file {path.name} does not parse: {exc.msg} (line {exc.lineno}).") from exc


def read_preset_file(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """The raw JSON of ``data/presets/<name>.json`` (or of ``path``), as a fresh copy.

        >>> sorted(read_preset_file("lesson"))[:2]
        ['bias_analogies', 'name']
    """
    if path is None:
        if name not in PRESET_FILES:
            raise AnalysisError(f"Unknown preset file '{name}'. Known: {', '.join(PRESET_FILES)}.")
        path = PRESETS_DIR / f"{name}.json"
    return copy.deepcopy(_read_cached(Path(path).resolve()))


# --- analogies (Analogies page, lesson step 1) ----------------------------------------------------
@dataclass(frozen=True)
class AnalogyPreset:
    """A lecture analogy ``a : b :: c : ?`` and the answer the literature reports."""

    id: str  # stable identifier (URL- and widget-safe)
    a: str
    b: str
    c: str
    expected: tuple[str, ...]  # reported answer(s); the page shows their real rank
    kind: str  # "semantic", "syntactic" or "bias"
    source: str  # where the analogy and its expected answer come from

    @property
    def positive(self) -> list[str]:
        return [self.b, self.c]

    @property
    def negative(self) -> list[str]:
        return [self.a]

    @property
    def label(self) -> str:
        """``king − man + woman``: how the lecture writes it."""
        return f"{self.b} − {self.a} + {self.c}"


def analogy_presets(path: str | Path | None = None) -> list[AnalogyPreset]:
    """The lecture analogies of ``data/presets/analogy.json``.

        >>> [p.label for p in analogy_presets()][:2]
        ['king − man + woman', 'germany − berlin + paris']
    """
    data = read_preset_file("analogy", path)
    return [
        AnalogyPreset(
            id=item["id"],
            a=item["a"],
            b=item["b"],
            c=item["c"],
            expected=tuple(item["expected"]),
            kind=item.get("kind", "semantic"),
            source=item.get("source", ""),
        )
        for item in data["presets"]
    ]


# --- word groups and axes (Latent space page) -----------------------------------------------------
@dataclass(frozen=True)
class Preset:
    """A lesson's word groups from ``data/presets/latent.json``."""

    key: str  # identifier, e.g. "countries_capitals"
    title: dict[str, str]  # {"en": …, "de": …} shown in the preset picker
    groups: dict[str, list[str]]  # group name → words
    paired: bool  # connect the i-th words of the first two groups by a line


@dataclass(frozen=True)
class AxisPreset:
    """A custom projection: two semantic axes, each from one word list towards another."""

    key: str  # identifier, e.g. "gender_wealth"
    title: dict[str, str]  # {"en": …, "de": …}
    x: tuple[list[str], list[str]]  # (left words, right words) of the horizontal axis
    y: tuple[list[str], list[str]]  # (bottom words, top words) of the vertical axis


def latent_presets(path: str | Path | None = None) -> tuple[list[Preset], list[AxisPreset]]:
    """Word-group and custom-axis presets for the Latent space page.

        >>> groups, axes = latent_presets()
        >>> groups[0].key, axes[0].key
        ('countries_capitals', 'gender_wealth')
    """
    raw = read_preset_file("latent", path)
    presets = [Preset(p["key"], p["title"], {k: list(v) for k, v in p["groups"].items()}, bool(p.get("paired"))) for p in raw["groups"]]
    axes = [AxisPreset(a["key"], a["title"], (a["x"][0], a["x"][1]), (a["y"][0], a["y"][1])) for a in raw["axes"]]
    return presets, axes


# --- bias probes (Bias probes page, audit report, lesson step 2) ----------------------------------
class BiasAnalogy(TypedDict):
    """One she/he analogy of the lecture: ``positive − negative`` and the answer papers report."""

    key: str  # identifier, also the Bias probes page's ?preset= value
    positive: list[str]  # words added
    negative: list[str]  # words subtracted
    expected: str  # the answer the literature reports


class LessonPresets(TypedDict):
    """``data/presets/lesson.json``: the lecture's bias analogies and the name probe's targets."""

    name: str  # "lesson_presets"
    source: str  # citations (also in data/README.md)
    bias_analogies: list[BiasAnalogy]  # in the lecture's order
    name_probe_targets: list[str]  # the words of "is John closer to programmer than Mary?"


def lesson_presets() -> LessonPresets:
    """The lecture's bias analogies and name-probe targets (a fresh copy each call).

        >>> [p["expected"] for p in lesson_presets()["bias_analogies"]][:2]
        ['homemaker', 'nurse']
    """
    return read_preset_file("lesson")  # type: ignore[return-value]


# --- feedback loop (simulate --preset, Feedback loop page) ----------------------------------------
def feedback_presets() -> dict[str, dict[str, Any]]:
    """Each social-media preset's knob overrides (FeedbackConfig defaults for everything else), in
    the order the page and ``simulate --preset`` list them.

        >>> list(feedback_presets())[:3]
        ['engagement feed', 'random feed', 'popularity']
    """
    return {item["name"]: dict(item["overrides"]) for item in read_preset_file("feedback")["presets"]}


def policing_preset_name() -> str:
    """The name of the predictive-policing preset (configured by ``PolicingConfig``, not by overrides).

        >>> policing_preset_name()
        'policing urn'
    """
    return str(read_preset_file("feedback")["policing_preset"])


# --- autoencoder lecture set-ups (Autoencoder page buttons) ---------------------------------------
def autoencoder_setups() -> dict[str, dict[str, Any]]:
    """The lecture's autoencoder set-ups by name: widget values keyed by the page's field names.

        >>> sorted(autoencoder_setups())
        ['cifar', 'pca']
    """
    return read_preset_file("autoencoder")["setups"]


def autoencoder_setup(name: str) -> dict[str, Any]:
    """One lecture set-up (``"pca"`` or ``"cifar"``); an unknown name is a clear error."""
    setups = autoencoder_setups()
    if name not in setups:
        raise AnalysisError(f"Unknown autoencoder set-up '{name}'. Known: {', '.join(setups)}.")
    return setups[name]
