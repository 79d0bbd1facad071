"""The global table of contents of every page (a theme's ``toctree()``), entry by entry.

Sphinx builds a page's global table of contents afresh for every page: it copies the
table of contents of every document the root document's toctrees list, marks the
current page, prunes, and makes the addresses relative. Every page lists every chapter,
so a book's pages cost time in the square of its size (200 chapters: a seventh of a
whole build, with or without coppub).

Yet what a top-level entry contributes depends on the page only through the page's
folder (its links are relative) -- unless the page is in that entry's branch (it is
marked current there, its branch is left open, its own link is ``#``). So each entry is
resolved by Sphinx's own code (``_resolve_toctree``, on the toctree cut down to that
entry) once per folder, and again only for the pages in its branch; the entries are
put back together as Sphinx does and rendered by the builder. The result is Sphinx's,
byte for byte (tests compare the two on trees of every shape).

Rendering the whole tree for every page would still be quadratic, so with Sphinx's own
HTML translator (no handler of an extension's for a node of the tables: one could write
the page's name) an entry outside the branch is rendered once per folder too: the page's
tree holds an empty slot in its place, filled with that HTML once rendered. An entry's
items render alike in any list: Sphinx's translator looks at their list only to decide
whether it is "simple", and no list of items holding a ``compact_paragraph`` (every
item of a table of contents, and every slot) is. Smart quotes, where a project turns
them on for rendering (a ``docutils.conf`` read by Sphinx 7), read the whole table as one
text, so a quote's direction depends on the entry before it: then the nodes are kept.

Used only where the builder resolves tables of contents and relative addresses as
Sphinx's HTML builder does; otherwise Sphinx's own code runs.
"""

from __future__ import annotations

import inspect
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters import toctree as adapter
from sphinx.writers.html5 import HTML5Translator

#: The keyword arguments of a theme's ``toctree()`` this module answers for.
_KNOWN = frozenset({"collapse", "maxdepth", "titles_only", "includehidden"})
#: The class of a slot, and what Sphinx's translator writes for one.
_SLOT = "coppub-globaltoc-slot"
_SLOT_HTML = f'<li class="{_SLOT}"></li>\n'


class GlobalToc:
    """One build's global tables of contents, by entry and folder."""

    def __init__(self, builder: StandaloneHTMLBuilder, handlers: dict[str, Any] | None = None
                 ) -> None:
        self.builder = builder
        #: the node handlers extensions gave this builder's translator (``add_node``)
        self.handlers = handlers or {}
        self.env = builder.env
        self.toctrees: list[Any] | None = None  # the root document's toctree nodes
        self.below: dict[str, frozenset[str]] = {}  # document -> every document under it
        #: (folder, options, toctree, entry) -> the entry's items: their HTML, or their
        #: resolved nodes; a toctree's nodes without entries, under entry -1 (None: it
        #: resolves to nothing)
        self.kept: dict[tuple[object, ...], Any] = {}
        #: whether entries are kept as HTML (Sphinx's own translator writes the pages),
        #: decided at the first page, once every extension has set its translator
        self.as_html: bool | None = None
        self.tags: dict[str, Any] = ({"tags": builder.tags}
                     if "tags" in inspect.signature(adapter._resolve_toctree).parameters
                     else {})

    def __call__(self, docname: str, collapse: bool = True, **kwargs: Any) -> str:
        """What ``builder._get_local_toctree`` returns."""
        if not _KNOWN.issuperset(kwargs):
            return StandaloneHTMLBuilder._get_local_toctree(self.builder, docname,
                                                            collapse=collapse, **kwargs)
        if "includehidden" not in kwargs:
            kwargs["includehidden"] = False
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        options = {"collapse": collapse, "maxdepth": int(kwargs.get("maxdepth", 0)),
                   "titles_only": kwargs.get("titles_only", False),
                   "includehidden": kwargs["includehidden"]}
        if self.as_html is None:
            self.as_html = _entries_render_alone(self.builder, self.handlers)
        slots: list[str] = []
        html = self.builder.render_partial(self.tree(docname, options, slots))["fragment"]
        if not slots:
            return html
        parts = html.split(_SLOT_HTML)
        if len(parts) != len(slots) + 1:  # not what the translator was taken to write
            self.as_html = False
            self.kept.clear()
            return self(docname, collapse=collapse, **kwargs)
        filled = (slot + part for slot, part in zip(slots, parts[1:], strict=True))
        return parts[0] + "".join(filled)

    def tree(self, docname: str, options: dict[str, Any], slots: list[str]) -> Any:
        """``global_toctree_for_doc(env, docname, builder, **options)``, entry by entry;
        the HTML of entries in ``slots``, when a slot stands in their place."""
        if self.toctrees is None:
            self.toctrees = list(self.env.master_doctree.findall(addnodes.toctree))
        uri = self.builder.get_target_uri(docname).split("#")[0]
        folder = uri.rsplit("/", 1)[0] if "/" in uri else ""
        key = (folder, tuple(sorted(options.items())))
        resolved = []
        for number, toctree in enumerate(self.toctrees):
            found = self._toctree(docname, key, number, toctree, options, slots)
            if found is not None:
                resolved.append(found)
        if not resolved:
            return None
        result = resolved[0]
        for other in resolved[1:]:
            result.extend(other.children)
        return result

    def _toctree(self, docname: str, key: tuple[object, ...], number: int, toctree: Any,
                 options: dict[str, Any], slots: list[str]) -> Any:
        entries = toctree["entries"]
        mine = [i for i, (_title, ref) in enumerate(entries) if self._holds(ref, docname)]
        if len(mine) == len(entries):  # nothing to reuse: Sphinx's own resolution
            return self._resolve(docname, toctree, entries, options)
        # the entries in the page's branch, resolved for it, together: the toctree's
        # frame gets the page's marks as in Sphinx's resolution (the others add none)
        whole = self._resolve(docname, toctree, [entries[i] for i in mine], options) \
            if mine else None
        own: dict[int, list[Any]] = {}
        if whole is not None and len(mine) == 1:
            own[mine[0]] = _items(whole)
        elif whole is not None:  # whose items are whose: each on its own
            for i in mine:
                alone = self._resolve(docname, toctree, [entries[i]], options)
                own[i] = _items(alone) if alone is not None else []
        items: list[Any] = []
        for i, entry in enumerate(entries):
            if i in own:
                items.extend(own[i])
            elif i not in mine:
                kept = self._neutral(docname, key, number, i, toctree, entry, options)
                if isinstance(kept, str):
                    if kept:
                        items.append(nodes.list_item("", addnodes.compact_paragraph(),
                                                     classes=[_SLOT]))
                        slots.append(kept)
                else:
                    items.extend(node.deepcopy() for node in kept)
        if not items:
            return None
        frame = whole if whole is not None else self._frame(docname, key, number, toctree,
                                                             options)
        if frame is None:
            return None
        frame[-1][:] = items  # its bullet list, Sphinx's last child
        return frame

    def _neutral(self, docname: str, key: tuple[object, ...], number: int, i: int,
                 toctree: Any, entry: Any, options: dict[str, Any]) -> str | list[Any]:
        """An entry outside the page's branch: the same for every page of its folder (its
        items' HTML, or their nodes)."""
        kept = self.kept.get((*key, number, i))
        if kept is None:
            whole = self._resolve(docname, toctree, [entry], options)
            kept = self.kept[(*key, number, i)] = (
                [] if whole is None else self._html(whole) if self.as_html else _items(whole))
        return kept

    def _html(self, whole: Any) -> str | list[Any]:
        """The HTML of a toctree's items, rendered in their list (its nodes where they
        are not as every table of contents' items are)."""
        items = _items(whole)
        if not all(any(isinstance(child, addnodes.compact_paragraph) for child in item)
                   for item in items):
            return items
        whole[:] = [whole[-1]]  # the list alone, without the caption
        html = self.builder.render_partial(whole)["fragment"]
        start, end = "<ul>\n", "</ul>\n"
        if not (html.startswith(start) and html.endswith(end)) or _SLOT in html:
            return _items(whole)
        return html[len(start):-len(end)]

    def _frame(self, docname: str, key: tuple[object, ...], number: int, toctree: Any,
               options: dict[str, Any]) -> Any:
        """The toctree's caption and empty list, with no current page in it."""
        if (*key, number, -1) not in self.kept:
            frame = None
            for entry in toctree["entries"]:
                if self._holds(entry[1], docname):
                    continue
                found = self._resolve(docname, toctree, [entry], options)
                if found is not None:
                    found[-1][:] = []
                    frame = found
                    break
            self.kept[(*key, number, -1)] = frame
        frame = self.kept[(*key, number, -1)]
        return None if frame is None else frame.deepcopy()

    def _resolve(self, docname: str, toctree: Any, entries: list[Any],
                 options: dict[str, Any]) -> Any:
        cut = toctree.copy()  # the node's attributes, shallow: ``entries`` is replaced
        cut["entries"] = list(entries)
        resolve: Any = adapter._resolve_toctree  # its keywords vary with Sphinx's release
        return resolve(self.env, docname, self.builder, cut, prune=True, **options,
                       **self.tags)

    def _holds(self, ref: str, docname: str) -> bool:
        """Whether the entry ``ref`` may show ``docname`` (itself, or under it)."""
        if ref == docname or ref == "self" or docname not in self.env.found_docs:
            return True  # (pages Sphinx makes, such as genindex, may be listed anywhere)
        if ref not in self.below:
            self.below[ref] = frozenset(_under(self.env.toctree_includes, ref))
        return docname in self.below[ref]


def _items(resolved: Any) -> list[Any]:
    """The top-level items of a resolved toctree (its bullet list's children)."""
    return list(resolved[-1].children)


def _under(includes: dict[str, list[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for child in includes.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _entries_render_alone(builder: Any, handlers: dict[str, Any]) -> bool:
    """Whether an entry's items render alike in any table of contents: Sphinx's own
    translator, with none of its node handlers replaced by an extension's (``add_node``
    with ``override``: what it writes may depend on the page) and no node of the tables
    handled by an extension, and rendering settings without smart quotes (Sphinx 9 keeps
    its own; Sphinx 7 reads the project's docutils.conf into its publisher's)."""
    settings = getattr(builder, "_settings", None) or getattr(
        getattr(builder, "_publisher", None), "settings", None)
    return (builder.get_translator_class() is HTML5Translator and settings is not None
            and not any(hasattr(HTML5Translator, f"visit_{name}") for name in handlers)
            and not _handled_in_tocs(builder.env, handlers)
            and not getattr(settings, "smart_quotes", False))


def _handled_in_tocs(env: Any, handlers: dict[str, Any]) -> bool:
    """Whether a document's table of contents holds a node of a class an extension
    handles (``add_node``: a role in a title, say), whose output may depend on the page."""
    return bool(handlers) and any(type(node).__name__ in handlers
                                  for toc in env.tocs.values() for node in toc.findall())


def applies(builder: Builder) -> bool:
    """Whether ``builder`` resolves tables of contents and relative addresses as
    Sphinx's HTML builder does (else its own code answers)."""
    cls: Any = type(builder)
    return (isinstance(builder, StandaloneHTMLBuilder)
            and cls._get_local_toctree is StandaloneHTMLBuilder._get_local_toctree
            and cls.get_relative_uri is Builder.get_relative_uri
            and callable(getattr(adapter, "_resolve_toctree", None))
            and callable(getattr(adapter, "global_toctree_for_doc", None)))


def install(app: Sphinx) -> None:
    """``builder-inited``: pages ask this module for their global table of contents."""
    builder: Any = app.builder
    if applies(builder):
        # the handlers the builder's translator gets, as Sphinx's registry finds them
        every = app.registry.translation_handlers
        handlers = every.get(builder.name)
        builder._get_local_toctree = GlobalToc(
            builder, every.get(builder.format, {}) if handlers is None else handlers)

