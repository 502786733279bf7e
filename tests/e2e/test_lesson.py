"""Walk the whole lesson in German, in presenter mode at projector size, in a real Chromium.

Every step is reached with the → key (the page's keyboard script), its result must lie inside the
1280×720 viewport without scrolling, and a screenshot of each step goes to ``artifacts/lesson/``
(git-ignored test artefacts).
"""

from __future__ import annotations

import pytest

from analysis.lesson import STEPS
from tests.e2e.conftest import ROOT, wait_until_idle

pytestmark = pytest.mark.e2e
WIDTH, HEIGHT = 1280, 720
SHOTS = ROOT / "artifacts" / "lesson"
# What counts as a step's result: its tables, images, charts, diagram or cards.
RESULT = '[data-testid="stTable"], [data-testid="stImage"], [data-testid="stVegaLiteChart"], [data-testid="stGraphVizChart"], [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stMarkdownContainer"] strong'


def wait_for_step(page, step: int, timeout_s: float = 180) -> None:
    """Until the heading says ``step`` and the script has been idle for 1.5 s."""

    def on_step(page) -> bool:
        headings = page.evaluate("() => [...document.querySelectorAll('h3')].map(h => h.innerText).join('|')")
        return f"{step}. " in headings

    wait_until_idle(page, timeout_s, ready=on_step, selector="h3")  # presenter mode has no h1


def test_walk_the_lesson_in_german_without_scrolling(browser, app_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/lesson?step=1&present=1&lang=de")
    for step in range(1, STEPS + 1):
        wait_for_step(page, step)
        page.screenshot(path=str(SHOTS / f"step-{step}.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "⟨" not in body
        assert "Diskussion" in body  # German texts
        assert page.evaluate("() => window.parent.scrollY || document.querySelector('[data-testid=\"stMain\"]')?.scrollTop || 0") == 0
        boxes = [b for b in (el.bounding_box() for el in page.locator(RESULT).all()) if b and b["height"] > 0]
        assert boxes, f"step {step}: no result element found"
        lowest = max(b["y"] + b["height"] for b in boxes)
        assert lowest <= HEIGHT, f"step {step}: the result ends at {lowest:.0f} px, below the {HEIGHT} px screen"
        assert f"step={step}" in page.url
        if step < STEPS:
            page.keyboard.press("ArrowRight")
    assert not errors, errors


# 1024×576 at 125 % browser zoom: Chromium lays the page out in 1024/1.25 × 576/1.25 CSS pixels and
# draws each at 1.25 device pixels — the same as this viewport with device_scale_factor 1.25.
ZOOMED = {"width": round(1024 / 1.25), "height": round(576 / 1.25)}
VIEWS = [f"step={s}" for s in range(1, STEPS + 1) if s != 6] + [f"step=6&part={p}" for p in ("pca", "colour", "gd", "k")]
# A button whose text (or any part of it) is wider than its box is cut off ("Weite…").
CUT_BUTTONS = """() => [...document.querySelectorAll('button')].filter(b => b.offsetParent)
  .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)).map(b => b.innerText)"""


def test_presenter_mode_fits_1024x576_at_125_percent_zoom(browser, app_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=1.25)
    page = context.new_page()
    try:
        for view in VIEWS:
            step = int(view.split("&")[0].split("=")[1])
            page.goto(f"{app_url}/lesson?{view}&present=1&lang=de")
            wait_for_step(page, step)
            page.screenshot(path=str(SHOTS / f"zoom125-{view.replace('&', '-').replace('=', '')}.png"))
            assert page.locator('[data-testid="stException"]').count() == 0, view
            result = page.locator(".st-key-lesson-result").bounding_box()
            heading = page.locator("h3").first.bounding_box()
            assert result and result["height"] > 20, f"{view}: no result drawn"
            bottom = result["y"] + result["height"]
            assert bottom <= ZOOMED["height"], f"{view}: the result ends at {bottom:.0f} px, below the {ZOOMED['height']} px screen"
            assert heading["y"] + heading["height"] <= result["y"] + 1, f"{view}: the title overlaps the result"
            assert page.evaluate(CUT_BUTTONS) == [], f"{view}: button text cut off"
    finally:
        context.close()
