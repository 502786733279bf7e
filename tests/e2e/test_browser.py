"""Open every page of the running app in a real Chromium; none may show an exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, wait_until_idle

pytestmark = pytest.mark.e2e


def _pages() -> list[str]:
    import ast

    tree = ast.parse((ROOT / "app" / "navigation.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "NAVIGATION":
            rows = ast.literal_eval(node.value)
            return [url for _, filename, _, _, url in rows if (ROOT / "pages" / filename).exists()]
    raise AssertionError("NAVIGATION not found in app/navigation.py")


@pytest.mark.parametrize("url_path", _pages())
def test_page_renders_without_exception(browser, app_url, url_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{'' if url_path == 'home' else url_path}")
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator('[data-testid="stException"]').first.inner_text()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "⟨" not in body
    shots = os.environ.get("LAB_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"{url_path}.png"), full_page=True)
    assert not errors, errors
    page.close()


def test_german_switch_in_the_browser(browser, app_url):
    page = browser.new_page()
    page.goto(f"{app_url}/embeddings?lang=de")
    wait_until_idle(page)
    assert page.locator("h1").first.inner_text().strip().startswith("Embeddings")
    assert "Nächste Nachbarn von" in page.locator("body").inner_text()
    page.close()
