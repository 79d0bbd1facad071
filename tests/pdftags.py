"""A PDF's tag tree as assistive technology reads it: structure elements (standard types,
after the role map), the language each one is in (its own ``/Lang`` or its ancestors'),
its alternative text, and the text of the marked content it owns.

Read with pypdf only: the content streams are decoded through each font's ``/ToUnicode``
map, and a marked span with ``/ActualText`` gives that text instead of its glyphs, as
PDF 1.7 (14.9.4) has readers do. This is a test's reader, not a validator: it sees what
it walks and nothing a PDF/UA validator would also check (contrast, reading order of
artifacts, the matterhorn protocol's other 130 conditions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Element:
    kind: str
    lang: str
    alt: str = ""
    title: str = ""
    #: The text of the marked content the element owns directly (not its children's).
    own: str = ""
    children: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.own + "".join(child.text for child in self.children)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


def _cmap(stream: Any) -> dict[bytes, str]:
    """A ToUnicode map's code -> text (bfchar and bfrange, two-byte codes as Typst's)."""
    data = stream.get_object().get_data().decode("latin-1")
    found: dict[bytes, str] = {}

    def text(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(code)] = text(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, value in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(value, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code.to_bytes(len(low) // 2, "big")] = chr(start + offset)
    return found


def _raw(string: Any) -> bytes:
    """A string operand's bytes (pypdf decodes some strings to text)."""
    original = getattr(string, "original_bytes", None)
    return bytes(original if original is not None else string)


@dataclass
class _Marked:
    """One marked-content sequence being read (BDC or BMC ... EMC)."""

    mcid: int | None = None
    actual: str | None = None
    text: str = ""

    def result(self) -> str:
        return self.text if self.actual is None else self.actual


@dataclass
class _Page:
    #: MCID -> the text of that marked content, in the content stream's order (right-to-
    #: left text is in visual order there: compare characters and scripts, not words).
    texts: dict[int, str]
    #: Text shown outside any marked content: neither tagged nor an artifact.
    untagged: str


def _marked_text(page: Any, reader: Any) -> _Page:
    """The marked content of ``page``; an ``/ActualText`` replaces the glyphs it spans."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    resources = page["/Resources"]
    fonts = {name: _cmap(font.get_object()["/ToUnicode"])
             for name, font in resources.get("/Font", {}).items()
             if "/ToUnicode" in font.get_object()}
    properties = resources.get("/Properties", {})
    cmap: dict[bytes, str] = {}
    stack: list[_Marked] = []
    texts: dict[int, str] = {}
    untagged = ""

    def emit(raw: bytes) -> None:
        nonlocal untagged
        width = len(next(iter(cmap))) if cmap else 1
        text = "".join(cmap.get(raw[i:i + width], "") for i in range(0, len(raw), width))
        if stack:
            stack[-1].text += text
        else:
            untagged += text

    content = ContentStream(page.get_contents(), reader)
    for operands, operator in content.operations:
        if operator == b"Tf":
            cmap = fonts.get(operands[0], {})
        elif operator in (b"Tj", b"'", b'"'):
            emit(_raw(operands[-1]))
        elif operator == b"TJ":
            for item in operands[0]:
                if not isinstance(item, int | float):
                    emit(_raw(item))
        elif operator == b"BMC":
            stack.append(_Marked())
        elif operator == b"BDC":
            props = operands[1]
            if isinstance(props, NameObject):
                props = properties.get(props, DictionaryObject())
            props = props.get_object()
            mcid, actual = props.get("/MCID"), props.get("/ActualText")
            stack.append(_Marked(int(mcid) if mcid is not None else None,
                                 str(actual) if actual is not None else None))
        elif operator == b"EMC" and stack:
            done = stack.pop()
            if done.mcid is not None:
                texts[done.mcid] = texts.get(done.mcid, "") + done.result()
            elif stack:
                stack[-1].text += done.result()
    return _Page(texts, untagged)


@dataclass
class Tags:
    """A PDF's tag tree and what its pages show outside it."""

    root: Element
    #: Text on some page outside any marked content.
    untagged: str
    #: (page object number, MCID) of marked content no structure element owns.
    unowned: set[tuple[int, int]]


def tag_tree(path: Path) -> Tags:
    """The document's structure tree, its root carrying the catalog's ``/Lang``."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    tree = catalog["/StructTreeRoot"]
    roles = {str(k): str(v) for k, v in tree.get("/RoleMap", {}).items()}
    by_number = {page.indirect_reference.idnum: page for page in reader.pages}
    pages = {number: _marked_text(page, reader) for number, page in by_number.items()}
    owned: set[tuple[int, int]] = set()

    def page_text(page_ref: Any, mcid: int) -> str:
        owned.add((page_ref.idnum, mcid))
        return pages[page_ref.idnum].texts.get(mcid, "")

    def kind(name: str) -> str:
        while name in roles and roles[name] != name:
            name = roles[name]
        return name.lstrip("/")

    def element(node: DictionaryObject, lang: str, page: Any) -> Element:
        lang = str(node.get("/Lang", lang))
        page = node.raw_get("/Pg") if "/Pg" in node else page
        made = Element(kind(str(node["/S"])), lang, str(node.get("/Alt", "")),
                       str(node.get("/T", "")))
        kids = node.get("/K", ArrayObject())
        kids = kids if isinstance(kids, ArrayObject) else ArrayObject([kids])
        for kid in kids:
            obj = kid.get_object()
            if isinstance(obj, int):
                made.own += page_text(page, int(obj)) if page is not None else ""
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                where = obj.raw_get("/Pg") if "/Pg" in obj else page
                made.own += page_text(where, int(obj["/MCID"]))
            elif isinstance(obj, DictionaryObject) and "/S" in obj:
                made.children.append(element(obj, lang, page))
        return made

    root = Element("StructTreeRoot", str(catalog.get("/Lang", "")))
    kids = tree["/K"]
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        root.children.append(element(kid.get_object(), root.lang, None))
    marked = {(number, mcid) for number, page in pages.items() for mcid in page.texts}
    return Tags(root, "".join(page.untagged for page in pages.values()), marked - owned)


def outline_titles(path: Path) -> list[tuple[int, str]]:
    """The bookmarks, depth first: (depth from 1, title)."""
    from pypdf import PdfReader

    found: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title)))

    walk(PdfReader(path).outline, 1)
    return found
