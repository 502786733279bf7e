"""Lesson (Lektion): the lecture's eight steps, each with its live result on the active embedding.

``?step=3&present=1`` opens step 3 in presenter mode (large type, no sidebar, arrow keys). Step
computations live in ``analysis.lesson``/``analysis.lesson_models``; the renderers in
``app/components/lesson_*.py``; this file only routes.
"""

from __future__ import annotations

import streamlit as st

from analysis.device import pick_device
from app import state, ui
from app.components import lesson_embedding, lesson_frame, lesson_models
from app.i18n import t

step, present = lesson_frame.read_url()
lesson_frame.write_url(step, present)
if not present:
    st.title(t("lesson.title"))
lesson_frame.header(step, present)

# Keyed containers: on a short screen the presenter CSS shows the result above the explanation.
with ui.guard():
    with st.container(key="lesson-explain"):
        lesson_frame.texts(step)
    emb = state.active_embeddings()
    with st.container(key="lesson-result"):
        if step <= 5:
            st.caption(t("lesson.embedding", name=emb.info.name))
            getattr(lesson_embedding, f"step{step}")(emb)
        elif step == 6:
            lesson_models.step6(pick_device())
        elif step == 7:
            lesson_models.step7()
        else:
            lesson_models.step8()
    with st.container(key="lesson-discussion"):
        lesson_frame.discussion(step)
    # After this step's result, not before: the background warm-up would slow the step on screen.
    lesson_embedding.prewarm(emb, lesson_models.prewarm_jobs(pick_device()))
