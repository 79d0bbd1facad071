"""coppub's interface catalog, merged with a project's own sphinx.po."""

from __future__ import annotations

import gettext
from pathlib import Path

from coppub.config import load_settings
from coppub.ui import compile_ui
from tests.conftest import Runner


def _translations(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_the_projects_sphinx_po_wins_only_where_it_translates(sample: Path) -> None:
    settings = load_settings(start=sample)
    folder = settings.catalog_dir("fr")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sphinx.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: fr\\n"\n\n'
        'msgid "Search"\nmsgstr "Chercher"\n\n'           # theirs: wins
        'msgid "Languages"\nmsgstr ""\n\n'                 # empty: ours is kept
        '#, fuzzy\nmsgid "Next"\nmsgstr "Prochaine"\n\n'   # fuzzy: ours is kept
        'msgid "Their own word"\nmsgstr "Leur mot"\n', encoding="utf-8")
    compile_ui(settings, settings.language("fr"))
    fr = _translations(settings.mo_dir() / "fr/LC_MESSAGES/sphinx.mo")
    assert fr.gettext("Search") == "Chercher"
    assert fr.gettext("Languages") == "Langues"
    assert fr.gettext("Next") == "Suivant"
    assert fr.gettext("Their own word") == "Leur mot"


def test_admonition_labels_are_translated_where_sphinx_has_none(sample: Path) -> None:
    settings = load_settings(start=sample)
    compile_ui(settings, settings.language("prs"))  # Sphinx ships no Dari catalog
    prs = _translations(settings.mo_dir() / "prs/LC_MESSAGES/sphinx.mo")
    assert prs.gettext("Important") == "مهم" and prs.gettext("See also") == "همچنان ببینید"


def test_heading_tooltips_are_translated_and_a_changed_interface_word_reaches_every_page(
    sample: Path, coppub: Runner
) -> None:
    toml = sample / "coppub.toml"
    toml.write_text(toml.read_text().replace("ar = {}", "ar = { threshold = 0 }"))
    assert coppub("extract") == 0 and coppub("update", "-l", "ar") == 0
    assert coppub("build", "html", "-l", "ar") == 0, coppub.err
    page = sample / "build/site/ar/chapter.html"
    assert 'title="رابط إلى هذا العنوان"' in page.read_text()
    assert 'title="Link to this heading"' not in page.read_text()
    # the project's own word for it, in its sphinx.po: no source changed, yet every page
    # is written again with it (not only with --fresh)
    (sample / "locales/ar/LC_MESSAGES/sphinx.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: ar\\n"\n\nmsgid "Link to this heading"\nmsgstr "رابط العنوان"\n',
        encoding="utf-8")
    assert coppub("build", "html", "-l", "ar") == 0, coppub.err
    assert 'title="رابط العنوان"' in page.read_text()
