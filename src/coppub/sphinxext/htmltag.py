"""``lang`` and ``dir`` on ``<html>``, whatever the theme.

Themes derived from Sphinx's ``basic/layout.html`` (alabaster, coppub's own) print the
``html_tag`` context variable, which :func:`coppub.sphinxext.pages.page_context` sets.
Furo and sphinx_rtd_theme write their ``<html>`` tag literally, outside any block, and
pydata-sphinx-theme (so sphinx-book-theme) sets ``html_tag`` itself inside its template,
over the context's. No Sphinx hook reaches those tags, and smuggling ``dir`` through a
context value the tag prints (``language``, ``content_root``) also changes the places
that value is used elsewhere (``DOCUMENTATION_OPTIONS``, the search's root).

So coppub installs a template bridge (Sphinx's ``template_bridge`` setting, unless the
project set its own): it renders as Sphinx's own loader does, then, on pages coppub's
``html-page-context`` handler marked, gives the page's first start tag, when it is
``<html>``, the right ``lang`` and ``dir``. The tag is found by an HTML parser, not by a
pattern; every other attribute and every other byte of the page is kept.
"""

from __future__ import annotations

import hashlib
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.jinja2glue import BuiltinTemplateLoader

#: The context key page_context sets: the attributes ``<html>`` must carry.
CONTEXT_KEY = "coppub_html_attributes"
BRIDGE = f"{__name__}.TemplateBridge"


class TemplateBridge(BuiltinTemplateLoader):
    """Sphinx's template loader, with ``lang``/``dir`` put right on ``<html>``.

    When the build names a folder (``coppub_template_cache``, which coppub's builds set),
    compiled templates are kept there with Jinja2's own bytecode cache: every edition of
    every language renders the same theme, and compiling its templates took each build
    a few tenths of a second. Jinja2 keys each file by the template's path and checks its
    source's digest; the file names also carry what changes the compiled code (Jinja2's
    version, the environment's class and extensions).
    """

    def init(self, builder: Any, theme: Any = None, dirs: Any = None) -> None:
        super().init(builder, theme, dirs)
        folder = getattr(builder.config, "coppub_template_cache", "")
        if folder:
            self.environment.bytecode_cache = _bytecode_cache(folder, self.environment)

    def render(self, template: str, context: dict[str, Any]) -> str:  # type: ignore[override]
        page: str = super().render(template, context)
        wanted = context.get(CONTEXT_KEY)
        return with_html_attributes(page, wanted) if wanted else page


def _bytecode_cache(folder: str, environment: Any) -> Any:
    import jinja2
    from jinja2.bccache import FileSystemBytecodeCache

    kind = [jinja2.__version__, type(environment).__qualname__,
            *sorted(environment.extensions)]
    prefix = hashlib.sha256("\0".join(kind).encode()).hexdigest()[:16]
    Path(folder).mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(folder, pattern=f"{prefix}-%s.cache")


class _Found(Exception):
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]],
                 position: tuple[int, int], text: str | None) -> None:
        super().__init__(tag)
        self.tag, self.attrs, self.position, self.text = tag, attrs, position, text


class _FirstTag(HTMLParser):
    """Stops at the first start tag (the doctype and comments are not tags)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _Found(tag, attrs, self.getpos(), self.get_starttag_text())

    handle_startendtag = handle_starttag


def with_html_attributes(page: str, wanted: dict[str, str]) -> str:
    """``page`` with ``wanted`` set on its ``<html>`` start tag (others kept, in order).

    A page whose first start tag is not ``<html>`` is returned as it is.
    """
    parser = _FirstTag(convert_charrefs=False)
    try:
        parser.feed(page)
        parser.close()
    except _Found as found:
        if found.tag != "html" or not found.text:
            return page
        line, column = found.position
        start = _offset(page, line, column)
        end = start + len(found.text)
        if page[start:end] != found.text:
            return page
        attrs = dict(found.attrs)
        if all(attrs.get(name) == value for name, value in wanted.items()):
            return page  # the theme printed coppub's html_tag: nothing to change
        attrs.update(wanted)
        rebuilt = "<html" + "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
            for name, value in attrs.items()) + ">"
        return page[:start] + rebuilt + page[end:]
    return page


def _offset(text: str, line: int, column: int) -> int:
    """The index of HTMLParser's (line, column) position (lines counted from 1, by \\n)."""
    index = 0
    for _ in range(line - 1):
        index = text.index("\n", index) + 1
    return index + column
