"""Publishing: a language that falls below its threshold is taken off the site whole."""

from __future__ import annotations

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
    assert "held back" in (site / "dashboard.html").read_text()
