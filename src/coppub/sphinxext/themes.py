"""Right-to-left pages on the themes Sphinx projects use.

coppub's own theme is written with logical CSS properties, so ``dir="rtl"`` mirrors it.
Other themes place their columns with physical properties (``float: left``,
``margin-left``, ``left: 0``), and none of alabaster, furo, sphinx_rtd_theme,
pydata-sphinx-theme or sphinx-book-theme ships right-to-left styles. In a right-to-left
edition coppub adds, after the theme's own stylesheets, one sheet that keeps code
left-to-right on any theme and one that mirrors the known theme's columns and drawers.
Left-to-right editions get nothing of this: they stay exactly as plain Sphinx makes them,
except that a page showing one of coppub's own elements (the partial-translation banner,
an outdated-translation marker) links one small sheet that styles those elements only.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).resolve().parent.parent / "theme" / "rtl"
#: The sheet for coppub's own elements on other themes (see :func:`add_page_styles`).
PAGES = Path(__file__).resolve().parent.parent / "theme" / "pages"
#: The classes of coppub's elements that sheet styles.
STYLED = ('class="coppub-banner"', 'class="coppub-outdated"')
#: Themes with a mirroring sheet, and the sheets their parents need first.
MIRRORED = {
    "alabaster": ("alabaster",),
    "furo": ("furo",),
    "sphinx_rtd_theme": ("sphinx_rtd_theme",),
    "pydata_sphinx_theme": ("pydata_sphinx_theme",),
    "sphinx_book_theme": ("pydata_sphinx_theme", "sphinx_book_theme"),
}
#: The builders whose pages use the HTML theme (the EPUB has its own styles).
HTML_BUILDERS = ("html", "dirhtml")
#: After the theme's sheets and extensions' (500), before the project's html_css_files.
PRIORITY = 700


def add_rtl_styles(app: Sphinx, config: Config) -> None:
    """Add the right-to-left sheets for ``config.html_theme`` (call in builder-inited, for
    an HTML builder of a right-to-left edition)."""
    theme = str(config.html_theme or "")
    if theme == "coppub":
        return
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    app.add_css_file("coppub-rtl.css", priority=PRIORITY)
    for name in MIRRORED.get(theme, ()):
        app.add_css_file(f"coppub-rtl-{name}.css", priority=PRIORITY)


def offer_page_styles(config: Config) -> None:
    """Make the sheet for coppub's own elements available to a translated edition's pages
    (call in builder-inited, for an HTML builder, on any theme but coppub's)."""
    if str(config.html_theme or "") != "coppub":
        config.html_static_path = [*config.html_static_path, str(PAGES)]


def add_page_styles(app: Sphinx, body: str) -> None:
    """Link that sheet from this page if it shows one of coppub's elements (call in
    html-page-context: Sphinx then adds the sheet to this page only)."""
    if str(app.config.html_theme or "") != "coppub" and any(c in body for c in STYLED):
        # the builder's own method: Sphinx 7.2's app.add_css_file only registers a sheet
        # for the next build, whatever the event
        app.builder.add_css_file("coppub-pages.css", priority=PRIORITY)  # type: ignore[attr-defined]
