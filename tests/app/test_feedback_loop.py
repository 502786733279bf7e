"""AppTest of the Feedback loop page: a preset run, a comparison, the CSV download, the shareable URL, the urn."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from analysis.feedback.config import KNOBS
from analysis.feedback.policing import PolicingResult
from analysis.tables.feedback import frame, time_series
from tests.app.conftest import ENTRYPOINT, ROOT, assert_clean, open_page


@pytest.fixture
def downloads(monkeypatch):
    """Every file the page offers for download: {file name: bytes}."""
    captured: dict[str, bytes] = {}
    original = MediaFileManager.add

    def add(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        captured[file_name] = data
        return original(self, data, mimetype, coordinates, file_name=file_name, is_for_static_download=is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", add)
    return captured


def no_missing_keys(at: AppTest) -> None:
    """No untranslated key in any text element or widget label (stricter than assert_clean)."""
    assert_clean(at)
    texts = [c.value for c in at.caption] + [w.label for w in at.slider] + [w.label for w in at.selectbox]
    texts += [w.label for w in at.toggle] + [w.label for w in at.button] + [e.label for e in at.expander]
    leftovers = [s for s in texts if isinstance(s, str) and "⟨" in s]
    assert not leftovers, leftovers


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def small_run(at: AppTest) -> None:
    at.slider(key="fb_k_n_users").set_value(150)
    at.slider(key="fb_k_steps").set_value(20)
    at.slider(key="fb_k_n_publishers").set_value(12)


def test_preset_run_shows_charts_weights_and_offers_the_csv(downloads):
    at = open_page("feedback_loop.py")
    no_missing_keys(at)
    assert any("Run" in i.value for i in at.info)  # empty state before the first run
    # One widget per knob (the ranking is a select box, switches are toggles, seeds number inputs).
    assert len(at.slider) == sum(1 for k in KNOBS.values() if k.kind != "choice" and k.group != "seeds" and not (k.low == 0 and k.high == 1 and k.kind == "int"))
    at.selectbox(key="fb_preset").set_value("extremity penalty").run()
    assert at.slider(key="fb_k_extremity_penalty").value == 2.0  # the preset loaded its knobs
    small_run(at)
    at.button(key="fb_run").click().run()
    no_missing_keys(at)
    results = at.session_state["fb_results"]
    assert list(results) == ["A · Extremity penalty"]
    assert len(charts(at)) == 6  # five metric tabs and the stance histograms
    assert any("learned these click weights" in m.value for m in at.markdown)
    assert at.dataframe[0].value.shape[1] == 1
    csv = pd.read_csv(io.BytesIO(downloads["feedback_loop_time_series.csv"]))
    expected = time_series(results)
    assert len(csv) == 20 and list(csv.columns) == list(expected.columns)
    pd.testing.assert_series_equal(csv["ctr"], expected["ctr"], check_exact=False, rtol=1e-9)
    assert at.query_params["fb_preset"] == "extremity penalty" and at.query_params["fb_n_users"] == "150"
    assert at.query_params["fb_world_seed"] == "0" and at.query_params["lang"] == "en"
    # The time slider moves the "after" histogram through the run.
    assert at.slider(key="fb_hist_step").value == 20
    at.slider(key="fb_hist_step").set_value(5).run()
    tables = [convert_arrow_bytes_to_pandas_df(d.data.data) for c in at.get("vega_lite_chart") for d in c.proto.datasets]
    moments = {m for table in tables if "moment" in table for m in table["moment"]}
    assert moments == {"before (step 0)", "step 5"}


def test_comparison_runs_two_configurations_side_by_side(downloads):
    at = open_page("feedback_loop.py")
    small_run(at)
    at.toggle(key="fb_compare").set_value(True).run()
    assert at.selectbox(key="fb_compare_preset").value == "random feed"
    at.button(key="fb_run").click().run()
    no_missing_keys(at)
    results = at.session_state["fb_results"]
    assert list(results) == ["A · Engagement feed", "B · Random feed"]
    first, second = results.values()
    assert first.config.world_seed == second.config.world_seed and second.config.n_users == 150  # same world
    # Common random numbers: identical during the random warm-up, then the engagement feed clicks more.
    pd.testing.assert_series_equal(frame(first.metrics)["ctr"].iloc[:10], frame(second.metrics)["ctr"].iloc[:10])
    assert (frame(first.metrics)["ctr"].iloc[12:] > frame(second.metrics)["ctr"].iloc[12:]).all()
    faceted = [c for c in charts(at) if "facet" in c]
    assert len(faceted) == 6
    csv = pd.read_csv(io.BytesIO(downloads["feedback_loop_time_series.csv"]))
    assert csv["configuration"].value_counts().to_dict() == {"A · Engagement feed": 20, "B · Random feed": 20}
    assert at.query_params["fb_compare"] == "preset:random feed"
    assert at.dataframe[0].value.shape[1] == 3  # A, B and B − A


def test_a_shared_link_restores_and_reruns_the_configuration():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.session_state["lang"] = "de"
    at.run()
    at.query_params.update({"fb_preset": "random feed", "fb_n_users": "120", "fb_steps": "15", "fb_world_seed": "3",
                            "fb_dynamics_seed": "4", "fb_compare": "knob:exploration=0.2"})
    at.switch_page(str(ROOT / "pages" / "feedback_loop.py"))
    at.run()
    no_missing_keys(at)
    assert at.selectbox(key="fb_preset").value == "random feed"
    assert at.slider(key="fb_k_n_users").value == 120
    results = at.session_state["fb_results"]  # a shared link runs at once
    first, second = results.values()
    assert (first.config.world_seed, first.config.dynamics_seed, first.config.steps) == (3, 4, 15)
    assert second.config.exploration == 0.2 and second.config.world_seed == 3
    assert "Rückkopplungsschleife" in at.title[0].value


def test_a_broken_link_warns_and_keeps_the_defaults():
    at = AppTest.from_file(ENTRYPOINT, default_timeout=120)
    at.run()
    at.query_params.update({"fb_preset": "random feed", "fb_n_users": "-3"})
    at.switch_page(str(ROOT / "pages" / "feedback_loop.py"))
    at.run()
    assert_clean(at)
    assert any("n_users" in w.value for w in at.warning)
    assert at.selectbox(key="fb_preset").value == "engagement feed"


def test_policing_urn_with_and_without_correction(downloads):
    at = open_page("feedback_loop.py")
    at.selectbox(key="fb_preset").set_value("policing urn").run()
    at.slider(key="fb_k_days").set_value(300)
    at.toggle(key="fb_compare").set_value(True).run()
    assert at.selectbox(key="fb_compare_knob").value == "correction"
    assert at.toggle(key="fb_cmp_correction").value is True
    at.button(key="fb_run").click().run()
    no_missing_keys(at)
    results = at.session_state["fb_results"]
    off, on = results.values()
    assert isinstance(on, PolicingResult)
    assert off.final_shares.mean() > 0.9 and abs(on.final_shares.mean() - 0.75) < 0.05
    assert len(at.metric) == 2 and len(charts(at)) == 2
    csv = pd.read_csv(io.BytesIO(downloads["policing_urn_time_series.csv"]))
    assert len(csv) == 600 and "share_mean" in csv.columns


def test_the_preset_and_its_knobs_keep_their_values_across_page_navigation():
    """Issue #11: the preset selector reset to the first preset while the old results stayed on screen."""
    at = open_page("feedback_loop.py")
    at.selectbox(key="fb_preset").set_value("extremity penalty").run()
    at.slider(key="fb_k_n_users").set_value(150).run()
    at.switch_page(str(ROOT / "pages" / "weat.py"))
    at.run()
    assert "fb_preset" not in [s.key for s in at.selectbox] and "fb_preset" not in at.session_state  # Streamlit dropped it
    at.switch_page(str(ROOT / "pages" / "feedback_loop.py"))
    at.run()
    assert_clean(at)
    assert at.selectbox(key="fb_preset").value == "extremity penalty"
    assert at.slider(key="fb_k_n_users").value == 150 and at.slider(key="fb_k_extremity_penalty").value == 2.0
