"""Debiasing page: the method's parameters and the evidence settings."""

from __future__ import annotations

import streamlit as st

from analysis.debias_evidence import EvidenceConfig
from analysis.residual import PROTOCOLS, SVM_GAMMAS, ResidualConfig
from app.components.choice import choice
from app.i18n import t


def method_params() -> tuple[str, dict]:
    """The method radio and its parameters (the keyword arguments of the debiasing call)."""
    method = choice("debias.method", ["hard", "inlp"], "debias_method", option_key="debias.method_{}", horizontal=True)
    st.caption(t(f"debias.method_{method}_help"))
    params: dict = {}
    if method == "hard":
        c1, c2 = st.columns(2)
        params["direction_method"] = choice("debias.direction", ["pca", "mean"], "debias_direction", option_key="debias.direction_{}", widget="selectbox", where=c1)
        params["gender_specific"] = choice(
            "debias.specific",
            ["bolukbasi/gender_specific_full", "bolukbasi/gender_specific"],
            "debias_specific",
            option_key=lambda n: "debias.specific_full" if n.endswith("full") else "debias.specific_seed",
            widget="selectbox",
            where=c2,
        )
    else:
        c1, c2, c3 = st.columns(3)
        params["iterations"] = c1.slider(t("debias.iterations"), 1, 40, 15, key="debias_iterations", help=t("debias.iterations_help"))
        params["classifier"] = choice("debias.classifier", ["svm", "logistic"], "debias_classifier", option_key="debias.classifier_{}", widget="selectbox", where=c2)
        params["n_per_class"] = c3.select_slider(t("debias.words_per_class"), [500, 1000, 2500, 5000, 7500], value=7500, key="debias_words", help=t("debias.words_per_class_help"))
        c4, c5 = st.columns(2)
        params["neutral_class"] = c4.checkbox(t("debias.neutral_class"), value=False, key="debias_neutral", help=t("debias.neutral_class_help"))
        params["seed"] = int(c5.number_input(t("debias.seed"), 0, 2**31 - 1, 0, key="debias_seed"))
    return method, params


def evidence_config() -> EvidenceConfig:
    """The evidence settings expander: what is measured before and after."""
    with st.expander(t("debias.evidence_settings")):
        e1, e2 = st.columns(2)
        utility = e1.checkbox(t("debias.utility"), value=True, key="debias_utility", help=t("debias.utility_help"))
        analogy_vocab = e2.select_slider(t("debias.analogy_vocab"), [30_000, 100_000, 300_000], value=300_000, key="debias_analogy_vocab", help=t("debias.analogy_vocab_help"))
        e3, e4, e5 = st.columns(3)
        residual_words = e3.select_slider(t("debias.residual_words"), [100, 250, 500, 1000], value=500, key="debias_residual_words", help=t("debias.residual_words_help"))
        residual_vocab = e4.select_slider(t("debias.residual_vocab"), [20_000, 50_000, 100_000], value=50_000, key="debias_residual_vocab", help=t("debias.residual_vocab_help"))
        permutations = e5.select_slider(t("debias.permutations"), [1_000, 10_000, 100_000], value=10_000, key="debias_permutations")
        e6, e7 = st.columns(2)
        protocol = choice("residual.protocol", list(PROTOCOLS), "debias_residual_protocol", option_key="residual.protocol_{}", widget="selectbox", where=e6, help=t("residual.protocol_help"))
        svm_gamma = choice("residual.svm_gamma", list(SVM_GAMMAS), "debias_svm_gamma", option_key="residual.svm_gamma_{}", widget="selectbox", where=e7, help=t("residual.svm_gamma_help"))
    return EvidenceConfig(
        permutations=permutations,
        utility=utility,
        analogy_restrict_vocab=analogy_vocab,
        residual=ResidualConfig(protocol=protocol, n_per_class=residual_words, vocab_limit=residual_vocab, svm_gamma=svm_gamma),
    )
