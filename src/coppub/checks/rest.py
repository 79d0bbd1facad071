"""Reading the inline reST of one message: roles, literals, references, links.

Regular expressions, not a full parse: fast enough for 50,000 messages, and enough to
compare a translation with its source for the parity checks; safety comes from
:mod:`.tree`, which parses with docutils itself.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

_LITERAL = re.compile(r"``(.+?)``", re.S)
_ROLE = re.compile(r"(?<![\w`]):([A-Za-z][\w.+-]*(?::[\w.+-]+)?):`((?:[^`\\]|\\.)*)`")
# The text part cannot hold "<" or a backtick, so nothing backtracks: linear in the text.
_LINK = re.compile(r"(?<![\w`])`([^`<\\]*(?:\\.[^`<\\]*)*)<([^<>`]+)>`(__?)")
_NAMED = re.compile(r"(?<![\w`:])`((?:[^`<\\]|\\.)+)`_(?!_)"
                    r"|(?<![\w`])([A-Za-z0-9][\w.-]*)_(?![\w_])")
_ANONYMOUS = re.compile(r"(?<![\w`:])`(?:[^`<\\]|\\.)+`__|(?<![\w`])[A-Za-z0-9][\w.-]*__(?!\w)")
_FOOTNOTE = re.compile(r"\[(#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]_")
_SUBSTITUTION = re.compile(r"(?<![\w|])\|([^|\s](?:[^|]*[^|\s])?)\|(?:__?)?(?![\w|])")
_SCHEME_URL = re.compile(r"\b(?:https?|ftp|mailto|javascript|vbscript|data|file):[^\s<>`\"]*",
                         re.I)

#: Roles whose content (or <target>) names something the translation must not change.
#: (Not :abbr:, whose abbreviation and explanation are prose: ICT is TIC in French.)
XREF_ROLES = {"ref", "doc", "term", "numref", "download", "any", "keyword", "option",
              "envvar", "token"}


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
