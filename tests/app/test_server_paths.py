"""The app reads server files by typed path only when the operator allowed it; uploads never linger."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from analysis.budget import BudgetExceeded
from analysis.paths import PathRefused
from app import server_paths, uploads
from tests.app.conftest import assert_clean, open_page


@pytest.fixture
def no_server_paths(monkeypatch):
    monkeypatch.delenv("LAB_ALLOW_SERVER_PATHS", raising=False)
    monkeypatch.delenv("LAB_SERVER_PATH_FOLDERS", raising=False)


def test_path_options_are_hidden_by_default(no_server_paths):
    at = open_page("embeddings.py")
    assert_clean(at)
    # Options show their labels: default and upload only, no typed path.
    assert at.radio(key="load_kind").options == ["Embedded default (GloVe 6B 50d)", "Upload"]
    assert len(at.radio(key="corpus_kind").options) == 2
    at = open_page("autoencoder.py")
    assert len(at.radio(key="autoencoder.source").options) == 4  # digits, bundled photo patches, word vectors, upload


def test_path_options_return_when_allowed(monkeypatch):
    monkeypatch.setenv("LAB_SERVER_PATH_FOLDERS", tempfile.gettempdir())
    at = open_page("embeddings.py")
    assert len(at.radio(key="load_kind").options) == 3 and len(at.radio(key="corpus_kind").options) == 3


def test_reads_by_path_are_refused_even_without_the_widget(no_server_paths, tmp_path):
    from app import state

    f = tmp_path / "v.txt"
    f.write_text("1 2\na 1 2\n")
    with pytest.raises(PathRefused, match="switched off; upload the file instead"):
        state.load_path(str(f))
    with pytest.raises(PathRefused, match="switched off"):
        state.image_path_mtime(str(tmp_path))
    assert server_paths.sources(["digits", "path"]) == ["digits"]


def test_allowed_folder_admits_its_files_only(monkeypatch, tmp_path):
    monkeypatch.delenv("LAB_ALLOW_SERVER_PATHS", raising=False)
    monkeypatch.setenv("LAB_SERVER_PATH_FOLDERS", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "v.txt").write_text("a 1\n")
    (tmp_path / "secret").write_text("x 1\n")
    assert server_paths.check(str(tmp_path / "data" / "v.txt")).name == "v.txt"
    with pytest.raises(PathRefused, match="outside the folders"):
        server_paths.check(str(tmp_path / "secret"))


def test_temporary_upload_is_removed_after_success_and_failure():
    with uploads.temporary_file(b"corpus text\n", ".txt") as path:
        assert path.read_bytes() == b"corpus text\n" and oct(path.stat().st_mode & 0o777) == "0o600"
    assert not path.exists()
    with pytest.raises(RuntimeError), uploads.temporary_file(b"x") as failing:
        raise RuntimeError("training failed")
    assert not Path(failing).exists()


def test_corpus_upload_leaves_nothing_in_the_cache(monkeypatch, tmp_path):
    """The page's upload path: a temporary file for the run, a bounded tokenised cache, no .partial."""
    from analysis import training
    from analysis.errors import AnalysisError

    monkeypatch.setenv("LAB_CACHE_DIR", str(tmp_path))
    with uploads.temporary_file(b"ok line\n\xff bad utf8\n", ".txt") as path, pytest.raises(AnalysisError, match="line 2"):
        training.prepare_corpus(str(path))
    assert list(tmp_path.glob("*.partial")) == [] and not (tmp_path / "uploads").exists()
    for i in range(training.MAX_CACHED_CORPORA + 3):
        with uploads.temporary_file(f"words number {'x' * (i + 1)}\n".encode(), ".txt") as path:
            training.prepare_corpus(str(path))
    assert len(list(tmp_path.glob("corpus-*.txt"))) == training.MAX_CACHED_CORPORA


def test_upload_size_budget(monkeypatch):
    uploads.check_size("small.txt", 10)
    monkeypatch.setenv("LAB_MAX_UPLOAD_MEGABYTES", "1")
    with pytest.raises(BudgetExceeded, match="The upload big.txt has 2 MB, more than the limit of 1 MB .*LAB_MAX_UPLOAD_MEGABYTES"):
        uploads.check_size("big.txt", (1 << 20) + 1)
