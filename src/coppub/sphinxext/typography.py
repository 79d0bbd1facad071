"""Apostrophes that smart quotes get wrong, and quotation marks docutils lacks.

docutils' smart quotes see the apostrophe of French ``l'`` at the end of a text node
(before a link or a term) as a closing quote and print ``l”``. This transform, which runs
just before smart quotes, turns every apostrophe that stands between letters, or that
ends a word right before an inline element, into U+2019 (’), which smart quotes leave
alone. The quotation marks of languages docutils does not know (Arabic, Dari, Pashto,
Urdu…) come from :mod:`coppub.scripts`.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

_INSIDE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# docutils keeps an escaped space (``l'\ :term:`x```) as NUL + space inside the text.
_AT_END = re.compile(r"(?<=[^\W\d_])'(?=(?:\x00\s?)?$)")
_AT_START = re.compile(r"^((?:\x00\s?)?)'(?=[^\W\d_])")
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block,
         nodes.comment, nodes.doctest_block)


def install_quotes() -> None:
    """Teach docutils' smart quotes the quotation marks it lacks (coppub.scripts)."""
    from docutils.utils.smartquotes import smartchars

    from ..scripts import quotation_marks

    for code, marks in quotation_marks().items():
        smartchars.quotes.setdefault(code, marks)


class Apostrophes(SphinxTransform):
    """Replace apostrophes with U+2019 where smart quotes would misread them."""

    default_priority = 740  # before SphinxSmartQuotes (750), after the i18n transform

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or "'" not in text or isinstance(parent, _SKIP):
                continue
            value = _INSIDE.sub("’", str(text))
            index = parent.index(text)
            if index + 1 < len(parent) and isinstance(parent[index + 1], nodes.Inline):
                value = _AT_END.sub("’", value)
            if index > 0 and isinstance(parent[index - 1], nodes.Inline):
                value = _AT_START.sub("\\1’", value)
            if value != str(text):
                parent.replace(text, nodes.Text(value))
