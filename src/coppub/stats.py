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
from typing import Any

from . import catalogcache, refusals
from .config import Settings
from .errors import CatalogError
from .languages import Language
from .model import FUZZY, REJECTED, TRANSLATED, UNTRANSLATED, Key, catalogs_in, escaped, state
from .parallel import chunks, fork_map
from .pofiles import unescape
from .scan import read_states, template_messages

# Role names (before their backquote), targets in <...>, footnote and citation
# references: none of them is a word. Each branch starts with its own character, which
# the regular expression engine looks for before trying any of them.
_MARKUP = re.compile(r":[\w.+-]++:(?=`)|<[^`<>]*+>(?=`)|\[(?:#[\w-]*+|\*|\d++|[\w-]++)\]_")
# Bare URLs (after no letter or digit: ``\b`` written so that each branch starts with its
# letter, for the same reason). Removed first: none of the markup above can hold one.
_URL = re.compile(r"(?:h(?<!\wh)ttps?|f(?<!\wf)tp|m(?<!\wm)ailto):[^\s`<>]++")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# ASCII text with every letter and digit as "a", each joiner as "-", the rest as a space
_CLASSES = bytes(ord("a") if chr(b).isalnum() else ord("-") if chr(b) in "-'" else ord(" ")
                 for b in range(128)) + b" " * 128


def count_words(text: str) -> int:
    """Words a translator has to translate in ``text`` (markup and punctuation excluded)."""
    if "http" in text or "ftp:" in text or "mailto:" in text:
        text = _URL.sub(" ", text)
    if "`" in text or "]_" in text:
        text = _MARKUP.sub(" ", text)
    if not text.isascii():
        return len(_WORD.findall(text))
    # ASCII (most source text), counted without a match object per word: words are the
    # runs of letters and digits, less those a joiner between two letters ties together
    # (doubled letters, so that "a-b-c" holds two non-overlapping joints)
    classes = text.encode("ascii").translate(_CLASSES)
    joined = classes.count(b"-a")
    words = classes.count(b" a") + joined + classes.startswith(b"a")
    if joined:
        words -= classes.replace(b"a", b"aa").count(b"a-a")
    return words


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


#: Every state a message can be in: each is a field of :class:`Figures`.
_STATES = (TRANSLATED, FUZZY, UNTRANSLATED, REJECTED)

Template = dict[Key, int]  # (msgctxt, escaped msgid) -> source words


def figures_of(states: dict[Key, str] | None, template: Template | None) -> Figures:
    """Figures of one catalog's states, against ``template`` (or alone when it is None)."""
    if template is None:
        figures = Figures()
        for (_, msgid), what in (states or {}).items():
            figures.count(what, count_words(unescape(msgid)))
        return figures
    # summed in local counters: a template has thousands of messages
    messages = dict.fromkeys(_STATES, 0)
    words = dict.fromkeys(_STATES, 0)
    get = (states or {}).get
    for key, count in template.items():
        what = get(key, UNTRANSLATED)
        messages[what] += 1
        words[what] += count
    return Figures(**messages, **{f"{what}_words": n for what, n in words.items()})


@dataclass
class _Run:
    """What forked workers inherit instead of receiving it with every job."""

    #: Each domain's template (None: measuring the catalogs alone).
    templates: dict[str, Path] | None
    #: For checked figures: the settings, each catalog folder's language, and the
    #: syntaxes checked without a location.
    checking: tuple[Settings, dict[Path, Language], frozenset[str]] | None
    #: The templates this process has read (or failed to read).
    parsed: dict[Path, Template | CatalogError] = field(default_factory=dict)


_RUN: _Run | None = None

#: Bumped when the figures kept for a chapter change meaning.
_KEPT_FORMAT = 1

Measured = tuple[ChapterStats | None, list[CatalogError], CatalogError | None]


def _template(run: _Run, path: Path) -> Template | CatalogError:
    """The template at ``path`` with each message's words (read once per process)."""
    if path not in run.parsed:
        try:
            messages = template_messages(path)
        except CatalogError as exc:
            run.parsed[path] = exc
        else:
            run.parsed[path] = {key: count_words(text) for key, text in messages.items()}
    return run.parsed[path]


def _signature(run: _Run, folder: Path, path: Path | None,
               template: Path | None) -> list[object] | None:
    """What a chapter's figures depend on, in JSON's terms (None when a file cannot be
    read: the chapter is measured, and its error reported, without kept figures)."""
    try:
        if path is None:  # no catalog: the template alone
            return [None, catalogcache.stamp(template)] if template is not None else None
        if run.checking is None:
            return [catalogcache.stamp(path), catalogcache.stamp(template)]
        settings, languages, unlocated = run.checking
        return [*refusals.signature(path, languages[folder], settings.relaxed_for(path),
                                    unlocated), catalogcache.stamp(template)]
    except OSError:
        return None


def _chapter(run: _Run, folder: Path, domain: str, path: Path | None) -> Measured:
    """One chapter of one language (``path`` None: its catalog is missing): its figures
    (None: left out, its template is broken and it has no catalog), its catalog's errors,
    and its template's."""
    template_path = run.templates.get(domain) if run.templates is not None else None
    template: Template | None = None
    broken: CatalogError | None = None
    if template_path is not None:
        read = _template(run, template_path)
        if isinstance(read, CatalogError):
            broken = read
        else:
            template = read
    if broken is not None and path is None:
        return None, [], broken
    states = None
    errors: list[CatalogError] = []
    if path is not None:
        try:
            states = read_states(path) if run.checking is None else checked_states(
                path, run.checking[0], run.checking[1][folder], run.checking[2])
        except CatalogError as exc:
            errors.append(exc)  # its messages count as untranslated
    return ChapterStats(domain, path or folder / f"{domain}.po", figures_of(states, template),
                        stale=run.templates is not None and template is None), errors, broken


def _chapter_job(job: list[tuple[Path, str, Path | None]]) -> list[Measured]:
    """Figures of some chapters (folder, domain, path; path None: the catalog is
    missing), with the errors of each."""
    assert _RUN is not None
    return [_chapter(_RUN, folder, domain, path) for folder, domain, path in job]


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


class _Kept:
    """Each chapter's figures from earlier runs, one file per catalog folder, in the build
    directory (:mod:`catalogcache`), under the signature of its catalog and template."""

    def __init__(self, settings: Settings, checked: bool, catalogs_only: bool) -> None:
        from . import __version__

        # one folder for each way of measuring, so that they do not replace each other's
        self.folder = settings.build_dir / ".cache" / "figures{}{}".format(
            "-checked" if checked else "", "-catalogs" if catalogs_only else "")
        self.sign: list[object] = [__version__, _KEPT_FORMAT]
        self.old: dict[Path, dict[str, Any]] = {}
        self.new: dict[Path, dict[str, Any]] = {}

    def get(self, folder: Path, domain: str, sign: list[object] | None) -> ChapterStats | None:
        if folder not in self.old:
            self.old[folder] = catalogcache.load(self.folder, folder, self.sign) or {}
        kept = self.old[folder].get(domain)
        if sign is None or kept is None or kept[0] != sign:
            return None
        self.new.setdefault(folder, {})[domain] = kept
        return ChapterStats(domain, Path(kept[1]), Figures(**kept[2]), stale=kept[3])

    def put(self, folder: Path, sign: list[object], chapter: ChapterStats) -> None:
        if not catalogcache.settled(sign):
            return
        self.new.setdefault(folder, {})[chapter.domain] = [
            sign, str(chapter.path), dict(vars(chapter.figures)), chapter.stale]

    def save(self) -> None:
        for folder, chapters in self.new.items():
            if chapters != self.old.get(folder):
                catalogcache.store(self.folder, folder, self.sign, chapters)


def collect(
    settings: Settings, codes: Iterable[str] | None = None, *, catalogs_only: bool = False,
    checked: bool = False,
) -> tuple[list[LanguageStats], list[CatalogError]]:
    """Figures for the given (or all) languages, and template errors.

    Each chapter's figures are kept in the build directory under the sizes and times of
    its catalog and its template (:mod:`catalogcache`): an unchanged chapter reads
    neither again. A chapter whose catalog or template has an error is measured every
    time, so the error is reported every time. The others are scanned one at a time
    (memory does not grow with the number of languages), in forked workers when there are
    many. ``checked``: run the error-level checks too and count the translations they
    refuse as rejected (slower: every translation is parsed).
    """
    global _RUN
    languages = settings.select(codes)
    templates: dict[str, Path] | None = None
    if not catalogs_only:
        templates = catalogs_in(settings.pot_dir, ".pot")
        if not templates:
            raise CatalogError(f"no templates in {settings.pot_dir}",
                               hint="run `coppub extract` (the sources are needed), or, to "
                               "measure the catalogs alone, pass --catalogs-only to stats, "
                               "todo, badges or dashboard")
    run = _Run(templates, (settings, {settings.catalog_dir(lang.code): lang
                                      for lang in languages}, settings.unlocated_syntaxes)
               if checked else None)
    kept = _Kept(settings, checked, catalogs_only)
    # language, folder, domain, path (None: no catalog), signature; then the figures
    items: list[tuple[int, Path, str, Path | None, list[object] | None]] = []
    found_for: dict[int, Measured] = {}
    for index, language in enumerate(languages):
        folder = settings.catalog_dir(language.code)
        found = catalogs_in(folder)
        for domain in list(templates or {}) + [d for d in found if d not in (templates or {})]:
            sign = _signature(run, folder, found.get(domain),
                              (templates or {}).get(domain))  # before the files are read
            chapter = kept.get(folder, domain, sign)
            if chapter is not None:
                found_for[len(items)] = (chapter, [], None)
            items.append((index, folder, domain, found.get(domain), sign))
    if not items:  # nothing to measure; the templates' errors are still reported
        items = [(-1, settings.pot_dir, d, None, None) for d in templates or {}]
    # a chapter's catalogs in every language go to the same worker, one after the other:
    # its template is read once there, and the checks parse each source message once
    # (tree.parse remembers), not once per language
    order = sorted((i for i in range(len(items)) if i not in found_for),
                   key=lambda i: (items[i][2], items[i][0]))
    _RUN = run
    try:
        results = fork_map(_chapter_job, chunks([items[i][1:4] for i in order], 50),
                           len(order))
    finally:
        _RUN = None
    for position, measured in zip(order, (one for job in results for one in job),
                                  strict=True):
        found_for[position] = measured
        chapter, failed, template_error = measured
        sign = items[position][4]
        if chapter is not None and sign is not None and not failed and template_error is None:
            kept.put(items[position][1], sign, chapter)  # errors come back every time
    kept.save()
    stats = [LanguageStats(language) for language in languages]
    broken: dict[Path | None, CatalogError] = {}
    for position, (owner, *_) in enumerate(items):
        chapter, failed, template_error = found_for[position]
        if template_error is not None:
            broken.setdefault(template_error.path, template_error)
        if chapter is not None and owner >= 0:
            stats[owner].chapters.append(chapter)
            stats[owner].errors.extend(failed)
    return stats, list(broken.values())


def todo(stats: LanguageStats) -> Iterator[ChapterStats]:
    """Chapters with work left, nearest to done first (by words left, then name)."""
    left = [c for c in stats.chapters
            if not c.stale and (c.figures.fuzzy or c.figures.untranslated)]
    yield from sorted(left, key=lambda c: (c.figures.fuzzy_words + c.figures.untranslated_words,
                                           c.figures.fuzzy + c.figures.untranslated, c.domain))
