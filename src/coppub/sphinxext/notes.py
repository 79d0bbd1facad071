"""What coppub notes per document in Sphinx's environment, kept as Sphinx keeps its own:
forgotten when a document is read again or removed, gathered from parallel readers.

Each note is a dict (document name -> value) stored on the environment under one of
:data:`NAMES`; :func:`purge` and :func:`merge` serve all of them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: Translated nodes per page (the silent-English check), each page's opening words
#: (search snippets), its titles still in the source language (navigation marks), the
#: text of all its titles (cross-references), and when it was read (:mod:`.freshness`).
NAMES = ("coppub_translated", "coppub_snippets", "coppub_source_titles", "coppub_titles",
         "coppub_read_at")


def per_document(env: Any, name: str) -> dict[str, Any]:
    """The note ``name`` (one of :data:`NAMES`), created empty if need be."""
    assert name in NAMES, name
    notes: dict[str, Any] = env.__dict__.setdefault(name, {})
    return notes


def purge(app: Sphinx, env: Any, docname: str) -> None:
    """``env-purge-doc``: a document read again starts with no notes."""
    for name in NAMES:
        per_document(env, name).pop(docname, None)


def merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    """``env-merge-info``: the notes of the documents a parallel reader read."""
    for name in NAMES:
        theirs = other.__dict__.get(name, {})
        per_document(env, name).update({d: theirs[d] for d in docnames if d in theirs})
