"""Issue #14 in a real browser: the short load test (4 sessions, 15 s) and two servers behind nginx.

The load numbers are printed, not asserted (no timing assertions in tests); what is asserted is that
no session met an error and every interaction ran.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, ROOT, wait_until_idle

pytestmark = pytest.mark.e2e

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


@needs_chromium
def test_short_load_four_sessions_fifteen_seconds_no_errors():
    # In its own process: bench/load.py drives Playwright's async API with asyncio.run, which cannot
    # run in this process while the suite's session-wide (sync) browser holds an event loop.
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", "--sessions", "4", "--seconds", "15", "--servers", "1", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    print(json.dumps({k: result[k] for k in ("errors", "latency_s", "rss_mib")}, indent=1))
    assert result["errors"] == 0, result["error_samples"]
    assert result["latency_s"]["open"]["n"] == 4
    assert result["latency_s"]["analogy"]["n"] >= 4  # every session asked at least once
    # The steady-state row leaves out exactly each session's first analogy (the synchronised burst).
    later = result["latency_s"].get("analogy, not the first", {"n": 0})
    assert later["n"] == result["latency_s"]["analogy"]["n"] - 4
    assert result["rss_mib"]["peak"] > 0
    # The server's own script runs (app/rerun_timing.py): at least one full run of the Analogies page
    # per analogy asked, each with a positive duration.
    analogies = result["server_rerun_s"]["analogies"]
    assert analogies["n"] >= result["latency_s"]["analogy"]["n"] and 0 < analogies["p50"] <= analogies["max"]


@needs_chromium
@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")
def test_two_servers_behind_nginx_sticky_sessions_and_a_working_websocket(browser):
    from bench.load import Deployment

    with Deployment(servers=2) as deployment:
        # a first visit gets a cookie; with it, every request reaches the same server
        first = urllib.request.urlopen(f"{deployment.url}/_stcore/health", timeout=10)
        # (Streamlit sets its own XSRF cookie, which is per server: uploads need the stickiness too)
        cookie = next(c.split(";")[0] for c in first.headers.get_all("Set-Cookie") if c.startswith("lab_backend="))
        answered = set()
        for _ in range(8):
            request = urllib.request.Request(f"{deployment.url}/_stcore/health", headers={"Cookie": cookie})
            answered.add(urllib.request.urlopen(request, timeout=10).headers["X-Lab-Upstream"])
        assert len(answered) == 1 and answered <= {u.removeprefix("http://") for u in deployment.direct_urls()}
        # without a cookie, visitors spread over both servers (not one per school NAT, as ip_hash would)
        spread = {urllib.request.urlopen(f"{deployment.url}/_stcore/health", timeout=10).headers["X-Lab-Upstream"] for _ in range(40)}
        assert len(spread) == 2
        # a real browser session through the proxy (the suite's one browser: a second sync
        # Playwright cannot start while it runs): the page runs over the websocket and answers;
        # its frontend files come from nginx's disk (no X-Lab-Upstream, nginx's Cache-Control)
        page = browser.new_page()
        static_responses = []
        page.on("response", lambda r: static_responses.append(r) if "/static/" in r.url else None)
        try:
            page.goto(f"{deployment.url}/analogies", timeout=300_000)
            wait_until_idle(page, 300)
            box = page.get_by_label("c", exact=True)
            box.fill("queen")
            box.press("Enter")
            wait_until_idle(page, 120)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert "≈" in page.locator("body").inner_text()
            assert any(r.url.endswith(".js") for r in static_responses) and any(r.url.endswith(".css") for r in static_responses)
            for response in static_responses:
                headers = response.headers
                assert response.status == 200 and "x-lab-upstream" not in headers, (response.url, headers)
                assert headers["cache-control"] == "public, max-age=31536000, immutable", response.url
        finally:
            page.close()
        # the page (index.html) comes from a server; the JS bundle it names comes from nginx's disk,
        # compressed, while both servers are paused (SIGSTOP): no Streamlit process takes part
        index = urllib.request.urlopen(f"{deployment.url}/weat", timeout=30)
        assert index.headers["X-Lab-Upstream"]
        bundle = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index.read().decode()).group(1)
        import streamlit

        on_disk = (Path(streamlit.__file__).parent / "static" / bundle).read_bytes()
        for pid in deployment.pids():
            os.kill(pid, signal.SIGSTOP)
        try:
            with pytest.raises(OSError):  # the servers really answer nothing now
                urllib.request.urlopen(f"{deployment.url}/_stcore/health", timeout=3)
            plain = urllib.request.urlopen(f"{deployment.url}/{bundle}", timeout=10)
            assert plain.read() == on_disk and plain.headers["Content-Type"] == "application/javascript"
            assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable" and "X-Lab-Upstream" not in plain.headers
            assert plain.headers["ETag"] and plain.headers["Last-Modified"]
            request = urllib.request.Request(f"{deployment.url}/{bundle}", headers={"Accept-Encoding": "gzip"})
            packed = urllib.request.urlopen(request, timeout=10)
            assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.read()) == on_disk
            favicon = urllib.request.urlopen(f"{deployment.url}/favicon.png", timeout=10)
            assert favicon.read() == (Path(streamlit.__file__).parent / "static" / "favicon.png").read_bytes()
        finally:
            for pid in deployment.pids():
                os.kill(pid, signal.SIGCONT)
        # ... and a page's path still reaches a server once they run again (no page is served from disk)
        assert urllib.request.urlopen(f"{deployment.url}/analogies", timeout=30).headers["X-Lab-Upstream"]
