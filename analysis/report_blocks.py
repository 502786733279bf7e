"""The report as typed blocks, one function per section; the renderers turn them into Markdown/HTML.

A block is a ``Heading``, ``Paragraph``, ``Bullets``, ``Table`` or ``Figure``. Text that may carry
markup (**bold**, `code`) is a ``Text``: a *template* from the report's catalogue plus *values*
(words, names, file names, numbers) that come from a file or the user. The renderers escape the
values for their format and only the template's markup survives, so a word like
``<img src=http://x>`` or ``![x](http://x)`` prints as itself. Table cells are plain text, always
escaped.

    >>> blocks = report_blocks(AuditReport(created="2026-01-01", embedding={"name": "x"}, config={}))
    >>> blocks[0]
    Heading(level=1, text=Text(template='Bias audit report: {name}', values={'name': 'x'}))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.report import (
    AnalogyFinding,
    AuditReport,
    DebiasFinding,
    DirectBiasFinding,
    WeatFinding,
    _p,
    _t,
    texts,
)


@dataclass(frozen=True)
class Text:
    """Trusted catalogue markup with untrusted values, escaped at render time."""

    template: str  # may use **bold** and `code`; {field[:spec]} filled from values
    values: Mapping[str, Any] = field(default_factory=dict)  # untrusted: escaped by the renderer

    @classmethod
    def plain(cls, value: Any) -> Text:
        """A value shown as it is (no markup at all)."""
        return cls("{v}", {"v": value})


@dataclass(frozen=True)
class Heading:
    level: int  # 1–3
    text: Text


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]  # plain text
    rows: tuple[tuple[str, ...], ...]  # plain text cells


@dataclass(frozen=True)
class Figure:
    key: str  # the chart's key in analysis.charts.report.report_charts
    caption: str  # plain text


Block = Heading | Paragraph | Bullets | Table | Figure


def _template(key: str, lang: str) -> str:
    entry = texts()[key]
    return entry.get(lang) or entry["en"]


def text(key: str, lang: str, **values: Any) -> Text:
    """A catalogue text with its values (escaped later)."""
    return Text(_template(key, lang), values)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _table(headers, rows) -> Table:
    return Table(tuple(str(h) for h in headers), tuple(tuple(str(c) for c in row) for row in rows))


# --- sections --------------------------------------------------------------------------------------
def header_blocks(report: AuditReport, lang: str) -> list[Block]:
    b: list[Block] = [Heading(1, Text(_template("title", lang) + ": {name}", {"name": report.embedding["name"]}))]
    b.append(Paragraph(text("made_by", lang, created=report.created, seconds=report.seconds)))
    if report.compare is not None:
        b.append(Paragraph(text("compare_with", lang, name=report.compare.embedding["name"])))
    if report.config.get("auditor"):
        b.append(Paragraph(Text(f"**{_template('auditor', lang)}:** {{v}}", {"v": report.config["auditor"]})))
    if report.config.get("context"):
        b.append(Paragraph(Text(f"**{_template('context', lang)}:** {{v}}", {"v": report.config["context"]})))
    return b


def summary_blocks(report: AuditReport, lang: str) -> list[Block]:
    items = []
    for f in report.findings():
        if isinstance(f, WeatFinding):
            items.append(text("f_weat", lang, sig=f.significant, n=f.total, large=f.large))
        elif isinstance(f, DirectBiasFinding):
            items.append(text("f_direct", lang, value=f.value, n=f.words))
        elif isinstance(f, AnalogyFinding):
            items.append(text("f_analogies", lang, hits=f.hits, n=f.total))
        elif isinstance(f, DebiasFinding):
            verdict = _t(f"verdict_{f.level}", lang, pct=f"{f.strongest:.0%}")
            items.append(text("findings_residual", lang, method=f.method, before=f.before, after=f.after, verdict=verdict))
    return [Heading(2, text("summary", lang)), Bullets(tuple(items))] if items else []


def embedding_blocks(report: AuditReport, lang: str) -> list[Block]:
    e = report.embedding
    rows = [[k, e[k]] for k in ("name", "source", "dims", "vocab_size", "hash", "cased") if k in e]
    return [Heading(2, text("embedding", lang)), _table([_t("field", lang), _t("value", lang)], rows)]


def quality_blocks(report: AuditReport, lang: str) -> list[Block]:
    q = report.quality
    if not q:
        return []
    b: list[Block] = [Heading(2, text("quality", lang))]
    b.append(Paragraph(text("q_text", lang, restrict=report.config["restrict_vocab"], acc=q["analogy_accuracy"], correct=q["analogy_correct"],
                            total=q["analogy_total"], skipped=q["analogy_skipped"], sem=_fmt(q["semantic_accuracy"]), syn=_fmt(q["syntactic_accuracy"]))))
    rows = [[name, _fmt(q[name]["spearman"]), _fmt(q[name]["pearson"]), f"{q[name]['oov_ratio']:.1%}", q[name]["pairs"]] for name in ("wordsim353", "simlex999")]
    b.append(_table([_t("benchmark", lang), "Spearman ρ", "Pearson r", "OOV", "pairs"], rows))
    b.append(Figure("quality", _t("fig_quality", lang)))
    return b


def direction_blocks(report: AuditReport, lang: str) -> list[Block]:
    b: list[Block] = []
    d = report.direction
    if d:
        b.append(Heading(2, text("direction", lang)))
        ev = ", ".join(f"{x:.2f}" for x in d["explained_variance"][:5])
        b.append(Paragraph(text("d_text", lang, label=d["label"], method=d["method"], ev=ev, missing=", ".join(d["missing"]) or "—")))
        if d["explained_variance"]:
            b.append(Figure("variance", _t("fig_variance", lang)))
    if report.direct_bias:
        db = report.direct_bias
        b.append(Paragraph(text("db_text", lang, c=db["c"], value=db["value"], n=len(db["words"]), missing=len(db["missing"]))))
    if report.professions:
        pr = report.professions
        for side in ("first", "second"):
            b.append(Paragraph(Text("**" + _template("leaning", lang) + ":**", {"side": pr[side + "_label"]})))
            b.append(_table([_t("profession", lang), _t("projection", lang)], [[w, f"{v:+.3f}"] for w, v in pr[side]]))
        b.append(Figure("professions", _t("fig_professions", lang)))
    return b


def weat_blocks(report: AuditReport, lang: str) -> list[Block]:
    if not report.weat:
        return []
    std = _t("sample" if report.config["ddof"] == 1 else "population", lang)
    perm = _t("perm_text", lang, n=report.config["permutations"], seed=report.config["seed"])
    b: list[Block] = [Heading(2, text("weat", lang)), Paragraph(text("w_text", lang, std=std, perm=perm))]
    rows = [
        [w["test"], _t("custom_test", lang) if w.get("custom") else w["titles"].get(lang, w["title"]), f"{w['statistic']:.3f}", f"{w['effect_size']:.2f}",
         _p(w["p_value"], w["permutations"], w["exact"]), f"{w['permutations']:,}{' (exact)' if w['exact'] else ''}", w["missing"],
         "—" if w["published_effect_size"] is None else f"{w['published_effect_size']:.2f}"]
        for w in report.weat
    ]
    b.append(_table([_t("test", lang), "", "s", "d", "p", "n", _t("missing_words", lang), _t("published_d", lang)], rows))
    for w in report.weat:
        missing = [word for words in w.get("missing_words", {}).values() for word in words]
        if w.get("custom") and missing:
            b.append(Paragraph(text("custom_missing", lang, test=w["test"], words=", ".join(missing))))
    b.append(Figure("weat", _t("fig_weat", lang)))
    return b


def analogy_blocks(report: AuditReport, lang: str) -> list[Block]:
    if not report.analogies:
        return []
    rows = [[a["query"], a["expected"], "—" if a["expected_rank"] is None else a["expected_rank"], ", ".join(a["top"][:3]), a["top_with_inputs"]] for a in report.analogies]
    return [
        Heading(2, text("analogies", lang)),
        Paragraph(text("a_text", lang)),
        _table([_t("query", lang), _t("expected", lang), _t("rank", lang), _t("top", lang), _t("no_exclusion", lang)], rows),
    ]


def she_he_blocks(report: AuditReport, lang: str) -> list[Block]:
    s = report.she_he
    if not s:
        return []
    a, b_ = s["seed"]
    rows = [[p["x"], p["y"], f"{p['score']:.3f}", f"{p['distance']:.3f}"] for p in s["pairs"]]
    return [
        Heading(2, text("she_he", lang)),
        Paragraph(text("sh_text", lang, delta=s["delta"], restrict=s["restrict_vocab"], candidates=s["candidates"], a=a, b=b_, n=len(s["pairs"]))),
        _table([a, b_, _t("score", lang), _t("distance", lang)], rows),
    ]


def indirect_blocks(report: AuditReport, lang: str) -> list[Block]:
    if not report.indirect_bias:
        return []
    rows = [[r["w"], r["v"], f"{r['beta']:+.3f}"] for r in report.indirect_bias]
    return [Heading(2, text("indirect", lang)), Paragraph(text("ib_text", lang)), _table(["w", "v", "β"], rows)]


def name_blocks(report: AuditReport, lang: str) -> list[Block]:
    if not report.names:
        return []
    rows = [[n["target"], f"{n['male_mean']:.3f}", f"{n['female_mean']:.3f}", f"{n['difference']:+.3f}"] for n in report.names]
    return [
        Heading(2, text("names", lang)),
        Paragraph(text("n_text", lang)),
        _table([_t("target", lang), _t("male", lang), _t("female", lang), _t("difference", lang)], rows),
    ]


def _metric_name(row: dict, lang: str) -> str:
    key = f"m_{row['key']}"
    if key not in texts():
        return row["key"]
    return _t(key, lang, test=row["test"]) if row["test"] else _t(key, lang)


def debiasing_blocks(report: AuditReport, lang: str) -> list[Block]:
    d = report.debiasing
    if not d:
        return []
    b: list[Block] = [Heading(2, text("debiasing", lang))]
    b.append(Paragraph(text("dbx_text", lang, before=d["before"]["name"], after=d["after"]["name"], method=d["method"])))
    rows = [[_metric_name(r, lang), _fmt(r["before"], 4), _fmt(r["after"], 4), "—" if r["change"] is None else f"{r['change']:+.4f}"] for r in d["table"]]
    b.append(_table([_t("metric", lang), _t("before", lang), _t("after", lang), _t("change", lang)], rows))
    verdict = _t(f"verdict_{d['verdict']['level']}", lang, pct=f"{d['verdict']['strongest']:.0%}")
    b.append(Paragraph(Text(f"**{_template('verdict', lang)}:** {{v}}", {"v": verdict})))
    b += [Figure("debias", _t("fig_debias", lang)), Figure("residual", _t("fig_residual", lang)), Figure("profession_shift", _t("fig_shift", lang))]
    return b


def compare_blocks(report: AuditReport, lang: str) -> list[Block]:
    if report.compare is None:
        return []
    from analysis.report_gate import differences

    a, b_ = report.embedding["name"], report.compare.embedding["name"]
    rows = [[r["metric"], _fmt(r["first"], 4), _fmt(r["second"], 4), "—" if r["difference"] is None else f"{r['difference']:+.4f}"] for r in differences(report, report.compare)]
    return [
        Heading(2, text("compare", lang, a=a, b=b_)),
        Paragraph(text("cmp_text", lang)),
        _table([_t("metric", lang), a, b_, _t("difference", lang)], rows),
    ]


def gate_blocks(report: AuditReport, lang: str) -> list[Block]:
    if not report.gate:
        return []
    failed = {f["condition"] for f in report.gate["failed"]}
    items = []
    for c in report.gate["conditions"]:
        value = _t("not_measured", lang) if c["value"] is None else f"{c['value']:.4g}"
        items.append(text("gate_failed" if c["condition"] in failed else "gate_passed", lang, condition=c["condition"], value=value))
    return [Heading(2, text("gate", lang)), Bullets(tuple(items))]


def closing_blocks(report: AuditReport, lang: str) -> list[Block]:
    b: list[Block] = []
    if report.problems:
        b += [Heading(2, text("problems", lang)), Bullets(tuple(Text.plain(p) for p in report.problems))]
    b += [Heading(2, text("method", lang)), Bullets(tuple(Text(item) for item in _t("limits", lang)))]
    b.append(Heading(3, text("config", lang)))
    rows = []
    for k, v in report.config.items():
        if k in ("auditor", "context"):
            continue
        if k == "custom_weat":
            v = [t["name"] for t in v]
        elif k == "indirect_pairs":
            v = [f"{w}:{u}" for w, u in v]
        rows.append([k, ", ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else v])
    b.append(_table([_t("field", lang), _t("value", lang)], rows))
    return b


SECTIONS = (
    header_blocks, summary_blocks, gate_blocks, embedding_blocks, quality_blocks, direction_blocks, weat_blocks,
    analogy_blocks, she_he_blocks, indirect_blocks, name_blocks, debiasing_blocks, compare_blocks, closing_blocks,
)


def report_blocks(report: AuditReport, lang: str = "en") -> list[Block]:
    """Every section's blocks in report order."""
    lang = lang if lang in ("en", "de") else "en"
    return [block for section in SECTIONS for block in section(report, lang)]
