"""Debiasing page: the result — verdict, headline metrics, the four evidence tabs and the downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.charts.debias import inlp_accuracy_chart, profession_shift_chart, residual_pca_chart
from analysis.debias_evidence import comparison_rows
from analysis.tables.debias import pca_frame, profession_frame
from analysis.wordlists import caliskan_test
from app import state, ui
from app.i18n import current_language, md, num, pct, signed, t

ACTIVATED = "debias_activated"  # session: name of the embedding just made active (message after rerun)


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
    st.subheader(md("debias.result_title", name=result.embeddings.info.name))
    v = after.verdict
    words = {"pct": pct(v.strongest, 0), "r": num(after.residual.neighbour_correlation, 2)}
    {"recoverable": st.error, "partly": st.warning, "hidden": st.success}[v.level](t(f"debias.verdict_{v.level}", **words))
    headline_metrics(before, after)
    tabs = [t("debias.tab_table"), t("debias.tab_professions"), t("debias.tab_remains")]
    tabs.append(t("debias.tab_inlp") if result.method == "inlp" else t("debias.tab_details"))
    table_tab, professions_tab, remains_tab, method_tab = st.tabs(tabs)
    with table_tab:
        comparison_table(before, after)
    with professions_tab:
        labels = {"projection": t("debias.projection_axis"), "word": t("debias.profession"), "before": t("debias.before"), "after": t("debias.after")}
        st.altair_chart(profession_shift_chart(profession_frame(before, after), labels=labels), width="stretch")
        st.caption(t("debias.professions_caption"))
    with remains_tab:
        what_remains(before, after)
    with method_tab:
        method_details(result)
    st.divider()
    downloads(result.embeddings)


def headline_metrics(before, after) -> None:
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("debias.metric_direct_bias"), num(after.direct_bias, 3), signed(after.direct_bias - before.direct_bias, 3), delta_color="inverse", help=t("debias.direct_bias_help"))
    first = next(iter(after.weat), None)
    if first and after.weat[first] and before.weat.get(first):
        d_after, d_before = after.weat[first].effect_size, before.weat[first].effect_size
        m2.metric(t("debias.metric_weat_d_short", test=first.replace("caliskan-", "")), num(d_after, 2), signed(d_after - d_before, 2), delta_color="off")
    if after.analogy_accuracy is not None and before.analogy_accuracy is not None:
        m3.metric(t("debias.metric_analogy_accuracy"), pct(after.analogy_accuracy, 1), pct(after.analogy_accuracy - before.analogy_accuracy, 1, signed=True))
    else:
        m3.metric(t("debias.metric_analogy_accuracy"), "—", help=t("debias.utility_off"))
    m4.metric(t("debias.metric_classifier_accuracy"), pct(after.residual.classifier_accuracy, 1), help=t("debias.classifier_help"))


def comparison_table(before, after) -> None:
    rows = comparison_rows(before, after)
    frame = table_frame(rows)
    # Formatted here, in the session's language (0,1234 in German), as the Feedback page's table is:
    # a column format string would be applied by the browser, always with a decimal point.
    shown = frame.style.format({c: (lambda v: num(v, 4)) for c in frame.columns[2:]}, na_rep="—")
    st.dataframe(shown, hide_index=True, width="stretch", height=36 * (len(frame) + 1) + 2)
    perms = next((w.permutations for w in before.weat.values() if w is not None), 0)
    st.caption(md("debias.table_caption", words=len(after.neutral_words), permutations=num(perms)))
    for note in before.notes + after.notes:
        st.warning(note)
    ui.download_csv(pd.DataFrame(rows), "debias_before_after.csv", key="debias_csv")


def what_remains(before, after) -> None:
    st.markdown(md("debias.remains_intro", words=after.residual.words, k=after.residual.neighbours))
    r1, r2, r3 = st.columns(3)
    share, correlation = (lambda x: pct(x, 1)), (lambda x: num(x, 2))  # in the session's language (45,2 %, 0,31)
    for column, key, fmt in ((r1, "kmeans_alignment", share), (r2, "classifier_accuracy", share), (r3, "neighbour_correlation", correlation)):
        b, a = getattr(before.residual, key), getattr(after.residual, key)
        column.metric(t(f"debias.metric_{key}"), fmt(a), t("debias.was", value=fmt(b)), delta_color="off", delta_arrow="off", help=t(f"debias.{key}_help"))
    labels = {"x": t("debias.pc1"), "y": t("debias.pc2"), "label": t("debias.original_label"), "male": t("debias.male"), "female": t("debias.female"), "word": t("common.word"), "bias": t("debias.original_bias")}
    res = after.residual
    st.caption(t("residual.caption", pool=num(res.neighbour_words), k=res.neighbours, words=num(res.words), selected=num(res.neighbour_correlation_selected, 2), train=num(res.classifier_train), test=num(res.classifier_test), protocol=t(f"residual.protocol_{res.protocol}")))
    st.altair_chart(residual_pca_chart(stage_names(pd.concat([pca_frame(before.pca), pca_frame(after.pca)])), labels=labels), width="stretch")
    st.caption(t("debias.pca_caption"))


def method_details(result) -> None:
    if result.method == "inlp":
        labels = {"iteration": t("debias.iteration"), "accuracy": t("debias.accuracy"), "chance": t("debias.chance"), "dev": t("debias.held_out"), "train": t("debias.training")}
        st.altair_chart(inlp_accuracy_chart(result.steps, result.chance, labels=labels), width="stretch")
        dims = result.steps[-1].removed_dims if result.steps else 0
        st.caption(t("debias.inlp_caption", final=pct(result.final_accuracy, 1), chance=pct(result.chance, 0), dims=dims, total=result.embeddings.dims))
    else:
        st.markdown(md("debias.details_hard", kept=num(result.kept), neutralised=num(result.neutralised), pairs=len(result.equalised)))
        st.caption(", ".join(f"{a}/{b}" for a, b in result.equalised))
    if result.missing:
        with st.expander(t("debias.details_missing", count=len(result.missing))):
            st.caption(", ".join(result.missing))
    st.caption(md("debias.seconds", seconds=num(result.seconds, 1)))


def downloads(debiased) -> None:
    """Both word2vec formats, and the button that makes the debiased embedding the active one."""
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
