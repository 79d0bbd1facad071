"""The themes Sphinx projects use, with coppub: an Arabic edition is right-to-left and
mirrored, its switcher and banner work, its search works; the French edition is what
plain ``sphinx-build -D language=fr`` makes, with ``lang`` and ``dir``.

Each theme's editions are built once (module-scoped fixture) from tests/themes_sample and
opened in headless Chromium at phone and desktop widths.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from coppub.cli import main
from tests.conftest import HERE, ROOT, env_without_ci_noise
from tests.searching import search_results

pytestmark = pytest.mark.slow  # builds editions per theme; browser
ARTIFACTS = ROOT / "build" / "test-artifacts" / "themes"
ARABIC_TEXT = "يتعلّم الضباط"  # the first paragraph of patrol.rst, in Arabic
WIDTHS = (360, 1280)


@dataclass(frozen=True)
class Theme:
    """Where a theme puts the navigation sidebar and the text, and how a phone opens it."""

    name: str
    sidebar: str
    content: str
    drawer_toggle: str | None = None  # None: on phones the sidebar goes below the text
    drawer: str = ""
    next_prev: tuple[str, str] | None = None  # links to the next and previous pages


THEMES = [
    Theme("alabaster", "div.sphinxsidebar", "div.body"),
    Theme("furo", ".sidebar-drawer", "article", ".nav-overlay-icon", ".sidebar-drawer",
          ("a.next-page", "a.prev-page")),
    Theme("sphinx_rtd_theme", ".wy-nav-side", ".wy-nav-content", ".wy-nav-top i",
          ".wy-nav-side", ('a[rel="next"]', 'a[rel="prev"]')),
    Theme("pydata_sphinx_theme", ".bd-sidebar-primary", ".bd-article", ".primary-toggle",
          "#pst-primary-sidebar-modal", ("a.right-next", "a.left-prev")),
    Theme("sphinx_book_theme", ".bd-sidebar-primary", ".bd-article", ".primary-toggle",
          "#pst-primary-sidebar-modal", ("a.right-next", "a.left-prev")),
]


@dataclass(frozen=True)
class Built:
    theme: Theme
    root: Path  # served: coppub/ (the site coppub published), plain/fr (sphinx-build)
    url: str


def _copy(into: Path, theme: str, with_coppub: bool) -> Path:
    project = into / ("coppub-project" if with_coppub else "plain-project")
    shutil.copytree(HERE / "themes_sample", project)
    conf = (project / "conf.py").read_text().replace(
        'html_theme = "alabaster"', f'html_theme = "{theme}"')
    if not with_coppub:
        conf = conf.replace('extensions = ["coppub.sphinxext"]', "extensions = []")
    (project / "conf.py").write_text(conf)
    return project


@pytest.fixture(scope="module", params=THEMES, ids=[t.name for t in THEMES])
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    theme: Theme = request.param
    top = tmp_path_factory.mktemp(theme.name)
    project = _copy(top, theme.name, with_coppub=True)
    old = Path.cwd()
    os.chdir(project)
    try:
        assert main(["build", "html", "--all-languages"]) == 0
    finally:
        os.chdir(old)
    serve = top / "serve"
    shutil.copytree(project / "build" / "site", serve / "coppub")
    plain = _copy(top, theme.name, with_coppub=False)
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(plain),
                    "-D", "language=fr", str(plain / "source"), str(serve / "plain" / "fr")],
                   check=True, env=env_without_ci_noise())

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(serve)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield Built(theme, serve, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        httpd.shutdown()


class Page:
    """A browser page that records what went wrong in it (the browser's own favicon
    request aside)."""

    def __init__(self, browser: Any, width: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 800})
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"):
            self.errors.append(message.text)

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        return self.page


def box(page: Any, selector: str) -> dict[str, float]:
    found: dict[str, float] | None = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def html_attributes(page: Any) -> dict[str, str]:
    attributes: dict[str, str] = page.evaluate(
        "Object.fromEntries([...document.documentElement.attributes]"
        ".map(a => [a.name, a.value]))")
    return attributes


_THEME_ERRORS: dict[tuple[str, int], list[str]] = {}


def theme_errors(built: Built, browser: Any, width: int) -> list[str]:
    """What the theme itself reports on plain Sphinx's French page (pydata-sphinx-theme
    logs an error about its colour mode there): coppub may add nothing to it."""
    key = (built.url, width)
    if key not in _THEME_ERRORS:
        plain = Page(browser, width)
        plain.open(f"{built.url}/plain/fr/patrol.html")
        plain.page.close()
        _THEME_ERRORS[key] = plain.errors
    return _THEME_ERRORS[key]


@pytest.mark.parametrize("width", WIDTHS)
def test_arabic_page_is_right_to_left_and_mirrored(built: Built, browser: Any,
                                                   width: int) -> None:
    theme = built.theme
    view = Page(browser, width)
    page = view.open(f"{built.url}/coppub/ar/patrol.html")
    assert html_attributes(page)["lang"] == "ar"
    assert html_attributes(page)["dir"] == "rtl"
    text = page.get_by_text(ARABIC_TEXT)
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    code = page.locator("pre").first
    assert code.evaluate("e => getComputedStyle(e).direction") == "ltr"
    paragraph = text.bounding_box()
    assert paragraph is not None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{theme.name}-ar-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width, \
        "no horizontal scrolling"
    if width >= 1000:  # the sidebar is a column: on the right, the text to its left
        side, content = box(page, theme.sidebar), box(page, theme.content)
        assert side["x"] >= content["x"] + content["width"] - 1, (side, content)
        if theme.next_prev:  # reading on goes leftwards
            following, previous = (box(page, selector) for selector in theme.next_prev)
            assert following["x"] + following["width"] <= previous["x"], (following, previous)
        french = Page(browser, width).open(f"{built.url}/coppub/fr/patrol.html")
        fr_side, fr_content = box(french, theme.sidebar), box(french, theme.content)
        assert fr_side["x"] + fr_side["width"] <= fr_content["x"] + 1
        french.close()
    elif theme.drawer_toggle:  # on a phone the navigation slides in from the right
        page.locator(theme.drawer_toggle).first.click()
        page.wait_for_timeout(700)  # the themes' transitions take .2-.3 s
        drawer = box(page, theme.drawer)
        # against the right edge (pydata's dialog keeps a 15 px scrollbar gutter there)
        assert drawer["x"] + drawer["width"] >= width - 16, drawer
        assert drawer["x"] > 0, drawer
        page.screenshot(path=str(ARTIFACTS / f"{theme.name}-ar-{width}-menu.png"))
    else:  # the sidebar follows the text, both aligned on the right
        assert paragraph["x"] + paragraph["width"] >= width - 60
    assert set(view.errors) <= set(theme_errors(built, browser, width)), view.errors
    view.page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_switcher_and_banner_are_shown_and_work(built: Built, browser: Any,
                                                width: int) -> None:
    view = Page(browser, width)
    page = view.open(f"{built.url}/coppub/ar/partners.html")  # one paragraph left in English
    banner = page.locator(".coppub-banner")
    assert banner.is_visible()
    area = banner.bounding_box()
    assert area is not None and area["x"] >= 0 and area["x"] + area["width"] <= width
    assert "%" in banner.inner_text() or "٪" in banner.inner_text()
    # styled by coppub's sheet for its own elements, mirrored on a right-to-left page
    style = banner.evaluate("e => [getComputedStyle(e).borderRightWidth, "
                            "getComputedStyle(e).borderLeftWidth]")
    assert style == ["5px", "0px"], style
    switcher = page.locator("nav.coppub-langs")
    assert switcher.is_visible()
    links = {a.get_attribute("hreflang"): a.get_attribute("href")
             for a in switcher.locator("a").all()}
    assert links == {"en": "../en/partners.html", "fr": "../fr/partners.html",
                     "ar": "../ar/partners.html"}
    assert switcher.locator('a[aria-current="page"]').get_attribute("hreflang") == "ar"
    switcher.locator('a[hreflang="fr"]').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/coppub/fr/partners.html")
    assert html_attributes(page)["lang"] == "fr"
    assert html_attributes(page)["dir"] == "ltr"
    assert not page.locator(".coppub-banner").count()  # French is complete
    page.locator('nav.coppub-langs a[hreflang="ar"]').click()
    page.wait_for_load_state("load")
    assert html_attributes(page)["dir"] == "rtl"
    assert set(view.errors) <= set(theme_errors(built, browser, width)), view.errors
    page.close()


def test_search_finds_an_arabic_word(built: Built, browser: Any) -> None:
    view = Page(browser, 1280)
    page = view.open(f"{built.url}/coppub/ar/search.html?q=الثقة")
    assert page.evaluate("typeof DOCUMENTATION_OPTIONS") == "object"
    assert page.evaluate("document.documentElement.dataset.content_root") == "./"
    assert "الدورية الراجلة" in search_results(page)
    page.screenshot(path=str(ARTIFACTS / f"{built.theme.name}-ar-search.png"))
    assert set(view.errors) <= set(theme_errors(built, browser, 1280)), view.errors
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_french_edition_is_plain_sphinx_with_lang_and_dir(built: Built, browser: Any,
                                                          width: int) -> None:
    theme = built.theme
    ours = Page(browser, width).open(f"{built.url}/coppub/fr/patrol.html")
    plain = Page(browser, width).open(f"{built.url}/plain/fr/patrol.html")
    assert html_attributes(ours) == {**html_attributes(plain), "lang": "fr", "dir": "ltr"}

    def sheets(page: Any) -> list[str]:
        hrefs: list[str] = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet]')]"
            ".map(l => l.getAttribute('href').split('?')[0])")
        return hrefs

    assert sheets(ours) == sheets(plain)  # no coppub sheet on a left-to-right edition
    text = "Les agents qui parcourent"
    assert ours.get_by_text(text).evaluate("e => getComputedStyle(e).direction") == "ltr"
    for selector in (theme.sidebar, theme.content):
        mine, theirs = ours.locator(selector).first, plain.locator(selector).first
        assert mine.is_visible() == theirs.is_visible(), selector
        if mine.is_visible():
            a, b = box(ours, selector), box(plain, selector)
            assert (a["x"], a["width"]) == (b["x"], b["width"]), selector
    ours.close()
    plain.close()
