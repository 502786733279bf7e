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
