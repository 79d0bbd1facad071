"""The last line of defence: a translated page contains nothing its source page lacks.

Translations are checked before they are compiled (:mod:`coppub.checks.tree`), but a
project may use a parser or an extension coppub does not know (MyST lets Markdown carry
raw HTML). So after a translated edition is built, and before it is published, every
page is compared with the same page of the source-language edition: no element kind,
attribute, URL, script, style, event handler, ``<meta>`` or embedded object may appear
that the source page does not have. A violation fails the language; its previous
edition stays published.

What legitimately differs is allowed: text, ``lang``/``dir``, ids and fragments (they
follow translated titles), class names, and the links between language editions (the
folder of another language is read as "some language").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .pofiles import write_atomic

#: Attributes whose value is an address the browser or reader may load or follow.
URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "action", "formaction", "poster", "data", "cite",
    "background", "xlink:href", "ping", "longdesc", "manifest", "codebase", "archive",
    "usemap", "icon", "profile",
})
#: Elements that load, run or embed something: never more of them than the source has.
ACTIVE = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
    "meta", "base", "form", "input", "button", "textarea", "select", "img", "video",
    "audio", "source", "track", "svg", "math", "template", "portal", "noscript",
})
#: Inert elements coppub itself writes around an outdated translation (the note, the
#: folded source text, what changed) and above a page not fully translated (the banner,
#: a note's division holding a paragraph, where the source page may have no paragraph
#: at all: a title and a table of contents): they load and run nothing, and a
#: translation cannot produce them (its parse may add no element, E300).
COPPUB_ELEMENTS = frozenset({"details", "summary", "del", "ins", "div", "p"})
#: Attributes of those elements that change no behaviour: the banner's ``role="note"``.
COPPUB_ATTRIBUTES = frozenset({"role"})
#: Inline formatting a translation may add (the check allows emphasis, strong, literals,
#: abbreviations…, which languages use differently: French sets foreign words in
#: italics): such elements load and run nothing.
FORMATTING_ELEMENTS = frozenset({"em", "strong", "code", "span", "cite", "abbr", "sub",
                                 "sup", "i", "b"})
#: Attributes whose value may differ freely between languages.
FREE_VALUES = frozenset({"lang", "xml:lang", "dir", "id", "class", "alt", "title",
                         "aria-label", "content", "name", "value", "placeholder"})


@dataclass
class Page:
    """What one page brings: element kinds, attribute names, addresses, active elements."""

    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    active: dict[str, int] = field(default_factory=dict)


def read_page(text: str, languages: Iterable[str], folder: str = "") -> Page:
    """What a page brings; ``folder`` is its folder inside the edition (``""``: the root).

    The page is parsed as a browser parses it (HTML5, by Lexbor): the elements and
    attributes compared are those a browser would build, the contents of ``<template>``
    elements included (inert until a script copies them, so they count too).
    """
    page = Page()
    reader = _Addresses(languages, folder)
    fragments = [LexborHTMLParser(text).root]
    while fragments:
        fragment = fragments.pop()
        if fragment is None:
            continue
        for node in fragment.traverse(include_text=False):
            tag = node.tag
            if tag is None or tag.startswith("-"):  # a fragment itself, comments
                continue
            _read_element(page, reader, tag.lower(), node.attributes)
        fragments += fragment.template_fragments()
    return page


def _read_element(page: Page, reader: _Addresses, tag: str,
                  attributes: dict[str, str | None]) -> None:
    page.tags.add(tag)
    loads = tag in ("script", "link", "img", "source") and any(
        n in ("src", "href", "srcset") for n in attributes)
    if tag in ACTIVE and not loads:  # what it loads is compared as an address
        page.active[tag] = page.active.get(tag, 0) + 1
    for name, value in attributes.items():
        name = name.lower()
        page.attributes.add(name)
        if name in URL_ATTRIBUTES and value is not None:
            for url in (value.split(",") if name == "srcset" else [value]):
                address = reader.address(url.strip().split(" ")[0])
                if address is not None:
                    page.urls.add(address)


class _Addresses:
    """Addresses as compared: no fragment, other languages' folders generalised."""

    def __init__(self, languages: Iterable[str], folder: str) -> None:
        self._folder = folder
        codes = "|".join(re.escape(c) for c in sorted(languages, key=len, reverse=True))
        self._language_folder = re.compile(rf"^\.\./(?:{codes})/") if codes else None

    def address(self, url: str) -> str | None:
        url = "".join(url.split())
        if not url or url.startswith("#"):
            return None  # a fragment of this page: ids follow translated titles
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return parts._replace(fragment="", scheme=parts.scheme.lower(),
                                  netloc=parts.netloc.lower()).geturl()
        path = parts._replace(fragment="").geturl()
        # As a path from the edition's root folder; a page of another language's edition
        # (../fr/x.html, the switcher, the banner's guide link) counts as the same page.
        path = posixpath.normpath(posixpath.join(self._folder, path)) if path else path
        if self._language_folder is not None:
            path = self._language_folder.sub("", path)
        return path


def _built_file(address: str, root: Path) -> bool:
    """True for a relative address to a file the build itself wrote under ``_static/`` or
    ``_images/``.

    Sphinx adds language files there (translations.js, a stemmer, the localized figures
    of ``figure_language_filename``) and versions addresses with ``?v=…``; a translation
    cannot write files, and cannot add an image (E300), only the build can.
    """
    if urlsplit(address).scheme or address.startswith(("/", "..")):
        return False
    target = (root / urlsplit(address).path).resolve()
    return target.is_file() and any((root / folder).resolve() in target.parents
                                    for folder in ("_static", "_images"))


def compare(source: Page, translated: Page, root: Path | None = None,
            allowed: Iterable[str] = ()) -> list[str]:
    """What ``translated`` has that ``source`` lacks (empty: it may be published).

    With ``root`` (the translated edition's folder), addresses of files the build wrote
    into ``_static/`` are allowed; so are the ``allowed`` addresses (those coppub's
    extension wrote from conf.py, such as "Translate this page").
    """
    permitted = set(allowed)
    found = []
    for tag in sorted(translated.tags - source.tags - COPPUB_ELEMENTS - FORMATTING_ELEMENTS):
        found.append(f"element <{tag}>")
    for tag, count in sorted(translated.active.items()):
        if count > source.active.get(tag, 0) and tag in source.tags:
            found.append(f"{count - source.active.get(tag, 0)} more <{tag}> element(s)")
    for name in sorted(translated.attributes - source.attributes):
        kind = "event handler" if name.startswith("on") else "attribute"
        if name not in ("lang", "xml:lang", "dir") and name not in COPPUB_ATTRIBUTES:
            found.append(f"{kind} {name}=")
    for url in sorted(translated.urls - source.urls):
        if url in permitted or (root is not None and _built_file(url, root)):
            continue
        found.append(f"address {url}")
    return found


@dataclass(frozen=True)
class Violation:
    """A translated page that has something its source page lacks."""

    page: str
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.page}: adds " + "; ".join(self.problems[:5]) + (
            f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else "")


#: What each page brought, by key, in every guard this process ran: the source edition's
#: pages are compared with each language's, and read once for all of them.
_SEEN: dict[str, dict[str, Any]] = {}
_SEEN_AT_MOST = 50_000
#: How pages are read: what a memo kept by another reader holds is not reused.
_READER = b"html5"


def guard(source_dir: Path, translated_dir: Path, languages: Iterable[str],
          allowed: Iterable[str] = (),
          suffixes: tuple[str, ...] = (".html", ".xhtml"),
          memo: Path | None = None) -> list[Violation]:
    """Compare every page of ``translated_dir`` with the same page in ``source_dir``.

    A page the source edition does not have at all is a violation too, except the pages
    coppub and Sphinx make themselves (search, index, cover, navigation).

    ``memo``: a file where what each page brings is kept, by its exact bytes (and folder
    and the languages), so that after a small change only the pages that changed are
    read again; the comparison itself always runs. Within one process, a page is read
    once whichever guard asks for it (the source edition's, for every language).
    """
    codes = list(languages)
    permitted = set(allowed)
    known = _load_memo(memo)
    used: dict[str, dict[str, Any]] = {}

    def brings(path: Path, folder: str) -> Page:
        data = path.read_bytes()
        key = hashlib.sha256(b"\0".join([_READER, data, folder.encode(),
                                          " ".join(codes).encode()])).hexdigest()
        if key not in used:
            used[key] = _SEEN.get(key) or known.get(key) or _as_json(
                read_page(data.decode("utf-8", errors="replace"), codes, folder))
            if len(_SEEN) >= _SEEN_AT_MOST:
                _SEEN.clear()
            _SEEN[key] = used[key]
        return _from_json(used[key])

    violations = []
    for path in sorted(translated_dir.rglob("*")):
        if path.suffix not in suffixes or not path.is_file():
            continue
        relative = path.relative_to(translated_dir)
        twin = source_dir / relative
        if not twin.is_file():
            violations.append(Violation(str(relative), ("a page the source edition lacks",)))
            continue
        folder = "" if relative.parent == Path(".") else relative.parent.as_posix()
        found = compare(brings(twin, folder), brings(path, folder), translated_dir, permitted)
        if found:
            violations.append(Violation(str(relative), tuple(found)))
    if memo is not None:
        with contextlib.suppress(OSError):  # only a cache
            write_atomic(memo, json.dumps(used, sort_keys=True).encode())
    return violations


def _as_json(page: Page) -> dict[str, Any]:
    return {"tags": sorted(page.tags), "attributes": sorted(page.attributes),
            "urls": sorted(page.urls), "active": page.active}


def _from_json(data: dict[str, Any]) -> Page:
    return Page(set(data["tags"]), set(data["attributes"]), set(data["urls"]),
                dict(data["active"]))


def _load_memo(memo: Path | None) -> dict[str, dict[str, Any]]:
    if memo is None:
        return {}
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        return known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        return {}
