from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coppub.errors import CatalogError
from coppub.pofiles import dump_po, read_po
from tests.conftest import Runner

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="GNU gettext (msgfmt) is not installed; .ci/run installs it",
)


def catalog(sample: Path, lang: str, domain: str) -> Path:
    return sample / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


def snapshot(sample: Path) -> dict[str, bytes]:
    return {str(p.relative_to(sample)): p.read_bytes()
            for p in sorted((sample / "locales").rglob("*.po"))}


def translate(path: Path, mapping: dict[str, str], comment: str = "", flag: str = "") -> None:
    po = read_po(path)
    for entry in po:
        if entry.msgid in mapping:
            entry.msgstr = mapping[entry.msgid]
            if comment:
                entry.tcomment = comment
            if flag:
                entry.flags.append(flag)
    path.write_bytes(dump_po(po))


@pytest.fixture
def merged(sample: Path, coppub: Runner) -> Path:
    assert coppub("extract") == 0
    assert coppub("update") == 0
    return sample


def test_creates_catalogs_with_registry_headers(merged: Path, coppub: Runner) -> None:
    for lang in ("fr", "ar", "prs"):
        for domain in ("_book", "chapter", "glossary", "index"):
            assert catalog(merged, lang, domain).is_file()
    ar = read_po(catalog(merged, "ar", "chapter"))
    assert ar.metadata["Language"] == "ar"
    assert ar.metadata["Plural-Forms"].startswith("nplurals=6;")
    prs = read_po(catalog(merged, "prs", "chapter"))
    assert prs.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert not (merged / "locales" / "templates" / "LC_MESSAGES").exists()


def test_second_run_changes_no_byte(merged: Path, coppub: Runner) -> None:
    before = snapshot(merged)
    assert coppub("update") == 0
    assert "0 created, 0 updated, 12 unchanged" in coppub.out
    assert snapshot(merged) == before
    assert coppub("update", "--check") == 0


def test_rewraps_whatever_tool_saved_it(merged: Path, coppub: Runner) -> None:
    path = catalog(merged, "fr", "chapter")
    translate(path, {"The figure caption.": "La légende " * 12})
    po = read_po(path)
    path.write_bytes(dump_po(po, wrapwidth=40))
    assert coppub("update", "-l", "fr") == 0, coppub.err
    once = path.read_bytes()
    assert max(len(line) for line in once.decode().splitlines() if "Plural" not in line) <= 79
    assert coppub("update", "-l", "fr") == 0, coppub.err
    assert path.read_bytes() == once


def test_changed_removed_and_kept_translations(merged: Path, coppub: Runner) -> None:
    fr = catalog(merged, "fr", "chapter")
    translate(fr, {"First point.": "Premier point."}, comment="checked by Amina",
              flag="no-wrap")
    translate(fr, {"A note to remember.": "Une note à retenir.",
                   "The chapter": "Le chapitre"})
    src = merged / "source" / "chapter.rst"
    text = src.read_text().replace("A note to remember.", "A note to remember well.")
    src.write_text(text.replace("* First point.\n", ""))
    assert coppub("extract") == 0
    assert coppub("update", "--check") == 1
    assert "out of date" in coppub.out and "fr/LC_MESSAGES/chapter.po" in coppub.out
    assert coppub("update") == 0
    po = read_po(fr)
    note = po.find("A note to remember well.")
    assert note.fuzzy and note.msgstr == "Une note à retenir."
    assert note.previous_msgid == "A note to remember."
    gone = [e for e in po if e.obsolete]
    assert [(e.msgid, e.msgstr, e.tcomment) for e in gone] == [
        ("First point.", "Premier point.", "checked by Amina")]
    assert "no-wrap" in gone[0].flags
    assert po.find("The chapter").msgstr == "Le chapitre"
    assert "#| msgid \"A note to remember.\"" in fr.read_text()
    assert "#~ msgid \"First point.\"" in fr.read_text()
    before = snapshot(merged)
    assert coppub("update") == 0 and snapshot(merged) == before
    assert coppub("update", "--purge-obsolete", "-l", "fr") == 0
    assert "First point." not in fr.read_text()
    assert read_po(fr).find("A note to remember well.").msgstr == "Une note à retenir."


@needs_msgfmt
def test_output_passes_msgfmt_check(merged: Path, coppub: Runner) -> None:
    fr = catalog(merged, "fr", "chapter")
    translate(fr, {"A note to remember.": "Une note à retenir."})
    src = merged / "source" / "chapter.rst"
    src.write_text(src.read_text().replace("A note to remember.", "A note to remember\n"
                                           "   across two lines of text, now much longer."))
    assert coppub("extract") == 0, coppub.err
    assert coppub("update") == 0, coppub.err
    for path in (merged / "locales").rglob("*.po"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


def test_bad_catalogs_are_reported_and_others_processed(merged: Path, coppub: Runner) -> None:
    broken = catalog(merged, "fr", "chapter")
    broken.write_text(broken.read_text().replace('msgid "Notes"', 'msgid "Notes'))
    latin1 = catalog(merged, "fr", "index")
    latin1.write_bytes(latin1.read_bytes().replace(b'msgid "Parts"\nmsgstr ""',
                                                   b'msgid "Parts"\nmsgstr "Parti\xe9s"'))
    dup = catalog(merged, "fr", "glossary")
    dup.write_text(dup.read_text() + '\nmsgid "trust"\nmsgstr "confiance"\n')
    plural = catalog(merged, "ar", "chapter")
    plural.write_text(plural.read_text().replace("nplurals=6;", "nplurals=2;"))
    before = {p: p.read_bytes() for p in (broken, latin1, dup, plural)}

    src = merged / "source" / "glossary.rst"
    src.write_text(src.read_text().replace("reliable.", "reliable and honest."))
    assert coppub("extract") == 0, coppub.err
    assert coppub("update") == 1
    err = coppub.err
    assert f"{broken}:" in err and "end of line inside a string" in err
    assert f"{latin1}:" in err and "UTF-8" in err
    assert f"{dup}:" in err and "duplicate msgid 'trust'" in err
    # a catalog without plural messages never fails over its header; one whose rule is
    # broken (2 forms, an expression that selects 6) takes the language's
    assert str(plural) not in err
    assert "nplurals=6;" in plural.read_text()
    assert err.count("what to do:") == 3
    assert "3 failed" in coppub.out
    before.pop(plural)
    assert {p: p.read_bytes() for p in before} == before
    # the others were merged
    assert read_po(catalog(merged, "ar", "glossary")).find("Belief that someone is reliable "
                                                           "and honest.") is not None


PLURAL_ENTRY = 'msgid "One item"\nmsgid_plural "%d items"\nmsgstr[0] "{0}"\nmsgstr[1] "{1}"\n'


def write_catalog(path: Path, rule: str, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    f'"Plural-Forms: {rule}\\n"\n\n{body}', encoding="utf-8")


def test_the_rule_the_catalogs_agree_on_is_kept(merged: Path, coppub: Runner) -> None:
    """Weblate's or Transifex's rule stays when every catalog with plurals uses it."""
    from coppub.catalogs import effective_language
    from coppub.config import load_settings

    fr = merged / "locales/fr/LC_MESSAGES"
    odd = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"  # a project's own rule
    write_catalog(fr / "extra.po", odd, PLURAL_ENTRY.format("un", "des"))
    settings = load_settings(start=merged)
    assert effective_language(settings, settings.language("fr")).plural_forms == odd
    write_catalog(fr / "other.po", "nplurals=2; plural=(n > 1);",
                  PLURAL_ENTRY.format("un", "des"))
    with pytest.raises(CatalogError, match="disagree on Plural-Forms") as info:
        effective_language(settings, settings.language("fr"))
    assert "extra.po" in info.value.message and "other.po" in info.value.message
    assert "plural-forms in coppub.toml" in info.value.hint
    assert coppub("update", "-l", "fr") == 1 and "disagree" in coppub.err


def test_a_catalog_another_tool_saved_is_left_byte_for_byte(merged: Path,
                                                            coppub: Runner) -> None:
    """Weblate, Crowdin, Poedit wrap differently and keep their own header fields: with
    nothing to change, coppub leaves the file as that tool wrote it, so the tools do not
    rewrite each other's lines."""
    path = catalog(merged, "fr", "chapter")
    translate(path, {"Police work depends on :term:`trust`.\\ [#]_":
                     "Le travail de la police dépend de la :term:`confiance <trust>`, "
                     "dit-on souvent dans les forums de quartier.\\ [#]_"})
    text = path.read_text()
    # Crowdin's style: no wrapping at all; a project's own name; its rule for fr
    assert 'msgstr ""\n"Le travail' in text and 'dit-on "\n"souvent' in text
    text = text.replace('msgstr ""\n"Le travail', 'msgstr "Le travail').replace(
        'dit-on "\n"souvent', "dit-on souvent")
    text = text.replace("Project-Id-Version: Sample Book 1.0", "Project-Id-Version: Theirs 2.3")
    text = text.replace("Plural-Forms: nplurals=2; plural=(n > 1);",
                        "Plural-Forms: nplurals=2; plural=(n != 1);")
    path.write_text(text)
    before = path.read_bytes()
    assert b"Theirs 2.3" in before and b"(n != 1)" in before and b"dit-on souvent" in before
    assert coppub("update", "--check", "-l", "fr") == 0, coppub.out
    assert coppub("update", "-l", "fr") == 0
    assert path.read_bytes() == before
    # when the content changes, the entry changes; the project's fields stay
    src = merged / "source" / "chapter.rst"
    src.write_text(src.read_text().replace("First point.", "First point, edited."))
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    after = path.read_text()
    assert "First point, edited." in after and "Theirs 2.3" in after and "(n != 1)" in after


def test_a_message_that_becomes_plural_keeps_its_translation_as_a_fuzzy_first_form() -> None:
    """Reshaping in merge: singular <-> plural keeps the work, marked for review."""
    import polib

    from coppub.catalogs import merge
    from coppub.languages import make_language

    arabic = make_language("ar", {}, 0)  # six forms
    old = polib.POFile()
    old.append(polib.POEntry(msgid="One patrol", msgstr="دورية واحدة"))
    old.append(polib.POEntry(msgid="%d reports", msgid_plural="%d reports",
                             msgstr_plural={i: f"تقرير {i}" for i in range(6)}))
    template = polib.POFile()
    template.append(polib.POEntry(msgid="One patrol", msgid_plural="%d patrols",
                                  msgstr_plural={0: "", 1: ""}))
    template.append(polib.POEntry(msgid="%d reports"))
    new, _counts = merge(template, old, arabic)
    became_plural, became_singular = new.find("One patrol"), new.find("%d reports")
    assert became_plural.msgstr_plural == {0: "دورية واحدة", **dict.fromkeys(range(1, 6), "")}
    assert became_plural.fuzzy and became_plural.previous_msgid == "One patrol"
    assert became_singular.msgstr == "تقرير 0" and not became_singular.msgstr_plural
    assert became_singular.fuzzy and became_singular.previous_msgid_plural == "%d reports"
