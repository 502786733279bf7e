"""AppTest helpers: every page is tested through the real entrypoint and its st.navigation."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = str(ROOT / "app" / "Home.py")


def open_page(page: str, timeout: float = 120, lang: str = "en") -> AppTest:
    """Run the app, switch to ``pages/<page>`` and return the AppTest after the first run."""
    at = AppTest.from_file(ENTRYPOINT, default_timeout=timeout)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    at.switch_page(str(ROOT / "pages" / page))
    at.run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception element and no untranslated i18n key anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info]
    leftovers = [s for s in texts if isinstance(s, str) and "⟨" in s]
    assert not leftovers, leftovers


def chart_specs(at: AppTest) -> list[dict]:
    """Each Altair chart's spec, with its data sets (Streamlit ships them apart, as Arrow) put back."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["datasets"] = {d.name: pa.ipc.open_stream(d.data.data).read_pandas().to_dict("records") for d in chart.proto.datasets}
        specs.append(spec)
    return specs


@pytest.fixture
def page():
    return open_page
