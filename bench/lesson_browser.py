"""The lesson as a lecturer sees it: a fresh ``streamlit run`` server per step, each step's URL timed
in Chromium until its result is on screen (``python bench/lesson.py --browser``).

For every step (and each of step 6's four experiments) a new server starts with empty caches; the
home page is opened first and left to finish (GloVe loaded: the lecturer has the app open), then
the step's presenter URL is opened in a new tab and timed from ``goto`` to the moment its result —
table, image, chart, diagram or cards — is visible. ``--walk`` adds the lecture order on one
server: step 1 opened, then → pressed step by step, each timed until its result shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (label, query string, JS predicate that is true once the step's result is on screen)
TABLE = "document.querySelector('[data-testid=\"stTable\"]')"
URLS = [
    ("1", "step=1", TABLE),
    ("2", "step=2", TABLE),
    ("3", "step=3", TABLE),
    ("4", "step=4", TABLE),
    ("5", "step=5", TABLE),
    ("6a", "step=6&part=pca", "document.querySelector('[data-testid=\"stMain\"]')?.innerText.includes('°')"),
    ("6b", "step=6&part=colour", "document.querySelector('[data-testid=\"stImage\"] img')"),
    ("6c", "step=6&part=gd", "document.querySelector('[data-testid=\"stVegaLiteChart\"] canvas, [data-testid=\"stVegaLiteChart\"] svg')"),
    ("6d", "step=6&part=k", "document.querySelector('[data-testid=\"stVegaLiteChart\"] canvas, [data-testid=\"stVegaLiteChart\"] svg')"),
    ("7", "step=7", f"document.querySelector('[data-testid=\"stGraphVizChart\"] svg') && {TABLE}"),
    ("8", "step=8", "document.body.innerText.includes('Amazon') && document.body.innerText.includes('Twitter')"),
]
TIMEOUT_S = 120  # a step not on screen after this counts as failed


def _heading_is(step: str) -> str:
    number = step.rstrip("abcd")
    return f"[...document.querySelectorAll('h3')].some(h => h.innerText.startsWith('{number}. '))"


@contextmanager
def server():
    """A fresh ``streamlit run app/Home.py`` on a free port (empty caches), stopped afterwards."""
    from tests.e2e.conftest import _free_port

    port = _free_port()
    env = dict(os.environ, LAB_DEVICE="cpu", PYTHONUNBUFFERED="1")
    from bench.load import streamlit_command

    proc = subprocess.Popen(
        streamlit_command("app/Home.py", port),
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("streamlit did not become healthy within 60 s") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


# The rerun has finished, so a table still on screen from the previous step does not count.
IDLE = "document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state') !== 'running'"


def _time_until(page, predicate: str, started: float) -> float:
    page.wait_for_function(f"() => !!({predicate}) && {IDLE}", timeout=TIMEOUT_S * 1000, polling=100)
    return time.perf_counter() - started


def _open_home(browser, url: str, lang: str) -> float:
    """Open the home page, wait until its script has finished; seconds taken (the server's first visit)."""
    from tests.e2e.conftest import wait_until_idle

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    started = time.perf_counter()
    page.goto(f"{url}/?lang={lang}")
    wait_until_idle(page, TIMEOUT_S)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


def cold_steps(lang: str = "de", steps: list[str] | None = None) -> list[dict]:
    """Each step's presenter URL on its own fresh server: seconds until the result shows."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, query, predicate in URLS:
            if steps and label not in steps and label.rstrip("abcd") not in steps:
                continue
            with server() as url:
                home = _open_home(browser, url, lang)
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                started = time.perf_counter()
                page.goto(f"{url}/lesson?{query}&present=1&lang={lang}")
                try:
                    seconds = _time_until(page, f"({_heading_is(label)}) && ({predicate})", started)
                except Exception:  # noqa: BLE001 - report the timeout as a row, go on with the next step
                    seconds = float("nan")
                page.close()
            rows.append({"step": label, "home": home, "cold": seconds})
            print(f"browser step {label:<3} cold {seconds:6.2f} s   (server's first home page {home:.1f} s)", flush=True)
        browser.close()
    return rows


def lecture_walk(lang: str = "de") -> list[dict]:
    """Steps 1 → 8 on one fresh server with the → key, as in the lecture; seconds per step."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    predicates = {label: predicate for label, _q, predicate in URLS}
    rows = []
    with sync_playwright() as p, server() as url:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        home = _open_home(browser, url, lang)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        started = time.perf_counter()
        page.goto(f"{url}/lesson?step=1&present=1&lang={lang}")
        for step in range(1, 9):
            label = "6a" if step == 6 else str(step)
            seconds = _time_until(page, f"({_heading_is(label)}) && ({predicates[label]})", started)
            rows.append({"step": label, "walk": seconds})
            print(f"browser walk step {label:<3} {seconds:6.2f} s after →", flush=True)
            time.sleep(1.0)  # the lecturer talks; the page settles
            if step < 8:
                started = time.perf_counter()
                page.keyboard.press("ArrowRight")
        browser.close()
    print(f"(server's first home page {home:.1f} s)")
    return rows
