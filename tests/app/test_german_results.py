"""#11: German beyond the first view — every lesson step's result (all four parts of step 6), the
budget messages a page shows, and the Feedback results: no English-only text, no English number
format (``0.452``, ``1,000``, ``45.2%``) where the reader expects ``0,452``, ``1.000``, ``45,2 %``."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.lesson import STEPS
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean, open_page
from tests.app.test_german import ENGLISH, visible_texts

# English number formats that German cannot mean: 0.452, 1.7 or 1.7213 (German groups thousands by
# exactly three digits after a point), 399,997 or 1,234,567 (a German decimal has a 0 or 1-2 digits
# before its comma here), and 45.2% (German writes 45,2 %). 1.234 / 1,234 stay ambiguous, not flagged.
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])(0\.\d+|\d+\.(\d{1,2}|\d{4,})(?![\d.,])|[1-9]\d{2},\d{3}(?![\d])|\d,\d{3},\d{3}|\d%)")
CODE = re.compile(r"`[^`]*`|https?://[^\s)]+")  # inline code and link targets are not numbers to read


def test_the_number_detector():
    for english in ("d = 1.72", "0.452", "399,997 words", "1,234,567", "45.2%", "p = 0.0001"):
        assert ENGLISH_NUMBER.search(english), english
    assert not ENGLISH_NUMBER.search("d = 1,72, 0,452, 399.997 Wörter, 1.234.567, 45,2 %, Schritt 3 von 8, 12 °")


def table_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(headers and row labels, every cell) of the page's tables and data frames, as text."""
    labels, cells = [], []
    for table in [*at.table, *at.dataframe]:
        frame = styled_values(table)
        labels += [str(c) for c in frame.columns] + [str(i) for i in frame.index if not isinstance(i, int)]
        cells += [str(v) for v in frame.to_numpy().ravel() if isinstance(v, str)]
    return labels, cells


def styled_values(table):
    """The table as shown: a Styler's formatted display values where the page formats its numbers."""
    import pyarrow as pa

    data = table.proto.arrow_data if hasattr(table.proto, "arrow_data") else None
    if data is not None and data.HasField("styler") and data.styler.display_values:
        return pa.ipc.open_stream(data.styler.display_values).read_pandas()
    return table.value


def german_problems(at: AppTest, number_texts_only: bool = False) -> list[str]:
    labels, cells = table_texts(at)
    texts = visible_texts(at)
    english = [] if number_texts_only else [t for t in [*texts, *labels] if ENGLISH.search(t)]
    numbers = [t for t in [*texts, *cells] if ENGLISH_NUMBER.search(CODE.sub("", t))]
    return english + numbers


def lesson_step(step: int, **params: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=240)
    at.session_state["lang"] = "de"
    at.query_params.update({"step": str(step), **params})
    at.run()
    at.switch_page(str(ROOT / "pages" / "lesson.py"))
    at.run()
    assert_clean(at)
    return at


STEP_VIEWS = [(s, {}) for s in range(1, STEPS + 1) if s != 6] + [(6, {"part": p}) for p in ("pca", "colour", "gd", "k")]


@pytest.mark.parametrize(("step", "params"), STEP_VIEWS, ids=[f"{s}{p.get('part', '')}" for s, p in STEP_VIEWS])
def test_every_lesson_result_is_german(step, params):
    at = lesson_step(step, **params)
    assert not german_problems(at), german_problems(at)


def test_a_budget_message_on_a_page_is_german(monkeypatch):
    monkeypatch.setenv("LAB_MAX_SIMULATION_WORK", "1000")
    at = open_page("feedback_loop.py", lang="de")
    assert_clean(at)
    errors = [e.value for e in at.error]
    assert any("mehr als die Grenze von 1.000" in e and "LAB_MAX_SIMULATION_WORK" in e for e in errors), errors
    assert not [e for e in errors if ENGLISH.search(e) or "limit" in e], errors


def test_the_feedback_results_are_german():
    at = open_page("feedback_loop.py", lang="de")
    at.button(key="fb_run").click().run()
    assert_clean(at)
    assert at.dataframe, "the run shows its summary table"
    problems = german_problems(at)
    assert not problems, problems
    shown = styled_values(at.dataframe[0]).to_numpy().ravel()  # the summary's numbers as the page formats them
    assert any(re.fullmatch(r"[+−-]?\d+,\d{3}", str(v)) for v in shown), shown
