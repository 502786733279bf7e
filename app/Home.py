"""Entrypoint: ``streamlit run app/Home.py``. Routes to the pages in the top-level ``pages/`` folder.

It only routes and draws what every page shares (language switch, active-embedding switcher);
each page is a thin file that calls into ``analysis`` and renders the result.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

STARTED = time.perf_counter()  # the top of this run: app/rerun_timing.py measures from here

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/Home.py` puts only app/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import chart_locale, i18n, jobs_view, navigation, rerun_timing, sidebar, widget_guard  # noqa: E402

widget_guard.install()  # integer number boxes sent NaN/inf get their default, not a traceback
chart_locale.install()  # Vega's own tick numbers in German in a German session

st.set_page_config(page_title="Bias & Embedding Lab", page_icon="🧭", layout="wide")
i18n.language_selector()
current = st.navigation(navigation.build_navigation())
sidebar.embedding_switcher()
jobs_view.keep_alive()  # a training run in the background lives on while another page is open
with rerun_timing.timed_rerun(current.url_path or "home", STARTED):  # off unless LAB_RERUN_TIMES is set (bench/load.py)
    current.run()
