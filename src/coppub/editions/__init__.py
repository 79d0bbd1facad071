"""Editions: the forms a book is published in (HTML, EPUB, PDF).

Each edition is one module holding one :class:`Edition`: which Sphinx builder makes it
and with which settings, how it is finished (a Sphinx builder subclass the edition
registers with Sphinx), how it is published into the site and withdrawn from it, and how
the downloads and landing pages describe it. The rest of coppub (:mod:`coppub.build`,
:mod:`coppub.site`, :mod:`coppub.publish`, the command line and the Sphinx extension)
asks this registry and never names a format: a new edition is one new module and one
line in :func:`_builtin`.
"""

from __future__ import annotations

import abc
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..config import Settings


@dataclass(frozen=True)
class Download:
    """A published file as the downloads page lists it."""

    path: Path
    #: Its address from the site's root (``downloads/book-fr.epub``).
    href: str
    label: str
    media_type: str
    size: int
    #: The link's words on the downloads page (an interface message, translated).
    link_text: str = ""


class Edition(abc.ABC):
    """One form of the book: built by a Sphinx builder, published into the site."""

    #: The name on the command line and in build folders (``build/<lang>/<name>``).
    name: str
    #: The Sphinx builder that writes it.
    builder: str
    #: What readers see it called (``EPUB``).
    label: str
    #: The link to it on the landing page (an interface message, translated).
    link_text: str
    #: Sphinx writes it whole every time (a packaged file), not only changed pages.
    whole: bool = False

    def overrides(self, settings: Settings, code: str) -> dict[str, Any]:
        """Sphinx settings this edition needs beyond the language's."""
        return {}

    def setup(self, app: Sphinx) -> None:  # noqa: B027 - most editions need nothing
        """Register what the edition needs with Sphinx (a builder, events)."""

    def configure(self, config: Config, settings: Settings, code: str, *, title: str,  # noqa: B027
                  description: str, rights: str) -> None:
        """Set the Sphinx settings of this edition's builder for the book in ``code``
        (``title``, ``description`` and ``rights`` are translated)."""

    @abc.abstractmethod
    def publish(self, settings: Settings, code: str, built: Path) -> Path:
        """Put the edition built in ``built`` into the site, atomically; its new path."""

    @abc.abstractmethod
    def packed(self, settings: Settings, code: str, built: Path) -> list[tuple[str, Path]]:
        """The files of the edition built in ``built`` that :meth:`publish` needs, named
        relative to ``built``: what a per-language artifact carries (:mod:`coppub.artifacts`)."""

    @abc.abstractmethod
    def published(self, settings: Settings, code: str) -> bool:
        """Whether the site holds this edition of ``code``."""

    @abc.abstractmethod
    def withdraw(self, settings: Settings, code: str) -> None:
        """Take ``code``'s edition off the site."""

    @abc.abstractmethod
    def href(self, settings: Settings, code: str) -> str:
        """The address of ``code``'s edition from the site's root."""

    def download(self, settings: Settings, code: str) -> Download | None:
        """The published file to list on the downloads page (None: read online)."""
        return None


@functools.cache
def _builtin() -> tuple[Edition, ...]:
    """The editions coppub ships: add a module's edition here."""
    from .epub import EPUB
    from .html import HTML
    from .pdf import PDF

    return (HTML, EPUB, PDF)


def editions() -> dict[str, Edition]:
    """Every edition by name, in the order they are built and shown."""
    return {edition.name: edition for edition in _builtin()}


def names() -> tuple[str, ...]:
    return tuple(editions())


def edition(name: str) -> Edition:
    """The edition called ``name``; an unknown one is an error that lists the known."""
    found = editions().get(name)
    if found is None:
        raise ConfigError(f"unknown format {name!r}", hint=f"use one of {', '.join(names())}")
    return found
