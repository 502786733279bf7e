"""The command line: JSON shapes, plain text, and errors as one sentence with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis.cli import main


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_info(capsys):
    info = run_json(capsys, "info")
    assert info["name"] == "glove-6b-50d" and info["dims"] == 50 and info["vocab_size"] == 400_000
    assert len(info["hash"]) == 16


def test_neighbors_equal_the_library(capsys, glove):
    rows = run_json(capsys, "neighbors", "king", "--topn", "3")
    assert [r["word"] for r in rows] == [n.word for n in glove.neighbors("king", topn=3)]
    assert set(rows[0]) == {"word", "score"}


def test_unknown_word_is_one_sentence_on_stderr(capsys):
    assert main(["neighbors", "kign"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Not in the vocabulary: 'kign' (did you mean king")
    assert "Traceback" not in err and err.count("\n") == 1


def test_train_writes_word2vec_and_reports_quality(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "c.txt"
    corpus.write_text("\n".join(["king queen man woman prince princess"] * 30))
    out = tmp_path / "out.bin"
    summary = run_json(capsys, "train", "--corpus", str(corpus), "--out", str(out), "--epochs", "2", "--sg", "--vector-size", "16", "--workers", "1")
    assert summary["vocab_size"] == 6 and summary["config"]["sg"] is True
    assert summary["quality"]["total"] == 19_544
    info = run_json(capsys, "info", "--embeddings", str(out))
    assert info["vocab_size"] == 6 and info["dims"] == 16 and info["hash"] == summary["hash"]


def test_bad_file_exit_code_and_message(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("2 3\nking 1 2 3\n")
    proc = subprocess.run([sys.executable, "-m", "analysis", "info", "--embeddings", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: bad.txt: the header declares 2 words but the file has 1 vector lines."
    assert proc.stdout == ""


def test_usage_error_exits_non_zero():
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


@pytest.mark.parametrize("argv", [["neighbors", "king", "--topn", "-3"], ["info", "--limit", "-5"]])
def test_negative_numbers_are_one_sentence_errors(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


@pytest.mark.parametrize("argv", [["train", "--corpus", "default", "--out", "/no/such/folder/v.txt", "--epochs", "1"], ["report", "--out", "/no/such/folder/r.md"]])
def test_output_into_a_missing_folder_is_refused_clearly(capsys, argv, tmp_path, monkeypatch):
    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    assert main(argv) == 2
    assert "the folder /no/such/folder does not exist" in capsys.readouterr().err
