"""Letters no font of coppub's covers, and the machine's fonts that do (via fontconfig).

coppub ships fonts for Latin, Greek, Cyrillic and Arabic script (:mod:`coppub.scripts`).
A book in Hebrew, Hindi or Thai needs a font coppub does not have: the PDF edition finds
one the machine has installed through fontconfig (``fc-list``), and embeds a subset of
it as it does coppub's own. Without one it must not show boxes: :func:`missing` names
the letters, grouped by script, so the edition can refuse with a clear error.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .fonts import cmap

#: Font files Typst and fontconfig read.
FONT_SUFFIXES = (".ttf", ".otf")
#: fontconfig's styles for an upright regular and an upright bold face.
REGULAR = ("Regular", "Book", "Normal")
BOLD = ("Bold",)

Runner = Callable[[Sequence[str]], str]


def _fc_list(args: Sequence[str]) -> str:
    try:
        done = subprocess.run(["fc-list", *args], capture_output=True, text=True,
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""  # no fontconfig: no system font
    return done.stdout if done.returncode == 0 else ""


def needs_a_glyph(char: str) -> bool:
    """Whether ``char`` is drawn (a letter, a mark or a digit; not a space or a control)."""
    return unicodedata.category(char)[0] in "LMN"


def script_of(char: str) -> str:
    """The script ``char`` belongs to, as Unicode names it (``Hebrew``, ``Devanagari``)."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0].title() if name else f"U+{ord(char):04X}"


def covered(folders: Iterable[Path]) -> set[int]:
    """The code points some font file in ``folders`` has a glyph for."""
    found: set[int] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in FONT_SUFFIXES:
                found |= cmap(path)
    return found


def missing(text: str, folders: Iterable[Path]) -> dict[str, str]:
    """Script -> the letters of ``text`` (in order of appearance) no font in ``folders``
    covers."""
    have = covered(folders)
    out: dict[str, str] = {}
    for char in dict.fromkeys(text):
        if needs_a_glyph(char) and ord(char) not in have:
            script = script_of(char)
            out[script] = out.get(script, "") + char
    return out


@dataclass(frozen=True)
class SystemFont:
    """One family installed on the machine: its name and its regular and bold files."""

    family: str
    files: tuple[Path, ...]


def _rank(family: str) -> tuple[int, int, str]:
    # the sans serif of the Noto family first (coppub's own fonts are Noto Sans), then
    # any Noto, then the rest; plain families before UI, looped or display variants
    noto = 0 if family.startswith("Noto Sans ") else 1 if family.startswith("Noto ") else 2
    variant = any(word in family.split() for word in ("UI", "Looped", "Display", "Mono",
                                                      "Rashi", "Math"))
    return noto, int(variant), family


def system_font(letters: str, run: Runner = _fc_list) -> SystemFont | None:
    """The installed family that best covers ``letters``, with its upright regular and
    bold files (None: fontconfig has none, or is not installed)."""
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(letters)))
    listing = run(["--format", "%{family[0]}\t%{style[0]}\t%{file}\n", f":charset={charset}"])
    faces: dict[str, dict[str, Path]] = {}
    for line in listing.splitlines():
        family, _, rest = line.partition("\t")
        style, _, file = rest.partition("\t")
        path = Path(file)
        if family and path.suffix.lower() in FONT_SUFFIXES:
            kind = "regular" if style in REGULAR else "bold" if style in BOLD else ""
            if kind:
                faces.setdefault(family, {}).setdefault(kind, path)
    usable = sorted((f for f in faces if "regular" in faces[f]), key=_rank)
    if not usable:
        return None
    best = usable[0]
    chosen = faces[best]
    return SystemFont(best, tuple(chosen[k] for k in ("regular", "bold") if k in chosen))
