"""The feedback loop's diagram (users ↔ recommender ↔ publishers) on its own, light to import.

The Feedback loop page draws it on every visit; importing it from ``app.components.lesson_models``
would load PyTorch (through the lesson's autoencoder charts) into every server process a class
uses, about 165 MB of resident memory each, for one Graphviz drawing.
"""

from __future__ import annotations

import streamlit as st

from analysis.lesson_models import LOOP_LABELS, feedback_loop_dot
from app.i18n import t


def loop_diagram() -> None:
    """The loop as Graphviz, its labels in the current language (the lesson's step 7 draws the same)."""
    st.graphviz_chart(feedback_loop_dot({k: t(f"lesson.loop.{k}") for k in LOOP_LABELS}))
