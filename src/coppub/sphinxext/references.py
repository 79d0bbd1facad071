"""Cross-references in running text whose words are a title still in the source language
say so.

A translated paragraph that links a section with ``:ref:`` or a page with ``:doc:`` shows
the target's title, as Sphinx resolves it when it writes the page. Where that title is
not translated yet, the link's words are English inside, say, a Dari sentence, and a
screen reader reads them with a Dari voice. After the references are resolved, a link is
marked ``untranslated`` (so it gets the source language's ``lang`` and ``dir``, web and
EPUB, as every untranslated element does) when its target's title is still in the source
language (:mod:`coppub.sphinxext.navigation` notes those titles and their text) and the
link's words are that title: a link with words of its own (``:ref:`words <label>```),
translated with its paragraph, is left alone. The other way round, a link in a paragraph
still in the source language that shows a translated title gets the page's language back.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .navigation import Marker

#: The class of a link in source-language text that shows a translated title: it gets
#: the page's ``lang`` and ``dir`` back (:mod:`coppub.sphinxext.pages`).
TRANSLATED = "coppub-translated"


class MarkSourceTitleReferences(SphinxPostTransform):
    """After Sphinx resolves the references (priority 10)."""

    default_priority = 800

    def run(self, **kwargs: Any) -> None:
        from . import current_language, source_tag

        _code, language = current_language(self.app)
        if language is None:
            return
        marker = Marker(self.app, self.env.docname, source_tag(self.app))
        for reference in self.document.findall(nodes.reference):
            if not reference.get("internal") or "untranslated" in reference["classes"]:
                continue
            if "refid" in reference:
                href, anchor = "", f"#{reference['refid']}"
            else:
                href, _sep, anchor = str(reference.get("refuri", "")).partition("#")
                anchor = f"#{anchor}" if anchor else ""
            if _marked(reference.parent):  # in source-language text: a translated title?
                title = marker.translated_title(href, anchor)
                mark = TRANSLATED
            else:
                title = marker.source_title(href, anchor)
                mark = "untranslated"
            if title is not None and reference.astext() == title:
                reference["classes"].append(mark)


def _marked(node: nodes.Element) -> bool:
    """Whether ``node`` or a block around it is already source-language text."""
    while isinstance(node, nodes.Element):
        if "untranslated" in node.get("classes", ()):
            return True
        node = node.parent
    return False
