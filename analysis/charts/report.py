"""The report's charts (Altair, from the same functions the pages use) and their offline SVG.

``report_charts(report, lang)`` returns ``{key: chart}`` for every section the report holds:
professions on the gender direction, explained variance of the definitional pairs, WEAT effect
sizes with p-values, quality benchmarks and — with debiasing evidence — the before/after bars, the
residual checks and the profession shift. With ``report.compare`` set, the charts overlay both
embeddings (colour = embedding), the debiasing charts too when both carry the evidence. ``chart_svgs`` renders them with ``vl-convert-python`` (a Rust
build of Vega, no browser, no network), so the HTML and Markdown carry them inline.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from analysis.report import AuditReport, _t

# Chart keys in report order, with the catalogue key of each caption.
CAPTIONS = {
    "professions": "fig_professions",
    "variance": "fig_variance",
    "weat": "fig_weat",
    "quality": "fig_quality",
    "debias": "fig_debias",
    "residual": "fig_residual",
    "profession_shift": "fig_shift",
}
_WIDTH = 560  # px: fits an A4 page with margins


def _reports(report: AuditReport) -> list[AuditReport]:
    return [report] if report.compare is None else [report, report.compare]


def _label(report: AuditReport, i: int) -> str:
    """Legend name of an embedding; numbered when both have the same name."""
    name = _reports(report)[i].embedding["name"]
    return name if report.compare is None or report.compare.embedding["name"] != report.embedding["name"] else f"{i + 1}. {name}"


def professions_chart(report: AuditReport, lang: str = "en"):
    """The most she- and he-leaning professions (the Bias probes page's chart; overlaid when compared)."""
    from analysis.bias import Projection
    from analysis.charts.bias import projection_chart

    pr = report.professions
    words = [w for w, _ in pr["second"]] + [w for w, _ in pr["first"][::-1]]
    if report.compare is None or not report.compare.professions:
        shown = {w: v for w, v in pr["all"]} if "all" in pr else dict(pr["first"] + pr["second"])
        return projection_chart([Projection(w, shown[w]) for w in words], title="").properties(width=_WIDTH)
    rows = []
    for i, r in enumerate(_reports(report)):
        values = dict(r.professions.get("all", r.professions["first"] + r.professions["second"]))
        rows += [{"word": w, "projection": values[w], "embedding": _label(report, i)} for w in words if w in values]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_circle(size=60)
        .encode(
            x=alt.X("projection:Q", title=_t("c_projection", lang)),
            y=alt.Y("word:N", sort=words, title=None),
            color=alt.Color("embedding:N", title=_t("c_embedding", lang), legend=alt.Legend(orient="bottom")),
            tooltip=["word", "embedding", alt.Tooltip("projection:Q", format=".3f")],
        )
        .properties(width=_WIDTH)
    )


def variance_chart(report: AuditReport, lang: str = "en"):
    """Explained variance of the centred definitional pairs (Bolukbasi et al., Figure 6)."""
    from analysis.charts.bias import direction_variance_chart

    ratios = report.direction["explained_variance"][:10]
    if report.compare is None or not report.compare.direction:
        return direction_variance_chart(ratios).properties(width=_WIDTH)
    rows = [
        {"component": f"PC{j + 1}", "order": j, "ratio": v, "embedding": _label(report, i)}
        for i, r in enumerate(_reports(report))
        for j, v in enumerate(r.direction["explained_variance"][:10])
    ]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("component:N", sort=alt.SortField("order"), title=None),
            xOffset="embedding:N",
            y=alt.Y("ratio:Q", title=_t("c_variance", lang), axis=alt.Axis(format="%")),
            color=alt.Color("embedding:N", title=_t("c_embedding", lang), legend=alt.Legend(orient="bottom")),
            tooltip=["component", "embedding", alt.Tooltip("ratio:Q", format=".1%")],
        )
        .properties(width=_WIDTH)
    )


def weat_frame(report: AuditReport, lang: str = "en") -> pd.DataFrame:
    """Rows test, title, source, d, p, label: each embedding's d and p, then the published d."""
    from analysis.report import _p

    rows = []
    for i, r in enumerate(_reports(report)):
        for w in r.weat:
            label = "p " + _p(w["p_value"], w["permutations"], w["exact"])
            rows.append({"test": w["test"], "title": w["title"], "source": _label(report, i) if report.compare else "this embedding", "d": w["effect_size"], "p": w["p_value"], "label": label})
    for w in report.weat:
        if w["published_effect_size"] is not None:
            rows.append({"test": w["test"], "title": w["title"], "source": "Caliskan et al. 2017", "d": w["published_effect_size"], "p": None, "label": ""})
    return pd.DataFrame(rows, columns=["test", "title", "source", "d", "p", "label"])


def weat_chart(report: AuditReport, other: AuditReport | None = None, lang: str = "en"):
    """Effect size d per WEAT test next to the published value, the p-value printed on each bar."""
    if other is not None and report.compare is None:
        report = AuditReport(**{**report.__dict__, "compare": other})
    frame = weat_frame(report, lang)
    order = [w["test"] for w in report.weat]
    base = alt.Chart(frame).encode(
        x=alt.X("test:N", sort=order, title=None),
        xOffset=alt.XOffset("source:N"),
        y=alt.Y("d:Q", title=_t("c_effect", lang)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("source:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["test", "title", "source", alt.Tooltip("d:Q", format=".2f"), alt.Tooltip("p:Q", format=".2g")],
    )
    labels = base.mark_text(angle=270, align="left", dx=4, fontSize=9).encode(text="label:N")
    return alt.layer(bars, labels).properties(width=_WIDTH)


def quality_chart(report: AuditReport, lang: str = "en"):
    """Google analogy accuracy (all, semantic, syntactic) and the two similarity correlations."""
    rows = []
    for i, r in enumerate(_reports(report)):
        q = r.quality
        if not q:
            continue
        values = {
            _t("q_accuracy", lang): q["analogy_accuracy"],
            _t("q_semantic", lang): q["semantic_accuracy"],
            _t("q_syntactic", lang): q["syntactic_accuracy"],
            "WordSim353 ρ": q["wordsim353"]["spearman"],
            "SimLex-999 ρ": q["simlex999"]["spearman"],
        }
        rows += [{"benchmark": k, "value": v, "embedding": _label(report, i), "order": j} for j, (k, v) in enumerate(values.items()) if v is not None]
    return _grouped_bars(pd.DataFrame(rows), "benchmark", "embedding", lang)


def _grouped_bars(frame: pd.DataFrame, x: str, group: str, lang: str, title: str | None = None):
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelAngle=-30, labelLimit=220)),
            xOffset=f"{group}:N",
            y=alt.Y("value:Q", title=title or _t("c_value", lang)),
            color=alt.Color(f"{group}:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[x, group, alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=_WIDTH)
    )


def _debiased(report: AuditReport) -> list[tuple[AuditReport, str]]:
    """Each audited embedding that has debiasing evidence, with its legend name."""
    return [(r, _label(report, i)) for i, r in enumerate(_reports(report)) if r.debiasing]


def _stage_frame(report: AuditReport, keys: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    """Long rows metric, stage, value, embedding, series from the debiasing tables for the (key, test) pairs.

    ``series`` is "embedding · stage" when two embeddings are compared (one bar each), else the stage.
    """
    rows = []
    compared = len(_debiased(report)) > 1
    for r, label in _debiased(report):
        for j, row in enumerate(t for t in r.debiasing["table"] if (t["key"], t["test"]) in keys):
            name = _t(f"m_{row['key']}", lang, test=row["test"]) if row["test"] else _t(f"m_{row['key']}", lang)
            for stage in ("before", "after"):
                if row[stage] is not None:
                    shown = _t(stage, lang)
                    series = f"{label} · {shown}" if compared else shown
                    rows.append({"metric": name, "stage": shown, "value": row[stage], "order": j, "embedding": label, "series": series})
    return pd.DataFrame(rows, columns=["metric", "stage", "value", "order", "embedding", "series"])


def _stage_bars(report: AuditReport, keys: list[tuple[str, str]], lang: str):
    """Before/after bars; compared: one bar per embedding and stage, colour = embedding, light = before."""
    frame = _stage_frame(report, keys, lang)
    if len(_debiased(report)) < 2:
        return _grouped_bars(frame, "metric", "stage", lang)
    before, after = _t("before", lang), _t("after", lang)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("metric:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelAngle=-30, labelLimit=220)),
            xOffset=alt.XOffset("series:N", sort=list(dict.fromkeys(frame["series"]))),
            y=alt.Y("value:Q", title=_t("c_value", lang)),
            color=alt.Color("embedding:N", title=_t("c_embedding", lang), legend=alt.Legend(orient="bottom")),
            opacity=alt.Opacity("stage:N", scale=alt.Scale(domain=[before, after], range=[0.45, 1.0]), title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["metric", "embedding", "stage", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(width=_WIDTH)
    )


def debias_chart(report: AuditReport, lang: str = "en"):
    """DirectBias and the WEAT effect sizes before and after debiasing (each embedding when compared)."""
    table = report.debiasing["table"]
    keys = [(r["key"], r["test"]) for r in table if r["key"] in ("direct_bias", "direct_bias_original_direction", "weat_effect_size")]
    return _stage_bars(report, keys, lang)


def residual_chart(report: AuditReport, lang: str = "en"):
    """Gonen & Goldberg's three checks before and after, with chance (0.5) as a dashed line."""
    keys = [(k, "") for k in ("kmeans_alignment", "classifier_accuracy", "neighbour_correlation")]
    bars = _stage_bars(report, keys, lang)
    chance = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(strokeDash=[5, 4], color="#d62728").encode(y="y:Q")
    return alt.layer(bars, chance)


def profession_shift_chart(report: AuditReport, lang: str = "en"):
    """Each profession on the original direction before and after (the Debiasing page's chart).

    Compared: the first embedding's professions, each embedding in its colour, the stage as the
    dot's shape (hollow = before), a grey rule from before to after.
    """
    from analysis.charts.debias import profession_shift_chart as chart

    labels = {"projection": _t("c_shift_projection", lang), "word": _t("profession", lang), "before": _t("before", lang), "after": _t("after", lang)}
    debiased = _debiased(report)
    if len(debiased) < 2:
        return chart(pd.DataFrame(report.debiasing["professions"]), labels=labels).properties(width=_WIDTH)
    first = pd.DataFrame(report.debiasing["professions"])
    order = list(dict.fromkeys(first.sort_values("order")["word"]))
    frames = []
    for r, label in debiased:
        frame = pd.DataFrame(r.debiasing["professions"])
        frames.append(frame[frame["word"].isin(order)].assign(embedding=label))
    data = pd.concat(frames, ignore_index=True)
    data["shown"] = data["stage"].map({"before": labels["before"], "after": labels["after"]})
    wide = data.pivot_table(index=["word", "embedding"], columns="stage", values="projection").reset_index()
    y = alt.Y("word:N", sort=order, title=labels["word"])
    rules = alt.Chart(wide).mark_rule(color="#bbbbbb").encode(x="before:Q", x2="after:Q", y=y, detail="embedding:N")
    dots = (
        alt.Chart(data)
        .mark_point(size=60, filled=True)
        .encode(
            x=alt.X("projection:Q", title=labels["projection"]),
            y=y,
            color=alt.Color("embedding:N", title=_t("c_embedding", lang), legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("shown:N", title=None, scale=alt.Scale(domain=[labels["before"], labels["after"]], range=["circle", "diamond"]), legend=alt.Legend(orient="bottom")),
            tooltip=["word", "embedding", "shown", alt.Tooltip("projection:Q", format=".3f")],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#666666").encode(x="x:Q")
    return alt.layer(rules, zero, dots).properties(width=_WIDTH, height=alt.Step(14))


def report_charts(report: AuditReport, lang: str = "en") -> dict[str, Any]:
    """``{key: Altair chart}`` for every chart section this report can fill, in report order."""
    charts: dict[str, Any] = {}
    if report.professions:
        charts["professions"] = professions_chart(report, lang)
    if report.direction and report.direction["explained_variance"]:
        charts["variance"] = variance_chart(report, lang)
    if report.weat:
        charts["weat"] = weat_chart(report, lang=lang)
    if report.quality:
        charts["quality"] = quality_chart(report, lang)
    if report.debiasing:
        charts["debias"] = debias_chart(report, lang)
        charts["residual"] = residual_chart(report, lang)
        charts["profession_shift"] = profession_shift_chart(report, lang)
    return charts


def to_svg(chart) -> str:
    """One chart as an SVG document, rendered offline (vl-convert: no browser, no network)."""
    import vl_convert

    spec = chart.to_dict()
    # The report's size must not depend on which Altair theme the caller has enabled (the app
    # enables one that adds only a number locale): pin Altair's default view size.
    view = spec.setdefault("config", {}).setdefault("view", {})
    view.setdefault("continuousWidth", 300)
    view.setdefault("continuousHeight", 300)
    return vl_convert.vegalite_to_svg(spec)


def chart_svgs(report: AuditReport, lang: str = "en") -> dict[str, str]:
    """``{key: SVG text}`` of ``report_charts``."""
    return {key: to_svg(chart) for key, chart in report_charts(report, lang).items()}
