"""Debiasing: hard debias or INLP on the active embedding, with evidence of what is removed, kept and left."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.charts.debias import inlp_accuracy_chart, profession_shift_chart, residual_pca_chart
from analysis.debias_evidence import EvidenceConfig, comparison_rows, profession_frame
from analysis.device import pick_device
from analysis.residual import PROTOCOLS, SVM_GAMMAS, ResidualConfig
from analysis.wordlists import caliskan_test
from app import state, ui
from app.components.choice import choice
from app.i18n import current_language, md, num, t

LAST_RUN = "debias_last_run"  # session: what was run last (hashes and parameters, never an embedding)
ACTIVATED = "debias_activated"  # session: name of the embedding just made active (message after rerun)


def compute(original, run: dict, progress=None):
    """Debiased embedding and before/after evidence, each from the app's caches when already computed."""

    def part(low: float, high: float):
        if progress is None:
            return None
        return lambda fraction, message: progress(low + (high - low) * fraction, message)

    result = state.debiased_embeddings(run["source"], run["method"], run["params"], original, part(0.0, 0.3))
    device = pick_device()
    before = state.debias_evidence(original, original, run["config"], "before", device, part(0.3, 0.62))
    after = state.debias_evidence(result.embeddings, original, run["config"], "after", device, part(0.62, 1.0))
    return result, before, after


def metric_label(row: dict) -> str:
    label = t(f"debias.metric_{row['key']}")
    if row["test"]:
        test = caliskan_test(row["test"])
        label = f"{label} — {test.titles.get(current_language()) or test.title}"
    return label


def table_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("debias.col_group"): [t(f"debias.group_{r['group']}") for r in rows],
            t("debias.col_metric"): [metric_label(r) for r in rows],
            t("debias.col_before"): [r["before"] for r in rows],
            t("debias.col_after"): [r["after"] for r in rows],
            t("debias.col_change"): [r["change"] for r in rows],
        }
    )


def stage_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(stage=frame["stage"].map({"before": t("debias.before"), "after": t("debias.after")}))


def render(result, before, after) -> None:
    debiased = result.embeddings
    st.subheader(md("debias.result_title", name=debiased.info.name))
    v = after.verdict
    words = {"pct": f"{v.strongest:.0%}", "r": f"{after.residual.neighbour_correlation:.2f}"}
    {"recoverable": st.error, "partly": st.warning, "hidden": st.success}[v.level](t(f"debias.verdict_{v.level}", **words))

    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("debias.metric_direct_bias"), f"{after.direct_bias:.3f}", f"{after.direct_bias - before.direct_bias:+.3f}", delta_color="inverse", help=t("debias.direct_bias_help"))
    first = next(iter(after.weat), None)
    if first and after.weat[first] and before.weat.get(first):
        d_after, d_before = after.weat[first].effect_size, before.weat[first].effect_size
        m2.metric(t("debias.metric_weat_d_short", test=first.replace("caliskan-", "")), f"{d_after:.2f}", f"{d_after - d_before:+.2f}", delta_color="off")
    if after.analogy_accuracy is not None and before.analogy_accuracy is not None:
        m3.metric(t("debias.metric_analogy_accuracy"), f"{after.analogy_accuracy:.1%}", f"{after.analogy_accuracy - before.analogy_accuracy:+.1%}")
    else:
        m3.metric(t("debias.metric_analogy_accuracy"), "—", help=t("debias.utility_off"))
    m4.metric(t("debias.metric_classifier_accuracy"), f"{after.residual.classifier_accuracy:.1%}", help=t("debias.classifier_help"))

    tabs = [t("debias.tab_table"), t("debias.tab_professions"), t("debias.tab_remains")]
    tabs.append(t("debias.tab_inlp") if result.method == "inlp" else t("debias.tab_details"))
    table_tab, professions_tab, remains_tab, method_tab = st.tabs(tabs)

    with table_tab:
        rows = comparison_rows(before, after)
        frame = table_frame(rows)
        numbers = {c: st.column_config.NumberColumn(format="%.4f") for c in frame.columns[2:]}
        st.dataframe(frame, hide_index=True, width="stretch", column_config=numbers, height=36 * (len(frame) + 1) + 2)
        perms = next((w.permutations for w in before.weat.values() if w is not None), 0)
        st.caption(md("debias.table_caption", words=len(after.neutral_words), permutations=num(perms)))
        for note in before.notes + after.notes:
            st.warning(note)
        ui.download_csv(pd.DataFrame(rows), "debias_before_after.csv", key="debias_csv")

    with professions_tab:
        chart = profession_shift_chart(
            profession_frame(before, after),
            labels={"projection": t("debias.projection_axis"), "word": t("debias.profession"), "before": t("debias.before"), "after": t("debias.after")},
        )
        st.altair_chart(chart, width="stretch")
        st.caption(t("debias.professions_caption"))

    with remains_tab:
        st.markdown(md("debias.remains_intro", words=after.residual.words, k=after.residual.neighbours))
        r1, r2, r3 = st.columns(3)
        for column, key, fmt in ((r1, "kmeans_alignment", "{:.1%}"), (r2, "classifier_accuracy", "{:.1%}"), (r3, "neighbour_correlation", "{:.2f}")):
            b, a = getattr(before.residual, key), getattr(after.residual, key)
            column.metric(t(f"debias.metric_{key}"), fmt.format(a), t("debias.was", value=fmt.format(b)), delta_color="off", delta_arrow="off", help=t(f"debias.{key}_help"))
        labels = {"x": t("debias.pc1"), "y": t("debias.pc2"), "label": t("debias.original_label"), "male": t("debias.male"), "female": t("debias.female"), "word": t("common.word"), "bias": t("debias.original_bias")}
        res = after.residual
        st.caption(t("residual.caption", pool=f"{res.neighbour_words:,}", k=res.neighbours, words=f"{res.words:,}", selected=f"{res.neighbour_correlation_selected:.2f}", train=f"{res.classifier_train:,}", test=f"{res.classifier_test:,}", protocol=t(f"residual.protocol_{res.protocol}")))
        st.altair_chart(residual_pca_chart(stage_names(pd.concat([before.pca, after.pca])), labels=labels), width="stretch")
        st.caption(t("debias.pca_caption"))

    with method_tab:
        if result.method == "inlp":
            labels = {"iteration": t("debias.iteration"), "accuracy": t("debias.accuracy"), "chance": t("debias.chance"), "dev": t("debias.held_out"), "train": t("debias.training")}
            st.altair_chart(inlp_accuracy_chart(result.steps, result.chance, labels=labels), width="stretch")
            st.caption(
                t(
                    "debias.inlp_caption",
                    final=f"{result.final_accuracy:.1%}",
                    chance=f"{result.chance:.0%}",
                    dims=result.steps[-1].removed_dims if result.steps else 0,
                    total=debiased.dims,
                )
            )
        else:
            st.markdown(md("debias.details_hard", kept=num(result.kept), neutralised=num(result.neutralised), pairs=len(result.equalised)))
            st.caption(", ".join(f"{a}/{b}" for a, b in result.equalised))
        if result.missing:
            with st.expander(t("debias.details_missing", count=len(result.missing))):
                st.caption(", ".join(result.missing))
        st.caption(md("debias.seconds", seconds=f"{result.seconds:.1f}"))

    st.divider()
    stem = "".join(ch if ch.isalnum() else "_" for ch in debiased.info.name)[:80].strip("_") or "debiased"
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("debias.download_binary"), lambda: debiased.to_word2vec_bytes(binary=True), f"{stem}.bin", "application/octet-stream", key="debias_dl_bin", on_click="ignore")
    d2.download_button(t("debias.download_text"), lambda: debiased.to_word2vec_bytes(binary=False), f"{stem}.txt", "text/plain", key="debias_dl_txt", on_click="ignore")
    if state.active_embeddings().info.content_hash == debiased.info.content_hash:
        d3.caption(t("debias.already_active"))
    elif d3.button(t("debias.activate"), type="primary", key="debias_activate"):
        state.add_and_activate(debiased)
        st.session_state[ACTIVATED] = debiased.info.name
        st.rerun()  # the sidebar switcher is drawn before the page: redraw it with the new choice


st.title(t("debias.title"))
st.markdown(t("debias.intro"))

with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    if ACTIVATED in st.session_state:
        st.success(md("debias.activated", name=st.session_state.pop(ACTIVATED)))

    method = choice("debias.method", ["hard", "inlp"], "debias_method", option_key="debias.method_{}", horizontal=True)
    st.caption(t(f"debias.method_{method}_help"))
    params: dict = {}
    if method == "hard":
        c1, c2 = st.columns(2)
        params["direction_method"] = choice("debias.direction", ["pca", "mean"], "debias_direction", option_key="debias.direction_{}", widget="selectbox", where=c1)
        params["gender_specific"] = choice(
            "debias.specific",
            ["bolukbasi/gender_specific_full", "bolukbasi/gender_specific"],
            "debias_specific",
            option_key=lambda n: "debias.specific_full" if n.endswith("full") else "debias.specific_seed",
            widget="selectbox",
            where=c2,
        )
    else:
        c1, c2, c3 = st.columns(3)
        params["iterations"] = c1.slider(t("debias.iterations"), 1, 40, 15, key="debias_iterations", help=t("debias.iterations_help"))
        params["classifier"] = choice("debias.classifier", ["svm", "logistic"], "debias_classifier", option_key="debias.classifier_{}", widget="selectbox", where=c2)
        params["n_per_class"] = c3.select_slider(t("debias.words_per_class"), [500, 1000, 2500, 5000, 7500], value=7500, key="debias_words", help=t("debias.words_per_class_help"))
        c4, c5 = st.columns(2)
        params["neutral_class"] = c4.checkbox(t("debias.neutral_class"), value=False, key="debias_neutral", help=t("debias.neutral_class_help"))
        params["seed"] = int(c5.number_input(t("debias.seed"), 0, 2**31 - 1, 0, key="debias_seed"))

    with st.expander(t("debias.evidence_settings")):
        e1, e2 = st.columns(2)
        utility = e1.checkbox(t("debias.utility"), value=True, key="debias_utility", help=t("debias.utility_help"))
        analogy_vocab = e2.select_slider(t("debias.analogy_vocab"), [30_000, 100_000, 300_000], value=300_000, key="debias_analogy_vocab", help=t("debias.analogy_vocab_help"))
        e3, e4, e5 = st.columns(3)
        residual_words = e3.select_slider(t("debias.residual_words"), [100, 250, 500, 1000], value=500, key="debias_residual_words", help=t("debias.residual_words_help"))
        residual_vocab = e4.select_slider(t("debias.residual_vocab"), [20_000, 50_000, 100_000], value=50_000, key="debias_residual_vocab", help=t("debias.residual_vocab_help"))
        permutations = e5.select_slider(t("debias.permutations"), [1_000, 10_000, 100_000], value=10_000, key="debias_permutations")
        e6, e7 = st.columns(2)
        protocol = e6.selectbox(t("residual.protocol"), list(PROTOCOLS), format_func=lambda p: t(f"residual.protocol_{p}"), key="debias_residual_protocol", help=t("residual.protocol_help"))
        svm_gamma = e7.selectbox(t("residual.svm_gamma"), list(SVM_GAMMAS), format_func=lambda g: t(f"residual.svm_gamma_{g}"), key="debias_svm_gamma", help=t("residual.svm_gamma_help"))
    config = EvidenceConfig(
        permutations=permutations,
        utility=utility,
        analogy_restrict_vocab=analogy_vocab,
        residual=ResidualConfig(protocol=protocol, n_per_class=residual_words, vocab_limit=residual_vocab, svm_gamma=svm_gamma),
    )

    if st.button(t("debias.run"), type="primary", key="debias_run"):
        run = {"source": emb.info.content_hash, "method": method, "params": tuple(sorted(params.items())), "config": config}
        progress, bar = ui.progress_bar(t("debias.running"))
        compute(emb, run, progress)
        bar.empty()
        st.session_state[LAST_RUN] = run

with ui.guard():
    last = st.session_state.get(LAST_RUN)
    if last is None:
        st.info(t("debias.empty"))
    else:
        original = state.embedding_by_hash(last["source"])
        if original is None:
            st.warning(t("debias.evicted"))
        else:
            with st.spinner(t("debias.loading")):
                result, before, after = compute(original, last)
            render(result, before, after)
