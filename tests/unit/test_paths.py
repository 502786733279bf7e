"""Typed paths: only regular files; on the server only when the operator allowed it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.formats import EmbeddingFileError, read_embedding_file
from analysis.paths import PathRefused, regular_file, server_path, server_paths_enabled


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null", "/proc/self/environ", "/proc/self/status", "/sys/kernel/notes"])
def test_system_files_are_refused(path):
    with pytest.raises(PathRefused, match="system file"):
        regular_file(path)


def test_folders_fifos_and_missing_files_are_refused(tmp_path):
    with pytest.raises(PathRefused, match="is a folder"):
        regular_file(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(PathRefused, match="not a regular file"):
        regular_file(fifo)  # would block forever if it were opened
    with pytest.raises(PathRefused, match="No such file"):
        regular_file(tmp_path / "nope.txt")


def test_a_symlink_into_proc_is_refused(tmp_path):
    link = tmp_path / "innocent.txt"
    link.symlink_to("/proc/self/environ")
    with pytest.raises(PathRefused, match="system file"):
        regular_file(link)


def test_regular_file_is_returned(tmp_path):
    f = tmp_path / "v.txt"
    f.write_text("a 1\n")
    assert regular_file(str(f)) == f


def test_server_paths_are_off_unless_configured(tmp_path):
    f = tmp_path / "v.txt"
    f.write_text("a 1\n")
    assert not server_paths_enabled({})
    with pytest.raises(PathRefused, match="switched off; upload the file instead .*LAB_ALLOW_SERVER_PATHS=1"):
        server_path(f, environ={})
    assert server_path(f, environ={"LAB_ALLOW_SERVER_PATHS": "1"}) == f
    with pytest.raises(PathRefused, match="system file"):
        server_path("/proc/self/environ", environ={"LAB_ALLOW_SERVER_PATHS": "true"})


def test_allowed_folders_confine_server_paths(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    inside, outside = data / "v.txt", tmp_path / "secret.txt"
    inside.write_text("a 1\n")
    outside.write_text("password 1\n")
    env = {"LAB_SERVER_PATH_FOLDERS": str(data)}
    assert server_paths_enabled(env)
    assert server_path(inside, environ=env) == inside
    with pytest.raises(PathRefused, match="outside the folders"):
        server_path(outside, environ=env)
    with pytest.raises(PathRefused, match="outside the folders"):
        server_path(data / ".." / "secret.txt", environ=env)  # no escape by ..
    (data / "link.txt").symlink_to(outside)
    with pytest.raises(PathRefused, match="outside the folders"):
        server_path(data / "link.txt", environ=env)  # nor by a symbolic link
    assert server_path(data, environ=env, folder_ok=True) == data


def test_embedding_loader_refuses_devices_and_never_quotes_content(tmp_path):
    with pytest.raises(EmbeddingFileError, match="system file"):
        read_embedding_file("/dev/zero")
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n::1 ip6-localhost ip6-loopback\n")
    with pytest.raises(EmbeddingFileError) as err:
        read_embedding_file(hosts)
    message = str(err.value)
    assert "hosts, line" in message
    for secret in ("127.0.0.1", "localhost", "ip6", "::1"):
        assert secret not in message


@pytest.mark.parametrize(
    "content",
    [
        b"2 2\nsecretword 1 2\nhunter2 1 x-secret\n",  # not a number
        b"2 2\nsecretword 1 2\nhunter2 1\n",  # wrong count
        b"2 2\nsecretword 1 2\nhunter2\xff 1 1\n",  # bad UTF-8
        b"2 2\nsecretword 1 2\nhunter2 nan 1\n",  # NaN
    ],
)
def test_messages_name_the_line_not_the_content(tmp_path, content):
    f = tmp_path / "leak.txt"
    f.write_bytes(content)
    with pytest.raises(EmbeddingFileError) as err:
        read_embedding_file(f)
    assert "line 3" in str(err.value)
    for secret in ("secretword", "hunter2", "x-secret", "\\xff"):
        assert secret not in str(err.value)


def test_cli_refuses_proc_environ_without_echoing_it(monkeypatch, capsys):
    from analysis.cli import main

    monkeypatch.setenv("LAB_TEST_SECRET", "s3cr3t-value")
    assert main(["info", "--embeddings", "/proc/self/environ"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "system file" in err and "s3cr3t" not in err


def test_home_folder_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "v.txt").write_text("a 1\n")
    assert regular_file("~/v.txt") == Path(tmp_path / "v.txt")


@pytest.mark.parametrize("argv", [
    ["evaluate", "--benchmark", "/proc/self/environ"],
    ["evaluate", "--benchmark", "/dev/zero"],
    ["train", "--corpus", "/dev/zero", "--out", "/tmp/never.txt"],
    ["autoencoder", "--latent", "2", "--data", "/proc/self/environ"],
])
def test_cli_refuses_system_files_everywhere(capsys, argv):
    from analysis.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and ("system file" in err or "not found" in err)


def test_cli_refuses_a_fifo_as_benchmark_and_corpus(capsys, tmp_path):
    from analysis.cli import main

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for argv in (["evaluate", "--benchmark", str(fifo)], ["train", "--corpus", str(fifo), "--out", str(tmp_path / "v.txt")]):
        assert main(argv) == 2  # would block forever if opened
        assert "not a regular file" in capsys.readouterr().err
