"""The edition registry and the EPUB builder's failure path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import Runner


def test_build_formats_come_from_the_edition_registry(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from coppub import editions
    from coppub.cli import main
    from coppub.editions.html import HtmlEdition

    class Archive(HtmlEdition):
        name = "offline"

    builtin = editions._builtin()
    monkeypatch.setattr(editions, "_builtin", lambda: (*builtin, Archive()))
    assert editions.names() == ("html", "epub", "pdf", "offline")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "{html,epub,pdf,offline,all}" in capsys.readouterr().out


@pytest.mark.slow
def test_a_failed_epub_zip_leaves_no_half_book_and_keeps_the_published_one(
        sample: Path, coppub: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert coppub("extract") == 0 and coppub("build", "epub") == 0, coppub.err
    published = sample / "build/site/downloads/sample-book-en.epub"
    before = published.read_bytes()
    calls = []

    def full_disk(self: zipfile.ZipFile, info: object, data: bytes, **kwargs: object) -> None:
        calls.append(info)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        original(self, info, data, **kwargs)  # type: ignore[arg-type]

    original = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)  # the build's fork sees it
    assert coppub("build", "epub", "--fresh") == 1
    assert "No space left on device" in coppub.err
    assert not list((sample / "build").rglob("*.epub.tmp"))
    assert published.read_bytes() == before


def test_epub_pages_carry_no_deprecated_citation_role() -> None:
    from coppub.editions.epub_builder import mark_body

    body = ('<div role="list" class="citation-list"><div class="citation" id="un2018" '
            'role="doc-biblioentry"><span class="label">UN2018</span></div></div>')
    marked = mark_body(body)
    assert 'role="doc-biblioentry"' not in marked and 'role="listitem"' in marked


def test_captions_get_a_heading_level_and_empty_header_cells_are_data_cells() -> None:
    """What DAISY Ace and Lighthouse require of Sphinx's HTML (web pages and EPUB)."""
    from coppub.sphinxext.aria import mark

    html = ('<p class="caption" role="heading"><span class="caption-text">Parts</span></p>'
            '<table><thead><tr><th class="head stub"></th><th class="head"><p>Low</p></th>'
            '</tr></thead><tbody><tr><th class="stub"><p>High</p></th><td></td></tr>'
            '</tbody></table>')
    marked = mark(html, level=3)
    assert '<p class="caption" role="heading" aria-level="3">' in marked
    assert '<td class="head stub"></td><th class="head"><p>Low</p></th>' in marked
    assert '<th class="stub"><p>High</p></th><td></td>' in marked
    assert mark(marked, level=2) == marked  # marked once
