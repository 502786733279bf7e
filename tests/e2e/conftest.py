"""Start the real app (``streamlit run app/Home.py``) on a free port and drive it with Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_LOG = ROOT / ".pytest_cache" / "e2e-streamlit.log"  # the app server's stdout and stderr (tests read it)
CHROMIUM = os.environ.get("LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    port = _free_port()
    env = dict(os.environ, LAB_DEVICE="cpu", PYTHONUNBUFFERED="1")
    SERVER_LOG.parent.mkdir(exist_ok=True)
    log = open(SERVER_LOG, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app/Home.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy within 60 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_until_idle(page, timeout_s: float = 90, ready=None, selector: str = "h1") -> None:
    """Wait for the page's title (``selector``) to render and the script to stay finished for 1.5 s.

    Streamlit marks its root element with ``data-test-script-state`` ("running" / "notRunning");
    the quiet period covers the moment between a click and the rerun it starts. ``ready(page)``, when
    given, must hold too (e.g. the heading of the step a key press moved to).
    """
    page.wait_for_selector(selector, timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet_since = None
    while time.time() < deadline:
        state = page.evaluate(
            "() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')"
        )
        if state == "running" or (ready is not None and not ready(page)):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 1.5:
            return
        time.sleep(0.25)
    raise AssertionError("the page kept running" if ready is None else "the page never became ready")
