"""The Analogies page through the real entrypoint: presets, free queries, unknown words, exclusion, URL,
and the benchmark tab on a small uploaded file."""

from __future__ import annotations

from gensim.test.utils import datapath
from streamlit.testing.v1 import AppTest

from analysis.analogy import analogy
from analysis.evaluate import evaluate_analogies, evaluate_word_pairs
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean, open_page

K = "analogies."


def no_errors(at: AppTest) -> None:
    assert_clean(at)
    assert not at.error, [e.value for e in at.error]


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "≈" in m.value)


def first_table_words(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value.iloc[:, 1])


def test_default_query_is_king_queen(glove):
    at = open_page("analogies.py")
    no_errors(at)
    assert "king − man + woman ≈ queen" in headline(at)
    assert first_table_words(at) == [n.word for n in analogy(glove, ["king", "woman"], ["man"]).results]
    assert at.query_params["a"] == "man" and at.query_params["c"] == "woman"
    assert at.query_params["lang"] == "en"  # the language parameter of app/i18n.py is kept


def test_preset_shows_the_honest_rank():
    at = open_page("analogies.py")
    at.button(key=K + "preset_button.germany_london").click().run()
    no_errors(at)
    assert "germany − berlin + london ≈ britain" in headline(at)
    warning = " ".join(w.value for w in at.warning)
    assert "england" in warning and "rank 6" in warning
    assert at.query_params["preset"] == "germany_london"
    at.button(key=K + "preset_button.king_queen").click().run()
    assert any("queen" in s.value for s in at.success)
    # Editing a word ends the preset: no rank claim about a different question.
    at.text_input(key=K + "c").set_value("girl").run()
    no_errors(at)
    assert not at.success and "preset" not in at.query_params


def test_free_query_with_any_number_of_words(glove):
    at = open_page("analogies.py")
    at.radio(key=K + "mode").set_value("free").run()
    at.text_input(key=K + "pos").set_value("paris, germany").run()
    at.text_input(key=K + "neg").set_value("berlin").run()
    at.slider(key=K + "topn").set_value(5).run()
    no_errors(at)
    assert "≈ france" in headline(at)
    assert first_table_words(at) == [n.word for n in analogy(glove, ["paris", "germany"], ["berlin"], topn=5).results]
    assert any("parallelogram" in m.value for m in at.markdown)  # two positives, one negative: a : b :: c
    assert at.query_params["pos"] == "paris, germany" and "a" not in at.query_params


def test_unknown_word_names_it_and_suggests():
    at = open_page("analogies.py")
    at.text_input(key=K + "b").set_value("kign").run()
    assert_clean(at)
    assert any("kign" in e.value for e in at.error)
    assert any("king" in i.value for i in at.info)
    assert not at.dataframe  # no answers to a question we could not ask


def test_exclusion_toggle_and_side_by_side_view():
    at = open_page("analogies.py")
    at.button(key=K + "preset_button.doctor_nurse").click().run()
    assert "≈ nurse" in headline(at)
    at.toggle(key=K + "exclude").set_value(False).run()
    no_errors(at)
    assert "≈ doctor" in headline(at)
    assert at.query_params["excl"] == "0"
    at.toggle(key=K + "exclude").set_value(True).run()
    at.toggle(key=K + "compare").set_value(True).run()
    no_errors(at)
    verdict = " ".join(w.value for w in at.warning)
    assert "nurse" in verdict and "doctor" in verdict and "needs the exclusion" in verdict


def test_3cosmul_method(glove):
    at = open_page("analogies.py")
    at.radio(key=K + "method").set_value("mul").run()
    no_errors(at)
    assert "3CosMul" in headline(at)
    assert first_table_words(at) == [n.word for n in analogy(glove, ["king", "woman"], ["man"], method="mul").results]


def test_query_from_a_shared_link():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.session_state["lang"] = "en"
    at.query_params.update({"a": "mouse", "b": "mice", "c": "dollar", "method": "mul", "k": "3", "excl": "1"})
    at.run()
    at.switch_page(str(ROOT / "pages" / "analogies.py")).run()
    no_errors(at)
    assert at.text_input(key=K + "a").value == "mouse" and at.radio(key=K + "method").value == "mul"
    assert "mice − mouse + dollar" in headline(at) and len(at.dataframe[0].value) == 3


def small_benchmark() -> str:
    lines = open(datapath("questions-words.txt"), encoding="utf-8").read().splitlines()
    return "\n".join(lines[:30] + lines[8874:8900] + ["only three words"]) + "\n"


def test_evaluation_tab_on_a_small_uploaded_file(glove):
    at = open_page("analogies.py")
    at.selectbox(key=K + "eval_benchmark").set_value("upload").run()
    at.file_uploader(key=K + "eval_upload").set_value(("small.txt", small_benchmark().encode(), "text/plain")).run()
    at.button(key=K + "eval_run").click().run()
    no_errors(at)
    expected = evaluate_analogies(glove, text=small_benchmark())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Accuracy"] == f"{expected.accuracy:.1%}"
    assert metrics["Semantic"] == f"{expected.semantic_accuracy:.1%}"
    assert metrics["Syntactic"] == f"{expected.syntactic_accuracy:.1%}"
    table = at.dataframe[-1].value
    assert list(table["correct"]) == [s.correct for s in expected.sections]
    assert any(b.label == "Download CSV" for b in at.get("download_button"))
    # A second run of the same benchmark comes from the shared cache, with the same numbers.
    at.button(key=K + "eval_run").click().run()
    no_errors(at)
    assert {m.label: m.value for m in at.metric} == metrics


def test_evaluation_tab_word_pairs_and_bad_upload(glove):
    at = open_page("analogies.py")
    at.selectbox(key=K + "eval_benchmark").set_value("wordsim353").run()
    at.button(key=K + "eval_run").click().run()
    no_errors(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Spearman ρ"] == f"{evaluate_word_pairs(glove, 'wordsim353').spearman:.4f}"
    at.selectbox(key=K + "eval_benchmark").set_value("upload").run()
    at.file_uploader(key=K + "eval_upload").set_value(("bad.txt", "café\n".encode("latin-1"), "text/plain")).run()
    assert_clean(at)
    assert any("UTF-8" in e.value for e in at.error)


def test_coming_back_from_another_page_works():
    at = open_page("analogies.py")
    at.text_input(key=K + "b").set_value("queen").run()
    at.switch_page(str(ROOT / "pages" / "home.py")).run()
    at.switch_page(str(ROOT / "pages" / "analogies.py")).run()
    no_errors(at)
    assert "≈" in headline(at)


def test_german_page_is_translated():
    at = open_page("analogies.py", lang="de")
    no_errors(at)
    assert at.title[0].value == "Analogien"


def test_blank_a_still_answers_without_a_parallelogram(glove):
    # a : b :: c with a left blank is the free query king + woman; no parallelogram can be drawn.
    at = open_page("analogies.py")
    at.text_input(key=K + "a").set_value("").run()
    no_errors(at)
    assert not at.error
    assert first_table_words(at) == [n.word for n in analogy(glove, ["king", "woman"], [], topn=10).results]
    assert not any("parallelogram" in m.value for m in at.markdown)


def test_words_that_cancel_out_get_a_message():
    at = open_page("analogies.py")
    at.radio(key=K + "mode").set_value("free").run()
    at.text_input(key=K + "pos").set_value("king").run()
    at.text_input(key=K + "neg").set_value("king").run()
    assert_clean(at)
    assert any("cancel out" in e.value for e in at.error) and not at.dataframe


def test_side_by_side_does_not_call_a_wrong_answer_famous():
    """#11: easiest − easy + lucky gives 'unlucky' with the exclusion; the preset's famous answer is 'luckiest'."""
    at = open_page("analogies.py")
    at.button(key=K + "preset_button.easiest_luckiest").click().run()
    at.toggle(key=K + "compare").set_value(True).run()
    no_errors(at)
    verdict = " ".join(w.value for w in at.warning)
    assert "≈ unlucky" in headline(at)  # GloVe 6B 50d: the exclusion's top answer is not the expected one
    assert "The famous answer **unlucky**" not in verdict
    assert "expected **luckiest**" in verdict and "input **lucky**" in verdict
