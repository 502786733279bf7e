"""WEAT: Caliskan et al.'s ten tests or four custom lists → s, d, p, per-word associations, missing words."""

from __future__ import annotations

import streamlit as st

from analysis.charts import weat as charts_weat
from analysis.weat import DEFAULT_MAX_MISSING_FRACTION
from analysis.wordlists import CALISKAN_TESTS, caliskan_test
from app import state, ui
from app.components.choice import choice
from app.i18n import current_language, md, num, sig, strings, t
from app.url_state import Field, UrlBinder

_CUSTOM_DEFAULTS = caliskan_test("caliskan-7")
# Everything that decides the result is in the URL, so a link reproduces the test in a fresh browser.
URL = UrlBinder("weat_", [
    Field("src", "source", str, "builtin", choices=("builtin", "custom")),
    Field("test", "test", str, "caliskan-6", choices=tuple(CALISKAN_TESTS)),
    *(Field(k.lower(), k.lower(), str, ", ".join(getattr(_CUSTOM_DEFAULTS, k))) for k in "XYAB"),
    Field("perm", "permutations", int, 100_000, low=1_000, high=1_000_000),
    Field("seed", "seed", int, 0, low=0, high=2**31 - 1),
    Field("ddof", "ddof", int, 1, choices=(1, 0)),
    Field("miss", "max_missing", float, DEFAULT_MAX_MISSING_FRACTION, low=0.0, high=1.0),
])


def category(label: str) -> str:
    """A Caliskan set's name (``career``) in the session's language; unknown names as they are."""
    key = "weat.category." + label.replace(" ", "_")
    return t(key) if key in strings() else label


st.title(t("weat.title"))
st.markdown(t("weat.intro"))

with ui.guard():
    emb = state.active_embeddings()
    ui.embedding_caption(emb.info)
    lang = current_language()
    URL.restore(st.session_state, st.query_params)

    source = choice("weat.source", ["builtin", "custom"], "weat_source", option_key="weat.{}", horizontal=True)
    if source == "builtin":
        test_labels = {n: f"WEAT {n.split('-')[1]}: {caliskan_test(n).titles.get(lang, caliskan_test(n).title)}" for n in CALISKAN_TESTS}
        name = choice("weat.test", CALISKAN_TESTS, "weat_test", labels=test_labels, widget="selectbox")
        test = caliskan_test(name)
        sets = {"X": test.X, "Y": test.Y, "A": test.A, "B": test.B}
        labels = {k: category(test.label(k)) for k in "XYAB"}
        with st.expander(", ".join(f"{k}: {labels[k]} ({len(v)})" for k, v in sets.items())):
            for k, words in sets.items():
                st.markdown(f"**{k} — {labels[k]}:** " + ", ".join(words))
    else:
        test = None
        c1, c2 = st.columns(2)
        X, A = (ui.parse_words(c1.text_area(t(f"weat.{k}"), key=f"weat_{k}", height=80)) for k in "xa")
        Y, B = (ui.parse_words(c2.text_area(t(f"weat.{k}"), key=f"weat_{k}", height=80)) for k in "yb")
        sets = {"X": X, "Y": Y, "A": A, "B": B}
        labels = {k: k for k in "XYAB"}

    with st.expander(t("weat.options")):
        o1, o2, o3, o4 = st.columns(4)
        permutations = o1.number_input(t("weat.permutations"), min_value=1_000, max_value=1_000_000, step=10_000, help=t("weat.permutations_help"), key="weat_permutations")
        seed = o2.number_input(t("weat.seed"), min_value=0, max_value=2**31 - 1, key="weat_seed")
        ddof = choice("weat.ddof", [1, 0], "weat_ddof", option_key="weat.ddof_{}", where=o3)
        max_missing = o4.slider(t("weat.max_missing"), 0.0, 1.0, step=0.05, key="weat_max_missing")

    URL.publish(st.session_state, st.query_params, only=("src", "test", "perm", "seed", "ddof", "miss") if source == "builtin" else ("src", "x", "y", "a", "b", "perm", "seed", "ddof", "miss"))

    empty = [k for k, v in sets.items() if not v]
    if empty:
        st.warning(md("weat.empty_list", set=", ".join(empty)))
        st.stop()

    # One result per (embedding, lists, options) for every session (seeded, so it is the same number).
    lists = tuple(tuple(sets[k]) for k in "XYAB")
    options = (("permutations", int(permutations)), ("seed", int(seed)), ("ddof", int(ddof)), ("max_missing_fraction", float(max_missing)))
    progress, bar = ui.progress_bar(t("weat.running"))
    result = state.weat_result(emb.info.content_hash, lists, options, _emb=emb, _progress=progress)
    bar.empty()
    view = (emb.info.content_hash, lists, options, tuple(labels.items()), lang)

    m1, m2, m3 = st.columns(3)
    m1.metric(t("weat.statistic"), num(result.statistic, 4))
    m2.metric(t("weat.effect_size"), num(result.effect_size, 3))
    if result.p_value == 0:
        p_text = t("weat.p_below", bound=f"{1 / result.permutations:.1e}" if not result.exact else f"{1 / result.total_partitions:.1e}")
    else:
        p_text = sig(result.p_value, 4)
    m3.metric(t("weat.p_value"), p_text)
    if result.exact:
        m3.caption(md("weat.exact", n=num(result.total_partitions)))
    else:
        m3.caption(md("weat.sampled", n=num(result.permutations), total=sig(result.total_partitions, 3), seed=result.seed))
    direction_key = "weat.interpretation_pos" if result.effect_size >= 0 else "weat.interpretation_neg"
    st.markdown(md(direction_key, x=labels["X"], y=labels["Y"], a=labels["A"], b=labels["B"]))
    if test is not None:
        st.caption(md("weat.published", d=num(test.published_effect_size, 2), p=test.published_p_value))
    st.caption(md("weat.sizes", x=result.sizes["X"], y=result.sizes["Y"], a=result.sizes["A"], b=result.sizes["B"]))

    missing = {k: v for k, v in result.missing.items() if v}
    if missing:
        for k, words in missing.items():
            st.warning(md("weat.missing_set", set=f"{k} ({labels[k]})", words=", ".join(words)))
    else:
        st.caption(t("weat.no_missing"))

    left, right = st.columns(2)
    ui.cached_chart(("weat-targets", view), lambda: charts_weat.association_chart(result.associations, labels=labels, title=t("weat.targets_chart")), where=left)
    ui.cached_chart(
        ("weat-attributes", view),
        lambda: charts_weat.association_chart(
            result.attribute_associations, labels=labels, axis_title="mean cos(w, X) − mean cos(w, Y)", title=t("weat.attributes_chart")
        ),
        where=right,
    )
    frame = charts_weat.association_frame(result.associations + result.attribute_associations)
    ui.download_csv(frame, "weat_associations.csv", key="weat_download", label=t("weat.download"))
    with st.expander(t("weat.definitions")):
        st.markdown(t("weat.definitions_text"))
