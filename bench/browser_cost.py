"""What one analogy query costs the browser: the lab's Analogies page against a one-widget Streamlit app.

    python bench/browser_cost.py               # 14 queries each, after 14 unmeasured ones
    python bench/browser_cost.py --queries 30 --json

Why: in the load test (bench/load.py) Chromium used 73-89 % of the CPU an interaction cost. This
measures that share for one session, process by process (the page's renderer, the browser process,
the GPU process, Playwright's driver), and sets it against the peer measured in the same run: the
smallest Streamlit app that answers a typed word (one text box, one line of Markdown) — the floor
any Streamlit page pays per rerun on this machine. Each query is timed from the action to the end of
the rerun it triggered, as in bench/load.py. Both run on one server at normal priority; the
Analogies page's answers and charts come from its shared caches after the unmeasured round, so the
server's share is what a class pays once warm.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402 - after the path is set
    CHROMIUM,
    CHROMIUM_ARGS,
    PRESET_BUTTONS,
    WORDS,
    Deployment,
    cpu_seconds,
    descendants,
    free_port,
    script_done,
    streamlit_command,
    type_word,
    wait_healthy,
)

MINIMAL_APP = '''import streamlit as st
word = st.text_input("c", "woman")
st.markdown(f"answer for **{word}**")
'''


def process_kind(pid: int) -> str:
    """renderer, gpu-process, utility, browser (Chromium's main process) or driver (Playwright's node)."""
    try:
        # Chromium rewrites its command line into one space-separated string: search, do not split on NUL
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    kind = re.search(r"--type=([\w-]+)", command)
    if kind:
        return kind.group(1)
    return "driver" if "node" in command.split(" ", 1)[0] else "browser"


async def measure(url: str, path: str, server_pids: list[int], queries: int, ask) -> dict:
    """Chromium's CPU per query by process kind, the servers', and the latencies."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await page.goto(f"{url}{path}", timeout=300_000)
        await script_done(page, time.perf_counter(), timeout_s=300)
        for i in range(queries):  # unmeasured: first imports, caches, the browser's own warm-up
            await ask(page, i)
        mine = [q for q in descendants(os.getpid()) if q not in server_pids]
        before = {q: cpu_seconds(q) for q in mine}
        server_before = sum(cpu_seconds(q) for q in server_pids)
        latencies = [await ask(page, i) for i in range(queries)]
        by_kind: collections.Counter = collections.Counter()
        for q in mine:
            by_kind[process_kind(q)] += cpu_seconds(q) - before[q]
        server = sum(cpu_seconds(q) for q in server_pids) - server_before
        await browser.close()
    return {
        "browser_ms": 1000 * sum(by_kind.values()) / queries,
        "by_process_ms": {kind: 1000 * s / queries for kind, s in by_kind.most_common()},
        "server_ms": 1000 * server / queries,
        "latency_p50_s": statistics.median(latencies),
    }


async def ask_analogy(page, i: int) -> float:
    """A lecture preset's button or a word typed into c, alternately (as bench/load.py does)."""
    started = time.perf_counter()
    if i % 2:
        await page.get_by_role("button", name=PRESET_BUTTONS[i % len(PRESET_BUTTONS)], exact=True).click()
    else:
        await type_word(page.get_by_label("c", exact=True), WORDS[i % len(WORDS)])
    return await script_done(page, started)


async def ask_minimal(page, i: int) -> float:
    started = time.perf_counter()
    await type_word(page.get_by_label("c", exact=True), f"{WORDS[i % len(WORDS)]}{i}")  # always a new word: always a rerun
    return await script_done(page, started)


def run_minimal(queries: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="lab-minimal-"))
    (folder / "app.py").write_text(MINIMAL_APP, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        # the lab's own settings (.streamlit/config.toml): no forced GC after each rerun, no file watcher
        streamlit_command(str(folder / "app.py"), port, "--runner.postScriptGC", "false", "--server.fileWatcherType", "none"),
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        return asyncio.run(measure(url, "/", [server.pid], queries, ask_minimal))
    finally:
        server.terminate()
        server.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description="Browser CPU per analogy query, against a minimal Streamlit app.")
    parser.add_argument("--queries", type=int, default=14)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.queries < 2:
        parser.exit(2, "error: --queries must be at least 2.\n")
    with Deployment(1) as deployment:
        ours = asyncio.run(measure(deployment.url, "/analogies", deployment.pids(), args.queries, ask_analogy))
    peer = run_minimal(args.queries)
    if args.json:
        print(json.dumps({"queries": args.queries, "ours": ours, "peer": peer, "load_average": os.getloadavg()[0]}, indent=2))
        return
    print(f"{args.queries} queries each, load average {os.getloadavg()[0]:.2f}")
    print(f"  {'':<28}{'browser ms':>11}{'server ms':>10}{'p50 s':>7}   browser by process (ms per query)")
    for name, r in (("Analogies page (ours)", ours), ("one-widget Streamlit (peer)", peer)):
        parts = ", ".join(f"{kind} {ms:.0f}" for kind, ms in r["by_process_ms"].items() if ms >= 0.5)
        print(f"  {name:<28}{r['browser_ms']:>11.0f}{r['server_ms']:>10.0f}{r['latency_p50_s']:>7.2f}   {parts}")
    print(f"  ratio ours / peer: browser {ours['browser_ms'] / max(peer['browser_ms'], 1e-9):.1f}×, "
          f"server {ours['server_ms'] / max(peer['server_ms'], 1e-9):.1f}×")


if __name__ == "__main__":
    main()
