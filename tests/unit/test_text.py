"""The one text catalogue: lookup, fallbacks, German numbers, duplicate keys, localised library errors."""

from __future__ import annotations

import doctest
import json

import pytest

import analysis.errors
import analysis.text
from analysis.errors import AnalysisError, UnknownWordsError, match_message
from analysis.text import (
    _load,
    catalogue,
    format_number,
    register_locales,
    text,
    text_list,
)


def test_doctests_run():
    for module in (analysis.text, analysis.errors):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_lookup_falls_back_to_english_and_marks_missing_keys():
    assert text("app.title", "en") == "Bias & Embedding Lab"
    assert text("app.title", "fr") == "Bias & Embedding Lab"
    assert text("app.title", "de") == "Bias- & Embedding-Labor"
    assert text("does.not.exist", "de") == "⟨does.not.exist⟩"
    assert len(text_list("report.doc.limits", "de")) == 3


def test_numbers_follow_the_language():
    assert format_number(399997, "de") == "399.997"
    assert format_number(399997, "en") == "399,997"
    assert format_number(0.4523, "de", 3) == "0,452"
    assert format_number(0.4523, "en", 3) == "0.452"
    assert format_number(-1234.5, "de", 1) == "-1.234,5"
    # inside a text, a numeric field with a format spec is localised; a plain string is left alone
    de = text("report.doc.q_text", "de", restrict=300000, acc=0.4525, correct=8838, total=19544, skipped=12, sem="a.b", syn="-")
    assert "300.000" in de and "45,2%" in de and "8.838" in de and "a.b" in de
    en = text("report.doc.q_text", "en", restrict=300000, acc=0.4525, correct=8838, total=19544, skipped=12, sem="a.b", syn="-")
    assert "300,000" in en and "45.2%" in en


def test_every_locale_file_is_named_after_a_page_or_a_shared_area():
    names = {p.stem for p in analysis.text.LOCALES.glob("*.json")}
    assert {"common", "errors", "report", "analogies", "bias_probes", "weat", "latent_space", "feedback_loop"} <= names


def test_a_key_defined_twice_fails_loudly(tmp_path):
    (tmp_path / "extra.json").write_text(json.dumps({"app.title": {"en": "x", "de": "y"}}), encoding="utf-8")
    with pytest.raises(ValueError, match="app.title.*defined twice"):
        _load((analysis.text.LOCALES, tmp_path))


def test_extra_folders_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis.text, "_extra_dirs", list(analysis.text._extra_dirs))
    (tmp_path / "new_page.json").write_text(json.dumps({"newpage.hello": {"en": "Hello", "de": "Hallo"}}), encoding="utf-8")
    register_locales(tmp_path)
    assert text("newpage.hello", "de") == "Hallo"
    assert "newpage.hello" in catalogue()


def test_error_with_a_key_is_english_for_str_and_german_when_localised():
    err = AnalysisError(key="errors.tsne_words", values={"n": 3})
    assert str(err) == "t-SNE needs at least 4 words, got 3."
    assert err.localised("de") == "t-SNE braucht mindestens 4 Wörter, angegeben: 3."
    assert err.localised("en") == str(err)


def test_plain_english_errors_are_matched_to_their_template():
    assert match_message("The data has NaN or infinite values.")[0] == "errors.ae_nan"  # not "{name} has NaN …"
    err = AnalysisError("'foo' and 'bar' are orthogonal (w·v = 0): indirect bias is undefined.")
    assert err.localised("de") == "„foo“ und „bar“ sind orthogonal (w·v = 0): Der indirekte Bias ist nicht definiert."
    unknown = AnalysisError("Something no template describes.")
    assert unknown.localised("de") == "Something no template describes."


def test_unknown_words_error_keeps_its_english_sentence_and_has_a_german_one():
    err = UnknownWordsError(["qqq"], {"qqq": ["qq"]})
    assert str(err) == "Not in the vocabulary: 'qqq' (did you mean qq?)."
    assert err.localised("de") == "Nicht im Vokabular: 'qqq'."


def test_every_error_template_has_german_with_the_same_placeholders():
    import string

    def fields(s):
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    errors = {k: v for k, v in catalogue().items() if k.startswith("errors.")}
    assert len(errors) >= 60
    for key, texts in errors.items():
        assert fields(texts["en"]) == fields(texts["de"]), key
