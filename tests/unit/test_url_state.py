"""The URL-state binder: parsing with silent fallbacks, URL first then widgets, state kept across pages."""

from __future__ import annotations

import doctest

import pytest

import app.url_state
from analysis.errors import AnalysisError
from app.url_state import Field, UrlBinder

FIELDS = [
    Field("a", "a", str, "man"),
    Field("k", "topn", int, 10, low=1, high=50),
    Field("x", "excl", bool, True),
    Field("f", "frac", float, 0.2, low=0.0, high=1.0),
    Field("m", "method", str, "add", choices=("add", "mul")),
    Field("v", "vocab", int, 0, low=0, omit_default=True),
]


def binder() -> UrlBinder:
    return UrlBinder("page.", FIELDS)


def test_doctests():
    assert doctest.testmod(app.url_state).failed == 0


@pytest.mark.parametrize(
    ("param", "raw", "expected"),
    [
        ("k", "7", 7), ("k", "0", 1), ("k", "999", 50), ("k", "seven", 10), ("k", "1e3", 10), ("k", "", 10),
        ("x", "0", False), ("x", "true", True), ("x", "2", True), ("x", "no", False),
        ("f", "nan", 0.2), ("f", "inf", 0.2), ("f", "-1", 0.0), ("f", "0.35", 0.35),
        ("m", "mul", "mul"), ("m", "evil", "add"), ("a", "x" * 5000, "man"), ("a", "queen", "queen"),
    ],
)
def test_invalid_url_values_fall_back_to_the_default_without_error(param, raw, expected):
    field = binder().fields[param]
    assert field.parse(raw) == expected


def test_the_url_wins_on_the_first_run_only():
    b, session = binder(), {}
    b.restore(session, {"k": "5", "m": "mul", "a": "woman"})
    assert (session["page.topn"], session["page.method"], session["page.a"]) == (5, "mul", "woman")
    session["page.topn"] = 20  # the user moves the slider
    b.restore(session, {"k": "5"})
    assert session["page.topn"] == 20


def test_defaults_fill_what_the_url_does_not_say():
    b, session = binder(), {}
    b.restore(session, {})
    assert session["page.excl"] is True and session["page.frac"] == 0.2 and session["page.vocab"] == 0


def test_publish_mirrors_the_widgets_keeps_other_params_and_omits_defaults_where_asked():
    b, session = binder(), {}
    url = {"lang": "de", "v": "100"}
    b.restore(session, url)
    session["page.vocab"] = 0
    session["page.excl"] = False
    b.publish(session, url)
    assert url["lang"] == "de" and "v" not in url and url["x"] == "0" and url["a"] == "man" and url["k"] == "10"
    b.publish(session, url, only=["a", "k"])
    assert set(url) == {"lang", "a", "k"}


def test_inputs_survive_navigation_when_streamlit_drops_the_widget_state():
    b, session = binder(), {}
    b.restore(session, {})
    session["page.a"] = "paris"
    b.publish(session, {})
    for key in [k for k in session if k.startswith("page.")]:  # what Streamlit does on another page
        del session[key]
    b.restore(session, {"a": "ignored: not the first run"})
    assert session["page.a"] == "paris"


def test_a_link_reproduces_the_view_in_a_fresh_session():
    b, first, url = binder(), {}, {}
    b.restore(first, url)
    first.update({"page.a": "easiest", "page.topn": 3, "page.method": "mul", "page.excl": False})
    b.publish(first, url)
    fresh = {}
    b.restore(fresh, dict(url))
    assert {k: fresh[k] for k in first if k.startswith("page.")} == {k: first[k] for k in first if k.startswith("page.")}


def preset_binder(**options) -> UrlBinder:
    """A preset and a size whose default depends on it; the size is written only where it differs."""
    sizes = {"small": 10, "large": 100}

    def parse_size(raw: str) -> int:
        if not raw.isdigit():
            raise ValueError(f"{raw!r} is not a size")
        return int(raw)

    return UrlBinder("p.", [
        Field("preset", "preset", str, "small", choices=tuple(sizes)),
        Field("n", "n", int, lambda earlier: sizes[earlier["preset"]], parser=parse_size, encoder=lambda v: f"{v:d}", omit_default=True),
        Field("seed", "seed", int, 0, low=0),
    ], **options)


def test_a_default_may_depend_on_an_earlier_field_and_only_what_differs_is_written():
    b, session = preset_binder(), {}
    b.restore(session, {"preset": "large"})
    assert session["p.n"] == 100  # the large preset's default, not the small one's
    url: dict[str, str] = {}
    b.publish(session, url)
    assert url == {"preset": "large", "seed": "0"}  # n equals its preset's default: left out
    session["p.n"] = 10
    b.publish(session, url)
    assert url["n"] == "10"  # the small preset's value differs from the large preset's


def test_a_field_may_bring_its_own_parser():
    b, session = preset_binder(), {}
    assert b.restore(session, {"n": "x5", "seed": "3"}).from_url
    assert session["p.n"] == 10 and session["p.seed"] == 3  # lenient: the bad value falls back alone


def test_a_strict_binder_takes_a_link_whole_or_not_at_all():
    b, session = preset_binder(strict=True), {}
    restored = b.restore(session, {"preset": "large", "n": "x5", "seed": "3"})
    assert not restored.from_url and "x5" in str(restored.error)
    assert (session["p.preset"], session["p.n"], session["p.seed"]) == ("small", 10, 0)  # nothing from the link
    good = b.restore({}, {"preset": "large", "n": "7"})
    assert good.from_url and good.error is None


def test_a_strict_binder_checks_the_values_together():
    def check(values):
        if values.get("n", 0) > 50 and values.get("preset") == "small":
            raise AnalysisError("A small world has at most 50.")

    b = preset_binder(strict=True, check=check)
    session: dict = {}
    assert str(b.restore(session, {"preset": "small", "n": "60"}).error) == "A small world has at most 50."
    assert session["p.n"] == 10
    session = {}
    assert b.restore(session, {"preset": "large", "n": "60"}).from_url and session["p.n"] == 60


def test_the_dependent_default_survives_navigation_as_the_users_value():
    b, session = preset_binder(), {}
    b.restore(session, {})
    session["p.preset"], session["p.n"] = "large", 42
    b.restore(session, {})
    for key in ("p.preset", "p.n"):
        del session[key]  # another page was drawn
    b.restore(session, {"preset": "small"})
    assert (session["p.preset"], session["p.n"]) == ("large", 42)


def test_the_autoencoder_k_range_parser():
    from app.components import autoencoder_settings

    examples = doctest.testmod(autoencoder_settings)
    assert examples.attempted >= 1 and examples.failed == 0
    for bad in ("9-2", "0-4", "1-65", "x", "1-2-3", "-1-3", ""):
        with pytest.raises(ValueError):
            autoencoder_settings.parse_k_range(bad)
    assert autoencoder_settings.URL.fields["krange"].parse("9-2") == (1, 8)  # a bad link falls back to the default
