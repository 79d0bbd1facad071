"""Moving catalogs to another layout without losing a translation or a fuzzy draft.

Sphinx names catalogs after ``gettext_compact``: one per document, one per top-level
folder, or one for everything. When a project changes it (or adopts coppub with
catalogs in a layout its ``conf.py`` no longer gives), the templates come out under new
names and a plain ``update`` would start the new catalogs empty. :func:`relayout`
fills each new catalog from the old ones, message by message (same context and text):
translations stay translated, fuzzy drafts stay fuzzy with their previous source, and
translators' comments follow. An old catalog is removed only when every translation and
draft it holds has a place in a new one; any other is kept and reported.

It never prints; ``coppub relayout`` runs ``extract`` before it and ``update`` after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from .catalogs import catalog_header, effective_language, merge, templates
from .config import BOOK_DOMAIN, Settings
from .errors import CatalogError, CoppubError
from .languages import Language
from .model import FUZZY, TRANSLATED, Key, catalogs_in, state
from .pofiles import dump_po, read_po, write_atomic

#: Catalogs that are not the book's chapters: never moved.
_KEEP = {BOOK_DOMAIN, "sphinx"}


@dataclass
class Relayout:
    """What moving one language's catalogs did (or would do, in a dry run)."""

    code: str
    created: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    #: Old catalogs kept: some of their work matches no message of the new templates.
    kept: dict[Path, int] = field(default_factory=dict)
    translated: int = 0
    fuzzy: int = 0


@dataclass
class RelayoutResult:
    languages: list[Relayout] = field(default_factory=list)
    errors: list[CoppubError] = field(default_factory=list)


def _rank(entry: polib.POEntry) -> int:
    """Which of two entries with the same key to carry: translated, fuzzy, then empty."""
    what = state(entry)
    return (0 if what == TRANSLATED else 1 if what == FUZZY else 2) + (3 if entry.obsolete else 0)


def relayout(settings: Settings, codes: list[str] | None = None, *,
             dry_run: bool = False) -> RelayoutResult:
    """Fill the catalogs the current templates name from the catalogs of another layout."""
    result = RelayoutResult()
    pots = templates(settings)
    if not pots:
        raise CatalogError(f"no templates in {settings.pot_dir}",
                           hint="run `coppub extract` first")
    loaded = {domain: read_po(path) for domain, path in pots.items()}
    wanted: dict[Key, str] = {(e.msgctxt, e.msgid): d for d, pot in loaded.items()
                              for e in pot}
    for language in settings.select(codes):
        try:
            language = effective_language(settings, language,
                                          settings.declares_plural(language.code))
            result.languages.append(_one(settings, language, loaded, wanted, dry_run))
        except CoppubError as exc:
            result.errors.append(exc)
    return result


def _one(settings: Settings, language: Language, loaded: dict[str, polib.POFile],
         wanted: dict[Key, str], dry_run: bool) -> Relayout:
    folder = settings.catalog_dir(language.code)
    report = Relayout(language.code)
    old = catalogs_in(folder)
    moved = {d: p for d, p in old.items() if d not in loaded and d not in _KEEP}
    if not moved:
        return report
    best: dict[Key, polib.POEntry] = {}
    homeless: dict[Path, int] = {}
    for path in moved.values():
        for entry in read_po(path):
            key = (entry.msgctxt, entry.msgid)
            if not entry.msgid:
                continue
            if key not in wanted:
                if not entry.obsolete and state(entry) in (TRANSLATED, FUZZY):
                    homeless[path] = homeless.get(path, 0) + 1
                continue
            if key not in best or _rank(entry) < _rank(best[key]):
                best[key] = entry
    for domain, template in loaded.items():
        target = folder / f"{domain}.po"
        if domain in old or domain in _KEEP:
            continue  # that catalog exists: `update` merges it as usual
        carried = polib.POFile()
        for t in template:
            entry = best.get((t.msgctxt, t.msgid))
            if entry is not None and state(entry) in (TRANSLATED, FUZZY):
                copy = polib.POEntry(
                    msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                    msgstr=entry.msgstr, msgstr_plural=dict(entry.msgstr_plural),
                    flags=list(entry.flags), tcomment=entry.tcomment,
                    previous_msgctxt=entry.previous_msgctxt,
                    previous_msgid=entry.previous_msgid,
                    previous_msgid_plural=entry.previous_msgid_plural)
                carried.append(copy)
                if state(entry) == TRANSLATED:
                    report.translated += 1
                else:
                    report.fuzzy += 1
        if not len(carried):
            continue  # nothing to carry: `update` creates it
        new, _counts = merge(template, carried, language)
        new.metadata = {}
        catalog_header(new, template, language, target)
        if not dry_run:
            write_atomic(target, dump_po(new, settings.wrap_width))
        report.created.append(target)
    for path in moved.values():
        if path in homeless:
            report.kept[path] = homeless[path]
        else:
            if not dry_run:
                path.unlink()
            report.removed.append(path)
    return report
