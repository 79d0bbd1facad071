"""A fast, validating scan of a catalog for statistics: keys, fuzzy flags, emptiness.

Counting does not need unescaped strings, comments or locations, so one regular
expression walks the file's text. Anything it does not fully recognise (an
unterminated string, text after a quote, entries without blank lines between them,
duplicates) is handed to the strict parser, which either reads the file or raises the
error with its line: the fast path never accepts what the strict one refuses.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import FUZZY, TRANSLATED, UNTRANSLATED, Key, escaped, state
from .pofiles import check_header, parse_po, read_catalog_bytes, unescape

_S = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\n'   # one quoted string to the end of its line
_MORE = rf'(?:[ \t]*{_S})*'                 # continuation lines
_ENTRY = re.compile(
    rf'(?P<comments>(?:#[^~\n][^\n]*\n|#\n)*)'
    rf'(?:msgctxt[ \t]+(?P<ctx>{_S}{_MORE}))?'
    rf'msgid[ \t]+(?P<id>{_S}{_MORE})'
    rf'(?:msgid_plural[ \t]+(?P<plural>{_S}{_MORE}))?'
    rf'(?P<strs>(?:msgstr(?:\[\d+\])?[ \t]+{_S}{_MORE})+)',
)
_GAP = re.compile(r'(?:[ \t]*\n|#[^\n]*\n)*')   # blank lines, comments, obsolete entries
_FUZZY = re.compile(r'^#,.*\bfuzzy\b', re.M)
_FORM = re.compile(r'msgstr(?:\[\d+\])?[ \t]+')



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
    header = False
    pos = 0
    for match in _ENTRY.finditer(text):
        start, end = match.span()
        if start != pos and (start != pos + 1 or text[pos] != "\n") \
                and not _GAP.fullmatch(text, pos, start):
            return _strict(data, path)
        pos = end
        comments, ctx, msgid, plural, strs = match.groups()
        key = (None if ctx is None else unescape(_joined(ctx)), _joined(msgid))
        if not key[1] and ctx is None:
            if header or states or "#~" in match.group(0):
                return _strict(data, path)  # a second or late header: the strict error
            header = True
            po = parse_po(match.group(0).encode("utf-8"), path)  # colon lines, rule
            check_header(po.metadata, data, path, text.count("\n", 0, start) + 1)
            continue
        if key in states:
            return _strict(data, path)  # duplicate: the strict parser names the lines
        states[key] = _state(comments, plural is not None, strs) if states_too else ""
    if _GAP.fullmatch(text, pos) is None or not header:
        return _strict(data, path)  # raises: trailing junk, or no header entry
    return _normalised(states, text)


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
