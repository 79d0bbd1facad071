"""A list, table or quotation whose text is all still in the source language is marked
so as a whole, not only its paragraphs.

Sphinx marks each untranslated paragraph (``translation_progress_classes``), and coppub
gives it the source language's ``lang`` and ``dir`` (:mod:`coppub.sphinxext.pages`). But
a list's bullets and a table's columns belong to the list and the table: in a
right-to-left page an English list kept its bullets on the right while its text started
on the left. Such a block gets the ``untranslated`` class too, and so its ``lang`` and
``dir``. Admonitions are left alone: their label ("Note") is the page's language.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: Blocks whose layout follows their text's direction.
BLOCKS = (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list,
          nodes.field_list, nodes.option_list, nodes.table, nodes.block_quote,
          nodes.line_block)


class MarkUntranslatedBlocks(SphinxTransform):
    """After Sphinx marks untranslated nodes (priority 950)."""

    default_priority = 955

    def apply(self, **kwargs: Any) -> None:
        for block in self.document.findall(lambda n: isinstance(n, BLOCKS)):
            assert isinstance(block, nodes.Element)
            messages = [n for n in block.findall(nodes.Element)
                        if n is not block and "translated" in n.attributes]
            if messages and not any(n["translated"] for n in messages) \
                    and "untranslated" not in block["classes"]:
                block["classes"].append("untranslated")
