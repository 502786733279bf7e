"""Real-browser checks of background jobs: a closed browser frees the training worker (issue #14)."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import SERVER_LOG, wait_until_idle

pytestmark = pytest.mark.e2e


def _log_text() -> str:
    return SERVER_LOG.read_text(encoding="utf-8", errors="replace") if SERVER_LOG.exists() else ""


def _wait_for_log(pattern: str, since: int, timeout_s: float) -> str | None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        match = re.search(pattern, _log_text()[since:])
        if match:
            return match.group(0)
        time.sleep(0.5)
    return None


def test_closing_the_browser_mid_training_ends_the_worker(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/embeddings")
    wait_until_idle(page)
    page.get_by_role("tab", name="Train word2vec").click()
    epochs = page.get_by_role("slider", name="Epochs")
    epochs.focus()
    epochs.press("End")  # 50 epochs of the default corpus: minutes, far longer than this test
    wait_until_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    # Training under way (past tokenising and the vocabulary): the bar's message names the epoch.
    page.get_by_text(re.compile(r"Training word2vec — epoch \d+/50")).first.wait_for(timeout=180_000)
    assert page.get_by_role("button", name="Stop", exact=True).is_visible()
    since = len(_log_text())
    started = time.time()
    context.close()  # the browser is gone: no more polls, the websocket closes
    cancelled = _wait_for_log(r"job word2vec cancelled: session gone", since, 30)
    ended = _wait_for_log(r"job word2vec worker ended after [\d.]+ s \(session gone, done\)", since, 30)
    assert cancelled and ended, _log_text()[since:][-3000:]
    assert time.time() - started < 30


def test_a_rerun_and_another_page_keep_the_training_and_stop_keeps_it(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/embeddings")
    wait_until_idle(page)
    page.get_by_role("tab", name="Train word2vec").click()
    epochs = page.get_by_role("slider", name="Epochs")
    epochs.focus()
    epochs.press("End")
    wait_until_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    bar = re.compile(r"Training word2vec — epoch (\d+)/50")
    page.get_by_text(bar).first.wait_for(timeout=180_000)
    page.get_by_role("link", name=re.compile("Analogies")).first.click()  # another page for a while
    page.get_by_role("heading", name=re.compile("Analog")).first.wait_for(timeout=60_000)
    time.sleep(3.0)
    page.get_by_role("link", name=re.compile("Embeddings")).first.click()
    page.get_by_role("tab", name="Train word2vec").click()
    page.get_by_text(bar).first.wait_for(timeout=30_000)  # still training: the bar is back
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text(re.compile(r"Stopped after \d+ % — the vectors are what was trained")).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_role("button", name="Make it the active embedding").is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
