"""The output guard: a translated page may contain nothing its source page lacks."""

from __future__ import annotations

import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coppub.guard import compare, read_page
from tests.conftest import Runner

LANGS = ["en", "fr", "ar"]
SOURCE = """<html lang="en"><head><script src="_static/doctools.js?v=1"></script></head>
<body><p id="trust">Trust <a href="glossary.html#trust">grows</a>.</p>
<a href="../fr/chapter.html" hreflang="fr">français</a></body></html>"""


class _Hostile(HTMLParser):
    """What in a page could act: script elements' text and every attribute value
    (a hostile word that is only read, as text, is harmless)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        self.active += [f"{tag} {name}={value}" for name, value in attrs if value]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.active.append(f"script {data}")


def active_parts(html: str) -> str:
    parser = _Hostile()
    parser.feed(html)
    return "\n".join(parser.active)


def test_a_hostile_word_in_text_is_harmless_in_an_attribute_or_script_it_acts() -> None:
    assert "javascript:" not in active_parts("<p>Lisez javascript:alert(1) &lt;script&gt;</p>")
    assert "javascript:" in active_parts('<a href="javascript:alert(1)">x</a>')
    assert "steal" in active_parts("<p><script>steal()</script></p>")


def problems(translated: str) -> list[str]:
    return compare(read_page(SOURCE, LANGS), read_page(translated, LANGS))


def test_text_ids_fragments_and_language_links_may_differ() -> None:
    translated = SOURCE.replace("Trust", "La confiance").replace('id="trust"', 'id="confiance"')
    translated = translated.replace("#trust", "#confiance").replace("../fr/", "../en/")
    translated = translated.replace("<p ", '<p lang="fr" dir="ltr" ')
    assert problems(translated) == []


def test_inline_formatting_a_language_adds_is_allowed_but_not_what_it_carries() -> None:
    """French sets foreign words in italics where the English page has no <em> at all."""
    translated = SOURCE.replace("Trust", "La <em>confiance</em> <strong>grandit</strong>")
    assert problems(translated) == []
    assert problems(SOURCE.replace("Trust", '<em onclick="x()">La</em>')) == [
        "event handler onclick="]


def test_coppubs_own_banner_is_allowed_on_a_page_without_a_paragraph() -> None:
    """A page that is only a title and a table of contents has no <p>: the banner of a
    page not fully translated (one paragraph in a note) made the guard refuse the whole
    Arabic EPUB of Sphinx's documentation (helper, session 12)."""
    from coppub.render import render

    source = ('<html lang="en"><body><section id="how-tos"><h1>How-tos</h1>'
              '<ul class="simple"><li><a class="reference internal" href="a.xhtml">A</a>'
              "</li></ul></section></body></html>")
    banner = render("sphinxext/banner.html", text="27 % translated", href="", link="")
    translated = source.replace("<h1>", banner + "<h1>")
    assert "<p>" in translated and 'role="note"' in translated
    assert compare(read_page(source, LANGS), read_page(translated, LANGS)) == []
    # what it carries is still compared
    assert compare(read_page(source, LANGS), read_page(
        translated.replace("<p>", '<p onclick="x()">'), LANGS)) == ["event handler onclick="]


@pytest.mark.parametrize(("added", "expected"), [
    ("<script>alert(1)</script>", "1 more <script>"),
    ("<img src=x onerror=alert(1)>", "element <img>"),
    ('<p onclick="alert(1)">x</p>', "event handler onclick="),
    ('<a href="javascript:alert(1)">x</a>', "address javascript:alert(1)"),
    ('<a href="//evil.example/">x</a>', "address //evil.example/"),
    ('<a href="evil.html">x</a>', "address evil.html"),
    ("<style>body{display:none}</style>", "element <style>"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "element <meta>"),
    ('<iframe src="https://evil.example/"></iframe>', "element <iframe>"),
    ('<p style="position:fixed">x</p>', "attribute style="),
    # what a browser parses and a lenient tokenizer misses: "<!-->" is a whole (empty)
    # comment, so the script after it runs (Python's html.parser read on to "-->")
    ("<!--><script>steal()</script>-->", "1 more <script>"),
    ("<!---><img src=x onerror=steal()>-->", "element <img>"),
])
def test_anything_new_is_a_violation(added: str, expected: str) -> None:
    found = problems(SOURCE.replace("</body>", added + "</body>"))
    assert any(expected in problem for problem in found), found


def test_what_a_template_holds_is_read_too() -> None:
    """A ``<template>``'s content is no part of the page's tree (inert until a script
    copies it), and it is compared all the same, however deep."""
    source = SOURCE.replace("</body>", "<template><p>Row</p><template><b>x</b></template>"
                                       "</template></body>")
    assert compare(read_page(source, LANGS), read_page(source.replace("Row", "Ligne"), LANGS)) == []
    for added, expected in (("<p>Row</p>", "event handler onerror="),
                            ("<b>x</b>", "event handler onerror=")):
        translated = source.replace(added, added + "<img src=_static/x.png onerror=steal()>")
        assert expected in compare(read_page(source, LANGS), read_page(translated, LANGS))
    assert compare(read_page(source, LANGS), read_page(source.replace(
        "<b>x</b>", "<tr onclick=steal()><td>x</td></tr>"), LANGS)) == [
        "element <td>", "element <tr>", "event handler onclick="]


@pytest.fixture
def project(sample: Path, coppub: Runner) -> Path:
    assert coppub("extract") == 0 and coppub("update") == 0
    return sample


@pytest.mark.slow
def test_a_translation_that_slips_past_the_checks_is_never_published(
    project: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Suppose a gap in the checks (a parser coppub does not know, say): the guard holds."""
    chapter = project / "locales/fr/LC_MESSAGES/chapter.po"
    original = chapter.read_text(encoding="utf-8")
    good = original.replace('msgid "The chapter"\nmsgstr ""',
                            'msgid "The chapter"\nmsgstr "Le chapitre"')
    chapter.write_text(good, encoding="utf-8")
    assert coppub("build", "all", "-l", "fr") == 0
    site = project / "build/site"
    published = (site / "fr/chapter.html").read_text(encoding="utf-8")
    epub = (site / "downloads/sample-book-fr.epub").read_bytes()
    assert "Le chapitre" in published

    from coppub.checks import runner

    monkeypatch.setattr(runner, "publishable", lambda *args: [])
    # The attack of issue 11: a role defined after a line break in one message, used
    # by a later message of the same page.
    evil = good.replace(
        'msgid "First point."\nmsgstr ""',
        'msgid "First point."\nmsgstr "Premier point.\\n\\n.. role:: x(raw)\\n'
        '   :format: html\\n\\n.. default-role:: x"').replace(
        'msgid "A note to remember."\nmsgstr ""',
        'msgid "A note to remember."\nmsgstr "Une note `<script>steal()</script>`."')
    assert evil != good
    chapter.write_text(evil, encoding="utf-8")
    assert coppub("build", "all", "-l", "fr") == 1
    assert "fr:" in coppub.err and "<script>" in coppub.err
    assert "not published" in coppub.err
    # the previous edition stays, HTML and EPUB alike
    assert (site / "fr/chapter.html").read_text(encoding="utf-8") == published
    assert (site / "downloads/sample-book-fr.epub").read_bytes() == epub
    assert "steal()" in (project / "build/fr/html/chapter.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / "downloads/sample-book-fr.epub") as z:
        assert not any(b"steal()" in z.read(n) for n in z.namelist())
    shutil.rmtree(project / "build/fr")


def attack_translations() -> list[str]:
    """The msgstrs of the attack fixture (every vector and line separator)."""
    from coppub.pofiles import read_po
    from tests.conftest import HERE

    return [e.msgstr for e in read_po(HERE / "checks" / "fr-E300-structure.po") if e.msgstr]


@pytest.mark.slow
def test_no_attack_reaches_the_html_the_epub_or_the_search_index(
    project: Path, coppub: Runner
) -> None:
    from coppub.pofiles import dump_po, read_po

    attacks = attack_translations()
    catalogs = sorted((project / "locales/fr/LC_MESSAGES").glob("*.po"))
    slots = [(path, e.msgid) for path in catalogs if path.stem != "_book"
             for e in read_po(path) if not e.msgid_plural]
    assert len(attacks) > 20 and len(slots) >= 10
    for start in range(0, len(attacks), len(slots)):
        batch = dict(zip(slots, attacks[start:start + len(slots)], strict=False))
        for path in catalogs:
            catalog = read_po(path)
            for entry in catalog:
                entry.msgstr = batch.get((path, entry.msgid), "")
            path.write_bytes(dump_po(catalog))
        assert coppub("build", "all", "-l", "fr") == 0, coppub.err
        assert "E300" in coppub.err
        html = "".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in (project / "build/site/fr").rglob("*") if p.is_file()
                       and p.suffix in (".html", ".js"))
        with zipfile.ZipFile(project / "build/site/downloads/sample-book-fr.epub") as z:
            epub = "".join(z.read(n).decode("utf-8", errors="replace")
                           for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx")))
        for published in (html, epub):
            for needle in ("evil.example", "javascript:alert", "<script>steal", "127.0.0.1",
                           "/etc/passwd", "evil.html", "bad@evil", "irc://", "ssh://",
                           "news:comp"):
                assert needle not in published, (needle, start)


FRAGMENTS = ["Lisez", " le guide", "\n\n", "\r", "\u2028", ".. ", "raw:: html", "role:: x(raw)",
             "default-role:: x", "   :format: html", "`", "<script>steal()</script>", "`x <",
             "javascript:alert(1)", "https://example.org/", "https://evil.example/",
             ">`_", "*", "**", ":term:`", "trust", "`_", "[#]_", "|x|", "evil.html"]


@pytest.mark.slow
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join),
                min_size=4, max_size=4))
@example(["Lisezjavascript:alert(1)", "Lisez", "Lisez", "Lisez"])  # found in CI (Sphinx 7.2)
def test_what_the_checks_let_through_never_needs_the_guard(
    project: Path, coppub: Runner, translations: list[str]
) -> None:
    """Property: built from generated translations, the edition is always published
    (the output guard never has to stop what the checks accepted) and holds nothing
    hostile."""
    from coppub.pofiles import dump_po, read_po

    chapter = project / "locales/fr/LC_MESSAGES/chapter.po"
    catalog = read_po(chapter)
    targets = [e for e in catalog if not e.msgid_plural][:4]
    for entry, text in zip(targets, translations, strict=False):
        entry.msgstr = text
    chapter.write_bytes(dump_po(catalog))
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    html = (project / "build/site/fr/chapter.html").read_text(encoding="utf-8")
    active = active_parts(html)
    for needle in ("steal", "evil.example", "javascript:", "evil.html"):
        assert needle not in active, (needle, translations)


def test_a_localized_figure_the_build_wrote_is_allowed(tmp_path: Path) -> None:
    """figure_language_filename: the German page shows _images/Menu.de.png."""
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "Menu.de.png").write_bytes(b"png")
    source = read_page('<img src="_images/Menu.png">', LANGS)
    localized = read_page('<img src="_images/Menu.de.png">', LANGS)
    assert compare(source, localized, root=tmp_path) == []
    elsewhere = read_page('<img src="_images/Missing.png">', LANGS)
    assert compare(source, elsewhere, root=tmp_path) == ["address _images/Missing.png"]


def _pages_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every page the guard reads (parses) from now on."""
    from coppub import guard as guard_module

    read: list[str] = []
    real = guard_module.read_page

    def counted(text: str, *args: object) -> guard_module.Page:
        read.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(guard_module, "read_page", counted)
    return read


def test_what_pages_bring_is_remembered_by_their_bytes_and_compared_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a small change only the changed pages are read again; the comparison runs
    every time, so a page that changed to carry a script is caught, and an address the
    build no longer wrote is refused although the page did not change."""
    from coppub import guard as guard_module

    source, translated = tmp_path / "en", tmp_path / "fr"
    for edition, words in ((source, "Read"), (translated, "Lisez")):
        (edition / "_images").mkdir(parents=True)
        (edition / "_images" / "map.png").write_bytes(b"png")
        for name in ("a", "b", "c"):
            (edition / f"{name}.html").write_text(
                f'<p lang="x">{words} {name}</p><img src="_images/map.png">', encoding="utf-8")
    memo = tmp_path / "memo.json"
    read = _pages_read(monkeypatch)
    assert guard_module.guard(source, translated, LANGS, memo=memo) == []
    assert len(read) == 6 and memo.is_file()
    read.clear()
    (translated / "b.html").write_text('<p>Lisez b</p><img src="_images/map.png">'
                                       '<script src="https://evil.example/x.js"></script>')
    found = guard_module.guard(source, translated, LANGS, memo=memo)
    assert [v.page for v in found] == ["b.html"] and "evil.example" in str(found[0])
    assert len(read) == 1  # only the page that changed
    read.clear()
    (translated / "_images" / "map.png").unlink()  # an address the build did not write
    (translated / "_images" / "map.fr.png").write_bytes(b"png")
    (translated / "c.html").write_text('<p>Lisez c</p><img src="_images/map.fr.png">')
    found = guard_module.guard(source, translated, LANGS, memo=memo)
    assert [v.page for v in found] == ["b.html"]  # c.html: a figure the build wrote
    (translated / "_images" / "map.fr.png").unlink()
    found = guard_module.guard(source, translated, LANGS, memo=memo)
    assert [v.page for v in found] == ["b.html", "c.html"]
    memo.write_text("{not json")  # a damaged memo is only read again
    assert len(guard_module.guard(source, translated, LANGS, memo=memo)) == 2


def test_the_source_pages_are_read_once_for_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every translated edition is compared with the source edition: within one build
    (one process) each source page is read once, not once per language."""
    from coppub import guard as guard_module

    pages = {"en": "Read", "fr": "Lisez", "es": "Lea"}
    for code, word in pages.items():
        (tmp_path / code).mkdir()
        for name in ("a", "b"):
            (tmp_path / code / f"{name}.html").write_text(
                f"<p>{word} {name} {tmp_path.name}</p>", encoding="utf-8")
    read = _pages_read(monkeypatch)
    for code in ("fr", "es"):
        assert guard_module.guard(tmp_path / "en", tmp_path / code, LANGS) == []
    assert sorted(text.split()[0] for text in read) == sorted(
        ["<p>Read"] * 2 + ["<p>Lisez"] * 2 + ["<p>Lea"] * 2)
