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


def _start_word2vec(page, app_url: str) -> None:
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


def _start_autoencoder(page, app_url: str) -> None:
    page.goto(f"{app_url}/autoencoder?epochs=100000")  # 100,000 epochs of the digits: far longer than this test
    wait_until_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text(re.compile(r"Training: [\d,.]+ of 100[,.]?000 epochs")).first.wait_for(timeout=180_000)


def _start_debias(page, app_url: str) -> None:
    page.goto(f"{app_url}/debiasing")  # the defaults: tens of seconds on GloVe 50d
    wait_until_idle(page)
    page.get_by_role("button", name="Debias and measure").click()
    page.get_by_text(re.compile("Debiasing and measuring")).first.wait_for(timeout=180_000)


def _start_feedback(page, app_url: str) -> None:
    # A link runs its simulation at once; 5,000 steps of 50-item slates: far longer than this test.
    page.goto(f"{app_url}/feedback-loop?fb_steps=5000&fb_slate_size=50")
    page.get_by_text(re.compile("Simulating")).first.wait_for(timeout=180_000)


STARTS = {"word2vec": _start_word2vec, "autoencoder": _start_autoencoder, "debias": _start_debias, "feedback": _start_feedback}


@pytest.mark.parametrize("slot", list(STARTS))
def test_closing_the_browser_mid_run_ends_the_worker(browser, app_url, slot):
    """Each kind of background job (its job slot): a closed browser cancels it within seconds."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    STARTS[slot](page, app_url)
    page.get_by_role("button", name="Stop", exact=True).wait_for(timeout=30_000)  # under way: its Stop is drawn
    since = len(_log_text())
    started = time.time()
    context.close()  # the browser is gone: no more polls, the websocket closes
    cancelled = _wait_for_log(rf"job {slot} cancelled: session gone", since, 30)
    # "done" when the work keeps what it finished (word2vec, autoencoder, a partial simulation),
    # "cancelled" when it keeps nothing (debiasing); never "failed".
    ended = _wait_for_log(rf"job {slot} worker ended after [\d.]+ s \(session gone, (done|cancelled)\)", since, 30)
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
