"""Lesson steps: seconds per step from a cold start and warm, plus the autoencoder fix before/after.

    python bench/lesson.py               # every step, each cold in a fresh process, then warm
    python bench/lesson.py --steps 1 5   # only some steps

Cold: a fresh Python process imports the library, loads GloVe (timed apart) and runs the step once —
what the first lecture visitor of a freshly started server waits for (the app then caches the
result, so a second visitor waits ~0 s). Warm: the same call again in that process. Steps 1–3 print
a ratio against gensim's ``most_similar`` on the same queries, measured in the same process.

``--browser`` times what a lecturer sees: each step's presenter URL on a fresh ``streamlit run``
server, in Chromium, until its result is on screen; ``--walk`` adds steps 1 → 8 by the → key on
one server (``bench/lesson_browser.py``).

``--ae`` (on by default) times one stochastic-GD epoch of the digits autoencoder (1,797 updates)
in fresh processes, the way the app trained before this fix (fused Adam, all threads) and now.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = {
    "1": "lesson.analogies_step(emb)",
    "2": "lesson.bias_analogies_step(emb)",
    "3": "lesson.exclusion_step(emb)",
    "4": "lesson.measure_step(emb)",
    "5": "lesson.debias_step(emb)",
    "6a": "models.linear_pca_step()",
    "6b": "models.bottleneck_step()",
    "6c": "models.gd_step()",
    "6d": "models.over_k_step()",
    "7": "models.feedback_step()",
    "8": "models.taxonomy_cards()",
}
# gensim's most_similar on the queries of steps 1–3 (the peer: same arithmetic, no rank of the answer).
PEER_QUERIES = {"1": "ANALOGY_IDS", "2": "BIAS_ANALOGY_KEYS", "3": "EXCLUSION_QUERIES"}

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
import torch  # noqa: F401 - the app server imports torch at start (sidebar, device), before any lesson visit
from analysis import lesson, lesson_models as models
from analysis.embeddings import load_embeddings
emb = load_embeddings() if {needs_emb!r} else None
loaded = time.perf_counter() - started
t0 = time.perf_counter(); {call}; cold = time.perf_counter() - t0
t0 = time.perf_counter(); {call}; warm = time.perf_counter() - t0
peer = None
if {step!r} in ("1", "2", "3"):
    result = {call}
    t0 = time.perf_counter()
    for row in result.rows:
        emb.kv.most_similar(positive=list(row.positive), negative=list(row.negative), topn=1)
    peer = time.perf_counter() - t0
print(json.dumps({{"load": loaded, "cold": cold, "warm": warm, "peer": peer}}))
"""

AE_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import numpy as np, torch
import analysis.autoencoder as ae
from analysis.embeddings import load_embeddings
from analysis.images import load_digits
load_embeddings()  # as in the app: numpy/scipy BLAS pools are loaded and warm before training
x = load_digits().data
config = ae.AutoencoderConfig(input_dim=64, latent_dim=2, lr=0.01, epochs=2, batch_size=1)
if {before!r}:
    ae.FUSED_CPU_MIN_PARAMETERS = 0  # fused Adam for every model, as before the fix
    ae._small_model_threads = lambda model, device: __import__("contextlib").nullcontext()
trainer = ae.Trainer(x, config, "cpu").train()
print(json.dumps({{"epochs": trainer.epoch_seconds}}))
"""


def run_child(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", nargs="*", default=list(STEPS), help=f"steps to time (default: all of {', '.join(STEPS)})")
    parser.add_argument("--no-ae", action="store_true", help="skip the autoencoder before/after")
    parser.add_argument("--browser", action="store_true", help="time each step's URL in Chromium on a fresh server (cold)")
    parser.add_argument("--walk", action="store_true", help="with --browser: also walk steps 1 → 8 on one server")
    parser.add_argument("--lang", default="de", help="language of the browser runs (default: de, the lecture's)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    import os

    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    rows = []
    for step in [] if args.browser else args.steps:  # --browser: the browser timings only
        call = STEPS[step]
        r = run_child(CHILD.format(root=str(ROOT), needs_emb=step in "12345", call=call, step=step))
        ratio = f"  gensim most_similar {r['peer']:.3f} s → ours/peer {r['cold'] / r['peer']:.1f}×" if r["peer"] else ""
        print(f"step {step:<3} cold {r['cold']:7.2f} s  warm {r['warm']:7.2f} s  (imports + GloVe {r['load']:.1f} s){ratio}", flush=True)
        rows.append({"step": step, **r})
    if not args.no_ae and not args.browser:
        for label, before in (("before (fused Adam, all threads)", True), ("now", False)):
            epochs = run_child(AE_CHILD.format(root=str(ROOT), before=before))["epochs"]
            print(f"AE stochastic-GD epoch on digits, {label}: {', '.join(f'{s:.2f}' for s in epochs)} s", flush=True)
            rows.append({"step": f"ae-{'before' if before else 'now'}", "epochs": epochs})
    if args.browser:
        from bench.lesson_browser import cold_steps, lecture_walk

        rows += [{"browser": True, **r} for r in cold_steps(args.lang, args.steps if args.steps != list(STEPS) else None)]
        if args.walk:
            rows += [{"browser": True, **r} for r in lecture_walk(args.lang)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = "lesson-browser.json" if args.browser else "lesson.json"
    (out / name).write_text(json.dumps({"time": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}, indent=2))
    print(f"figures written to {out}/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
