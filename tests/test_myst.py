"""Markdown (MyST) projects: catalogs extracted from .md documents, their translations
checked as MyST reads them, and built into the edition.

Read as reST, correct Markdown translations looked broken (``__bold__``, ``_emphasis_``)
and were left out, while Markdown's HTML (which MyST passes through as raw HTML) looked
like harmless text: both are wrong, and this module holds the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Runner
from tests.test_build import translate

PAGE = """\
# Working with people

Use __common sense__ and _patience_ with {term}`trust`.

A second paragraph about trust.

A third paragraph about safety.
"""


@pytest.fixture
def myst(sample: Path, coppub: Runner) -> Path:
    conf = sample / "conf.py"
    conf.write_text(conf.read_text().replace(
        'extensions = ["coppub.sphinxext"]',
        'extensions = ["myst_parser", "coppub.sphinxext"]'))
    (sample / "source/people.md").write_text(PAGE)
    index = sample / "source/index.rst"
    index.write_text(index.read_text().replace("   chapter\n", "   chapter\n   people\n"))
    assert coppub("extract") == 0, coppub.err
    assert coppub("update", "-l", "fr") == 0, coppub.err
    return sample


def test_markdown_messages_are_extracted_with_their_document(myst: Path) -> None:
    template = (myst / "locales/templates/people.pot").read_text()
    assert "#: ../../source/people.md:3\n" in template  # relative to the template folder
    assert 'msgid "Use __common sense__ and _patience_ with {term}`trust`."' in template


@pytest.mark.slow
def test_markdown_translations_are_checked_as_markdown_and_built(
    myst: Path, coppub: Runner
) -> None:
    translate(myst / "locales/fr/LC_MESSAGES/people.po", {
        "Working with people": "Travailler avec les gens",
        "Use __common sense__ and _patience_ with {term}`trust`.":
            "Faites preuve de __bon sens__ et de _patience_ avec {term}`la confiance <trust>`.",
        "A second paragraph about trust.":
            "Un second paragraphe <script>alert(1)</script> sur la confiance.",
        "A third paragraph about safety.": "Un troisième paragraphe sur la sécurité.",
    })
    assert coppub("check", "-l", "fr") == 1
    assert "people.po" in coppub.out and "E300" in coppub.out and "raw content" in coppub.out
    assert "E201" not in coppub.out and "E101" not in coppub.out  # Markdown is not reST
    assert coppub("build", "html", "-l", "fr", "--force") == 0, coppub.err
    page = (myst / "build/site/fr/people.html").read_text()
    assert "<strong>bon sens</strong>" in page and "<em>patience</em>" in page
    assert "Un troisième paragraphe" in page
    assert "<script>alert" not in page and "A second paragraph about trust." in page
