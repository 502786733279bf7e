"""Bias probes: lecture presets, bias direction, professions, direct/indirect bias, she/he analogies."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import bias
from analysis.charts import bias as charts_bias
from analysis.wordlists import lesson_presets, load_pairs, load_words, parse_pairs
from app import state, ui
from app.escape import plain
from app.i18n import md, num, t
from app.url_state import Field, UrlBinder

# The lecture's examples (data/presets/lesson.json, shared with the audit report):
# key -> (positive words, negative words, the answer Bolukbasi et al. report).
ANALOGY_PRESETS = {
    p["key"]: (p["positive"], p["negative"], p["expected"])
    for p in lesson_presets()["bias_analogies"]
    if p["key"] != "king"  # the analogies page has king − man + woman
}
PRESET_KEY = "bias_preset"
# The preset shown and the direction's inputs are in the URL, so a link reproduces the view.
URL = UrlBinder("bias_", [
    Field("preset", "preset", str, "", choices=("", *ANALOGY_PRESETS, "john_mary")),
    Field("method", "method", str, "pca", choices=("pca", "mean", "pair")),
    Field("pa", "pair_a", str, "she"),
    Field("pb", "pair_b", str, "he"),
    Field("pairs", "pairs", str, ", ".join(f"{a}:{b}" for a, b in load_pairs("bolukbasi/definitional_pairs"))),
    Field("list", "list", str, "neutral", choices=("neutral", "all", "custom")),
    Field("words", "custom_list", str, "nurse, engineer, receptionist, carpenter, homemaker, surgeon"),
    Field("c", "c", float, 1.0, low=0.0, high=10.0),
])


def direction_label(direction) -> str:
    """``she − he`` for one pair, else "PCA of 10 pairs" in the session's language."""
    if direction.method == "pair" and direction.pairs_used:
        return direction.label
    return t(f"bias.label_{direction.method}", n=len(direction.pairs_used))


def fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def show_analogy_preset(emb, key: str) -> None:
    positive, negative, famous = ANALOGY_PRESETS[key]
    probe = bias.analogy_probe(emb, positive, negative, expected=famous, topn=10)
    st.markdown(md("bias.preset_query", query=f"{positive[0]} − {negative[0]} + {positive[1]}"))
    top = probe.results[0].word if probe.results else "—"
    if probe.expected_rank is None:
        st.warning(md("bias.famous_missing", word=famous))
    elif probe.expected_rank == 1:
        st.success(md("bias.famous_top", word=famous, score=fmt(probe.expected_score)))
    else:
        st.info(md("bias.famous_found", top=top, word=famous, rank=num(probe.expected_rank), score=fmt(probe.expected_score)))
    left, right = st.columns([1, 2])
    left.metric(
        t("bias.famous_rank", word=famous),
        t("bias.famous_rank_value", rank=num(probe.expected_rank), total=num(len(emb) - len(positive) - len(negative)))
        if probe.expected_rank
        else "—",
    )
    left.caption(md("bias.preset_source", word=famous))
    table = pd.DataFrame(
        {t("bias.rank"): range(1, len(probe.results) + 1), t("common.word"): [n.word for n in probe.results], t("common.score"): [n.score for n in probe.results]}
    )
    right.dataframe(table, hide_index=True, width="stretch")
    st.markdown(md("bias.with_inputs", word=probe.top_with_inputs))


def show_john_mary(emb) -> None:
    pair = bias.name_probe(emb, ["programmer"], ["John"], ["Mary"])
    lists = bias.name_probe(emb, ["programmer"])
    st.caption(t("bias.john_mary_caption"))
    a, b, c, d = st.columns(4)
    john = next(p.similarity for p in pair.per_name if p.group == "male")
    mary = next(p.similarity for p in pair.per_name if p.group == "female")
    a.metric(t("bias.metric_john"), fmt(john))
    b.metric(t("bias.metric_mary"), fmt(mary))
    c.metric(t("bias.metric_male_mean"), fmt(lists.rows[0].male_mean))
    d.metric(t("bias.metric_female_mean"), fmt(lists.rows[0].female_mean))
    closer = "john" if john > mary else "mary"
    st.markdown(md("bias.john_closer", closer=closer, diff=f"{john - mary:+.3f}"))
    st.altair_chart(
        charts_bias.name_probe_chart(lists, male_label=t("bias.male_label"), female_label=t("bias.female_label"), x_title=t("common.cosine_similarity")), width="stretch"
    )


st.title(t("bias.title"))
st.markdown(t("bias.intro"))
with st.expander(t("bias.taxonomy_title")):
    st.markdown(t("bias.taxonomy"))

with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    URL.restore(st.session_state, st.query_params)

    # --- lecture presets ------------------------------------------------------------------------
    st.subheader(t("bias.presets"))
    st.caption(t("bias.presets_help"))
    keys = [*ANALOGY_PRESETS, "john_mary"]
    for column, key in zip(st.columns(len(keys)), keys):
        if column.button(t(f"bias.preset_{key}"), key=f"preset_{key}", width="stretch"):
            st.session_state[PRESET_KEY] = key
    chosen = st.session_state.get(PRESET_KEY)
    if chosen in ANALOGY_PRESETS:
        with ui.guard():
            show_analogy_preset(emb, chosen)
    elif chosen == "john_mary":
        with ui.guard():
            show_john_mary(emb)

    tab_direction, tab_analogies, tab_custom = st.tabs([t("bias.tab_direction"), t("bias.tab_analogies"), t("bias.tab_custom")])

    # --- direction, professions, direct and indirect bias ----------------------------------------
    direction = None
    with tab_direction, ui.guard():
        st.subheader(t("bias.direction_header"))
        methods = ["pca", "mean", "pair"]
        # Labels are translated now, not inside format_func (which may run outside this script run).
        method_labels = {m: t(f"bias.method_{m}") for m in methods}
        method = st.radio(t("bias.method"), methods, format_func=method_labels.__getitem__, horizontal=True, key="bias_method")
        if method == "pair":
            c1, c2 = st.columns(2)
            first = c1.text_input(t("bias.pair_first"), key="bias_pair_a")
            second = c2.text_input(t("bias.pair_second"), key="bias_pair_b")
            pairs = [(first.strip(), second.strip())]
        else:
            text = st.text_area(t("bias.pairs_input"), key="bias_pairs", help=t("bias.pairs_help"), height=90)
            pairs = parse_pairs(text)
        direction = bias.bias_direction(emb, method, pairs)
        if direction.missing:
            st.warning(md("common.missing_words", words=", ".join(direction.missing)))
        st.markdown(md("bias.direction_label", label=direction_label(direction), pairs=len(direction.pairs_used)))
        ratios = direction.explained_variance
        m1, m2, chart_col = st.columns([1, 1, 3])
        m1.metric(t("bias.pc1_metric"), f"{ratios[0]:.1%}")
        if len(ratios) > 1:
            m2.metric(t("bias.pc2_metric"), f"{ratios[1]:.1%}")
        chart_col.altair_chart(charts_bias.direction_variance_chart(ratios, t("bias.variance_title"), y_title=t("common.explained_variance_ratio")), width="stretch")
        st.caption(t("bias.variance_caption"))
        positive_word, negative_word = direction.pairs_used[0]
        positive_label = t("bias.positive", word=positive_word)
        negative_label = t("bias.negative", word=negative_word)

        st.subheader(t("bias.professions_header"))
        lists = ["neutral", "all", "custom"]
        list_labels = {k: t(f"bias.list_{k}") for k in lists}
        which = st.radio(t("bias.word_list"), lists, format_func=list_labels.__getitem__, horizontal=True, key="bias_list")
        if which == "neutral":
            words = bias.neutral_professions()
        elif which == "all":
            words = load_words("bolukbasi/professions")
        else:
            words = ui.parse_words(st.text_area(t("bias.custom_words"), key="bias_custom_list", height=80))
        projections = bias.project(emb, words, direction)
        if projections.missing:
            st.caption(md("common.missing_words", words=", ".join(projections.missing)))
        if not projections:
            st.warning(t("bias.no_words"))
        else:
            max_bars = st.slider(t("bias.max_bars"), 10, max(10, min(len(projections), 400)), min(60, len(projections)), key="bias_max_bars") if len(projections) > 10 else None
            second_axis = st.checkbox(t("bias.second_axis"), key="bias_second_axis")
            axis_title = t("bias.axis_title", label=direction_label(direction))
            second_proj = None
            if second_axis:
                s1, s2 = st.columns(2)
                sa = s1.text_input(t("bias.second_first"), value="rich", key="bias_second_a")
                sb = s2.text_input(t("bias.second_second"), value="poor", key="bias_second_b")
                # Its own guard: a bad second pair falls back to one axis and keeps the rest of the tab.
                with ui.guard():
                    second_dir = bias.bias_direction(emb, "pair", [(sa.strip(), sb.strip())])
                    second_proj = bias.project(emb, [p.word for p in projections], second_dir)
            if second_proj is not None:
                chart = charts_bias.projection_chart(
                    projections,
                    second_proj,
                    axis_title=axis_title,
                    second_title=t("bias.axis_title", label=direction_label(second_dir)),
                    positive_label=positive_label,
                    negative_label=negative_label,
                )
            else:
                chart = charts_bias.projection_chart(
                    projections, axis_title=axis_title, positive_label=positive_label, negative_label=negative_label, max_bars=max_bars
                )
            st.altair_chart(chart, width="stretch")

            st.subheader(t("bias.direct_header"))
            c = st.number_input(t("bias.c"), min_value=0.0, max_value=10.0, step=0.25, help=t("bias.c_help"), key="bias_c")
            report = bias.direct_bias_report(emb, [p.word for p in projections], direction, c=c)
            d1, d2 = st.columns([1, 3])
            d1.metric(t("bias.direct_metric", c=f"{report.c:g}"), f"{report.value:.4f}", help=t("bias.direct_caption"))
            d1.caption(md("bias.direct_words", n=len(report.words)))
            d2.caption(t("bias.direct_caption"))
            with d2.expander(t("bias.words_used", n=len(report.words))):
                st.write(plain(", ".join(report.words)))
            frame = charts_bias.projection_frame(report.projections)
            ui.download_csv(frame, "projections.csv", key="bias_dl_projections")

        st.subheader(t("bias.indirect_header"))
        i1, i2 = st.columns(2)
        w = i1.text_input(t("bias.indirect_w"), value="softball", key="bias_ind_w")
        v = i2.text_input(t("bias.indirect_v"), value="receptionist", key="bias_ind_v")
        with ui.guard():
            beta = bias.indirect_bias(emb, w, v, direction)
            j1, j2, j3 = st.columns([1, 1, 2])
            j1.metric(t("bias.indirect_metric"), f"{beta:+.4f}")
            j2.metric(t("bias.indirect_cos"), f"{emb.similarity(w, v):.4f}")
            j3.caption(t("bias.indirect_caption"))

    # --- generated she/he analogies ----------------------------------------------------------------
    with tab_analogies, ui.guard():
        st.subheader(t("bias.analogies_header"))
        st.caption(t("bias.analogies_caption"))
        a1, a2, a3, a4, a5 = st.columns(5)
        seed_a = a1.text_input(t("bias.seed_a"), value="she", key="bias_seed_a")
        seed_b = a2.text_input(t("bias.seed_b"), value="he", key="bias_seed_b")
        delta = a3.number_input(t("bias.delta"), min_value=0.1, max_value=2.0, value=1.0, step=0.1, key="bias_delta")
        topn = a4.number_input(t("bias.topn"), min_value=5, max_value=500, value=50, step=5, key="bias_topn")
        restrict = a5.selectbox(t("bias.restrict_vocab"), [5_000, 10_000, 20_000, 50_000], index=2, format_func="{:,}".format, key="bias_restrict")
        if st.button(t("bias.generate"), type="primary", key="bias_generate"):
            st.session_state["bias_analogies_on"] = True
        if st.session_state.get("bias_analogies_on"):
            progress, bar = ui.progress_bar(t("bias.generating"))
            result = state.she_he_analogies(
                emb.info.content_hash, (seed_a.strip(), seed_b.strip()), float(delta), int(topn), int(restrict), emb, _progress=progress
            )
            bar.empty()
            table = pd.DataFrame(
                {
                    "#": range(1, len(result.pairs) + 1),
                    t("bias.col_x", a=result.seed[0]): [p.x for p in result.pairs],
                    t("bias.col_y", b=result.seed[1]): [p.y for p in result.pairs],
                    t("bias.col_score"): [round(p.score, 4) for p in result.pairs],
                    t("bias.col_distance"): [round(p.distance, 4) for p in result.pairs],
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")
            ui.download_csv(table, "she_he_analogies.csv", key="bias_dl_analogies")
        else:
            st.info(t("bias.analogies_empty"))

    # --- custom probes -------------------------------------------------------------------------------
    with tab_custom, ui.guard():
        st.subheader(t("bias.custom_header"))
        st.caption(t("bias.custom_caption"))
        words = ui.words_input(t("bias.custom_words"), "doctor, nurse, brilliant, beautiful, genius, sweet", key="bias_probe_words")
        if words:
            proj = bias.project(emb, words, direction or bias.bias_direction(emb))
            if proj.missing:
                st.warning(md("common.missing_words", words=", ".join(proj.missing)))
                for word in proj.missing:
                    near = emb.suggest(word)
                    if near:
                        st.info(md("common.did_you_mean", word=word, suggestions=", ".join(near)))
            if proj:
                st.dataframe(
                    pd.DataFrame({t("common.word"): [p.word for p in proj], t("bias.col_projection"): [round(p.projection, 4) for p in proj]}),
                    hide_index=True,
                    width="stretch",
                )
        st.subheader(t("bias.names_header"))
        st.caption(t("bias.names_caption"))
        targets = ui.words_input(t("bias.names_targets"), "programmer, homemaker, engineer, nurse", key="bias_name_targets")
        n1, n2 = st.columns(2)
        with n1:
            males = ui.words_input(t("bias.names_male"), load_words("names/male"), key="bias_names_male", height=100)
        with n2:
            females = ui.words_input(t("bias.names_female"), load_words("names/female"), key="bias_names_female", height=100)
        with ui.guard():
            probe = bias.name_probe(emb, targets, males, females)
            if probe.missing:
                st.caption(md("common.missing_words", words=", ".join(probe.missing)))
            st.dataframe(
                pd.DataFrame(
                    {
                        t("bias.col_target"): [r.target for r in probe.rows],
                        t("bias.col_male_mean"): [round(r.male_mean, 4) for r in probe.rows],
                        t("bias.col_female_mean"): [round(r.female_mean, 4) for r in probe.rows],
                        t("bias.col_difference"): [round(r.difference, 4) for r in probe.rows],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            st.altair_chart(
                charts_bias.name_probe_chart(probe, male_label=t("bias.male_label"), female_label=t("bias.female_label"), x_title=t("common.cosine_similarity")), width="stretch"
            )
            ui.download_csv(charts_bias.name_probe_frame(probe), "name_probe.csv", key="bias_dl_names")

    direction_fields = ("pa", "pb") if st.session_state["bias_method"] == "pair" else ("pairs",)
    list_fields = ("words",) if st.session_state["bias_list"] == "custom" else ()
    URL.publish(st.session_state, st.query_params, only=("preset", "method", *direction_fields, "list", *list_fields, "c"))
