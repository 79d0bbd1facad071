"""Editions published as one file each, offered on the downloads page (EPUB, PDF)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from . import Download, Edition


class FileEdition(Edition):
    """One file per language, copied atomically into ``build/site/downloads/``."""

    #: The file's extension (``epub``) and media type.
    suffix: str
    media_type: str

    def file_name(self, settings: Settings, code: str) -> str:
        return f"{settings.book.slug or 'book'}-{code}.{self.suffix}"

    def _target(self, settings: Settings, code: str) -> Path:
        from ..site import site_dir

        return site_dir(settings) / "downloads" / self.file_name(settings, code)

    def publish(self, settings: Settings, code: str, built: Path) -> Path:
        from ..pofiles import write_atomic

        target = self._target(settings, code)
        write_atomic(target, (built / self.file_name(settings, code)).read_bytes())
        return target

    def packed(self, settings: Settings, code: str, built: Path) -> list[tuple[str, Path]]:
        name = self.file_name(settings, code)
        return [(name, built / name)]

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
                        link_text=self.link_text,
                        media_type=self.media_type, size=path.stat().st_size)
