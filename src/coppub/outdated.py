"""Outdated translations: the fuzzy messages of a catalog and what changed in their source.

A translation becomes outdated (``#, fuzzy``) when ``update`` finds that its source
changed; the catalog keeps the source it was made from (``#| msgid``). ``coppub todo
--outdated`` prints these messages, the dashboard lists them per page with the same
word-level difference (:mod:`coppub.textdiff`), and the downloads page names the pages
that show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalogcache
from .model import FUZZY, forms, state
from .pofiles import read_po
from .stats import count_words
from .textdiff import Run, word_diff


@dataclass(frozen=True)
class Outdated:
    """One outdated message."""

    path: Path
    line: int
    #: The current source text.
    source: str
    #: The outdated translation (plural forms joined with " / ").
    draft: str
    #: The source words it covers.
    words: int
    #: What changed, from the source the translation was made from to the current one
    #: (empty when the catalog does not keep the previous source).
    changes: tuple[Run, ...] = ()


def outdated_messages(path: Path, cache: Path | None = None) -> list[Outdated]:
    """The outdated messages of the catalog ``path``, in file order.

    ``cache``: a folder where they are kept until the catalog changes
    (:mod:`catalogcache`; the dashboard lists them on every build)."""
    sign = catalogcache.signature(path) if cache is not None else []
    if cache is not None and (kept := catalogcache.load(cache, path, sign)) is not None:
        return [Outdated(path, line, source, draft, words,
                         tuple((kind, text) for kind, text in changes))
                for line, source, draft, words, changes in kept]
    found = []
    for entry in read_po(path):
        if entry.obsolete or state(entry) != FUZZY:
            continue
        changes = tuple(word_diff(entry.previous_msgid, entry.msgid)) \
            if entry.previous_msgid else ()
        found.append(Outdated(path, entry.linenum, entry.msgid, " / ".join(forms(entry)),
                              count_words(entry.msgid), changes))
    if cache is not None:
        catalogcache.store(cache, path, sign, [[m.line, m.source, m.draft, m.words,
                                                [list(run) for run in m.changes]]
                                               for m in found])
    return found
