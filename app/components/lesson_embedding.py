"""Renderers of lesson steps 1–5: the live results on the active embedding (computed in analysis.lesson)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import lesson
from analysis.embeddings import Embeddings
from app import state
from app.components.lesson_frame import full_page_link, num, progress_with_eta
from app.i18n import t


def prewarm(emb: Embeddings, more: dict | None = None) -> None:
    """Start computing step 5 (the slow one, plus ``more`` jobs) in the background when the lesson opens."""
    from analysis.lesson_models import warm_up

    # The one-time imports first: a lecturer who jumps straight to step 5 or 6 then waits only for the step.
    jobs = {("lesson", "warm-up"): warm_up, (emb.info.content_hash, 5): lambda: lesson.debias_step(emb)}
    state.prewarm_lesson(emb, {**jobs, **(more or {})})


def _result(emb: Embeddings, step: int, compute):
    return state.lesson_result((emb.info.content_hash, step), compute)


def _analogy_table(rows: list[lesson.AnalogyLine], with_inputs: bool = False) -> None:
    columns = {
        t("lesson.col.query"): [r.query for r in rows],
        t("lesson.col.top"): [r.top for r in rows],
    }
    if with_inputs:
        columns[t("lesson.col.with_inputs")] = [r.top_with_inputs for r in rows]
    columns[t("lesson.col.expected")] = [r.expected for r in rows]
    columns[t("lesson.col.rank")] = [num(r.expected_rank, 0) if r.expected_rank else t("lesson.not_found") for r in rows]
    st.table(pd.DataFrame(columns).set_index(t("lesson.col.query")))


def _analogy_link(row: lesson.AnalogyLine, exclude: bool = True) -> None:
    # pages/analogies.py reads a : b :: c as b − a + c from ?a=&b=&c=&excl=.
    (b, c), (a,) = row.positive, row.negative
    full_page_link("analogies.py", {"mode": "abc", "a": a, "b": b, "c": c, "excl": "1" if exclude else "0"})


def step1(emb: Embeddings) -> None:
    result = _result(emb, 1, lambda: lesson.analogies_step(emb))
    _analogy_table(result.rows)
    _analogy_link(result.rows[0])


def step2(emb: Embeddings) -> None:
    result = _result(emb, 2, lambda: lesson.bias_analogies_step(emb))
    _analogy_table(result.rows)
    g = result.names
    st.markdown(t("lesson.step2.names", male=g.male, female=g.female, target=g.target, m=num(g.male_similarity), f=num(g.female_similarity), answer=t("lesson.yes") if g.male_closer else t("lesson.no")))
    # pages/bias_probes.py reads ?preset= (app/url_state.py binder): the she/he analogies' own view.
    full_page_link("bias_probes.py", {"preset": lesson.BIAS_ANALOGY_KEYS[0]})


def step3(emb: Embeddings) -> None:
    result = _result(emb, 3, lambda: lesson.exclusion_step(emb))
    _analogy_table(result.rows, with_inputs=True)
    _analogy_link(result.rows[1], exclude=False)


def step4(emb: Embeddings) -> None:
    result = _result(emb, 4, lambda: lesson.measure_step(emb))
    w = result.weat
    st.markdown(t("lesson.step4.summary", n=num(result.professions, 0), bias=num(result.direct_bias), d=num(w.effect_size, 2), p=num(w.p_value, 4), perms=num(w.permutations, 0)))
    she, he = st.columns(2)
    for column, title, points in ((she, t("lesson.step4.she"), result.she_side), (he, t("lesson.step4.he"), result.he_side)):
        column.markdown(f"**{title}**")
        column.table(pd.DataFrame({t("lesson.col.profession"): [p.word for p in points], t("lesson.col.projection"): [num(p.projection) for p in points]}).set_index(t("lesson.col.profession")))
    full_page_link("bias_probes.py", {"method": "pair", "pa": "she", "pb": "he", "list": "neutral"})
    full_page_link("weat.py", {"src": "builtin", "test": lesson.WEAT_TEST, "perm": str(lesson.WEAT_PERMUTATIONS), "seed": str(lesson.WEAT_SEED)})


def step5(emb: Embeddings) -> None:
    key = (emb.info.content_hash, 5)
    result = state.lesson_cached(key)
    if result is None:  # hard debias + residual checks: seconds, so a bar with time left
        update, bar = progress_with_eta(t("lesson.computing", n=5))
        result = state.lesson_result(key, lambda: lesson.debias_step(emb, progress=update))
        bar.empty()
    rows = [
        (t("lesson.step5.direct"), result.direct_bias_before, result.direct_bias_after),
        (t("lesson.step5.weat"), result.weat_before.effect_size, result.weat_after.effect_size),
        (t("lesson.step5.kmeans"), result.kmeans_before, result.kmeans_after),
        (t("lesson.step5.svm"), None, result.classifier_after),
    ]
    frame = pd.DataFrame(
        {
            t("lesson.col.metric"): [r[0] for r in rows],
            t("lesson.col.before"): ["—" if r[1] is None else num(r[1]) for r in rows],
            t("lesson.col.after"): [num(r[2]) for r in rows],
        }
    )
    st.table(frame.set_index(t("lesson.col.metric")))
    full_page_link("debiasing.py")
