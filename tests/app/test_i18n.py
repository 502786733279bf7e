"""Every UI string exists in English and German, with the same placeholders, and every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from app.i18n import strings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.glob("pages/*.py"), *ROOT.glob("app/*.py"), *ROOT.glob("app/components/*.py")]
# t("area.key") or t('area.key', ...) with a literal key; f-string keys are checked by their pages' tests.
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z0-9_.\-]+)["']""")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_has_english_and_german_with_the_same_placeholders():
    problems = []
    for key, texts in strings().items():
        en, de = texts.get("en"), texts.get("de")
        if not en or not de:
            problems.append(f"{key}: missing {'en' if not en else 'de'}")
        elif isinstance(en, str) and placeholders(en) != placeholders(de):
            problems.append(f"{key}: placeholders {placeholders(en)} vs {placeholders(de)}")
    assert not problems, problems
    assert len(strings()) > 500


def test_every_literal_key_used_in_the_app_exists():
    known = strings()
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 300
    missing = sorted(k for k in used if k not in known)
    assert not missing, missing


def test_every_page_renders_in_german_without_missing_strings():
    from app.navigation import NAVIGATION, PAGES_DIR
    from tests.app.conftest import assert_clean, open_page

    for _, filename, _, _, _ in NAVIGATION:
        if (PAGES_DIR / filename).exists():
            at = open_page(filename, lang="de")
            assert_clean(at)
            assert at.title, filename
