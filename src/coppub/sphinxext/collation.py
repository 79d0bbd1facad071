"""Glossaries in the reader's alphabetical order.

Sphinx sorts a ``:sorted:`` glossary by code point: in an Arabic or Dari edition the
terms left in Latin script ("UNPOL") come first, and every Arabic term that begins with
the article ال is grouped together under alef. A post-transform sorts each sorted
glossary again, in every edition, with the Unicode Collation Algorithm (pyuca, a
maintained implementation of the standard's default table, which orders Persian letters
such as پ چ ژ گ beside their Arabic bases) and two conventions of indexes:

- terms in another script than the edition's come after the edition's own;
- in Arabic, the article ال is not counted (الشرطة is filed under ش).
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: ISO 15924 script codes and the first word of the Unicode names of their letters.
_SCRIPT_NAMES = {"Latn": "LATIN", "Arab": "ARABIC", "Cyrl": "CYRILLIC", "Grek": "GREEK",
                 "Hebr": "HEBREW", "Deva": "DEVANAGARI", "Beng": "BENGALI", "Thai": "THAI",
                 "Ethi": "ETHIOPIC", "Armn": "ARMENIAN", "Geor": "GEORGIAN"}
#: Languages whose indexes file a word under the letter after its article.
_ARTICLES = {"ar": ("ال",)}


@functools.lru_cache(maxsize=1)
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


def _script_of(text: str) -> str:
    letter = next((c for c in text if c.isalpha()), "")
    return unicodedata.name(letter, "").split(" ", 1)[0] if letter else ""


def collation_key(text: str, language: str, script: str | None) -> tuple[int, tuple[int, ...]]:
    """Where ``text`` goes in an alphabetical list of ``language`` (a catalog code)."""
    term = text.strip()
    for article in _ARTICLES.get(language.split("_")[0], ()):
        if term.startswith(article) and len(term) > len(article) + 1:
            term = term[len(article):]
    own = _SCRIPT_NAMES.get(script or "")
    foreign = 1 if own and _script_of(term) not in ("", own) else 0
    return foreign, tuple(_collator().sort_key(term))


class CollateGlossaries(SphinxPostTransform):
    """Sort the entries of each ``:sorted:`` glossary by the language's collation."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        from . import current_language, settings_of

        code, _language = current_language(self.app)
        script = settings_of(self.app).any_language(code).script
        for glossary in self.document.findall(addnodes.glossary):
            if not glossary.get("sorted"):
                continue
            for entries in glossary.findall(nodes.definition_list):
                items = list(entries.children)
                items.sort(key=lambda item: collation_key(_first_term(item), code, script))
                entries.children = []
                entries.extend(items)


def _first_term(item: nodes.Node) -> str:
    term = next(item.findall(nodes.term), None)
    return term.astext() if term is not None else ""
