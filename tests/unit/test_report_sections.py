"""The audit report's new parts: charts offline, escaping, own WEAT tests, she/he analogies, β,
debiasing evidence, comparison, the CI gate and the JSON schema — numbers checked against the library."""

from __future__ import annotations

import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from analysis.bias import bias_direction, indirect_bias, she_he_analogies
from analysis.charts.report import report_charts
from analysis.cli import main, to_jsonable
from analysis.debias import hard_debias
from analysis.debias_evidence import EvidenceConfig, measure, reference_of
from analysis.embeddings import load_embeddings
from analysis.errors import AnalysisError
from analysis.report import (
    CustomWeat,
    ReportConfig,
    build_report,
    texts,
    to_html,
    to_json,
    to_markdown,
)
from analysis.report_gate import (
    check_measurable,
    differences,
    failed_conditions,
    metrics,
    parse_condition,
)
from analysis.weat import weat

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text(encoding="utf-8"))
CRAFTED = ("<img src=http://x>", "![x](http://x)")
# Six words a set, one of them a crafted non-word: 1/6 missing stays under WEAT's 20 % limit.
OWN = CustomWeat(
    "career <b>test</b>",
    ("john", "paul", "mike", "kevin", "steve", CRAFTED[0]),
    ("amy", "joan", "lisa", "sarah", "diana", CRAFTED[1]),
    ("executive", "management", "professional", "corporation", "salary", "office"),
    ("home", "parents", "children", "family", "cousins", "marriage"),
)
CONFIG = ReportConfig(
    weat_tests=("caliskan-6",), permutations=500, benchmarks=False, custom_weat=(OWN,), she_he_topn=5, she_he_restrict_vocab=5000,
    indirect_pairs=(("receptionist", "softball"), ("maestro", "football"), ("nosuchword", "football")),
    debias="hard", auditor="![x](http://x) <img src=http://x>", context="line one\n# not a heading",
)


@pytest.fixture(scope="module")
def report(glove):
    return build_report(glove, CONFIG)


@pytest.fixture(scope="module")
def page(report):
    return to_html(report)


class _Resources(HTMLParser):
    """Every tag and every src/href/xlink:href attribute of an HTML document."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href", "xlink:href") and v]


def test_numbers_are_the_librarys(report, glove):
    she_he = she_he_analogies(glove, topn=5, restrict_vocab=5000)
    assert [(p["x"], p["y"], p["score"]) for p in report.she_he["pairs"]] == [(p.x, p.y, p.score) for p in she_he.pairs]
    direction = bias_direction(glove, "pca")
    assert [r["beta"] for r in report.indirect_bias] == [indirect_bias(glove, "receptionist", "softball", direction), indirect_bias(glove, "maestro", "football", direction)]
    assert any(p.startswith("indirect bias nosuchword, football:") for p in report.problems)
    own = next(w for w in report.weat if w["custom"])
    expected = weat(glove, OWN.X, OWN.Y, OWN.A, OWN.B, permutations=500, seed=0)
    assert (own["test"], own["effect_size"], own["p_value"]) == (OWN.name, expected.effect_size, expected.p_value)
    assert own["missing_words"]["X"] == [CRAFTED[0]] and own["published_effect_size"] is None
    fast = EvidenceConfig(permutations=500, utility=False)
    ref = reference_of(glove, fast)
    after = measure(hard_debias(glove).embeddings, glove, fast, reference=ref)
    d = report.debiasing
    assert d["after"]["direct_bias"] == pytest.approx(after.direct_bias)
    assert d["residual"]["classifier_accuracy"] == pytest.approx(after.residual.classifier_accuracy)
    assert d["verdict"]["level"] == after.verdict.level == "recoverable"  # Gonen & Goldberg: hard debias hides, does not remove


def test_html_loads_nothing_and_has_an_svg_per_chart(report, page):
    parsed = _Resources()
    parsed.feed(page)
    assert not [link for link in parsed.links if link.lower().startswith(("http:", "https:", "//"))]
    assert not {"script", "link", "img", "iframe", "object"} & set(parsed.tags)
    keys = set(report_charts(report))
    assert keys == {"professions", "variance", "weat", "debias", "residual", "profession_shift"}
    for key in keys:
        start = page.index(f'id="chart-{key}"')
        assert page[start:page.index("</figure>", start)].count("<svg") == 1
    assert "@media print" in page and "break-inside:avoid" in page
    own = next(w for w in report.weat if w["custom"])  # the page prints the library's numbers
    assert f"<strong>{report.direct_bias['value']:.4f}</strong>" in page and f"<td>{own['effect_size']:.2f}</td>" in page
    after = report.debiasing["after"]["residual"]["classifier_accuracy"]
    assert f"<td>{after:.4f}</td>" in page


def test_words_from_outside_are_escaped(report, page):
    md = to_markdown(report, charts=True)
    for text in (md, page):  # no unescaped tag survives, and no Markdown image
        assert not re.search(r"(?<!\\)<(img|b>)", text)
    assert not re.search(r"(?<!\\)!(?<!\\)\[x", md)
    assert "\\!\\[x\\](http://x) \\<img src=http://x\\>" in md  # shown literally, not rendered
    assert "&lt;img src=http://x&gt;" in page
    assert "\n# not a heading" not in md  # a newline in free text cannot start a block
    assert md.count("data:image/svg+xml;base64,") == len(report_charts(report))


def test_german_covers_the_new_sections(report):
    de = to_markdown(report, "de")
    for heading in ("Erzeugte she/he-Analogien", "Indirekter Bias", "Debiasing: vorher und nachher", "Urteil"):
        assert heading in de
    assert f"**{report.direct_bias['value']:.4f}**".replace(".", ",") in de  # German number style
    for key, entry in texts().items():
        assert entry.get("en") and entry.get("de"), key
        if isinstance(entry["en"], str):
            fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("en", "de")]
            assert fields[0] == fields[1], key


def test_comparison_with_the_hard_debiased_variant(glove):
    config = ReportConfig(weat_tests=("caliskan-6", "caliskan-7"), permutations=300, benchmarks=False, she_he_topn=0, indirect_pairs=())
    first = build_report(glove, config)
    first.compare = build_report(hard_debias(glove).embeddings, config)
    rows = {r["metric"]: r for r in differences(first, first.compare)}
    assert rows["direct_bias"]["first"] == first.direct_bias["value"] == pytest.approx(0.1735, abs=1e-4)
    assert rows["direct_bias"]["second"] == first.compare.direct_bias["value"] < 0.05  # direction recomputed on the debiased copy
    assert rows["weat.caliskan-6.d"]["difference"] == pytest.approx(first.compare.weat[0]["effect_size"] - first.weat[0]["effect_size"])
    assert to_json(first)["differences"] == differences(first, first.compare)
    weat_data = report_charts(first)["weat"].to_dict()
    sources = {row["source"] for rows in weat_data["datasets"].values() for row in rows}
    assert len(sources) == 3  # both embeddings overlaid, plus the published d
    md = to_markdown(first)
    assert "## 8. Comparison: glove-6b-50d vs glove-6b-50d · hard debias" in md and "| direct\\_bias | 0.1735 |" in md


def test_fail_on_expressions():
    assert parse_condition("weat.caliskan-6.d>0.8").holds(0.9)
    assert not parse_condition("quality.analogy_accuracy < 0.40").holds(0.5)
    for bad in ("weat.caliskan-6.d=>0.8", "direct_bias>", "direct_bias>x", "bias>0.1", ""):
        with pytest.raises(AnalysisError):
            parse_condition(bad)
    with pytest.raises(AnalysisError, match="not in this report"):
        check_measurable([parse_condition("weat.caliskan-3.d>0")], ReportConfig(weat_tests=("caliskan-6",)))


def test_gate_on_a_report(report):
    values = metrics(report)
    assert values["direct_bias"] == report.direct_bias["value"] and values[f"weat.{OWN.name}.d"] == report.weat[1]["effect_size"]
    conditions = [parse_condition("direct_bias>0.1"), parse_condition("direct_bias<0.1"), parse_condition("names.nosuch.difference>0")]
    assert [f["condition"] for f in failed_conditions(conditions, report)] == ["direct_bias>0.1", "names.nosuch.difference>0"]


SMALL = ["--tests", "caliskan-6", "--no-benchmarks", "--permutations", "300", "--she-he-topn", "3", "--limit", "20000"]


def test_cli_gate_exit_codes(tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["report", *SMALL, "--fail-on", "direct_bias>0.1", "--fail-on", "weat.caliskan-6.d>5", "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "direct_bias>0.1" in err and "weat.caliskan-6.d>5" not in err and out.exists()
    assert "**failed**: direct\\_bias\\>0.1 (value 0.16" in out.read_text(encoding="utf-8")
    assert main(["report", *SMALL, "--fail-on", "direct_bias>0.5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["gate"]["failed"] == []
    # Refused before any work: the missing embedding file is never reached.
    assert main(["report", "--embeddings", "/no/such/file.txt", "--fail-on", "weat.caliskan-6.d=>0.8"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot read --fail-on") and err.count("\n") == 1


def test_every_json_the_cli_writes_validates(tmp_path, capsys, glove, report):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    lists = []
    for name, words in zip("xyab", (OWN.X[:5], OWN.Y[:5], OWN.A, OWN.B)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join(words), encoding="utf-8")
        lists.append(str(path))
    debiased = tmp_path / "debiased.bin"
    hard_debias(load_embeddings(limit=20_000)).embeddings.save(debiased, binary=True)
    assert main(["report", *SMALL, "--json"]) == 0
    validator.validate(json.loads(capsys.readouterr().out))
    out = tmp_path / "r.json"
    argv = ["report", *SMALL, "--weat-lists", "own", *lists, "--compare", str(debiased), "--fail-on", "weat.own.d>5", "--out", str(out)]
    assert main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    validator.validate(data)
    assert data["compare"]["direct_bias"]["value"] < data["direct_bias"]["value"] / 2 and data["weat"][1]["test"] == "own"
    validator.validate(json.loads(json.dumps(to_jsonable(to_json(report)))))  # what --debias adds, as the CLI writes it
    assert report.debiasing["method"] == "hard"
    html = tmp_path / "r.html"
    assert main(["report", *SMALL, "--compare", str(debiased), "--out", str(html)]) == 0
    assert html.read_text(encoding="utf-8").count("<svg") == 3  # professions, variance, WEAT — each overlaid


def test_bad_new_options_are_refused(glove, capsys):
    with pytest.raises(AnalysisError, match="new, non-empty name"):
        build_report(glove, ReportConfig(custom_weat=(CustomWeat("caliskan-6", ("a",), ("b",), ("c",), ("d",)),)))
    assert main(["report", "--indirect-pairs", "receptionist"]) == 2
    assert "--indirect-pairs" in capsys.readouterr().err
    assert main(["report", "--weat-lists", "own", "/no/x", "/no/y", "/no/a", "/no/b"]) == 2
    assert "Word file not found" in capsys.readouterr().err
