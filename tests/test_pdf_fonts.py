"""A book in a script coppub ships no font for (Hebrew): the PDF edition takes the
machine's font through fontconfig, or refuses with an error naming the script, the
catalog and what to install; never boxes. The HTML and EPUB editions build either way.

fontconfig is pointed (``FONTCONFIG_FILE``) at a folder of the test's own: one holding a
small Hebrew font the test makes, or none at all (a machine without a Hebrew font).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from coppub.cli import main
from coppub.fonts import PACKAGED
from coppub.pofiles import dump_po, read_po
from coppub.systemfonts import missing, system_font
from tests.conftest import HERE

HEBREW = {"The chapter": "הפרק הראשון", "A note to remember.": "הערה לזכור.",
          "Sample Book": "ספר לדוגמה"}
FAMILY = "Coppub Test Hebrew"


def make_font(path: Path, letters: str) -> None:
    """A font of ``FAMILY`` (coppub's Noto Sans renamed) that draws each of ``letters``
    as its "o": a font fontconfig and Typst accept, which coppub does not ship."""
    from fontTools.ttLib import TTFont

    with TTFont(PACKAGED / "NotoSans-Regular.ttf") as font:
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap.update({ord(c): table.cmap[ord("o")] for c in letters})
        names = font["name"]
        for record in list(names.names):
            if record.nameID in (1, 4, 6, 16):
                value = {1: FAMILY, 4: f"{FAMILY} Regular", 6: "CoppubTestHebrew-Regular",
                         16: FAMILY}[record.nameID]
                names.setName(value, record.nameID, record.platformID, record.platEncID,
                              record.langID)
        font.save(str(path))


def fontconfig(folder: Path) -> Path:
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{folder}</dir><cachedir>{folder / 'cache'}</cachedir>"
                    "</fontconfig>\n")
    return conf


@pytest.fixture
def hebrew_book(tmp_path: Path) -> Iterator[Path]:
    if not shutil.which("fc-list") or not shutil.which("pdftotext"):
        pytest.skip("fontconfig or poppler-utils is not installed (.ci/run installs them)")
    project = tmp_path / "book"
    shutil.copytree(HERE / "sample", project)
    toml = project / "coppub.toml"
    toml.write_text(toml.read_text() + "he = {}\n")
    old = Path.cwd()
    os.chdir(project)
    try:
        assert main(["extract"]) == 0 and main(["update", "-l", "he"]) == 0
        for po_path in (project / "locales" / "he" / "LC_MESSAGES").glob("*.po"):
            po = read_po(po_path)
            for entry in po:
                entry.msgstr = HEBREW.get(entry.msgid, entry.msgstr)
            po_path.write_bytes(dump_po(po))
        yield project
    finally:
        os.chdir(old)


@pytest.mark.slow
def test_a_hebrew_pdf_embeds_the_machines_hebrew_font(hebrew_book: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    make_font(fonts / "CoppubTestHebrew-Regular.ttf", "".join(map(chr, range(0x5D0, 0x5EB))))
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig(fonts)))
    assert main(["build", "pdf", "-l", "he"]) == 0
    path = hebrew_book / "build" / "site" / "downloads" / "sample-book-he.pdf"
    embedded = subprocess.run(["pdffonts", path], capture_output=True, text=True,
                              check=True).stdout
    assert "+CoppubTestHebrew" in embedded, embedded
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True).stdout
    marks = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    words = {word.strip(".") for word in text.translate(marks).split()}
    assert {"הפרק", "הראשון", "הערה", "לזכור"} <= words, words


@pytest.mark.slow
def test_without_a_hebrew_font_the_pdf_is_refused_and_the_html_still_builds(
        hebrew_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    monkeypatch.setenv("FONTCONFIG_FILE", str(fontconfig(empty)))
    assert main(["build", "pdf", "-l", "he"]) != 0
    said = capsys.readouterr()
    message = said.out + said.err
    assert "no font for the Hebrew letters" in message, message
    assert str(Path("locales", "he", "LC_MESSAGES")) in message
    assert "fonts-noto-core" in message and "COPPUB_FONT_PATH" in message
    assert not (hebrew_book / "build" / "site" / "downloads" / "sample-book-he.pdf").exists()
    assert main(["build", "html", "-l", "he"]) == 0
    page = (hebrew_book / "build" / "site" / "he" / "chapter.html").read_text("utf-8")
    assert "הפרק הראשון" in page


def test_letters_no_packaged_font_covers_grouped_by_script() -> None:
    found = missing("Police שלום 1861 بيت नमस्ते, ok", [PACKAGED])
    assert found == {"Hebrew": "שלום", "Devanagari": "नमस्ते"}
    assert missing("Ελληνικά Русский العربية اردو", [PACKAGED]) == {}


def test_the_sans_serif_noto_family_is_preferred_with_its_bold() -> None:
    listing = "\n".join([
        "DejaVu Sans\tBook\t/f/DejaVuSans.ttf",
        "Noto Rashi Hebrew\tRegular\t/f/NotoRashiHebrew-Regular.ttf",
        "Noto Sans Hebrew\tBold\t/f/NotoSansHebrew-Bold.ttf",
        "Noto Sans Hebrew\tRegular\t/f/NotoSansHebrew-Regular.ttf",
        "Noto Sans Hebrew\tCondensed\t/f/NotoSansHebrew-Condensed.ttf",
        "Noto Serif Hebrew\tRegular\t/f/NotoSerifHebrew-Regular.ttf",
    ]) + "\n"
    asked: list[list[str]] = []

    def run(args: object) -> str:
        asked.append(list(args))  # type: ignore[call-overload]
        return listing

    found = system_font("שלום", run)
    assert found is not None and found.family == "Noto Sans Hebrew"
    assert found.files == (Path("/f/NotoSansHebrew-Regular.ttf"),
                           Path("/f/NotoSansHebrew-Bold.ttf"))
    assert asked[0][-1] == ":charset=5d5 5dc 5dd 5e9"
    assert system_font("שלום", lambda args: "") is None


def test_a_font_file_replaced_is_read_again(tmp_path: Path) -> None:
    """What a font file draws is read once per process, and again when the file changes
    (a font installed into a folder fontconfig searches, during a long session)."""
    from coppub.fonts import cmap

    font = tmp_path / "Test.ttf"
    make_font(font, "")
    before = cmap(font)
    assert ord("א") not in before and ord("o") in before
    make_font(font, "א")
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cmap(font) == before | {ord("א")}
