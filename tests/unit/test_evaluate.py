"""Benchmark evaluation against gensim's evaluate_word_analogies / evaluate_word_pairs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from gensim.test.utils import datapath

import analysis.evaluate as evaluate_module
from analysis import analogy_scan
from analysis.charts.analogy import pairs_chart, pairs_frame, sections_chart, sections_frame
from analysis.embeddings import Embeddings
from analysis.errors import AnalysisError
from analysis.evaluate import (
    AnalogyEvaluation,
    PairEvaluation,
    benchmark_kind,
    decode_benchmark,
    evaluate,
    evaluate_analogies,
    evaluate_word_pairs,
    parse_analogy_questions,
)

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated `init_sims`:DeprecationWarning")
QUESTIONS = datapath("questions-words.txt")


def gensim_sections(kv, path, restrict_vocab):
    """(name, correct, total) per section from gensim itself."""
    _, sections = kv.evaluate_word_analogies(path, restrict_vocab=restrict_vocab)
    return [(s["section"], len(s["correct"]), len(s["correct"]) + len(s["incorrect"])) for s in sections[:-1]]


def ours(ev: AnalogyEvaluation):
    return [(s.name, s.correct, s.total) for s in ev.sections]


def cosmul_reference(emb: Embeddings, path: str, restrict_vocab: int):
    """gensim's evaluation loop with most_similar_cosmul on the top-N words (gensim's own cosmul
    ignores restrict_vocab, so it runs on a truncated copy instead)."""
    small = emb.top(restrict_vocab)
    kv = small.kv
    first: dict[str, int] = {}
    for i, w in enumerate(kv.index_to_key):
        first.setdefault(w.upper(), i)
    sections = []
    for line in open(path, encoding="utf-8"):
        if line.startswith(": "):
            sections.append([line.lstrip(": ").strip(), 0, 0])
            continue
        words = [w.upper() for w in line.split()]
        if len(words) != 4 or not all(w in first for w in words):
            continue
        a, b, c, d = words
        key = kv.index_to_key  # most_similar_cosmul takes integers for vectors, so pass the words
        sims = kv.most_similar_cosmul(positive=[key[first[b]], key[first[c]]], negative=[key[first[a]]], topn=5)
        predicted = None
        for word, _ in sims:
            predicted = word.upper()
            if predicted not in (a, b, c):
                break
        sections[-1][2] += 1
        sections[-1][1] += predicted == d
    return [tuple(s) for s in sections]


@pytest.fixture(scope="module")
def gensim_5k(glove):
    return gensim_sections(glove.kv, QUESTIONS, 5000)


# --- the Google analogy test set --------------------------------------------------------------------
def test_google_counts_equal_gensim(glove, gensim_5k):
    ev = evaluate_analogies(glove, restrict_vocab=5000)
    assert ours(ev) == gensim_5k
    assert ev.total == sum(t for _, _, t in gensim_5k) == 2872
    assert ev.skipped == 19544 - ev.total
    assert ev.correct == sum(c for _, c, _ in gensim_5k)


def test_google_counts_equal_gensim_with_many_small_chunks(glove, gensim_5k, monkeypatch):
    """Tiny memory budgets force many chunks, a padded last chunk and many gather batches."""
    monkeypatch.setattr(analogy_scan, "_CHUNK_BYTES", 1_000_000)
    monkeypatch.setattr(analogy_scan, "_GATHER_FLOATS", 50_000)
    assert ours(evaluate_analogies(glove, restrict_vocab=5000)) == gensim_5k


def test_google_counts_equal_gensim_at_30k_on_every_tenth_question(glove, tmp_path):
    lines = open(QUESTIONS, encoding="utf-8").read().splitlines()
    subset = [line for i, line in enumerate(lines) if line.startswith(": ") or i % 10 == 0]
    path = tmp_path / "subset.txt"
    path.write_text("\n".join(subset) + "\n", encoding="utf-8")
    ev = evaluate_analogies(glove, str(path), restrict_vocab=30_000)
    assert ours(ev) == gensim_sections(glove.kv, str(path), 30_000)
    assert ev.total > 1400


def test_torch_engine_equals_gensim(glove, gensim_5k):
    assert ours(evaluate_analogies(glove, restrict_vocab=5000, engine="torch")) == gensim_5k


def test_3cosmul_counts_equal_gensims_cosmul_loop(glove):
    reference = cosmul_reference(glove, QUESTIONS, 4000)
    ev = evaluate_analogies(glove, restrict_vocab=4000, method="mul")
    assert ours(ev) == reference
    assert ours(evaluate_analogies(glove, restrict_vocab=4000, method="mul", engine="torch")) == reference


def test_semantic_and_syntactic_totals(glove):
    ev = evaluate_analogies(glove, restrict_vocab=5000)
    assert ev.semantic_total + ev.syntactic_total == ev.total
    assert ev.semantic_correct + ev.syntactic_correct == ev.correct
    assert ev.syntactic_total == sum(s.total for s in ev.sections if s.name.startswith("gram"))
    assert ev.accuracy == pytest.approx(ev.correct / ev.total)
    assert len(ev.sections) == 14 and ev.sections[0].name == "capital-common-countries"


def test_progress_reaches_one(glove):
    seen = []
    evaluate_analogies(glove, restrict_vocab=3000, progress=lambda f, m="": seen.append(f))
    assert seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen) and seen == sorted(seen)


# --- cased vocabularies, ties and odd files ---------------------------------------------------------
def cased_embedding(seed=1):
    """Random vectors with case variants placed next to their words (Paris/paris/PARIS), so the
    'first candidate that is not a case variant of an input' rule really decides answers."""
    rng = np.random.default_rng(seed)
    base = ["paris", "france", "berlin", "germany", "rome", "italy", "madrid", "spain", "king", "queen", "man", "woman"]
    words, vectors = [], []
    for w in base:
        v = rng.standard_normal(24)
        for variant, noise in ((w.title(), 0.05), (w, 0.1), (w.upper(), 0.15)):
            words.append(variant)
            vectors.append(v + noise * rng.standard_normal(24))
    for i in range(400):
        words.append(f"filler{i}")
        vectors.append(rng.standard_normal(24))
    return Embeddings(words, np.array(vectors, dtype=np.float32), name="cased test", source="test")


CASED_FILE = """: capitals
Paris France Berlin Germany
paris france rome italy
Berlin Germany Madrid Spain
Rome Italy Paris France
paris france paris france
: family
man woman king queen
MAN woman KING Queen
man king woman queen
: gram-odd
king queen king queen
man woman nonexistent queen
too few words
"""


def test_cased_vocabulary_equals_gensim(tmp_path):
    emb = cased_embedding()
    path = tmp_path / "cased.txt"
    path.write_text(CASED_FILE, encoding="utf-8")
    for restrict in (None, 20):
        r = restrict or len(emb)
        ev = evaluate_analogies(emb, str(path), restrict_vocab=r)
        assert ours(ev) == gensim_sections(emb.kv, str(path), r)
    ev = evaluate_analogies(emb, str(path), restrict_vocab=len(emb))
    assert ev.invalid_lines == 1 and ev.skipped == 1


def test_cased_vocabulary_equals_gensim_in_larger_random_files(tmp_path):
    emb = cased_embedding(seed=2)
    rng = np.random.default_rng(3)
    vocab = [w for w in emb.words if not w.startswith("filler")] + [f"filler{i}" for i in range(5)]
    lines = [": random"]
    for _ in range(300):
        lines.append(" ".join(vocab[i] for i in rng.integers(0, len(vocab), 4)))
    path = tmp_path / "random.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ours(evaluate_analogies(emb, str(path), restrict_vocab=len(emb))) == gensim_sections(emb.kv, str(path), len(emb))


def test_exact_float_ties_are_decided_like_gensim(tmp_path):
    """Two words with identical vectors tie exactly; gensim's own arithmetic settles who wins."""
    rng = np.random.default_rng(5)
    words = ["a", "b", "c", "d", "twin"] + [f"w{i}" for i in range(200)]
    vectors = rng.standard_normal((len(words), 12)).astype(np.float32)
    vectors[3] = vectors[1] - vectors[0] + vectors[2]  # d is the perfect answer to a : b :: c : ?
    vectors[4] = vectors[3]  # ... and so is its twin
    emb = Embeddings(words, vectors, name="ties", source="test")
    path = tmp_path / "ties.txt"
    path.write_text(": ties\na b c d\na b c twin\nb a d c\n", encoding="utf-8")
    ev = evaluate_analogies(emb, str(path), restrict_vocab=len(emb))
    assert ours(ev) == gensim_sections(emb.kv, str(path), len(emb))
    assert ev.tie_checks >= 2


def test_tiny_vocabulary_uses_the_reference(tmp_path):
    emb = cased_embedding().top(10)
    path = tmp_path / "tiny.txt"
    path.write_text(": s\nParis France Berlin Germany\nparis PARIS France FRANCE\n", encoding="utf-8")
    assert ours(evaluate_analogies(emb, str(path), restrict_vocab=10)) == gensim_sections(emb.kv, str(path), 10)


def test_questions_before_a_header_are_accepted():
    parsed = parse_analogy_questions("a b c d\n\n: second\ne f g h\nnot four\n")
    assert parsed.sections == ["questions", "second"]
    assert len(parsed.questions) == 2 and parsed.invalid_lines == 1
    with pytest.raises(AnalysisError, match="No analogy questions"):
        parse_analogy_questions(": only a header\n")


def test_uploads_are_checked(monkeypatch):
    with pytest.raises(AnalysisError, match="UTF-8"):
        decode_benchmark("café crème thé tea\n".encode("latin-1"), "q.txt")
    with pytest.raises(AnalysisError, match="binary"):
        decode_benchmark(b"\x80\x04\x95\x00\x00pickle", "q.pkl")
    monkeypatch.setattr(evaluate_module, "MAX_BENCHMARK_BYTES", 10)
    with pytest.raises(AnalysisError, match="limited"):
        decode_benchmark(b"a b c d\n" * 5, "big.txt")


def test_benchmark_kind_detection():
    assert benchmark_kind("google") == "analogy" and benchmark_kind("simlex999") == "pairs"
    assert benchmark_kind("mine.txt", ": s\na b c d\n") == "analogy"
    assert benchmark_kind("mine.txt", "cat\tdog\t7.5\ncar\tbus\t6\n") == "pairs"
    assert benchmark_kind("mine.csv", "cat,dog,7.5\ncar,bus,6\n") == "pairs"
    with pytest.raises(AnalysisError, match="Could not recognise"):
        benchmark_kind("mine.txt", "hello\nworld\n")
    with pytest.raises(AnalysisError, match="not found"):
        evaluate_analogies(Embeddings(["x"], np.ones((1, 2)), name="x", source="x"), "/no/such/file.txt")


# --- word similarity ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, filename", [("wordsim353", "wordsim353.tsv"), ("simlex999", "simlex999.txt")])
@pytest.mark.parametrize("restrict", [300_000, 10_000])
def test_word_pairs_equal_gensim(glove, name, filename, restrict):
    (pearson, _), (spearman, _), oov_percent = glove.kv.evaluate_word_pairs(datapath(filename), restrict_vocab=restrict)
    ev = evaluate_word_pairs(glove, name, restrict_vocab=restrict)
    assert ev.pearson == pytest.approx(pearson, abs=1e-12)
    assert ev.spearman == pytest.approx(spearman, abs=1e-12)
    assert ev.oov_ratio * 100 == pytest.approx(oov_percent, abs=1e-12)
    assert ev.pairs + ev.oov == {"wordsim353": 353, "simlex999": 999}[name]


def test_word_pair_upload_with_commas_equals_the_tab_file(glove):
    lines = [line for line in open(datapath("wordsim353.tsv"), encoding="utf-8") if not line.startswith("#")]
    csv_text = "word1,word2,score\n" + "".join(line.replace("\t", ",") for line in lines)
    from_csv = evaluate_word_pairs(glove, "mine.csv", text=csv_text)
    reference = evaluate_word_pairs(glove, "wordsim353")
    assert from_csv.spearman == reference.spearman and from_csv.pairs == reference.pairs


def test_word_pairs_need_enough_known_pairs(glove):
    with pytest.raises(AnalysisError, match="at least 3"):
        evaluate_word_pairs(glove, "mine.tsv", text="qqzzx\tyyqqz\t3.0\ncat\tdog\t7\n")


# --- dispatcher, tables, charts, command line --------------------------------------------------------
def test_evaluate_dispatches_by_kind(glove, tmp_path):
    assert isinstance(evaluate(glove, "wordsim353"), PairEvaluation)
    path = tmp_path / "pairs.tsv"
    path.write_text("cat\tdog\t7.5\ncar\tbus\t6\nking\tqueen\t8\nking\tcabbage\t0.5\n", encoding="utf-8")
    assert isinstance(evaluate(glove, str(path)), PairEvaluation)
    small = tmp_path / "q.txt"
    small.write_text(": s\nman woman king queen\n", encoding="utf-8")
    ev = evaluate(glove, str(small), restrict_vocab=50_000)
    assert isinstance(ev, AnalogyEvaluation) and ev.total == 1 and ev.correct == 1


def test_frames_and_charts(glove):
    ev = evaluate_analogies(glove, restrict_vocab=3000)
    frame = sections_frame(ev)
    assert list(frame["correct"]) == [s.correct for s in ev.sections]
    assert set(frame["kind"]) == {"semantic", "syntactic"}
    spec = sections_chart(ev).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x"]["field"] == "accuracy"
    pe = evaluate_word_pairs(glove, "wordsim353")
    assert len(pairs_frame(pe)) == pe.pairs
    assert pairs_chart(pe).to_dict()["mark"]["type"] == "circle"


def test_cli_evaluate_json_fields(capsys, gensim_5k):
    from analysis.cli import main

    assert main(["evaluate", "--benchmark", "google", "--restrict-vocab", "5000", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"accuracy", "correct", "total", "skipped", "sections", "seconds"}
    assert [(s["name"], s["correct"], s["total"]) for s in payload["sections"]] == gensim_5k
    assert main(["evaluate", "--benchmark", "simlex999", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"pearson", "spearman", "oov_ratio", "pairs"} and payload["pairs"] == 998  # one pair is out of vocabulary
    assert main(["evaluate", "--benchmark", "google", "--method", "mul", "--restrict-vocab", "2000"]) == 0
    assert "3CosMul" in capsys.readouterr().out


@pytest.mark.gpu
def test_gpu_evaluation_equals_gensim(glove, gensim_5k):
    from analysis.device import pick_device

    device = pick_device()
    assert ours(evaluate_analogies(glove, restrict_vocab=5000, device=device)) == gensim_5k
    cpu_mul = evaluate_analogies(glove, restrict_vocab=5000, method="mul")
    assert ours(evaluate_analogies(glove, restrict_vocab=5000, method="mul", device=device)) == ours(cpu_mul)
