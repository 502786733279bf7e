"""The autoencoder settings form: the widgets behind an ``AutoencoderConfig``, kept in the URL.

The defaults go into session state (not the widgets' ``value=``) through the URL binder, so a
shared link, the lecture set-up buttons and a visit to another page all set the same state.
"""

from __future__ import annotations

import streamlit as st

from analysis.autoencoder import ACTIVATIONS, LOSSES, OPTIMIZERS, OUTPUT_ACTIVATIONS, SCALINGS, AutoencoderConfig
from analysis.autoencoder_presets import LECTURE_SETUPS
from analysis.errors import AnalysisError
from app.components.choice import choice
from app.i18n import t
from app.url_state import Field, UrlBinder

SOURCES = ("digits", "photos", "words", "path", "upload")
K_RANGE_MAX = 64  # the AE-vs-PCA comparison trains one autoencoder per k: at most this many


def parse_k_range(text: str) -> tuple[int, int]:
    """The AE-vs-PCA comparison's k range from its URL text; ``ValueError`` if it is not one.

    >>> parse_k_range("2-6"), encode_k_range((1, 8))
    ((2, 6), '1-8')
    """
    low, high = (int(part) for part in text.split("-"))
    if not 1 <= low <= high <= K_RANGE_MAX:
        raise ValueError(f"{text!r} is not a range 1 ≤ from ≤ to ≤ {K_RANGE_MAX}")
    return low, high


def encode_k_range(value) -> str:
    low, high = value
    return f"{int(low)}-{int(high)}"


URL = UrlBinder("autoencoder.", [
    Field("data", "source", str, "digits", choices=SOURCES),
    Field("latent", "latent", int, 2, low=1, high=100_000),
    Field("hidden", "hidden", str, "", max_length=200),
    Field("scaling", "scaling", str, "standardize", choices=tuple(SCALINGS)),
    Field("act", "activation", str, "linear", choices=tuple(ACTIVATIONS)),
    Field("out", "output_activation", str, "linear", choices=tuple(OUTPUT_ACTIVATIONS)),
    Field("loss", "loss", str, "mse", choices=tuple(LOSSES)),
    Field("opt", "optimizer", str, "adam", choices=tuple(OPTIMIZERS)),
    Field("lr", "lr", float, 0.02, low=1e-5, high=10.0),
    Field("epochs", "epochs", int, 300, low=1, high=100_000),
    Field("batch", "batch_size", int, 0, low=0, high=10_000_000),
    Field("seed", "seed", int, 0, low=0, high=2**31 - 1),
    # The gradient-descent comparison's inputs (so the lesson's step 6c link carries them too).
    Field("gde", "gd_epochs", int, 10, low=1, high=200, omit_default=True),
    Field("gdmb", "gd_mini_batch", int, 128, low=2, high=4096, omit_default=True),
    Field("gdn", "gd_max_samples", int, 2000, low=100, high=20_000, omit_default=True),
    Field("krange", "k_range", tuple, (1, 8), parser=parse_k_range, encoder=encode_k_range, omit_default=True),
])


def apply_lecture_setup(kind: str) -> None:
    """Preset widget values (runs before the widgets are drawn, as an on_click callback)."""
    URL.apply(st.session_state, {URL_PARAM[name]: value for name, value in LECTURE_SETUPS[kind].items()})


OPTIMIZER_NAMES = {"adam": "Adam", "sgd": "SGD"}  # proper names: the same in every language
URL_PARAM = {field.key: param for param, field in URL.fields.items()}  # setting name -> URL parameter


def settings_form(dims: int, samples: int) -> AutoencoderConfig:
    """Draw the settings for data of ``samples`` × ``dims``; the config they describe."""
    st.session_state["autoencoder.latent"] = min(int(st.session_state["autoencoder.latent"]), dims)
    st.session_state["autoencoder.batch_size"] = min(int(st.session_state["autoencoder.batch_size"]), samples)
    left, middle, right = st.columns(3)
    latent = left.number_input(t("autoencoder.latent"), 1, dims, key="autoencoder.latent", help=t("autoencoder.latent_help"))
    hidden_text = left.text_input(t("autoencoder.hidden"), key="autoencoder.hidden", placeholder="128, 64", help=t("autoencoder.hidden_help"))
    scaling = choice("autoencoder.scaling", SCALINGS, "autoencoder.scaling", option_key="autoencoder.scaling.{}", widget="selectbox", where=left)
    activation = middle.selectbox(t("autoencoder.activation"), ACTIVATIONS, key="autoencoder.activation")
    output_activation = middle.selectbox(t("autoencoder.output_activation"), OUTPUT_ACTIVATIONS, key="autoencoder.output_activation")
    loss = choice("autoencoder.loss", LOSSES, "autoencoder.loss", labels={name: name.upper() for name in LOSSES}, widget="selectbox", where=middle)
    optimizer = choice("autoencoder.optimizer", OPTIMIZERS, "autoencoder.optimizer", labels=OPTIMIZER_NAMES, widget="selectbox", where=right)
    lr = right.number_input(t("autoencoder.lr"), 1e-5, 10.0, format="%.4f", key="autoencoder.lr")
    epochs = right.number_input(t("autoencoder.epochs"), 1, 100_000, key="autoencoder.epochs")
    batch_size = left.number_input(t("autoencoder.batch_size"), 0, samples, key="autoencoder.batch_size", help=t("autoencoder.batch_size_help"))
    seed = middle.number_input(t("autoencoder.seed"), 0, 2**31 - 1, key="autoencoder.seed")
    try:
        hidden = tuple(int(p) for p in hidden_text.replace(",", " ").split())
    except ValueError:
        raise AnalysisError(key="autoencoder.hidden_invalid", values={"text": hidden_text}) from None
    return AutoencoderConfig(
        input_dim=dims, latent_dim=int(latent), hidden=hidden, activation=activation, output_activation=output_activation,
        loss=loss, optimizer=optimizer, lr=float(lr), epochs=int(epochs), batch_size=int(batch_size), seed=int(seed), scaling=scaling,
    )
