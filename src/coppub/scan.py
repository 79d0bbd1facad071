"""A fast, validating scan of a catalog for statistics: keys, fuzzy flags, emptiness.

Counting does not need unescaped strings, comments or locations, so one regular
expression walks the file's text. Anything it does not fully recognise (an
unterminated string, text after a quote, msgstr forms an entry may not have, duplicates)
is handed to the strict parser, which either reads the file or raises the error with its
line, and so are the few lines between entries that are not blank (obsolete entries, a
comment with no entry): the fast path never accepts what the strict one refuses (a
property test holds them to it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError
from .model import FUZZY, TRANSLATED, UNTRANSLATED, Key, escaped, state
from .pofiles import check_header, parse_po, read_catalog_bytes, unescape

if TYPE_CHECKING:
    import polib

# Possessive quantifiers (``*+``, ``++``, ``?+``): a catalog's grammar never needs to give
# back what a part matched, and the engine then keeps no state to backtrack (a third faster)
_S = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t]*+\n'   # one quoted string to the end of its line
_MORE = rf'(?:[ \t]*+{_S})*+'               # continuation lines
_ENTRY = re.compile(
    rf'(?P<comments>(?:#[^~\n][^\n]*+\n|#\n)*+)'
    rf'(?:msgctxt[ \t]++(?P<ctx>{_S}{_MORE}))?+'
    rf'msgid[ \t]++(?P<id>{_S}{_MORE})'
    rf'(?:msgid_plural[ \t]++(?P<plural>{_S}{_MORE}))?+'
    rf'(?P<strs>(?:msgstr(?:\[\d+\])?+[ \t]++{_S}{_MORE})++)',
)
_GAP = re.compile(r'(?:[ \t]*+\n|#[^\n]*+\n)*+')   # blank lines, comments, obsolete entries


def _obsolete(keyword: str) -> str:
    return rf'#~[ \t]*+{keyword}[ \t]++{_S}(?:#~[ \t]*+{_S})*+'


# Between entries: blank lines, and obsolete entries of the usual shape (comments other
# than previous msgids, then msgctxt, msgid and msgstr, each once), which need no strict
# reading
_OBSOLETE_GAP = re.compile(
    rf'(?:[ \t]*+\n|(?:#[^~|\n][^\n]*+\n|#\n)*+(?:{_obsolete("msgctxt")})?+'
    rf'{_obsolete("msgid")}{_obsolete("msgstr")})*+')
#: One obsolete entry's msgctxt and msgid, in a gap _OBSOLETE_GAP matched
_OBSOLETE_KEY = re.compile(
    rf'(?m)^(?:#~[ \t]*+msgctxt[ \t]++(?P<ctx>{_S}(?:#~[ \t]*+{_S})*+))?+'
    rf'#~[ \t]*+msgid[ \t]++(?P<id>{_S}(?:#~[ \t]*+{_S})*+)')
_OBSOLETE_MARK = re.compile(r'\n#~[ \t]*+')
_FUZZY = re.compile(r'^#,.*\bfuzzy\b', re.M)
_FORM = re.compile(r'msgstr(?:\[\d+\])?[ \t]+')
_INDEX = re.compile(r'^msgstr\[(\d+)\]', re.M)



_JOINT = re.compile(r'"[ \t]*\n[ \t]*"')
#: Escapes the fast path leaves to the strict parser: invalid ones, and byte escapes
#: (\xHH, octal), which must decode as UTF-8 together.
_UNUSUAL_ESCAPE = re.compile(r'\\(?:[^ntr\\"abfv]|$)')
_BYTE_ESCAPE = re.compile(r'\\(?:x|[0-7])')
_NONEMPTY = re.compile(r'"(?:[^"\\\n]|\\.)')  # a string with at least one character


def _joined(raw: str) -> str:
    """The escaped text of a (possibly multi-line) string, independent of wrapping."""
    joined = raw.rstrip().replace('"\n"', "")  # as the tools write them: no indent
    if "\n" not in joined:
        return joined[1:-1]
    return _JOINT.sub("", joined)[1:-1]


def _state(comments: str, plural: bool, strs: str) -> str:
    """:func:`model.state`, read from the entry's text (tests hold the two equal)."""
    if plural:
        filled = [_NONEMPTY.search(f) is not None for f in _FORM.split(strs)[1:]]
        done, some = all(filled), any(filled)
    else:
        done = some = _NONEMPTY.search(strs) is not None
    if comments and "fuzzy" in comments and _FUZZY.search(comments):
        return FUZZY if some else UNTRANSLATED
    return TRANSLATED if done else UNTRANSLATED


def _strict(data: bytes, path: Path) -> dict[Key, str]:
    po = parse_po(data, path)
    return {(e.msgctxt, escaped(e.msgid)): state(e) for e in po if not e.obsolete}


def scan_states(data: bytes, path: Path, states_too: bool = True) -> dict[Key, str]:
    """(msgctxt, escaped msgid) -> state, for every active entry but the header
    (``states_too`` False: each key's state is left "", a template's keys are wanted)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(data, path)  # raises with the line
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.endswith("\n"):
        text += "\n"
    if "\\" in text and _UNUSUAL_ESCAPE.search(text.replace("\\\\", "")):
        return _strict(data, path)
    states: dict[Key, str] = {}
    obsolete: set[tuple[str | None, str]] = set()  # the strict parser refuses repeats too
    header = False
    pos = 0
    for match in _ENTRY.finditer(text):
        start, end = match.span()
        if start != pos and (start != pos + 1 or text[pos] != "\n") \
                and not _gap(text, pos, start, path, obsolete):
            return _strict(data, path)
        pos = end
        comments, ctx, msgid, plural, strs = match.groups()
        if not _forms(plural is not None, strs) or (comments and "#|" in comments and (
                start > 0 and not text.endswith("\n\n", 0, start)
                or _parsed(match.group(0), path) is None)):
            # msgstr forms it may not have, or previous msgids: read alone, or right
            # below another entry (whose they are for the strict parser)
            return _strict(data, path)
        key = (None if ctx is None else unescape(_joined(ctx)), _joined(msgid))
        if not key[1] and ctx is None:
            if header or states or obsolete or "#~" in match.group(0):
                return _strict(data, path)  # a second or late header: the strict error
            header = True
            if plural is not None or not _sound_header(_fields(strs), data, path):
                return _strict(data, path)  # its error, at its line, as it finds it first
            continue
        if key in states:
            return _strict(data, path)  # duplicate: the strict parser names the lines
        states[key] = _state(comments, plural is not None, strs) if states_too else ""
    if not _gap(text, pos, len(text), path, obsolete) or not header:
        return _strict(data, path)  # raises: trailing junk, or no header entry
    return _normalised(states, text)


def _sound_header(fields: dict[str, str] | None, data: bytes, path: Path) -> bool:
    """Whether a header's ``fields`` (None: not simple ones) hold a charset that is the
    file's and a plural rule that parses."""
    if fields is None:
        return False
    try:
        check_header(fields, data, path, 1)
    except CatalogError:
        return False
    return True


def _fields(strs: str) -> dict[str, str] | None:
    """The header's fields, read as the strict parser reads them from its ``msgstr``
    (``strs``); None if a line is not ``Name: value``, or there is none (its errors)."""
    fields = {}
    for line in unescape(_joined(strs[6:].lstrip(" \t"))).split("\n"):
        if line.strip():
            name, colon, value = line.partition(":")
            if not colon:
                return None
            fields[name.strip()] = value.strip()
    return fields or None


def _gap(text: str, start: int, end: int, path: Path,
         obsolete: set[tuple[str | None, str]]) -> bool:
    """Whether what lies between two entries is blank lines and well-formed obsolete
    entries (comments belong to an entry: the strict parser reads those of a gap) whose
    keys are not in ``obsolete``, the keys of the gaps before, which it gains."""
    if _OBSOLETE_GAP.fullmatch(text, start, end) is not None:  # blank lines are one
        keys = [(None if m["ctx"] is None else _obsolete_text(m["ctx"]),
                 _obsolete_text(m["id"])) for m in _OBSOLETE_KEY.finditer(text, start, end)]
    elif (start == 0 or text.startswith("\n", start)) \
            and _GAP.fullmatch(text, start, end) is not None:
        # (after a blank line only: "#|", "#~|" or "#~ #," lines right below an entry
        # are that entry's for the strict parser)
        po = _parsed(text[start:end], path)
        if po is None:
            return False
        keys = [(e.msgctxt, e.msgid) for e in po if e.obsolete]
    else:
        return False
    before = len(obsolete)
    obsolete.update(keys)
    return len(obsolete) == before + len(keys)


def _obsolete_text(raw: str) -> str:
    """The text of an obsolete entry's (possibly multi-line) string, as the strict parser
    compares it: joined, and unescaped where it has escapes."""
    if "#~" in raw:
        raw = _OBSOLETE_MARK.sub("\n", raw)
    joined = _joined(raw)
    return unescape(joined) if "\\" in joined else joined


_HEADER = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _parsed(text: str, path: Path) -> polib.POFile | None:
    """``text`` (some lines of a catalog, whole entries) as the strict parser reads it;
    None if it refuses them."""
    try:
        return parse_po(_HEADER + text.encode("utf-8"), path)
    except CatalogError:
        return None


def _forms(plural: bool, strs: str) -> bool:
    """Whether an entry's msgstr lines are the ones it may have: one ``msgstr``, or
    (with ``msgid_plural``) ``msgstr[0]``, ``msgstr[1]``... in order."""
    if not plural:
        return strs[6] != "[" and "\nmsgstr" not in strs
    return [int(n) for n in _INDEX.findall(strs)] == list(range(strs.count("\nmsgstr") + 1))


def _normalised(states: dict[Key, str], text: str) -> dict[Key, str]:
    """Make escaped msgids canonical (``\\x41`` and octal forms are spelled out); ``text``:
    the catalog's, which holds every escape its msgids hold."""
    if _BYTE_ESCAPE.search(text) is None:
        return states
    return {(ctx, escaped(unescape(msgid))): v for (ctx, msgid), v in states.items()}


def read_states(path: Path) -> dict[Key, str]:
    """Scan the catalog at ``path``; raise :class:`CatalogError` if it is malformed."""
    return scan_states(read_catalog_bytes(path), path)


def template_messages(path: Path) -> dict[Key, str]:
    """(msgctxt, escaped msgid) -> unescaped msgid, for a template."""
    states = scan_states(read_catalog_bytes(path), path, states_too=False)
    return {key: unescape(key[1]) for key in states}
