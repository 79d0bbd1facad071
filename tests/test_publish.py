"""Publishing: a language that falls below its threshold is taken off the site whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coppub.pofiles import dump_po, read_po
from tests.conftest import Runner


@pytest.mark.slow
def test_a_language_below_its_threshold_is_withdrawn_from_the_site(
    sample: Path, coppub: Runner
) -> None:
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    catalogs = sorted((sample / "locales/fr/LC_MESSAGES").glob("*.po"))
    for path in catalogs:
        po = read_po(path)
        for entry in po:
            entry.msgstr = entry.msgid  # keeps the markup: no check refuses it
        path.write_bytes(dump_po(po))
    assert coppub("build", "html", "--all-languages") == 0, coppub.err
    site = sample / "build/site"
    assert (site / "fr/index.html").is_file()
    assert 'hreflang="fr"' in (site / "en/index.html").read_text()
    assert 'href="fr/index.html"' in (site / "index.html").read_text()

    chapter = sample / "locales/fr/LC_MESSAGES/chapter.po"
    po = read_po(chapter)
    for entry in po:
        entry.msgstr = ""
    chapter.write_bytes(dump_po(po))
    assert coppub("build", "html", "--all-languages") == 0, coppub.err
    assert "fr: held back:" in coppub.err and "below its threshold" in coppub.err
    assert not (site / "fr").exists()
    assert not list(site.glob(".fr*"))  # no staging or old copy left behind
    assert 'hreflang="fr"' not in (site / "en/index.html").read_text()
    assert 'href="fr/index.html"' not in (site / "index.html").read_text()
    assert 'class="status held-back"' in (site / "dashboard.html").read_text()


def _section(page: str, element: str, code: str) -> str:
    """The HTML of a site page's part for ``code`` (its ``<li>`` or ``<section>``)."""
    found = re.search(rf'<{element}\b[^>]*\blang="{code}"[^>]*>.*?</{element}>', page, re.S)
    assert found, page
    return found.group(0)


@pytest.mark.slow
def test_a_forced_edition_below_its_threshold_is_a_preview_on_every_page(
    sample: Path, coppub: Runner
) -> None:
    """One status, one word: landing, downloads and dashboard say "preview" (in French
    on French's part) for a language published with --force below its threshold, and
    "held back" (and do not list it) once it is built without."""
    assert coppub("extract") == 0 and coppub("update", "-l", "fr") == 0
    glossary = sample / "locales/fr/LC_MESSAGES/glossary.po"  # one page of four: < 80 %
    po = read_po(glossary)
    for entry in po:
        entry.msgstr = entry.msgid
    glossary.write_bytes(dump_po(po))
    assert coppub("build", "html", "--all-languages", "--force") == 0, coppub.err
    site = sample / "build/site"
    preview = '<span class="status preview">Aperçu</span>'
    landing = (site / "index.html").read_text()
    downloads = (site / "downloads.html").read_text()
    dashboard = (site / "dashboard.html").read_text()
    assert preview in _section(landing, "li", "fr")
    assert preview in _section(downloads, "section", "fr")
    assert preview in _section(dashboard, "section", "fr")
    assert 'hreflang="fr"' in (site / "en/index.html").read_text()  # the switchers too
    for page, element in ((landing, "li"), (downloads, "section"), (dashboard, "section")):
        assert _section(page, element, "fr").count('class="status') == 1

    assert coppub("build", "html", "--all-languages") == 0, coppub.err
    landing = (site / "index.html").read_text()
    dashboard = (site / "dashboard.html").read_text()
    assert 'lang="fr"' not in landing and not (site / "fr").exists()
    assert '<span class="status held-back">En attente</span>' in _section(dashboard,
                                                                         "section", "fr")
    assert 'hreflang="fr"' not in (site / "en/index.html").read_text()
