"""Search for Arabic-script languages: the index side (the browser side is in test_site)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coppub.sphinxext.search import arabic_stemmer_js, normalise
from tests.conftest import Runner
from tests.test_build import translate


@pytest.mark.parametrize(("typed", "indexed"), [
    ("الكتيّب", "الكتيب"), ("مُجتمع", "مجتمع"), ("إصلاح", "اصلاح"), ("آمن", "امن"),
    ("مدرسة", "مدرسه"), ("می‌شود", "ميشود"), ("كتاب", "کتاب"), ("پولیس", "پوليس"),
    ("١٨٢٩", "1829"), ("۱۸۲۹", "1829"), ("شـــرطة", "شرطه"),
])
def test_normalisation(typed: str, indexed: str) -> None:
    assert normalise(typed) == normalise(indexed)
    assert "\u0651" not in normalise(typed) and "\u200c" not in normalise(typed)
    assert normalise("مُجتمع ١٨٢٩") == "مجتمع 1829"


@pytest.mark.slow
def test_the_arabic_index_is_normalised_with_numbers_and_written_as_utf8(
    sample: Path, coppub: Runner
) -> None:
    assert coppub("extract") == 0 and coppub("update", "-l", "ar") == 0
    translate(sample / "locales/ar/LC_MESSAGES/chapter.po", {
        "The chapter": "الفصل الأوّل", "First point.": "النقطة الأولى عام 1829."})
    assert coppub("build", "html", "-l", "ar", "--force") == 0, coppub.err
    text = (sample / "build/site/ar/searchindex.js").read_text(encoding="utf-8")
    assert "\\u06" not in text and "الفصل" in text  # UTF-8, no escapes
    terms = json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"]
    assert "1829" in terms and "الأوّل" not in terms
    language_data = (sample / "build/site/ar/_static/language_data.js").read_text()
    assert "coppubNormalise" in language_data and "splitQuery" in language_data
    if arabic_stemmer_js() is None:  # Sphinx before 8.2: normalised, not stemmed
        assert "الاول" in terms and "ArabicStemmer" not in language_data
    else:  # stemmed: the article is gone, as in every form the reader may type
        assert "اول" in terms and "الاول" not in terms and "ArabicStemmer" in language_data


def test_a_snippet_is_the_first_paragraph_readers_see() -> None:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from coppub.sphinxext.snippets import LENGTH, _opening

    document = new_document("<page>", get_default_settings(Parser))
    note = nodes.system_message("", nodes.paragraph("", "No directive entry for x."),
                                level=1, type="INFO")
    long = "mot " * 100
    document += [nodes.comment("", "hidden"), note, nodes.paragraph("", long)]
    snippet = _opening(document)
    assert snippet.startswith("mot mot") and snippet.endswith("…")
    assert len(snippet) <= LENGTH + 1 and "directive" not in snippet


@pytest.mark.parametrize(("code", "source"), [("ar", "en"), ("prs", "en"), ("ar", "fr")])
def test_words_in_the_source_language_are_stemmed_as_sphinx_stems_them(
    code: str, source: str
) -> None:
    """A partial edition shows English text: Sphinx's English stemmer stems it, as it does
    in an English edition, only when the source is English; Arabic words are unaffected."""
    from coppub.sphinxext.search import search_language

    language = search_language(code, code, source)({})
    english = [language.stem(word) for word in ("changes", "Change", "changing")]
    assert (english == ["chang"] * 3) == (source == "en"), english
    assert language.stem("١٨٢٩") == "1829"
    assert "ArabicStemmer" in language.js_stemmer_code or code != "ar" \
        or arabic_stemmer_js() is None
    assert ("EnglishStemmer" in language.js_stemmer_code
            or "Porter" in language.js_stemmer_code) == (source == "en")



def test_sphinx_stems_with_snowballs_c_library_and_gets_the_pure_python_stems(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PyStemmer (a dependency, for speed) is what every Snowball stemmer Sphinx's search
    asks for is, and gives the stems of the pure-Python stemmer Sphinx would use without
    it, on the words of Sphinx's own translations in that language (an upgrade of either
    that changed a stem would make the index disagree with its earlier self)."""
    import importlib
    import re

    import snowballstemmer
    import sphinx
    import Stemmer
    from sphinx.search import languages
    from sphinx.util import import_object

    from coppub.pofiles import read_po

    asked: list[str] = []
    given = snowballstemmer.stemmer
    monkeypatch.setattr(snowballstemmer, "stemmer", lambda name: asked.append(name) or
                        given(name))
    compared = set()
    for code, where in sorted(languages.items()):
        cls = import_object(where) if isinstance(where, str) else where
        asked.clear()
        stemmer = getattr(cls({}), "stemmer", None)
        if not asked:
            continue  # no Snowball stemmer (Japanese)
        assert isinstance(stemmer, Stemmer.Stemmer), code
        algorithm = asked[-1]
        module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
        pure = getattr(module, "".join(p.title() for p in algorithm.split("_")) + "Stemmer")()
        catalog = Path(sphinx.__file__).parent / "locale" / code / "LC_MESSAGES/sphinx.po"
        words = {w.lower() for e in read_po(catalog) for w in re.findall(r"\w+", e.msgstr)} \
            if catalog.is_file() else set()
        words |= {"policing", "communities", "trusted", "generalisation", "running"}
        differ = [w for w in sorted(words) if stemmer.stemWord(w) != pure.stemWord(w)]
        assert differ == [], (code, algorithm, differ[:10])
        compared.add(code)
    assert {"de", "en", "es", "fr", "it", "pt", "ru"} <= compared
