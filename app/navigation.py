"""The page table: which file in ``pages/`` is which page, in which section, under which URL.

``build_navigation()`` turns it into ``st.Page`` objects for ``st.navigation`` (in ``app/Home.py``)
and keeps them in ``PAGES`` so pages can link to each other with ``st.page_link``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import i18n

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"

# (section key, file in pages/, title key, icon, URL path). A page whose file is missing is skipped.
NAVIGATION: list[tuple[str, str, str, str, str]] = [
    ("nav.section.start", "home.py", "nav.home", ":material/home:", "home"),
    ("nav.section.start", "lesson.py", "nav.lesson", ":material/school:", "lesson"),
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

PAGES: dict[str, st.Page] = {}  # file name -> the st.Page of the current run


def build_navigation() -> dict[str, list]:
    """Sections of ``st.Page`` objects (titles in the current language) for ``st.navigation``."""
    sections: dict[str, list] = {}
    PAGES.clear()
    for section, filename, title_key, icon, url_path in NAVIGATION:
        path = PAGES_DIR / filename
        if not path.exists():
            continue
        page = st.Page(path, title=i18n.t(title_key), icon=icon, url_path=url_path, default=filename == "home.py")
        PAGES[filename] = page
        sections.setdefault(i18n.t(section), []).append(page)
    return sections
