"""Per-script and per-language facts: fonts, line height, digits, quotation marks.

One table, used by every part of coppub that shapes text: the EPUB's embedded fonts and
cover (:mod:`coppub.editions.epub_builder`), the theme's and the site pages' font
stacks, the smart quotes (:mod:`coppub.sphinxext.typography`), the digits numbers are written with
(:mod:`coppub.languages`) and the languages coppub keeps an interface catalog for
(:mod:`coppub.ui`).

A language's script is the one CLDR's likely subtags give it (``Language.script``, from
:mod:`coppub.languages`): Arabic, Dari, Pashto and Urdu are ``Arab``, Hebrew ``Hebr``.
Facts belong to the script (Arabic-script text needs a font readers may lack); a few
languages differ from their script (Urdu is written in Nastaliq, with more line height;
Dari writes Persian digits). Nothing here imports the rest of coppub.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Extended Arabic-Indic digits, as Dari and Persian write them.
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
WESTERN_DIGITS = "0123456789"

#: Font files shipped with coppub (``typefaces/``): (regular, bold), or one weight.
NASKH = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
# Both weights: without the bold, reading systems fake it and headings' lines overlap.
NASTALIQ = ("NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf")
SANS = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


@dataclass(frozen=True)
class Script:
    """What text in one script (ISO 15924 code) needs from a book."""

    code: str
    #: Unicode ranges (inclusive) of the script's characters.
    ranges: tuple[tuple[int, int], ...] = ()
    #: Font files the EPUB embeds (a subset) when its text uses the script; empty when
    #: readers can be expected to have a font.
    embed: tuple[str, ...] = ()
    #: Font files the cover's title is drawn with (outlines, so no font is needed).
    cover: tuple[str, ...] = SANS
    #: Families web pages ask the reader's system for, best first.
    web_fonts: tuple[str, ...] = ("Noto Sans", "DejaVu Sans", "system-ui")
    line_height: float = 1.65

    def covers(self, char: str) -> bool:
        """Whether ``char`` belongs to this script."""
        code = ord(char)
        return any(low <= code <= high for low, high in self.ranges)


SCRIPTS: dict[str, Script] = {s.code: s for s in (
    Script("Latn", ranges=((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))),
    Script("Arab",
           ranges=((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                   (0xFE70, 0xFEFF)),
           embed=NASKH, cover=NASKH, line_height=1.9,
           web_fonts=("Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans")),
    # Readers and systems that show Hebrew have a font for it; coppub ships none.
    Script("Hebr", ranges=((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
           web_fonts=("Noto Sans Hebrew", "Noto Serif Hebrew", "DejaVu Sans")),
    Script("Cyrl", ranges=((0x0400, 0x052F),)),
    Script("Grek", ranges=((0x0370, 0x03FF), (0x1F00, 0x1FFF))),
)}


@dataclass(frozen=True)
class LanguageFacts:
    """Where one language differs from its script (None: as its script has it)."""

    embed: tuple[str, ...] | None = None
    cover: tuple[str, ...] | None = None
    web_fonts: tuple[str, ...] | None = None
    line_height: float | None = None
    #: Smart quotes: primary open and close, secondary open and close ("" : docutils').
    quotes: str = ""
    digits: str = WESTERN_DIGITS
    #: coppub's own interface catalog (``coppub/locale``) is kept for it.
    interface: bool = False


_GUILLEMETS = "«»‹›"
_URDU_FONTS = ("Noto Nastaliq Urdu", "Noto Naskh Arabic", "DejaVu Sans")

LANGUAGES: dict[str, LanguageFacts] = {
    "fr": LanguageFacts(interface=True),
    "es": LanguageFacts(interface=True),
    # docutils' smart quotes know none of these: Arabic, Persian, Dari and Pashto use
    # guillemets, Urdu the English marks.
    "ar": LanguageFacts(quotes=_GUILLEMETS, interface=True),
    "prs": LanguageFacts(quotes=_GUILLEMETS, digits=PERSIAN_DIGITS, interface=True),
    "ps": LanguageFacts(quotes=_GUILLEMETS, interface=True),
    "ur": LanguageFacts(quotes="“”‘’", embed=NASTALIQ, cover=NASTALIQ,
                        web_fonts=_URDU_FONTS, line_height=2.2, interface=True),
    "fa": LanguageFacts(quotes=_GUILLEMETS, interface=True),
}


@dataclass(frozen=True)
class Facts:
    """Everything coppub knows about writing one language: its script's facts, refined."""

    code: str
    script: Script
    embed: tuple[str, ...]
    cover: tuple[str, ...]
    web_fonts: tuple[str, ...]
    line_height: float
    quotes: str
    digits: str

    @property
    def plain(self) -> bool:
        """Whether pages show it with a Latin book's fonts and line height."""
        latin = script("Latn")
        return (self.web_fonts, self.line_height) == (latin.web_fonts, latin.line_height)


def script(code: str) -> Script:
    """The facts of script ``code`` (an unknown script: no font, Latin defaults)."""
    return SCRIPTS.get(code) or Script(code)


def language_facts(code: str) -> LanguageFacts:
    """How language ``code`` (``ur``, ``pt_BR``, ``sr@latin``) differs from its script."""
    base = code.split("@")[0]
    return LANGUAGES.get(code) or LANGUAGES.get(base) or LANGUAGES.get(
        base.split("_")[0]) or LanguageFacts()


def facts(code: str, script_code: str) -> Facts:
    """The facts for language ``code`` written in ``script_code``."""
    s, lang = script(script_code), language_facts(code)
    return Facts(
        code=code, script=s,
        embed=s.embed if lang.embed is None else lang.embed,
        cover=s.cover if lang.cover is None else lang.cover,
        web_fonts=s.web_fonts if lang.web_fonts is None else lang.web_fonts,
        line_height=s.line_height if lang.line_height is None else lang.line_height,
        quotes=lang.quotes, digits=lang.digits)


def interface_languages() -> tuple[str, ...]:
    """The languages coppub's own interface catalog is maintained for."""
    return tuple(code for code, lang in LANGUAGES.items() if lang.interface)


def quotation_marks() -> dict[str, str]:
    """language -> smart-quote marks, for the languages docutils lacks."""
    return {code: lang.quotes for code, lang in LANGUAGES.items() if lang.quotes}


def font_stack(families: tuple[str, ...]) -> str:
    """A CSS ``font-family`` value: the families quoted, then ``sans-serif``."""
    return ", ".join([*(f'"{f}"' if " " in f else f for f in families), "sans-serif"])

