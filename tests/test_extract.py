from __future__ import annotations

from pathlib import Path

import pytest

from coppub.pofiles import read_po
from tests.conftest import Runner


def msgids(path: Path) -> set[str]:
    return {e.msgid for e in read_po(path)}


def test_one_template_per_chapter_plus_book_metadata(sample: Path, coppub: Runner) -> None:
    assert coppub("extract") == 0
    pots = sample / "locales" / "templates"
    assert sorted(p.name for p in pots.iterdir()) == [
        "_book.pot", "chapter.pot", "glossary.pot", "index.pot"]
    chapter = msgids(pots / "chapter.pot")
    assert {"The chapter", "The figure caption.", "A blue dot in a square.",
            "A note to remember.", "A footnote text.", "Notes"} <= chapter
    assert "Police work depends on :term:`trust`.\\ [#]_" in chapter
    assert "Second point with a `link <https://example.org/>`_." in chapter
    assert {"trust", "Belief that someone is reliable."} <= msgids(pots / "glossary.pot")
    assert "Parts" in msgids(pots / "index.pot")
    book = {(e.msgctxt, e.msgid) for e in read_po(pots / "_book.pot")}
    assert book == {("title", "Sample Book"), ("subtitle", "A subtitle to translate"),
                    ("description", "A small book for coppub's tests."),
                    ("rights", "CC BY 4.0")}


def test_templates_have_stable_headers_and_locations(sample: Path, coppub: Runner) -> None:
    coppub("extract")
    text = (sample / "locales/templates/chapter.pot").read_text()
    assert "#: ../../source/chapter.rst:" in text
    assert "uuid" not in text.lower() and "Copyright" not in text and str(sample) not in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text


def test_a_source_date_epoch_that_is_no_number_is_an_error_not_the_clock(
    sample: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2026-11-30")
    assert coppub("extract") == 2
    assert "SOURCE_DATE_EPOCH is '2026-11-30', not a number of seconds" in coppub.err
    assert "git log -1 --format=%ct" in coppub.err
    assert not (sample / "locales/templates/chapter.pot").exists()


def test_unchanged_sources_leave_templates_byte_identical(
    sample: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    coppub("extract")
    pots = sample / "locales" / "templates"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in pots.iterdir()}
    assert "2001-09-09 01:46+0000" in (pots / "chapter.pot").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert coppub("extract") == 0
    assert "0 written, 4 unchanged" in coppub.out
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in pots.iterdir()} == before

    chapter = sample / "source" / "chapter.rst"
    chapter.write_text(chapter.read_text().replace("First point.", "First point, edited."))
    coppub("extract")
    assert "1 written, 3 unchanged" in coppub.out
    assert "2023-11-14" in (pots / "chapter.pot").read_text()
    assert (pots / "index.pot").read_bytes() == before["index.pot"][0]


def test_removed_document_removes_its_template(sample: Path, coppub: Runner) -> None:
    coppub("extract")
    index = sample / "source" / "index.rst"
    index.write_text(index.read_text().replace("   glossary\n", ""))
    (sample / "source" / "glossary.rst").unlink()
    index.write_text(index.read_text().replace("the :ref:`glossary <glossary>`", "the end"))
    coppub("extract")
    assert not (sample / "locales/templates/glossary.pot").exists()
    assert "1 removed" in coppub.out


def test_a_template_coppub_did_not_write_is_never_removed(sample: Path, coppub: Runner) -> None:
    pots = sample / "locales" / "templates"
    pots.mkdir(parents=True)
    theirs = pots / "user-docs.pot"  # e.g. the project's own compact template
    theirs.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      'msgid "Theirs"\nmsgstr ""\n')
    assert coppub("extract") == 0
    assert theirs.read_text().count("Theirs") == 1
    assert "user-docs.pot gets no message from any document, but coppub did not write it" \
        in coppub.err


def test_excluded_documents_get_no_template_and_no_catalog(
    sample: Path, coppub: Runner
) -> None:
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text().replace(
        '[project]\n', '[project]\nexclude = ["glossary"]\n'))
    assert coppub("extract") == 0, coppub.err
    pots = sample / "locales" / "templates"
    assert sorted(p.name for p in pots.iterdir()) == ["_book.pot", "chapter.pot", "index.pot"]
    assert coppub("update", "-l", "fr") == 0, coppub.err
    assert not (sample / "locales/fr/LC_MESSAGES/glossary.po").exists()
    assert coppub("stats", "-l", "fr", "--by", "chapter") == 0
    assert "glossary" not in coppub.out
    toml.write_text(toml.read_text().replace('exclude = ["glossary"]', 'exclude = "glossary"'))
    assert coppub("extract") == 2 and "exclude must be a list" in coppub.err


def test_documents_in_subfolders_one_template_each_are_located_and_excluded(
    sample: Path, coppub: Runner
) -> None:
    """With gettext_compact = False a document in a subfolder gets its template in the
    same subfolder, and Sphinx writes its locations relative to its output's root (not
    to that subfolder): they come out relative to the templates' folder, as the other
    templates' locations, and exclude
    finds them (Sphinx's documentation, tried by a helper: locations pointed into a
    removed temporary folder and ``exclude = ["usage/extensions/*"]`` was ignored)."""
    (sample / "conf.py").write_text((sample / "conf.py").read_text()
                                    + "gettext_compact = False\n")
    (sample / "source" / "usage").mkdir()
    (sample / "source" / "usage" / "howto.rst").write_text(
        "How to\n======\n\nA step to follow.\n\n.. toctree::\n\n   deeper/more\n")
    (sample / "source" / "usage" / "deeper").mkdir()
    (sample / "source" / "usage" / "deeper" / "more.rst").write_text(
        "More\n====\n\nA deeper step.\n")
    index = sample / "source" / "index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   usage/howto\n")
    assert coppub("extract") == 0, coppub.err
    pots = sample / "locales" / "templates"
    howto = (pots / "usage" / "howto.pot").read_text()
    assert "#: ../../source/usage/howto.rst:" in howto, howto  # as every template's
    assert "#: ../../source/usage/deeper/more.rst:" in (
        pots / "usage" / "deeper" / "more.pot").read_text()
    assert "coppub-gettext-" not in howto and "/tmp" not in howto
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text().replace(
        '[project]\n', '[project]\nexclude = ["usage/deeper/*"]\n'))
    assert coppub("extract") == 0, coppub.err
    assert (pots / "usage" / "howto.pot").is_file()
    assert not (pots / "usage" / "deeper" / "more.pot").exists()


def test_conf_py_additional_targets_are_extracted_as_the_build_uses_them(
    sample: Path, coppub: Runner
) -> None:
    conf = sample / "conf.py"
    conf.write_text(conf.read_text() + '\ngettext_additional_targets = ["index"]\n')
    chapter = sample / "source" / "chapter.rst"
    chapter.write_text(".. index:: community policing\n\n" + chapter.read_text())
    assert coppub("extract") == 0, coppub.err
    assert "community policing" in msgids(sample / "locales/templates/chapter.pot")


def test_quiet_prints_no_summary_only_problems(sample: Path, coppub: Runner) -> None:
    assert coppub("-q", "extract") == 0
    assert coppub.out == "" and coppub.err == ""
    assert coppub("-q", "update") == 0
    assert coppub.out == "" and coppub.err == ""
    assert coppub("update") == 0 and coppub.out.startswith("catalogs: ")  # not quiet: said
