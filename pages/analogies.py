"""Analogies: ``a : b :: c : ?`` by vector arithmetic (3CosAdd, 3CosMul), lecture presets and benchmarks.

The query lives in the URL (``?a=man&b=king&c=woman&method=add&k=10&excl=1``) so an instructor can
share a link that opens the same analogy. Every number comes from ``analysis.analogy`` and
``analysis.evaluate``; this file only draws widgets and results.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from analysis.analogy import (
    METHOD_NAMES,
    AnalogyResult,
    analogy,
    best_expected_rank,
    load_presets,
    parallelogram_points,
)
from analysis.charts.analogy import pairs_chart, pairs_frame, parallelogram_chart, results_chart, results_frame, sections_chart, sections_frame
from analysis.device import pick_device
from analysis.evaluate import (
    ANALOGY_BENCHMARKS,
    BENCHMARK_TITLES,
    AnalogyEvaluation,
    benchmark_kind,
    decode_benchmark,
)
from app import state, ui
from app.i18n import md, num, t
from app.url_state import Field, UrlBinder

K = "analogies."  # prefix of every session-state key of this page
PRESETS = {p.id: p for p in load_presets()}
# The query in the URL ("lang" belongs to app/i18n.py and is left alone).
URL = UrlBinder(K, [
    Field("mode", "mode", str, "abc", choices=("abc", "free")),
    Field("a", "a", str, "man"),
    Field("b", "b", str, "king"),
    Field("c", "c", str, "woman"),
    Field("pos", "pos", str, "king, woman"),
    Field("neg", "neg", str, "man"),
    Field("method", "method", str, "add", choices=tuple(METHOD_NAMES)),
    Field("k", "topn", int, 10, low=1, high=50),
    Field("excl", "exclude", bool, True),
    Field("vocab", "restrict", int, 0, low=0, omit_default=True),
    Field("preset", "preset", str, "", choices=("", *PRESETS)),
])


def write_url() -> None:
    """Mirror the current query into the URL: a, b, c or pos, neg depending on the mode."""
    words = ("a", "b", "c") if st.session_state[K + "mode"] == "abc" else ("pos", "neg")
    URL.publish(st.session_state, st.query_params, only=("mode", *words, "method", "k", "excl", "vocab", "preset"))


def apply_preset(preset_id: str) -> None:
    preset = PRESETS[preset_id]
    st.session_state[K + "mode"] = "abc"
    st.session_state[K + "a"], st.session_state[K + "b"], st.session_state[K + "c"] = preset.a, preset.b, preset.c
    st.session_state[K + "preset"] = preset_id


def current_query() -> tuple[list[str], list[str], tuple[str, str, str] | None]:
    """(positive, negative, (a, b, c) or None) from the input widgets."""
    if st.session_state[K + "mode"] == "abc":
        a, b, c = (st.session_state[K + x].strip() for x in "abc")
        return [w for w in (b, c) if w], [w for w in (a,) if w], (a, b, c)
    return ui.parse_words(st.session_state[K + "pos"]), ui.parse_words(st.session_state[K + "neg"]), None


def active_preset(abc: tuple[str, str, str] | None):
    """The preset still shown (None once the user edits a word)."""
    preset = PRESETS.get(st.session_state.get(K + "preset") or "")
    if preset is None or abc is None or tuple(w.lower() for w in abc) != (preset.a, preset.b, preset.c):
        st.session_state[K + "preset"] = ""
        return None
    return preset


def query_inputs() -> None:
    st.markdown(t("analogies.presets_label"))
    columns = st.columns(4)
    for i, preset in enumerate(PRESETS.values()):
        columns[i % 4].button(
            preset.label,
            key=K + "preset_button." + preset.id,
            on_click=apply_preset,
            args=(preset.id,),
            help=preset.source,
            width="stretch",
        )
    st.radio(
        t("analogies.mode"),
        ["abc", "free"],
        format_func=lambda m: t(f"analogies.mode_{m}"),
        key=K + "mode",
        horizontal=True,
    )
    if st.session_state[K + "mode"] == "abc":
        left, mid, right = st.columns(3)
        left.text_input("a", key=K + "a", help=t("analogies.a_help"))
        mid.text_input("b", key=K + "b", help=t("analogies.b_help"))
        right.text_input("c", key=K + "c", help=t("analogies.c_help"))
        st.caption(t("analogies.abc_hint"))
    else:
        left, right = st.columns(2)
        left.text_input(t("analogies.positive"), key=K + "pos", help=t("analogies.positive_help"))
        right.text_input(t("analogies.negative"), key=K + "neg", help=t("analogies.negative_help"))
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    c1.radio(t("analogies.method"), list(METHOD_NAMES), format_func=METHOD_NAMES.__getitem__, key=K + "method", help=t("analogies.method_help"))
    c2.toggle(t("analogies.exclude"), key=K + "exclude", help=t("analogies.exclude_help"))
    c2.toggle(t("analogies.compare"), key=K + "compare", help=t("analogies.compare_help"))
    c3.slider(t("analogies.topn"), 1, 50, key=K + "topn")
    c4.number_input(t("analogies.restrict"), min_value=0, step=10_000, key=K + "restrict", help=t("analogies.restrict_help"))


def query_text(result: AnalogyResult, abc: tuple[str, str, str] | None = None) -> str:
    """``king − man + woman`` for a : b :: c queries, else positives then negatives."""
    if abc is not None and len(result.resolved_positive) == 2 and len(result.resolved_negative) == 1:
        (b, c), (a,) = result.resolved_positive, result.resolved_negative
        return f"{b} − {a} + {c}"
    return " + ".join(result.resolved_positive) + "".join(f" − {w}" for w in result.resolved_negative)


def result_chart_texts(result: AnalogyResult) -> dict:
    """The results chart's axis title and legend in the session's language."""
    score = t("common.cosine_similarity") if result.method == "add" else t("analogies.score_mul")
    return {"score_title": score, "kind_labels": {k: t(f"analogies.kind_{k}") for k in ("answer", "expected", "input")}}


def show_result(emb, result: AnalogyResult, preset, abc) -> None:
    top = result.top
    if top is None:
        st.info(t("analogies.no_results"))
        return
    st.markdown(md("analogies.headline", query=query_text(result, abc), answer=top.word, score=f"{top.score:.4f}", method=METHOD_NAMES[result.method]))
    if preset is not None:
        word, rank = best_expected_rank(
            emb, preset, method=result.method, exclude_inputs=result.exclude_inputs, restrict_vocab=st.session_state[K + "restrict"] or None
        )
        if rank == 1:
            st.success(md("analogies.expected_first", word=word))
        elif rank is None:
            st.warning(md("analogies.expected_missing", word=word))
        else:
            st.warning(md("analogies.expected_rank", word=word, rank=rank, top=top.word))
        st.caption(md("analogies.preset_source", source=preset.source))
    table, chart = st.columns([2, 3])
    frame = results_frame(result)
    table.dataframe(
        frame.rename(columns={"rank": "#", "word": t("common.word"), "score": t("common.score"), "input": t("analogies.is_input")}),
        hide_index=True,
        width="stretch",
    )
    with table:
        ui.download_csv(frame, "analogy.csv", key=K + "download")
    chart.altair_chart(results_chart(result, expected=preset.expected if preset else (), **result_chart_texts(result)), width="stretch")
    if abc is None and len(result.resolved_positive) == 2 and len(result.resolved_negative) == 1:
        abc = (result.resolved_negative[0], *result.resolved_positive)  # b + c − a is a : b :: c : ?
    if abc is not None and all(abc):  # a blank a, b or c: no parallelogram to draw
        a, b, c = abc
        points = parallelogram_points(emb, a, b, c, top.word)
        st.markdown(t("analogies.parallelogram"))
        st.altair_chart(parallelogram_chart(points), width="content")


def show_comparison(emb, positive, negative, method, topn, restrict, expected=()) -> None:
    """With vs without input exclusion, side by side, with the verdict of Nissim et al. (2020)."""
    kw = dict(method=method, topn=topn, restrict_vocab=restrict)
    excluded = analogy(emb, positive, negative, exclude_inputs=True, **kw)
    kept = analogy(emb, positive, negative, exclude_inputs=False, **kw)
    st.markdown(t("analogies.compare_intro"))
    left, right = st.columns(2)
    for column, result, title in ((left, excluded, t("analogies.with_exclusion")), (right, kept, t("analogies.without_exclusion"))):
        column.altair_chart(results_chart(result, expected=expected, title=title, **result_chart_texts(result)), width="stretch")
    if excluded.top is None or kept.top is None:
        return
    answer, real = excluded.top.word, kept.top.word
    if real != answer and real in kept.inputs and expected and answer not in expected:
        # e.g. easiest − easy + lucky: the exclusion gives "unlucky", which is not the famous "luckiest"
        rank = _rank_in(excluded, expected[0])
        st.warning(md("analogies.needs_exclusion_unexpected", answer=answer, expected=expected[0], real=real, rank=rank))
    elif real != answer and real in kept.inputs:
        st.warning(md("analogies.needs_exclusion", famous=answer, real=real, rank=_rank_in(kept, answer)))
    else:
        st.success(md("analogies.same_answer", word=excluded.top.word))


def _rank_in(result: AnalogyResult, word: str) -> str:
    for i, n in enumerate(result.results, 1):
        if n.word == word:
            return str(i)
    return f"> {len(result.results)}"


def explorer(emb) -> None:
    query_inputs()
    positive, negative, abc = current_query()
    preset = active_preset(abc)
    write_url()
    if not positive and not negative:
        st.info(t("analogies.empty"))
        return
    method = st.session_state[K + "method"]
    topn = st.session_state[K + "topn"]
    restrict = st.session_state[K + "restrict"] or None
    with ui.guard():
        result = analogy(emb, positive, negative, method=method, topn=topn, exclude_inputs=st.session_state[K + "exclude"], restrict_vocab=restrict)
        result.raise_for_missing()
        show_result(emb, result, preset, abc)
        if st.session_state.get(K + "compare"):
            show_comparison(emb, positive, negative, method, topn, restrict, expected=preset.expected if preset else ())


# --- evaluation tab ---------------------------------------------------------------------------------
BENCH_CHOICES = ["google", "wordsim353", "simlex999", "upload"]


def evaluation(emb) -> None:
    st.markdown(t("analogies.eval_intro"))
    choice = st.selectbox(
        t("analogies.eval_benchmark"),
        BENCH_CHOICES,
        format_func=lambda b: BENCHMARK_TITLES.get(b, t("analogies.eval_upload_choice")),
        key=K + "eval_benchmark",
    )
    text, name = None, choice
    if choice == "upload":
        upload = st.file_uploader(t("analogies.eval_upload"), type=["txt", "tsv", "csv"], key=K + "eval_upload", help=t("analogies.eval_upload_help"))
        if upload is None:
            st.info(t("analogies.eval_upload_empty"))
            return
        text, name = decode_benchmark(upload.getvalue(), upload.name), upload.name
    kind = benchmark_kind(name, text) if choice == "upload" else ("analogy" if choice in ANALOGY_BENCHMARKS else "pairs")
    left, right = st.columns(2)
    method = "add"
    if kind == "analogy":
        method = left.radio(t("analogies.method"), list(METHOD_NAMES), format_func=METHOD_NAMES.__getitem__, key=K + "eval_method", horizontal=True)
    restrict = right.number_input(
        t("analogies.eval_restrict"),
        min_value=1,
        max_value=len(emb),
        value=min(300_000, len(emb)),
        step=10_000,
        key=K + "eval_restrict",
        help=t("analogies.eval_restrict_help"),
    )
    if st.button(t("analogies.eval_run"), type="primary", key=K + "eval_run"):
        progress, bar = ui.progress_bar(t("analogies.eval_running"))
        digest = hashlib.blake2b((text or "").encode("utf-8"), digest_size=8).hexdigest()
        result = state.analogy_evaluation(
            emb.info.content_hash, name, method, int(restrict), digest, _emb=emb, _text=text, _progress=progress, _device=pick_device()
        )
        bar.empty()
        st.session_state[K + "eval_result"] = (emb.info.content_hash, result)
    stored = st.session_state.get(K + "eval_result")
    if stored is None or stored[0] != emb.info.content_hash:
        st.caption(t("analogies.eval_none"))
        return
    result = stored[1]
    if isinstance(result, AnalogyEvaluation):
        show_analogy_evaluation(result)
    else:
        show_pair_evaluation(result)


def show_analogy_evaluation(ev: AnalogyEvaluation) -> None:
    st.subheader(md("analogies.eval_result_title", benchmark=BENCHMARK_TITLES.get(ev.benchmark, ev.benchmark), method=METHOD_NAMES[ev.method]))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("analogies.eval_accuracy"), f"{ev.accuracy:.1%}", help=f"{ev.correct:,} / {ev.total:,}")
    m2.metric(t("analogies.eval_semantic"), f"{ev.semantic_accuracy:.1%}", help=f"{ev.semantic_correct:,} / {ev.semantic_total:,}")
    m3.metric(t("analogies.eval_syntactic"), f"{ev.syntactic_accuracy:.1%}", help=f"{ev.syntactic_correct:,} / {ev.syntactic_total:,}")
    m4.metric(t("analogies.eval_skipped"), num(ev.skipped))
    st.caption(md("analogies.eval_caption", total=num(ev.total), vocab=num(ev.restrict_vocab), seconds=f"{ev.seconds:.2f}", ties=ev.tie_checks))
    st.altair_chart(sections_chart(ev), width="stretch")
    frame = sections_frame(ev)
    st.dataframe(frame, hide_index=True, width="stretch")
    ui.download_csv(frame, f"analogy-evaluation-{ev.method}.csv", key=K + "eval_download")


def show_pair_evaluation(ev) -> None:
    st.subheader(md("analogies.eval_pairs_title", benchmark=BENCHMARK_TITLES.get(ev.benchmark, ev.benchmark)))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Spearman ρ", f"{ev.spearman:.4f}")
    m2.metric("Pearson r", f"{ev.pearson:.4f}")
    m3.metric(t("analogies.eval_pairs"), num(ev.pairs))
    m4.metric(t("analogies.eval_oov"), f"{ev.oov_ratio:.1%}")
    st.altair_chart(pairs_chart(ev, x_title=t("analogies.human_rating"), y_title=t("common.cosine_similarity")), width="stretch")
    frame = pairs_frame(ev)
    ui.download_csv(frame, f"{ev.benchmark}-similarities.csv", key=K + "eval_download")


st.title(t("analogies.title"))
st.markdown(t("analogies.intro"))
with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)
    tab_explore, tab_eval = st.tabs([t("analogies.tab_explore"), t("analogies.tab_eval")])
    with tab_explore:
        explorer(emb)
    with tab_eval:
        with ui.guard():
            evaluation(emb)
