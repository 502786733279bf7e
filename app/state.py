"""The one app module that caches: loaded embeddings and other large objects, shared read-only.

Every ``st.cache_resource``/``st.cache_data`` of the app lives here (pages never cache). Embeddings
are shared across sessions and never copied per session: a session only remembers *keys*.

* ``default_embeddings()`` — GloVe 6B 50d, loaded once per process.
* ``embedding_store()`` — a bounded, process-wide LRU of embeddings made at run time (uploaded,
  trained, debiased), keyed by content hash. A session keeps the keys it made in
  ``st.session_state["embedding_keys"]``; the sidebar switcher chooses among them.
* ``active_embeddings()`` — what every page analyses.

Pattern for expensive results that depend on an embedding: a ``st.cache_data`` function taking
the embedding's content hash (hashed) and the embedding itself as ``_emb`` (not hashed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from analysis.embeddings import DEFAULT_SOURCE, Embeddings, load_default_glove
from analysis.formats import read_embedding_bytes, read_embedding_file

# How many run-time embeddings (uploads, trained, debiased) the whole server keeps in memory.
MAX_STORED_EMBEDDINGS = 6
ACTIVE_KEY = "active_embedding"  # session_state: key of the active embedding
KNOWN_KEY = "embedding_keys"  # session_state: {key: display name} this session can switch to


@st.cache_resource(show_spinner="Loading GloVe 6B 50d …")
def default_embeddings() -> Embeddings:
    return load_default_glove()


@st.cache_resource(max_entries=4, show_spinner="Reading the embedding file …")
def embeddings_from_path(path: str, limit: int | None, mtime: float) -> Embeddings:
    """A local file, cached by path, limit and modification time (an edited file is re-read)."""
    return read_embedding_file(path, limit=limit)


class SharedLRU:
    """A thread-safe LRU of read-only objects by key, shared by all sessions.

    Every process-wide store of this module is one of these, held by a ``st.cache_resource``.
    Plain LRUs rather than ``st.cache_data`` where the work draws a live progress bar: Streamlit
    replays the elements a cached function drew on every cache hit, and a bar made outside the
    function cannot be replayed.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def drop(self, key) -> None:
        with self._lock:
            self._items.pop(key, None)

    def get_or_compute(self, key, compute):
        value = self.get(key)
        if value is None:
            value = compute()  # outside the lock: other sessions keep working meanwhile
            self.put(key, value)
        return value


@st.cache_resource
def embedding_store() -> SharedLRU:
    """Uploaded, trained and debiased embeddings by content hash."""
    return SharedLRU(MAX_STORED_EMBEDDINGS)


def store_embedding(emb: Embeddings) -> str:
    """Keep ``emb`` in the shared store and return its key (the content hash)."""
    key = emb.info.content_hash
    embedding_store().put(key, emb)
    return key


def _known() -> dict[str, str]:
    return st.session_state.setdefault(KNOWN_KEY, {DEFAULT_SOURCE: DEFAULT_SOURCE})


def add_embedding(emb: Embeddings) -> str:
    """Make ``emb`` available on every page of this session (the sidebar lists it); returns its key."""
    key = DEFAULT_SOURCE if emb.info.content_hash == default_embeddings().info.content_hash else store_embedding(emb)
    _known()[key] = emb.info.name
    return key


def add_and_activate(emb: Embeddings) -> str:
    """Make ``emb`` available on every page of this session and make it the active one."""
    key = add_embedding(emb)
    st.session_state[ACTIVE_KEY] = key
    return key


def activate(key: str) -> None:
    st.session_state[ACTIVE_KEY] = key


def load_path(path: str, limit: int | None = None) -> Embeddings:
    """Read a local embedding file (cached across sessions) and activate it."""
    from app import server_paths

    p = server_paths.check(path)  # off unless the operator allowed server paths
    mtime = p.stat().st_mtime if p.exists() else 0.0
    emb = embeddings_from_path(str(p), limit, mtime)
    add_and_activate(emb)
    return emb


def load_upload(filename: str, data: bytes, limit: int | None = None) -> Embeddings:
    """Parse an uploaded file (never unpickled) and activate it."""
    from app import uploads

    uploads.check_size(filename, len(data))
    emb = read_embedding_bytes(data, filename, limit=limit)
    add_and_activate(emb)
    return emb


def active_embeddings() -> Embeddings:
    """The embedding every page analyses; falls back to the default if it was evicted."""
    key = st.session_state.get(ACTIVE_KEY, DEFAULT_SOURCE)
    if key == DEFAULT_SOURCE:
        return default_embeddings()
    emb = embedding_store().get(key)
    if emb is None:  # evicted from the bounded store: say so, keep working on the default
        st.session_state[ACTIVE_KEY] = DEFAULT_SOURCE
        _known().pop(key, None)
        st.session_state["embedding_evicted"] = True
        return default_embeddings()
    return emb


def known_embeddings() -> dict[str, str]:
    """{key: display name} of the embeddings this session can switch to."""
    return dict(_known())


# --- caches added by later features go below, one section per area ------------------------------


# --- bias probes ----------------------------------------------------------------------------------
# Generating she/he analogies scores every pair of the most frequent words (seconds); the result is
# a small table, kept per embedding and settings. Everything else on the bias pages is fast.
MAX_SHE_HE = 16


@st.cache_resource
def _she_he_results() -> SharedLRU:
    return SharedLRU(MAX_SHE_HE)


def she_he_analogies(emb_hash: str, seed: tuple[str, str], delta: float, topn: int, restrict_vocab: int, _emb: Embeddings, _progress=None):
    """``analysis.bias.she_he_analogies`` kept by embedding hash and settings."""
    from analysis.bias import she_he_analogies as generate

    key = (emb_hash, seed, delta, topn, restrict_vocab)
    return _she_he_results().get_or_compute(
        key, lambda: generate(_emb, seed=seed, delta=delta, topn=topn, restrict_vocab=restrict_vocab, progress=_progress)
    )


# --- debiasing ------------------------------------------------------------------------------------
# A debiased embedding is as large as its source, so only a few are kept; every session asking for
# the same (source, method, parameters) shares one. Evidence objects are small and kept longer.
MAX_DEBIASED = 3
MAX_EVIDENCE = 16


@st.cache_resource
def _debias_caches() -> dict[str, SharedLRU]:
    return {"embeddings": SharedLRU(MAX_DEBIASED), "evidence": SharedLRU(MAX_EVIDENCE)}


def debias_caches() -> dict[str, SharedLRU]:
    """The shared debiasing stores, looked up in the script thread for a worker (which never calls ``st.*``)."""
    return _debias_caches()


def debiased_embeddings(source_hash: str, method: str, params: tuple, emb: Embeddings, progress=None, caches: dict | None = None):
    """``analysis.debias.debias(emb, method, **dict(params))``, cached by source hash, method and params."""
    from analysis.debias import debias

    key = (source_hash, method, params)
    return (caches or _debias_caches())["embeddings"].get_or_compute(key, lambda: debias(emb, method, progress=progress, **dict(params)))


def debias_evidence(emb: Embeddings, original: Embeddings, config, stage: str, device: str = "cpu", progress=None, caches: dict | None = None):
    """``analysis.debias_evidence.measure`` for ``emb`` against ``original``, cached by both hashes and config.

    The device is not part of the key: the numbers are the same on every device.
    """
    from analysis.debias_evidence import measure

    key = (emb.info.content_hash, original.info.content_hash, config, stage)
    return (caches or _debias_caches())["evidence"].get_or_compute(
        key, lambda: measure(emb, original, config, stage=stage, device=device, progress=progress)
    )


def embedding_by_hash(content_hash: str) -> Embeddings | None:
    """A loaded embedding by content hash (the default or one in the store), or None if evicted."""
    default = default_embeddings()
    if default.info.content_hash == content_hash:
        return default
    return embedding_store().get(content_hash)


# --- autoencoder & latent space ---------------------------------------------------------------------
# A trained autoencoder holds its model, optimiser state and the training data on the device, so it
# is a large object: it lives in one bounded, process-wide store (cache_resource) and a session keeps
# only its key, like the embeddings above. Image sets read from a path are cached by path and mtime.
MAX_STORED_MODELS = 4  # trained autoencoders kept for all sessions together (oldest dropped first)
MODEL_KEYS = "model_keys"  # session_state: {slot: store key} of this session's trained models


@st.cache_resource
def model_store() -> SharedLRU:
    return SharedLRU(MAX_STORED_MODELS)


def _model_key(slot: str) -> str:
    import uuid

    keys = st.session_state.setdefault(MODEL_KEYS, {})
    if slot not in keys:
        keys[slot] = f"{slot}-{uuid.uuid4().hex}"
    return keys[slot]


def session_model(slot: str):
    """This session's trained model in ``slot`` ("autoencoder", "latent"), or None (never trained or evicted)."""
    return model_store().get(_model_key(slot))


def keep_session_model(slot: str, model) -> None:
    """Remember ``model`` as this session's model in ``slot`` (replacing the previous one)."""
    model_store().put(_model_key(slot), model)


def forget_session_model(slot: str) -> None:
    model_store().drop(_model_key(slot))


@st.cache_resource(show_spinner=False)
def device_info():
    """The device PyTorch will use, described by a child process (``probe_device_info``), once per server.

    Home and the Embeddings page's engine picker show it; asking in this process would load PyTorch
    (~150 MiB resident, for good) into every server a class opens the root URL of.
    """
    from analysis.device import probe_device_info

    return probe_device_info()


@st.cache_resource(show_spinner=False)
def digits_images():
    """scikit-learn's bundled 8×8 digits as an ``ImageSet`` (read-only, shared)."""
    from analysis.images import load_digits

    return load_digits()


@st.cache_resource(show_spinner=False)
def photo_images():
    """1,950 colour patches 32×32×3 of scikit-learn's sample photographs (``images.load_photo_patches``)."""
    from analysis.images import load_photo_patches

    return load_photo_patches()


@st.cache_resource(max_entries=2, show_spinner="Reading the image files …")
def images_from_path(path: str, max_samples: int, mtime: float):
    """MNIST/CIFAR-10/.npz/.npy from a local path, cached by path, sample cap and modification time."""
    from analysis.images import load_image_source

    return load_image_source(path, max_samples=max_samples)


@st.cache_resource(max_entries=2, show_spinner="Reading the upload …")
def images_from_upload(filename: str, file_id: str, max_samples: int, _data: bytes):
    """An uploaded IDX/.npz/.npy file (pickles refused), cached by upload id and sample cap."""
    from analysis.images import load_image_upload
    from app import uploads

    uploads.check_size(filename, len(_data))
    return load_image_upload(filename, _data, max_samples=max_samples)


def image_path_mtime(path: str) -> float:
    """The modification time of an image path (the cache key), after the server-path check."""
    from app import server_paths

    p = server_paths.check(path, "file or folder", folder_ok=True)
    return p.stat().st_mtime if p.exists() else 0.0


# --- feedback loop -----------------------------------------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def run_estimate(config):
    """``analysis.feedback.cost.estimate_run``: a few steps timed, cached per configuration."""
    from analysis.feedback.cost import estimate_run

    return estimate_run(config)


# --- analogies ---------------------------------------------------------------------------------------
# Benchmark results per (embedding hash, benchmark, method, vocabulary, uploaded-file digest). Not
# st.cache_data: that replays the progress-bar updates made during the run on every cache hit and
# fails, because the bar is created outside the function. A small shared LRU has no such replay.
MAX_ANALOGY_EVALUATIONS = 32


@st.cache_resource
def _analogy_evaluations() -> SharedLRU:
    return SharedLRU(MAX_ANALOGY_EVALUATIONS)


def analogy_evaluation(
    content_hash: str,
    benchmark: str,
    method: str,
    restrict_vocab: int,
    text_digest: str,
    _emb: Embeddings,
    _text: str | None = None,
    _progress=None,
    _device: str = "cpu",
):
    """A benchmark result (analogy or word-pair evaluation), computed once per embedding and settings.

    ``text_digest`` identifies an uploaded file (its text travels in ``_text``); the progress
    callback is only called when the result is computed. Results are shared read-only.
    """
    from analysis.evaluate import evaluate

    key = (content_hash, benchmark, method, restrict_vocab, text_digest)
    return _analogy_evaluations().get_or_compute(
        key,
        lambda: evaluate(_emb, benchmark, method=method, restrict_vocab=restrict_vocab, progress=_progress, text=_text, device=_device),
    )


# --- lesson ------------------------------------------------------------------------------------------
# Steps 1–5 depend on the embedding (kept per content hash and step); step 6–7 experiments do not
# (kept per experiment and its defaults). Shared LRUs, not st.cache_data: some draw a progress bar.
MAX_LESSON_RESULTS = 32


@st.cache_resource
def _lesson_results() -> SharedLRU:
    return SharedLRU(MAX_LESSON_RESULTS)


@st.cache_resource
def _lesson_locks() -> dict:
    return {}


def lesson_result(key: tuple, compute):
    """A lesson step's result by ``key`` (e.g. ``(content_hash, step)``), computed once for all sessions.

    A per-key lock makes a page that asks while the warm-up thread computes wait for that result
    instead of computing it a second time.
    """
    locks = _lesson_locks()
    lock = locks.setdefault(key, threading.Lock())
    with lock:
        return _lesson_results().get_or_compute(key, compute)


def lesson_cached(key: tuple):
    """The cached result for ``key`` or None (the page shows a Run button instead of recomputing)."""
    return _lesson_results().get(key)


def prewarm_lesson(emb: Embeddings, jobs: dict[tuple, object]) -> None:
    """Compute the slow lesson results (``{key: compute}``) in one background thread, once per key.

    Step 5 (hard debias and the residual checks) takes 6–30 s on 2 busy cores; started when the
    lesson opens, it is ready by the time the lecture reaches it.
    """
    todo = {k: f for k, f in jobs.items() if _lesson_results().get(k) is None and not _lesson_locks().get(k, threading.Lock()).locked()}
    if not todo:
        return

    def work() -> None:
        for key, compute in todo.items():
            try:
                lesson_result(key, compute)
            except Exception:  # noqa: BLE001 - the page computes again and shows the message itself
                pass

    # Not a daemon: a daemon thread still inside torch or BLAS when the interpreter exits aborts it.
    threading.Thread(target=work, name="lesson-prewarm", daemon=False).start()

# --- per-session memo -------------------------------------------------------------------------------
def session_memo(key: str, identity: tuple, compute):
    """``compute()``'s result kept in this session under ``key`` until ``identity`` (its inputs) changes.

    For small results one session recomputes often on reruns (a check, a t-SNE of the words on screen);
    one entry per key, so a session never holds more than its current view. Process-wide results
    belong in the ``SharedLRU`` stores above instead.
    """
    entry = st.session_state.get(key)
    if entry is not None and entry[0] == identity:
        return entry[1]
    value = compute()
    st.session_state[key] = (identity, value)
    return value


# --- class-wide shared results ------------------------------------------------------------------
# A class runs the same presets: twenty students asking man : king :: woman, opening WEAT test 6 or
# running the default feedback world get one shared answer instead of twenty computations. Every
# key holds everything the result depends on (the embedding's content hash, the inputs, the
# options), so a hit is the same object a fresh computation would give; results are read-only.
MAX_ANALOGY_ANSWERS = 512  # analogy results (a few KB each) for all sessions together
MAX_WEAT_RESULTS = 64  # WEAT results (per-word associations of up to ~200 words each)
MAX_SIMULATIONS = 16  # feedback-loop runs (time series of a few hundred steps, ~1 MB each)
MAX_CHART_SPECS = 1024  # Vega-Lite specs with their Arrow data (a few KB each)


@st.cache_resource
def _shared_results() -> dict[str, SharedLRU]:
    return {
        "analogy": SharedLRU(MAX_ANALOGY_ANSWERS),
        "weat": SharedLRU(MAX_WEAT_RESULTS),
        "simulation": SharedLRU(MAX_SIMULATIONS),
        "chart": SharedLRU(MAX_CHART_SPECS),
    }


def analogy_answer(emb_hash: str, positive: tuple[str, ...], negative: tuple[str, ...], options: tuple, _emb: Embeddings):
    """``analysis.analogy.analogy(_emb, positive, negative, **dict(options))`` shared by embedding hash and inputs."""
    from analysis.analogy import analogy

    key = (emb_hash, tuple(positive), tuple(negative), tuple(sorted(options)))
    return _shared_results()["analogy"].get_or_compute(key, lambda: analogy(_emb, list(positive), list(negative), **dict(options)))


def weat_result(emb_hash: str, sets: tuple[tuple[str, ...], ...], options: tuple, _emb: Embeddings, _progress=None):
    """``analysis.bias.weat(_emb, X, Y, A, B, **dict(options))`` shared by embedding hash, the four lists and options.

    The permutation test is seeded (the seed is one of the options), so the shared result is the
    one every session would compute; ``_progress`` is only called when it is computed.
    """
    from analysis.bias import weat

    key = (emb_hash, tuple(tuple(s) for s in sets), tuple(sorted(options)))
    return _shared_results()["weat"].get_or_compute(
        key, lambda: weat(_emb, *(list(s) for s in sets), progress=_progress, **dict(options))
    )


def simulation_results(configs: list, progress=None, store: SharedLRU | None = None) -> list:
    """``analysis.feedback.compare.run_all(configs, progress)``, shared by the (frozen) configurations.

    Runs are deterministic given their configurations (the seeds are knobs). A run that was
    stopped early is returned but never kept, so no other session is shown a partial run.
    ``store``: ``simulation_store()`` looked up in the script thread, for a call from a worker.
    """
    from analysis.feedback.compare import run_all

    key = tuple(configs)
    store = store if store is not None else simulation_store()
    results = store.get(key)
    if results is None:
        results = run_all(list(configs), progress)
        if len(results) == len(configs) and not any(getattr(r, "stopped_early", False) for r in results):
            store.put(key, results)
    return results


def simulation_store() -> SharedLRU:
    """The shared store of finished simulations (a worker thread must not call ``st.cache_*``)."""
    return _shared_results()["simulation"]


def chart_spec(key: tuple, build) -> dict:
    """The Vega-Lite spec (data included, as Arrow) of the Altair chart ``build()`` makes, shared by ``key``.

    Building an Altair chart and converting it validates it against the Vega-Lite schema: about
    0.03–0.1 s a chart, most of an analogy rerun's cost. ``key`` must name everything the chart
    shows (inputs, options, language). Callers get a copy, because rendering consumes the spec.
    """
    import copy

    spec = _shared_results()["chart"].get_or_compute(key, lambda: _to_spec(build()))
    return copy.deepcopy(spec)


def _to_spec(chart) -> dict:
    try:  # Streamlit's own conversion: the chart's data become Arrow bytes, exactly as st.altair_chart sends them
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

        return _convert_altair_to_vega_lite_spec(chart)
    except ImportError:  # pragma: no cover - a Streamlit that moved it: plain Vega-Lite with inline data
        return chart.to_dict()
