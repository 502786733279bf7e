"""Bias probes page: every lecture preset, the direction builder, analogies, a custom probe with an unknown word."""

from __future__ import annotations

import pytest

from analysis.bias import analogy_probe, bias_direction, direct_bias, name_probe, neutral_professions
from analysis.embeddings import load_default_glove
from tests.app.conftest import assert_clean, open_page


@pytest.fixture(scope="module")
def emb():
    return load_default_glove()


@pytest.fixture(scope="module")
def page():
    return open_page("bias_probes.py")


def _metric(at, label_start):
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_page_opens_with_direction_profession_chart_and_direct_bias(page, emb):
    at = page
    assert_clean(at)
    assert at.title[0].value == "Bias probes"
    # PCA of the definitional pairs by default: the metric shows PC1's share and the direct bias.
    direction = bias_direction(emb, "pca")
    assert _metric(at, "Variance explained by PC1") == f"{direction.explained_variance[0]:.1%}"
    assert _metric(at, "DirectBias_1") == f"{direct_bias(emb, neutral_professions(), direction):.4f}"
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 2  # explained variance + profession chart
    data = [d.data.data for c in charts for d in c.proto.datasets]  # Arrow bytes of each chart's table
    assert any(b"homemaker" in d and b"captain" in d for d in data)  # both ends of the profession axis
    # Taxonomy text present in the expander.
    assert any("Pre-existing bias" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "key,positive,negative,famous",
    [
        ("programmer", ["programmer", "woman"], ["man"], "homemaker"),
        ("surgeon", ["surgeon", "she"], ["he"], "nurse"),
        ("football", ["football", "she"], ["he"], "volleyball"),
        ("burly", ["burly", "she"], ["he"], "blond"),
    ],
)
def test_analogy_presets_show_the_honest_rank(page, emb, key, positive, negative, famous):
    at = page
    at.button(key=f"preset_{key}").click().run()
    assert_clean(at)
    probe = analogy_probe(emb, positive, negative, expected=famous)
    shown = _metric(at, f"Rank of '{famous}'")
    assert shown.startswith(f"{probe.expected_rank:,} of ")
    top_words = list(at.dataframe[0].value.iloc[:, 1])
    assert top_words == [n.word for n in probe.results]
    texts = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info) + " ".join(s.value for s in at.success)
    assert famous in texts and probe.top_with_inputs in texts


def test_john_vs_mary_preset(page, emb):
    at = page
    at.button(key="preset_john_mary").click().run()
    assert_clean(at)
    pair = name_probe(emb, ["programmer"], ["John"], ["Mary"])
    john = next(p.similarity for p in pair.per_name if p.group == "male")
    mary = next(p.similarity for p in pair.per_name if p.group == "female")
    assert _metric(at, "cos(john, programmer)") == f"{john:.3f}"
    assert _metric(at, "cos(mary, programmer)") == f"{mary:.3f}"
    lists = name_probe(emb, ["programmer"])
    assert _metric(at, "Mean over male names") == f"{lists.rows[0].male_mean:.3f}"


def test_direction_methods_and_indirect_bias(page, emb):
    at = page
    at.radio(key="bias_method").set_value("pair").run()
    assert_clean(at)
    assert any("she − he" in m.value for m in at.markdown)
    assert _metric(at, "Variance explained by PC1") == "100.0%"
    at.text_input(key="bias_ind_w").input("softball").run()
    from analysis.bias import indirect_bias

    beta = indirect_bias(emb, "softball", "receptionist", bias_direction(emb, "pair"))
    assert _metric(at, "β(w, v)") == f"{beta:+.4f}"
    # An unknown word in the pair: an error with a suggestion, no traceback.
    at.text_input(key="bias_pair_b").input("hhe").run()
    assert not at.exception
    assert any("hhe" in e.value for e in at.error)
    at.text_input(key="bias_pair_b").input("he").run()
    at.radio(key="bias_method").set_value("pca").run()
    assert_clean(at)


def test_custom_probe_with_an_unknown_word(page):
    at = page
    at.text_area(key="bias_probe_words").input("nurse, enginer, doctor").run()
    assert_clean(at)
    assert any("enginer" in w.value for w in at.warning)
    assert any("engineer" in i.value for i in at.info)  # did you mean …
    frames = [df.value for df in at.dataframe]
    probe_table = next(f for f in frames if "Projection" in f.columns)
    assert list(probe_table.iloc[:, 0]) == ["nurse", "doctor"]


def test_generated_analogies_table(page):
    at = page
    at.selectbox(key="bias_restrict").set_value(5_000)
    at.number_input(key="bias_topn").set_value(10)
    at.button(key="bias_generate").click().run()
    assert_clean(at)
    table = next(df.value for df in at.dataframe if "she-side" in df.value.columns)
    assert len(table) == 10 and table.iloc[0]["she-side"] == "she" and table.iloc[0]["he-side"] == "he"


def test_german_page_translated():
    at = open_page("bias_probes.py", lang="de")
    assert_clean(at)
    assert at.title[0].value == "Bias-Proben"
    at.button(key="preset_programmer").click().run()
    assert_clean(at)
    assert any(m.label.startswith("Rang von") for m in at.metric)


def test_bad_inputs_give_messages_and_keep_the_rest_of_the_tab():
    at = open_page("bias_probes.py")
    at.radio(key="bias_list").set_value("custom").run()
    at.text_area(key="bias_custom_list").input("nurse, engineer, receptionist").run()
    at.checkbox(key="bias_second_axis").check().run()
    at.text_input(key="bias_second_b").input("rich").run()  # rich − rich: no second direction
    assert_clean(at)
    assert any("same vocabulary word" in e.value for e in at.error)
    assert any(m.label.startswith("DirectBias") for m in at.metric)  # the rest of the tab is still there
    at.text_input(key="bias_ind_v").input("").run()
    at.text_input(key="bias_seed_b").input("")
    at.button(key="bias_generate").click().run()
    assert_clean(at)
    errors = [e.value for e in at.error]
    assert not any("Something went wrong" in e for e in errors), errors
    assert any("Indirect bias needs two words" in e for e in errors) and any("seed pair needs two words" in e for e in errors)
