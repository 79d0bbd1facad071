"""Catalogs + templates -> completeness figures. Pure values; one function reads files.

Definitions (also in the README and ``coppub stats --help``):

- a message is *translated* when it is not fuzzy and every plural form of its msgstr is
  non-empty; *fuzzy* when flagged fuzzy and it has a translation; otherwise
  *untranslated*. The header and obsolete entries never count.
- *rejected*, in checked figures only (the publishing gate, the dashboard,
  ``coppub stats --checked``): a translation that fails an error-level check, which the
  build leaves out, so readers see the source text. It is counted apart, not as
  translated: the gate measures what readers will read.
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

from . import refusals
from .config import Settings
from .errors import CatalogError
from .languages import Language
from .model import REJECTED, TRANSLATED, UNTRANSLATED, Key, catalogs_in, escaped, state
from .parallel import chunks, fork_map
from .pofiles import unescape
from .scan import read_states, template_messages

# Role names (before their backquote), targets in <...>, footnote and citation
# references, bare URLs: none of them is a word.
_MARKUP = re.compile(
    r":[\w.+-]+:(?=`)|<[^`<>]*>(?=`)|\[(?:#[\w-]*|\*|\d+|[\w-]+)\]_"
    r"|\b(?:https?|ftp|mailto):[^\s`<>]+"
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def count_words(text: str) -> int:
    """Words a translator has to translate in ``text`` (markup and punctuation excluded)."""
    if ":" in text or "`" in text or "[" in text:
        text = _MARKUP.sub(" ", text)
    return len(_WORD.findall(text))


@dataclass
class Figures:
    """Messages and source words in each state."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    #: Translated in the catalog but failing an error-level check (checked figures only).
    rejected: int = 0
    rejected_words: int = 0

    def count(self, what: str, words: int) -> None:
        setattr(self, what, getattr(self, what) + 1)
        setattr(self, f"{what}_words", getattr(self, f"{what}_words") + words)

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.rejected

    @property
    def total_words(self) -> int:
        return (self.translated_words + self.fuzzy_words + self.untranslated_words
                + self.rejected_words)

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


Template = dict[Key, int]  # (msgctxt, escaped msgid) -> source words


def figures_of(states: dict[Key, str] | None, template: Template | None) -> Figures:
    """Figures of one catalog's states, against ``template`` (or alone when it is None)."""
    figures = Figures()
    if template is None:
        for (_, msgid), what in (states or {}).items():
            figures.count(what, count_words(unescape(msgid)))
        return figures
    states = states or {}
    for key, words in template.items():
        figures.count(states.get(key, UNTRANSLATED), words)
    return figures


def _template_job(paths: list[tuple[str, Path]]) -> tuple[dict[str, Template],
                                                         list[CatalogError]]:
    templates: dict[str, Template] = {}
    errors: list[CatalogError] = []
    for domain, path in paths:
        try:
            messages = template_messages(path)
        except CatalogError as exc:
            errors.append(exc)
            continue
        templates[domain] = {key: count_words(text) for key, text in messages.items()}
    return templates, errors


def _chapter_job(
    job: list[tuple[Path, str, Path | None]],
) -> list[tuple[ChapterStats, list[CatalogError]]]:
    """Figures of some chapters (folder, domain, path; path None: the catalog is
    missing), with the errors of each."""
    templates = _SHARED
    out: list[tuple[ChapterStats, list[CatalogError]]] = []
    for folder, domain, path in job:
        template = templates.get(domain) if templates is not None else None
        states = None
        errors: list[CatalogError] = []
        if path is not None:
            try:
                states = read_states(path) if _CHECKING is None else checked_states(
                    path, _CHECKING[0], _CHECKING[1][folder], _CHECKING[2])
            except CatalogError as exc:
                errors.append(exc)  # its messages count as untranslated
        out.append((ChapterStats(domain, path or folder / f"{domain}.po",
                                 figures_of(states, template),
                                 stale=templates is not None and template is None), errors))
    return out


#: What forked workers inherit instead of receiving it with every job (the templates).
_SHARED: dict[str, Template] | None = None
#: For checked figures: the settings, and each catalog folder's language.
_CHECKING: tuple[Settings, dict[Path, Language], frozenset[str]] | None = None


def checked_states(path: Path, settings: Settings, language: Language,
                   unlocated: frozenset[str] | None = None) -> dict[Key, str]:
    """Like :func:`scan.read_states`, with translations that fail an error-level check
    (and so are left out of the build) in the state :data:`REJECTED`.

    Checking parses every translation; what it refuses is remembered
    (:mod:`refusals`), so an unchanged catalog costs only the fast scan (a build with
    nothing to do stays cheap), and the build's compilation does not check it again.
    """
    from .checks.runner import publishable
    from .pofiles import read_po

    relaxed = settings.relaxed_for(path)
    if unlocated is None:
        unlocated = settings.unlocated_syntaxes
    sign = refusals.signature(path, language, relaxed, unlocated)
    known = refusals.remembered(settings, path, sign)
    if known is not None:
        states = read_states(path)
        for found in known:
            if states.get(found) == TRANSLATED:
                states[found] = REJECTED
        return states
    states = {}
    for entry in read_po(path):
        if entry.obsolete:
            continue
        what = state(entry)
        if what == TRANSLATED and publishable(entry, language, path, relaxed, unlocated):
            what = REJECTED
        states[(entry.msgctxt, escaped(entry.msgid))] = what
    refusals.remember(settings, path, sign, [k for k, v in states.items() if v == REJECTED])
    return states


def load_templates(settings: Settings) -> tuple[dict[str, Template], list[CatalogError]]:
    """Every template's messages with their word counts."""
    paths = list(catalogs_in(settings.pot_dir, ".pot").items())
    templates: dict[str, Template] = {}
    errors: list[CatalogError] = []
    for found, failed in fork_map(_template_job, chunks(paths, 50), len(paths)):
        templates.update(found)
        errors.extend(failed)
    return templates, errors


def collect(
    settings: Settings, codes: Iterable[str] | None = None, *, catalogs_only: bool = False,
    checked: bool = False,
) -> tuple[list[LanguageStats], list[CatalogError]]:
    """Figures for the given (or all) languages, and template errors.

    Catalogs are scanned one at a time (memory does not grow with the number of
    languages), in forked workers when there are many. ``checked``: run the error-level
    checks too and count the translations they refuse as rejected (slower: every
    translation is parsed).
    """
    global _SHARED, _CHECKING
    languages = settings.select(codes)
    templates: dict[str, Template] | None = None
    errors: list[CatalogError] = []
    if not catalogs_only:
        templates, errors = load_templates(settings)
        if not templates and not errors:
            raise CatalogError(f"no templates in {settings.pot_dir}",
                               hint="run `coppub extract` (the sources are needed), or, to "
                               "measure the catalogs alone, pass --catalogs-only to stats, "
                               "todo, badges or dashboard")
    items: list[tuple[int, Path, str, Path | None]] = []  # language, folder, domain, path
    for index, language in enumerate(languages):
        folder = settings.catalog_dir(language.code)
        found = catalogs_in(folder)
        domains = list(templates or {}) + [d for d in found if d not in (templates or {})]
        items.extend((index, folder, d, found.get(d)) for d in domains)
    # a chapter's catalogs in every language go to the same worker, one after the other:
    # the checks parse each source message once there (tree.parse remembers), not once
    # per language
    order = sorted(range(len(items)), key=lambda i: (items[i][2], items[i][0]))
    jobs = chunks([items[i][1:] for i in order], 50)
    _SHARED = templates
    _CHECKING = (settings, {settings.catalog_dir(lang.code): lang for lang in languages},
                 settings.unlocated_syntaxes) if checked else None
    try:
        results = fork_map(_chapter_job, jobs, len(items))
    finally:
        _SHARED, _CHECKING = None, None
    found_for: dict[int, tuple[ChapterStats, list[CatalogError]]] = dict(
        zip(order, (one for job in results for one in job), strict=True))
    stats = [LanguageStats(language) for language in languages]
    for position, (owner, *_) in enumerate(items):
        chapter, failed = found_for[position]
        stats[owner].chapters.append(chapter)
        stats[owner].errors.extend(failed)
    return stats, errors


def todo(stats: LanguageStats) -> Iterator[ChapterStats]:
    """Chapters with work left, nearest to done first (by words left, then name)."""
    left = [c for c in stats.chapters
            if not c.stale and (c.figures.fuzzy or c.figures.untranslated)]
    yield from sorted(left, key=lambda c: (c.figures.fuzzy_words + c.figures.untranslated_words,
                                           c.figures.fuzzy + c.figures.untranslated, c.domain))
