"""``coppub compile``: catalogs to .mo files outside locales/, checked on the way."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner, settle
from tests.test_build import translate


def test_compile_writes_what_passes_the_checks_and_names_what_it_left_out(
    sample: Path, coppub: Runner
) -> None:
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    fr = sample / "locales/fr/LC_MESSAGES"
    translate(fr / "chapter.po", {
        "The chapter": "Le chapitre",
        "First point.": "Premier point.\n\n.. raw:: html\n\n   <script>steal()</script>"})
    assert coppub("compile", "-l", "fr") == 0, coppub.err
    mo = sample / "build/locale/fr/LC_MESSAGES/chapter.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("The chapter") == "Le chapitre"
    assert catalog.gettext("First point.") == "First point."  # left out: the source shows
    assert "chapter.po:" in coppub.err and "E300" in coppub.err and "left out" in coppub.err
    assert "fr: 4 compiled, 0 unchanged, 0 failed, 1 translation(s) left out" in coppub.out
    assert not list(fr.glob("*.mo"))  # never beside the catalogs
    # nothing changed: nothing written
    stamp = mo.stat().st_mtime_ns
    assert coppub("compile", "-l", "fr") == 0
    assert mo.stat().st_mtime_ns == stamp and "fr: 0 compiled, 4 unchanged" in coppub.out


def test_compile_fails_on_a_catalog_it_cannot_read_and_keeps_the_others(
    sample: Path, coppub: Runner
) -> None:
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    po = sample / "locales/fr/LC_MESSAGES/glossary.po"
    po.write_text(po.read_text().replace('msgstr ""', 'msgstr "\\q"', 2), encoding="utf-8")
    assert coppub("compile", "-l", "fr") == 1
    assert "glossary.po:" in coppub.err and "invalid escape sequence" in coppub.err
    assert (sample / "build/locale/fr/LC_MESSAGES/chapter.mo").is_file()
    assert "fr: 3 compiled, 0 unchanged, 1 failed" in coppub.out


def test_compile_checks_again_only_what_the_gate_refused(
    sample: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The publishing gate's measure and the compilation need the same checks: a catalog
    is checked once (what the checks refused is remembered by its size and time), and
    again when it changes."""
    from coppub.checks import runner

    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    chapter = sample / "locales/fr/LC_MESSAGES/chapter.po"
    translate(chapter, {
        "The chapter": "Le chapitre",
        "First point.": "Premier point.\n\n.. raw:: html\n\n   <script>steal()</script>"})
    settle(chapter)  # a file changed in the last seconds is checked every time
    checked: list[str] = []
    real = runner.publishable

    def counted(entry: Any, *args: Any, **kwargs: Any) -> Any:
        checked.append(entry.msgstr)
        return real(entry, *args, **kwargs)

    monkeypatch.setattr(runner, "publishable", counted)
    assert coppub("stats", "--checked", "-l", "fr") == 0  # what the gate measures
    assert "Le chapitre" in checked and len(checked) >= 2
    checked.clear()
    assert coppub("compile", "-l", "fr") == 0
    assert checked == [checked[0]] and checked[0].startswith("Premier point.")  # to report it
    assert "E300" in coppub.err and "1 translation(s) left out" in coppub.out
    # the catalog changes: every translation of it is checked again
    translate(chapter, {"The chapter": "Chapitre"})
    checked.clear()
    assert coppub("compile", "-l", "fr") == 0
    assert "Chapitre" in checked and "1 translation(s) left out" in coppub.out


def test_a_build_compiles_once_for_every_format(sample: Path, coppub: Runner) -> None:
    """Inside ``shared`` (a language's build: its formats run in children forked there)
    the compilation made on entry is taken as it is; outside, catalogs are read again."""
    import os

    from coppub.compile import compile_language, shared
    from coppub.config import load_settings

    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    translate(sample / "locales/fr/LC_MESSAGES/chapter.po", {"The chapter": "Le chapitre"})
    settings = load_settings(start=sample)
    po = sample / "locales/fr/LC_MESSAGES/chapter.po"
    with shared(settings, "fr"):
        made = compile_language(settings, "fr")
        po.write_text(po.read_text().replace("Le chapitre", "\\q"), encoding="utf-8")
        child = os.fork()
        if child == 0:  # a build's child: the same compilation, the broken file unread
            os._exit(0 if compile_language(settings, "fr") is made else 1)
        assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
        assert not made.errors and made.compiled["chapter"] >= 1
    again = compile_language(settings, "fr")
    assert again is not made
    assert [str(e.path) for e in again.errors] == [str(po)]
