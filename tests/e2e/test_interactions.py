"""Real-browser checks of the interactions AppTest cannot drive: live training with Stop, downloads."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import wait_until_idle

pytestmark = pytest.mark.e2e


def stopped_epochs(page) -> int | None:
    match = re.search(r"Stopped after ([\d,]+) of", page.locator("body").inner_text())
    return int(match.group(1).replace(",", "")) if match else None


def test_autoencoder_stop_keeps_what_was_trained(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/autoencoder")
    wait_until_idle(page)
    epochs = page.get_by_label("Epochs", exact=True)
    epochs.fill("100000")
    epochs.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text(re.compile(r"Training: \d")).first.wait_for(timeout=60_000)
    time.sleep(2.0)
    page.get_by_role("button", name="Stop", exact=True).click()
    wait_until_idle(page)
    first = stopped_epochs(page)
    assert first is not None and 0 < first < 100_000, page.locator("body").inner_text()[:2000]
    time.sleep(2.0)
    assert stopped_epochs(page) == first  # nothing trains on in the background
    assert page.locator('[data-testid="stException"]').count() == 0
    resume = page.get_by_role("button", name=re.compile("Continue to"))
    assert resume.is_enabled()
    page.close()


def test_audit_report_download(browser, app_url, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/audit-report")
    wait_until_idle(page)
    page.get_by_text("Include quality benchmarks").click()  # keep the run short
    page.get_by_role("button", name="Write the report").click()
    wait_until_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Markdown").click()
    path = tmp_path / "report.md"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Bias audit report: glove-6b-50d")
    assert "caliskan-10" in text and "| programmer + woman − man | homemaker |" in text
    page.close()
