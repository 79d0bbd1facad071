"""Titles of other pages, shown in the source language, say so.

A page links other pages by their titles: the sidebar's table of contents, the previous
and next links, the breadcrumbs, the EPUB's table of contents. Sphinx writes those titles
as plain text, so where a chapter's title is not translated yet, a Dari page shows an
English title with no ``lang``, and a screen reader reads it with a Dari voice. Sphinx
marks the untranslated titles themselves (``translation_progress_classes``); this
module notes them per page (the page's own title, and its sections by id, with their
text) and gives the links to them ``lang`` and ``dir`` of the source language (links in
running text: :mod:`coppub.sphinxext.references`).

The marks are added to what Sphinx's templates write (their links carry no language
otherwise), matched on the links' own addresses, never on their text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .notes import per_document

#: Sphinx's internal links: the address, then the rest of the start tag.
_LINK = re.compile(r'<a (class="[^"]*\breference internal\b[^"]*" href="([^"#]*)(#[^"]*)?")')


class NoteSourceTitles(SphinxTransform):
    """Note the page's titles left in the source language ("" is the page's own title,
    ``#id`` a section's), after Sphinx marks them (priority 950; doctree-read is 880)."""

    default_priority = 960

    def apply(self, **kwargs: Any) -> None:
        found: dict[str, str] = {}  # "" or "#id" -> the title's text (cross-references)
        every: dict[str, str] = {}  # the same, of every title
        first = True
        for title in self.document.findall(nodes.title):
            section = title.parent
            if not isinstance(section, nodes.section):
                continue
            text = title.astext()
            anchors = [f"#{i}" for i in section["ids"]] + ([""] if first else [])
            every.update((anchor, text) for anchor in anchors)
            if "untranslated" in title.get("classes", []):
                found.update((anchor, text) for anchor in anchors)
            first = False
        per_document(self.env, "coppub_source_titles")[self.env.docname] = found
        per_document(self.env, "coppub_titles")[self.env.docname] = every


class Marker:
    """Marks the links of one page whose target title is in the source language."""

    def __init__(self, app: Sphinx, pagename: str, source_tag: str) -> None:
        self.titles: dict[str, dict[str, str]] = per_document(app.env, "coppub_source_titles")
        self.every: dict[str, dict[str, str]] = per_document(app.env, "coppub_titles")
        self.pagename = pagename
        self.folder = posixpath.dirname(pagename)
        self.suffix = str(getattr(app.builder, "link_suffix", ".html"))
        self.attributes = f'lang="{source_tag}" dir="ltr"'

    def source_title(self, href: str, anchor: str = "") -> str | None:
        """The text of the title that ``href`` (relative to this page; "" for this page)
        and ``anchor`` ("" for the page's title, or ``#id``) link, if it shows in the
        source language."""
        docname = self.target(href)
        found = {} if docname is None else self.titles.get(docname, {})
        if isinstance(found, set):  # noted by an earlier coppub: anchors only, no text
            return "" if anchor in found else None
        return found.get(anchor)

    def translated_title(self, href: str, anchor: str = "") -> str | None:
        """The same, if it shows translated."""
        docname = self.target(href)
        if docname is None or anchor in self.titles.get(docname, {}):
            return None
        return self.every.get(docname, {}).get(anchor)

    def target(self, href: str) -> str | None:
        """The document ``href`` (relative to this page; "" for this page) links."""
        if not href:
            return self.pagename
        if "://" in href or not href.endswith(self.suffix):
            return None
        return posixpath.normpath(posixpath.join(self.folder, href[:-len(self.suffix)]))

    def in_source(self, href: str, anchor: str = "") -> bool:
        """Whether the title that ``href`` (relative to this page) links shows in the
        source language."""
        return self.source_title(href, anchor) is not None

    def links(self, html: str) -> str:
        def mark(match: re.Match[str]) -> str:
            if self.in_source(match[2], match[3] or ""):
                return f"<a {self.attributes} {match[1]}"
            return match[0]
        return _LINK.sub(mark, html)

    def wrapped(self, function: Callable[..., str]) -> Callable[..., str]:
        def marked(*args: Any, **kwargs: Any) -> str:
            return self.links(function(*args, **kwargs))
        return marked

    def title(self, link: dict[str, Any] | None) -> None:
        """A previous/next/parent link (Sphinx gives its title as HTML)."""
        if link and self.in_source(str(link.get("link", "")).split("#")[0]):
            link["title"] = f'<span {self.attributes}>{link["title"]}</span>'


def page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
         doctree: Any) -> None:
    """``html-page-context``, in a translated edition: mark the links to titles still in
    the source language (table of contents, previous, next, breadcrumbs)."""
    from . import current_language, source_tag

    _code, language = current_language(app)
    if language is None:
        return
    marker = Marker(app, pagename, source_tag(app))
    if callable(context.get("toctree")):
        context["toctree"] = marker.wrapped(context["toctree"])
    for name in ("prev", "next"):
        marker.title(context.get(name))
    for parent in context.get("parents") or []:
        marker.title(parent)
    if isinstance(context.get("toc"), str):
        context["toc"] = marker.links(context["toc"])
