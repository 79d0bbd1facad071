"""Reading the inline reST of one message: roles, literals, references, links.

Regular expressions, not a full parse: fast enough for 50,000 messages, and enough to
compare a translation with its source. :func:`system_messages` runs docutils itself.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

_LITERAL = re.compile(r"``(.+?)``", re.S)
_ROLE = re.compile(r"(?<![\w`]):([A-Za-z][\w.+-]*(?::[\w.+-]+)?):`((?:[^`\\]|\\.)*)`")
_LINK = re.compile(r"(?<![\w`:])`((?:[^`\\]|\\.)*?)\s*<([^<>`]+)>`(__?)")
_NAMED = re.compile(r"(?<![\w`:])`((?:[^`<\\]|\\.)+)`_(?!_)"
                    r"|(?<![\w`])([A-Za-z0-9][\w.-]*)_(?![\w_])")
_ANONYMOUS = re.compile(r"(?<![\w`:])`(?:[^`<\\]|\\.)+`__|(?<![\w`])[A-Za-z0-9][\w.-]*__(?!\w)")
_FOOTNOTE = re.compile(r"\[(#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]_")
_SUBSTITUTION = re.compile(r"(?<![\w|])\|([^|\s](?:[^|]*[^|\s])?)\|(?:__?)?(?![\w|])")
_SCHEME_URL = re.compile(r"\b(?:https?|ftp|mailto|javascript|vbscript|data|file):[^\s<>`\"]*",
                         re.I)

#: Roles whose content (or <target>) names something the translation must not change.
XREF_ROLES = {"ref", "doc", "term", "numref", "download", "any", "keyword", "option",
              "envvar", "token", "abbr"}


@dataclass(frozen=True)
class Inline:
    """What one message's inline markup refers to."""

    roles: Counter[str]
    targets: Counter[tuple[str, str]]
    literals: Counter[str]
    links: Counter[str]
    named: Counter[str]
    anonymous: int
    footnotes: Counter[str]
    substitutions: Counter[str]
    urls: Counter[str]


def _target(name: str, body: str) -> str:
    match = re.search(r"<([^<>]+)>\s*$", body)
    text = match.group(1) if match else body
    text = text.strip().lstrip("~!")
    return text.lower() if name == "term" else text


@functools.lru_cache(maxsize=65536)
def inline(text: str) -> Inline:
    literals = Counter(_LITERAL.findall(text))
    rest = _LITERAL.sub(" ", text)
    roles: Counter[str] = Counter()
    targets: Counter[tuple[str, str]] = Counter()
    for name, body in _ROLE.findall(rest):
        roles[name] += 1
        if name.split(":")[-1] in XREF_ROLES or ":" in name:
            targets[(name, _target(name, body))] += 1
    rest = _ROLE.sub(" ", rest)
    links = Counter(url.strip() for _t, url, _u in _LINK.findall(rest))
    rest = _LINK.sub(" ", rest)
    named: Counter[str] = Counter()
    for quoted, word in _NAMED.findall(rest):
        named[(quoted or word).strip().lower()] += 1
    anonymous = len(_ANONYMOUS.findall(rest))
    footnotes = Counter(_FOOTNOTE.findall(rest))
    substitutions = Counter(_SUBSTITUTION.findall(rest))
    urls = Counter(url.rstrip(".,;:!?)»”’") for url in _SCHEME_URL.findall(rest))
    return Inline(roles, targets, literals, links, named, anonymous, footnotes,
                  substitutions, urls)


def outside_literals(text: str) -> str:
    """``text`` with its inline literals blanked out."""
    return _LITERAL.sub(" ", text)


#: Characters that can start or end inline markup; text without them parses as itself.
MARKUP_CHARS = frozenset("*`|_[]\\")


@functools.lru_cache(maxsize=1)
def _inliner() -> tuple[Any, Any, Any]:
    """docutils' inline parser, set up once: messages are inline text, and a whole
    document parse per message would cost fifty times more."""
    from docutils.frontend import get_default_settings
    from docutils.languages import get_language
    from docutils.parsers.rst import Parser
    from docutils.parsers.rst.states import Inliner
    from docutils.utils import Reporter, new_document

    settings = get_default_settings(Parser)
    settings.report_level = Reporter.SEVERE_LEVEL + 1
    settings.halt_level = Reporter.SEVERE_LEVEL + 1
    settings.warning_stream = io.StringIO()
    settings.character_level_inline_markup = False
    document = new_document("<message>", settings)
    inliner = Inliner()
    inliner.init_customizations(settings)
    memo = SimpleNamespace(document=document, reporter=document.reporter,
                  language=get_language("en", document.reporter), title_styles=[],
                  section_level=0, section_bubble_up_kludge=False, inliner=inliner)
    return inliner, memo, document


@functools.lru_cache(maxsize=65536)
def system_messages(text: str, roles: frozenset[str]) -> tuple[str, ...]:
    """docutils' complaints about ``text`` as inline reST (roles in ``roles`` are known)."""
    from docutils import nodes
    from docutils.parsers.rst import roles as rst_roles
    from docutils.utils import Reporter

    if not MARKUP_CHARS.intersection(text):
        return ()
    for name in roles:
        if name not in _KNOWN_ROLES:
            rst_roles.register_generic_role(name, nodes.inline)
            _KNOWN_ROLES.add(name)
    inliner, memo, document = _inliner()
    _nodes, messages = inliner.parse(text, 1, memo, document)
    found = [_normalise(m.astext()) for m in messages
             if m["level"] >= Reporter.WARNING_LEVEL]
    document.children.clear()  # the shared document must not grow with every message
    document.transform_messages.clear()
    document.ids.clear()
    document.nameids.clear()
    return tuple(sorted(found))


_KNOWN_ROLES: set[str] = set()


def _normalise(text: str) -> str:
    """A system message without what legitimately differs between languages."""
    first = text.splitlines()[0] if text else text
    first = re.sub(r'"[^"]*"', '"…"', first)
    return re.sub(r"\d+", "N", first)
