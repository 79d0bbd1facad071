"""The HTML edition: Sphinx's HTML builder with coppub's theme and page context, read
online at ``build/site/<lang>/``, swapped in atomically (:func:`coppub.site.publish_folder`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from . import Edition

if TYPE_CHECKING:
    from sphinx.config import Config


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

        return publish_folder(settings, code, built)

    def published(self, settings: Settings, code: str) -> bool:
        from ..site import site_dir

        return (site_dir(settings) / code / "index.html").exists()

    def withdraw(self, settings: Settings, code: str) -> None:
        from ..site import site_dir

        shutil.rmtree(site_dir(settings) / code, ignore_errors=True)

    def href(self, settings: Settings, code: str) -> str:
        return f"{code}/index.html"


HTML = HtmlEdition()
