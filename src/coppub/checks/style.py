"""Whitespace, structure and style."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..stats import count_words
from . import RST_ONLY, Message, check
from .rest import inline, outside_literals

#: End punctuation that counts as the same, across scripts.
#: A full stop may become a question or an exclamation in a rephrased sentence.
_END = {".": ".。۔?؟？!！", "?": "?؟？", "!": "!！", ":": ":：", ";": ";؛"}


def _diff(kind: str, source: object, translation: object) -> str:
    return f"{kind}: source has {source}, translation has {translation}"


@check("W401", "keep leading and trailing spaces as in the source")
def outer_whitespace(m: Message) -> Iterator[str]:
    """Leading and trailing whitespace is the same.

    Bad:  msgid " and "   msgstr "et"
    Good: msgid " and "   msgstr " et "
    """
    if m.source[:1].isspace() != m.translation[:1].isspace():
        yield "leading whitespace differs"
    if m.source[-1:].isspace() != m.translation[-1:].isspace():
        yield "trailing whitespace differs"


@check("W402", "end with '::' like the source (it introduces a code block)", RST_ONLY)
def double_colon(m: Message) -> Iterator[str]:
    """A trailing ``::`` is kept (a warning: in a translated build the code block is a node
    of its own, so the page still shows it; only the colon before it is lost).

    Bad:  msgid "For example::"   msgstr "Par exemple :"
    Good: msgid "For example::"   msgstr "Par exemple ::"
    """
    if m.source.rstrip().endswith("::") and not m.translation.rstrip().endswith("::"):
        yield "the source ends with '::', the translation does not"


@check("W404", "copy inline literals (``…``) exactly, unless the project translates them", RST_ONLY)
def literals(m: Message) -> Iterator[str]:
    """Inline literals are code or commands: they usually stay unchanged.

    A warning, not an error: a literal is shown as it is written, never run, and some
    projects translate literals on purpose (interface labels). (Was E103.)

    Bad:  msgid "Run ``coppub todo``."   msgstr "Lancez ``coppub à faire``."
    Good: msgid "Run ``coppub todo``."   msgstr "Lancez ``coppub todo``."
    """
    src, dst = inline(m.source).literals, inline(m.translation).literals
    if src != dst:
        yield _diff("inline literals", sorted(src) or "none", sorted(dst) or "none")


_STRUCTURE = re.compile(r"\n\s*\n|\n\s*(?:\| |[-*+] |\d+[.)] |#\. )|::\s*$")


@check("W403", "keep the line breaks of the source", RST_ONLY)
def line_breaks(m: Message) -> Iterator[str]:
    """Where line breaks carry structure (blank lines, line blocks, lists), they are kept.

    Bad:  msgid "First\\n\\n| line\\n| block"   msgstr "Premier | ligne | bloc"
    Good: msgid "a\\nb" (a paragraph wrapped in the source)   msgstr "a b"
    """
    if not _STRUCTURE.search(m.source):
        return  # a wrapped paragraph: its line breaks mean nothing
    if m.source.count("\n") != m.translation.count("\n"):
        yield (f"{m.source.count(chr(10))} line break(s) in the source, "
               f"{m.translation.count(chr(10))} in the translation")


@check("W501", "translate the message, or confirm it stays as it is")
def identical(m: Message) -> Iterator[str]:
    """A long translation identical to its source is probably not translated.

    A message that is only a URL, a link, code or a role's target is not prose: it may
    stay as it is.
    Bad:  msgid "The police depend on trust."   msgstr "The police depend on trust."
    Good: msgid "UNPOL"                          msgstr "UNPOL"
    Good: msgid "https://peacekeeping.un.org/en/police"   (the same)
    """
    if m.translation == m.source and count_words(outside_literals(m.source)) >= 4:
        yield "the translation is identical to the source"


@check("W502", "end with the same punctuation as the source")
def end_punctuation(m: Message) -> Iterator[str]:
    """Sentence-final punctuation matches (in the target script's form).

    Bad:  msgid "Is it safe?"   msgstr "هل هو آمن."
    Good: msgid "Is it safe?"   msgstr "هل هو آمن؟"
    """
    src = m.source.rstrip().rstrip("\"'»”’)]*`_")
    dst = m.translation.rstrip().rstrip("\"'»”’«)]*`_\u00a0\u202f ")
    if not src or not dst:
        return
    last = src[-1]
    if last in _END and src[-2:] != "::" and dst[-1] not in _END[last]:
        yield f"the source ends with {last!r}, the translation with {dst[-1]!r}"
