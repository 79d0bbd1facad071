"""Translated alt text counts as translated.

Sphinx's i18n transform replaces an image's alt text with its translation but never
marks the image translated, so ``translation_progress_classes`` calls it "untranslated"
and coppub would mark the translated alt text as source-language text (``lang="en"``),
which screen readers then read with the wrong voice. One transform notes each image's
alt text before the translation, one after it marks the images whose alt text changed.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

_SOURCE_ALT = "coppub-source-alt"


class NoteSourceAlt(SphinxTransform):
    """Before Sphinx's Locale transform (priority 20): remember the source alt text."""

    default_priority = 19

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            if "alt" in image:
                image[_SOURCE_ALT] = image["alt"]


class MarkTranslatedAlt(SphinxTransform):
    """After it: an image whose alt text was translated is a translated node."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            source = image.attributes.pop(_SOURCE_ALT, None)
            if source is not None and image.get("alt") != source:
                image["translated"] = True


class UnmarkTextless(SphinxTransform):
    """After Sphinx marks untranslated nodes (priority 950): a paragraph or link with no
    text of its own (only an image, whose alt text may well be translated) is not marked
    as source-language text, or screen readers would read its alt text in English."""

    default_priority = 955

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.Element):
            classes: list[str] = node.get("classes", [])
            if "untranslated" in classes and not isinstance(node, nodes.image) \
                    and not any(t.astext().strip() for t in node.findall(nodes.Text)):
                classes.remove("untranslated")  # (an image's astext() is its alt text)
