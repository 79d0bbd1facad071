"""The book as data for the PDF template: a docutils tree turned into plain JSON values.

The PDF edition never writes Typst markup. Sphinx's whole book (every page inlined, as
its single-page builders assemble it) becomes nested lists and dictionaries of strings,
which the packaged template (``templates/pdf/book.typ``) reads with ``json()``: text
from a translation is a string there, shown as it is and never parsed as markup.

Blocks are dictionaries with a type ``t`` (``heading``, ``par``, ``list``, ``terms``,
``table``, ``figure``, ``image``, ``codeblock``, ``quote``, ``admonition``, ``notice``, ``part``,
``rubric``, ``rule``); inline content is a list of strings and dictionaries (``em``,
``strong``, ``code``, ``link``, ``note``, ``noteref``, ``span``, ``sub``, ``sup``).
A block or span still in the source language carries ``lang`` (Sphinx marks it
``untranslated``). Labels are ``<document>#<id>``; a link only names a label that some
block carries (:meth:`Converter.finish`), since Typst refuses a link to a missing one.
Nodes this module does not know give their children, or at least their text: nothing
a page says is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from sphinx import addnodes

Inline = list[Any]
Block = dict[str, Any]

#: Unicode's isolates: a URL or code inside right-to-left text keeps its own order.
LRI, PDI = "\u2066", "\u2069"
#: Nodes that hold nothing a reader of the PDF sees.
_SKIP = (nodes.comment, nodes.substitution_definition, nodes.raw, addnodes.index,
         nodes.target, nodes.system_message, nodes.pending, addnodes.toctree, nodes.meta)
_ADMONITIONS = ("attention", "caution", "danger", "error", "hint", "important", "note",
                "tip", "warning", "seealso")
#: The marker the builder puts before a toctree with a caption (a part of the book).
PART = "coppub-part"


@dataclass
class Context:
    """What the converter needs from the build: languages, labels, images, notices."""

    source_language: str
    #: The label Sphinx's admonition of this name shows, translated.
    admonition_label: Callable[[str], str]
    #: The path of an image in the PDF's folder (None: leave the image out).
    image_path: Callable[[str], str | None]
    #: The partial-translation notice of a document (empty: fully translated).
    notice: Callable[[str], str] = lambda docname: ""
    #: The book's root document; the others are its chapters.
    root: str = "index"
    #: The toctrees have captions: parts are headings of level 1, chapters of level 2.
    parts: bool = False

    @property
    def chapter_level(self) -> int:
        return 2 if self.parts else 1


@dataclass
class Converter:
    """Turns one assembled doctree into the template's data."""

    context: Context
    docname: str = ""
    labels: set[str] = field(default_factory=set)
    #: Every id (``doc#id``, ``doc#``) -> the label of the block that carries it.
    aliases: dict[str, str] = field(default_factory=dict)
    footnotes: dict[str, nodes.Element] = field(default_factory=dict)
    noted: set[str] = field(default_factory=set)
    _depth: int = 0
    _pending_notice: str = ""

    # -- entry -------------------------------------------------------------------------

    def convert(self, tree: nodes.document, docname: str) -> list[Block]:
        self.docname = docname
        for note in tree.findall(nodes.footnote):
            for node_id in note["ids"]:
                self.footnotes[node_id] = note
        self._pending_notice = self.context.notice(docname)
        blocks = self.blocks(tree.children)
        return self.finish(blocks)

    def finish(self, blocks: list[Block]) -> list[Block]:
        """Point links at labels that exist; a link to nothing is plain text."""
        def fix(value: Any) -> Any:
            if isinstance(value, list):
                return [fix(v) for v in value]
            if isinstance(value, dict):
                value = {k: fix(v) for k, v in value.items()}
                if value.get("t") == "link" and "target" in value:
                    target = self.aliases.get(value["target"])
                    if target is None:
                        return {"t": "span", "body": value["body"]}
                    value["target"] = target
                if value.get("t") == "noteref" and value["target"] not in self.labels:
                    return {"t": "span", "body": []}
            return value

        fixed: list[Block] = fix(blocks)
        return fixed

    # -- labels ------------------------------------------------------------------------

    def label(self, node: nodes.Element) -> str | None:
        """The label of the block made from ``node``, with every id of it as an alias."""
        ids: list[str] = list(node.get("ids", []))
        if not ids:
            return None
        label = f"{self.docname}#{ids[0]}"
        self.labels.add(label)
        for node_id in ids:
            self.aliases.setdefault(f"{self.docname}#{node_id}", label)
        self.aliases.setdefault(f"{self.docname}#", label)  # :doc: links: its first target
        return label

    def _lang(self, node: nodes.Element, block: Block) -> Block:
        if "untranslated" in node.get("classes", ()):
            block["lang"] = self.context.source_language
        return block

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, children: Sequence[nodes.Node]) -> list[Block]:
        out: list[Block] = []
        loose: Inline = []
        for index, child in enumerate(children):
            if isinstance(child, nodes.Text | nodes.Inline) and not isinstance(
                    child, nodes.image | nodes.target):
                loose += self.inline(child)
                continue
            if loose:
                out.append({"t": "par", "body": loose})
                loose = []
            if isinstance(child, nodes.rubric) and PART not in child["classes"] and \
                    index + 1 < len(children) and isinstance(children[index + 1],
                                                             nodes.footnote):
                continue  # "Notes" above footnotes: they go to the foot of their page
            out.extend(self.block(child))
        if loose and any(isinstance(x, dict) or x.strip() for x in loose):
            out.append({"t": "par", "body": loose})
        return out

    def block(self, node: nodes.Node) -> list[Block]:
        if isinstance(node, _SKIP):
            return []
        if isinstance(node, addnodes.start_of_file):
            outer, depth, self.docname, self._depth = self.docname, self._depth, \
                node["docname"], 0
            self._pending_notice = self.context.notice(self.docname)
            try:
                return self.blocks(node.children)
            finally:
                self.docname, self._depth = outer, depth
        if not isinstance(node, nodes.Element):
            return []
        method = getattr(self, f"b_{type(node).__name__}", None)
        if method is not None:
            result: list[Block] = method(node)
            return result
        if isinstance(node, nodes.Admonition):
            return [self.admonition(node)]
        return self.blocks(node.children)  # compound, container, glossary, topic...

    def b_section(self, node: nodes.section) -> list[Block]:
        self._depth += 1
        try:
            title = node.next_node(nodes.title)
            out: list[Block] = []
            if title is not None and title.parent is node:
                offset = 1 if self.context.parts and self.docname != self.context.root else 0
                heading = self._lang(title, {"t": "heading", "level": self._depth + offset,
                                             "body": self.inlines(title),
                                             "chapter": self._depth == 1})
                label = self.label(node)
                if label:
                    heading["label"] = label
                out.append(heading)
            if self._pending_notice:
                out.append({"t": "notice", "body": [self._pending_notice]})
                self._pending_notice = ""
            rest = [c for c in node.children if not isinstance(c, nodes.title)]
            return out + self.blocks(rest)
        finally:
            self._depth -= 1

    def b_paragraph(self, node: nodes.paragraph) -> list[Block]:
        block = self._lang(node, {"t": "par", "body": self.inlines(node)})
        return [self._labelled(node, block)]

    def _labelled(self, node: nodes.Element, block: Block) -> Block:
        label = self.label(node)
        if label:
            block["label"] = label
        return block

    def b_bullet_list(self, node: nodes.Element) -> list[Block]:
        return [{"t": "list", "ordered": False,
                 "items": [self.blocks(item.children) for item in node.children
                           if isinstance(item, nodes.list_item)]}]

    def b_enumerated_list(self, node: nodes.Element) -> list[Block]:
        block = self.b_bullet_list(node)[0]
        block.update(ordered=True, start=int(node.get("start", 1)))
        return [block]

    def b_definition_list(self, node: nodes.Element) -> list[Block]:
        items = []
        for item in node.findall(nodes.definition_list_item):
            if item.parent is not node:
                continue
            terms = [t for t in item.children if isinstance(t, nodes.term)]
            term: Inline = []
            label = None
            for number, t in enumerate(terms):
                term += ([", "] if number else []) + self.inlines(t)
                label = label or self.label(t)
            body = [b for d in item.children if isinstance(d, nodes.definition)
                    for b in self.blocks(d.children)]
            entry: dict[str, Any] = {"term": term, "body": body}
            if label:
                entry["label"] = label
            items.append(self._lang(terms[0] if terms else item, entry))
        return [{"t": "terms", "items": items}]

    def b_field_list(self, node: nodes.Element) -> list[Block]:
        items = [{"term": self.inlines(name), "body": self.blocks(body.children)}
                 for f in node.findall(nodes.field) if f.parent is node
                 for name, body in [(f.next_node(nodes.field_name), f.next_node(nodes.field_body))]
                 if name is not None and body is not None]
        return [{"t": "terms", "items": items}]

    def b_literal_block(self, node: nodes.Element) -> list[Block]:
        return [{"t": "codeblock", "text": node.astext()}]

    b_doctest_block = b_literal_block

    def b_line_block(self, node: nodes.Element) -> list[Block]:
        lines: Inline = []
        for line in node.findall(nodes.line):
            if lines:
                lines.append({"t": "br"})
            lines += self.inlines(line)
        return [{"t": "par", "body": lines}]

    def b_block_quote(self, node: nodes.Element) -> list[Block]:
        attribution = [a for a in node.children if isinstance(a, nodes.attribution)]
        rest = [c for c in node.children if not isinstance(c, nodes.attribution)]
        block: Block = {"t": "quote", "body": self.blocks(rest), "attribution": []}
        if attribution:
            block["attribution"] = self._lang(attribution[0], {
                "t": "span", "body": self.inlines(attribution[0])})["body"]
        return [block]

    def b_transition(self, node: nodes.Element) -> list[Block]:
        return [{"t": "rule"}]

    def b_rubric(self, node: nodes.Element) -> list[Block]:
        kind = "part" if PART in node["classes"] else "rubric"
        return [self._lang(node, {"t": kind, "body": self.inlines(node)})]

    def b_footnote(self, node: nodes.Element) -> list[Block]:
        if any(node_id in self.noted for node_id in node["ids"]):
            return []  # shown at the foot of the page that refers to it
        body = [c for c in node.children if not isinstance(c, nodes.label)]
        return [{"t": "quote", "body": self.blocks(body), "attribution": []}]

    def b_citation(self, node: nodes.Element) -> list[Block]:
        label = node.next_node(nodes.label)
        body = [c for c in node.children if not isinstance(c, nodes.label)]
        block: Block = {"t": "terms", "items": [{
            "term": [f"[{label.astext()}]" if label else ""],
            "body": self.blocks(body)}]}
        anchor = self.label(node)
        if anchor:
            block["items"][0]["label"] = anchor
        return [block]

    def admonition(self, node: nodes.Element) -> Block:
        name = type(node).__name__
        titles = [t for t in node.children if isinstance(t, nodes.title)]
        if titles:
            title = self.inlines(titles[0])
        else:
            title = [self.context.admonition_label(name if name in _ADMONITIONS else "note")]
        body = [c for c in node.children if not isinstance(c, nodes.title)]
        return {"t": "admonition", "kind": name, "title": title, "body": self.blocks(body)}

    def b_seealso(self, node: nodes.Element) -> list[Block]:
        return [self.admonition(node)]

    def b_figure(self, node: nodes.Element) -> list[Block]:
        image = node.next_node(nodes.image)
        caption = node.next_node(nodes.caption)
        legend = node.next_node(nodes.legend)
        block = self._image(image) if image is not None else None
        if image is None or block is None:
            return self.blocks([c for c in node.children if not isinstance(c, nodes.image)])
        block["t"] = "figure"
        block["caption"] = self.inlines(caption) if caption is not None else []
        if caption is not None:
            self._lang(caption, block)
            block["alt"] = block["alt"] or caption.astext()
        block["alt"] = block["alt"] or PurePosixPath(image["uri"]).stem
        block["legend"] = self.blocks(legend.children) if legend is not None else []
        return [self._labelled(node, block)]

    def b_image(self, node: nodes.Element) -> list[Block]:
        block = self._image(node)
        if block is None:
            return []
        block["alt"] = block["alt"] or PurePosixPath(node["uri"]).stem  # PDF/UA needs one
        return [block]

    def _image(self, node: nodes.Element) -> Block | None:
        path = self.context.image_path(node["uri"])
        if path is None:
            return None
        width = str(node.get("width", ""))
        return {"t": "image", "src": path, "alt": str(node.get("alt", "")),
                "width": width[:-1] if width.endswith("%") else ""}

    def b_table(self, node: nodes.Element) -> list[Block]:
        group = node.next_node(nodes.tgroup)
        if group is None:
            return []
        title = node.next_node(nodes.title)
        columns = int(group.get("cols", 1))
        widths = [int(c.get("colwidth", 1)) for c in group.children
                  if isinstance(c, nodes.colspec)]

        def rows(part: type[nodes.Element]) -> list[list[Block]]:
            found = []
            for section in group.children:
                if isinstance(section, part):
                    for row in section.findall(nodes.row):
                        if row.parent is not section:
                            continue  # a row of a table inside a cell
                        found.append([{"body": self.blocks(entry.children),
                                       "colspan": 1 + int(entry.get("morecols", 0)),
                                       "rowspan": 1 + int(entry.get("morerows", 0))}
                                      for entry in row.findall(nodes.entry)
                                      if entry.parent is row])
            return found

        block: Block = {"t": "table", "columns": columns, "widths": widths or [1] * columns,
                        "header": rows(nodes.thead), "rows": rows(nodes.tbody),
                        "caption": self.inlines(title) if title is not None else []}
        return [self._labelled(node, block)]

    # -- inline ------------------------------------------------------------------------

    def inlines(self, node: nodes.Element) -> Inline:
        out: Inline = []
        for child in node.children:
            out += self.inline(child)
        return _merge(out)

    def inline(self, node: nodes.Node) -> Inline:
        if isinstance(node, nodes.Text):
            return [" ".join(node.astext().split("\n"))]
        if isinstance(node, nodes.target) and not isinstance(node, nodes.raw):
            return self.inlines(node)  # an inline target's text (a standalone one has none)
        if isinstance(node, _SKIP + (nodes.footnote, nodes.citation)):
            return []
        if not isinstance(node, nodes.Element):
            return []
        if isinstance(node, nodes.emphasis | nodes.title_reference):
            return [{"t": "em", "body": self.inlines(node)}]
        if isinstance(node, nodes.strong):
            return [{"t": "strong", "body": self.inlines(node)}]
        if isinstance(node, nodes.literal):
            return [{"t": "code", "text": node.astext()}]
        if isinstance(node, nodes.subscript):
            return [{"t": "sub", "body": self.inlines(node)}]
        if isinstance(node, nodes.superscript):
            return [{"t": "sup", "body": self.inlines(node)}]
        if isinstance(node, nodes.footnote_reference):
            return self._note(node)
        if isinstance(node, nodes.reference):
            return [self._link(node)]
        if isinstance(node, nodes.image):
            return []
        if isinstance(node, nodes.inline) and "untranslated" in node.get("classes", ()):
            return [{"t": "span", "lang": self.context.source_language,
                     "body": self.inlines(node)}]
        return self.inlines(node)  # abbreviation, pending_xref left over, generated...

    def _link(self, node: nodes.Element) -> Any:
        body = self.inlines(node)
        uri = str(node.get("refuri", ""))
        if node.get("refid"):
            return {"t": "link", "target": f"{self.docname}#{node['refid']}", "body": body}
        if uri.startswith("%"):  # another page of the book (the builder's target URIs)
            docname, _, anchor = uri[1:].partition("#")
            return {"t": "link", "target": f"{docname}#{anchor}", "body": body}
        if uri:
            if node.astext() == uri:  # a URL shown as text reads left to right
                body = [LRI + uri + PDI]
            return {"t": "link", "url": uri, "body": body}
        return {"t": "span", "body": body}

    def _note(self, node: nodes.Element) -> Inline:
        refid = str(node.get("refid", ""))
        note = self.footnotes.get(refid)
        if note is None:
            return []
        label = f"{self.docname}#{refid}"
        if refid in self.noted:
            return [{"t": "noteref", "target": label}]
        self.noted.add(refid)
        self.labels.add(label)
        body = [c for c in note.children if not isinstance(c, nodes.label)]
        return [{"t": "note", "label": label, "body": self.blocks(body)}]


def _merge(items: Inline) -> Inline:
    """Adjacent strings as one (smaller data, and shaping sees whole words)."""
    out: Inline = []
    for item in items:
        if isinstance(item, str) and out and isinstance(out[-1], str):
            out[-1] += item
        else:
            out.append(item)
    return out


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every dictionary in the data, depth first (for tests and the font subset)."""
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
