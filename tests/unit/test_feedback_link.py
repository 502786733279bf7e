"""The feedback page's shareable link through the URL binder: round trips, old links, bad links.

Plain dictionaries stand in for ``st.session_state`` and ``st.query_params`` (the binder takes any
mapping), so these run without a Streamlit server.
"""

from __future__ import annotations

import pytest

from analysis.feedback.compare import Comparison, knobs_for, second_config
from analysis.feedback.config import preset, with_overrides
from analysis.feedback.knob_values import widget_value
from analysis.feedback.policing import PolicingConfig
from app.components.feedback_link import linked_config, restore_link, write_link


def ran(preset_name: str, config, comparison: Comparison | None = None) -> dict[str, str]:
    """The URL the page writes after running ``config`` (the widgets hold its values)."""
    session = {"fb_preset": preset_name}
    session.update({f"fb_k_{name}": widget_value(knob, getattr(config, name)) for name, knob in knobs_for(config).items()})
    url = {"lang": "de"}
    write_link(config, comparison, session, url)
    return url


def opened(url: dict[str, str]) -> dict:
    """A fresh session after opening ``url``."""
    session: dict = {}
    session["restored"] = restore_link(session, dict(url))
    return session


def test_link_round_trip_with_seeds_and_comparison():
    cfg = with_overrides(preset("diversity slots"), {"n_users": 400, "exploration": 0.05, "world_seed": 11})
    comparison = Comparison(mode="knob", knob="diversity_slots", value=0)
    params = ran("diversity slots", cfg, comparison)
    assert params["fb_world_seed"] == "11" and params["fb_dynamics_seed"] == "1"
    assert params["fb_n_users"] == "400" and params["fb_compare"] == "knob:diversity_slots=0" and params["lang"] == "de"
    assert "fb_diversity_slots" not in params  # equal to the preset: not written
    assert not any(p in params for p in ("fb_days", "fb_seed"))  # the other scenario's knobs stay out
    session = opened(params)
    assert session["restored"].from_url and session["restored"].error is None and session["fb_autorun"]
    assert session["fb_preset"] == "diversity slots" and linked_config(session) == cfg
    assert session["fb_compare"] and session["fb_compare_mode"] == "knob" and session["fb_cmp_diversity_slots"] == 0
    assert second_config(linked_config(session), session["fb_compare_link"]) == second_config(cfg, comparison)


def test_policing_link_round_trip():
    urn = with_overrides(PolicingConfig(), {"correction": 1, "days": 300})
    params = ran("policing urn", urn, Comparison(mode="knob", knob="correction", value=0))
    assert params["fb_correction"] == "1" and params["fb_days"] == "300" and params["fb_seed"] == "0"
    assert "fb_world_seed" not in params
    session = opened(params)
    assert linked_config(session) == urn and session["fb_compare_knob"] == "correction" and session["fb_cmp_correction"] is False


def test_links_shared_before_the_binder_still_open():
    """The parameter names and formats of the old codec (analysis/feedback/share.py) are kept."""
    old = {"fb_preset": "random feed", "fb_n_users": "120", "fb_steps": "15", "fb_world_seed": "3",
           "fb_dynamics_seed": "4", "fb_compare": "knob:exploration=0.2", "lang": "en"}
    session = opened(old)
    config = linked_config(session)
    assert (config.n_users, config.steps, config.world_seed, config.dynamics_seed, config.ranking) == (120, 15, 3, 4, "random")
    assert session["fb_cmp_exploration"] == 0.2
    preset_only = opened({"fb_preset": "engagement feed"})  # the lesson's link to the full page
    assert linked_config(preset_only) == preset("engagement feed") and preset_only["fb_autorun"]


@pytest.mark.parametrize(("params", "message"), [
    ({"fb_preset": "nope"}, "unknown preset"),
    ({"fb_preset": "random feed", "fb_days": "3"}, "does not have"),
    ({"fb_preset": "random feed", "fb_n_users": "-5"}, "between"),
    ({"fb_preset": "random feed", "fb_steps": "inf"}, "finite number"),
    ({"fb_preset": "random feed", "fb_steps": "nan"}, "finite number"),
    ({"fb_preset": "random feed", "fb_compare": "sideways"}, "comparison"),
    ({"fb_preset": "random feed", "fb_compare": "knob:nope=1"}, "Unknown knob"),
    ({"fb_preset": "random feed", "fb_slate_size": "2", "fb_diversity_slots": "3"}, "cannot exceed"),
])
def test_a_bad_link_is_not_used_at_all_and_says_why(params, message):
    session = opened(params)
    restored = session["restored"]
    assert not restored.from_url and message in str(restored.error) and "fb_autorun" not in session
    assert session["fb_preset"] == "engagement feed" and linked_config(session) == preset("engagement feed")


def test_a_hostile_long_value_is_refused_before_parsing_and_not_echoed():
    restored = opened({"fb_preset": "random feed", "fb_n_users": "9" * 100_000})["restored"]
    assert not restored.from_url and "too long" in str(restored.error) and len(str(restored.error)) < 200


def test_without_a_link_the_knobs_follow_the_preset_and_nothing_runs():
    session = opened({"lang": "en", "a": "man"})
    assert not session["restored"].from_url and session["restored"].error is None and "fb_autorun" not in session
    assert linked_config(session) == preset("engagement feed")


def test_a_bad_links_message_reaches_the_german_ui_in_german():
    from analysis.errors import AnalysisError

    for english, german_start in [
        ("The link names an unknown preset 'nope'. Presets: random feed.", "Der Link nennt ein unbekanntes Preset 'nope'"),
        ("The link sets 'correction', which the random feed scenario does not have.", "Der Link setzt 'correction'"),
        ("The link's fb_n_users=abc is not usable (not a number).", "Der Wert fb_n_users=abc im Link"),
    ]:
        assert AnalysisError(english).localised("de").startswith(german_start)
