"""Fonts for the EPUB and the web: find a free font for a script, subset it, draw text as
outlines.

A reader that has no Arabic-script font shows boxes. The EPUB therefore carries a
subset of a free font (Noto, shipped with coppub in ``typefaces/``) holding only the
glyphs the book uses, with the OpenType layout tables that Arabic shaping needs. Which
script needs which font is in :mod:`coppub.scripts` (a Hebrew book gets no Arabic font). The
cover's title is drawn as outlines (shaped by HarfBuzz), so it needs no font at all.

The fonts come with coppub, never from the system: the same files on every machine give
the same book byte for byte. ``COPPUB_FONT_PATH`` can point at other files of the same
names (a newer Noto, say).
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BuildError
from .languages import Language
from .scripts import SCRIPTS, facts

#: The fonts shipped with coppub (SIL Open Font Licence; see typefaces/README.md).
PACKAGED = Path(__file__).with_name("typefaces")


def is_arabic_script(char: str) -> bool:
    return SCRIPTS["Arab"].covers(char)


def needs_fonts(language: Language | None, text: str) -> tuple[str, ...]:
    """The font files to embed for ``text`` in ``language``: its script's, when the text
    uses that script at all (an edition still in the source language needs none)."""
    if language is None:
        return ()
    found = facts(language.code, language.script)
    if found.embed and any(found.script.covers(c) for c in text):
        return found.embed
    return ()


def cover_fonts(language: Language | None) -> tuple[str, ...]:
    """The font files (regular, bold) the cover's title is drawn with."""
    if language is None:
        return facts("en", "Latn").cover
    return facts(language.code, language.script).cover


def font_dirs() -> list[Path]:
    """Where fonts are looked for: $COPPUB_FONT_PATH's folders, then coppub's own."""
    extra = [Path(p) for p in os.environ.get("COPPUB_FONT_PATH", "").split(os.pathsep) if p]
    return [*extra, PACKAGED]


@functools.cache
def _find(name: str, dirs: tuple[Path, ...]) -> Path | None:
    for folder in dirs:
        if (folder / name).is_file():
            return folder / name
    return None


def find_font(name: str) -> Path:
    """The file called ``name`` in the font folders; an error names where it looked."""
    dirs = font_dirs()
    path = _find(name, tuple(dirs))
    if path is None:
        raise BuildError(
            f"font {name} not found in {', '.join(map(str, dirs))}",
            hint="reinstall coppub (its fonts ship with it), or put the file in a folder "
            "named in COPPUB_FONT_PATH")
    return path


def cmap(path: Path) -> frozenset[int]:
    """The characters the font file at ``path`` draws (read once per process and version
    of the file: the pages of a build ask for each of their fonts again and again)."""
    return _cmap(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _cmap(path: Path, mtime_ns: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def subset(path: Path, text: Iterable[str], flavor: str = "woff2") -> bytes:
    """A WOFF2 (or WOFF: ``flavor``) of ``path`` holding the glyphs of ``text`` (and what
    shaping them needs: every layout feature, so every contextual form).

    HarfBuzz's subsetter (hb-subset, what font services use) finds the glyphs: a
    Nastaliq subset takes it a few hundredths of a second where fontTools' took six
    seconds; fontTools then writes the WOFF2. Every name is kept (the licence is among
    them). Deterministic: no timestamp is recalculated, so equal input gives equal bytes.
    """
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    wanted = hb.SubsetInput()
    wanted.unicode_set.update({ord(c) for c in text})
    for kept in (hb.SubsetInputSets.LAYOUT_FEATURE_TAG, hb.SubsetInputSets.NAME_ID,
                 hb.SubsetInputSets.NAME_LANG_ID):
        every = wanted.sets(kept)  # each starts with a default list: make it "all"
        every.clear()
        every.invert()
    wanted.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    face = hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), wanted)
    if face is None:
        raise BuildError(f"HarfBuzz could not subset the font {path}",
                         hint="check that the file is a complete TrueType or OpenType font")
    font = TTFont(io.BytesIO(face.blob.data), recalcTimestamp=False)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Outline:
    """A line of text drawn as an SVG path, ``width`` units wide at the size asked."""

    path: str
    width: float


@functools.lru_cache(maxsize=8)
def _shaper(font: Path) -> Any:
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(font))))


def _shaped(text: str, font: Path) -> Any:
    """``text`` shaped by HarfBuzz in ``font`` (right-to-left included)."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(_shaper(font), buffer, {})
    return buffer


def advance(text: str, font: Path, size: float) -> float:
    """How wide ``text`` is, drawn in ``font`` at ``size`` (shaped, not drawn)."""
    width = sum(pos.x_advance for pos in _shaped(text, font).glyph_positions)
    return float(width * size / _shaper(font).face.upem)


def outline(text: str, font: Path, size: float) -> Outline:
    """Shape ``text`` with HarfBuzz (right-to-left included) and return its outlines,
    drawn by HarfBuzz too."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    shaper = _shaper(font)
    buffer = _shaped(text, font)
    scale = size / shaper.face.upem
    pen = SVGPathPen(None, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    x = 0
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        move = (scale, 0, 0, -scale, (x + pos.x_offset) * scale, -pos.y_offset * scale)
        shaper.draw_glyph_with_pen(info.codepoint, TransformPen(pen, move))
        x += pos.x_advance
    return Outline(pen.getCommands(), x * scale)
