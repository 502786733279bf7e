from tests.app.conftest import assert_clean, open_page


def test_default_embedding_neighbours():
    at = open_page("embeddings.py")
    assert_clean(at)
    frame = at.dataframe[0].value
    assert list(frame["word"][:2]) == ["prince", "queen"]
    assert "glove-6b-50d" in at.caption[0].value


def test_unknown_word_names_it_and_suggests_spellings():
    at = open_page("embeddings.py")
    at.text_input(key="emb_query").set_value("kign").run()
    assert_clean(at)
    assert any("'kign'" in e.value for e in at.error)
    assert any("king" in i.value for i in at.info)


def test_german_page():
    at = open_page("embeddings.py", lang="de")
    assert_clean(at)
    assert at.title[0].value == "Embeddings"
    assert any(m.label == "Vokabular" for m in at.metric)


def test_load_default_with_limit_activates_a_smaller_embedding():
    at = open_page("embeddings.py")
    at.number_input(key="load_limit").set_value(20_000)
    at.button(key="load_button").click().run()
    assert_clean(at)
    assert any("20,000 words" in s.value for s in at.success)
    assert at.metric[0].value == "20,000"


def test_load_bad_path_keeps_previous_embedding(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed server paths are off by default
    bad = tmp_path / "broken.txt"
    bad.write_text("2 3\nking 1 2 3\nqueen 1 2\n")
    at = open_page("embeddings.py")
    at.radio(key="load_kind").set_value("path").run()
    at.text_input(key="load_path").set_value(str(bad))
    at.button(key="load_button").click().run()
    assert_clean(at)
    assert any("line 3" in e.value and "expected 3" in e.value for e in at.error)
    assert at.metric[0].value == "400,000"  # the default stays active


def test_load_pickle_path_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed server paths are off by default
    bad = tmp_path / "vectors.kv"
    bad.write_bytes(b"\x80\x04not really")
    at = open_page("embeddings.py")
    at.radio(key="load_kind").set_value("path").run()
    at.text_input(key="load_path").set_value(str(bad))
    at.button(key="load_button").click().run()
    assert_clean(at)
    assert any("pickle" in e.value for e in at.error)


def test_train_on_user_corpus_then_query(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed server paths are off by default
    corpus = tmp_path / "corpus.txt"
    sentences = ["the king rules the kingdom with the queen"] * 40 + ["the cat sat on the mat with the dog"] * 40
    corpus.write_text("\n".join(sentences))
    at = open_page("embeddings.py", timeout=180)
    at.radio(key="corpus_kind").set_value("path").run()
    at.text_input(key="corpus_path").set_value(str(corpus))
    at.slider(key="w2v_epochs").set_value(2)
    at.slider(key="w2v_workers").set_value(1)
    at.button(key="train_button").click().run()
    assert_clean(at)
    # #11: training asks before making the new embedding active; the default stays until then
    assert at.metric[0].value == "400,000" and at.button(key="activate_trained")
    at.button(key="activate_trained").click().run()
    assert at.metric[0].value == "11"  # 11 distinct words, each seen ≥ 5 times: now the active one
    assert any("Last training run" in h.value for h in at.subheader)
    # a banner in the sidebar offers the way back to the default
    assert any("not the default" in i.value for i in at.sidebar.info)
    at.sidebar.button(key="back_to_default").click().run()
    assert_clean(at)
    assert at.metric[0].value == "400,000" and not at.sidebar.info
