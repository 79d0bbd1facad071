"""The HTML edition: Sphinx's HTML builder with coppub's theme and page context, read
online at ``build/site/<lang>/``, swapped in atomically (:func:`coppub.site.publish_folder`),
and offered whole as one zip on the downloads page, to read offline: unpacked anywhere,
its pages, figures and search work from ``file://``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from . import Download, Edition

if TYPE_CHECKING:
    from sphinx.config import Config


#: The offline archive's link on the downloads page (an interface message).
OFFLINE = "Download to read offline (zip)"


class HtmlEdition(Edition):
    name = "html"
    builder = "html"
    label = "HTML"
    link_text = "Read online"

    def configure(self, config: Config, settings: Settings, code: str, *, title: str,
                  description: str, rights: str) -> None:
        config.html_title = config.html_short_title = title

    def publish(self, settings: Settings, code: str, built: Path) -> Path:
        from ..site import publish_folder
        from .archive import folder_files, write_zip

        published = publish_folder(settings, code, built)
        archive = self._archive(settings, code)
        write_zip(archive, folder_files(published, archive.stem))
        return published

    def packed(self, settings: Settings, code: str, built: Path) -> list[tuple[str, Path]]:
        from ..site import NOT_PUBLISHED

        found = ((path.relative_to(built), path) for path in sorted(built.rglob("*")))
        return [(rel.as_posix(), path) for rel, path in found
                if path.is_file() and not NOT_PUBLISHED.intersection(rel.parts)]

    def _archive(self, settings: Settings, code: str) -> Path:
        from ..site import site_dir

        return site_dir(settings) / "downloads" / f"{settings.book.slug or 'book'}-{code}-html.zip"

    def download(self, settings: Settings, code: str) -> Download | None:
        path = self._archive(settings, code)
        if not path.exists():
            return None
        return Download(path=path, href=f"downloads/{path.name}", label="HTML (zip)",
                        link_text=OFFLINE,
                        media_type="application/zip", size=path.stat().st_size)

    def published(self, settings: Settings, code: str) -> bool:
        from ..site import site_dir

        return (site_dir(settings) / code / "index.html").exists()

    def withdraw(self, settings: Settings, code: str) -> None:
        from ..site import site_dir

        shutil.rmtree(site_dir(settings) / code, ignore_errors=True)
        self._archive(settings, code).unlink(missing_ok=True)

    def href(self, settings: Settings, code: str) -> str:
        return f"{code}/index.html"


HTML = HtmlEdition()
