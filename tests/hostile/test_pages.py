"""Hostile-input suite, pages (issue #14): hostile files through the Embeddings page's path loader.

Each case first makes a small embedding active (200 words), then loads a hostile file: the page must
show one clear error, no exception, run no pickle, and keep the 200-word embedding active.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_clean, open_page
from tests.hostile.fixtures import build

PAGE_CASES = {
    "empty.txt": r"is empty",
    "garbage.bin": r"not a word2vec binary file",
    "lying_header.txt": r"declares 50 words",
    "header_bomb.txt": r"1,000,000,000,000 words",
    "nan.txt": r"NaN or infinite",
    "ragged.txt": r"expected 3",
    "pickle.txt": r"pickle",
    "pickle.bin": r"pickle",
    "pickle.txt.gz": r"UTF-8",
    "cut_gzip.txt.gz": r"gzip|cut off|truncated|incomplete",
    "rtl_list.txt": r"line 1",
}
PENDING: dict[str, str] = {}  # case -> reason; empty now that every fix has landed


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-pages")
    marker = folder / "PICKLE-RAN"
    return marker, build(folder / "files", marker)


def load_path(at, path) -> None:
    at.text_input(key="load_path").set_value(str(path))
    at.button(key="load_button").click().run()


@pytest.mark.parametrize(
    "name", [pytest.param(n, id=n, marks=[pytest.mark.xfail(strict=True, reason=PENDING[n])] if n in PENDING else []) for n in PAGE_CASES]
)
def test_hostile_file_on_the_embeddings_page_keeps_the_active_embedding(name, hostile, monkeypatch):
    import re

    monkeypatch.setenv("LAB_ALLOW_SERVER_PATHS", "1")  # typed paths are off by default (issue #16)
    marker, paths = hostile
    at = open_page("embeddings.py")
    at.radio(key="load_kind").set_value("path").run()
    load_path(at, paths["tiny.txt"])
    assert at.metric[0].value == "200"  # the small embedding is active
    load_path(at, paths[name])
    assert_clean(at)  # no exception element, no untranslated key
    errors = [e.value for e in at.error]
    assert errors and re.search(PAGE_CASES[name], " ".join(errors), re.IGNORECASE), errors
    assert at.metric[0].value == "200"  # the previously active embedding is intact
    assert not marker.exists()
