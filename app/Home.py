"""Entrypoint: ``streamlit run app/Home.py``. Routes to the pages in the top-level ``pages/`` folder.

It only routes and draws what every page shares (language switch, active-embedding switcher);
each page is a thin file that calls into ``analysis`` and renders the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/Home.py` puts only app/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import i18n, sidebar  # noqa: E402

PAGES_DIR = ROOT / "pages"

# (section key, file in pages/, title key, icon, URL path). A page whose file is missing is skipped.
NAVIGATION: list[tuple[str, str, str, str, str]] = [
    ("nav.section.start", "home.py", "nav.home", ":material/home:", "home"),
    ("nav.section.embeddings", "embeddings.py", "nav.embeddings", ":material/scatter_plot:", "embeddings"),
    ("nav.section.embeddings", "analogies.py", "nav.analogies", ":material/compare_arrows:", "analogies"),
    ("nav.section.embeddings", "latent_space.py", "nav.latent_space", ":material/bubble_chart:", "latent-space"),
    ("nav.section.bias", "bias_probes.py", "nav.bias_probes", ":material/balance:", "bias-probes"),
    ("nav.section.bias", "weat.py", "nav.weat", ":material/science:", "weat"),
    ("nav.section.bias", "debiasing.py", "nav.debiasing", ":material/tune:", "debiasing"),
    ("nav.section.models", "autoencoder.py", "nav.autoencoder", ":material/hub:", "autoencoder"),
    ("nav.section.simulation", "feedback_loop.py", "nav.feedback_loop", ":material/sync:", "feedback-loop"),
    ("nav.section.simulation", "audit_report.py", "nav.audit_report", ":material/description:", "audit-report"),
]


def build_navigation() -> dict[str, list]:
    sections: dict[str, list] = {}
    for section, filename, title_key, icon, url_path in NAVIGATION:
        path = PAGES_DIR / filename
        if not path.exists():
            continue
        page = st.Page(path, title=i18n.t(title_key), icon=icon, url_path=url_path, default=filename == "home.py")
        sections.setdefault(i18n.t(section), []).append(page)
    return sections


st.set_page_config(page_title="Bias & Embedding Lab", page_icon="🧭", layout="wide")
i18n.language_selector()
current = st.navigation(build_navigation())
sidebar.embedding_switcher()
current.run()
