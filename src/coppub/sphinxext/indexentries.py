"""Index entries stay in the search index of an incremental build.

Sphinx's HTML builder fills the search index's ``indexentries`` (what the ``index``
directive and glossary terms add, found by the search page) only from the pages it
writes, and does not read them back from the index it wrote last time: an incremental
build that writes one page (a catalog of one page changed) dropped every other page's
entries, so the site differed from a fresh build's. After Sphinx has loaded the previous
index for the pages it keeps, the entries of those pages are read back from it too, in
page order, as a fresh build would have them (its index freezes them to the same bytes).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.application import Sphinx


def keep_entries(app: Sphinx) -> None:
    """``builder-inited``: have the HTML builder's ``load_indexer`` restore the entries."""
    builder: Any = app.builder
    original = getattr(builder, "load_indexer", None)
    if original is None or not getattr(builder, "search", False):
        return

    def load_indexer(docnames: Set[str]) -> None:
        original(docnames)
        _restore(builder, docnames)

    builder.load_indexer = load_indexer


def _restore(builder: Any, written: Set[str]) -> None:
    entries = getattr(builder.indexer, "_index_entries", None)
    if not isinstance(entries, dict):  # a Sphinx whose search has no index entries
        return
    every = set(builder.env.all_docs)
    kept = _previous(builder, every - set(written))
    restored = {doc: [] if doc in written else kept.get(doc, entries.get(doc, []))
                for doc in sorted(every)}  # a removed page's entries go
    entries.clear()  # Sphinx's own dict (its environment's): fed in page order from here
    entries.update(restored)


def _previous(builder: Any, keep: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """The entries of the pages in ``keep``, as the previous ``searchindex.js`` has them
    (terms lowercased, as Sphinx writes them: freezing them again gives the same)."""
    path = builder.outdir / builder.searchindex_filename
    try:
        if builder.indexer_dumps_unicode:
            frozen = builder.indexer_format.loads(path.read_text(encoding="utf-8"))
        else:
            frozen = builder.indexer_format.loads(path.read_bytes())
        docnames = list(frozen["docnames"])
        found: dict[str, list[tuple[str, str, str]]] = {}
        for term, hits in frozen.get("indexentries", {}).items():
            for index, target, *main in hits:  # Sphinx < 7.3 writes no "main" flag
                doc = docnames[index]
                if doc in keep:
                    found.setdefault(doc, []).append((term, target,
                                                      "main" if any(main) else ""))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}  # no previous index (Sphinx has said so if it matters)
    return found
