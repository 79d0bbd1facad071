"""Partial editions say so wherever a reader chooses or opens them (issue 18)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, daisy_ace, epubcheck
from tests.test_build import book  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


@pytest.fixture
def published(book: Path, coppub: Runner) -> Path:  # noqa: F811
    """fr and ar partly translated, published (threshold 0), every format."""
    toml = book / "coppub.toml"
    toml.write_text(toml.read_text().replace("fr = {}", "fr = { threshold = 0 }")
                    .replace("ar = {}", "ar = { threshold = 0 }")
                    .replace("prs = { threshold = 50 }", "prs = { threshold = 0 }"))
    assert coppub("build", "html", "--all-languages") == 0, coppub.err
    assert coppub("build", "epub", "-l", "fr") == 0, coppub.err
    return book


def test_a_partial_epub_says_so_on_its_cover_first_page_description_and_chapters(
    published: Path
) -> None:
    epub = published / "build/site/downloads/sample-book-fr.epub"
    with zipfile.ZipFile(epub) as z:
        files = {n: z.read(n).decode() for n in z.namelist() if n.endswith(
            (".xhtml", ".svg", ".opf"))}
    notice = re.compile(r"Cette édition est traduite à \d+\W% ; le reste est dans la "
                        r"langue d’origine\.")
    cover = files["cover.xhtml"]  # for screen readers; drawn on the cover's band
    assert re.search(r'<img src="cover.svg" alt="Livre exemple. ' + notice.pattern, cover), cover
    svg = files["cover.svg"]
    assert '<g fill="#1c1c1c">' in svg and "<path" in svg.split('<g fill="#1c1c1c">')[1]
    opf = files["content.opf"]
    assert re.search(r"<dc:description>[^<]*" + notice.pattern, opf), opf
    first = files["index.xhtml"]  # the first page, however translated it is itself
    assert re.search(r'<div class="coppub-banner" role="note"><p>' + notice.pattern, first)
    chapter = files["chapter.xhtml"]
    assert re.search(r'<div class="coppub-banner" role="note"><p>Cette page est traduite à',
                     chapter), chapter
    assert "<a " not in chapter.split('class="coppub-banner"')[1].split("</div>")[0]
    report = epubcheck(epub)
    assert "0 fatals / 0 errors / 0 warnings" in report, report
    ace = daisy_ace(epub, published / "ace")  # the notices and banners, accessible
    assert ace["violations"] == [] and ace["earl:result"]["earl:outcome"] == "pass", ace


def test_the_landing_page_gives_partial_editions_their_share_and_the_readers_first(
    published: Path, browser: Any
) -> None:
    landing = published / "build/site/index.html"
    text = landing.read_text()
    assert re.search(r'<li lang="fr" dir="ltr">.*?<p class="notice">Cette édition est '
                     r"traduite à \d+\W%", text, re.S), text
    assert '<li lang="en" dir="ltr">' in text and "This edition is" not in text

    def first(locale: str) -> str:
        context = browser.new_context(locale=locale)
        page = context.new_page()
        page.goto(landing.as_uri())
        lang: str = page.locator("ul.editions > li").first.get_attribute("lang")
        context.close()
        return lang

    assert first("fa-AF") == "prs"  # Dari, as Afghan browsers say it
    assert first("ar-EG") == "ar"
    assert first("fr-CA") == "fr"
    assert first("de-DE") == "en"  # no German edition: the order of the page


def test_links_to_titles_still_in_the_source_language_are_marked_so(published: Path) -> None:
    """The French front page's title is not translated yet; its chapter's is."""
    chapter = (published / "build/site/fr/chapter.html").read_text()
    assert re.search(r'<a href="index.html"[^>]*><span lang="en" dir="ltr">Front page</span>',
                     chapter), chapter  # previous
    index = (published / "build/site/fr/index.html").read_text()
    assert re.search(r'<a class="reference internal" href="chapter.html">Le chapitre</a>',
                     index)  # translated: no mark
    with zipfile.ZipFile(published / "build/site/downloads/sample-book-fr.epub") as z:
        nav = z.read("nav.xhtml").decode()
    assert '<a href="index.xhtml" lang="en" xml:lang="en" dir="ltr">Front page</a>' in nav, nav
    assert '<a href="chapter.xhtml">Le chapitre</a>' in nav, nav



def test_a_list_left_whole_in_the_source_language_is_marked_as_a_whole(
    published: Path
) -> None:
    """In Arabic the chapter's list is not translated yet: the list itself reads left to
    right (its bullets too); in French one of its points is translated: no mark."""
    arabic = (published / "build/site/ar/chapter.html").read_text()
    assert re.search(r'<ul class="[^"]*\buntranslated\b[^"]*" lang="en" dir="ltr">', arabic)
    french = (published / "build/site/fr/chapter.html").read_text()
    lists = re.findall(r"<ul[^>]*>\s*<li><p>Premier point", french)
    assert lists and "lang=" not in lists[0], lists
