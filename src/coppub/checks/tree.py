"""One parse of a translation, shared by ``coppub check`` and the build.

A translation is untrusted text that Sphinx parses with the full reST parser. Instead of
looking for dangerous strings, coppub parses each translation itself with docutils' own
parser -- the one Sphinx uses, so every line separator, escape and spacing trick is read
exactly as the build reads it -- in a sandbox:

* no directive can run: every directive lookup is refused (``include``, ``raw``,
  ``role``, ``default-role``, substitution definitions… all are directives);
* only the roles its source uses exist, as inert placeholders: nothing is registered
  in docutils' global registry;
* the parsed tree is compared with the source's: a translation may contain no node, URL,
  reference, target, image or raw content that its source lacks.

The compile step leaves a rejected translation out of the ``.mo`` file, so Sphinx never
sees it: what Sphinx parses is only text whose parse was already found harmless.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

#: Nodes that only format text: a translation may use them freely.
FORMATTING = frozenset({
    "document", "paragraph", "Text", "emphasis", "strong", "inline", "literal",
    "title_reference", "abbreviation", "acronym", "subscript", "superscript", "generated",
})

#: Roles whose text is prose (translated freely); any other role's target or content is
#: kept exactly, since it says where a link goes or what is inserted.
PROSE_ROLES = frozenset({
    "abbr", "emphasis", "strong", "literal", "sub", "subscript", "sup", "superscript",
    "title-reference", "title", "t", "guilabel", "menuselection", "kbd", "file", "samp",
    "command", "program", "dfn", "mailheader", "makevar", "mimetype", "regexp", "default",
})
#: Roles whose target is in ``<…>`` (or is the whole text): only the shown text may change.
XREF_ROLES = frozenset({"ref", "doc", "term", "numref", "download", "any", "keyword",
                        "option", "envvar", "token", "pep", "rfc", "manpage"})

#: A generous bound on a translation's length: longer ones are refused before parsing.
MAX_LENGTH = 20_000


def length_limit(source: str) -> int:
    """The longest translation accepted for ``source`` (several times its length)."""
    return min(MAX_LENGTH, max(2_000, 6 * len(source)))


@dataclass(frozen=True)
class Parsed:
    """What a parse found that matters for safety."""

    features: Counter[tuple[str, ...]]
    #: Directives and roles the text asked for and did not get.
    refused: tuple[str, ...]
    #: docutils' warnings and errors, normalised.
    messages: tuple[str, ...]


def normalise_url(url: str) -> str:
    """A URL as it will be followed: no whitespace, lower-case scheme and host, unquoted."""
    url = "".join(url.split())
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc.lower()
    return parts._replace(scheme=parts.scheme.lower(), netloc=netloc,
                          path=unquote(parts.path)).geturl()


_ROLE_IN_TEXT = re.compile(r":([A-Za-z][\w.+:-]*):`")
_MYST_ROLE = re.compile(r"\{([A-Za-z][\w.+:-]*)\}`")


@functools.lru_cache(maxsize=4096)  # asked three times per message
def role_names(text: str, syntax: str = "rst") -> frozenset[str]:
    """Role names ``text`` may use (``:term:`…```), lower-cased as docutils looks them up.

    Found by a pattern on the *trusted* source only; a name the pattern misses is simply
    refused in the translation, which is the safe side.
    """
    pattern = _MYST_ROLE if syntax == "myst" else _ROLE_IN_TEXT
    return frozenset(name.lower() for name in pattern.findall(text))


@contextlib.contextmanager
def _sandbox(roles: frozenset[str], refused: list[str]) -> Iterator[None]:
    """Make docutils refuse every directive and know only ``roles``, then restore it."""
    from docutils import nodes
    from docutils.parsers.rst import directives as rst_directives
    from docutils.parsers.rst import roles as rst_roles

    def directive(name: str, *args: Any, **kwargs: Any) -> tuple[None, list[Any]]:
        refused.append(f"directive {name!r}")
        return None, []

    def inert(name: str) -> Any:
        def role(role_name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: Any = None, content: Any = None) -> tuple[list[Any], list[Any]]:
            node = nodes.inline(rawtext, text)
            node["coppub-role"] = name
            node["coppub-target"] = _role_target(name, text)
            return [node], []
        return role

    def role(name: str, *args: Any, **kwargs: Any) -> tuple[Any, list[Any]]:
        key = name.lower()
        if key == "":  # `text`: whatever conf.py's default_role makes of it
            return inert("default"), []
        if key in roles:
            return inert(key), []
        refused.append(f"role {name!r}")
        return None, []

    saved = rst_directives.directive, rst_roles.role
    rst_directives.directive, rst_roles.role = directive, role  # type: ignore[assignment]
    try:
        yield
    finally:
        rst_directives.directive, rst_roles.role = saved


def _one_machine(syntax: str) -> contextlib.AbstractContextManager[None]:
    """For reST, one state machine run again for every message (:mod:`coppub.rstmachine`:
    building one is about half the cost of parsing a short message)."""
    from .. import rstmachine

    return rstmachine.reused() if syntax == "rst" else contextlib.nullcontext()


def _role_target(name: str, text: str) -> str:
    """What a translation must keep of a role's text: nothing, its target, or all of it."""
    base = name.rsplit(":", 1)[-1]
    if base in PROSE_ROLES:
        return ""
    if base in XREF_ROLES or ":" in name:
        match = re.search(r"<([^<>]+)>\s*$", text)
        target = (match.group(1) if match else text).strip().lstrip("~!")
        return target.lower() if base == "term" else target
    return text


@functools.lru_cache(maxsize=2)
def _settings(syntax: str = "rst") -> Any:
    from docutils.frontend import get_default_settings
    from docutils.utils import Reporter

    settings = get_default_settings(_parser_class(syntax))
    settings.report_level = Reporter.SEVERE_LEVEL + 1
    settings.halt_level = Reporter.SEVERE_LEVEL + 1
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.character_level_inline_markup = False
    settings.smart_quotes = False
    if syntax == "myst":
        # Every syntax extension MyST has that adds nodes, so that the sandbox sees at
        # least what any project's configuration makes of the text (linkify needs a
        # package of its own; it only turns bare URLs into links, which E300 compares).
        settings.myst_enable_extensions = MYST_EXTENSIONS
        # Markdown's inline and block HTML become raw nodes, which E300 then refuses by
        # name; with raw disabled MyST would only warn, hiding what the text asked for.
        settings.raw_enabled = True
    return settings


#: MyST's syntax extensions the sandbox reads translations with (a superset of a project's).
MYST_EXTENSIONS = ("amsmath", "attrs_block", "attrs_inline", "colon_fence", "deflist",
                   "dollarmath", "fieldlist", "html_admonition", "html_image",
                   "strikethrough", "substitution", "tasklist")


class MystUnavailable(RuntimeError):
    """A message from a Markdown document, and myst-parser is not installed."""


def _parser_class(syntax: str) -> Any:
    """docutils' reST parser, or MyST's docutils parser for Markdown messages."""
    if syntax == "myst":
        try:
            from myst_parser.parsers.docutils_ import Parser as MystParser
        except ImportError as exc:
            raise MystUnavailable("myst-parser is not installed") from exc
        return MystParser
    from docutils.parsers.rst import Parser

    return Parser


#: Characters that can start inline markup, a standalone URI or an e-mail address.
_INLINE_CHARS = frozenset("*`|_[]\\:@<>")
#: The same for Markdown (MyST): also HTML entities, math, substitutions, strikethrough.
_MYST_CHARS = _INLINE_CHARS | frozenset("!&$~{}#+=-")
_ENUMERATOR = re.compile(r"\(?[0-9A-Za-z#]+[.)]")
_PLAIN = Parsed(Counter(), (), ())


def plain(text: str, syntax: str = "rst") -> bool:
    """True when the parser can only read ``text`` as one paragraph of plain text.

    One line (by docutils' own line separators, which are Python's), no character that
    can start inline markup, and a first word that cannot start a list, a field, a
    directive or a block quote. Most messages are like that; they skip the parse.
    """
    special = _MYST_CHARS if syntax == "myst" else _INLINE_CHARS
    if len(text.splitlines()) > 1 or not text.strip() or special.intersection(text):
        return False
    first = text.split(None, 1)[0]
    return text[0].isalnum() and not _ENUMERATOR.fullmatch(first)


@functools.lru_cache(maxsize=65536)
def parse(text: str, roles: frozenset[str], syntax: str = "rst") -> Parsed:
    """Parse ``text`` as Sphinx would, in the sandbox; ``roles`` are the roles allowed.

    ``syntax`` is the document's: "rst", or "myst" for Markdown read by MyST (raises
    MystUnavailable when myst-parser is not installed: such text is never published
    unparsed).
    """
    from docutils import nodes
    from docutils.utils import Reporter, new_document

    if plain(text, syntax):
        return _PLAIN
    Parser = _parser_class(syntax)
    refused: list[str] = []
    document = new_document("<translation>", _settings(syntax))
    messages: list[str] = []
    document.reporter.attach_observer(
        lambda m: messages.append(_message(m)) if m["level"] >= Reporter.WARNING_LEVEL
        else None)
    try:
        with _sandbox(roles, refused), _one_machine(syntax):
            Parser().parse(text, document)
    except (RecursionError, Exception) as exc:  # noqa: BLE001 - "* * * …" nests lists
        # until docutils (and Sphinx, in a build) overflows the stack: never publishable
        return Parsed(Counter({("unparseable",): 1}),
                      (f"a structure docutils cannot parse ({type(exc).__name__})",), ())
    features: Counter[tuple[str, ...]] = Counter()
    for node in document.findall(nodes.Node):
        features.update(_features(node))
    return Parsed(features, tuple(refused), tuple(sorted(messages)))


def _message(message: Any) -> str:
    first = message.astext().splitlines()[0] if message.astext() else ""
    first = re.sub(r'"[^"]*"', '"…"', first)
    return re.sub(r"\d+", "N", first)


def _features(node: Any) -> Iterator[tuple[str, ...]]:
    """What a node brings to a page that a translation must not add."""
    from docutils import nodes

    if isinstance(node, nodes.Text):
        return
    name = node.tagname
    if "coppub-role" in node:
        yield ("role", node["coppub-role"], node["coppub-target"])
        return
    if name in ("system_message", "problematic"):
        return  # markup errors: E201 compares docutils' messages
    if name == "reference":
        if "refuri" in node:
            yield ("link", normalise_url(node["refuri"]))
        elif "refname" in node:
            yield ("reference", node["refname"])
        elif node.get("anonymous"):
            yield ("anonymous reference",)
        return
    if name == "target":
        if "refuri" in node:
            yield ("link", normalise_url(node["refuri"]))
        embedded = "refuri" in node and isinstance(node.parent, nodes.TextElement)
        if not embedded:  # `text <url>`_ names its target after the (translated) text
            yield ("target", *sorted(node.get("names", ())))
        return
    if name in ("footnote_reference", "citation_reference", "substitution_reference"):
        yield (name, node.get("refname", "") or ("auto" if node.get("auto") else ""))
        return
    if name == "image":
        yield ("image", normalise_url(node.get("uri", "")))
        return
    if name == "raw":
        yield ("raw", node.get("format", ""), node.astext())
        return
    if name not in FORMATTING:
        yield ("element", name)


#: Characters that open or close markup. A translation may add a few (emphasis, say), but
#: not many: docutils' inline parser takes time quadratic in runs of them ("`x <" repeated),
#: so a translation with far more than its source is refused before it is parsed.
BUDGETED = "`*|_[]<>\\"


def over_budget(source: str, translation: str) -> str:
    """The markup characters ``translation`` has far more of than ``source`` ('' if none)."""
    return "".join(c for c in BUDGETED
                   if translation.count(c) > 2 * source.count(c) + 24)


def problems(source: str, translation: str, syntax: str = "rst") -> list[str]:
    """Why ``translation`` may not replace ``source`` (empty: it is safe to publish)."""
    if len(translation) > length_limit(source):
        return []  # E308 reports it; nothing longer is ever parsed
    extra = over_budget(source, translation)
    if extra:
        return [f"far more markup characters ({' '.join(extra)}) than its source: refused "
                "unparsed"]
    allowed = role_names(source, syntax)
    try:
        src, dst = parse(source, allowed, syntax), parse(translation, allowed, syntax)
    except MystUnavailable:
        return ["it comes from a Markdown (MyST) document and myst-parser is not installed "
                "here, so it cannot be checked: install myst-parser (the project's "
                "build needs it anyway)"]
    except Exception as exc:  # noqa: BLE001 - a parse that fails publishes nothing
        return [f"the translation cannot be parsed: {type(exc).__name__}"]
    found = [f"uses {what}, which its source does not" for what in dst.refused
             if what not in src.refused]
    added = dst.features - src.features
    found += [_describe(feature) for feature in sorted(set(added))]
    return found


def _describe(feature: tuple[str, ...]) -> str:
    kind, *rest = feature
    detail = " ".join(f"{r!r}" for r in rest)
    names = {"link": "a link to", "element": "a", "role": "the role", "target": "a target",
             "raw": "raw content", "image": "an image", "reference": "a reference to"}
    return f"adds {names.get(kind, kind)} {detail} that its source does not have".replace(
        "  ", " ")


#: Characters that change how text is displayed without being seen.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
#: Scripts whose orthography needs a joiner or non-joiner between letters.
JOINER_SCRIPTS = frozenset({"Arab", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu",
                            "Knda", "Mlym", "Sinh", "Khmr", "Mymr", "Syrc", "Mong"})


def invisible(source: str, translation: str, script: str | None = None) -> list[str]:
    """Bidi controls and zero-width characters the source does not have (in number)."""
    found = []
    for char in sorted(set(translation) & (BIDI_CONTROLS | ZERO_WIDTH)):
        if translation.count(char) <= source.count(char):
            continue
        if char in "\u200c\u200d" and (script is None or script in JOINER_SCRIPTS):
            continue
        found.append(f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip())
    if found:
        return ["invisible character(s) that can make the text read differently from what "
                "reviewers see: " + ", ".join(found)]
    return []
