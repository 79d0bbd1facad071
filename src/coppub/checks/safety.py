"""Safety: a translation cannot add a link, change where one goes, or smuggle markup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import RST_ONLY, Message, check, tree
from .rest import inline, outside_literals

UNSAFE = re.compile(r"\b(?:javascript|vbscript|data|file)\s*:", re.I)
_HTML = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_DIRECTIVE = re.compile(r"(?m)^\s*\.\.\s+(?:[\w:.+-]+\s*::|\|[^|]+\|\s+[\w:-]+::)")
_TARGET = re.compile(r"(?m)^\s*\.\.\s+(?:_[^:]*|__):|(?<![\w`]):?_`[^`]+`")
_COMMENT = re.compile(r"(?m)^\s*\.\.(?:\s|$)")
_ROLE_NAME = re.compile(r"(?<![\w`]):(raw(?:-[\w]+)?):`", re.I)


@check("E301", "do not add links: use only the URLs the source has", RST_ONLY)
def new_urls(m: Message) -> Iterator[str]:
    """No URL that the source does not have.

    Bad:  msgid "Read the guide."   msgstr "Lisez le guide : https://evil.example/"
    Good: msgid "Read the guide."   msgstr "Lisez le guide."
    """
    src, dst = inline(m.source), inline(m.translation)
    known = set(src.urls) | set(src.links)
    added = sorted((set(dst.urls) | set(dst.links)) - known)
    if added:
        yield "URL(s) not in the source: " + ", ".join(added)


@check("E302", "keep every link target exactly; translate only the link text", RST_ONLY)
def changed_targets(m: Message) -> Iterator[str]:
    """Each link of the source keeps its target.

    Bad:  msgid "`UN <https://un.org/>`_"   msgstr "`ONU <https://un.example/>`_"
    Good: msgid "`UN <https://un.org/>`_"   msgstr "`ONU <https://un.org/>`_"
    """
    src, dst = inline(m.source).links, inline(m.translation).links
    if src and src != dst:  # a link where the source has none is E301's
        yield "link targets changed: source " + ", ".join(sorted(src) or ["none"]) + \
            "; translation " + ", ".join(sorted(dst) or ["none"])


@check("E303", "remove javascript:, data:, vbscript: and file: addresses", RST_ONLY)
def unsafe_schemes(m: Message) -> Iterator[str]:
    """No javascript:, data:, vbscript: or file: address.

    Bad:  msgstr "`Cliquez <javascript:alert(1)>`_"
    Good: msgstr "Cliquez sur le lien du texte original."
    """
    found = UNSAFE.findall(outside_literals(m.translation))
    if found and len(found) > len(UNSAFE.findall(outside_literals(m.source))):
        yield "unsafe address scheme: " + ", ".join(sorted(set(f.lower() for f in found)))


@check("E304", "reST has no HTML: use reST markup (**bold**) or plain text, as the source "
       "does", RST_ONLY)
def raw_html(m: Message) -> Iterator[str]:
    """No HTML tag and no raw role that the source does not have.

    In reST an HTML tag is not markup: readers would see ``<b>`` as it is written. A raw
    role (``:raw-html:``) would insert it unescaped, which is never allowed.
    Bad:  msgstr "La <b>confiance</b> grandit."
    Good: msgstr "La **confiance** grandit."
    """
    def found(text: str) -> tuple[list[str], list[str]]:
        text = outside_literals(text)
        raw = _ROLE_NAME.findall(text)
        text = re.sub(r"`[^`]*<[^<>`]+>`_{0,2}", " ", text)  # link targets are not HTML
        text = re.sub(r":[\w.+-]+:`[^`]*`", " ", text)  # nor role targets
        return _HTML.findall(text), raw
    tags, raw = found(m.translation)
    src_tags, src_raw = found(m.source)
    if len(raw) > len(src_raw):
        yield "the raw role(s) " + ", ".join(f":{r}:" for r in raw) + \
            " would insert unescaped HTML"
    if len(tags) > len(src_tags):
        yield ("text that looks like HTML (" + ", ".join(tags[:3]) + "): reST shows it to "
               "readers as written, it does not format anything")


@check("E305", "remove directives and comments (lines starting with '..')", RST_ONLY)
def directives(m: Message) -> Iterator[str]:
    """No directive (``.. name::``) or comment that the source does not have.

    Bad:  msgstr ".. raw:: html\\n\\n   <script>…</script>"
    Good: msgstr "Le texte seul, traduit."
    """
    src = len(_DIRECTIVE.findall(m.source)) + len(_COMMENT.findall(m.source))
    dst = len(_DIRECTIVE.findall(m.translation)) + len(_COMMENT.findall(m.translation))
    if dst > src:
        yield "directive or comment added"


@check("E306", "remove targets (.. _name: or _`name`): they create new links", RST_ONLY)
def new_targets(m: Message) -> Iterator[str]:
    """No new hyperlink target.

    Bad:  msgstr ".. _evil: https://evil.example/"
    Good: msgstr "Le texte traduit."
    """
    if len(_TARGET.findall(m.translation)) > len(_TARGET.findall(m.source)):
        yield "hyperlink target added"


@check("E300", "translate the text only: add no link, target, role, directive or block")
def structure(m: Message) -> Iterator[str]:
    """Parsed as Sphinx parses it, the translation adds nothing its source lacks.

    The guarantee behind the other safety checks: the translation is parsed by docutils
    in a sandbox (no directive runs, only the source's roles exist) and its tree is
    compared with the source's, whatever line separators, spaces or escapes it uses.
    Bad:  msgid "Read the guide."   msgstr "Lisez\\r\\r.. include:: /etc/passwd"
    Bad:  msgid "Read the guide."   msgstr "Lisez le `guide <evil.html>`_."
    Good: msgid "Read the guide."   msgstr "Lisez le guide."
    """
    yield from tree.problems(m.source, m.translation, m.syntax)


@check("E307", "remove invisible direction and zero-width characters")
def invisible_characters(m: Message) -> Iterator[str]:
    """No bidi control or zero-width character that the source does not have.

    Joiners (ZWNJ, ZWJ) are allowed in scripts whose spelling needs them (Arabic script
    for Persian, Dari, Urdu, Pashto; Indic scripts).
    Bad:  msgstr "La \\u202econfiance grandit."
    Good: msgstr "La confiance grandit."
    """
    yield from tree.invisible(m.source, m.translation, m.language.script)


@check("E308", "shorten the translation: it is far longer than its source")
def too_long(m: Message) -> Iterator[str]:
    """A translation is at most a few times as long as its source (20,000 characters).

    Bad:  msgid "Trust."   msgstr "Confiance." followed by 10,000 spaces
    Good: msgid "Trust."   msgstr "Confiance."
    """
    if len(m.translation) > tree.length_limit(m.source):
        yield (f"{len(m.translation)} characters, more than "
               f"{tree.length_limit(m.source)} for this message")
