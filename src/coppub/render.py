"""coppub's own pages and documents, from the Jinja2 templates in ``templates/``.

``site/`` holds the site's landing, downloads and dashboard pages, ``sphinxext/`` what
the Sphinx extension adds to pages (switcher, banner, hreflang links, the outdated
paragraph's box), ``epub/`` the EPUB's cover and style sheet, ``report/`` the badges.
HTML, XHTML and SVG templates are autoescaped: a translated title is text, never markup.
(``epub3/`` holds the package templates Sphinx's own EPUB builder renders; see
:mod:`coppub.editions.epub_builder`.)
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(("html", "xhtml", "svg", "xml")),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render(name: str, **context: Any) -> str:
    """The template ``name`` (a path under ``templates/``) filled with ``context``."""
    return environment().get_template(name).render(**context)


def macros(name: str) -> Any:
    """The macros of the template ``name``, as attributes (``macros(n).start(text)``):
    for writers that emit an element's start and end at different times."""
    return environment().get_template(name).module
