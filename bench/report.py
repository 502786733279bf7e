"""The full audit report on the default embedding (GloVe 6B 50d), charts included, vs its probes alone.

* **report**: ``build_report`` with the default configuration (benchmarks, WEAT 1–10 at 10,000
  permutations, 20 generated she/he analogies, indirect bias, name probe) followed by the HTML with
  its inline SVG charts, the Markdown with its SVG data URIs and the JSON — what
  ``python -m analysis report --out audit.html`` does after loading.
* **peer, same run**: the same library calls made directly, one after the other, with no report
  around them (no text, no charts) — so the ratio is the report's own cost on top of the probes.
* **with debiasing** (``--debias hard``): the report plus the before/after evidence and the
  Gonen & Goldberg checks, for the record.

The issue's target: the full report, charts included, under 15 s on 2 CPU cores.
Run: ``python bench/report.py``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.cli import to_jsonable
from analysis.embeddings import load_default_glove
from analysis.report import (
    DEFAULT_INDIRECT_PAIRS,
    ReportConfig,
    build_report,
    to_html,
    to_json,
    to_markdown,
)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def probes_alone(emb, config: ReportConfig) -> None:
    """Every probe of the default report, called directly (the peer)."""
    from analysis.bias import (
        analogy_probe,
        bias_direction,
        direct_bias_report,
        indirect_bias,
        name_probe,
        neutral_professions,
        she_he_analogies,
    )
    from analysis.evaluate import evaluate_analogies, evaluate_word_pairs
    from analysis.weat import weat
    from analysis.wordlists import caliskan_test, lesson_presets

    evaluate_analogies(emb, restrict_vocab=config.restrict_vocab)
    for bench in ("wordsim353", "simlex999"):
        evaluate_word_pairs(emb, bench, restrict_vocab=config.restrict_vocab)
    direction = bias_direction(emb, "pca")
    direct_bias_report(emb, neutral_professions(emb), direction, config.c)
    for name in config.weat_tests:
        t = caliskan_test(name)
        weat(emb, t.X, t.Y, t.A, t.B, permutations=config.permutations, seed=config.seed, ddof=config.ddof)
    for preset in lesson_presets()["bias_analogies"]:
        analogy_probe(emb, preset["positive"], preset["negative"], expected=preset["expected"], topn=5)
    she_he_analogies(emb, delta=config.she_he_delta, topn=config.she_he_topn, restrict_vocab=config.she_he_restrict_vocab)
    for w, v in DEFAULT_INDIRECT_PAIRS:
        indirect_bias(emb, w, v, direction)
    name_probe(emb, lesson_presets()["name_probe_targets"])


def full_report(emb, config: ReportConfig) -> dict[str, float]:
    build, report = timed(lambda: build_report(emb, config))
    html_s, page = timed(lambda: to_html(report))
    md_s, _ = timed(lambda: to_markdown(report, charts=True))
    json_s, _ = timed(lambda: json.dumps(to_jsonable(to_json(report))))
    return {"charts": page.count("<svg"), "build": build, "html": html_s, "markdown": md_s, "json": json_s, "total": build + html_s + md_s + json_s}


def main() -> None:
    emb = load_default_glove()
    config = ReportConfig()
    import vl_convert  # noqa: F401 - import outside the timing (the report imports it once per process)

    warm = full_report(emb, ReportConfig(weat_tests=("caliskan-6",), permutations=100, benchmarks=False, she_he_topn=0))  # warms caches both sides use
    del warm
    peer_s, _ = timed(lambda: probes_alone(emb, config))
    ours = full_report(emb, config)
    print(f"full report (GloVe 6B 50d, default settings): build {ours['build']:.2f} s, HTML with {ours['charts']} SVG charts {ours['html']:.2f} s, "
          f"Markdown with charts {ours['markdown']:.2f} s, JSON {ours['json']:.3f} s — total {ours['total']:.2f} s (target < 15 s)")
    print(f"peer, same run: the same probes called directly {peer_s:.2f} s — report/peer {ours['total'] / peer_s:.2f}×")
    debiased = full_report(emb, ReportConfig(debias="hard"))
    print(f"with --debias hard (before/after evidence, residual checks, {debiased['charts']} charts): total {debiased['total']:.2f} s")


if __name__ == "__main__":
    main()
