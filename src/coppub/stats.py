"""Catalogs + templates -> completeness figures. Pure values; one function reads files.

Definitions (also in the README and ``coppub stats --help``):

- a message is *translated* when it is not fuzzy and every plural form of its msgstr is
  non-empty; *fuzzy* when flagged fuzzy and it has a translation; otherwise
  *untranslated*. The header and obsolete entries never count.
- figures are measured against the current templates: a template message missing from a
  catalog is untranslated; a catalog entry whose msgid is not in the template does not
  count; a catalog without a template is *stale*. ``catalogs_only`` uses the catalogs alone.
- words are the source (msgid) words: runs of letters and digits, joined by ``-`` or an
  apostrophe; reST markup (role names, link and reference targets, URLs, footnote
  references, emphasis marks) and punctuation are not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .config import Settings
from .errors import CatalogError
from .languages import Language
from .pofiles import read_po

TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"

_MARKUP = [
    (re.compile(r":[\w.+-]+:`([^`<]*?)\s*<[^`>]*>`"), r"\1"),   # :role:`text <target>`
    (re.compile(r":[\w.+-]+:`([^`]*)`"), r"\1"),                 # :role:`text`
    (re.compile(r"`([^`<]*?)\s*<[^`>]*>`__?"), r"\1"),           # `text <url>`_
    (re.compile(r"\[(?:#[\w-]*|\*|\d+|[\w-]+)\]_"), " "),        # footnote/citation refs
    (re.compile(r"\b(?:https?|ftp|mailto):\S+"), " "),           # bare URLs
]
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def count_words(text: str) -> int:
    """Words a translator has to translate in ``text`` (markup and punctuation excluded)."""
    if ":" in text or "`" in text or "[" in text:
        for pattern, repl in _MARKUP:
            text = pattern.sub(repl, text)
    return len(_WORD.findall(text))


def state(entry: polib.POEntry) -> str:
    """translated, fuzzy or untranslated, by the definitions above."""
    forms = ([entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
             if entry.msgid_plural else [entry.msgstr])
    if "fuzzy" in entry.flags:
        return FUZZY if any(forms) else UNTRANSLATED
    return TRANSLATED if forms and all(forms) else UNTRANSLATED


@dataclass
class Figures:
    """Messages and source words in each state."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    def count(self, what: str, words: int) -> None:
        setattr(self, what, getattr(self, what) + 1)
        setattr(self, f"{what}_words", getattr(self, f"{what}_words") + words)

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    def percent(self, words: bool = False) -> float:
        """Share translated (not fuzzy), 0-100; an empty set counts as complete."""
        done, total = ((self.translated_words, self.total_words) if words
                       else (self.translated, self.total))
        return 100.0 * done / total if total else 100.0


@dataclass
class ChapterStats:
    """One catalog (chapter) of one language."""

    domain: str
    path: Path
    figures: Figures
    stale: bool = False


@dataclass
class LanguageStats:
    """One language: its chapters, their sum, and whether it may be published."""

    language: Language
    chapters: list[ChapterStats] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        total = Figures()
        for chapter in self.chapters:
            if not chapter.stale:
                total.add(chapter.figures)
        return total

    @property
    def percent(self) -> float:
        """The publishing measure: share of source words translated."""
        return self.figures.percent(words=True)

    @property
    def publishable(self) -> bool:
        return not self.errors and self.percent >= self.language.threshold


Template = dict[tuple[str | None, str], int]  # (msgctxt, msgid) -> words


def template_words(pot: polib.POFile) -> Template:
    return {(e.msgctxt, e.msgid): count_words(e.msgid) for e in pot if not e.obsolete}


def chapter_figures(po: polib.POFile | None, template: Template | None) -> Figures:
    """Figures of one catalog, against ``template`` (or alone when it is None)."""
    figures = Figures()
    if template is None:
        for entry in po or []:
            if not entry.obsolete:
                figures.count(state(entry), count_words(entry.msgid))
        return figures
    states = {(e.msgctxt, e.msgid): state(e) for e in po or [] if not e.obsolete}
    for key, words in template.items():
        figures.count(states.get(key, UNTRANSLATED), words)
    return figures


def load_templates(settings: Settings) -> tuple[dict[str, Template], list[CatalogError]]:
    """Every template's messages with their word counts."""
    templates: dict[str, Template] = {}
    errors: list[CatalogError] = []
    if settings.pot_dir.is_dir():
        for path in sorted(settings.pot_dir.rglob("*.pot")):
            try:
                templates[path.relative_to(settings.pot_dir).with_suffix("").as_posix()] = (
                    template_words(read_po(path)))
            except CatalogError as exc:
                errors.append(exc)
    return templates, errors


def language_stats(
    settings: Settings, language: Language, templates: dict[str, Template] | None
) -> LanguageStats:
    """Read one language's catalogs (one at a time) and compute its figures."""
    result = LanguageStats(language)
    folder = settings.catalog_dir(language.code)
    found = ({p.relative_to(folder).with_suffix("").as_posix(): p
              for p in sorted(folder.rglob("*.po"))} if folder.is_dir() else {})
    domains = list(templates) if templates is not None else list(found)
    if templates is not None:
        domains += [d for d in found if d not in templates]
    for domain in domains:
        path = found.get(domain, folder / f"{domain}.po")
        template = templates.get(domain) if templates is not None else None
        stale = templates is not None and template is None
        try:
            po = read_po(path) if domain in found else None
        except CatalogError as exc:
            result.errors.append(exc)
            po = None  # its messages count as untranslated
        figures = chapter_figures(po, template)
        result.chapters.append(ChapterStats(domain, path, figures, stale=stale))
    return result


def collect(
    settings: Settings, codes: Iterable[str] | None = None, *, catalogs_only: bool = False
) -> tuple[list[LanguageStats], list[CatalogError]]:
    """Figures for the given (or all) languages, and template errors."""
    languages = settings.select(codes)
    templates: dict[str, Template] | None = None
    errors: list[CatalogError] = []
    if not catalogs_only:
        templates, errors = load_templates(settings)
        if not templates and not errors:
            raise CatalogError(f"no templates in {settings.pot_dir}",
                               hint="run `coppub extract`, or pass --catalogs-only")
    return [language_stats(settings, lang, templates) for lang in languages], errors


def todo(stats: LanguageStats) -> Iterator[ChapterStats]:
    """Chapters with work left, nearest to done first (by words left, then name)."""
    left = [c for c in stats.chapters
            if not c.stale and (c.figures.fuzzy or c.figures.untranslated)]
    yield from sorted(left, key=lambda c: (c.figures.fuzzy_words + c.figures.untranslated_words,
                                           c.figures.fuzzy + c.figures.untranslated, c.domain))
