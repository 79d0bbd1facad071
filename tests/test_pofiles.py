from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import sphinx
from hypothesis import given, settings
from hypothesis import strategies as st

from coppub.errors import CatalogError
from coppub.pofiles import dump_po, parse_po, write_atomic

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def error_of(text: str | bytes) -> CatalogError:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(CatalogError) as info:
        parse_po(data, "x.po")
    return info.value


def test_unterminated_string_is_an_error_not_a_lost_entry() -> None:
    # polib and Babel both silently drop this entry.
    err = error_of(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n')
    assert (err.line, err.where) == (7, "x.po:7")


def test_non_utf8_names_the_line() -> None:
    err = error_of((HEADER + 'msgid "a"\nmsgstr "caf').encode() + b'\xe9"\n')
    assert err.line == 5
    assert "UTF-8" in err.message and "UTF-8" in err.hint


def test_duplicate_msgid_names_both_lines() -> None:
    err = error_of(HEADER + 'msgid "a"\nmsgstr "1"\n\nmsgid "a"\nmsgstr "2"\n')
    assert err.line == 7 and "first at line 4" in err.message


def test_same_msgid_in_other_context_or_obsolete_is_fine() -> None:
    po = parse_po((HEADER + 'msgctxt "x"\nmsgid "a"\nmsgstr "1"\n\nmsgid "a"\nmsgstr "2"\n\n'
                   '#~ msgid "a"\n#~ msgstr "3"\n').encode())
    assert [(e.msgctxt, e.msgstr, e.obsolete) for e in po] == [
        ("x", "1", False), (None, "2", False), (None, "3", True)]


def test_previous_msgid_and_plurals_are_read() -> None:
    po = parse_po((HEADER + '#, fuzzy\n#| msgid ""\n#| "old "\n#| "text"\nmsgid "new"\n'
                   'msgstr "neu"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "1"\n'
                   'msgstr[1] "2"\n').encode())
    assert po[0].previous_msgid == "old text" and po[0].fuzzy
    assert po[1].msgstr_plural == {0: "1", 1: "2"}


@pytest.mark.parametrize(("body", "line"), [
    ('msgstr "x"\n', 4), ('msgid "a"\n', 4), ('msgid "a"\nmsgstr "b" junk\n', 5),
    ('msgid "a"\nmsgstr[0] "b"\n', 4), ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 4),
    ('msgid "a"\nmsgstr "b\\q"\n', 5), ('msgid "a"\nmsgstr "b"\nbogus "c"\n', 6),
])
def test_malformed_entries_are_errors(body: str, line: int) -> None:
    assert error_of(HEADER + body).line == line


@pytest.mark.slow
def test_agrees_with_polib_on_sphinx_s_own_catalogs() -> None:
    files = sorted(Path(sphinx.__file__).parent.glob("locale/*/LC_MESSAGES/sphinx.po"))
    assert len(files) > 20
    for path in files:
        ours, theirs = parse_po(path.read_bytes(), path), polib.pofile(str(path), wrapwidth=79)
        assert dump_po(ours) == dump_po(theirs), path


def test_write_atomic_writes_only_changes(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    assert write_atomic(target, b"one\n")
    mtime = target.stat().st_mtime_ns
    assert not write_atomic(target, b"one\n")
    assert target.stat().st_mtime_ns == mtime
    assert write_atomic(target, b"two\n") and target.read_bytes() == b"two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


FR = HEADER.replace('\\n"', '\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', 1)


@pytest.mark.parametrize(("data", "message", "line"), [
    (b'msgid "a"\nmsgstr "b"\n', "no header entry", 1),
    (FR.replace("UTF-8", "ISO-8859-1").encode() + 'msgid "a"\nmsgstr "é"\n'.encode(),
     "declares charset ISO-8859-1", 1),
    (FR.replace("(n > 1)", "(n >>> 1)").encode() + b'msgid "a"\nmsgstr "b"\n',
     "malformed plural expression", 1),
    (FR.encode() + b'msgid "a"\nmsgstr "\\xff"\n', "not UTF-8", 6),
    (FR.encode() + b'msgid "a"\nmsgstr "\\q"\n', "invalid escape", 6),
])
def test_what_would_publish_wrong_text_is_an_error_in_both_readers(
    data: bytes, message: str, line: int
) -> None:
    from coppub.scan import scan_states

    for read in (parse_po, scan_states):
        with pytest.raises(CatalogError, match=message) as info:
            read(data, "x.po")
        assert info.value.line == line, read


def test_byte_escapes_are_utf8_bytes_as_msgfmt_reads_them() -> None:
    po = parse_po((FR + 'msgid "phones"\nmsgstr "t\\303\\251l\\xc3\\xa9phones"\n').encode())
    assert po[0].msgstr == "téléphones"
    # written back as plain text: `coppub update` never turns it into "tÃ©lÃ©phones"
    assert "téléphones" in dump_po(po).decode()


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e", "\x0b"])
def test_characters_python_breaks_lines_at_are_text_inside_a_string(char: str) -> None:
    po = parse_po((FR + f'msgid "a"\nmsgstr "b{char}c"\n').encode())
    assert po[0].msgstr == f"b{char}c"
    assert parse_po(dump_po(po))[0].msgstr == f"b{char}c"


MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None and not os.environ.get("CI"),
                                  reason="gettext's msgfmt is not installed (.ci/run does)")
PIECES = ["a", "é", " ", "\\n", "\\t", "\\\\", '\\"', "\\x41", "\\303\\251", "\\q", "\\x",
          "\\777", "\u2028", "\x85", "\x1c", '"', "\\", "\\xc3", "\\a"]


@needs_msgfmt
@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6))
def test_accepts_exactly_what_msgfmt_accepts(tmp_path_factory: pytest.TempPathFactory,
                                             pieces: list[str]) -> None:
    """Differential test against GNU msgfmt on generated string bodies."""
    folder = tmp_path_factory.mktemp("msgfmt")
    body = "".join(pieces)
    path = folder / "x.po"
    # within < >: msgfmt's own checks on a leading or trailing \n are not syntax
    path.write_bytes((FR + f'msgid "a"\nmsgstr "<{body}>"\n').encode())
    done = subprocess.run([str(MSGFMT), "-o", str(folder / "x.mo"), str(path)],
                          capture_output=True, text=True)
    try:
        ours: str | None = parse_po(path.read_bytes(), path)[0].msgstr
    except CatalogError:
        ours = None
    expected: str | None = None
    if done.returncode == 0:
        try:
            with (folder / "x.mo").open("rb") as mo:
                expected = gettext.GNUTranslations(mo).gettext("a")
        except UnicodeDecodeError:
            # msgfmt copies escaped bytes that are not UTF-8 into the .mo, where every
            # reader fails on them: coppub refuses such a file (its one deliberate
            # difference from msgfmt).
            expected = None
    assert ours == expected, (body, done.stderr)


def test_catalogs_in_names_each_domain_by_its_path_in_path_order(tmp_path: Path) -> None:
    from coppub.model import catalogs_in

    folder = tmp_path / "fr"
    for name in ("b.po", "a.b/c.po", "a/b.po", "a/z/x.po", "notes.txt", ".po", "old.pot"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/linked.po").write_text("", encoding="utf-8")
    (folder / "link").symlink_to(tmp_path / "elsewhere")  # a linked folder is not entered
    found = catalogs_in(folder)
    assert list(found) == ["a/b", "a/z/x", "a.b/c", "b"]  # as sorted paths: part by part
    assert found["a/z/x"] == folder / "a/z/x.po"
    assert list(catalogs_in(folder, ".pot")) == ["old"]
    assert catalogs_in(tmp_path / "missing") == {}
