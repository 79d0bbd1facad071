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
    job: tuple[Path, list[tuple[str, Path | None]]],
) -> tuple[list[ChapterStats], list[CatalogError]]:
    """Figures of some chapters of one language (path None: the catalog is missing)."""
    folder, chapters = job
    templates = _SHARED
    out: list[ChapterStats] = []
    errors: list[CatalogError] = []
    for domain, path in chapters:
        template = templates.get(domain) if templates is not None else None
        states = None
        if path is not None:
            try:
                states = read_states(path) if _CHECKING is None else checked_states(
                    path, _CHECKING[0], _CHECKING[1][folder], _CHECKING[2])
            except CatalogError as exc:
                errors.append(exc)  # its messages count as untranslated
        out.append(ChapterStats(domain, path or folder / f"{domain}.po",
                                figures_of(states, template),
                                stale=templates is not None and template is None))
    return out, errors


#: What forked workers inherit instead of receiving it with every job (the templates).
_SHARED: dict[str, Template] | None = None
#: For checked figures: the settings, and each catalog folder's language.
_CHECKING: tuple[Settings, dict[Path, Language], frozenset[str]] | None = None


def checked_states(path: Path, settings: Settings, language: Language,
                   unlocated: frozenset[str] | None = None) -> dict[Key, str]:
    """Like :func:`scan.read_states`, with translations that fail an error-level check
    (and so are left out of the build) in the state :data:`REJECTED`.

    Checking parses every translation; the keys it rejects are kept in
    ``<build-dir>/.cache/checked`` by the catalog's size and time, so an unchanged
    catalog costs only the fast scan (a build with nothing to do stays cheap).
    """
    import hashlib
    import json

    from . import __version__
    from .checks.runner import publishable
    from .pofiles import read_po

    relaxed = settings.relaxed_for(path)
    if unlocated is None:
        unlocated = settings.unlocated_syntaxes
    stat = path.stat()
    signature = [stat.st_size, stat.st_mtime_ns, __version__, language.code,
                 sorted(relaxed), sorted(unlocated)]
    cache = (settings.build_dir / ".cache" / "checked"
             / (hashlib.sha1(str(path.resolve()).encode()).hexdigest() + ".json"))
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved["signature"] == signature:
            states = read_states(path)
            for ctx, msgid in saved["rejected"]:
                if states.get((ctx, msgid)) == TRANSLATED:
                    states[(ctx, msgid)] = REJECTED
            return states
    except (OSError, ValueError, KeyError, TypeError):
        pass
    states = {}
    for entry in read_po(path):
        if entry.obsolete:
            continue
        what = state(entry)
        if what == TRANSLATED and publishable(entry, language, path, relaxed, unlocated):
            what = REJECTED
        states[(entry.msgctxt, escaped(entry.msgid))] = what
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        rejected = [list(k) for k, v in states.items() if v == REJECTED]
        cache.write_text(json.dumps({"signature": signature, "rejected": rejected}),
                         encoding="utf-8")
    except OSError:
        pass  # only a cache
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
    jobs: list[tuple[Path, list[tuple[str, Path | None]]]] = []
    owners: list[int] = []
    for index, language in enumerate(languages):
        folder = settings.catalog_dir(language.code)
        found = catalogs_in(folder)
        domains = list(templates or {}) + [d for d in found if d not in (templates or {})]
        for chunk in chunks([(d, found.get(d)) for d in domains], 50):
            jobs.append((folder, chunk))
            owners.append(index)
    _SHARED = templates
    _CHECKING = (settings, {settings.catalog_dir(lang.code): lang for lang in languages},
                 settings.unlocated_syntaxes) if checked else None
    try:
        results = fork_map(_chapter_job, jobs, sum(len(chunk) for _, chunk in jobs))
    finally:
        _SHARED, _CHECKING = None, None
    stats = [LanguageStats(language) for language in languages]
    for owner, (chapters, failed) in zip(owners, results, strict=True):
        stats[owner].chapters.extend(chapters)
        stats[owner].errors.extend(failed)
    return stats, errors


def todo(stats: LanguageStats) -> Iterator[ChapterStats]:
    """Chapters with work left, nearest to done first (by words left, then name)."""
    left = [c for c in stats.chapters
            if not c.stale and (c.figures.fuzzy or c.figures.untranslated)]
    yield from sorted(left, key=lambda c: (c.figures.fuzzy_words + c.figures.untranslated_words,
                                           c.figures.fuzzy + c.figures.untranslated, c.domain))
