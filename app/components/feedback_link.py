"""The feedback-loop page's shareable link, through the one URL binder (``app.url_state``).

The link carries the preset, every knob that differs from the preset (``fb_<knob>``), both seeds
always (a link pins the run) and the comparison (``fb_compare``). The knob fields are built from
the knob tables, so the sliders, the CLI's ``--set`` and the link validate against the same
ranges. The binder is strict: a link with one unusable value is not used at all and the page says
why (a shared experiment that silently ran with other settings would mislead). The binder's
shadow copy also keeps the preset and the knobs across page navigation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, MutableMapping
from functools import partial
from typing import Any

import streamlit as st

from analysis.errors import AnalysisError
from analysis.feedback.compare import AnyConfig, Comparison, base_config, comparison_text, knobs_for, parse_comparison, second_config, value_text
from analysis.feedback.config import KNOBS, PRESETS, FeedbackConfig, Knob, parse_value, with_overrides
from analysis.feedback.knob_values import widget_value
from analysis.feedback.policing import POLICING_KNOBS, PolicingConfig
from app.url_state import Field, Restored, UrlBinder

PREFIX = "fb_"  # URL parameters fb_preset, fb_<knob>, fb_compare; session keys fb_preset, fb_k_<knob>
ALWAYS = ("world_seed", "dynamics_seed", "seed")  # written even at their defaults: a link pins them
PRESET, COMPARE = PREFIX + "preset", PREFIX + "compare"
COMPARISON_KEY = PREFIX + "compare_link"  # the comparison that ran (the widgets below are expanded from it)


def knob_default(name: str, earlier: dict[str, Any]) -> Any:
    """A knob's value in the chosen preset (a knob of the other scenario: that scenario's default)."""
    config = base_config(earlier.get(PRESET) if earlier.get(PRESET) in PRESETS else PRESETS[0])
    if not hasattr(config, name):
        config = PolicingConfig() if isinstance(config, FeedbackConfig) else FeedbackConfig()
    knob = knobs_for(config)[name]
    return widget_value(knob, getattr(config, name))


def parse_knob(knob: Knob, raw: str) -> Any:
    """A knob's URL text as its widget holds it, range-checked against the knob table."""
    return widget_value(knob, parse_value(knob, raw))


def parse_preset(raw: str) -> str:
    if raw not in PRESETS:
        raise AnalysisError(f"The link names an unknown preset '{raw}'. Presets: {', '.join(PRESETS)}.")
    return raw


def check_link(values: dict[str, Any]) -> None:
    """The link's values together: knobs of its scenario only, cross-field rules, a runnable comparison."""
    name = values.get(PRESET, PRESETS[0])
    config = base_config(name)
    fields = {f.name for f in dataclasses.fields(config)}
    overrides = {}
    for param, value in values.items():
        if param in (PRESET, COMPARE):
            continue
        knob = param[len(PREFIX):]
        if knob not in fields:
            raise AnalysisError(f"The link sets '{knob}', which the {name} scenario does not have.")
        overrides[knob] = value
    config = with_overrides(config, overrides, knobs_for(config))
    if values.get(COMPARE) is not None:
        second_config(config, values[COMPARE])


def knob_field(knob: Knob) -> Field:
    return Field(PREFIX + knob.name, "k_" + knob.name, str, partial(knob_default, knob.name),
                 parser=partial(parse_knob, knob), encoder=value_text, omit_default=knob.name not in ALWAYS)


URL = UrlBinder(PREFIX, [
    Field(PRESET, "preset", str, PRESETS[0], parser=parse_preset),
    *(knob_field(knob) for knob in (*KNOBS.values(), *POLICING_KNOBS.values())),
    Field(COMPARE, "compare_link", str, None, parser=parse_comparison, encoder=comparison_text),
], strict=True, check=check_link)


def restore_link(session: MutableMapping[str, Any] = st.session_state, url: MutableMapping[str, str] = st.query_params) -> Restored:
    """Before the widgets: the link's values on the first visit, else the values the page last had.

    A link that was used also switches its comparison on and asks for a run right away.
    """
    restored = URL.restore(session, url)
    if restored.from_url:
        comparison = session.get(COMPARISON_KEY)
        if comparison is not None:
            show_comparison(comparison, session)
        session["fb_autorun"] = True
    return restored


def show_comparison(comparison: Comparison, session: MutableMapping[str, Any]) -> None:
    """Put a comparison into its widgets (the toggle, the mode, the other preset or the varied knob)."""
    session["fb_compare"] = True
    session["fb_compare_mode"] = comparison.mode
    if comparison.mode == "preset":
        session["fb_compare_preset"] = comparison.preset
        return
    knob = knobs_for(base_config(session[PRESET]))[comparison.knob]
    session["fb_compare_knob"] = knob.name
    session[f"fb_cmp_{knob.name}"] = parse_knob(knob, comparison.value)


def write_link(config: AnyConfig, comparison: Comparison | None,
               session: MutableMapping[str, Any] = st.session_state, url: MutableMapping[str, str] = st.query_params) -> None:
    """After a run: mirror it into the URL (its scenario's parameters only; ``lang`` keeps its own)."""
    session[COMPARISON_KEY] = comparison
    mine = [PRESET, COMPARE, *(PREFIX + name for name in knobs_for(config))]
    URL.publish(session, url, only=mine)


def linked_config(session: Mapping[str, Any]) -> AnyConfig:
    """The configuration the knob widgets' state describes (what ``knob_controls`` will build)."""
    base = base_config(session[PRESET])
    knobs = knobs_for(base)
    return with_overrides(base, {name: session[URL.key(PREFIX + name)] for name in knobs}, knobs)


def link_query(preset: str, config: AnyConfig, comparison: Comparison | None = None) -> dict[str, str]:
    """The URL parameters of a run, as the page writes them (for links from other pages, e.g. the lesson)."""
    session: dict[str, Any] = {URL.key(PRESET): preset}
    for name, knob in knobs_for(config).items():
        session[URL.key(PREFIX + name)] = widget_value(knob, getattr(config, name))
    url: dict[str, str] = {}
    write_link(config, comparison, session, url)
    return url

