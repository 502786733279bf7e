"""The resource budget: environment overrides, refusals in one sentence, streams stopped at the limit."""

from __future__ import annotations

import gzip
import io
import tomllib
from pathlib import Path

import pytest

from analysis.budget import (
    Budget,
    BudgetExceeded,
    CappedReader,
    check,
    current,
    env_name,
    read_capped,
)
from analysis.errors import AnalysisError

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_and_environment_override(monkeypatch):
    assert current() == Budget()
    monkeypatch.setenv("LAB_MAX_VOCABULARY", "1_000")
    monkeypatch.setenv("LAB_MAX_ARRAY_ELEMENTS", "2e6")
    assert current().vocabulary == 1000 and current().array_elements == 2_000_000


@pytest.mark.parametrize("value", ["many", "0", "-5"])
def test_a_bad_environment_value_is_refused(monkeypatch, value):
    monkeypatch.setenv("LAB_MAX_LIST_WORDS", value)
    with pytest.raises(AnalysisError, match="LAB_MAX_LIST_WORDS must be"):
        current()


def test_refusal_names_the_limit_and_how_to_raise_it(monkeypatch):
    monkeypatch.setenv("LAB_MAX_HIDDEN_UNITS", "64")
    with pytest.raises(BudgetExceeded) as err:
        check("hidden_units", 65, "The hidden layer")
    message = str(err.value)
    assert message == "The hidden layer has 65 units, more than the limit of 64 units (set LAB_MAX_HIDDEN_UNITS to raise it)."
    assert message.count(".") == 1  # one sentence
    assert err.value.limit == "hidden_units" and err.value.allowed == 64
    check("hidden_units", 64, "The hidden layer")  # at the limit: accepted


def test_every_limit_has_a_unit_and_a_variable():
    from analysis.budget import UNITS

    for name in Budget.__dataclass_fields__:
        assert name in UNITS and env_name(name).startswith("LAB_MAX_")


def test_capped_reader_stops_a_gzip_bomb_after_the_limit():
    bomb = gzip.compress(b"\0" * (8 << 20))  # 8 MB of zeros in ~8 KB
    stream = CappedReader(gzip.GzipFile(fileobj=io.BytesIO(bomb)), "bomb.gz", limit=1 << 20)
    with pytest.raises(BudgetExceeded, match="bomb.gz decompresses"):
        while stream.read(64 << 10):
            pass
    assert stream.count <= (1 << 20) + (64 << 10)  # stopped at the limit, not at the end
    assert read_capped(gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(b"ok"))), "ok.gz") == b"ok"


def test_capped_reader_turns_damaged_gzip_into_one_sentence():
    cut = gzip.compress(b"hello world " * 1000)[:-20]
    with pytest.raises(AnalysisError, match="cut.gz is not a valid gzip file or is cut off"):
        read_capped(gzip.GzipFile(fileobj=io.BytesIO(cut)), "cut.gz")
    with pytest.raises(AnalysisError, match="not a valid gzip"):
        read_capped(gzip.GzipFile(fileobj=io.BytesIO(b"\x1f\x8b\x08garbage")), "bad.gz")


def test_streamlit_upload_limit_matches_the_budget():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == Budget().upload_megabytes
