"""Cross-references in running text to a title still in the source language say so."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Runner
from tests.test_build import translate

pytestmark = pytest.mark.slow  # builds the French HTML and EPUB

SOURCE = ("Back to the :ref:`home` (that is, :doc:`index`), on to the :ref:`glossary`, "
          "or see :ref:`the first page <home>`.")
#: Left untranslated: its link shows the glossary's translated title, in French.
ENGLISH = "Still in English: the :ref:`glossary`, and the :ref:`home`."
FRENCH = ("Retour à la :ref:`home` (c’est-à-dire :doc:`index`), puis au :ref:`glossary`, "
          "ou voyez :ref:`la première page <home>`.")


def _links(page: str, text: str) -> list[str]:
    """The start tags of the links whose words are ``text``."""
    return re.findall(rf"(<a [^>]*>)(?:<span[^>]*>)?{re.escape(text)}<", page)


def test_a_link_that_shows_an_english_title_in_a_translated_paragraph_is_marked_english(
    sample: Path, coppub: Runner
) -> None:
    """The front page's title is not translated into French, the glossary's is: in a
    translated paragraph the links that show "Front page" (``:ref:``, ``:doc:``) are
    English, the one to "Glossaire" and the one with words of its own are not; in a
    paragraph still in English, the link that shows "Glossaire" is French."""
    chapter = sample / "source/chapter.rst"
    chapter.write_text(chapter.read_text().replace(
        "Police work depends on", f"{SOURCE}\n\n{ENGLISH}\n\nPolice work depends on"))
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    fr = sample / "locales/fr/LC_MESSAGES"
    translate(fr / "chapter.po", {"The chapter": "Le chapitre", SOURCE: FRENCH})
    translate(fr / "glossary.po", {"Glossary": "Glossaire"})
    assert coppub("check", "-l", "fr") == 0, coppub.out + coppub.err
    assert coppub("build", "all", "-l", "fr", "--force") == 0, coppub.err
    html = (sample / "build/site/fr/chapter.html").read_text()
    with zipfile.ZipFile(sample / "build/site/downloads/sample-book-fr.epub") as z:
        xhtml = z.read("chapter.xhtml").decode()
    for page in (html, xhtml):
        paragraph = re.search(r"<p>Retour à la .*?</p>", page, re.S)
        assert paragraph, page  # translated: the paragraph itself carries no mark
        english = _links(paragraph.group(0), "Front page")
        assert len(english) == 2, paragraph.group(0)  # :ref:`home` and :doc:`index`
        assert all('lang="en" dir="ltr"' in tag for tag in english), english
        for words in ("Glossaire", "la première page"):
            [tag] = _links(paragraph.group(0), words)
            assert "lang=" not in tag and "dir=" not in tag, tag
        english = re.search(r'<p class="untranslated" lang="en" dir="ltr">Still in English.*?</p>',
                            page, re.S)
        assert english, page  # and the translated title in it is French again
        [tag] = _links(english.group(0), "Glossaire")
        assert 'lang="fr" dir="ltr"' in tag, tag
        [tag] = _links(english.group(0), "Front page")  # English in English: no mark
        assert "lang=" not in tag, tag
    english = (sample / "build/site/en/chapter.html")
    assert not english.exists() or 'lang="en" dir="ltr"' not in english.read_text()
