"""The EPUB edition: one EPUB 3 file per language, offered at ``build/site/downloads/``.

Sphinx's EPUB builder makes it, replaced by coppub's subclass
(:mod:`coppub.editions.epub_builder`: metadata, right-to-left, fonts, cover,
accessibility, reproducible bytes); like the HTML, it writes again only the pages whose
document was read again or whose links changed (:mod:`coppub.sphinxext.freshness`),
zips the whole book every build and is copied into the site atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from .files import FileEdition

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: Files Sphinx's basic theme puts in every EPUB that no page uses (the web pages'
#: expand/collapse icons; file.png stays: epub.css draws it).
UNUSED = ("_static/minus.png", "_static/plus.png")


class EpubEdition(FileEdition):
    name = "epub"
    builder = "epub"
    label = "EPUB"
    link_text = "Download the EPUB"
    suffix = "epub"
    media_type = "application/epub+zip"

    def setup(self, app: Sphinx) -> None:
        from .epub_builder import CoppubEpubBuilder, RemoteImagesAsLinks

        app.add_builder(CoppubEpubBuilder, override=True)
        app.add_post_transform(RemoteImagesAsLinks)

    def configure(self, config: Config, settings: Settings, code: str, *, title: str,
                  description: str, rights: str) -> None:
        book = settings.book
        config.epub_title = title
        config.epub_description = description or title
        if book.author:
            config.epub_author = book.author
        if book.publisher:
            config.epub_publisher = book.publisher
        if rights:
            config.epub_copyright = rights
        uid = Path(self.file_name(settings, code)).stem
        config.epub_basename = config.epub_uid = config.epub_identifier = uid
        config.epub_scheme = "URN"
        # coppub's builder draws the cover (the translated title) into cover.svg.
        config.epub_cover = ("cover.svg", "")
        # Sphinx keeps a backup of its build info beside the book's files; never pack it.
        config.epub_exclude_files = [*config.epub_exclude_files, ".buildinfo",
                                     ".buildinfo.bak", *UNUSED]
        if config.epub_theme == "epub":  # Sphinx's own: its epub.css does not import it
            config.epub_exclude_files.append("_static/basic.css")


EPUB = EpubEdition()
