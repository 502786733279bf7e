from tests.app.conftest import assert_clean, open_page


def test_empty_state_then_a_small_report():
    at = open_page("audit_report.py")
    assert_clean(at)
    assert any("Write the report" in i.value for i in at.info)
    at.multiselect(key="report_tests").set_value(["caliskan-6", "caliskan-7"])
    at.checkbox(key="report_benchmarks").set_value(False)
    at.button[0].click().run()  # the form's submit button
    assert_clean(at)
    assert [m.value for m in at.metric][:2] == ["2 / 2", "0.173"]
    body = "\n".join(m.value for m in at.markdown)
    assert "caliskan-6" in body and "Male vs female names" in body
    assert "| programmer + woman − man | homemaker | 404 |" in body


def test_german_report():
    at = open_page("audit_report.py", lang="de")
    at.multiselect(key="report_tests").set_value(["caliskan-6"])
    at.checkbox(key="report_benchmarks").set_value(False)
    at.button[0].click().run()
    assert_clean(at)
    body = "\n".join(m.value for m in at.markdown)
    assert "Bias-Audit-Bericht" in body and "Namensprobe" in body


def _small(at, tests=("caliskan-6",)):
    at.multiselect(key="report_tests").set_value(list(tests))
    at.checkbox(key="report_benchmarks").set_value(False)
    at.select_slider(key="report_permutations").set_value(1_000)


def test_new_options_own_weat_she_he_and_indirect_bias():
    at = open_page("audit_report.py")
    _small(at)
    at.number_input(key="report_she_he_topn").set_value(3)
    at.text_input(key="report_indirect_pairs").set_value("receptionist:softball, maestro:football")
    at.text_input(key="report_own_name").set_value("my <b>test</b>")
    for key, words in (("x", "john, paul, mike"), ("y", "amy, joan, lisa"), ("a", "executive, salary, office"), ("b", "home, family, children")):
        at.text_area(key=f"report_own_{key}").set_value(words)
    at.button[0].click().run()
    assert_clean(at)
    body = "\n".join(m.value for m in at.markdown)
    assert "| my \\<b\\>test\\</b\\> | auditor's test |" in body  # the typed name, escaped
    assert "5b. Generated she/he analogies" in body and "| she | he |" in body
    assert "| receptionist | softball |" in body and "| maestro | football |" in body
    assert len(at.get("vega_lite_chart")) == 3  # professions, explained variance, WEAT
    assert [b.label for b in at.get("download_button")][:2] == ["Download Markdown", "Download charts + Markdown (one file)"]


def test_debiasing_option_adds_before_after_in_german():
    at = open_page("audit_report.py", timeout=400, lang="de")  # debiasing + evidence: a minute on a busy 2-core machine
    _small(at)
    at.number_input(key="report_she_he_topn").set_value(0)
    at.selectbox(key="report_debias").set_value("Hard Debias (Bolukbasi et al.)")
    at.button[0].click().run()
    assert_clean(at)
    body = "\n".join(m.value for m in at.markdown)
    assert "7. Debiasing: vorher und nachher" in body and "**Urteil:**" in body
    assert "Erzeugte she/he-Analogien" not in body
    assert len(at.get("vega_lite_chart")) == 6


def test_an_active_debiased_variant_gets_before_after_and_can_be_compared():
    from pathlib import Path

    at = open_page("debiasing.py", timeout=400)
    at.checkbox(key="debias_utility").set_value(False)
    at.button(key="debias_run").click().run()
    at.button(key="debias_activate").click().run()
    assert at.session_state["active_embedding"] != "glove-6b-50d"
    at.switch_page(str(Path(__file__).resolve().parents[2] / "pages" / "audit_report.py"))
    at.run()
    _small(at)
    at.number_input(key="report_she_he_topn").set_value(0)
    assert at.checkbox(key="report_with_original").value and not at.checkbox(key="report_with_original").disabled
    at.selectbox(key="report_compare").set_value("glove-6b-50d")
    at.button[0].click().run()
    assert_clean(at)
    body = "\n".join(m.value for m in at.markdown)
    assert "7. Debiasing: before and after" in body and "**Verdict:**" in body
    assert "8. Comparison: glove-6b-50d · hard debias" in body and "vs glove-6b-50d" in body
    assert "| direct\\_bias |" in body
