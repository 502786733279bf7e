"""The Embeddings page's engine switch: gensim (CPU) and PyTorch (GPU) side by side, same settings."""

from __future__ import annotations

from tests.app.conftest import assert_clean, open_page


def _corpus(tmp_path):
    corpus = tmp_path / "corpus.txt"
    sentences = ["the king rules the kingdom with the queen"] * 40 + ["the cat sat on the mat with the dog"] * 40
    corpus.write_text("\n".join(sentences))
    return corpus


def test_both_engines_are_offered_and_torch_trains_with_the_same_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # the corpus is typed as a server path (off by default)
    at = open_page("embeddings.py", timeout=180)
    engine = at.radio(key="w2v_engine")
    assert engine.options == ["gensim (CPU)", "PyTorch (GPU)"] and engine.value == "gensim"
    at.radio(key="corpus_kind").set_value("path").run()
    at.text_input(key="corpus_path").set_value(str(_corpus(tmp_path)))
    at.slider(key="w2v_epochs").set_value(2)
    at.slider(key="w2v_workers").set_value(1)
    at.radio(key="w2v_engine").set_value("torch").run()
    assert any("PyTorch will train on: CPU" in c.value for c in at.caption)
    assert any("No GPU here" in i.value for i in at.info)
    at.number_input(key="w2v_engine_batch").set_value(200)
    at.button(key="train_button").click().run()
    assert_clean(at)
    # Training never switches the embedding a lecture is using: it is offered, then activated.
    assert at.metric[0].value == "400,000" and at.button(key="activate_trained")
    at.button(key="activate_trained").click().run()
    assert at.metric[0].value == "11"  # the same 11 words as gensim's vocabulary: now the active embedding
    speed = next(m for m in at.metric if m.label == "Words per second")
    assert float(speed.value.replace(",", "")) > 0
    assert any("200 words per step" in c.value for c in at.caption)


def test_german_engine_labels(tmp_path):
    at = open_page("embeddings.py", lang="de")
    assert_clean(at)
    engine = at.radio(key="w2v_engine")
    assert engine.label == "Trainings-Engine" and engine.options == ["gensim (CPU)", "PyTorch (GPU)"]
