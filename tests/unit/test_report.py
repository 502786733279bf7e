"""The audit report: the numbers are the library's, the renderers are faithful, failures are recorded."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.bias import bias_direction, direct_bias, neutral_professions
from analysis.cli import main
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.report import (
    ReportConfig,
    WeatFinding,
    build_report,
    to_html,
    to_json,
    to_markdown,
    weat_chart,
)
from analysis.weat import weat_caliskan


@pytest.fixture(scope="module")
def report(glove):
    return build_report(glove, ReportConfig(weat_tests=("caliskan-6", "caliskan-9"), permutations=2000, benchmarks=False, auditor="A. Auditor <x>"))


def test_numbers_are_the_librarys(report, glove):
    assert report.problems == []
    expected = direct_bias(glove, neutral_professions(glove), bias_direction(glove, "pca"))
    assert report.direct_bias["value"] == pytest.approx(expected)
    w6 = weat_caliskan(glove, "caliskan-6", permutations=2000, seed=0)
    row = report.weat[0]
    assert (row["test"], row["effect_size"], row["p_value"], row["exact"]) == ("caliskan-6", w6.effect_size, w6.p_value, w6.exact)
    assert row["published_effect_size"] == pytest.approx(1.81)
    king = next(a for a in report.analogies if a["expected"] == "queen")
    assert king["expected_rank"] == 1 and king["top"][0] == "queen"
    homemaker = next(a for a in report.analogies if a["expected"] == "homemaker")
    assert homemaker["expected_rank"] > 1  # honest: not first on GloVe 6B 50d
    programmer = next(n for n in report.names if n["target"] == "programmer")
    assert programmer["difference"] > 0


def test_findings_count_significant_tests(report):
    weat = next(f for f in report.findings() if isinstance(f, WeatFinding))
    significant = sum(1 for w in report.weat if w["p_value"] < 0.05 and w["effect_size"] > 0)
    assert (weat.significant, weat.total) == (significant, 2)


def test_markdown_html_json(report):
    md = to_markdown(report)
    assert md.startswith("# Bias audit report: glove-6b-50d")
    assert "| caliskan-6 | Male vs female names × career vs family |" in md
    de = to_markdown(report, "de")
    assert "Zusammenfassung" in de and "Zusammenfassung" not in md
    page = to_html(report, charts=False)
    assert "A. Auditor &lt;x&gt;" in page and "<x>" not in page  # escaped
    assert page.count("<table>") == sum(line.startswith("|---") for line in md.splitlines()) and "<script" not in page
    data = json.loads(json.dumps(to_json(report)))
    assert data["embedding"]["hash"] == report.embedding["hash"] and len(data["weat"]) == 2
    chart = weat_chart(report).to_dict()
    assert [layer["mark"]["type"] for layer in chart["layer"]] == ["bar", "text"]
    assert len(chart["datasets"][next(iter(chart["datasets"]))]) == 4


def test_a_probe_that_cannot_run_is_recorded_not_fatal():
    words = ["she", "he", "woman", "man", "nurse", "engineer"]
    tiny = Embeddings(words, np.random.default_rng(0).normal(size=(6, 5)).astype(np.float32), name="tiny", source="test")
    result = build_report(tiny, ReportConfig(weat_tests=("caliskan-1",), benchmarks=False, she_he_topn=3))
    assert any(p.startswith("WEAT caliskan-1: WEAT refused") for p in result.problems)
    assert result.weat == []
    assert "Probes that could not run" in to_markdown(result)


def test_bad_config_is_refused(glove):
    with pytest.raises(AnalysisError, match="Unknown WEAT test"):
        build_report(glove, ReportConfig(weat_tests=("caliskan-11",)))


def test_cli_report(capsys, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", "--tests", "caliskan-7", "--no-benchmarks", "--permutations", "500", "--she-he-topn", "0", "--out", str(out), "--lang", "de"]) == 0
    assert "Bias-Audit-Bericht" in out.read_text(encoding="utf-8")
    assert "report written to" in capsys.readouterr().out
    assert main(["report", "--tests", "caliskan-7", "--no-benchmarks", "--permutations", "500", "--she-he-topn", "0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["weat"][0]["test"] == "caliskan-7" and data["config"]["permutations"] == 500


def test_a_sampled_zero_p_value_is_printed_as_a_bound():
    from analysis.report import _p

    assert _p(0.0, 10_000, exact=False) == "< 1e-04"
    assert _p(0.0, 12_870, exact=True) == "0"
    assert _p(0.0123, 10_000, exact=False) == "0.012"
