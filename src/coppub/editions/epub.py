"""The EPUB edition: one EPUB 3 file per language, offered at ``build/site/downloads/``.

Sphinx's EPUB builder makes it, replaced by coppub's subclass
(:mod:`coppub.editions.epub_builder`: metadata, right-to-left, fonts, cover,
accessibility, reproducible bytes); the book is written whole every build and copied
into the site atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from . import Download, Edition

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


class EpubEdition(Edition):
    name = "epub"
    builder = "epub"
    label = "EPUB"
    link_text = "Download the EPUB"
    media_type = "application/epub+zip"
    whole = True  # its pages are zipped together: every build writes them all

    def setup(self, app: Sphinx) -> None:
        from .epub_builder import CoppubEpubBuilder

        app.add_builder(CoppubEpubBuilder, override=True)

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
                                     ".buildinfo.bak"]

    def file_name(self, settings: Settings, code: str) -> str:
        return f"{settings.book.slug or 'book'}-{code}.epub"

    def _target(self, settings: Settings, code: str) -> Path:
        from ..site import site_dir

        return site_dir(settings) / "downloads" / self.file_name(settings, code)

    def publish(self, settings: Settings, code: str, built: Path) -> Path:
        from ..pofiles import write_atomic

        target = self._target(settings, code)
        write_atomic(target, (built / self.file_name(settings, code)).read_bytes())
        return target

    def published(self, settings: Settings, code: str) -> bool:
        return self._target(settings, code).exists()

    def withdraw(self, settings: Settings, code: str) -> None:
        self._target(settings, code).unlink(missing_ok=True)

    def href(self, settings: Settings, code: str) -> str:
        return f"downloads/{self.file_name(settings, code)}"

    def download(self, settings: Settings, code: str) -> Download | None:
        path = self._target(settings, code)
        if not path.exists():
            return None
        return Download(path=path, href=self.href(settings, code), label=self.label,
                        media_type=self.media_type, size=path.stat().st_size)


EPUB = EpubEdition()
