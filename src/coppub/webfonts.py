"""The web edition's fonts: which face each language's text is drawn in, and the subsets.

The page's language gets its script's fonts and line height (``body:lang(ur)``). An
element marked as another language (text still in the source language, a language's
name in the switcher) gets that language's own (``[lang]:lang(en)``): English on an Urdu
page is drawn in a Latin font at a Latin line height, not with Nastaliq's spaces and full
stops, and Arabic's name is not drawn in Nastaliq. Only the marked element is named, so
code inside it keeps its monospace font.

A script whose fonts readers may lack (:mod:`coppub.scripts`' ``embed``: Arabic script)
comes with the pages: a WOFF2 subset of coppub's own font files holding the glyphs the
edition uses, written when the build ends (:func:`write_subsets`). Each face is declared
under its family's name with the installed copy first (``local()``), so a reader who has
Noto Nastaliq Urdu downloads nothing and one who has not still sees Nastaliq.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .fonts import cmap, find_font, subset
from .pofiles import write_atomic
from .scripts import Facts, font_stack

#: The WOFF2 files, under the edition's ``_static`` folder.
FOLDER = "fonts"
#: What the files were made from, so that a build that changes no glyph rewrites none.
_RECORD = "coppub-webfonts.json"


@dataclass(frozen=True)
class Face:
    """One face a web edition ships: a WOFF2 subset of a coppub font file."""

    family: str
    weight: str
    file: str
    #: Names an installed copy is known by (full name, PostScript name).
    local: tuple[str, ...]

    @property
    def href(self) -> str:
        """Where the subset is, relative to the edition's ``_static`` folder."""
        return f"{FOLDER}/{Path(self.file).stem}.woff2"

    def rule(self, href: str = "") -> str:
        """Its ``@font-face`` rule; ``href``: where the file is (default: :attr:`href`)."""
        sources = [*(f'local("{name}")' for name in self.local),
                   f'url("{href or self.href}") format("woff2")']
        return (f'@font-face {{ font-family: "{self.family}"; font-weight: {self.weight}; '
                f"font-style: normal; font-display: swap; src: {', '.join(sources)}; }}")


@functools.lru_cache(maxsize=16)
def _local_names(path: Path) -> tuple[str, ...]:
    """Read once per process: every page of a build writes its faces' rules."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        names = [font["name"].getDebugName(i) for i in (4, 6)]
    return tuple(dict.fromkeys(n for n in names if n))


def faces(found: Facts) -> list[Face]:
    """The faces pages in ``found``'s language ship (none when readers have the fonts)."""
    if not found.embed:
        return []
    return [Face(found.web_fonts[0], weight, name, _local_names(find_font(name)))
            for name, weight in zip(found.embed, ("normal", "bold"), strict=False)]


def faces_for(texts: Iterable[tuple[Facts, str, str]]) -> list[tuple[Face, set[int]]]:
    """The faces that shown text needs, each with the characters it draws there: ``texts``
    are (its language's facts, its weight: ``normal`` or ``bold``, the text)."""
    wanted: dict[str, tuple[Face, set[int]]] = {}
    for found, weight, text in texts:
        for face in faces(found):
            if face.weight == weight and text:
                wanted.setdefault(face.href, (face, set()))[1].update(map(ord, text))
    return list(wanted.values())


def _declarations(found: Facts) -> str:
    return f"font-family: {font_stack(found.web_fonts)}; line-height: {found.line_height:g};"


def css(tag: str, found: Facts, others: Iterable[tuple[str, Facts]]) -> str:
    """The style rules for pages in language ``tag`` whose elements may be marked as any
    of ``others`` (BCP 47 tag, facts)."""
    rules = [face.rule() for face in faces(found)]
    if not found.plain:
        rules.append(f"body:lang({tag}) {{ {_declarations(found)} }}")
        # a title that wraps must not overlap itself in a tall script
        rules.append(f"body:lang({tag}) h1 {{ line-height: {found.line_height - 0.5:g}; }}")
    grouped: dict[str, list[str]] = {}
    for other, facts in others:
        if other != tag and _declarations(facts) != _declarations(found):
            grouped.setdefault(_declarations(facts), []).append(f"[lang]:lang({other})")
    rules += [f"{', '.join(selectors)} {{ {declarations} }}"
              for declarations, selectors in grouped.items()]
    return "\n".join(rules)


def _text(folder: Path) -> set[int]:
    """Every character of the edition's pages and of the interface its scripts show."""
    chars: set[int] = set()
    shown = [folder / "_static" / name for name in ("translations.js", "coppub-snippets.js")]
    for path in sorted([*folder.rglob("*.html"), *(p for p in shown if p.is_file())]):
        chars.update(map(ord, path.read_text(encoding="utf-8", errors="replace")))
    return chars


def covers(path: Path, font: Path, chars: set[int]) -> bool:
    """Whether the subset of the font file ``font`` at ``path`` (made for other pages)
    draws every character of ``chars`` that the whole font draws."""
    from fontTools.ttLib import TTLibError

    try:
        drawn = cmap(path)
    except (OSError, TTLibError, ValueError, KeyError):
        return False
    return chars & cmap(font) <= drawn


def write_subsets(outdir: Path, found: Facts, record_dir: Path, also: str = "") -> list[Path]:
    """Write the WOFF2 subsets the pages in ``outdir`` need into ``outdir/_static/fonts``,
    holding the characters of ``also`` too.

    Returns the files written (see :func:`write_faces`).
    """
    wanted = faces(found)
    if not wanted:
        return []
    chars = _text(outdir) | set(map(ord, also))
    return write_faces(outdir / "_static", [(face, chars) for face in wanted], record_dir)


def write_faces(folder: Path, wanted: Iterable[tuple[Face, set[int]]],
                record_dir: Path) -> list[Path]:
    """Write each face's WOFF2 subset holding the characters paired with it at
    ``folder/<face.href>``.

    A subset of Nastaliq takes seconds: when neither the characters nor the font file
    changed since the last build (``record_dir`` keeps what they were), nothing is
    rewritten. Returns the files written.
    """
    record_path = record_dir / _RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    written = []
    for face, chars in wanted:
        source = find_font(face.file)
        key = hashlib.sha256(source.read_bytes() + repr(sorted(chars)).encode()).hexdigest()
        target = folder / face.href
        if record.get(face.href) == key and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, subset(source, map(chr, chars), flavor="woff2"))
        record[face.href] = key
        written.append(target)
    if written:
        record_dir.mkdir(parents=True, exist_ok=True)
        record_path.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    return written
