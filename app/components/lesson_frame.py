"""The Lesson page's frame: step and presenter mode in the URL, previous/next, arrow keys, texts.

The URL is the state: ``?step=3&present=1`` opens step 3 in presenter mode in a fresh browser.
Arrow keys work through a tiny script (``st.iframe`` of an HTML string) that clicks the page's own
previous/next buttons, so keyboard and mouse take the same path.
"""

from __future__ import annotations

import time

import streamlit as st

from analysis.lesson import STEPS
from analysis.progress import ProgressFn
from app import i18n
from app.i18n import current_language, t

STEP_KEY = "lesson.step"  # session_state: the step shown (1 … STEPS)
PRESENT_KEY = "lesson.present"  # session_state: presenter mode on/off

# Presenter mode: no sidebar or header, large type, tight spacing so a step fits 1280×720.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.6rem !important; padding-bottom: 0 !important; max-width: 100% !important;}
.stMarkdown p, .stMarkdown li, [data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.2rem !important; line-height: 1.35 !important;}
h1 {font-size: 1.9rem !important; padding: 0 !important;}
h2, h3 {font-size: 1.6rem !important; padding: 0.2rem 0 !important;}
[data-testid="stVerticalBlock"] {gap: 0.45rem !important;}
[data-testid="stMarkdownContainer"]:has(h3) {margin-bottom: 0 !important;}  /* Streamlit's -1rem would let a long title overlap the result */
/* A short screen (1024×576 at 125 % zoom is 819×461 CSS px): tighter type, and the result moves
   above the explanation so it is on screen without scrolling; the explanation follows below it. */
@media (max-height: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.3rem !important; padding-left: 1rem !important; padding-right: 1rem !important;}
  .stMarkdown p, .stMarkdown li, [data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 0.98rem !important; line-height: 1.25 !important;}
  [data-testid="stTable"] td, [data-testid="stTable"] th {padding: 0.1rem 0.45rem !important;}
  [data-testid="stCaptionContainer"] p {font-size: 0.85rem !important;}
  h3 {font-size: 1.2rem !important; padding: 0 !important; line-height: 1.25 !important;}
  [data-testid="stVerticalBlock"] {gap: 0.3rem !important;}
  button p {font-size: 0.9rem !important;}
  [data-testid="stHeadingWithActionElements"], h3 {margin: 0 !important;}
  [class*="st-key-lesson-card"] {padding: 0.45rem 0.7rem !important; gap: 0.15rem !important;}
  [class*="st-key-lesson-card"] p {font-size: 0.86rem !important; line-height: 1.22 !important;}
  .st-key-lesson-result {order: 1;} .st-key-lesson-explain {order: 2;} .st-key-lesson-discussion {order: 3;}
  *:has(> .st-key-lesson-result) {order: 1;} *:has(> .st-key-lesson-explain) {order: 2;} *:has(> .st-key-lesson-discussion) {order: 3;}
}
</style>
"""

# Clicks the button whose label starts with the arrow; ignores keys typed into inputs.
KEYS_JS = """
<script>
const doc = window.parent.document;
if (!doc.lessonKeys) {
  doc.lessonKeys = true;
  doc.addEventListener('keydown', (e) => {
    const tag = (e.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || e.altKey || e.ctrlKey || e.metaKey) return;
    const want = e.key === 'ArrowRight' ? '→' : e.key === 'ArrowLeft' ? '←' : null;
    if (!want) return;
    const button = [...doc.querySelectorAll('button')].find(b => b.innerText.trim().includes(want) && b.innerText.length < 40);
    if (button) { e.preventDefault(); button.click(); }
  });
}
</script>
"""


def _int(raw, default: int) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def read_url() -> tuple[int, bool]:
    """Step and presenter flag from the URL (first run) or the session; a bad step falls back to 1."""
    if STEP_KEY not in st.session_state:
        st.session_state[STEP_KEY] = min(STEPS, max(1, _int(st.query_params.get("step"), 1)))
        st.session_state[PRESENT_KEY] = st.query_params.get("present") in ("1", "true")
    return st.session_state[STEP_KEY], st.session_state[PRESENT_KEY]


def write_url(step: int, present: bool) -> None:
    if st.query_params.get("step") != str(step):
        st.query_params["step"] = str(step)
    if present and st.query_params.get("present") != "1":
        st.query_params["present"] = "1"
    if not present and "present" in st.query_params:
        del st.query_params["present"]


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = min(STEPS, max(1, st.session_state[STEP_KEY] + delta))


def _toggle_present() -> None:
    st.session_state[PRESENT_KEY] = not st.session_state[PRESENT_KEY]


def header(step: int, present: bool) -> None:
    """Title line with previous/next; presenter styling and arrow keys."""
    if present:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    st.iframe(KEYS_JS, height=1)  # the key listener lives in a 1-px frame, attached to the page
    # Wide enough arrows for "← Zurück" / "Weiter →" at 819 px (1024 px at 125 % zoom), not cut off.
    title, prev, count, nxt, mode = st.columns([4.2, 1.6, 1.0, 1.6, 2.4], vertical_alignment="center", gap="small")
    title.markdown(f"### {step}. {t(f'lesson.step{step}.title')}")
    prev.button(t("lesson.prev"), key="lesson.prev", on_click=_go, args=(-1,), disabled=step == 1, width="stretch")
    count.caption(t("lesson.step_of", n=step, total=STEPS))
    nxt.button(t("lesson.next"), key="lesson.next", on_click=_go, args=(1,), disabled=step == STEPS, width="stretch")
    mode.button(t("lesson.exit_present") if present else t("lesson.present"), key="lesson.present_button", on_click=_toggle_present, help=t("lesson.present_help"), width="stretch")


def texts(step: int) -> None:
    """The explanation paragraph (above the result)."""
    st.markdown(t(f"lesson.step{step}.explain"))


def discussion(step: int) -> None:
    """The discussion question and the caveat (below the result)."""
    st.markdown(t("lesson.question", text=t(f"lesson.step{step}.question")))
    st.markdown(t("lesson.caveat", text=t(f"lesson.step{step}.caveat")))


# A page's URL binder (app/url_state.py, flag ``_url_state.<prefix>read``) takes the URL only on the
# page's first run in a session, so a link into a page visited before would open it with its old
# inputs. Forgetting that flag while the lesson shows its link makes the link's inputs win on the
# next visit; a visit through the navigation brings no parameters, so the page keeps its own then.
LINK_READ_FLAGS = {
    "analogies.py": ("_url_state.analogies.read",),
    "bias_probes.py": ("_url_state.bias_read",),
    "weat.py": ("_url_state.weat_read",),
    "autoencoder.py": ("_url_state.autoencoder.read",),
    "feedback_loop.py": ("_url_state.fb_read",),
}


def full_page_link(page_file: str, params: dict[str, str] | None = None) -> None:
    """A link to the full page with the same inputs (skipped when that page is not in the navigation)."""
    from app import navigation

    page = navigation.PAGES.get(page_file)
    if page is None:
        return
    for flag in LINK_READ_FLAGS.get(page_file, ()):
        st.session_state.pop(flag, None)
    query = dict(params or {})
    query["lang"] = current_language()
    st.page_link(page, label=f"{t('lesson.open_full')}: {page.title}", icon=":material/open_in_new:", query_params=query)


def num(value: float, digits: int = 3) -> str:
    """A number in the reader's format (``app.i18n.num``): 0.452 in English, 0,452 in German."""
    return i18n.num(value, digits)


def progress_with_eta(label: str) -> tuple[ProgressFn, st.delta_generator.DeltaGenerator]:
    """A progress bar whose text adds the percentage and an estimate of the seconds left."""
    bar = st.progress(0.0, text=label)
    started = time.perf_counter()

    def update(fraction: float, message: str = "") -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        elapsed = time.perf_counter() - started
        seconds = f"{elapsed * (1 - fraction) / fraction:.0f}" if fraction > 0 else "?"
        bar.progress(fraction, text=t("lesson.eta", label=label, percent=f"{fraction * 100:.0f}", seconds=seconds))

    return update, bar
