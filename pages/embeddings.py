"""Embeddings: explore the active embedding, load another one, or train word2vec."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.charts import embeddings as charts
from analysis.embeddings import DEFAULT_SOURCE
from analysis.training import TrainingConfig, validate_config
from app import server_paths, state, ui, uploads
from app.components import embeddings_last_run, word2vec_engine, word2vec_training
from app.components.choice import choice
from app.i18n import md, num, t

st.title(t("embeddings.title"))
emb = state.active_embeddings()
ui.embedding_caption(emb.info)
# Keyed and state-tracking: the rerun that collects a finished training keeps the Train tab open.
explore, load, train = st.tabs([t("embeddings.tab_explore"), t("embeddings.tab_load"), t("embeddings.tab_train")], key="emb_tab", on_change="rerun")

# --- Explore: neighbours and statistics -------------------------------------------------------------
with explore:
    with ui.guard():
        left, right = st.columns([2, 1])
        word = left.text_input(t("embeddings.query_word"), value="king", key="emb_query")
        topn = right.slider(t("embeddings.topn"), 5, 50, 10, key="emb_topn")
        if word.strip():
            result = emb.neighbors(word, topn=topn)
            table, chart = st.columns([1, 2])
            table.dataframe(charts.neighbors_frame(result), hide_index=True, width="stretch")
            chart.altair_chart(charts.neighbors_chart(result, t("embeddings.neighbors_of", word=word), x_title=t("common.cosine_similarity")), width="stretch")
        else:
            st.info(t("embeddings.empty_query"))
    with ui.guard():
        st.subheader(t("embeddings.stats"))
        a, b, c, d = st.columns(4)
        a.metric(t("embeddings.vocabulary"), num(emb.info.vocab_size))
        b.metric(t("embeddings.dimensions"), emb.info.dims)
        c.metric(t("embeddings.cased"), t("embeddings.yes") if emb.info.cased else t("embeddings.no"))
        d.metric(t("embeddings.hash"), emb.info.content_hash)
        st.caption(md("embeddings.source", source=emb.info.source))
        for note in emb.info.notes:
            st.warning(note)
        st.altair_chart(charts.norm_histogram(emb, x_title=t("embeddings.norm_axis"), y_title=t("common.words_axis")), width="stretch")
        st.caption(t("embeddings.norm_caption"))
        if emb.info.vocab_size <= 200_000:  # larger ones: the user has the file already
            stem = Path(emb.info.name).stem.replace(" ", "_")[:60] or "embedding"
            d1, d2 = st.columns(2)
            d1.download_button(t("embeddings.download_text"), lambda: emb.to_word2vec_bytes(False), f"{stem}.txt", "text/plain", key="dl_txt")
            d2.download_button(t("embeddings.download_binary"), lambda: emb.to_word2vec_bytes(True), f"{stem}.bin", "application/octet-stream", key="dl_bin")

# --- Load: default, local path, upload --------------------------------------------------------------
with load:
    # Typed server paths are off unless allowed.
    kind = choice("embeddings.load_from", server_paths.sources(["default", "path", "upload"]), "load_kind", option_key="embeddings.load_{}", horizontal=True)
    limit = st.number_input(t("embeddings.limit"), min_value=0, value=0, step=10_000, help=t("embeddings.limit_help"), key="load_limit")
    limit = int(limit) or None
    st.caption(t("embeddings.formats"))
    if kind == "path":
        path = st.text_input(t("embeddings.path"), key="load_path", placeholder="/data/GoogleNews-vectors-negative300.bin.gz")
    elif kind == "upload":
        upload = st.file_uploader(t("embeddings.upload"), key="load_upload", type=None)
    if st.button(t("embeddings.load_button"), type="primary", key="load_button"):
        with ui.guard():
            if kind == "default":
                default = state.default_embeddings()
                if limit:
                    state.add_and_activate(default.top(limit))
                else:
                    state.activate(DEFAULT_SOURCE)
            elif kind == "path":
                if not path.strip():
                    st.warning(t("embeddings.need_path"))
                    st.stop()
                state.load_path(path.strip(), limit)
            else:
                if upload is None:
                    st.warning(t("embeddings.need_upload"))
                    st.stop()
                state.load_upload(upload.name, upload.getvalue(), limit)
            loaded = state.active_embeddings()
            st.session_state["emb_loaded_message"] = md(
                "embeddings.loaded", name=loaded.info.name, words=num(loaded.info.vocab_size), dims=loaded.info.dims
            )
            st.rerun()
    if "emb_loaded_message" in st.session_state:
        st.success(st.session_state.pop("emb_loaded_message"))

# --- Train word2vec ---------------------------------------------------------------------------------
with train:
    st.markdown(t("embeddings.train_intro"))
    corpus_kind = choice("embeddings.corpus", server_paths.sources(["default", "path", "upload"]), "corpus_kind", option_key="embeddings.corpus_{}", horizontal=True)
    corpus_source: str | None = "default"
    if corpus_kind == "path":
        corpus_source = st.text_input(t("embeddings.corpus_path"), key="corpus_path").strip() or None
    elif corpus_kind == "upload":
        uploaded = st.file_uploader(t("embeddings.corpus_upload"), type=["txt"], key="corpus_upload")
        corpus_source = None if uploaded is None else "upload"  # on disk only while training (app/uploads.py)
    st.caption(t("embeddings.tokenisation"))

    c1, c2, c3, c4 = st.columns(4)
    arch = choice("embeddings.architecture", ["cbow", "skipgram"], "w2v_arch", option_key="embeddings.{}", where=c1)
    vector_size = c2.slider(t("embeddings.vector_size"), 10, 300, 100, 10, key="w2v_size")
    window = c3.slider(t("embeddings.window"), 1, 15, 5, key="w2v_window")
    min_count = c4.slider(t("embeddings.min_count"), 1, 50, 5, key="w2v_min_count")
    c5, c6, c7, c8 = st.columns(4)
    negative = c5.slider(t("embeddings.negative"), 1, 20, 5, key="w2v_negative")
    epochs = c6.slider(t("embeddings.epochs"), 1, 50, 5, key="w2v_epochs")
    seed = c7.number_input(t("embeddings.seed"), 0, 2**31 - 1, 1, key="w2v_seed")
    workers = c8.slider(t("embeddings.workers"), 1, 8, 2, key="w2v_workers", help=t("embeddings.workers_help"))
    engine, batch_words = word2vec_engine.engine_picker()

    if st.button(t("embeddings.train_button"), type="primary", key="train_button"):
        with ui.guard():
            if corpus_source is None:
                st.warning(t("embeddings.need_corpus"))
                st.stop()
            config = TrainingConfig(
                sg=arch == "skipgram", vector_size=vector_size, window=window, min_count=min_count,
                negative=negative, epochs=epochs, seed=int(seed), workers=workers,
            )
            validate_config(config)  # bad settings: a message now, not from the worker
            if corpus_kind == "path":
                server_paths.check(corpus_source, "corpus file")
            payload = None
            if corpus_source == "upload":
                uploads.check_size(uploaded.name, uploaded.size)
                payload = uploaded.getvalue()
            word2vec_training.start(corpus_source, config, engine, batch_words, upload=payload)
    word2vec_training.show()  # a run in progress (this or an earlier rerun's), or what it trained

    embeddings_last_run.show_last_run(emb)
