"""Hostile-input suite, links and number boxes (issue #14): every page's URL parameters and number inputs.

A shared link is attacker-controlled text. For every page with a ``UrlBinder`` (app/url_state.py),
each case sets *all* of the page's parameters at once to one kind of hostile value — huge, negative,
NaN, infinite, RTL/zero-width unicode, markup, empty, repeated — opens the page in a fresh session
whose active embedding is a small 200-word one, and asserts:

* no exception element and no untranslated text (``assert_clean``);
* every bound widget holds a value the widget can show: numbers finite and inside the field's
  bounds, choices one of the choices, text no longer than the field allows (a silent default —
  a link is not a form to be corrected);
* the active embedding is still the small one (the link did not switch or drop it).

The feedback loop's ``fb_*`` link has its own parser (analysis/feedback/share.py): a bad value gets
one warning sentence and nothing is run. Number boxes are driven past their bounds and with NaN:
the value shown stays within bounds and the page keeps its results.
"""

from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from analysis.embeddings import DEFAULT_SOURCE
from analysis.formats import read_embedding_bytes
from app import state
from app.url_state import UrlBinder
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean
from tests.hostile.fixtures import tiny_text

HOSTILE_VALUES = {
    "huge": "9" * 400,
    "negative": "-99999999999999999999",
    "nan": "nan",
    "infinite": "-inf",
    "rtl-zero-width": "\u202eking\u200b\u200d\ufeff",
    "markup": "<img src=x onerror=alert(1)>![x](http://evil.example/x.png)",
    "empty": "",
    "overlong": "a" * 5000,
}


def binders() -> dict[str, UrlBinder]:
    """Each page with a URL binder → its binder (imported, as the pages do)."""
    from app.components.analogies_query import URL as analogies
    from app.components.autoencoder_settings import URL as autoencoder
    from app.components.latent_words import URL as latent

    pages = {"analogies.py": analogies, "autoencoder.py": autoencoder, "latent_space.py": latent}
    # WEAT and Bias probes define theirs in the page file: read the fields without running the page.
    for page, name in (("weat.py", "URL"), ("bias_probes.py", "URL")):
        pages[page] = _binder_from_page(ROOT / "pages" / page, name)
    return pages


def _binder_from_page(path, name: str) -> UrlBinder:
    import ast

    source = path.read_text()
    tree = ast.parse(source)
    wanted = [n for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == name for t in n.targets)]
    # the binder's fields may refer to names defined above it (imports, defaults): run that prefix
    prefix = ast.Module(body=tree.body[: tree.body.index(wanted[0]) + 1], type_ignores=[])
    namespace: dict = {}
    exec(compile(prefix, str(path), "exec"), namespace)  # noqa: S102 - our own page's header, no script body
    return namespace[name]


BINDERS = binders()


@pytest.fixture(scope="module")
def tiny_key() -> str:
    emb = read_embedding_bytes(tiny_text().encode(), "tiny.txt")
    return state.store_embedding(emb)


def open_with(page: str, params: dict, tiny_key: str) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state[state.KNOWN_KEY] = {DEFAULT_SOURCE: DEFAULT_SOURCE, tiny_key: "tiny (200 words)"}
    at.session_state[state.ACTIVE_KEY] = tiny_key
    at.query_params.update(params)
    at.run()
    at.switch_page(str(ROOT / "pages" / page))
    at.run()
    return at


def assert_fields_valid(at: AppTest, binder: UrlBinder) -> None:
    for param, field in binder.fields.items():
        value = at.session_state[binder.key(param)]
        if field.kind in (int, float):
            assert isinstance(value, (int, float)) and math.isfinite(value), (param, value)
            assert field.low is None or value >= field.low, (param, value)
            assert field.high is None or value <= field.high, (param, value)
        if field.choices is not None:
            assert value in field.choices, (param, value)
        if field.kind is str:
            assert isinstance(value, str) and len(value) <= field.max_length, (param, len(value))


def assert_tiny_still_active(at: AppTest, tiny_key: str) -> None:
    assert at.session_state[state.ACTIVE_KEY] == tiny_key
    assert any("200 × 10" in c.value for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]


URL_CASES = [(page, kind) for page in BINDERS for kind in HOSTILE_VALUES]


@pytest.mark.parametrize(("page", "kind"), URL_CASES, ids=[f"{p.removesuffix('.py')}-{k}" for p, k in URL_CASES])
def test_every_url_parameter_of_a_page_set_to_a_hostile_value(page, kind, tiny_key):
    binder = BINDERS[page]
    at = open_with(page, {param: HOSTILE_VALUES[kind] for param in binder.fields}, tiny_key)
    assert_clean(at)
    assert_fields_valid(at, binder)
    assert_tiny_still_active(at, tiny_key)
    shown = " ".join(m.value for m in at.markdown if isinstance(m.value, str))
    assert "<img" not in shown and "](http://evil" not in shown  # markup from a link is never live


@pytest.mark.parametrize("page", list(BINDERS), ids=[p.removesuffix(".py") for p in BINDERS])
def test_repeated_url_parameters_take_one_value_and_keep_it_valid(page, tiny_key):
    binder = BINDERS[page]
    params = {param: ["1", HOSTILE_VALUES["huge"], HOSTILE_VALUES["rtl-zero-width"]] for param in binder.fields}
    at = open_with(page, params, tiny_key)
    assert_clean(at)
    assert_fields_valid(at, binder)
    assert_tiny_still_active(at, tiny_key)


def test_out_of_bounds_numbers_in_a_link_are_clamped_to_the_bounds(tiny_key):
    binder = BINDERS["analogies.py"]
    at = open_with("analogies.py", {"k": "1e9", "vocab": "-5"}, tiny_key)
    assert_clean(at)
    assert at.session_state[binder.key("k")] == 10  # "1e9" is not an integer: the default, silently
    assert at.session_state[binder.key("vocab")] == 0  # negative: clamped up to the lower bound
    at = open_with("analogies.py", {"k": "500"}, tiny_key)
    assert at.session_state[binder.key("k")] == 50  # clamped down to the slider's maximum
    assert at.slider(key="analogies.topn").value == 50


FEEDBACK_LINKS = {
    "huge-users": ({"fb_preset": "engagement feed", "fb_n_users": "9" * 400}, r"n_users|users"),
    "nan-steps": ({"fb_preset": "engagement feed", "fb_steps": "nan"}, r"steps"),
    "negative-rate": ({"fb_preset": "engagement feed", "fb_learning_rate": "-1e308"}, r"learning_rate|learning rate"),
    "unknown-preset": ({"fb_preset": "\u202eevil\u200b"}, r"preset"),
    "unknown-knob": ({"fb_preset": "engagement feed", "fb_<b>x</b>": "1"}, None),  # ignored: not a parameter of the page
    "rtl-ranking": ({"fb_preset": "engagement feed", "fb_ranking": "\u202eengagement"}, r"ranking"),
}


@pytest.mark.parametrize("case", list(FEEDBACK_LINKS))
def test_a_hostile_feedback_link_gets_one_warning_and_runs_nothing(case, tiny_key):
    import re

    params, pattern = FEEDBACK_LINKS[case]
    at = open_with("feedback_loop.py", params, tiny_key)
    assert_clean(at)
    warnings = [w.value for w in at.warning]
    results = at.session_state["fb_results"] if "fb_results" in at.session_state else None
    if pattern is None:  # an unknown parameter changes nothing: the preset's own run, no warning
        from analysis.feedback.config import preset

        assert not warnings and results and [r.config for r in results.values()] == [preset("engagement feed")]
    else:
        assert warnings and re.search(pattern, " ".join(warnings), re.IGNORECASE), warnings
        assert not results
    assert_tiny_still_active(at, tiny_key)


# --- number boxes -----------------------------------------------------------------------------------
NUMBER_CASES = {
    "weat-permutations-above-max": ("weat.py", "weat_permutations", 10**12),
    "weat-permutations-below-min": ("weat.py", "weat_permutations", -5),
    "weat-seed-nan": ("weat.py", "weat_seed", float("nan")),
    "analogies-restrict-negative": ("analogies.py", "analogies.restrict", -10**9),
    "analogies-restrict-huge": ("analogies.py", "analogies.restrict", 10**15),
    "analogies-eval-restrict-inf": ("analogies.py", "analogies.eval_restrict", float("inf")),
}


@pytest.mark.parametrize("case", list(NUMBER_CASES))
def test_a_number_box_fed_an_absurd_value_keeps_it_within_bounds_and_the_results(case):
    page, key, value = NUMBER_CASES[case]
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(str(ROOT / "pages" / page))
    at.run()
    box = at.number_input(key=key)
    low = box.proto.min if box.proto.has_min else None
    high = box.proto.max if box.proto.has_max else None
    before = [m.value for m in at.metric] + [m.value for m in at.markdown if "≈" in str(m.value)]
    box.set_value(value).run()  # sent as a double, as a crafted websocket client could send it
    assert_clean(at)
    shown = at.number_input(key=key).value
    if shown is not None and not (isinstance(shown, float) and math.isnan(shown)):
        assert (low is None or shown >= low) and (high is None or shown <= high), shown
    # the page still shows a result (or one clear error), never a traceback; the embedding is intact
    after = [m.value for m in at.metric] + [m.value for m in at.markdown if "≈" in str(m.value)]
    assert after or at.error, "the page lost its results without a message"
    assert before and at.session_state.get(state.ACTIVE_KEY, DEFAULT_SOURCE) == DEFAULT_SOURCE
