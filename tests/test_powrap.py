"""coppub writes catalogs exactly as GNU ``msgcat --width=79`` writes them (issue 13).

The differential tests take GNU's own output as the expected bytes: a catalog msgcat,
msgmerge, Weblate or Poedit wrote is left byte-identical by ``dump_po``, and what coppub
writes is what msgcat would write.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
import sphinx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coppub import powrap
from coppub.pofiles import dump_po, parse_po
from tests.conftest import IN_CI, ROOT

needs_msgcat = pytest.mark.skipif(
    shutil.which("msgcat") is None and not IN_CI,
    reason="GNU gettext (msgcat) is not installed; .ci/run installs it",
)

SPHINX_CATALOGS = sorted(Path(sphinx.__file__).parent.glob("locale/*/LC_MESSAGES/sphinx.po"))
OWN_CATALOGS = sorted([*ROOT.glob("locales/**/*.po"), *ROOT.glob("locales/**/*.pot"),
                       *ROOT.glob("src/coppub/locale/**/*.po"),
                       *ROOT.glob("src/coppub/locale/**/*.pot")])


def msgcat(data: bytes, width: int = 79) -> bytes:
    done = subprocess.run(["msgcat", f"--width={width}", "-"], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_there_are_catalogs_to_compare() -> None:
    assert len(SPHINX_CATALOGS) >= 60  # Sphinx 7.2 ships 67, Sphinx 9 more than 70
    assert len(OWN_CATALOGS) >= 50


#: The fast selection compares a sample, one catalog per script and writing habit (right to
#: left, Indic, East Asian, Cyrillic, a legacy encoding, an ``@`` variant), coppub's own
#: interface catalogs and one handbook chapter; ``make test`` compares every catalog.
SAMPLE = {"ar", "he", "hi", "ja", "ko", "ru", "te", "vi", "zh_TW.Big5", "sr@latin"}


def _sweep(path: Path) -> Any:
    language = path.parents[1].name
    sampled = (path in SPHINX_CATALOGS and language in SAMPLE
               or "src/coppub/locale" in path.as_posix() or path.name == "glossary.po")
    return pytest.param(path, marks=() if sampled else pytest.mark.slow,
                        id=str(path.relative_to(path.parents[2])))


@needs_msgcat
@pytest.mark.parametrize("path", [_sweep(p) for p in SPHINX_CATALOGS + OWN_CATALOGS])
def test_a_catalog_gnu_wrote_is_left_byte_identical(path: Path) -> None:
    expected = msgcat(path.read_bytes())
    assert dump_po(parse_po(expected, path)).decode() == expected.decode()


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')

# Pieces that exercise every rule: spaces, long words, escapes, punctuation and numbers,
# East Asian wide characters, Arabic and its marks, combining marks, zero-width and
# joining characters, Hebrew with hyphens, format directives, line separators.
PIECES = [
    " ", " ", "  ", "a", "word", "the", "translation", "supercalifragilisticexpialidocious",
    "x" * 30, "\n", '"', "\\", "\t", "\r", "-", "—", "/", ".", ",", ";", ":", "!", "?",
    "(", ")", "[", "]", "{", "}", "'", "«", "»", "“", "”", "%", "%s", "%(name)s",
    "%(a b)s", "% d", "{name}", "{0:>10}", "{x.y}", "{{", "1", "2024", "3.14", "$", "€",
    "中文", "日本語の文章です", "。", "、", "「", "」", "한국어", "ｶﾀｶﾅ", "عربي", "العربية",
    "،", "ً", "\u0301", "\u200b", "\u200d", "\u00a0", "\u2028", "\u00ad", "עברית", "ה-",
    "😀", "🇫🇷", "ไทย", "देवनागरी", "ि",
]

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def catalog(strings: list[str], flags: list[str]) -> polib.POFile:
    """A small catalog that puts ``strings`` in every field coppub writes."""
    po = parse_po(HEADER.encode())
    a, b, c, d = strings
    po.append(polib.POEntry(msgid="1 " + a, msgstr=b, flags=list(flags),
                            occurrences=[("source/chapter.rst", "12"), ("index", "")],
                            tcomment="a translator's note", comment="an extracted note"))
    po.append(polib.POEntry(msgctxt=c, msgid="2 " + d, msgid_plural="p " + a,
                            flags=["fuzzy", *flags],
                            msgstr_plural={0: "x" + b, 1: c}, previous_msgid=a + d,
                            previous_msgctxt=c))
    po.append(polib.POEntry(msgid="3 " + b, msgstr="y" + a, obsolete=True,
                            flags=list(flags), previous_msgid=d))
    return po


@needs_msgcat
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strings=st.lists(texts, min_size=4, max_size=4),
       flags=st.sampled_from([[], ["python-format"], ["python-brace-format"], ["no-wrap"]]))
def test_what_coppub_writes_is_what_msgcat_writes(strings: list[str], flags: list[str]) -> None:
    ours = dump_po(catalog(strings, flags))
    assert ours.decode() == msgcat(ours).decode()


@needs_msgcat
@settings(max_examples=100, deadline=None)
@given(strings=st.lists(texts, min_size=4, max_size=4), width=st.sampled_from([40, 60, 100]))
def test_other_widths_match_msgcat_too(strings: list[str], width: int) -> None:
    ours = dump_po(catalog(strings, []), wrapwidth=width)
    assert ours.decode() == msgcat(ours, width).decode()


def test_wrap_leaves_the_space_at_the_end_of_the_line() -> None:
    text = "word " * 20
    assert powrap.wrap("msgid", text) == (
        'msgid ""\n' + '"' + "word " * 15 + '"\n' + '"' + "word " * 5 + '"\n')
    assert powrap.wrap("msgid", "short") == 'msgid "short"\n'
    assert powrap.wrap("msgstr", "a\nb") == 'msgstr ""\n"a\\n"\n"b"\n'
    assert powrap.wrap("msgid", "", "#~ ") == '#~ msgid ""\n'


def test_wide_characters_count_two_columns() -> None:
    line = "中" * 36  # 72 columns: with msgid "" (9 columns) the line is too long
    assert powrap.wrap("msgid", line) == f'msgid ""\n"{line}"\n'
    assert powrap.wrap("msgid", "中" * 35) == f'msgid "{"中" * 35}"\n'


def test_no_break_inside_an_escape_sequence() -> None:
    for text in ["x" * 70 + ' \\"quoted\\"', "y" * 69 + "\\\\" * 10, "z" * 71 + "\n" * 5]:
        for line in powrap.wrap("msgid", text).splitlines():
            body = line.removeprefix("msgid ")[1:-1]
            assert (len(body) - len(body.rstrip("\\"))) % 2 == 0, line


def test_locations_are_filled_as_gnu_fills_them() -> None:
    refs = [(f"source/chapter{i}.rst", str(i * 100)) for i in range(8)]
    lines = powrap.references(refs).splitlines()
    assert all(len(line) <= 79 for line in lines) and len(lines) == 3
    assert lines[0].startswith("#: source/chapter0.rst:0 ")


def _system_tables() -> tuple[list[int], list[int]] | None:
    """Line-breaking classes and widths from the system's libunistring 1.0, if present."""
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    try:
        if ctypes.c_int.in_dll(lib, "_libunistring_version").value >> 8 != 0x100:  # 1.0
            return None
        table = lib.libunistring_unilbrkprop  # internal: Debian's build exports it
    except (AttributeError, ValueError):
        return None
    base = ctypes.cast(table, ctypes.c_void_p).value
    assert base is not None
    level1 = list((ctypes.c_int * 15).from_address(base))
    level2 = list((ctypes.c_int * 2048).from_address(base + 60))
    size = max(level2) + 128
    level3 = bytes((ctypes.c_ubyte * size).from_address(base + 60 + 8192))
    resolve = {40: 20, 39: 23, 41: 20, 42: 20}  # AI, SA, XX -> AL; CB -> ID1 (for UTF-8)
    classes = []
    for code in range(0x110000):
        prop = 42
        if code >> 16 < 15 and level1[code >> 16] >= 0:
            index = level2[level1[code >> 16] + ((code >> 7) & 511)]
            if index >= 0:
                prop = level3[index + (code & 127)]
        classes.append(resolve.get(prop, prop))
    uc_width = lib.uc_width
    uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    uc_width.restype = ctypes.c_int
    widths = [max(0, uc_width(code, b"UTF-8")) for code in range(0x110000)]
    return classes, widths


@pytest.mark.skipif(ctypes.util.find_library("unistring") is None and not IN_CI,
                    reason="libunistring (which GNU gettext uses) is not installed")
def test_tables_are_libunistring_s() -> None:
    system = _system_tables()
    if system is None:
        pytest.skip("the system's libunistring is not 1.0 (Unicode 14) or hides its tables")
    classes, widths = system
    tables = powrap.tables()
    assert bytes(classes) == bytes(tables.line_break)
    assert bytes(widths) == bytes(tables.width)
