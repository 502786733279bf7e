"""Renderers of the Analogies page's explorer: the answer, its charts, and the with/without-exclusion comparison."""

from __future__ import annotations

import streamlit as st

from analysis.analogy import METHOD_NAMES, AnalogyPreset, AnalogyResult, best_expected_rank, parallelogram_points
from analysis.analogy_verdict import ExclusionVerdict, implied_abc, query_text
from analysis.charts.analogy import parallelogram_chart, results_chart, results_frame
from app import ui
from app.i18n import current_language, md, num, t

K = "analogies."  # the page's session-state prefix


def result_chart_texts(result: AnalogyResult) -> dict:
    """The results chart's axis title and legend in the session's language."""
    score = t("common.cosine_similarity") if result.method == "add" else t("analogies.score_mul")
    return {"score_title": score, "kind_labels": {k: t(f"analogies.kind_{k}") for k in ("answer", "expected", "input")}}


def show_expected(emb, result: AnalogyResult, preset: AnalogyPreset, restrict: int | None) -> None:
    """Where the preset's expected answer landed, and the preset's source."""
    top = result.top
    word, rank = best_expected_rank(emb, preset, method=result.method, exclude_inputs=result.exclude_inputs, restrict_vocab=restrict)
    if rank == 1:
        st.success(md("analogies.expected_first", word=word))
    elif rank is None:
        st.warning(md("analogies.expected_missing", word=word))
    else:
        st.warning(md("analogies.expected_rank", word=word, rank=rank, top=top.word))
    st.caption(md("analogies.preset_source", source=preset.source))


def show_result(emb, result: AnalogyResult, preset: AnalogyPreset | None, abc, restrict: int | None, view: tuple | None = None) -> None:
    """The answer, its table and charts. ``view`` names the query (embedding hash, words, options): with
    it the chart specs are shared across sessions; without it they are built here."""
    top = result.top
    if top is None:
        st.info(t("analogies.no_results"))
        return
    st.markdown(md("analogies.headline", query=query_text(result, abc), answer=top.word, score=num(top.score, 4), method=METHOD_NAMES[result.method]))
    if preset is not None:
        show_expected(emb, result, preset, restrict)
    table, chart = st.columns([2, 3])
    frame = results_frame(result)
    table.dataframe(
        frame.rename(columns={"rank": "#", "word": t("common.word"), "score": t("common.score"), "input": t("analogies.is_input")}),
        hide_index=True,
        width="stretch",
    )
    with table:
        ui.download_csv(frame, "analogy.csv", key=K + "download")
    expected = preset.expected if preset else ()
    draw(chart, ("analogy-results", view, tuple(expected), current_language()),
         lambda: results_chart(result, expected=expected, **result_chart_texts(result)), "stretch")
    abc = implied_abc(result, abc)
    if abc is not None and all(abc):  # a blank a, b or c: no parallelogram to draw
        a, b, c = abc
        st.markdown(t("analogies.parallelogram"))
        draw(st, ("analogy-parallelogram", view, (a, b, c), top.word),
             lambda: parallelogram_chart(parallelogram_points(emb, a, b, c, top.word)), "content")


def draw(where, key: tuple, build, width: str) -> None:
    """A chart whose spec is shared across sessions when the query is known (``key[1]``), else built now."""
    if key[1] is None:
        where.altair_chart(build(), width=width)
    else:
        ui.cached_chart(key, build, where=where, width=width)


def show_comparison(excluded: AnalogyResult, kept: AnalogyResult, verdict: ExclusionVerdict | None, expected=(), view: tuple | None = None) -> None:
    """With vs without input exclusion, side by side, with the verdict of Nissim et al. (2020)."""
    st.markdown(t("analogies.compare_intro"))
    left, right = st.columns(2)
    for column, result, title in ((left, excluded, t("analogies.with_exclusion")), (right, kept, t("analogies.without_exclusion"))):
        draw(column, ("analogy-compare", view, result.exclude_inputs, tuple(expected), current_language()),
             lambda result=result, title=title: results_chart(result, expected=expected, title=title, **result_chart_texts(result)), "stretch")
    if verdict is None:
        return
    if verdict.kind == "needs_exclusion_unexpected":
        st.warning(md("analogies.needs_exclusion_unexpected", answer=verdict.answer, expected=verdict.expected, real=verdict.real, rank=verdict.rank))
    elif verdict.kind == "needs_exclusion":
        st.warning(md("analogies.needs_exclusion", famous=verdict.answer, real=verdict.real, rank=verdict.rank))
    else:
        st.success(md("analogies.same_answer", word=verdict.answer))
