"""The multilingual site, built from the handbook and driven in headless Chromium."""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import polib
import pytest

from coppub.cli import main
from coppub.pofiles import dump_po, read_po
from tests.conftest import A11Y, CHROMIUM, HANDBOOK_EPOCH, ROOT, BuiltHandbook, a11y_tool
from tests.searching import search_results

pytestmark = pytest.mark.slow  # builds every edition; browser, EPUBCheck
ARTIFACTS = ROOT / "build" / "test-artifacts"
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


def coppub(*args: str) -> int:
    return main(list(args))


@pytest.fixture(scope="module")
def handbook(built_handbook: BuiltHandbook) -> Path:
    """The run's one build of the handbook (conftest): read it, never change it."""
    return built_handbook.path


@pytest.fixture
def own_handbook(built_handbook: BuiltHandbook, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built handbook for a test that changes it, as the current folder."""
    project = built_handbook.copy(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", HANDBOOK_EPOCH)
    return project


@pytest.fixture(scope="module")
def server(handbook: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(handbook / "build" / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def site(handbook: Path) -> Path:
    return handbook / "build" / "site"


def test_site_layout(handbook: Path) -> None:
    root = site(handbook)
    for code in ("en", "fr", "es", "ar", "prs", "ur", "ps"):
        assert (root / code / "index.html").is_file(), code
    downloads = (root / "downloads.html").read_text()
    for code in ("en", "fr", "es", "ar", "prs", "ur"):
        for name in (f"cop-ehandbook-{code}.epub", f"cop-ehandbook-{code}.pdf",
                     f"cop-ehandbook-{code}-html.zip"):
            assert (root / "downloads" / name).is_file(), name
            assert f'href="downloads/{name}"' in downloads, name
    # Pashto is below its threshold: held back by --all-languages, built on request as a
    # preview, at its own addresses only: not offered on the downloads page
    assert (root / "downloads" / "cop-ehandbook-ps.epub").is_file()
    assert "cop-ehandbook-ps" not in downloads
    assert not list(root.rglob("_sources"))


def test_every_page_has_lang_dir_and_alternates(handbook: Path) -> None:
    for code, direction in (("fr", "ltr"), ("ar", "rtl"), ("ps", "rtl"), ("en", "ltr")):
        page = (site(handbook) / code / "origins.html").read_text()
        assert f'<html lang="{code}" dir="{direction}"' in page
        for other in ("en", "fr", "es", "ar", "prs", "ur"):
            assert f'hreflang="{other}" href="../{other}/origins.html"' in page
        assert 'hreflang="x-default" href="../en/origins.html"' in page
        # a language below its threshold, built on request, is linked from itself only
        assert ('hreflang="ps"' in page) == (code == "ps")


def test_titles_and_interface_are_translated(handbook: Path) -> None:
    ar = (site(handbook) / "ar" / "origins.html").read_text()
    assert "<title>نشأة الشرطة المجتمعية" in ar
    for code in ("ar", "prs"):  # Sphinx ships no interface catalog for Dari
        page = (site(handbook) / code / "origins.html").read_text()
        ui = read_po(ROOT / f"src/coppub/locale/{code}/LC_MESSAGES/ui.po")
        ours = ["Skip to content", "Languages", "Downloads", "Translation status"]
        if code == "prs":  # Sphinx's own words too, where Sphinx has no catalog
            ours += ["Contents", "Previous", "Next"]
        for msgid in ours:
            text = re.escape(ui.find(msgid).msgstr)
            assert re.search(f'[>"]{text}[<"]', page), (code, msgid)


def test_french_apostrophe_before_a_link_stays_an_apostrophe(handbook: Path) -> None:
    pages = " ".join(p.read_text() for p in (site(handbook) / "fr").glob("*.html"))
    assert not re.search(r"\b[lLdDjJ]”", pages), "an apostrophe became a closing quote"
    assert "l’" in pages


def test_partial_page_banner_in_its_language(handbook: Path) -> None:
    page = (site(handbook) / "ps" / "gender.html").read_text()  # not yet in Pashto
    assert 'class="coppub-banner"' in page
    assert re.search(r"[0-9۰-۹]", page.split('class="coppub-banner"')[1][:400])  # percent
    assert 'href="../ps/contributing.html#contributing-translate"' in page
    assert '<h1 class="untranslated" lang="en" dir="ltr">' in page
    complete = (site(handbook) / "ar" / "origins.html").read_text()  # a complete page
    assert 'class="coppub-banner"' not in complete
    assert 'class="coppub-banner"' not in (site(handbook) / "fr" / "gender.html").read_text()


def test_landing_and_downloads_pages(handbook: Path) -> None:
    landing = (site(handbook) / "index.html").read_text()
    for name in ("Français", "Español", "العربية", "دری", "اردو", "English"):
        assert name in landing
    assert "پښتو" not in landing  # held back
    assert "http-equiv" not in landing.lower()  # never a redirect
    assert 'href="fr/index.html"' in landing
    downloads = (site(handbook) / "downloads.html").read_text()
    for code in ("en", "fr", "es", "ar", "prs", "ur"):
        assert f'href="downloads/cop-ehandbook-{code}.epub"' in downloads
        assert f'<section id="{code}" lang="{code}"' in downloads  # in its own language
    assert re.search(r'<section id="ar" lang="ar" dir="rtl"><h2>العربية</h2><table><thead>'
                     r'<tr><th scope="col">الملف</th>', downloads), downloads
    assert re.search(r'<td>\d+ KB</td><td dir="ltr">\d{4}-\d\d-\d\d</td>', downloads)
    assert 'class="notice"' not in downloads  # every published edition is complete
    assert (site(handbook) / "dashboard.html").is_file()


class _Section(HTMLParser):
    """The words a reader meets in one ``<section id=...>`` of a site page: its text and
    its spoken or hovered attributes, minus what is marked as another language (the
    original text) and commands (``<code>``)."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "wbr"})

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section, self.depth, self.skip = section, 0, 0
        self.lang, self.dir = "", ""
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if not self.depth and tag == "section" and found.get("id") == self.section:
            self.depth, self.lang, self.dir = 1, found.get("lang") or "", found.get("dir") or ""
            return
        if not self.depth or tag in self.VOID:
            return
        self.depth += 1
        if self.skip or tag == "code" or found.get("lang", self.lang) != self.lang:
            self.skip += 1
        else:
            self.words += [v for k, v in attrs if k in ("title", "aria-label") and v]

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip and data.strip():
            self.words.append(data.strip())


def test_the_arabic_dashboard_speaks_arabic(handbook: Path) -> None:
    """The dashboard's Arabic section: lang="ar" dir="rtl", and every word of it from the
    Arabic interface catalog: no English interface message left (numbers and the
    original text, marked lang="en", aside)."""
    from coppub.dashboard import LABELS
    from coppub.status import Status
    from coppub.ui import LOCALE_DIR, MESSAGES

    page = (site(handbook) / "dashboard.html").read_text()
    section = _Section("ar")
    section.feed(page)
    assert (section.lang, section.dir) == ("ar", "rtl")
    catalog = {e.msgid: e.msgstr for e in read_po(LOCALE_DIR / "ar/LC_MESSAGES/ui.po")}
    english = {msgid for msgid, _plural, _note in MESSAGES}
    text = " ".join(section.words)
    for word in section.words:
        assert word not in english, word
        assert not re.search(r"[A-Za-z]", word), word  # nothing English, nothing Latin
    for msgid in (*LABELS.values(), Status.PUBLISHED.value):
        if msgid not in ("Pages with outdated paragraphs:", "The complete list:"):
            assert catalog[msgid] and catalog[msgid] in text, msgid  # ar has none outdated
    ps = _Section("ps")  # built by name, below its threshold: a preview, in Pashto
    ps.feed(page)
    assert "مخکتنه" in ps.words and ps.dir == "rtl"


@needs_browser
def test_switch_from_french_to_arabic_and_see_a_mirrored_page(
    server: str, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{server}/fr/origins.html")
    assert page.locator("html").get_attribute("dir") == "ltr"
    fr_side, fr_main = page.locator("aside.sidebar").bounding_box(), \
        page.locator("main").bounding_box()
    assert fr_side["x"] < fr_main["x"]
    page.locator('nav.langs a[hreflang="ar"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("/ar/origins.html")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "نشأة الشرطة المجتمعية" in page.locator("h1").inner_text()
    side, main_box = page.locator("aside.sidebar").bounding_box(), \
        page.locator("main").bounding_box()
    assert side["x"] > main_box["x"], "the sidebar should be on the right in Arabic"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ar-origins.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "ar-origins-phone.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling at phone width"
    page.close()


@needs_browser
@pytest.mark.parametrize(("code", "query", "title"), [
    ("ar", "بيل", "نشأة الشرطة المجتمعية"),
    ("prs", "گزمه", "ریشه‌های پولیس‌داری جامعه‌محور"),
    ("fr", "consentement", "Les origines de la police de proximité"),
    # typed without the shadda the text has (الكتيّب), as readers type
    ("ar", "الكتيب", "مرحبًا بكم في الكتيّب الإلكتروني عن الشرطة المجتمعية"),
    # typed without the zero-width non-joiner (پولیس‌داری)
    ("prs", "پولیسداری", "ریشه‌های پولیس‌داری جامعه‌محور"),
    ("ar", "1829", "نشأة الشرطة المجتمعية"),  # numbers are indexed
    ("ar", "١٨٢٩", "نشأة الشرطة المجتمعية"),  # in Arabic-Indic digits too
    # without the article and with a preposition: one stem (Snowball's Arabic stemmer)
    ("ar", "شرطة مجتمعية", "نشأة الشرطة المجتمعية"),
    ("ar", "للشرطة", "نشأة الشرطة المجتمعية"),
])
def test_search_finds_translated_words(
    server: str, browser: Any, code: str, query: str, title: str
) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{server}/{code}/search.html?q={query}")
    results = search_results(page)
    assert title in results
    # each result has a snippet in the page's language, and no result page was fetched
    assert page.locator("#search-results li p.context").count() \
        == page.locator("#search-results li").count()
    pages = [u for u in fetched if u.endswith(".html") and "/search.html" not in u]
    assert pages == [], pages
    assert "No directive entry" not in page.locator("#search-results").inner_text()
    if code == "ar":
        page.wait_for_function("document.querySelector('.search-summary, #search-results p')")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "ar-search.png"))
    page.close()


@needs_browser
def test_the_browser_normalises_queries_as_the_index_was_normalised(
    server: str, browser: Any
) -> None:
    from coppub.sphinxext.search import normalise

    words = ["الكتيّب", "مُجتمع", "إصلاح", "آمن", "مدرسة", "می‌شود", "كتاب", "پولیس",
             "١٨٢٩", "۱۸۲۹", "شـــرطة", "ئ ؤ ى ہ ۀ ھ"]
    page = browser.new_page()
    page.goto(f"{server}/ar/search.html")
    seen = page.evaluate("(words) => words.map((w) => coppubNormalise(w))", words)
    page.close()
    assert seen == [normalise(w) for w in words]


@needs_browser
def test_the_browser_stems_every_arabic_word_as_the_index_did(
    handbook: Path, server: str, browser: Any
) -> None:
    """The index (Python) and the query (the reader's browser) stem each word of the
    Arabic edition alike: a word stemmed differently on the two sides is never found."""
    from coppub.sphinxext.search import arabic_stemmer_js, normalise, search_language

    language = search_language("ar", "Arabic")({})
    # the Arabic text, and the English a partial edition shows (Sphinx's English stemmer)
    words = sorted({word for po in (handbook / "locales/ar/LC_MESSAGES").glob("*.po")
                    for entry in polib.pofile(str(po))
                    for text in (entry.msgid, entry.msgstr)
                    for word in language.split(text)})
    assert len(words) > 4000
    stem_all = "(words) => { const s = new Stemmer(); return words.map((w) => s.stemWord(w)); }"
    page = browser.new_page()
    page.goto(f"{server}/ar/search.html")
    seen = page.evaluate(stem_all, words)
    english = [word for word in words if re.search("[a-z]", word.lower())]
    page.goto(f"{server}/en/search.html")  # Sphinx lowercases a query before stemming
    in_english_edition = page.evaluate(stem_all, [word.lower() for word in english])
    page.close()
    stems = dict(zip(words, seen, strict=True))
    arabic = sorted(set(words) - set(english))
    assert [(w, stems[w]) for w in arabic if stems[w] != language.stem(w)] == []
    # English words are stemmed in the browser exactly as in the English edition (where
    # Sphinx's own index and browser stemmers may differ: Snowball versions)
    assert [stems[w] for w in english] == in_english_edition
    # with Sphinx 8.2 or later the Arabic words are stemmed, before it only normalised
    stemmed = sum(language.stem(word) != normalise(word) for word in arabic)
    assert (stemmed > len(arabic) // 4) == (arabic_stemmer_js() is not None), stemmed
    assert language.stem("changes") == language.stem("change") == "chang"


#: The site's own pages, and a book's first page and one chapter in a left-to-right, an
#: Arabic and an Urdu (Nastaliq) edition.
AUDITED = ["index.html", "downloads.html", "dashboard.html",
           *(f"{code}/{page}" for code in ("en", "ar", "ur")
             for page in ("index.html", "origins.html"))]


@pytest.mark.parametrize("page", AUDITED)
def test_lighthouse_accessibility_and_seo(server: str, page: str, tmp_path: Path) -> None:
    """Lighthouse (mobile emulation): accessibility 100, search engines 90 or more."""
    lighthouse = a11y_tool("lighthouse")
    report = tmp_path / "report.json"
    subprocess.run([str(lighthouse), f"{server}/{page}", f"--config-path={A11Y}/lighthouse.json",
                    "--output=json", f"--output-path={report}", "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * category["score"])
              for name, category in result["categories"].items()}
    failed = {name: [item.get("node", item.get("source", {})).get("snippet", "")
                     for item in (audit.get("details") or {}).get("items", [])][:3]
              for name, audit in result["audits"].items()
              if audit["score"] is not None and audit["score"] < 1
              and audit["scoreDisplayMode"] in ("binary", "numeric")}
    assert scores["accessibility"] == 100, failed
    assert scores["seo"] >= 90, failed


def test_noop_rebuild_and_one_catalog_edit(own_handbook: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    languages = ["-l", "es", "-l", "fr"]
    assert coppub("build", "all", *languages) == 0  # a copy: Sphinx reads it all again
    capsys.readouterr()
    assert coppub("build", "all", *languages) == 0
    err = capsys.readouterr().err
    assert err.count("html up to date, epub up to date") == 2, err
    po = own_handbook / "locales/es/LC_MESSAGES/glossary.po"
    catalog = read_po(po)
    catalog.find("trust").msgstr = "confianza mutua"
    po.write_bytes(dump_po(catalog))
    assert coppub("build", "all", *languages) == 0
    err = capsys.readouterr().err
    assert "es: html built, epub built" in err
    assert err.count("up to date, epub up to date") == 1
    assert "confianza mutua" in (site(own_handbook) / "es" / "glossary.html").read_text()


def test_a_failed_language_keeps_its_published_edition(
    own_handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handbook = own_handbook
    before = (site(handbook) / "fr" / "origins.html").read_bytes()
    po = handbook / "locales/fr/LC_MESSAGES/origins.po"
    good = po.read_bytes()
    po.write_bytes(good.replace(b'msgstr "', b'msgstr "\\q', 1))
    es = handbook / "locales/es/LC_MESSAGES/index.po"
    catalog = read_po(es)
    catalog.find("We hope that you find this e-handbook useful.").msgstr = "Capítulos del manual"
    es.write_bytes(dump_po(catalog))
    capsys.readouterr()
    try:
        assert coppub("build", "html", "-l", "fr", "-l", "es") == 1
        captured = capsys.readouterr()
        assert "origins.po:5: invalid escape sequence" in captured.err
        assert "fr: 1 catalog(s) cannot be read, so it was not built; its previous edition " \
            "stays published" in captured.err
        assert "failed: fr" in captured.out
        assert (site(handbook) / "fr" / "origins.html").read_bytes() == before
        assert "Capítulos del manual" in (site(handbook) / "es" / "index.html").read_text()
    finally:
        po.write_bytes(good)


def test_interrupted_build_leaves_the_site_as_it_was(own_handbook: Path) -> None:
    handbook = own_handbook
    published = site(handbook) / "ar" / "origins.html"
    before = published.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "coppub", "build", "html", "-l", "ar",
                             "--fresh"], cwd=handbook, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        proc.wait(timeout=0.8)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
    assert published.read_bytes() == before  # the old edition, whole
    assert coppub("build", "html", "-l", "ar") == 0  # the next build recovers and publishes
    assert not (site(handbook) / ".ar.new").exists()
