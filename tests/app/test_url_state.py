"""#11 state kept and shareable: a link reproduces the view in a fresh session; inputs survive navigation."""

from __future__ import annotations

from tests.app.conftest import ROOT, assert_clean
from tests.app.test_injection import open_with_params


def test_a_weat_link_reproduces_the_test_and_its_options():
    at = open_with_params("weat.py", {"test": "caliskan-1", "perm": "5000", "seed": "3", "ddof": "0", "miss": "0.5"})
    assert_clean(at)
    assert at.selectbox(key="weat_test").value == "caliskan-1"
    assert at.number_input(key="weat_permutations").value == 5000 and at.number_input(key="weat_seed").value == 3
    assert at.radio(key="weat_ddof").value == 0 and at.slider(key="weat_max_missing").value == 0.5
    assert at.query_params["test"] == "caliskan-1" and at.query_params["perm"] == "5000"


def test_a_broken_weat_link_falls_back_to_the_defaults_without_an_error():
    at = open_with_params("weat.py", {"test": "evil", "perm": "lots", "seed": "-1", "ddof": "7", "src": "<b>"})
    assert_clean(at)
    assert not at.error
    assert at.selectbox(key="weat_test").value == "caliskan-6"
    assert at.number_input(key="weat_permutations").value == 100_000
    assert at.number_input(key="weat_seed").value == 0 and at.radio(key="weat_ddof").value == 1


def test_a_custom_weat_link_carries_its_four_lists():
    at = open_with_params("weat.py", {"src": "custom", "x": "math, algebra, geometry", "y": "poetry, art, dance"})
    assert_clean(at)
    assert at.text_area(key="weat_x").value == "math, algebra, geometry"
    assert at.query_params["y"] == "poetry, art, dance" and "test" not in at.query_params


def test_analogy_inputs_survive_a_visit_to_another_page():
    at = open_with_params("analogies.py", {})
    at.text_input(key="analogies.a").input("berlin").run()
    at.switch_page(str(ROOT / "pages" / "weat.py")).run()
    at.selectbox(key="weat_test").set_value("caliskan-8").run()
    at.switch_page(str(ROOT / "pages" / "analogies.py")).run()
    assert_clean(at)
    assert at.text_input(key="analogies.a").value == "berlin"
    at.switch_page(str(ROOT / "pages" / "weat.py")).run()
    assert at.selectbox(key="weat_test").value == "caliskan-8"


def test_a_latent_space_link_reproduces_the_words_and_the_view():
    at = open_with_params("latent_space.py", {"src": "neighbours", "word": "paris", "topn": "8", "view": "pca3", "unit": "0"})
    assert_clean(at)
    assert at.radio(key="latent.source").value == "neighbours" and at.text_input(key="latent.word").value == "paris"
    assert at.slider(key="latent.topn").value == 8 and at.radio(key="latent.view").value == "pca3"
    assert at.toggle(key="latent.unit").value is False
    assert at.query_params["word"] == "paris" and "preset" not in at.query_params


def test_a_broken_latent_space_link_falls_back_without_an_error():
    at = open_with_params("latent_space.py", {"src": "evil", "view": "nope", "topn": "99999", "preset": "<x>"})
    assert_clean(at)
    assert not at.error
    assert at.radio(key="latent.source").value == "preset" and at.radio(key="latent.view").value == "pca2"


def test_a_bias_probes_link_reproduces_the_preset_and_the_direction():
    at = open_with_params("bias_probes.py", {"preset": "programmer", "method": "pair", "pa": "woman", "pb": "man", "c": "0.5"})
    assert_clean(at)
    assert at.radio(key="bias_method").value == "pair" and at.text_input(key="bias_pair_a").value == "woman"
    assert at.number_input(key="bias_c").value == 0.5
    assert any("programmer" in m.value for m in at.markdown)  # the preset's query is shown
    assert at.query_params["preset"] == "programmer" and "pairs" not in at.query_params
    at.button(key="preset_john_mary").click().run()
    assert at.query_params["preset"] == "john_mary"


def test_an_autoencoder_link_reproduces_the_settings():
    at = open_with_params("autoencoder.py", {"latent": "3", "act": "tanh", "epochs": "7", "lr": "0.005", "opt": "sgd", "loss": "evil"})
    assert_clean(at)
    assert at.number_input(key="autoencoder.latent").value == 3 and at.selectbox(key="autoencoder.activation").value == "tanh"
    assert at.number_input(key="autoencoder.epochs").value == 7 and at.selectbox(key="autoencoder.optimizer").value == "sgd"
    assert at.selectbox(key="autoencoder.loss").value == "mse"  # an unknown loss falls back to the default
    assert at.query_params["act"] == "tanh" and at.query_params["loss"] == "mse"
    # the disabled CIFAR set-up says why
    assert "3072" in (at.button(key="autoencoder.setup_cifar_button").help or "")


def test_the_autoencoder_vs_pca_range_is_in_the_link():
    from tests.app.test_autoencoder import open_tab, train

    at = open_with_params("autoencoder.py", {"krange": "2-5", "epochs": "3"})
    assert "krange" in at.query_params  # kept while the form is drawn, before any training
    train(at, epochs=3)
    open_tab(at, "AE vs PCA over k")
    assert_clean(at)
    assert tuple(at.slider(key="autoencoder.k_range").value) == (2, 5)
    at.slider(key="autoencoder.k_range").set_value((1, 3)).run()
    assert at.query_params["krange"] == "1-3"
    at.slider(key="autoencoder.k_range").set_value((1, 8)).run()
    assert "krange" not in at.query_params  # the default stays out of the link


def test_a_broken_autoencoder_range_falls_back_to_the_default():
    from tests.app.test_autoencoder import open_tab, train

    for bad in ("9-2", "0-4", "1-65", "x", "1-2-3", "-1-3"):
        at = open_with_params("autoencoder.py", {"krange": bad})
        train(at, epochs=2)
        open_tab(at, "AE vs PCA over k")
        assert_clean(at)
        assert not at.error, bad
        assert tuple(at.slider(key="autoencoder.k_range").value) == (1, 8), bad


def test_the_lecture_setup_button_fills_the_form_and_the_url():
    at = open_with_params("autoencoder.py", {})
    at.button(key="autoencoder.setup_pca_button").click().run()
    assert at.number_input(key="autoencoder.epochs").value == 400 and at.query_params["epochs"] == "400"
