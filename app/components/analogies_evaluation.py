"""The Analogies page's benchmark tab: choose a benchmark (or upload one), run it, show the scores."""

from __future__ import annotations

import hashlib

import streamlit as st

from analysis.analogy import METHOD_NAMES
from analysis.charts.analogy import pairs_chart, pairs_frame, sections_chart, sections_frame
from analysis.device import pick_device
from analysis.evaluate import ANALOGY_BENCHMARKS, BENCHMARK_TITLES, AnalogyEvaluation, benchmark_kind, decode_benchmark
from app import state, ui
from app.components.analogies_query import method_choice
from app.components.choice import choice
from app.i18n import md, num, pct, t

K = "analogies."  # the page's session-state prefix
BENCH_CHOICES = ["google", "wordsim353", "simlex999", "upload"]


def benchmark_input():
    """(name, uploaded text or None, kind), or None while an upload is still awaited."""
    labels = {b: BENCHMARK_TITLES.get(b, t("analogies.eval_upload_choice")) for b in BENCH_CHOICES}
    chosen = choice("analogies.eval_benchmark", BENCH_CHOICES, K + "eval_benchmark", labels=labels, widget="selectbox")
    if chosen != "upload":
        return chosen, None, "analogy" if chosen in ANALOGY_BENCHMARKS else "pairs"
    upload = st.file_uploader(t("analogies.eval_upload"), type=["txt", "tsv", "csv"], key=K + "eval_upload", help=t("analogies.eval_upload_help"))
    if upload is None:
        st.info(t("analogies.eval_upload_empty"))
        return None
    text = decode_benchmark(upload.getvalue(), upload.name)
    return upload.name, text, benchmark_kind(upload.name, text)


def evaluation(emb) -> None:
    st.markdown(t("analogies.eval_intro"))
    chosen = benchmark_input()
    if chosen is None:
        return
    name, text, kind = chosen
    left, right = st.columns(2)
    method = method_choice(K + "eval_method", where=left, horizontal=True) if kind == "analogy" else "add"
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
    m1.metric(t("analogies.eval_accuracy"), pct(ev.accuracy), help=f"{num(ev.correct)} / {num(ev.total)}")
    m2.metric(t("analogies.eval_semantic"), pct(ev.semantic_accuracy), help=f"{num(ev.semantic_correct)} / {num(ev.semantic_total)}")
    m3.metric(t("analogies.eval_syntactic"), pct(ev.syntactic_accuracy), help=f"{num(ev.syntactic_correct)} / {num(ev.syntactic_total)}")
    m4.metric(t("analogies.eval_skipped"), num(ev.skipped))
    st.caption(md("analogies.eval_caption", total=num(ev.total), vocab=num(ev.restrict_vocab), seconds=num(ev.seconds, 2), ties=ev.tie_checks))
    st.altair_chart(sections_chart(ev), width="stretch")
    frame = sections_frame(ev)
    st.dataframe(frame, hide_index=True, width="stretch")
    ui.download_csv(frame, f"analogy-evaluation-{ev.method}.csv", key=K + "eval_download")


def show_pair_evaluation(ev) -> None:
    st.subheader(md("analogies.eval_pairs_title", benchmark=BENCHMARK_TITLES.get(ev.benchmark, ev.benchmark)))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Spearman ρ", num(ev.spearman, 4))
    m2.metric("Pearson r", num(ev.pearson, 4))
    m3.metric(t("analogies.eval_pairs"), num(ev.pairs))
    m4.metric(t("analogies.eval_oov"), pct(ev.oov_ratio))
    st.altair_chart(pairs_chart(ev, x_title=t("analogies.human_rating"), y_title=t("common.cosine_similarity")), width="stretch")
    frame = pairs_frame(ev)
    ui.download_csv(frame, f"{ev.benchmark}-similarities.csv", key=K + "eval_download")
