"""coppub relayout: catalogs of another layout moved without losing any work."""

from __future__ import annotations

from pathlib import Path

from coppub.model import state
from coppub.pofiles import dump_po, read_po
from tests.conftest import Runner


def _old_compact_catalog(sample: Path, coppub: Runner, homeless: bool) -> Path:
    """fr's work in one catalog for everything (gettext_compact = "everything")."""
    conf = sample / "conf.py"
    original = conf.read_text()
    conf.write_text(original + '\ngettext_compact = "everything"\n')
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0, coppub.err
    old = sample / "locales/fr/LC_MESSAGES/everything.po"
    po = read_po(old)
    po.find("The chapter").msgstr = "Le chapitre"
    po.find("The chapter").tcomment = "Chapitre : terme du glossaire."
    draft = po.find("First point.")
    draft.msgstr, draft.flags = "Premier point.", ["fuzzy"]
    draft.previous_msgid = "The first point."
    po.find("Glossary").msgstr = "Glossaire"
    if homeless:
        po.append(type(draft)(msgid="A sentence no document has.", msgstr="Une phrase."))
    old.write_bytes(dump_po(po))
    conf.write_text(original)  # the project now has one catalog per document
    return old


def test_translations_and_drafts_move_to_the_new_layout(sample: Path, coppub: Runner) -> None:
    old = _old_compact_catalog(sample, coppub, homeless=False)
    assert coppub("relayout", "-l", "fr", "--dry-run") == 0, coppub.err
    assert old.exists() and not (old.parent / "chapter.po").exists()
    assert "fr: 2 catalog(s) filled, 2 translations and 1 fuzzy drafts carried over" \
        in coppub.out
    assert coppub("relayout", "-l", "fr") == 0, coppub.err
    assert not old.exists()
    chapter = read_po(old.parent / "chapter.po")
    title = chapter.find("The chapter")
    assert state(title) == "translated" and title.msgstr == "Le chapitre"
    assert title.tcomment == "Chapitre : terme du glossaire."
    draft = chapter.find("First point.")
    assert state(draft) == "fuzzy" and draft.previous_msgid == "The first point."
    assert read_po(old.parent / "glossary.po").find("Glossary").msgstr == "Glossaire"
    assert (old.parent / "index.po").exists()  # created empty by the update that follows
    assert coppub("update", "--check", "-l", "fr") == 0  # the layout is settled


def test_an_old_catalog_with_work_that_fits_nowhere_is_kept(
    sample: Path, coppub: Runner
) -> None:
    old = _old_compact_catalog(sample, coppub, homeless=True)
    assert coppub("relayout", "-l", "fr") == 0, coppub.err
    assert old.exists()
    assert "kept locales/fr/LC_MESSAGES/everything.po: 1 of its translations" in coppub.err
    assert read_po(old.parent / "chapter.po").find("The chapter").msgstr == "Le chapitre"
