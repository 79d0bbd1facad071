"""The EPUB edition's Sphinx builder: Sphinx's EPUB 3 builder, shaped through its hooks.

:class:`CoppubEpubBuilder` replaces Sphinx's ``epub`` builder (``coppub.sphinxext``
registers it). Nothing Sphinx writes is rewritten afterwards:

- the package document, navigation document and NCX come from coppub's templates
  (``templates/epub3/``, the builder's ``template_dir``) with the context of
  :meth:`content_metadata`, :meth:`navigation_doc_metadata` and :meth:`toc_metadata`:
  identifier, translated titles, dates, accessibility metadata (EPUB Accessibility 1.1),
  spine direction, cover, localized navigation with landmarks;
- every content document gets ``lang``, ``xml:lang`` and ``dir`` on its root (the
  builder's ``html_tag``) and coppub's style sheet (a registered CSS file);
- before Sphinx lists the book's files, :meth:`handle_finish` writes the cover (the
  translated title drawn as outlines, named by Sphinx's ``epub_cover``), the style sheet
  and a subset of the fonts the book's script needs (:mod:`coppub.scripts`);
- :meth:`build_epub` zips reproducibly: mimetype first and stored, fixed dates
  (``SOURCE_DATE_EPOCH``) and modes, sorted names, written beside and renamed, so a
  failure leaves no half book.

Two marks are made on each page's body as Sphinx hands it to the template
(:meth:`handle_page`), with patterns, because no hook reaches them: ``dir="ltr"`` on
code (Pygments writes its ``<pre>`` itself, and EPUB style sheets may not set
``direction``), and a citation's list-item role. What DAISY Ace requires of every page,
web or EPUB (a heading level on a table of contents' caption, no empty header cell),
:mod:`coppub.sphinxext.aria` marks.
"""

from __future__ import annotations

import functools
import re
import shutil
import time
from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import clock
from ..fonts import cover_fonts, find_font, needs_fonts, subset
from ..languages import Language, bcp47
from ..render import TEMPLATES, render
from ..ui import edition_notice
from .archive import write_zip

#: coppub's style sheet, beside Sphinx's in ``_static``.
CSS = "_static/coppub-epub.css"
_OURS = ("cover.svg", "cover.xhtml", CSS)
_TAGS = re.compile(r"<[^>]+>")
_CODE = re.compile(r"<(pre|code|kbd|tt)(?![^>]*\bdir=)")

#: The conformance claim of an EPUB whose accessibility someone evaluated (EPUB
#: Accessibility 1.1, 2.1: dcterms:conformsTo, with a11y:certifiedBy naming them).
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
#: The accessibility summary (translated through coppub's interface catalog).
ACCESSIBILITY = ("This publication has a table of contents, headings in reading order and "
                 "text alternatives for its images. It contains no known hazards.")


@dataclass(frozen=True)
class Book:
    """What one language's EPUB says about itself."""

    code: str
    language: Language | None
    basename: str
    identifier: str
    title: str
    subtitle: str
    description: str
    author: str
    publisher: str
    rights: str
    version: str
    gettext: Callable[[str], str]
    #: A partial edition's notice ("This edition is 55 % translated…"); "" when complete.
    notice: str = ""
    #: Who evaluated the book's accessibility ([book] accessibility-evaluator): the
    #: package then claims conformance (CONFORMANCE), certified by them.
    evaluator: str = ""

    @property
    def tag(self) -> str:
        return bcp47(self.code)

    @property
    def direction(self) -> str:
        return self.language.direction if self.language else "ltr"


def clean(outdir: Path) -> None:
    """Remove what the last build added, before Sphinx lists the folder."""
    shutil.rmtree(outdir / "fonts", ignore_errors=True)
    for name in _OURS:
        (outdir / name).unlink(missing_ok=True)


def mark_body(body: str) -> str:
    """Code reads left to right; a citation in docutils' citation list is a list item
    (its role doc-biblioentry is deprecated in DPUB-ARIA 1.1, and EPUBCheck warns on
    every one)."""
    body = _CODE.sub(r'<\1 dir="ltr"', body)
    return body.replace(' role="doc-biblioentry"', ' role="listitem"')


class RemoteImagesAsLinks(SphinxPostTransform):
    """An image Sphinx could not download (no network at build time, a dead address)
    would stay a remote reference, which an EPUB may not contain (EPUBCheck RSC-006):
    it becomes a link to the image, with the image's alt text, and a warning."""

    default_priority = 150  # after Sphinx's ImageDownloader (100)
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        from sphinx.util import logging

        logger = logging.getLogger(__name__)
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if "://" not in uri:
                continue
            logger.warning("remote image %s could not be put into the EPUB; a link to it "
                           "is shown instead (build with a connection, or keep the image "
                           "in the project)", uri, location=image, type="coppub",
                           subtype="remote-image")
            text = str(image.get("alt") or uri)
            link = nodes.reference("", text, refuri=uri)
            target = image.parent if isinstance(image.parent, nodes.reference) else image
            target.replace_self(nodes.inline("", "", link) if isinstance(
                target.parent, nodes.TextElement) else nodes.paragraph("", "", link))


class CoppubEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder with coppub's metadata, navigation, cover and fonts."""

    name = "epub"
    template_dir = TEMPLATES / "epub3"  # type: ignore[assignment]
    # EPUB 3.3 core media types: font/woff2 (Brotli-compressed: the Urdu subsets are a
    # third smaller than as WOFF)
    media_types = {**Epub3Builder.media_types, ".svg": "image/svg+xml",
                   ".woff2": "font/woff2"}

    def init(self) -> None:
        clean(Path(self.outdir))
        super().init()
        self.add_css_file(Path(CSS).name)

    @functools.cached_property
    def book(self) -> Book:
        from sphinx.locale import get_translation

        from ..sphinxext import current_language, settings_of

        settings = settings_of(self.app)
        code, language = current_language(self.app)
        title, subtitle, description = self.app._coppub_book  # type: ignore[attr-defined]
        book = settings.book
        base = book.identifier or f"urn:coppub:{book.slug or 'book'}"
        ui = get_translation("sphinx")

        def gettext(message: str) -> str:
            return str(ui(message))

        notice = edition_notice(gettext, language, _edition_percent(settings, code)) \
            if language is not None else ""
        return Book(
            code=code, language=language, basename=self.config.epub_basename,
            identifier=f"{base}:{code}:{book.version or '1.0'}", title=title,
            subtitle=subtitle,
            description=" ".join(filter(None, (description or title, notice))),
            author=book.author, publisher=book.publisher,
            rights=self.app._coppub_rights,  # type: ignore[attr-defined]
            version=book.version or "1.0", gettext=gettext, notice=notice,
            evaluator=book.accessibility_evaluator)

    def labels(self) -> dict[str, str]:
        _ = self.book.gettext
        return {"contents": _("Contents"), "cover": _("Cover"), "landmarks": _("Landmarks"),
                "start": _("Start of content"), "summary": _(ACCESSIBILITY)}

    def root_tag(self) -> str:
        book = self.book
        return ('<html xmlns="http://www.w3.org/1999/xhtml" '
                'xmlns:epub="http://www.idpf.org/2007/ops" '
                f'lang="{book.tag}" xml:lang="{book.tag}" dir="{book.direction}">')

    def prepare_writing(self, docnames: Set[str]) -> None:
        super().prepare_writing(docnames)
        self.globalcontext["html_tag"] = self.root_tag()

    def handle_page(self, pagename: str, addctx: dict[str, Any],
                    templatename: str = "page.html", outfilename: Path | None = None,
                    event_arg: Any = None) -> None:
        if isinstance(addctx.get("body"), str):
            addctx["body"] = mark_body(addctx["body"])
        super().handle_page(pagename, addctx, templatename, outfilename=outfilename,
                            event_arg=event_arg)

    def handle_finish(self) -> None:
        try:
            self.write_extras()
        except (OSError, ValueError) as exc:
            raise ExtensionError(f"coppub: cannot finish the EPUB: {exc}") from exc
        super().handle_finish()

    def write_extras(self) -> None:
        """The cover, the style sheet and the fonts, before Sphinx lists the files."""
        outdir, book = Path(self.outdir), self.book
        pages = sorted(p for p in outdir.rglob("*.xhtml") if p.name not in ("cover.xhtml",
                                                                            "nav.xhtml"))
        text = "".join(_TAGS.sub(" ", p.read_text(encoding="utf-8")) for p in pages)
        text += book.title + book.subtitle + "".join(self.labels().values())
        fonts = []
        for name, weight in zip(needs_fonts(book.language, text), ("normal", "bold"),
                                strict=False):
            href = f"fonts/{Path(name).stem}.woff2"
            (outdir / "fonts").mkdir(exist_ok=True)
            (outdir / href).write_bytes(subset(find_font(name), text, flavor="woff2"))
            fonts.append({"href": href, "weight": weight})
        (outdir / CSS).parent.mkdir(exist_ok=True)
        from ..sphinxext import source_tag

        source = source_tag(self.app)
        (outdir / CSS).write_text(render("epub/coppub-epub.css", fonts=fonts, source=source,
                                         rtl=book.direction == "rtl"), encoding="utf-8")
        (outdir / "cover.svg").write_text(
            render("epub/cover.svg", title=book.title, lines=cover_lines(book),
                   notice=notice_lines(book)), encoding="utf-8")
        (outdir / "cover.xhtml").write_text(render("epub/cover.xhtml", book=book, css=CSS),
                                            encoding="utf-8")

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        metadata.update(book=self.book, labels=self.labels(), conformance=CONFORMANCE,
                        stamp=time.strftime("%Y-%m-%dT%H:%M:%SZ", clock.now()),
                        cover_page=self.make_id("cover.xhtml"))
        return metadata

    def navigation_doc_metadata(self, navlist: list[Any]) -> dict[str, Any]:
        from ..sphinxext import source_tag
        from ..sphinxext.notes import per_document

        metadata = super().navigation_doc_metadata(navlist)
        in_source = _source_titles(navlist, per_document(self.env, "coppub_source_titles"),
                                   self.out_suffix) if self.book.language is not None else set()
        metadata.update(book=self.book, labels=self.labels(), css=CSS, source=source_tag(self.app),
                        in_source=in_source, start=f"{self.config.root_doc}{self.out_suffix}")
        return metadata

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata.update(uid=self.book.identifier, title=self.book.title)
        return metadata

    def build_epub(self) -> None:
        """Zip the book: mimetype first and stored, fixed dates and modes, sorted names."""
        outdir = Path(self.outdir)
        first = ["META-INF/container.xml", "content.opf", "toc.ncx", "nav.xhtml"]
        names = ["mimetype", *first, *sorted(set(self.files) - set(first))]
        write_zip(outdir / f"{self.config.epub_basename}.epub",
                  [(name, outdir / name) for name in names], stored=frozenset({"mimetype"}))


def _source_titles(navlist: list[Any], titles: dict[str, dict[str, str]],
                   suffix: str) -> set[str]:
    """The addresses of the table of contents' entries whose title is still in the
    source language (see :mod:`coppub.sphinxext.navigation`)."""
    found = set()
    for nav in navlist:
        path, _sep, anchor = str(nav.refuri).partition("#")
        docname = path[:-len(suffix)] if path.endswith(suffix) else path
        if (f"#{anchor}" if anchor else "") in titles.get(docname, {}):
            found.add(nav.refuri)
        found |= _source_titles(list(nav.children or []), titles, suffix)
    return found


def cover_lines(book: Book) -> list[dict[str, Any]]:
    """The title and subtitle on a 1600 x 2400 cover: outlines, or text if the font
    lacks a character."""
    fonts = cover_fonts(book.language)
    regular, bold = fonts[0], fonts[-1]
    lines: list[dict[str, Any]] = []
    y = 900.0
    for text, name, size in ((book.title, bold, 150.0), (book.subtitle, regular, 72.0)):
        drawn = _drawn(text, name, size, y)
        lines += drawn
        y += size * 1.6 * len(drawn) + 80
    return lines


def notice_lines(book: Book) -> list[dict[str, Any]]:
    """A partial edition's notice, on the cover's band (nothing for a complete one)."""
    return _drawn(book.notice, cover_fonts(book.language)[0], 44.0, 2310.0, width=1480.0)


def _drawn(text: str, name: str, size: float, y: float,
           width: float = 1300.0) -> list[dict[str, Any]]:
    """``text`` in lines from ``y`` down, centred: outlines, or text if the font lacks
    a character."""
    from ..fonts import cmap, outline

    font = find_font(name)
    lines: list[dict[str, Any]] = []
    for line in _wrap(text, font, size, width):
        if {ord(c) for c in line if not c.isspace()} <= cmap(font):
            shape = outline(line, font, size)
            lines.append({"path": shape.path, "x": (1600 - shape.width) / 2, "y": y,
                          "size": size, "text": line})
        else:
            lines.append({"path": "", "x": 800.0, "y": y, "size": size, "text": line})
        y += size * 1.6
    return lines


def _edition_percent(settings: Any, code: str) -> float:
    """The share of the book's words readers see translated (the gate's measure)."""
    from ..errors import CoppubError
    from ..stats import collect

    try:
        [stats], _errors = collect(settings, [code], checked=True)
    except CoppubError:
        return 100.0  # unmeasurable: say nothing rather than something wrong
    return stats.percent


def _wrap(text: str, font: Path, size: float, width: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` (by words, in logical order)."""
    from ..fonts import advance

    if not text:
        return []
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and advance(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]
