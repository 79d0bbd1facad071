"""The offline archive: each language's HTML edition as one zip on the downloads page."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner
from tests.searching import search_results
from tests.test_build import book  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def test_the_html_edition_is_offered_as_one_reproducible_zip_that_works_offline(
    book: Path, coppub: Runner, browser: Any, tmp_path: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    toml = book / "coppub.toml"
    toml.write_text(toml.read_text().replace("fr = {}", "fr = { threshold = 0 }"))
    assert coppub("build", "html", "-l", "fr") == 0, coppub.err
    archive = book / "build/site/downloads/sample-book-fr-html.zip"
    downloads = (book / "build/site/downloads.html").read_text()
    assert re.search(r'<a href="downloads/sample-book-fr-html.zip" type="application/zip" '
                     r'download="sample-book-fr-html.zip">Télécharger pour lire hors ligne '
                     r"\(zip\)</a></td><td>\d+ KB</td>", downloads), downloads
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == sorted(names) and "sample-book-fr-html/index.html" in names
        assert "sample-book-fr-html/searchindex.js" in names
        assert all(not n.startswith("/") and ".." not in n for n in names)
        z.extractall(tmp_path)
    before = archive.read_bytes()
    assert coppub("build", "html", "-l", "fr", "--fresh") == 0, coppub.err
    assert archive.read_bytes() == before  # built again from nothing: the same bytes

    # unpacked anywhere, read from file:// (no server): pages, and search
    folder = tmp_path / "sample-book-fr-html"
    page = browser.new_page()
    page.goto((folder / "index.html").as_uri())
    page.get_by_role("link", name="Le chapitre").first.click()
    page.wait_for_load_state()
    assert "Premier point." in page.locator("body").inner_text()
    page.goto((folder / "search.html").as_uri() + "?q=premier")
    assert "Le chapitre" in search_results(page)
    page.close()

    toml.write_text(toml.read_text().replace("fr = { threshold = 0 }", "fr = {}"))
    assert coppub("build", "html", "--all-languages") == 0  # fr, below its threshold now,
    assert not archive.exists()  # is withdrawn, its archive with it
