"""Read as readers read: on a 360 px phone, with no font installed for the script.

The handbook is built in English, Arabic and Urdu, with part of one Urdu chapter left in
English (as a partial edition has it), and opened in headless Chromium; one browser sees
only Noto Sans (no Arabic-script font at all), as a phone without Noto Nastaliq would.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from coppub.fonts import PACKAGED
from coppub.pofiles import dump_po, read_po
from tests.conftest import CHROMIUM, ROOT, copy_handbook, face_file

pytestmark = pytest.mark.slow  # builds three editions; browser
ARTIFACTS = ROOT / "build" / "test-artifacts"
PHONE = {"width": 360, "height": 740}
#: Urdu paragraphs of the first chapter left untranslated (so shown in English).
LEFT_IN_ENGLISH = 3


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_handbook(tmp_path_factory.mktemp("readers"))
    po = project / "locales/ur/LC_MESSAGES/origins.po"
    catalog = read_po(po)
    paragraphs = [e for e in catalog if e.msgid and len(e.msgid) > 200]
    for entry in paragraphs[:LEFT_IN_ENGLISH]:
        entry.msgstr = ""
    po.write_bytes(dump_po(catalog))
    # in a process of its own: the build forks, and threads earlier tests left in this
    # process (a server's, a browser driver's) could hold a lock the fork copies
    for edition in ("html", "epub"):  # (the downloads page lists the EPUBs)
        built = subprocess.run([sys.executable, "-m", "coppub", "build", edition, "--force",
                                "-l", "en", "-l", "ar", "-l", "ur"], cwd=project,
                               capture_output=True, text=True, timeout=900, check=False)
        assert built.returncode == 0, built.stderr
    return project / "build" / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    """Chromium with the machine's fonts (one Playwright per module: this, not conftest's)."""
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def fontless(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium that sees one installed font, Noto Sans (Latin): no Arabic-script font."""
    folder = tmp_path_factory.mktemp("fonts")
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        shutil.copy(PACKAGED / name, folder / name)
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8")
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM, args=ARGS,
        env={**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")})
    yield instance
    instance.close()


def _open(browser: Any, url: str, **options: Any) -> Any:
    page = browser.new_page(viewport=PHONE, **options)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


def _fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew ``selector``'s text with (family, PostScript name, whether
    the page brought it)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts: list[dict[str, Any]] = cdp.send("CSS.getPlatformFontsForNode",
                                           {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


_SPACE_AND_LINE = """(p) => {
  const text = [...p.childNodes].find((n) => n.nodeType === 3 && n.data.includes(" "));
  const range = document.createRange();
  range.setStart(text, text.data.indexOf(" "));
  range.setEnd(text, text.data.indexOf(" ") + 1);
  const style = getComputedStyle(p);
  return {space: range.getBoundingClientRect().width,
          line: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
          text: p.textContent.slice(0, 60)};
}"""


def test_english_on_an_urdu_page_has_latin_spaces_and_line_height(
        server: str, fontless: Any) -> None:
    urdu = _open(fontless, f"{server}/ur/origins.html")
    english_block = 'main p[lang="en"]'
    assert urdu.locator(english_block).count() == LEFT_IN_ENGLISH
    on_urdu = urdu.locator(english_block).first.evaluate(_SPACE_AND_LINE)
    assert not [f for f in _fonts(urdu, english_block) if "Nastaliq" in f["familyName"]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    urdu.locator(english_block).first.scroll_into_view_if_needed()
    urdu.screenshot(path=str(ARTIFACTS / "ur-english-block-phone.png"))
    urdu.close()
    english = _open(fontless, f"{server}/en/origins.html")
    same = english.locator("main p", has_text=on_urdu["text"]).first
    on_english = same.evaluate(_SPACE_AND_LINE)
    english.close()
    assert on_urdu["space"] == pytest.approx(on_english["space"], abs=0.1)
    assert on_urdu["space"] > 3  # a word space, not Nastaliq's sliver
    assert on_urdu["line"] == pytest.approx(1.65, abs=0.01)


def test_urdu_is_drawn_in_nastaliq_from_the_pages_own_fonts(server: str, fontless: Any) -> None:
    page = _open(fontless, f"{server}/ur/origins.html")
    text = _fonts(page, "main p:not([lang])")
    assert text[0]["postScriptName"] == "NotoNastaliqUrdu-Regular"
    assert text[0]["isCustomFont"], "Nastaliq should come with the page, not the system"
    title = _fonts(page, "main h1")
    assert title[0]["postScriptName"] == "NotoNastaliqUrdu-Bold"  # a real bold, not faked
    for other in ("ar", "en"):  # other languages' names in the switcher: not Nastaliq
        assert not [f for f in _fonts(page, f'nav.langs a[lang="{other}"]')
                    if "Nastaliq" in f["familyName"]]
    page.close()


def test_the_landing_page_brings_the_fonts_of_the_names_it_shows(
        site: Path, server: str, fontless: Any) -> None:
    """A phone without Arabic-script fonts sees Urdu's name and title in Nastaliq and
    Arabic's in Naskh, from the page's own subsets: the glyphs it shows, nothing more."""
    from fontTools.ttLib import TTFont

    page = _open(fontless, f"{server}/index.html")
    for selector, face in (('li[lang="ur"] h2', "NotoNastaliqUrdu-Bold"),
                           ('li[lang="ur"] a', "NotoNastaliqUrdu-Regular"),
                           ('li[lang="ar"] h2', "NotoNaskhArabic-Bold")):
        drawn = _fonts(page, selector)
        assert drawn[0]["postScriptName"] == face, (selector, drawn)
        assert drawn[0]["isCustomFont"], selector  # from the page, not the system
    english = _fonts(page, 'li[lang="en"] h2')  # English in a Latin face
    assert not [f for f in english if "Naskh" in f["familyName"] or "Nastaliq" in f["familyName"]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "landing-fontless-phone.png"), full_page=True)
    page.close()
    # Naskh draws the names of Arabic, Dari and Pashto: no one edition's subset holds all
    # their letters, so the site has its own
    fonts = {path.name: path.stat().st_size for path in (site / "fonts").glob("*.woff2")}
    assert set(fonts) == {"NotoNaskhArabic-Regular.woff2", "NotoNaskhArabic-Bold.woff2"}
    with TTFont(site / "fonts" / "NotoNaskhArabic-Bold.woff2") as font:
        mapped = set(font.getBestCmap())
    assert ord("ع") in mapped and ord("ڈ") not in mapped  # العربية's letters, not Urdu's
    # Urdu's text is all in the Urdu edition's subset: the page uses that file, so a
    # reader going on to the Urdu pages downloads Nastaliq once
    for weight in ("Regular", "Bold"):
        assert face_file(site, "index.html", f"NotoNastaliqUrdu-{weight}") \
            == site / "ur/_static/fonts" / f"NotoNastaliqUrdu-{weight}.woff2"
    print("landing page fonts (bytes):", fonts, sum(fonts.values()))


@pytest.mark.parametrize("name", ["downloads.html", "dashboard.html"])
def test_the_downloads_and_dashboard_pages_bring_their_fonts_too(
        site: Path, server: str, fontless: Any, name: str) -> None:
    """Their Urdu and Arabic sections are drawn in Nastaliq and Naskh on a phone without
    Arabic-script fonts, from subsets holding what the site's pages show in each language."""
    from fontTools.ttLib import TTFont

    page = _open(fontless, f"{server}/{name}")
    for selector, face in (('section[lang="ur"] h2', "NotoNastaliqUrdu-Bold"),
                           ('section[lang="ur"] th', "NotoNastaliqUrdu-"),
                           ('section[lang="ar"] h2', "NotoNaskhArabic-Bold"),
                           ('section[lang="ar"] th', "NotoNaskhArabic-")):
        drawn = _fonts(page, selector)
        assert drawn[0]["postScriptName"].startswith(face), (selector, drawn)
        assert drawn[0]["isCustomFont"], selector
        missing = [f for f in drawn if not f["isCustomFont"] and "Noto Sans" not in
                   f["familyName"]]
        assert missing == [], (selector, drawn)  # no letter left to a system fallback
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name[:-5]}-fontless-phone.png"), full_page=True)
    page.close()
    with TTFont(face_file(site, name, "NotoNastaliqUrdu-Regular")) as font:
        mapped = set(font.getBestCmap())
    urdu = (site / name).read_text(encoding="utf-8").split('lang="ur"', 1)[1]
    assert ord("ڈ") in mapped or "ڈ" not in urdu


@pytest.mark.parametrize("code", ["en", "ar", "ur"])
def test_phone_reaches_contents_and_search_from_the_top(
        server: str, browser: Any, code: str) -> None:
    """Without script: the top bar links to the sidebar, which is below the text."""
    page = _open(browser, f"{server}/{code}/origins.html", java_script_enabled=False)
    side = page.locator("aside.sidebar").bounding_box()
    assert side["y"] > page.locator("main").bounding_box()["y"]  # the text comes first
    for link, target in ((0, "#toc-title"), (1, "form.search")):
        page.evaluate("window.scrollTo(0, 0)")
        jump = page.locator("header .jump a").nth(link)
        box = jump.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], "visible in the first screen"
        jump.click()
        found = page.locator(target).bounding_box()
        assert 0 <= found["y"] < PHONE["height"], target
    page.fill("#q", "policing" if code == "en" else "1829")
    page.locator("form.search button").click()
    page.wait_for_load_state()
    assert "/search.html?q=" in page.url
    if code == "ur":
        page.goto(f"{server}/{code}/origins.html")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "ur-origins-phone.png"))
    page.close()
    desktop = browser.new_page(viewport={"width": 1280, "height": 800})
    desktop.goto(f"{server}/{code}/origins.html")
    assert not desktop.locator("header .jump").is_visible()  # the sidebar is beside the text
    assert desktop.locator("aside.sidebar").bounding_box()["y"] < 200
    desktop.close()


@pytest.mark.parametrize("name", ["index.html", "downloads.html", "dashboard.html",
                                  "ur/origins.html", "ar/monitoring.html"])
def test_pages_fit_a_phone(server: str, browser: Any, name: str) -> None:
    page = _open(browser, f"{server}/{name}")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    if name == "downloads.html":  # every column on the screen: nothing scrolls sideways
        assert page.evaluate("[...document.querySelectorAll('table')].every("
                             "(t) => t.scrollWidth <= t.parentElement.clientWidth)")
    if name in ("downloads.html", "dashboard.html"):
        assert page.locator('a[href="index.html"]').count() >= 1  # back to the landing page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    page.close()
