from __future__ import annotations

from pathlib import Path

import polib
import pytest
import sphinx

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
