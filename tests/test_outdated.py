"""Outdated translations shown as such (coppub.toml: outdated = "show")."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from coppub.pofiles import read_po
from coppub.textdiff import as_text, word_diff
from tests.conftest import Runner, daisy_ace, epubcheck, settle
from tests.test_build import translate


def test_word_diff() -> None:
    assert word_diff("Police work depends on trust.", "Police work needs trust.") == [
        ("", "Police work "), ("del", "depends on"), ("ins", "needs"), ("", " trust.")]
    assert as_text(word_diff("a b c", "a x c")) == "a [-b-]{+x+} c"


@pytest.fixture
def edited(sample: Path, coppub: Runner) -> Path:
    """fr translated, then its source edited: "First point." is now outdated."""
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    translate(sample / "locales/fr/LC_MESSAGES/chapter.po", {
        "The chapter": "Le chapitre", "First point.": "Premier point.",
        "A note to remember.": "Une note à retenir."})
    chapter = sample / "source/chapter.rst"
    chapter.write_text(chapter.read_text().replace("* First point.",
                                                   "* First point, now longer."))
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    entry = read_po(sample / "locales/fr/LC_MESSAGES/chapter.po").find(
        "First point, now longer.")
    assert entry.fuzzy and entry.previous_msgid == "First point."
    return sample


def banner(page: str) -> str:
    found = re.search(r'<div class="coppub-banner" role="note"><p>(.*?)</p>', page, re.S)
    assert found, page
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("\u202f", " ").replace("\xa0", " ")


def _show(project: Path) -> None:
    toml = project / "coppub.toml"
    toml.write_text(toml.read_text().replace("fr = {}", 'fr = { outdated = "show" }'))


@pytest.mark.slow
def test_by_default_an_outdated_paragraph_shows_the_source(edited: Path,
                                                          coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "fr", "--force") == 0, coppub.err
    page = (edited / "build/site/fr/chapter.html").read_text()
    assert "First point, now longer." in page and "Premier point." not in page
    assert "coppub-outdated" not in page
    # the banner gives both shares, and says where the outdated part went
    assert re.search(r"Cette page est traduite à \d+\W%\. Pour \d+\W%, une traduction "
                     r"antérieure existe, masquée tant qu’elle n’est pas mise à jour\. Le "
                     r"reste est affiché dans la langue d’origine\.", banner(page)), page


@pytest.mark.slow
def test_shown_marked_with_the_current_source_and_what_changed(
    edited: Path, coppub: Runner
) -> None:
    _show(edited)
    assert coppub("build", "all", "-l", "fr", "--force") == 0, coppub.err
    page = (edited / "build/site/fr/chapter.html").read_text()
    box = re.search(r'<div class="coppub-outdated">.*?</details>', page, re.S)
    assert box, page
    html = box.group(0)
    assert "Cette traduction n'est peut-être plus à jour" in unescape(html)
    assert 'role="note"' in html and "Premier point." in html
    assert '<details class="coppub-outdated-source"><summary>Le texte original actuel' in html
    assert '<div lang="en" dir="ltr"><p>First point, now longer.</p>' in html
    assert "First <del>point.</del><ins>point, now longer.</ins>" in html
    assert "Une note à retenir." in page  # translated paragraphs are as before
    assert re.search(r"Cette page est traduite à \d+\W%\. Pour \d+\W%, il s’agit d’une "
                     r"traduction antérieure, signalée comme peut-être dépassée\.",
                     banner(page)), page
    # The downloads page names the page, linked to it.
    downloads = (edited / "build/site/downloads.html").read_text()
    assert "<p>Pages dont certains paragraphes ont une traduction dépassée\u00a0: <a " \
        'href="fr/chapter.html">chapter</a></p>' in downloads, downloads
    # The EPUB carries the same, valid.
    epub = edited / "build/site/downloads/sample-book-fr.epub"
    with zipfile.ZipFile(epub) as z:
        xhtml = z.read("chapter.xhtml").decode()
    assert "coppub-outdated" in xhtml and "<details" in xhtml
    report = epubcheck(epub)
    assert "0 fatals / 0 errors" in report, report
    ace = daisy_ace(epub, edited / "ace")  # the note and the folded original, accessible
    assert ace["violations"] == [] and ace["earl:result"]["earl:outcome"] == "pass", ace


def test_required_pages_hold_a_language_back_until_they_are_complete(
    edited: Path, coppub: Runner
) -> None:
    toml = edited / "coppub.toml"
    toml.write_text(toml.read_text().replace(
        "fr = {}", 'fr = { threshold = 0, required = ["chapter", "appendix/*"] }'))
    assert coppub("languages", "--publishable", "--format", "json") == 0
    assert "fr" not in coppub.out
    from coppub.build import plan
    from coppub.config import load_settings

    reason = plan(load_settings(start=edited), ["fr"]).held_back["fr"]
    assert reason.startswith("required page(s) not fully translated: chapter (")
    assert "appendix/* (no such page)" in reason
    toml.write_text(toml.read_text().replace('"chapter", "appendix/*"', '"glossary"'))
    translate(edited / "locales/fr/LC_MESSAGES/glossary.po", {
        "Glossary": "Glossaire", "trust": "confiance",
        "Belief that someone is reliable.": "Croyance que quelqu'un est fiable."})
    assert coppub("languages", "--publishable", "--format", "json") == 0
    assert '"fr"' in coppub.out


@pytest.mark.slow
def test_a_page_below_the_page_minimum_shows_its_source_text(
    edited: Path, coppub: Runner
) -> None:
    toml = edited / "coppub.toml"
    toml.write_text(toml.read_text().replace("fr = {}", "fr = { page-minimum = 60 }"))
    translate(edited / "locales/fr/LC_MESSAGES/glossary.po", {
        "Glossary": "Glossaire", "trust": "confiance",
        "Belief that someone is reliable.": "Croyance que quelqu'un est fiable."})
    assert coppub("build", "html", "-l", "fr", "--force") == 0, coppub.err
    chapter = (edited / "build/site/fr/chapter.html").read_text()
    assert "Le chapitre" not in chapter and "The chapter" in chapter  # not a mix
    assert "0 %" in chapter.replace("\u202f", " ").replace("\xa0", " ")  # the banner says
    glossary = (edited / "build/site/fr/glossary.html").read_text()
    assert "Glossaire" in glossary and "coppub-banner" not in glossary


def test_todo_lists_outdated_messages_with_what_changed(edited: Path, coppub: Runner) -> None:
    assert coppub("todo", "-l", "fr", "--outdated") == 0, coppub.err
    assert "locales/fr/LC_MESSAGES/chapter.po:" in coppub.out
    assert "changed: First [-point.-]{+point, now longer.+}" in coppub.out
    assert "draft:   Premier point." in coppub.out


def test_the_dashboard_lists_pages_with_outdated_paragraphs_and_what_changed(
    edited: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = edited / "locales/fr/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace('msgstr "Premier point."',
                                         'msgstr "Premier <b>point</b>."'))
    settle(po)  # what coppub keeps about a catalog, it keeps once the file has settled
    assert coppub("dashboard", "-o", "site/dashboard.html") == 0, coppub.err
    page = (edited / "site/dashboard.html").read_text()
    # in French, as the rest of French's section
    assert "<summary>Pages dont certains paragraphes ont une traduction dépassée\u00a0: 1" \
        "</summary>" in page
    assert '<strong dir="ltr">chapter</strong> — Paragraphes dont la traduction est ' \
        'dépassée\u00a0: 1' in page
    item = re.search(r'<li><code dir="ltr">chapter\.po:\d+</code>(.*?)</li>', page, re.S)
    assert item, page
    assert '<span lang="en" dir="ltr">First <del>point.</del><ins>point, now longer.</ins>' \
        in item.group(1)
    # the draft is a stranger's text: shown as text, in its language (its section's)
    assert '<span>Premier &lt;b&gt;point&lt;/b&gt;.</span>' in item.group(1)
    # kept until the catalog changes: the same page without reading the catalog again
    from coppub import outdated

    read: list[Path] = []
    real = outdated.read_po
    monkeypatch.setattr(outdated, "read_po", lambda path: read.append(path) or real(path))
    assert coppub("dashboard", "-o", "site/again.html") == 0, coppub.err
    assert (edited / "site/again.html").read_text() == page and read == []
    po.write_text(po.read_text().replace("Premier <b>point</b>.", "Premier point, relu."))
    assert coppub("dashboard", "-o", "site/dashboard.html") == 0, coppub.err
    assert "<span>Premier point, relu.</span>" in (edited / "site/dashboard.html").read_text()
    assert read == [po]


@pytest.mark.slow
def test_a_reader_without_script_sees_the_marker_opens_the_original_and_hears_the_note(
    edited: Path, coppub: Runner, browser: Any
) -> None:
    """In Chromium with JavaScript off: the note is a landmark-free ``note`` with its text,
    the original is folded and opens on a click or tap of its summary."""
    _show(edited)
    assert coppub("build", "html", "-l", "fr", "--force") == 0, coppub.err
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360,
                                                                       "height": 800})
    page = context.new_page()
    page.goto((edited / "build/site/fr/chapter.html").as_uri())
    note = page.get_by_role("note").filter(has_text="Cette traduction n'est peut-être plus")
    assert note.count() == 1 and note.is_visible()
    box = page.locator(".coppub-outdated")
    assert "Premier point." in box.inner_text()
    # marked on a theme that knows nothing of coppub (the sample uses alabaster)
    assert box.evaluate("e => getComputedStyle(e).borderLeftStyle") == "dashed"
    original = page.get_by_text("First point, now longer.", exact=True)
    assert not original.is_visible()
    page.get_by_text("Le texte original actuel").click()
    assert original.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    context.close()
