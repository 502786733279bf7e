"""Load test: N concurrent real Chromium sessions against one or several Streamlit servers.

    python bench/load.py --sessions 5 --seconds 60 --servers 1
    python bench/load.py --sessions 20 --seconds 60 --servers 3      # 3 servers behind nginx
    python bench/load.py --url http://host:8080 --sessions 10         # an already running deployment
    python bench/load.py --sessions 20 --servers 2 --nice-browsers    # the servers first, the browsers at nice 19

One browser, one context (= one Streamlit session) per simulated student. Every session first opens
the Analogies page ("open", outside the measured window); then, for ``--seconds``, each loops:

* three analogy queries on the Analogies page — a lecture preset's button (7 presets) or a word typed
  into c (10 words), in an order that differs per session, so the queries vary (up to 77 different);
* a WEAT test: open the WEAT page ("to weat", it runs the test chosen last), then choose another of
  Caliskan et al.'s ten tests in its select box ("weat"), at the page's default of 100,000
  permutations (tests of 8 + 8 words are exact: all 12,870 partitions);
* a feedback-loop simulation: open the page, choose one of its six social-loop presets ("feedback
  preset"), Run ("simulation") at the page's default size (2,000 users, 200 steps);

with ``--think`` seconds of pause after each interaction (0 by default: a stress test in which every
student clicks again the moment the page has answered). Every session's first analogy starts at the
same instant (the window opens when all are open: a class told "now click king − man + woman");
the row "analogy, not the first" leaves those out, to show the steady state apart from that burst. A latency is the time from
the action to the end of the rerun it triggered (Streamlit's ``data-test-script-state``). An error is
an exception box on the page, an interaction that does not finish within 60 s, or a browser error. No interaction starts after
the window, so a run ends at most one interaction after ``--seconds``.
With servers started here, their resident memory is sampled every second: the sum of RSS (which
counts the shared, memory-mapped embedding once per process) and of PSS (which splits shared pages
between the processes that map them: the honest total).

The servers also time their own script runs (``LAB_RERUN_TIMES``, app/rerun_timing.py): the table
"the servers' script runs" gives, by page, the seconds from the top of app/Home.py to the end of the
page's script, waits for other sessions' work included, the browser's rendering excluded. With
``--nice-browsers`` the browsers run at the lowest CPU priority, so the servers get the CPU first, as
they would with the students' browsers on their own laptops; read the servers' times then (the
browser-side latencies of a starved browser say little).

The peer measured in the same run is the idle baseline: the servers' memory before any session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
WORDS = ["woman", "girl", "queen", "paris", "berlin", "doctor", "nurse", "france", "sister", "mother"]
# The Analogies page's lecture presets (data/analogy_presets), by their button labels.
PRESET_BUTTONS = ["king − man + woman", "germany − berlin + paris", "germany − berlin + london", "easiest − easy + lucky",
                  "mice − mouse + dollar", "impossibly − possibly + ethical", "doctor − man + woman"]
WEAT_TESTS = [f"WEAT {n}:" for n in range(1, 11)]  # Caliskan et al.'s ten tests, by their labels' start
FEEDBACK_PRESETS = ["Engagement feed", "Random feed", "Popularity", "Frozen model", "Diversity slots", "Extremity penalty"]
INTERACTION_TIMEOUT_S = 60.0


def streamlit_command(script: str, port: int, *extra: str) -> list[str]:
    """The command line of one headless Streamlit server on loopback (bench scripts start theirs so)."""
    return [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", *extra]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout_s: float = 120) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout_s:.0f} s")


class Deployment:
    """``servers`` Streamlit processes on loopback, behind nginx when there are several."""

    def __init__(self, servers: int):
        self.servers, self.procs, self.nginx_prefix, self.ports = servers, [], None, []
        self.url = ""

    def __enter__(self):
        from analysis.embeddings import load_default_glove

        load_default_glove()  # write the shared memory-mapped cache once, before the servers race
        ports = self.ports = [free_port() for _ in range(self.servers)]
        env = dict(os.environ, LAB_DEVICE=os.environ.get("LAB_DEVICE", "cpu"), PYTHONUNBUFFERED="1")
        self.rerun_log = Path(tempfile.mkdtemp(prefix="lab-reruns-")) / "reruns.jsonl"  # app/rerun_timing.py
        env["LAB_RERUN_TIMES"] = str(self.rerun_log)
        for port in ports:
            self.procs.append(subprocess.Popen(
                streamlit_command("app/Home.py", port),
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        if self.servers == 1:
            self.url = f"http://127.0.0.1:{ports[0]}"
            return self
        from deploy.nginx_config import ProxyConfig, render

        self.nginx_prefix = Path(tempfile.mkdtemp(prefix="lab-nginx-"))
        listen = free_port()
        conf = self.nginx_prefix / "nginx.conf"
        conf.write_text(render(ProxyConfig(upstreams=[f"127.0.0.1:{p}" for p in ports], listen=f"127.0.0.1:{listen}", prefix=str(self.nginx_prefix))))
        subprocess.run(["nginx", "-p", str(self.nginx_prefix), "-c", str(conf)], check=True)
        self.url = f"http://127.0.0.1:{listen}"
        wait_healthy(self.url)
        return self

    def reruns(self, since: float, until: float) -> list[dict]:
        """The servers' own script runs between two ``time.time()`` instants (see app/rerun_timing.py)."""
        if not self.rerun_log.exists():
            return []
        runs = [json.loads(line) for line in self.rerun_log.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r for r in runs if since <= r["t"] <= until]

    def direct_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def __exit__(self, *exc):
        if self.nginx_prefix is not None:
            subprocess.run(["nginx", "-p", str(self.nginx_prefix), "-c", str(self.nginx_prefix / "nginx.conf"), "-s", "quit"], check=False)
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, from /proc (0, 0 when it is gone)."""
    try:
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
        pss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if line.startswith("Pss:"))
        return rss, pss
    except (OSError, StopIteration):
        return 0, 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def descendants(root: int) -> list[int]:
    """Every live process below ``root`` (the browser's processes are below this one)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class MemorySampler(threading.Thread):
    """Every second: the summed RSS and PSS of ``pids``, each process's RSS, and the load average."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.stop, self.samples = pids, threading.Event(), []
        self.per_process_peak = [0] * len(pids)  # KiB, RSS of each server at its highest
        self.load_peak = 0.0  # the 1-minute load average at its highest during the run

    def sample(self) -> tuple[int, int]:
        values = [memory_kib(p) for p in self.pids]
        self.per_process_peak = [max(peak, v[0]) for peak, v in zip(self.per_process_peak, values)]
        self.load_peak = max(self.load_peak, os.getloadavg()[0])
        return sum(v[0] for v in values), sum(v[1] for v in values)

    def run(self):
        while not self.stop.is_set():
            self.samples.append(self.sample())
            self.stop.wait(1.0)


# Watches the page's script state inside the browser (one call per interaction, not one round trip
# every 50 ms per session: with 20 sessions that polling alone kept the browser and its driver busy).
# Resolves with the milliseconds from its start to the end of the rerun: the state left "running"
# and stayed so for 0.3 s, or (a rerun too quick to be seen running) stayed not running for 2 s.
WATCH_SCRIPT = """() => new Promise(resolve => {
  const t0 = performance.now();
  let sawRunning = false, quietSince = null;
  const tick = () => {
    const el = document.querySelector('[data-test-script-state]');
    const state = el ? el.getAttribute('data-test-script-state') : null;
    const now = performance.now();
    if (state === 'running') { sawRunning = true; quietSince = null; }
    else if (quietSince === null) { quietSince = now; }
    else if ((sawRunning && now - quietSince > 300) || now - quietSince > 2000) { resolve(quietSince - t0); return; }
    setTimeout(tick, 50);
  };
  tick();
})"""


async def script_done(page, started: float, timeout_s: float = INTERACTION_TIMEOUT_S) -> float:
    """Seconds from ``started`` until the rerun the action triggered has finished (quiet for 0.3 s)."""
    watch_from = time.perf_counter()
    remaining = timeout_s - (watch_from - started)
    try:
        ms = await asyncio.wait_for(page.evaluate(WATCH_SCRIPT), timeout=max(remaining, 0.1))
    except asyncio.TimeoutError:
        raise TimeoutError("the rerun did not finish") from None
    return watch_from - started + ms / 1000


async def run_simulation(page) -> None:
    """Run, then wait for the background job to end (its Stop button goes): the whole run is timed."""
    await page.get_by_role("button", name="Run", exact=True).click()
    await script_done(page, time.perf_counter())
    await page.get_by_role("button", name="Stop", exact=True).wait_for(state="detached")


async def has_exception(page) -> bool:
    return await page.locator('[data-testid="stException"]').count() > 0


class WindowOver(Exception):
    """The measured window has ended: the session stops at its next interaction."""


async def type_word(box, word: str) -> None:
    await box.fill(word)
    await box.press("Enter")


async def choose(page, label: str, option: str) -> None:
    """Pick the option that starts with ``option`` in the select box labelled ``label`` (a rerun when it changes)."""
    await page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    await page.get_by_role("option").filter(has_text=option).first.click()


async def session(browser, url: str, clock: dict, latencies: dict, errors: list, index: int) -> None:
    context = await browser.new_context()
    pause = random.Random(index)

    async def think() -> None:
        if clock["think"] > 0:  # 0.5–1.5 × the mean, so sessions drift apart instead of clicking in lockstep
            await asyncio.sleep(clock["think"] * pause.uniform(0.5, 1.5))

    context.set_default_timeout(INTERACTION_TIMEOUT_S * 1000)
    page = await context.new_page()

    async def timed(name: str, action, also: str | None = None) -> None:
        started = time.perf_counter()
        if clock["ready"].is_set() and started > clock["deadline"]:
            raise WindowOver  # no interaction starts after the window: the run ends on time
        try:
            await action()
            seconds = await script_done(page, started)
            for row in filter(None, (name, also)):
                latencies.setdefault(row, []).append(seconds)
            if await has_exception(page):
                errors.append(f"session {index}: exception shown after {name}")
        except Exception as exc:  # noqa: BLE001 - every failure is counted, the session goes on
            errors.append(f"session {index}: {name}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")

    try:
        await timed("open", lambda: page.goto(f"{url}/analogies", timeout=INTERACTION_TIMEOUT_S * 1000))
        clock["opened"] += 1
        if clock["opened"] == clock["sessions"]:
            clock["deadline"] = time.perf_counter() + clock["seconds"]
            clock["ready"].set()
        await clock["ready"].wait()  # the measured window starts when every session is open
        turn = index * 7  # each session starts elsewhere in the lists, so sessions ask different things
        chosen = {"weat": "WEAT 6:", "preset": FEEDBACK_PRESETS[0]}  # what the pages show first
        asked = 0  # analogies this session asked: its first comes in a burst with every other session's
        while time.perf_counter() < clock["deadline"]:
            for _ in range(3):
                turn += 1
                label, word = PRESET_BUTTONS[turn % len(PRESET_BUTTONS)], WORDS[turn % len(WORDS)]
                later = "analogy, not the first" if asked else None
                asked += 1
                if turn % 2:
                    await timed("analogy", lambda label=label: page.get_by_role("button", name=label, exact=True).click(), later)
                else:
                    await timed("analogy", lambda word=word: type_word(page.get_by_label("c", exact=True), word), later)
                await think()
            test, preset = WEAT_TESTS[turn % len(WEAT_TESTS)], FEEDBACK_PRESETS[turn % len(FEEDBACK_PRESETS)]
            # choosing what is already chosen causes no rerun (and would time a 2-s wait): take the next
            if test == chosen["weat"]:
                test = WEAT_TESTS[(turn + 1) % len(WEAT_TESTS)]
            if preset == chosen["preset"]:
                preset = FEEDBACK_PRESETS[(turn + 1) % len(FEEDBACK_PRESETS)]
            chosen.update(weat=test, preset=preset)
            await timed("to weat", lambda: page.get_by_role("link", name="WEAT", exact=True).click())
            await think()
            await timed("weat", lambda test=test: choose(page, "Built-in test", test))
            await think()
            await timed("to feedback loop", lambda: page.get_by_role("link", name="Feedback loop", exact=True).click())
            await think()
            await timed("feedback preset", lambda preset=preset: choose(page, "Preset", preset))
            await timed("simulation", lambda: run_simulation(page))
            await think()
            await timed("to analogies", lambda: page.get_by_role("link", name="Analogies", exact=True).click())
            await think()
    except WindowOver:
        pass
    except Exception as exc:  # noqa: BLE001
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        clock["opened"] += 1  # a session that failed to open must not hold the others back
        if clock["opened"] >= clock["sessions"] and not clock["ready"].is_set():
            clock["deadline"] = time.perf_counter() + clock["seconds"]
            clock["ready"].set()
    finally:
        await context.close()


async def warm(browser, urls: list[str]) -> None:
    """Open each server once, so its first script run (imports, the embedding's cache) is not measured."""
    for url in urls:
        page = await browser.new_page()
        await page.goto(f"{url}/analogies", timeout=300_000)
        await script_done(page, time.perf_counter(), timeout_s=300)
        await page.close()


async def drive(url: str, sessions: int, seconds: float, warm_urls: list[str] = (), on_warm=None, think: float = 0.0, on_done=None) -> tuple[dict, list]:
    from playwright.async_api import async_playwright

    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await warm(browser, list(warm_urls))
        if on_warm is not None:
            on_warm()
        clock = {"opened": 0, "sessions": sessions, "seconds": seconds, "ready": asyncio.Event(), "deadline": 0.0, "think": think}
        await asyncio.gather(*(session(browser, url, clock, latencies, errors, i) for i in range(sessions)))
        if on_done is not None:
            on_done()  # while the browser's processes are still alive to be counted
        await browser.close()
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summary(latencies: dict, errors: list, memory: list, sessions: int, servers: int, seconds: float) -> dict:
    rows = {
        name: {"n": len(v), "p50": statistics.median(v), "p95": percentile(v, 0.95), "max": max(v)}
        for name, v in latencies.items() if v
    }
    out = {"sessions": sessions, "servers": servers, "seconds": seconds, "errors": len(errors), "error_samples": errors[:10], "latency_s": rows}
    if memory:
        out["rss_mib"] = {"idle": memory[0][0] / 1024, "peak": max(m[0] for m in memory) / 1024}
        out["pss_mib"] = {"idle": memory[0][1] / 1024, "peak": max(m[1] for m in memory) / 1024}
    return out


def run(sessions: int, seconds: float, servers: int = 1, url: str | None = None, think: float = 0.0, nice_browsers: bool = False) -> dict:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    load_before = os.getloadavg()[0]
    if url:
        latencies, errors = asyncio.run(drive(url, sessions, seconds, think=think))
        result = summary(latencies, errors, [], sessions, servers, seconds)
        result.update(think_s=think, load_average={"before": load_before, "after": os.getloadavg()[0]})
        return result
    with Deployment(servers) as deployment:
        if nice_browsers:
            # From here on this process and all it starts (Playwright's driver, Chromium and each of
            # its renderers) run at the lowest priority, so the servers (started above at normal
            # priority) get the CPU first, as if the browsers were on the students' own laptops.
            os.nice(19)
        sampler = MemorySampler(deployment.pids())
        sampler.samples.append(sampler.sample())  # the idle baseline
        sampler.start()
        cpu: dict[str, float] = {}
        try:
            def others() -> float:  # the browser (and nginx): every process of ours but the servers
                return sum(cpu_seconds(p) for p in descendants(os.getpid()) if p not in deployment.pids())

            def warmed():
                cpu["warm_time"] = time.time()
                sampler.warm = sampler.sample()
                cpu["warm"], cpu["others_warm"] = sum(cpu_seconds(p) for p in deployment.pids()), others()

            def done():
                cpu["end_time"] = time.time()
                cpu["end"], cpu["others_end"] = sum(cpu_seconds(p) for p in deployment.pids()), others()

            latencies, errors = asyncio.run(drive(deployment.url, sessions, seconds, deployment.direct_urls(), warmed, think=think, on_done=done))
            reruns = deployment.reruns(cpu.get("warm_time", 0.0), cpu.get("end_time", time.time()))
        finally:
            sampler.stop.set()
            sampler.join()
    result = summary(latencies, errors, sampler.samples, sessions, servers, seconds)
    warm_rss, warm_pss = getattr(sampler, "warm", (0, 0))
    result["rss_mib"]["warm"], result["pss_mib"]["warm"] = warm_rss / 1024, warm_pss / 1024
    result["rss_mib"]["peak_per_process"] = [kib / 1024 for kib in sampler.per_process_peak]
    result["think_s"] = think
    result["browsers_niced"] = nice_browsers
    result["load_average"] = {"before": load_before, "peak": sampler.load_peak}
    interactions = sum(len(v) for name, v in latencies.items() if name != "open")
    # The servers' own CPU per measured interaction (the browser's is not in it): what an interaction costs.
    server = cpu.get("end", 0.0) - cpu.get("warm", 0.0)
    browser = cpu.get("others_end", 0.0) - cpu.get("others_warm", 0.0)
    # The server's share of the latencies: each full script run's own seconds, by page (the browser's
    # rendering and the network are not in them; waits for other sessions' work are).
    by_page: dict[str, list[float]] = {}
    for r in reruns:
        by_page.setdefault(r["page"], []).append(r["s"])
    result["server_rerun_s"] = {page: {"n": len(v), "p50": statistics.median(v), "p95": percentile(v, 0.95), "max": max(v)}
                                for page, v in sorted(by_page.items())}
    result["server_cpu_s"] = {"total": server, "per_interaction": server / max(interactions, 1),
                              "browser_total": browser, "browser_per_interaction": browser / max(interactions, 1)}
    return result


def print_table(result: dict) -> None:
    print(f"{result['sessions']} sessions, {result['servers']} server(s), {result['seconds']:.0f} s: errors {result['errors']}")
    for sample in result["error_samples"]:
        print(f"  ! {sample}")
    print(f"  {'interaction':<24}{'n':>5}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    for name, r in result["latency_s"].items():
        print(f"  {name:<24}{r['n']:>5}{r['p50']:>8.2f}{r['p95']:>8.2f}{r['max']:>8.2f}")
    if "rss_mib" in result:
        rss, pss = result["rss_mib"], result["pss_mib"]
        print(
            f"  servers' memory (MiB): RSS started {rss['idle']:.0f}, warm {rss.get('warm', 0):.0f}, peak {rss['peak']:.0f}; "
            f"PSS started {pss['idle']:.0f}, warm {pss.get('warm', 0):.0f}, peak {pss['peak']:.0f}"
        )
        print("  peak RSS per server (MiB): " + ", ".join(f"{m:.0f}" for m in rss.get("peak_per_process", [])))
    if result.get("server_rerun_s"):
        print(f"  the servers' script runs (app/rerun_timing.py), by page:\n  {'page':<18}{'n':>5}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
        for page, r in result["server_rerun_s"].items():
            print(f"  {page:<18}{r['n']:>5}{r['p50']:>8.2f}{r['p95']:>8.2f}{r['max']:>8.2f}")
    if "server_cpu_s" in result:
        cpu = result["server_cpu_s"]
        print(f"  CPU in the window: servers {cpu['total']:.1f} s ({cpu['per_interaction'] * 1000:.0f} ms per interaction), "
              f"browser {cpu['browser_total']:.1f} s ({cpu['browser_per_interaction'] * 1000:.0f} ms per interaction)")
    load = result.get("load_average", {})
    niced = "; browsers at nice 19" if result.get("browsers_niced") else ""
    print(f"  think time {result.get('think_s', 0):.1f} s{niced}; load average before {load.get('before', 0):.2f}, "
          f"peak {load.get('peak', load.get('after', 0)):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description="N concurrent Chromium sessions against the lab.")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", type=int, default=1, help="Streamlit processes to start (several: behind nginx)")
    parser.add_argument("--url", default=None, help="drive an already running deployment instead")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause in seconds after each interaction (0: none, a stress test)")
    parser.add_argument("--nice-browsers", action="store_true",
                        help="run the browsers at the lowest CPU priority, so the servers get the CPU first (read the servers' own times)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.sessions < 1 or args.seconds <= 0 or args.servers < 1 or not 0 <= args.think <= 600:
        parser.exit(2, "error: --sessions and --servers must be at least 1, --seconds positive and --think 0–600.\n")
    if args.nice_browsers and args.url:
        parser.exit(2, "error: --nice-browsers needs the servers started here (not --url).\n")
    result = run(args.sessions, args.seconds, args.servers, args.url, args.think, args.nice_browsers)
    print(json.dumps(result, indent=2) if args.json else "", end="")
    if not args.json:
        print_table(result)


if __name__ == "__main__":
    main()
