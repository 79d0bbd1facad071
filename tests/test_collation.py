"""Glossaries in the reader's alphabetical order (Unicode Collation Algorithm)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coppub.sphinxext.collation import collation_key
from tests.conftest import Runner
from tests.test_build import translate


def _sorted(words: list[str], code: str, script: str) -> list[str]:
    return sorted(words, key=lambda w: collation_key(w, code, script))


def test_arabic_files_words_after_the_article_and_latin_terms_last() -> None:
    words = ["UNPOL", "الشرطة", "المساءلة", "إصلاح", "ثقة", "COP", "بلدية"]
    assert _sorted(words, "ar", "Arab") == [
        "إصلاح", "بلدية", "ثقة", "الشرطة", "المساءلة", "COP", "UNPOL"]


def test_dari_letters_sit_beside_their_arabic_bases() -> None:
    words = ["گروه", "کمیته", "ژاندارم", "زن", "چالش", "جامعه", "پولیس", "بازرسی", "SARA"]
    assert _sorted(words, "prs", "Arab") == [
        "بازرسی", "پولیس", "جامعه", "چالش", "زن", "ژاندارم", "کمیته", "گروه", "SARA"]


def test_latin_editions_ignore_case_and_accents_first() -> None:
    assert _sorted(["zone", "Égalité", "abus", "état", "Eau"], "fr", "Latn") == [
        "abus", "Eau", "Égalité", "état", "zone"]


@pytest.mark.slow
def test_a_translated_sorted_glossary_is_in_the_editions_order(
    sample: Path, coppub: Runner
) -> None:
    glossary = sample / "source/glossary.rst"
    glossary.write_text(glossary.read_text().replace(
        ".. glossary::\n", ".. glossary::\n   :sorted:\n\n   police\n      Those who keep "
        "order.\n\n   UNPOL\n      United Nations Police.\n"))
    assert coppub("extract") == 0 and coppub("update", "-l", "ar") == 0
    translate(sample / "locales/ar/LC_MESSAGES/glossary.po", {
        "trust": "الثقة", "Belief that someone is reliable.": "الاعتقاد بأن أحدًا موثوق.",
        "police": "شرطة", "Those who keep order.": "من يحفظون النظام."})
    assert coppub("build", "html", "-l", "ar", "--force") == 0, coppub.err
    page = (sample / "build/site/ar/glossary.html").read_text()
    terms = re.findall(r'<dt [^>]*id="term-[^"]*"[^>]*>([^<]*)', page)
    assert terms == ["الثقة", "شرطة", "UNPOL"]  # ث before ش, article ignored; Latin last
