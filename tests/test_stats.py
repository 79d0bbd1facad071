from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coppub.errors import CatalogError
from coppub.model import state
from coppub.pofiles import dump_po, read_po, unescape
from coppub.scan import read_states, scan_states
from coppub.stats import count_words, figures_of
from tests.conftest import HERE, Runner, settle

CATALOGS = HERE / "catalogs"
needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None and not os.environ.get("CI"),
    reason="GNU gettext (msgfmt) is not installed; .ci/run installs it",
)


def msgfmt_counts(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)],
                          capture_output=True, text=True, check=True)
    found = {kind: int(n) for n, kind in
             re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr)}
    return found.get("translated", 0), found.get("fuzzy", 0), found.get("untranslated", 0)


def ours(path: Path) -> tuple[int, int, int]:
    f = figures_of(read_states(path), None)
    return f.translated, f.fuzzy, f.untranslated


def test_fast_scan_agrees_with_the_strict_parser() -> None:
    import sphinx
    paths = [*sorted(Path(sphinx.__file__).parent.glob("locale/*/LC_MESSAGES/sphinx.po")),
             *sorted(CATALOGS.glob("*.po"))]
    for path in paths:
        strict = {(e.msgctxt, e.msgid): state(e) for e in read_po(path) if not e.obsolete}
        fast = {(c, unescape(m)): v for (c, m), v in read_states(path).items()}
        assert fast == strict, path


@pytest.mark.parametrize("body", [
    'msgid "c\nmsgstr "d"\n', 'msgid "a" x\nmsgstr "b"\n', 'msgid "a"\nmsgstr "b"\n\n'
    'msgid "a"\nmsgstr "c"\n', 'garbage\n',
])
def test_fast_scan_never_accepts_what_the_strict_parser_refuses(body: str) -> None:
    data = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body).encode()
    with pytest.raises(CatalogError) as info:
        scan_states(data, Path("x.po"))
    assert info.value.line and info.value.line >= 4


# Lines a catalog is made of, well and badly formed: any sequence of them is either read
# by the fast scan exactly as the strict parser reads it, or refused by both.
_LINES = ['msgid "a"\n', 'msgid "b"\n', 'msgid ""\n', 'msgstr "x"\n', 'msgstr ""\n',
          '"c"\n', '  "d" \n', 'msgctxt "k"\n', 'msgid_plural "p"\n', 'msgstr[0] "y"\n',
          'msgstr[1] ""\n', '#, fuzzy\n', '#: a.rst:1\n', "#\n", '#~ msgid "a"\n',
          '#~ msgstr "z"\n', '#~ "c"\n', '#~ msgctxt "k"\n', '#~| msgid "o"\n',
          '#~ msgstr[0] "y"\n', '#~msgid "b"\n', '#| msgid "q"\n', "\n", "\n\n",
          'msgid "a\\"b"\n', 'msgid "\\101"\n', 'msgstr "\\q"\n', 'msgid "e" x\n', 'msgid "f\n',
          "junk\n", "msgid a\n", '# #~ msgctxt "k"\n', '#~ #, fuzzy\n']
_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=16).map("".join))
@example('msgid "b"\nmsgstr "x"\n#~ msgid "a"\n#~ msgstr "z"\n')  # the active one counts
@example('#| msgid "q"\n#| msgid "q"\nmsgid "b"\nmsgstr "x"\n')  # refused by both
@example('#~msgid "b"\n#~ msgstr "z"\n#~msgid "b"\n#~ msgstr "z"\n')  # obsolete repeated
@example('#~ msgid "a"\n#~ msgstr "z"\n\nmsgid "b"\nmsgstr "x"\n\n#~ msgid "a"\n'
         '#~ msgstr "z"\n')  # ... in two gaps
@example('#| msgid "q"\n#| msgid "q"\n#~ msgid "a"\n#~ msgstr "z"\n')  # refused by both
# found by a review: a comment that looks like an obsolete entry; lines right below an
# entry that are that entry's; obsolete entries before the header
@example('# #~ msgctxt "x"\n#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n')
@example('msgid "a"\nmsgstr "b"\n#~| msgid "q"\n#~ msgid "c"\n#~ msgstr "d"\n')
@example('msgid "a"\nmsgstr "b"\n#~ #, fuzzy\n#~ msgid "c"\n#~ msgstr "d"\n')
@example('#| msgid "p"\nmsgid "a"\nmsgstr "b"\n#| msgid "q"\nmsgid "c"\nmsgstr "d"\n')
def test_the_fast_scan_reads_what_the_strict_parser_reads(body: str) -> None:
    _scan_agrees_with_the_strict_parser((_HEADER + body).encode())


def _scan_agrees_with_the_strict_parser(data: bytes) -> None:
    """The same states, or the same error at the same line."""
    from coppub.model import escaped
    from coppub.pofiles import parse_po

    try:
        strict = {(e.msgctxt, escaped(e.msgid)): state(e)
                  for e in parse_po(data, Path("x.po")) if not e.obsolete}
    except CatalogError as exc:
        with pytest.raises(CatalogError) as info:
            scan_states(data, Path("x.po"))
        assert (info.value.message, info.value.line) == (exc.message, exc.line)
        return
    assert scan_states(data, Path("x.po")) == strict


# The header's msgstr lines: well and badly formed fields, escapes, charsets, rules.
_FIELDS = ['"Language: ar\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Content-Type: text/plain; charset=ISO-8859-1\\n"', '"no colon\\n"',
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '"Plural-Forms: nplurals=x\\n"',
           '"X-Split: a"', '" b\\n"', '"X-Tab:\\tc\\n"', '""', '"X-Esc: \\"q\\"\\n"',
           '"\\n"', '"  : empty name\\n"']


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_FIELDS), max_size=6), st.booleans(), st.booleans(),
       st.sampled_from(["", "\n\n", '#~ msgid "o"\n#~ msgstr "p"\n\n']),
       st.sampled_from(["", '\nmsgid "a"\nmsgstr "b"\n', '#~ msgctxt "k"\n']))
def test_the_fast_scan_reads_the_header_as_the_strict_parser_does(
        fields: list[str], fuzzy: bool, accented: bool, before: str, after: str) -> None:
    header = before + ("#, fuzzy\n" if fuzzy else "") + 'msgid ""\nmsgstr ""\n' + \
        "".join(f + "\n" for f in fields)
    _scan_agrees_with_the_strict_parser(
        (header + '\nmsgid "a"\nmsgstr "' + ("é" if accented else "e") + '"\n'
         + after).encode())


@needs_msgfmt
@pytest.mark.parametrize("name", ["mixed.po"])
def test_message_counts_equal_msgfmt(name: str) -> None:
    # plurals, msgctxt, fuzzy with empty msgstr, obsolete, fuzzy header, msgstr == msgid
    assert ours(CATALOGS / name) == msgfmt_counts(CATALOGS / name) == (4, 2, 4)


@needs_msgfmt
def test_msgfmt_equality_on_sphinx_catalogs() -> None:
    import sphinx
    for path in sorted(Path(sphinx.__file__).parent.glob("locale/*/LC_MESSAGES/sphinx.po"))[:25]:
        po = read_po(path)
        if any(e.msgid_plural and any(e.msgstr_plural.values())
               and not all(e.msgstr_plural.values()) for e in po):
            continue  # the documented difference: msgfmt looks at the first form only
        assert ours(path) == msgfmt_counts(path), path


@needs_msgfmt
def test_documented_difference_plural_with_an_empty_form() -> None:
    assert msgfmt_counts(CATALOGS / "half-plural.po") == (2, 0, 0)
    assert ours(CATALOGS / "half-plural.po") == (1, 0, 1)


def test_obsolete_repeating_an_active_msgid_is_counted() -> None:
    # msgfmt refuses this file ("duplicate message definition"); we count it.
    assert ours(CATALOGS / "obsolete-repeat.po") == (1, 0, 1)


@pytest.mark.parametrize(("text", "words"), [
    ("Read the :doc:`glossary` first.", 4),
    ("The :term:`police legitimacy <legitimacy>` matters.", 4),
    ("See `UN Police <https://police.un.org/en>`_ now.", 4),
    ("Trust grows slowly.\\ [#]_ It does.", 5),
    ("Post-conflict areas, l'état, 11 areas!", 5),
    ("**Strong** and *soft* -- yes.", 4),
    ("Visit https://example.org/x?y=1 today.", 2),
    ("يعمل :term:`الشرطة <police>` مع المجتمع.", 4),
])
def test_word_counting(text: str, words: int) -> None:
    assert count_words(text) == words


# The definition of a word, as one pass of two regular expressions; count_words reaches
# the same numbers faster (URLs apart, ASCII text without a match per word).
_DEFINED_MARKUP = re.compile(
    r":[\w.+-]+:(?=`)|<[^`<>]*>(?=`)|\[(?:#[\w-]*|\*|\d+|[\w-]+)\]_"
    r"|\b(?:https?|ftp|mailto):[^\s`<>]+")
_DEFINED_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_PIECES = ["a", "b", "é", "ب", "1", "_", "-", "'", "’", " ", "\n", ":", "`", "<", ">", "[",
           "]", "#", "*", "]_", "http", "https", "ftp", "mailto", "://", ".", "/", "\0", "h"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_word_counting_is_the_definition(text: str) -> None:
    assert count_words(text) == len(_DEFINED_WORD.findall(_DEFINED_MARKUP.sub(" ", text)))


@pytest.fixture
def measured(sample: Path, coppub: Runner) -> Path:
    assert coppub("extract") == 0, coppub.err
    assert coppub("update") == 0, coppub.err
    fr = sample / "locales/fr/LC_MESSAGES"
    po = read_po(fr / "chapter.po")
    po.find("The chapter").msgstr = "Le chapitre"
    note = po.find("A note to remember.")
    note.msgstr, note.flags = "Une note.", ["fuzzy"]
    po.find("First point.").obsolete = True  # missing from the catalog: untranslated
    (fr / "chapter.po").write_bytes(dump_po(po))
    glossary = read_po(fr / "glossary.po")
    for entry in glossary:
        entry.msgstr = entry.msgid.upper()
    (fr / "glossary.po").write_bytes(dump_po(glossary))
    (fr / "removed-chapter.po").write_bytes((fr / "index.po").read_bytes())
    return sample


def test_measured_against_templates(measured: Path, coppub: Runner) -> None:
    assert coppub("stats", "-l", "fr", "--by", "chapter", "--format", "json") == 0
    data = json.loads(coppub.out)
    assert data["schema"] == "coppub-stats/1"
    [fr] = data["languages"]
    chapters = {c["chapter"]: c for c in fr["chapters"]}
    chapter = chapters["chapter"]["messages"]
    template_total = len(read_po(measured / "locales/templates/chapter.pot"))
    assert chapter == {"translated": 1, "fuzzy": 1, "untranslated": template_total - 2,
                       "rejected": 0, "total": template_total,
                       "percent": round(100 / template_total, 2)}
    assert chapters["glossary"]["messages"]["percent"] == 100.0
    assert chapters["removed-chapter"]["stale"] is True
    assert fr["messages"]["total"] == sum(
        len(read_po(p)) for p in (measured / "locales/templates").glob("*.pot"))
    assert fr["words"]["translated"] == count_words("The chapter") + sum(
        count_words(e.msgid) for e in read_po(measured / "locales/templates/glossary.pot"))
    assert fr["publishable"] is False


def _figures(coppub: Runner, *args: str) -> dict[str, dict[str, Any]]:
    assert coppub("stats", "--format", "json", "--by", "chapter", *args) == 0, coppub.err
    return {lang["code"]: lang for lang in json.loads(coppub.out)["languages"]}


def test_figures_are_kept_until_a_catalog_or_its_template_changes(
    measured: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(measured / "locales")
    first = _figures(coppub)
    checked = _figures(coppub, "--checked")

    def unread(path: Path, *rest: object) -> None:
        raise AssertionError(f"{path} was read again")

    with monkeypatch.context() as patched:  # an unchanged chapter reads neither file
        for reader in ("read_states", "template_messages", "checked_states"):
            patched.setattr(f"coppub.stats.{reader}", unread)
        assert _figures(coppub) == first
        assert _figures(coppub, "--checked") == checked
    # one catalog edited: only its chapter is read again, and the figures follow
    chapter = measured / "locales/fr/LC_MESSAGES/chapter.po"
    po = read_po(chapter)
    po.find("A note to remember.").flags = []  # fuzzy -> translated
    chapter.write_bytes(dump_po(po))
    now = _figures(coppub)
    assert now["fr"]["messages"]["translated"] == first["fr"]["messages"]["translated"] + 1
    assert now["ar"] == first["ar"]
    # a template edited: every language's chapter is measured against it
    template = measured / "locales/templates/glossary.pot"
    template.write_text(template.read_text() + '\nmsgid "A new term"\nmsgstr ""\n')
    now = _figures(coppub)
    for code in ("fr", "ar", "prs"):
        assert now[code]["messages"]["total"] == first[code]["messages"]["total"] + 1


def test_a_catalog_rewritten_within_one_tick_of_its_clock_is_measured_again(
    measured: Path, coppub: Runner
) -> None:
    """Same size, same time: a second edit just after a measure. Nothing is kept about a
    file changed in the last seconds, so neither figures nor checks go stale; otherwise
    a translation the checks refuse could be taken for one they passed."""
    chapter = measured / "locales/fr/LC_MESSAGES/chapter.po"
    po = read_po(chapter)
    point = next(e for e in po if e.msgid.startswith("Second point"))
    point.msgstr = "Deuxième point avec un `lien <https://example.org/>`_."
    chapter.write_bytes(dump_po(po))
    before = chapter.stat()
    figures = _figures(coppub, "--checked", "-l", "fr")["fr"]
    assert figures["messages"]["rejected"] == 0
    # the same length, another site: a link the source lacks (refused)
    chapter.write_text(chapter.read_text().replace("lien <https://example.org/>",
                                                   "lien <https://exampl3.org/>"))
    os.utime(chapter, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert chapter.stat().st_size == before.st_size
    now = _figures(coppub, "--checked", "-l", "fr")["fr"]
    assert now["messages"]["rejected"] == 1
    assert now["messages"]["translated"] == figures["messages"]["translated"] - 1


def test_a_broken_template_is_reported_every_time(measured: Path, coppub: Runner) -> None:
    settle(measured / "locales")
    template = measured / "locales/templates/chapter.pot"
    template.write_text(template.read_text() + '\nmsgid "x\n')
    (measured / "locales/ar/LC_MESSAGES/chapter.po").unlink()
    for _ in range(2):
        assert coppub("stats", "--format", "json", "--by", "chapter") == 1
        data = json.loads(coppub.out)
        assert [e["file"] for e in data["errors"]] == [str(template)]  # once, not per language
        chapters = {lang["code"]: {c["chapter"]: c for c in lang["chapters"]}
                    for lang in data["languages"]}
        assert chapters["fr"]["chapter"]["stale"] is True  # its catalog, measured alone
        assert "chapter" not in chapters["ar"]  # no catalog, no template: nothing to count
        assert chapters["fr"]["glossary"]["messages"]["percent"] == 100.0


def test_table_is_aligned_with_a_total_line(measured: Path, coppub: Runner) -> None:
    assert coppub("stats") == 0
    lines = coppub.out.splitlines()
    assert lines[0].split()[:3] == ["language", "name", "translated"]
    assert lines[-1].startswith("total")
    assert len({line.index("threshold") if "threshold" in line else None
                for line in lines[:1]}) == 1
    widths = {len(line) for line in lines[2:5]}
    assert len(widths) == 1, lines
    assert coppub("stats", "--format", "csv", "--words") == 0
    assert coppub.out.splitlines()[0].startswith("language,name,translated,fuzzy")
    assert coppub("stats", "--format", "markdown") == 0
    assert coppub.out.splitlines()[1].startswith("|---|---|---:|")


def test_fail_under_names_the_languages(measured: Path, coppub: Runner) -> None:
    assert coppub("stats", "--fail-under", "10") == 1
    assert "below 10 % (messages): ar (0.0 %), prs (0.0 %)" in coppub.err
    assert coppub("stats", "--words", "--fail-under", "100") == 1
    assert "below 100 % (words): fr (" in coppub.err
    assert coppub("stats", "-l", "fr", "--fail-under", "5") == 0


def test_catalogs_only(measured: Path, coppub: Runner) -> None:
    shutil.rmtree(measured / "locales/templates")
    assert coppub("stats", "-l", "fr") == 1
    assert "no templates" in coppub.err and "--catalogs-only" in coppub.err
    assert coppub("stats", "-l", "fr", "--catalogs-only", "--format", "json") == 0
    assert json.loads(coppub.out)["measured_against"] == "catalogs"


def test_broken_catalog_is_reported_and_others_counted(measured: Path, coppub: Runner) -> None:
    broken = measured / "locales/ar/LC_MESSAGES/chapter.po"
    broken.write_text(broken.read_text() + '\nmsgid "x\n')
    assert coppub("stats", "--format", "json") == 1
    data = json.loads(coppub.out)
    ar = next(lang for lang in data["languages"] if lang["code"] == "ar")
    assert ar["errors"][0]["file"] == str(broken) and ar["errors"][0]["line"] > 1
    assert ar["publishable"] is False
    fr = next(lang for lang in data["languages"] if lang["code"] == "fr")
    assert fr["messages"]["translated"] > 0
    assert coppub("stats") == 1 and f"{broken}:" in coppub.err


def test_todo_nearest_to_done_first(measured: Path, coppub: Runner) -> None:
    assert coppub("todo", "-l", "fr") == 0
    lines = coppub.out.splitlines()
    assert lines[0].startswith("fr (français):")
    order = [line.split()[0] for line in lines[2:]]
    assert "glossary" not in order  # done
    left = [int(line.split()[5]) for line in lines[2:]]  # the "words left" column
    assert left == sorted(left) and len(left) >= 2  # nearest to done first
    assert coppub("todo", "-l", "xx") == 2


def test_badges(measured: Path, coppub: Runner) -> None:
    assert coppub("badges", "-o", "badges") == 0
    svg = (measured / "badges/fr.svg").read_text()
    assert svg.startswith("<svg") and ">fr<" in svg and "#c62828" in svg


def test_dashboard_page(measured: Path, coppub: Runner) -> None:
    assert coppub("dashboard", "-o", "site/dashboard.html") == 0
    page = (measured / "site/dashboard.html").read_text()
    assert "<script" not in page and 'name="viewport"' in page
    assert '<a href="index.html">Sample Book</a>' in page  # a way back to the books
    assert '<section class="lang" id="ar" lang="ar" dir="rtl"><h2>العربية</h2>' in page
    assert 'class="thr" style="inset-inline-start:50%"' in page  # prs's own threshold
    # nothing is on the site: every language is held back, each says so in its language
    assert '<span class="status held-back">مؤجَّلة</span>' in page
    assert '<span class="status held-back">En attente</span>' in page
    assert page.count('class="status held-back"') == 3
    by_chapter = page.split("<h2>By chapter</h2>")[1]
    assert by_chapter.count('<tr><th scope="row">') == 4  # chapters; the stale one is left out


def test_dashboard_words_a_language_has_no_translation_of_are_marked_english(
    sample: Path, coppub: Runner
) -> None:
    """German has no interface catalog: its section's words stay English, marked so (a
    screen reader reads them with an English voice); Arabic's are Arabic, unmarked."""
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text().replace("[languages]\n", "[languages]\nde = {}\n"))
    assert coppub("extract") == 0 and coppub("update") == 0, coppub.err
    assert coppub("dashboard", "-o", "site/dashboard.html") == 0, coppub.err
    page = (sample / "site/dashboard.html").read_text()
    german = re.search(r'<section class="lang" id="de" lang="de" dir="ltr">.*?</section>',
                       page, re.S)
    assert german, page
    assert '<th scope="row"><span lang="en" dir="ltr">Status</span></th>' in german.group(0)
    assert '<span class="status held-back"><span lang="en" dir="ltr">Held back</span>' \
        in german.group(0)
    arabic = re.search(r'<section class="lang" id="ar".*?</section>', page, re.S)
    assert arabic and arabic.group(0).count('lang="en"') == 1  # its English name only
    assert '<span lang="en" dir="ltr">Arabic</span>' in arabic.group(0)
    assert '<th scope="row">الحالة</th>' in arabic.group(0)


@pytest.mark.slow
def test_all_languages_build_holds_back_languages_below_threshold(
    measured: Path, coppub: Runner
) -> None:
    glossary = measured / "locales/ar/LC_MESSAGES"
    for po_path in glossary.glob("*.po"):
        po = read_po(po_path)
        for entry in po:
            entry.msgstr = f"ترجمة {entry.msgid}"  # keeps the markup: no check refuses it
        po_path.write_bytes(dump_po(po))
    assert coppub("build", "html", "--all-languages") == 0, coppub.err
    assert "fr: held back: " in coppub.err and "below its threshold of 80 %" in coppub.err
    assert "prs: held back" in coppub.err
    assert (measured / "build/ar/html/index.html").exists()
    assert (measured / "build/en/html/index.html").exists()
    assert not (measured / "build/fr").exists()
    assert coppub("build", "html", "--all-languages", "--force") == 0
    assert (measured / "build/fr/html/index.html").exists()


def test_translations_the_checks_refuse_do_not_count_for_the_gate(
    measured: Path, coppub: Runner
) -> None:
    """The gate measures what readers will read: a refused translation shows the source."""
    refused = 0
    for po_path in (measured / "locales/prs/LC_MESSAGES").glob("*.po"):
        po = read_po(po_path)
        for entry in po:
            entry.msgstr = "ترجمه"
            if count_words(entry.msgid) >= 3:  # a link the source lacks: E300, E301
                entry.msgstr = "ترجمه `پیوند <https://evil.example/>`_"
                refused += count_words(entry.msgid)
        po_path.write_bytes(dump_po(po))
    settle(measured / "locales")
    assert coppub("stats", "-l", "prs", "--words") == 0
    assert " 100.0 " in coppub.out and "rejected" not in coppub.out  # what the catalogs hold
    assert coppub("stats", "-l", "prs", "--words", "--checked", "--format", "json") == 0
    [prs] = json.loads(coppub.out)["languages"]
    assert prs["words"]["rejected"] == refused > 0
    assert prs["words"]["translated"] == prs["words"]["total"] - refused
    assert prs["publishable"] is False and prs["words"]["percent"] < 50
    assert coppub("stats", "-l", "prs", "--words", "--checked") == 0
    assert coppub.out.splitlines()[0].split()[2:7] == [
        "translated", "fuzzy", "untranslated", "rejected", "total"]
    assert coppub("languages", "--publishable", "--format", "json") == 0
    assert "prs" not in [lang["code"] for lang in json.loads(coppub.out)]
    # the verdicts are kept by each catalog's size and time: an edit is seen at once
    assert list((measured / "build/.cache/checked").glob("*.json"))
    for po_path in (measured / "locales/prs/LC_MESSAGES").glob("*.po"):
        po = read_po(po_path)
        for entry in po:
            entry.msgstr = "ترجمه"
        po_path.write_bytes(dump_po(po))
    assert coppub("stats", "-l", "prs", "--words", "--checked", "--format", "json") == 0
    assert json.loads(coppub.out)["languages"][0]["words"]["rejected"] < refused


def test_publishable_languages_for_a_ci_matrix(measured: Path, coppub: Runner) -> None:
    assert coppub("languages", "--publishable", "--format", "json") == 0
    assert [lang["code"] for lang in json.loads(coppub.out)] == ["en"]  # nothing passes yet
    assert coppub("languages", "--format", "json") == 0
    assert [lang["code"] for lang in json.loads(coppub.out)] == ["fr", "ar", "prs"]


def test_badges_and_dashboard_honour_build_dir_and_fail_on_bad_catalogs(
    sample: Path, coppub: Runner
) -> None:
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text().replace("[project]\n", '[project]\nbuild-dir = "out"\n'))
    assert coppub("extract") == 0 and coppub("update") == 0
    assert coppub("badges") == 0 and (sample / "out/badges/fr.svg").is_file()
    assert coppub("dashboard") == 0 and (sample / "out/site/dashboard.html").is_file()
    assert not (sample / "build").exists()
    po = sample / "locales/fr/LC_MESSAGES/chapter.po"
    po.write_text(po.read_text().replace('msgid "Notes"', 'msgid "Notes', 1))
    assert coppub("badges") == 1 and "chapter.po" in coppub.err
    assert coppub("dashboard") == 1 and "chapter.po" in coppub.err


def test_stats_loads_neither_docutils_nor_the_checks(sample: Path, coppub: Runner) -> None:
    """Counting reads catalogs only: the checks (and docutils with them) are loaded for
    `coppub check` or a coppub.toml that names check codes, not for every command."""
    assert coppub("extract") == 0, coppub.err
    code = ("import sys; from coppub.cli import main; status = main(['stats', '--words']); "
            "print(status, sorted(m for m in sys.modules if m.startswith(('docutils', "
            "'coppub.checks', 'sphinx'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=sample)
    assert run.stdout.splitlines()[-1] == "0 []", run.stdout + run.stderr
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[checks]\nignore = ["W404"]\n',
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=sample)
    assert "coppub.checks" in run.stdout.splitlines()[-1]  # to know the codes are real
