"""The published word lists: complete (sizes as in the papers), well-formed, cited, loadable by name."""

from __future__ import annotations

import json
import re

import pytest

from analysis.errors import AnalysisError
from analysis.wordlists import (
    CALISKAN_TESTS,
    DATA_DIR,
    caliskan_sets,
    caliskan_test,
    caliskan_tests,
    list_names,
    load_pairs,
    load_professions,
    load_words,
    parse_word_text,
    read_word_file,
    source_of,
)

# Sizes as published: Bolukbasi et al.'s files; Caliskan et al. Table 1 (N_T × 2, N_A × 2).
SIZES = {
    "bolukbasi/gender_specific": 218,
    "bolukbasi/gender_specific_full": 1441,
    "bolukbasi/professions": 320,
    "names/male": 50,
    "names/female": 50,
}
CALISKAN_SIZES = {
    "caliskan-1": (25, 25),
    "caliskan-2": (25, 25),
    "caliskan-3": (32, 25),
    "caliskan-4": (16, 25),
    "caliskan-5": (16, 8),
    "caliskan-6": (8, 8),
    "caliskan-7": (8, 8),
    "caliskan-8": (8, 8),
    "caliskan-9": (6, 7),
    "caliskan-10": (8, 8),
}


@pytest.mark.parametrize("name,size", SIZES.items())
def test_word_lists_have_published_sizes_and_no_duplicates(name, size):
    words = load_words(name)
    assert len(words) == size
    assert len(set(words)) == size
    assert all(isinstance(w, str) and w == w.strip() and w for w in words)


def test_definitional_pairs_are_bolukbasis_ten():
    pairs = load_pairs("bolukbasi/definitional_pairs")
    assert pairs == [
        ("woman", "man"),
        ("girl", "boy"),
        ("she", "he"),
        ("mother", "father"),
        ("daughter", "son"),
        ("gal", "guy"),
        ("female", "male"),
        ("her", "his"),
        ("herself", "himself"),
        ("Mary", "John"),
    ]


def test_equalize_pairs():
    pairs = load_pairs("bolukbasi/equalize_pairs")
    assert len(pairs) == 52 and len(set(pairs)) == 52
    assert ("monastery", "convent") in pairs and ("twin_brother", "twin_sister") in pairs
    assert load_words("bolukbasi/equalize_pairs")[:2] == ["monastery", "spokesman"]  # flattened: firsts, then seconds


def test_seed_words_are_part_of_the_full_gender_specific_list():
    seed = set(load_words("bolukbasi/gender_specific"))
    full = set(load_words("bolukbasi/gender_specific_full"))
    assert {"he", "she", "king", "queen", "actress"} <= seed
    assert len(seed - full) < 5, seed - full  # the expansion kept (almost) every seed word


def test_professions_ratings_in_range():
    rows = load_professions()
    assert len(rows) == 320
    assert all(-1 <= r.definitional <= 1 and -1 <= r.stereotypical <= 1 for r in rows)
    by_word = {r.word: r for r in rows}
    assert by_word["actress"].definitional == -1.0
    assert by_word["nurse"].stereotypical < 0 < by_word["carpenter"].stereotypical
    assert [r.word for r in rows] == load_words("bolukbasi/professions")


@pytest.mark.parametrize("name", CALISKAN_TESTS)
def test_caliskan_tests_have_table1_sizes(name):
    t = caliskan_test(name)
    n_t, n_a = CALISKAN_SIZES[name]
    assert (len(t.X), len(t.Y), len(t.A), len(t.B)) == (n_t, n_t if name != "caliskan-9" else 6, n_a, n_a)
    for words in (t.X, t.Y, t.A, t.B):
        assert len(set(words)) == len(words)
    assert not set(t.X) & set(t.Y) and not set(t.A) & set(t.B)
    assert 0.9 < t.published_effect_size < 2.0
    assert t.titles["en"] and t.titles["de"] and t.titles["en"] != t.titles["de"]


def test_caliskan_words_as_in_the_paper():
    assert caliskan_test("caliskan-6").X == ["John", "Paul", "Mike", "Kevin", "Steve", "Greg", "Jeff", "Bill"]
    assert caliskan_test("caliskan-6").B == ["home", "parents", "children", "family", "cousins", "marriage", "wedding", "relatives"]
    assert caliskan_test("caliskan-8").Y[2] == "Shakespeare"
    assert "short-term" in caliskan_test("caliskan-9").A
    assert caliskan_test("caliskan-10").X[-1] == "Billy"
    w3 = caliskan_test("caliskan-3")
    assert {"bomb", "evil"} <= set(w3.B) and not {"agony", "prison"} & set(w3.B)
    assert {"agony", "prison"} <= set(caliskan_test("caliskan-1").B)
    sets = caliskan_sets()
    assert set(w3.X) <= set(sets["european_american_names_greenwald_full"])
    assert len(sets["european_american_names_greenwald_full"]) == len(sets["african_american_names_greenwald_full"]) == 50
    assert set(caliskan_test("caliskan-4").X) <= set(sets["european_american_names_bertrand_full"])


def test_caliskan_name_forms_and_errors():
    assert caliskan_test("6").name == caliskan_test("weat6").name == caliskan_test("Caliskan-6").name == "caliskan-6"
    with pytest.raises(AnalysisError, match="caliskan-1"):
        caliskan_test("caliskan-11")
    assert [t.name for t in caliskan_tests()] == list(CALISKAN_TESTS)
    assert caliskan_test("caliskan-7").label("A") == "male terms"


def test_unknown_list_names_are_errors():
    with pytest.raises(AnalysisError, match="Known"):
        load_words("bolukbasi/nope")
    with pytest.raises(AnalysisError):
        load_pairs("names/male")
    assert "bolukbasi/professions" in list_names()


def test_every_list_is_cited_in_its_file_and_in_the_readme():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in list_names():
        assert source_of(name)
    assert "Bolukbasi" in source_of("bolukbasi/professions") and "Caliskan" in source_of("caliskan-1")
    for path in DATA_DIR.glob("*/*.json"):
        if path.parent.name in ("bolukbasi", "caliskan", "names"):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["source"], path
            assert path.name in readme or path.parent.name + "/" in readme, path


def test_lists_resolve_in_glove(glove):
    # Lower-case GloVe finds the capitalised names through case-aware lookup.
    known, missing = glove.split_known(caliskan_test("caliskan-6").X)
    assert known[0] == "john" and not missing
    for name in ("names/male", "names/female"):
        assert glove.split_known(load_words(name))[1] == []
    # Only word2vec's multi-word phrases ("ex_girlfriend") are absent from GloVe 6B.
    for name in ("bolukbasi/gender_specific", "bolukbasi/professions"):
        known, missing = glove.split_known(load_words(name))
        assert all("_" in w for w in missing) and len(known) > 0.85 * len(load_words(name)), (name, missing)


def test_parse_word_text_formats(tmp_path):
    assert parse_word_text("a, b;c\n d  # comment\n\na") == ["a", "b", "c", "d"]
    assert parse_word_text('["x", " y "]') == ["x", "y"]
    with pytest.raises(AnalysisError, match="no words"):
        parse_word_text("  # only a comment\n")
    with pytest.raises(AnalysisError, match="JSON"):
        parse_word_text("[1, 2")
    f = tmp_path / "w.txt"
    f.write_text("nurse\nengineer\n", encoding="utf-8")
    assert read_word_file(f) == ["nurse", "engineer"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(AnalysisError, match="UTF-8"):
        read_word_file(bad)
    with pytest.raises(AnalysisError, match="not found"):
        read_word_file(tmp_path / "none.txt")
    assert re.search("Caliskan", source_of("caliskan-10"))
