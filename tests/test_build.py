from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from coppub.pofiles import dump_po, read_po
from tests.conftest import Runner, epubcheck, face_file


def translate(path: Path, mapping: dict[str, str], fuzzy: bool = False) -> None:
    po = read_po(path)
    for entry in po:
        if entry.msgid in mapping:
            entry.msgstr = mapping[entry.msgid]
            if fuzzy:
                entry.flags.append("fuzzy")
    path.write_bytes(dump_po(po))


@pytest.fixture
def book(sample: Path, coppub: Runner) -> Path:
    assert coppub("extract") == 0 and coppub("update") == 0
    fr = sample / "locales" / "fr" / "LC_MESSAGES"
    translate(fr / "chapter.po", {"The chapter": "Le chapitre", "First point.": "Premier point."})
    translate(fr / "glossary.po", {"Glossary": "Glossaire"})
    translate(fr / "_book.po", {"Sample Book": "Livre exemple"})
    ar = sample / "locales" / "ar" / "LC_MESSAGES"
    translate(ar / "chapter.po", {"The chapter": "الفصل"})
    translate(ar / "_book.po", {"Sample Book": "كتاب نموذجي"})
    return sample


def test_french_html_is_french_and_compiled_outside_locales(book: Path, coppub: Runner) -> None:
    # The project's own interface catalog: Sphinx compiles it beside itself when it starts
    # (found on climweb's docs, which commit their .mo files): never in a coppub build.
    conf = book / "conf.py"
    conf.write_text(conf.read_text() + '\nlocale_dirs = ["../locales"]\n')
    sphinx_po = book / "locales/fr/LC_MESSAGES/sphinx.po"
    sphinx_po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                         'msgid "Search"\nmsgstr "Chercher"\n')
    assert coppub("extract") == 0
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert "warning" not in coppub.err.lower()
    page = (book / "build/fr/html/chapter.html").read_text()
    assert '<html lang="fr"' in page
    assert "Le chapitre" in page and "Premier point." in page
    assert "Livre exemple" in page  # the book's own title, translated
    assert (book / "build/locale/fr/LC_MESSAGES/chapter.mo").is_file()
    assert not list((book / "locales").rglob("*.mo"))
    assert not list((book / "source").rglob("*.mo"))


def test_a_language_with_a_script_modifier_is_tagged_in_bcp47(
    sample: Path, coppub: Runner
) -> None:
    """gettext's ``sr@latin`` is ``sr-Latn`` for browsers, screen readers and EPUB readers."""
    settings = sample / "coppub.toml"
    settings.write_text(settings.read_text() + '"sr@latin" = {}\n')
    assert coppub("extract") == 0 and coppub("update", "-l", "sr@latin") == 0, coppub.err
    translate(sample / "locales/sr@latin/LC_MESSAGES/chapter.po",
              {"The chapter": "Poglavlje", "First point.": "Prva tačka."})
    assert coppub("build", "html", "-l", "sr@latin", "--force") == 0, coppub.err
    page = (sample / "build/sr@latin/html/chapter.html").read_text()
    assert '<html lang="sr-Latn"' in page and "Poglavlje" in page
    assert 'lang="sr_' not in page and 'lang="sr@' not in page


@pytest.mark.slow
def test_fuzzy_is_published_only_when_asked(book: Path, coppub: Runner) -> None:
    po = book / "locales/fr/LC_MESSAGES/chapter.po"
    translate(po, {"A note to remember.": "Une note floue."}, fuzzy=True)
    page = book / "build/fr/html/chapter.html"
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert "Une note floue." not in page.read_text()
    assert coppub("build", "html", "-l", "fr", "--use-fuzzy") == 0, coppub.err
    assert "Une note floue." in page.read_text()
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert "Une note floue." not in page.read_text()


def test_editing_one_catalog_rebuilds_only_its_page(book: Path, coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    out = book / "build/fr/html"
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    translate(book / "locales/fr/LC_MESSAGES/chapter.po", {"Second point with a "
              "`link <https://example.org/>`_.": "Deuxième point avec un "
              "`lien <https://example.org/>`_."})
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.html")}
    assert after["chapter.html"] != before["chapter.html"]
    assert after["glossary.html"] == before["glossary.html"]
    assert "Deuxième point" in (out / "chapter.html").read_text()


def test_quotes_and_apostrophes_as_each_language_writes_them(book: Path, coppub: Runner) -> None:
    translate(book / "locales/ar/LC_MESSAGES/chapter.po",
              {"First point.": 'النقطة "الأولى".'})
    translate(book / "locales/fr/LC_MESSAGES/chapter.po",
              {"Police work depends on :term:`trust`.\\ [#]_":
               "Le travail de la police dépend de l'\\ :term:`confiance <trust>`.\\ [#]_"})
    assert coppub("build", "html", "-l", "ar", "-l", "fr") == 0, coppub.err
    assert "النقطة «الأولى»." in (book / "build/site/ar/chapter.html").read_text()
    french = (book / "build/site/fr/chapter.html").read_text()
    assert "de l’" in french and "l”" not in french


def test_arabic_epub(book: Path, coppub: Runner) -> None:
    assert coppub("build", "epub", "-l", "ar") == 0, coppub.err
    assert "warning" not in coppub.err.lower(), coppub.err
    epubs = list((book / "build/ar/epub").glob("*.epub"))
    assert [p.name for p in epubs] == ["sample-book-ar.epub"]
    with zipfile.ZipFile(epubs[0]) as z:
        opf = z.read("content.opf").decode()
        chapter = z.read("chapter.xhtml").decode()
    assert "<dc:language>ar</dc:language>" in opf
    assert "كتاب نموذجي" in opf
    assert "الفصل" in chapter
    # nobody named as its evaluator: no conformance claim
    assert "conformsTo" not in opf and "certifiedBy" not in opf
    assert 'href="fonts/NotoNaskhArabic-Regular.woff2" media-type="font/woff2"' in opf


@pytest.mark.slow
def test_an_evaluated_epub_claims_conformance(book: Path, coppub: Runner) -> None:
    toml = book / "coppub.toml"
    toml.write_text(toml.read_text().replace(
        "[book]\n", '[book]\naccessibility-evaluator = "Sample & <Evaluators>"\n'))
    assert coppub("build", "epub", "-l", "ar") == 0, coppub.err
    epub = book / "build/ar/epub/sample-book-ar.epub"
    with zipfile.ZipFile(epub) as z:
        opf = z.read("content.opf").decode()
    assert '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA' \
        '</meta>' in opf
    assert '<meta property="a11y:certifiedBy">Sample &amp; &lt;Evaluators&gt;</meta>' in opf
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in epubcheck(epub)


@pytest.mark.slow
def test_languages_build_into_their_own_folders(book: Path, coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert coppub("build", "html") == 0, coppub.err
    assert (book / "build/fr/doctrees").is_dir() and (book / "build/en/doctrees").is_dir()
    assert '<html lang="en"' in (book / "build/en/html/chapter.html").read_text()


def test_unknown_language_is_refused_before_anything_is_made(book: Path, coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "de") == 2
    assert "unknown language 'de'" in coppub.err and "fr, ar, prs" in coppub.err
    assert coppub("update", "-l", "../../etc") == 2
    assert not (book / "build" / "de").exists()
    assert sorted(p.name for p in (book / "locales").iterdir()) == [
        "ar", "fr", "prs", "templates"]


def test_another_theme_gets_lang_dir_switcher_and_alternates(book: Path, coppub: Runner) -> None:
    # tests/sample keeps Sphinx's default theme: the extension serves it too.
    assert coppub("build", "html", "-l", "en") == 0, coppub.err  # on the site: listed
    assert coppub("build", "html", "-l", "ar") == 0, coppub.err
    page = (book / "build/site/ar/chapter.html").read_text()
    assert '<html lang="ar" dir="rtl"' in page
    assert '<nav class="coppub-langs"' in page
    assert 'hreflang="en" href="../en/chapter.html"' in page
    assert 'href="../en/chapter.html" lang="en" hreflang="en" dir="ltr"' in page
    assert 'hreflang="fr"' not in page  # below its threshold: not published
    assert "coppub-banner" in page  # partly translated


def test_edit_and_translate_links_in_the_footer(book: Path, coppub: Runner) -> None:
    (book / "conf.py").write_text(
        (book / "conf.py").read_text() + 'html_theme = "coppub"\n'
        'coppub_edit_url = "https://example.org/edit/{path}"\n'
        'coppub_translate_url = "https://example.org/translate/{domain}/{language}/"\n')
    assert coppub("build", "html", "-l", "ar") == 0, coppub.err
    assert coppub("build", "html") == 0, coppub.err
    arabic = (book / "build/site/ar/chapter.html").read_text()
    assert 'href="https://example.org/translate/chapter/ar/">ترجمة هذه الصفحة</a>' in arabic
    english = (book / "build/site/en/chapter.html").read_text()
    assert 'href="https://example.org/edit/chapter.rst">Edit this page</a>' in english


@pytest.mark.slow
def test_a_catalog_edit_reaches_every_format(book: Path, coppub: Runner) -> None:
    """The EPUB is never left stale when the HTML, built first, re-read the page."""
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    translate(book / "locales/fr/LC_MESSAGES/chapter.po", {"First point.": "Point numéro un."})
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    assert "fr: html built, epub built" in coppub.err
    assert "Point numéro un." in (book / "build/site/fr/chapter.html").read_text()
    with zipfile.ZipFile(book / "build/site/downloads/sample-book-fr.epub") as z:
        page = z.read("chapter.xhtml").decode()
    assert "Point numéro un." in page and "Premier point." not in page


@pytest.mark.slow
def test_fresh_clears_the_output_folder(book: Path, coppub: Runner) -> None:
    assert coppub("build", "html", "-l", "fr") == 0
    stale = book / "build/fr/html/stale-page.html"
    stale.write_text("left over", encoding="utf-8")
    assert coppub("build", "html", "-l", "fr", "--fresh") == 0
    assert not stale.exists()


@pytest.mark.slow
def test_an_unreadable_catalog_fails_the_language_and_keeps_its_edition(
    book: Path, coppub: Runner
) -> None:
    assert coppub("build", "html", "-l", "fr") == 0
    published = (book / "build/site/fr/chapter.html").read_bytes()
    po = book / "locales/fr/LC_MESSAGES/glossary.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Glossaire"', 'msgstr "Glossaire'), encoding="utf-8")
    line = po.read_text(encoding="utf-8").split("\n").index('msgstr "Glossaire') + 1
    for args in (["build", "all", "--all-languages"], ["build", "html", "-l", "fr"]):
        assert coppub(*args) == 1, args
        assert f"glossary.po:{line}" in coppub.err, coppub.err
        assert "fr: held back" not in coppub.err
        assert "failed: fr" in coppub.out
        assert (book / "build/site/fr/chapter.html").read_bytes() == published


def test_bad_usage_and_system_errors_are_messages_not_tracebacks(
    sample: Path, coppub: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        assert coppub("build", "-j", "-1") == 0, coppub.err
    assert info.value.code == 2
    assert "not a number of jobs" in capsys.readouterr().err
    assert coppub("extract") == 0 and coppub("update") == 0
    (sample / "build").mkdir(exist_ok=True)
    (sample / "build" / "badges").write_text("a file where a folder is needed")
    status = coppub("badges", "-o", "build/badges/x")
    assert status == 1 and "Traceback" not in coppub.err
    assert "build/badges" in coppub.err


def test_an_image_whose_name_is_percent_encoded_in_the_manifest(book: Path,
                                                                 coppub: Runner) -> None:
    import shutil

    figures = book / "source/figures"
    shutil.copy(figures / "dot.svg", figures / "dot@2x.svg")
    index = book / "source/index.rst"
    index.write_text(index.read_text() + "\n.. image:: figures/dot@2x.svg\n   :alt: A dot.\n")
    assert coppub("build", "epub", "-l", "fr") == 0, coppub.err
    with zipfile.ZipFile(book / "build/site/downloads/sample-book-fr.epub") as z:
        names = z.namelist()
        opf = z.read("content.opf").decode()
    assert any(n.endswith("dot@2x.svg") for n in names)
    assert "dot%402x.svg" in opf  # the manifest keeps the URL form
    assert not list((book / "build").rglob("*.epub.tmp"))


def test_catalogs_sphinx_cannot_find_are_an_error_not_an_english_edition(
    book: Path, coppub: Runner
) -> None:
    """A compact catalog (one file for every page) is not what coppub compiles."""
    fr = book / "locales/fr/LC_MESSAGES"
    everything = read_po(fr / "chapter.po")
    everything.metadata["Language"] = "fr"
    for name in ("glossary", "index"):
        for entry in read_po(fr / f"{name}.po"):
            everything.append(entry)
    for entry in everything:
        if not entry.msgstr and not entry.msgid_plural:
            entry.msgstr = f"[fr] {entry.msgid}"
    for name in ("chapter", "glossary", "index"):
        (fr / f"{name}.po").unlink()
    (fr / "sample.po").write_bytes(dump_po(everything))
    (fr / "sphinx.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; '
                                  'charset=UTF-8\\n"\n\nmsgid "Search"\nmsgstr "Chercher"\n')
    assert coppub("build", "html", "-l", "fr") == 1
    assert "pages use only 0" in coppub.err and "sample.po" in coppub.err
    assert "sphinx.po" not in coppub.err  # the interface catalog is no document's
    assert "coppub relayout --dry-run, then coppub relayout" in coppub.err
    assert not (book / "build/site/fr").exists()


def test_translated_alt_text_is_not_marked_as_source_language(book: Path,
                                                              coppub: Runner) -> None:
    chapter = book / "source/chapter.rst"  # and an image alone in its paragraph
    chapter.write_text(chapter.read_text() + "\n|dot|\n\n.. |dot| image:: figures/dot.svg\n"
                       "   :alt: A dot alone.\n")
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    translate(book / "locales/fr/LC_MESSAGES/chapter.po",
              {"A blue dot in a square.": "Un point bleu dans un carré.",
               "A dot alone.": "Un point seul."})
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    page = (book / "build/site/fr/chapter.html").read_text()
    img = re.search(r"<img [^>]*alt=\"Un point bleu dans un carré.\"[^>]*>", page)
    assert img is not None, page
    assert 'lang="en"' not in img.group(0) and "untranslated" not in img.group(0)
    alone = re.search(r"<p[^>]*>\s*<img [^>]*alt=\"Un point seul.\"", page)
    assert alone is not None and 'lang="en"' not in alone.group(0), page


def test_up_to_date_when_the_sources_are_the_project_folder(book: Path, coppub: Runner) -> None:
    """source-dir = "." puts build/ inside the sources: its files are not inputs."""
    import shutil

    for item in (book / "source").iterdir():
        shutil.move(str(item), str(book / item.name))
    (book / "source").rmdir()
    toml = book / "coppub.toml"
    toml.write_text(toml.read_text().replace("[project]\n", '[project]\nsource-dir = "."\n'))
    conf = book / "conf.py"
    conf.write_text(conf.read_text() + '\nexclude_patterns = ["build", "locales"]\n')
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert "fr: html up to date" in coppub.err, coppub.err


def test_a_page_with_a_rejected_translation_says_it_is_not_fully_translated(
    book: Path, coppub: Runner
) -> None:
    chapter = book / "locales/fr/LC_MESSAGES/chapter.po"
    catalog = read_po(chapter)
    for entry in catalog:
        entry.msgstr = f"[fr] {entry.msgid}"
        if "link" in entry.msgid:  # a changed link target: left out, shown in English
            entry.msgstr = "Deuxième point avec un `lien <https://evil.example/>`_."
    chapter.write_bytes(dump_po(catalog))
    assert coppub("stats", "-l", "fr", "--by", "chapter") == 0
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    page = (book / "build/site/fr/chapter.html").read_text()
    assert 'class="coppub-banner"' in page and "evil.example" not in page
    # Listed with its catalog line, and counted in the summary line of the language.
    line = next(i for i, text in enumerate(chapter.read_text().splitlines(), 1)
                if "evil.example" in text) - 1
    assert f"chapter.po:{line}: WARNING: E300" in coppub.err.replace("\\", "/")
    # a translation may break several checks: it is one translation left out
    left_out = len(set(re.findall(r"chapter\.po:(\d+): WARNING: E\d{3}", coppub.err)))
    assert left_out == 1
    assert f"fr: html built; {left_out} translation(s) left out, shown in the source " \
        "language" in coppub.err


@pytest.mark.parametrize("compact", ['"everything"', "True"])
def test_the_projects_own_catalog_layout_is_built_translated(
    sample: Path, coppub: Runner, compact: str
) -> None:
    """gettext_compact as conf.py has it: one catalog for all, or one per top folder."""
    import shutil

    (sample / "source/part").mkdir()
    shutil.move(str(sample / "source/chapter.rst"), str(sample / "source/part/chapter.rst"))
    index = sample / "source/index.rst"
    index.write_text(index.read_text().replace("   chapter\n", "   part/chapter\n")
                     .replace(":doc:`chapter`", ":doc:`part/chapter`"))
    (sample / "conf.py").write_text((sample / "conf.py").read_text()
                                    + f"\ngettext_compact = {compact}\n")
    assert coppub("extract") == 0, coppub.err
    names = sorted(p.stem for p in (sample / "locales/templates").rglob("*.pot"))
    expected = ["_book", "everything"] if compact != "True" else [
        "_book", "glossary", "index", "part"]
    assert names == expected
    # Locations lead from the template's folder to the document in its sub-folder.
    domain = "everything" if compact != "True" else "part"
    template = sample / "locales/templates" / f"{domain}.pot"
    assert "#: ../../source/part/chapter.rst:4\n" in template.read_text()
    assert coppub("update", "-l", "fr") == 0
    translate(sample / f"locales/fr/LC_MESSAGES/{domain}.po",
              {"The chapter": "Le chapitre", "First point.": "Premier point."})
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    page = (sample / "build/site/fr/part/chapter.html").read_text()
    assert "Le chapitre" in page and "Premier point." in page


@pytest.mark.slow
def test_a_program_publishes_without_the_command_line(book: Path) -> None:
    """The library call the CLI uses: no argparse, no printing, a report."""
    from coppub.config import load_settings
    from coppub.publish import Request, publish_site

    seen: list[str] = []
    report = publish_site(load_settings(start=book),
                          Request(languages=("fr",), formats=("html", "epub")),
                          progress=lambda outcome, done, total: seen.append(outcome.code))
    assert report.published == ["fr"]  # English was built as the guard's reference only
    assert "fr" in seen and not report.failed and not report.held_back
    assert (report.site / "fr/chapter.html").is_file()
    assert (report.site / "downloads/sample-book-fr.epub").is_file()


def test_a_project_without_the_extension_is_told_so(book: Path, coppub: Runner) -> None:
    conf = book / "conf.py"
    conf.write_text(conf.read_text().replace('extensions = ["coppub.sphinxext"]',
                                             "extensions = []"))
    assert coppub("build", "html", "-l", "fr") == 1
    assert 'add "coppub.sphinxext" to extensions' in coppub.err
    assert not (book / "build/site/fr").exists()


def _switcher_targets(page: Path) -> set[str]:
    """The editions a page links to in its switcher, or as alternates in its head."""
    text = page.read_text()
    switcher = set(re.findall(r'<a href="\.\./([\w@-]+)/[^"]*"[^>]* hreflang=', text))
    alternates = set(re.findall(r'<link rel="alternate" hreflang="[^"]+" href="\.\./'
                                r'([\w@-]+)/', text))
    assert not switcher or switcher == alternates, page
    return alternates


def test_a_one_language_build_links_only_to_editions_on_the_site(
    book: Path, coppub: Runner
) -> None:
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    assert _switcher_targets(book / "build/site/fr/chapter.html") == {"fr"}
    assert coppub("build", "html", "-l", "en") == 0, coppub.err
    assert coppub("build", "html", "-l", "ar", "--force") == 0, coppub.err
    assert _switcher_targets(book / "build/site/ar/chapter.html") == {"en", "fr", "ar"}


def _failing_extension(project: Path, event: str, args: str, when: str, error: str) -> None:
    """Give conf.py an extension that raises ``error`` on ``event`` when ``when`` holds."""
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + (
        f"\n\ndef _fail(app, {args}):\n"
        f"    if {when}:\n"
        f"        raise {error}\n\n\n"
        "def setup(app):\n"
        f"    app.connect('{event}', _fail)\n"))


@pytest.mark.slow
def test_a_language_that_fails_is_not_in_the_other_switchers(
    book: Path, coppub: Runner
) -> None:
    _failing_extension(book, "builder-inited", "*args", "app.config.language == 'ar'",
                       "RuntimeError('an extension fails on Arabic')")
    assert coppub("build", "html", "--all-languages", "--force") == 1
    assert "ar: failed" in coppub.err and "an extension fails on Arabic" in coppub.err
    assert not (book / "build/site/ar").exists()
    for code in ("en", "fr", "prs"):
        assert _switcher_targets(book / f"build/site/{code}/chapter.html") == {
            "en", "fr", "prs"}, code
    landing = (book / "build/site/index.html").read_text()
    assert 'href="ar/' not in landing and 'href="fr/' in landing


def test_an_extension_error_names_the_document(book: Path, coppub: Runner) -> None:
    _failing_extension(book, "source-read", "docname, source",
                       "app.config.language == 'fr' and docname == 'chapter'",
                       "TypeError('not all arguments converted during string formatting')")
    assert coppub("build", "html", "-l", "fr") == 1
    assert "fr: failed" in coppub.err and "on chapter (" in coppub.err
    assert "chapter.rst)" in coppub.err and "not all arguments converted" in coppub.err


@pytest.mark.slow
def test_a_remote_image_that_cannot_be_fetched_becomes_a_link_in_the_epub(
    sample: Path, coppub: Runner
) -> None:
    """No network at build time (an address that refuses): EPUBCheck would refuse a remote
    resource (RSC-006); the reader gets a link with the alt text, the publisher a
    warning."""
    chapter = sample / "source/chapter.rst"
    chapter.write_text(chapter.read_text() + "\n.. image:: http://127.0.0.1:9/map.png\n"
                       "   :alt: A map of the district.\n")
    assert coppub("extract") == 0
    assert coppub("build", "epub") == 0, coppub.err
    assert "remote image http://127.0.0.1:9/map.png could not be put into the EPUB" \
        in coppub.err
    epub = sample / "build/site/downloads/sample-book-en.epub"
    with zipfile.ZipFile(epub) as z:
        page = z.read("chapter.xhtml").decode()
    assert '<a class="reference external" href="http://127.0.0.1:9/map.png">A map of the ' \
        "district.</a>" in page and "<img" not in page.split("A map of")[0][-200:]
    report = epubcheck(epub)
    assert "0 fatals / 0 errors" in report, report


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_formats_side_by_side_give_the_bytes_of_one_after_the_other(
    book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The EPUB starts once the HTML has read the sources, from a copy of its doctrees;
    what it publishes is what it publishes when it waits for the HTML (``-j 1``)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    alone = book.parent / "alone"
    shutil.copytree(book, alone)
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    assert (book / "build/fr/doctrees-others/environment.pickle").is_file()
    monkeypatch.chdir(alone)
    assert coppub("build", "all", "-l", "fr", "-j", "1") == 0, coppub.err
    assert not (alone / "build/fr/doctrees-others").exists()
    site, other = _tree(book / "build/site"), _tree(alone / "build/site")
    assert "downloads/sample-book-fr.epub" in site and "fr/chapter.html" in site
    assert site == other


@pytest.mark.slow
@pytest.mark.parametrize(("builder", "event"), [
    ("html", "html-page-context"),  # while it writes: the EPUB has started
    ("epub", "builder-inited"),
])
def test_a_format_that_fails_beside_another_fails_the_language(
    book: Path, coppub: Runner, builder: str, event: str
) -> None:
    _failing_extension(book, event, "*args",
                       f"app.builder.name == '{builder}' and app.config.language == 'fr'",
                       f"RuntimeError('{builder} breaks')")
    assert coppub("build", "all", "-l", "fr") == 1
    assert "fr: failed" in coppub.err and f"{builder}: Sphinx {builder} build failed" \
        in coppub.err and f"{builder} breaks" in coppub.err, coppub.err
    assert not (book / "build/site/fr").exists()
    assert not (book / "build/site/downloads/sample-book-fr.epub").exists()


@pytest.mark.slow
def test_a_page_sphinx_reads_every_time_does_not_race_the_other_format(
    book: Path, coppub: Runner
) -> None:
    """A toctree naming a missing page makes Sphinx read its page in every build: the
    EPUB, running beside the HTML, reads it into its own copy of the doctrees."""
    index = book / "source/index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   missing-page\n")
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    assert "missing-page" in coppub.err  # Sphinx's warning
    translate(book / "locales/fr/LC_MESSAGES/chapter.po", {"First point.": "Point numéro un."})
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    assert "missing-page" in coppub.err  # read again, by every format
    assert "Point numéro un." in (book / "build/site/fr/chapter.html").read_text()
    with zipfile.ZipFile(book / "build/site/downloads/sample-book-fr.epub") as z:
        assert "Point numéro un." in z.read("chapter.xhtml").decode()


def test_sphinx_runs_are_counted_across_the_workers() -> None:
    """A language's later formats start beside its first only when a core is idle: the
    runs under way are counted in memory every forked worker shares."""
    import os

    from coppub.sphinxrun import _count, counted, idle_core

    cores = os.cpu_count() or 1
    with counted():
        assert idle_core()
        child = os.fork()
        if child == 0:  # a worker starting as many runs as there are cores
            _count(cores)
            os._exit(0)
        os.waitpid(child, 0)
        assert not idle_core()
        _count(-1)
        assert idle_core()
    assert idle_core()


@pytest.mark.slow
def test_the_sites_pages_are_rendered_once_with_their_fonts(
    book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The landing, downloads and dashboard pages are rendered once: the font rules go
    where the template writes them, as a second rendering with the rules would."""
    from coppub import dashboard, site
    from coppub.build import plan
    from coppub.config import load_settings

    assert coppub("build", "html", "--all-languages", "--force") == 0, coppub.err
    settings = load_settings(start=book)
    found: list[list[str]] = []
    real = site.site_fonts

    def kept(*args: Any, **kwargs: Any) -> list[str]:
        found.append(real(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(site, "site_fonts", kept)
    codes = [settings.source_language, *settings.codes]
    stats = plan(settings, codes).stats
    published = site.published_languages(settings, [c for c in codes if (
        book / "build/site" / c).is_dir()], stats)
    site.write_pages(settings, published, list(stats.values()))
    [fonts] = found
    assert any("Noto Naskh Arabic" in rule for rule in fonts)  # the Arabic names
    pages = book / "build/site"
    assert (pages / "index.html").read_text() == site.landing_page(settings, published, fonts)
    assert (pages / "downloads.html").read_text() == site.downloads_page(
        settings, published, list(stats.values()), None, fonts)
    assert (pages / "dashboard.html").read_text() == dashboard.render(
        settings, list(stats.values()), fonts=fonts)


@pytest.mark.slow
def test_the_sites_pages_draw_urdu_with_the_urdu_editions_fonts(book: Path,
                                                                coppub: Runner) -> None:
    """The Urdu edition's font subsets also hold what the site's pages show in Urdu (the
    dashboard's and the downloads' words, the templates' punctuation): the pages use
    those files, so no second Nastaliq subset is made (each takes seconds) and a reader
    going on to the Urdu edition downloads Nastaliq once."""
    from fontTools.ttLib import TTFont

    toml = book / "coppub.toml"
    toml.write_text(toml.read_text() + "ur = {}\n", encoding="utf-8")
    (book / "conf.py").write_text((book / "conf.py").read_text() + 'html_theme = "coppub"\n')
    assert coppub("update") == 0, coppub.err
    translate(book / "locales/ur/LC_MESSAGES/chapter.po", {"The chapter": "باب"})
    assert coppub("build", "html", "-l", "en", "-l", "ur", "--force") == 0, coppub.err
    site = book / "build/site"
    dashboard = (site / "dashboard.html").read_text(encoding="utf-8")
    assert "؛" in dashboard  # the Urdu words of the dashboard: not in the edition's pages
    assert not list((site / "fonts").glob("NotoNastaliq*"))
    for page in ("index.html", "downloads.html", "dashboard.html"):
        for weight in ("Regular", "Bold"):
            assert face_file(site, page, f"NotoNastaliqUrdu-{weight}") \
                == site / "ur/_static/fonts" / f"NotoNastaliqUrdu-{weight}.woff2", page
    with TTFont(site / "ur/_static/fonts/NotoNastaliqUrdu-Regular.woff2") as font:
        assert {ord("؛"), ord("—")} <= set(font.getBestCmap())



def test_the_pages_are_written_when_loading_them_ahead_fails(
        book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the workers build, the command loads what the site's pages need: a failure
    there is only a loss of time, the pages are written all the same."""
    from coppub import publish

    calls: list[object] = []

    def broken(*args: object) -> None:
        calls.append(args)
        raise OSError("a font file cannot be read")

    monkeypatch.setattr(publish, "warm_up", broken)
    assert coppub("build", "html", "-l", "fr", "--force") == 0, coppub.err
    assert calls
    assert "Livre exemple" in (book / "build/site/index.html").read_text(encoding="utf-8")


def _pages(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.xhtml")}


def _epub(project: Path) -> bytes:
    return (project / "build/site/downloads/sample-book-fr.epub").read_bytes()


def _fresh_copy_epub(book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The French EPUB of a copy of ``book`` built from nothing."""
    alone = book.parent / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    shutil.copytree(book, alone, ignore=shutil.ignore_patterns("build"))
    monkeypatch.chdir(alone)
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    monkeypatch.chdir(book)
    return _epub(alone)


@pytest.mark.slow
def test_a_catalog_edit_rewrites_only_its_epub_page_and_gives_the_fresh_epub(
    book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The EPUB writes again only the page whose catalog changed (the HTML, built first,
    read it again), and the book it zips is the one a build from nothing makes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    before = _pages(book / "build/fr/epub")
    translate(book / "locales/fr/LC_MESSAGES/chapter.po", {"First point.": "Point numéro un."})
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    after = _pages(book / "build/fr/epub")
    rewritten = {name for name in after if after[name] != before.get(name)}
    assert "chapter.xhtml" in rewritten and "glossary.xhtml" not in rewritten, rewritten
    with zipfile.ZipFile(book / "build/site/downloads/sample-book-fr.epub") as z:
        assert "Point numéro un." in z.read("chapter.xhtml").decode()
    assert _epub(book) == _fresh_copy_epub(book, coppub, monkeypatch)


@pytest.mark.slow
def test_a_translated_title_reaches_every_page_that_shows_it(
    book: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The front page links the chapter by its title (a :doc: reference, its table of
    contents): when only the chapter's catalog changes, the front page is written again
    too, in every format."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    assert "Le chapitre" in (book / "build/site/fr/index.html").read_text(encoding="utf-8")
    translate(book / "locales/fr/LC_MESSAGES/chapter.po", {"The chapter": "Premier chapitre"})
    assert coppub("build", "all", "-l", "fr") == 0, coppub.err
    front = (book / "build/site/fr/index.html").read_text(encoding="utf-8")
    assert "Premier chapitre" in front and "Le chapitre" not in front
    glossary = (book / "build/site/fr/glossary.html").read_text(encoding="utf-8")
    assert "Premier chapitre" in glossary  # its sidebar and previous link
    with zipfile.ZipFile(book / "build/site/downloads/sample-book-fr.epub") as z:
        page = z.read("index.xhtml").decode()
    assert "Premier chapitre" in page and "Le chapitre" not in page
    assert _epub(book) == _fresh_copy_epub(book, coppub, monkeypatch)
