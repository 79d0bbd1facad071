"""Outdated translations, shown as such instead of hidden.

When the source of a paragraph changes, its translation becomes fuzzy and Sphinx shows
the source text: the reader meets English in the middle of a chapter, and the
translator's earlier work is invisible. A language with ``outdated = "show"`` in
coppub.toml gets its fuzzy translations compiled (they pass the same checks as any
other), and :class:`MarkOutdated` marks each paragraph that uses one, just before
Sphinx's own translation step: the paragraph shows the outdated translation, a note in
the page's language says it may be out of date (text, so screen readers read it), and
the current source text sits in a ``<details>`` element one tap away, with what changed
in the source since the translation was made (a word-level difference) when the catalog
keeps the previous source (``#| msgid``). No script is involved, so EPUB readers show it
too (open, in readers that do not fold ``<details>``).

Only paragraphs can carry the note; an outdated title, term or caption shows its source
text, as before.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from ..render import macros
from ..textdiff import word_diff

_ = get_translation("sphinx")  # coppub's interface words are compiled into it (ui.py)


class outdated(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes so
    """A paragraph whose translation is outdated, with the note and the current source."""


class outdated_source(nodes.General, nodes.Element):  # noqa: N801
    """The current source text of an outdated paragraph (and what changed in it)."""


class MarkOutdated(SphinxTransform):
    """Wrap each paragraph whose message has an outdated translation (see the module)."""

    default_priority = 15  # after PreserveTranslatableMessages (10), before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        from . import current_language, domain_of

        table: dict[str, dict[str, str]] = getattr(self.app, "_coppub_outdated", {})
        if not table:
            return
        code, language = current_language(self.app)
        if language is None:
            return
        previous = table.get(domain_of(self.app, self.env.docname), {})
        if not previous:
            return
        for node, msg in list(extract_messages(self.document)):
            if msg not in previous:
                continue
            if not isinstance(node, nodes.paragraph) or node.parent is None:
                node["translatable"] = False  # a title or term: its source text
                continue
            source = node.deepcopy()
            source["translatable"] = False
            for child in source.findall(nodes.Element):
                child["ids"] = []  # the translated paragraph keeps the anchors
            box = outdated(outdated_previous=previous[msg], outdated_current=msg)
            node.replace_self(box)
            box += node
            box += outdated_source("", source)


def _html() -> Any:
    return macros("sphinxext/outdated.html")


def visit_outdated(self: Any, node: outdated) -> None:
    note = _("This translation may be out of date: the original text has changed since.")
    self.body.append(str(_html().start(str(note))))


def depart_outdated(self: Any, node: outdated) -> None:
    self.body.append(str(_html().end()))


def _source(self: Any) -> Any:
    from . import settings_of

    settings = settings_of(self.builder.app)
    return settings.any_language(settings.source_language)


def visit_outdated_source(self: Any, node: outdated_source) -> None:
    source = _source(self)
    self.body.append(str(_html().source_start(str(_("The current original text")),
                                              source.bcp47, source.direction)))


def depart_outdated_source(self: Any, node: outdated_source) -> None:
    box = node.parent
    previous = box.get("outdated_previous", "")
    runs = word_diff(previous, box.get("outdated_current", "")) if previous else []
    self.body.append(str(_html().source_end(str(_("What changed in the original text")),
                                            _source(self).bcp47, runs)))


def visit_plain(self: Any, node: nodes.Element) -> None:
    """Other formats (LaTeX, text…): the outdated translation only."""
    if isinstance(node, outdated_source):
        raise nodes.SkipNode


def depart_plain(self: Any, node: nodes.Element) -> None:
    pass
