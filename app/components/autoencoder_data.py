"""The Autoencoder page's data chooser: bundled digits or photos, word vectors, a path, an upload.

``PageData`` is defined here, not in the page script: the script is re-executed on every rerun,
and a class defined there would be a new class each time, so a trained model's kept context
would stop being recognised as one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from analysis.autoencoder_samples import RANK_BAND_SIZE, RANK_BANDS, rank_bands
from analysis.images import DEFAULT_MAX_SAMPLES, ImageSet
from analysis.projection import word_matrix
from app import server_paths, state
from app.components import autoencoder_settings as settings
from app.components.choice import choice
from app.i18n import num, t


@dataclass
class PageData:
    matrix: np.ndarray  # (n, d) samples
    labels: np.ndarray | None  # class per sample, if any
    label_names: tuple[str, ...]  # class names by number
    name: str  # display name, also tells a trained model which data it saw
    images: ImageSet | None  # how to draw a sample (None for word vectors)
    words: list[str] | None  # the words, for word-vector data


def _band_name(band: int) -> str:
    if band < RANK_BANDS - 1:
        return t("autoencoder.rank_band", low=num(band * RANK_BAND_SIZE + 1), high=num((band + 1) * RANK_BAND_SIZE))
    return t("autoencoder.rank_band_rest", low=num(band * RANK_BAND_SIZE + 1))


def _image_data(images: ImageSet) -> PageData:
    return PageData(images.data, images.labels, images.label_names, images.name, images if images.is_image else None, None)


def choose_data() -> PageData | None:
    """Draw the data source widgets; the chosen data, or None while a path or upload is missing."""
    source = choice("autoencoder.source", server_paths.sources(settings.SOURCES), "autoencoder.source", option_key="autoencoder.source.{}", horizontal=True)
    if source == "digits":
        return _image_data(state.digits_images())
    if source == "photos":  # bundled colour patches: the 3072 → 200 network with no download
        return _image_data(state.photo_images())
    if source == "words":
        emb = state.active_embeddings()
        top_n = st.number_input(t("autoencoder.top_n"), 100, len(emb), min(10_000, len(emb)), step=1000, key="autoencoder.top_n")
        matrix, words = word_matrix(emb, int(top_n))
        names = tuple(_band_name(b) for b in range(RANK_BANDS))
        return PageData(matrix, rank_bands(len(words)), names, t("autoencoder.words_name", n=num(len(words)), name=emb.info.name), None, list(words))
    max_samples = int(st.number_input(t("autoencoder.max_samples"), 100, 200_000, DEFAULT_MAX_SAMPLES, step=1000, key="autoencoder.max_samples"))
    if source == "path":
        path = st.text_input(t("autoencoder.path"), key="autoencoder.path", placeholder="~/data/cifar-10-batches-py")
        st.caption(t("autoencoder.pickle_note"))
        if not path.strip():
            st.info(t("autoencoder.path_empty"))
            return None
        images = state.images_from_path(path.strip(), max_samples, state.image_path_mtime(path.strip()))
    else:
        # No type filter: MNIST's unpacked files have no extension (train-images-idx3-ubyte); the
        # loader decides by content and refuses pickles whatever their name.
        upload = st.file_uploader(t("autoencoder.upload"), key="autoencoder.upload")
        st.caption(t("autoencoder.upload_note"))
        if upload is None:
            return None
        images = state.images_from_upload(upload.name, upload.file_id, max_samples, upload.getvalue())
    for note in images.notes:
        st.caption(note)
    return _image_data(images)
