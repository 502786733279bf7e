"""The lecture's John/Mary question as a verdict: which name is closer to a target word, and by how much.

Bolukbasi et al. ask whether *John* sits closer to *programmer* than *Mary*; one pair of names is an
anecdote, so the verdict also carries the means over the whole male and female name lists
(``names/male``, ``names/female``) for the same target.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.bias import NameProbeResult, name_probe
from analysis.embeddings import Embeddings


@dataclass(frozen=True)
class NameVerdict:
    """One name pair against one target word, next to the name lists' means."""

    target: str  # the target word, e.g. "programmer"
    male: float  # cos(male name, target)
    female: float  # cos(female name, target)
    closer: str  # the closer name, lower-cased ("john" or "mary"); a tie goes to the female name
    difference: float  # male − female: positive = the male name is closer
    male_mean: float  # mean cosine of the whole male name list to the target
    female_mean: float  # the same for the female name list
    lists: NameProbeResult  # the whole-list probe, for the per-name chart


def name_verdict(emb: Embeddings, target: str = "programmer", male: str = "John", female: str = "Mary") -> NameVerdict:
    """Is ``male`` closer to ``target`` than ``female``? With the name lists' means beside it.

    Raises :class:`analysis.errors.AnalysisError` (or ``UnknownWordsError``) when a word is missing.

        >>> import numpy as np
        >>> from analysis.embeddings import Embeddings
        >>> vectors = np.array([[1, 0], [1, 1], [0, 1], [1, 0], [0, 1]], dtype=np.float32)
        >>> emb = Embeddings(["programmer", "john", "mary", "james", "linda"], vectors, name="toy", source="doctest")
        >>> v = name_verdict(emb, "programmer", "John", "Mary")
        >>> v.closer, round(v.male, 3), round(v.female, 3), round(v.difference, 3)
        ('john', 0.707, 0.0, 0.707)
        >>> round(v.male_mean, 3), round(v.female_mean, 3)  # john and james; mary and linda
        (0.854, 0.0)
    """
    pair = name_probe(emb, [target], [male], [female])
    male_sim = next(p.similarity for p in pair.per_name if p.group == "male")
    female_sim = next(p.similarity for p in pair.per_name if p.group == "female")
    lists = name_probe(emb, [target])
    return NameVerdict(
        target=pair.rows[0].target,
        male=male_sim,
        female=female_sim,
        closer=male.lower() if male_sim > female_sim else female.lower(),
        difference=male_sim - female_sim,
        male_mean=lists.rows[0].male_mean,
        female_mean=lists.rows[0].female_mean,
        lists=lists,
    )
