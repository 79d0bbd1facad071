"""The translation memory: suggestions from other chapters, obsolete entries, a compendium."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coppub.catalogs import merge
from coppub.languages import make_language
from coppub.memory import Memory, remembered
from coppub.pofiles import dump_po, parse_po, read_po
from tests.conftest import Runner

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
FRENCH = make_language("fr", {}, 80)


def po(body: str) -> object:
    return parse_po((HEADER + body).encode())


def memory_of(body: str, origin: str) -> Memory:
    memory = Memory()
    memory.extend(remembered(po(body), origin))
    return memory


def test_exact_match_from_another_chapter_is_a_fuzzy_suggestion() -> None:
    memory = memory_of('msgid "Trust takes time."\nmsgstr "La confiance prend du temps."\n',
                       "origins.po")
    template = po('msgid "Trust takes time."\nmsgstr ""\n')
    merged, counts = merge(template, None, FRENCH, memory=memory)
    [entry] = list(merged)
    assert entry.msgstr == "La confiance prend du temps." and entry.fuzzy
    assert entry.tcomment == "coppub: suggested from origins.po (same text)"
    assert entry.previous_msgid == "Trust takes time."
    assert counts.memory == 1 and counts.new == 0
    merged, _ = merge(template, None, FRENCH, memory=memory, exact_memory_translated=True)
    assert not list(merged)[0].fuzzy


def test_similar_text_from_an_obsolete_entry() -> None:
    memory = memory_of('#~ msgid "The police depend on the trust of the community."\n'
                       '#~ msgstr "La police dépend de la confiance de la communauté."\n',
                       "gender.po")
    template = po('msgid "The police depend on the trust of their community."\nmsgstr ""\n')
    [entry] = list(merge(template, None, FRENCH, memory=memory)[0])
    assert entry.msgstr == "La police dépend de la confiance de la communauté."
    assert entry.fuzzy and entry.tcomment.startswith(
        "coppub: suggested from an obsolete entry of gender.po (")
    assert entry.previous_msgid == "The police depend on the trust of the community."


def test_nothing_offered_below_the_threshold() -> None:
    memory = memory_of('msgid "The police depend on the trust of the community."\n'
                       'msgstr "La police dépend de la confiance de la communauté."\n', "a.po")
    template = po('msgid "Donors fund short projects in many districts."\nmsgstr ""\n'
                  '\nmsgid "The police depend on trust."\nmsgstr ""\n')
    entries = list(merge(template, None, FRENCH, memory=memory)[0])
    assert [e.msgstr for e in entries] == ["", ""]
    assert not any(e.fuzzy or e.tcomment for e in entries)


def test_fuzzy_and_plural_shapes_are_respected() -> None:
    memory = memory_of('#, fuzzy\nmsgid "Unchecked guess."\nmsgstr "Devinette."\n\n'
                       'msgid "One page"\nmsgid_plural "%d pages"\nmsgstr[0] "Une page"\n'
                       'msgstr[1] "%d pages"\n', "a.po")
    template = po('msgid "Unchecked guess."\nmsgstr ""\n\nmsgid "One page"\nmsgstr ""\n')
    entries = list(merge(template, None, FRENCH, memory=memory)[0])
    assert [e.msgstr for e in entries] == ["", ""]  # fuzzy ones are not trusted


needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None and not os.environ.get("CI"),
                                  reason="GNU gettext (msgfmt) is not installed")


@needs_msgfmt
def test_previous_msgid_lines_are_valid_for_multi_line_msgids(tmp_path: Path) -> None:
    long_old = ("When the police and the community meet regularly, they can agree on the "
                "problems that matter most and on who does what about them.")
    long_new = long_old.replace("regularly", "every month")
    old = po(f'#, fuzzy\nmsgid "{long_old}"\nmsgstr "Quand la police et la communauté se '
             f'rencontrent régulièrement, elles peuvent s’accorder."\n')
    template = po(f'msgid "{long_new}"\nmsgstr ""\n')
    merged, counts = merge(template, old, FRENCH)
    [entry] = [e for e in merged if not e.obsolete]
    assert entry.fuzzy and entry.previous_msgid == long_old  # already fuzzy: #| kept
    text = dump_po(merged).decode()
    assert '#| msgid ""\n#| "When the police' in text
    path = tmp_path / "out.po"
    path.write_text(text)
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    assert parse_po(text.encode())[0].previous_msgid == long_old


def test_end_to_end_with_comment_compendium_and_summary(sample: Path, coppub: Runner) -> None:
    coppub("extract")
    coppub("update")
    chapter = sample / "locales/fr/LC_MESSAGES/chapter.po"
    catalog = read_po(chapter)
    catalog.find("A note to remember.").msgstr = "Une note à retenir."
    chapter.write_bytes(dump_po(catalog))
    compendium = sample / "compendium.po"
    compendium.write_text(HEADER + 'msgid "Belief that someone is reliable and fair."\n'
                          'msgstr "Conviction que quelqu’un est fiable et juste."\n')
    glossary = sample / "source/glossary.rst"
    glossary.write_text(glossary.read_text().replace(
        "Belief that someone is reliable.", "Belief that someone is reliable and fair.")
        + "\nA note to remember.\n")
    assert coppub("extract") == 0
    assert coppub("update", "-l", "fr", "--compendium", "compendium.po") == 0
    assert "filled from memory" in coppub.out
    entries = {e.msgid: e for e in read_po(sample / "locales/fr/LC_MESSAGES/glossary.po")}
    note = entries["A note to remember."]
    assert note.msgstr == "Une note à retenir." and note.fuzzy
    assert note.tcomment == "coppub: suggested from chapter.po (same text)"
    fair = entries["Belief that someone is reliable and fair."]
    assert fair.msgstr == "Conviction que quelqu’un est fiable et juste."
    assert fair.tcomment == "coppub: suggested from compendium.po (same text)"
    before = {p: p.read_bytes() for p in (sample / "locales").rglob("*.po")}
    assert coppub("update", "-l", "fr", "--compendium", "compendium.po") == 0
    assert {p: p.read_bytes() for p in (sample / "locales").rglob("*.po")} == before
    assert coppub("update", "-l", "fr", "--compendium", "missing.po") == 1
