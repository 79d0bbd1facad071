"""Templates + catalogs -> updated catalogs, losing nothing.

Merging keeps every translation: an unchanged message keeps its msgstr, comments and
flags; a changed one becomes fuzzy with its previous msgid (``#|``); a removed one
becomes obsolete (``#~``) unless purging is asked for. Headers get Language and
Plural-Forms from the registry. Files are wrapped at one width and written atomically,
and only when their bytes change, so a second run changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from . import __version__
from .config import Settings
from .errors import CatalogError, CoppubError
from .languages import Language, parse_plural_forms, plural_function, same_plural_rule
from .memory import Memory, Remembered, remembered
from .model import Key, catalogs_in, forms, has_translation, key
from .parallel import chunks, fork_map
from .pofiles import (
    dump_po,
    read_catalog_bytes,
    read_po,
    remove_stale_temporaries,
    write_atomic,
)

log = logging.getLogger(__name__)

#: Least similarity (0-100, rapidfuzz's normalised Indel ratio) for a fuzzy suggestion.
FUZZY_CUTOFF = 60.0


@dataclass
class MergeCounts:
    """What a merge did to the messages of one catalog."""

    new: int = 0
    fuzzy: int = 0
    obsolete: int = 0
    memory: int = 0

    def add(self, other: MergeCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class UpdateResult:
    """Per-file outcome of ``coppub update`` (or of its ``--check``)."""

    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    without_template: list[Path] = field(default_factory=list)
    errors: list[CoppubError] = field(default_factory=list)
    counts: MergeCounts = field(default_factory=MergeCounts)

    @property
    def out_of_date(self) -> list[Path]:
        return self.created + self.updated


def _fill(target: polib.POEntry, source: polib.POEntry | None, nplurals: int) -> bool:
    """Copy ``source``'s translation into ``target`` (shaped like its template).

    Returns True when the shapes differ (singular <-> plural), which makes it fuzzy.
    """
    translated = forms(source) if source is not None else [""]
    if target.msgid_plural:
        if len(translated) < nplurals:
            translated = translated + [""] * (nplurals - len(translated))
        if source is not None and not source.msgid_plural:
            translated = [translated[0]] + [""] * (nplurals - 1)
        target.msgstr_plural = dict(enumerate(translated))
        target.msgstr = ""
    else:
        target.msgstr = translated[0]
        target.msgstr_plural = {}
    return source is not None and bool(source.msgid_plural) != bool(target.msgid_plural)


def _content(po: polib.POFile) -> tuple[object, ...]:
    """What a catalog says, whatever its wrapping: header fields and every entry."""
    header = {k: v for k, v in po.metadata.items() if k != "POT-Creation-Date"}
    entries = tuple(
        (e.obsolete, e.msgctxt, e.msgid, e.msgid_plural, e.msgstr,
         tuple(sorted(e.msgstr_plural.items())), tuple(e.flags), e.comment, e.tcomment,
         tuple(e.occurrences), e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)
        for e in po)
    return (tuple(sorted(header.items())), po.metadata_is_fuzzy, entries)


def same_content(old: polib.POFile, new: polib.POFile) -> bool:
    """True when ``new`` says exactly what ``old`` says (wrapping and the template's
    creation date aside): writing it would only fight the tool that saved ``old``."""
    return _content(old) == _content(new)


def _flags(*lists: Iterable[str], fuzzy: bool) -> list[str]:
    merged = [f for f in dict.fromkeys(f for flags in lists for f in flags) if f != "fuzzy"]
    return (["fuzzy"] if fuzzy else []) + merged


def merge(
    template: polib.POFile,
    old: polib.POFile | None,
    language: Language,
    *,
    purge_obsolete: bool = False,
    memory: Memory | None = None,
    exact_memory_translated: bool = False,
) -> tuple[polib.POFile, MergeCounts]:
    """Merge ``template`` into ``old`` (a new catalog when None); pure, no I/O.

    A message with no translation in its own catalog gets the best one from ``memory``
    (other chapters, obsolete entries, a compendium) as a fuzzy suggestion with a comment
    saying where it came from; an exact match may be taken as translated if asked.
    """
    counts = MergeCounts()
    nplurals = language.nplurals
    new = polib.POFile()
    active: dict[Key, polib.POEntry] = {}
    obsolete: dict[Key, polib.POEntry] = {}
    if old is not None:
        new.header = old.header
        new.metadata = dict(old.metadata)
        new.metadata_is_fuzzy = old.metadata_is_fuzzy
        for entry in old:
            (obsolete if entry.obsolete else active).setdefault(key(entry), entry)
    template_keys = {key(t) for t in template}
    # Translations that no template message claims exactly: candidates for suggestions.
    spare = [e for k, e in {**obsolete, **active}.items()
             if k not in template_keys and has_translation(e)]
    spare_ids = [e.msgid for e in spare]
    used: set[Key] = set()  # a suggestion carries its translation on: not kept obsolete too

    for t in template:
        entry = polib.POEntry(
            msgid=t.msgid, msgctxt=t.msgctxt, msgid_plural=t.msgid_plural,
            comment=t.comment, occurrences=list(t.occurrences),
        )
        wanted = key(t)
        found = active.get(wanted) or obsolete.get(wanted)
        if found is not None:
            reshaped = _fill(entry, found, nplurals)
            plural_changed = bool(found.msgid_plural and t.msgid_plural
                                  and found.msgid_plural != t.msgid_plural)
            fuzzy = found.fuzzy or reshaped or plural_changed
            entry.tcomment = found.tcomment
            entry.flags = _flags(found.flags, t.flags, fuzzy=fuzzy and has_translation(entry))
            if entry.fuzzy and (found.previous_msgid is not None or reshaped or plural_changed):
                entry.previous_msgctxt = found.previous_msgctxt
                entry.previous_msgid = found.previous_msgid or found.msgid
                entry.previous_msgid_plural = (found.previous_msgid_plural
                                               or found.msgid_plural or None)
        else:
            match = (process.extractOne(t.msgid, spare_ids, scorer=fuzz.ratio,
                                        score_cutoff=FUZZY_CUTOFF) if spare_ids else None)
            if match is not None:
                source = spare[match[2]]
                used.add(key(source))
                _fill(entry, source, nplurals)
                entry.tcomment = source.tcomment
                entry.flags = _flags(t.flags, fuzzy=True)
                entry.previous_msgctxt = source.msgctxt
                entry.previous_msgid = source.msgid
                entry.previous_msgid_plural = source.msgid_plural or None
                counts.fuzzy += 1
            else:
                hit = memory.best(t.msgid, t.msgctxt, plural=bool(t.msgid_plural)) \
                    if memory is not None else None
                if hit is not None:
                    _fill(entry, hit.entry.as_entry(), nplurals)
                    keep = exact_memory_translated and hit.score >= 100
                    entry.flags = _flags(t.flags, fuzzy=not keep)
                    entry.tcomment = hit.comment()
                    if not keep:
                        entry.previous_msgctxt = hit.entry.msgctxt
                        entry.previous_msgid = hit.entry.msgid
                        entry.previous_msgid_plural = hit.entry.msgid_plural or None
                    counts.memory += 1
                else:
                    _fill(entry, None, nplurals)
                    entry.flags = _flags(t.flags, fuzzy=False)
                    counts.new += 1
        new.append(entry)

    if not purge_obsolete:
        gone = template_keys | used
        kept = [e for e in obsolete.values() if key(e) not in gone]
        newly = [e for e in active.values()
                 if key(e) not in gone and (has_translation(e) or e.tcomment)]
        counts.obsolete = len(newly)
        seen: set[Key] = set()
        for e in kept + newly:
            if key(e) in seen:
                continue
            seen.add(key(e))
            e.obsolete = True
            e.occurrences = []
            new.append(e)
    return new, counts


_PLURAL_HEADER = re.compile(rb'"Plural-Forms:\s*([^"\\]*(?:\\.[^"\\]*)*?)\s*(?:\\n)?"')


def header_rule(path: Path) -> tuple[str | None, bool]:
    """The Plural-Forms a catalog's header declares, and whether it has plural messages.

    A cheap look at the bytes (the header is the first paragraph); (None, False) for a
    catalog that cannot be read, whose error is reported when it is parsed.
    """
    try:
        data = read_catalog_bytes(path)
    except CatalogError:
        return None, False
    head = data.split(b"\n\n", 1)[0]
    match = _PLURAL_HEADER.search(head)
    rule = match.group(1).decode("utf-8", "replace").strip() if match else None
    plural = any(line.startswith(b"msgid_plural") for line in data.splitlines())
    return rule, plural


def effective_language(settings: Settings, language: Language,
                       declared: bool = False) -> Language:
    """``language`` with the plural rule its catalogs already use, as projects write it.

    Weblate, Transifex and msginit write rules that differ from coppub's table (Russian
    with 4 forms, Tagalog ``n > 1``): when every catalog of the language that has a
    plural message agrees on one valid rule, that rule is kept. A rule declared in
    coppub.toml (``declared``) always wins. Catalogs that disagree are an error that
    names them.
    """
    if declared:
        return language
    folder = settings.catalog_dir(language.code)
    rules: dict[str, list[Path]] = {}
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        rule, plural = header_rule(path)
        if rule is None or not plural:
            continue
        try:
            parse_plural_forms(rule)
        except CoppubError:
            continue  # the catalog's own error, reported when it is read
        same = next((r for r in rules if same_plural_rule(r, rule)), None)
        rules.setdefault(same or rule, []).append(path)
    if not rules:
        return language
    if len(rules) > 1:
        listing = "; ".join(f"{rule!r} in {', '.join(p.name for p in paths[:3])}"
                            + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
                            for rule, paths in rules.items())
        raise CatalogError(
            f"the {language.code} catalogs disagree on Plural-Forms: {listing}",
            path=folder, hint=f"declare the rule once under [languages.{language.code}] "
            "plural-forms in coppub.toml; catalogs written under another rule may need "
            "their plural forms reordered")
    (rule,) = rules
    if same_plural_rule(rule, language.plural_forms):
        return language
    return dataclasses.replace(language, plural_forms=rule)


def catalog_header(po: polib.POFile, template: polib.POFile, language: Language,
                   path: Path) -> None:
    """Set the header fields coppub owns; keep the translator's other fields.

    A catalog without plural messages simply takes the language's rule; one with plural
    messages under another rule is an error (its forms would be read in the wrong order).
    """
    current = po.metadata.get("Plural-Forms")
    plural = any(e.msgid_plural and not e.obsolete for e in po)
    if current and plural:
        try:
            ok = same_plural_rule(current, language.plural_forms)
        except CoppubError:
            ok = False
        if not ok:
            raise CatalogError(
                f"Plural-Forms {current!r} does not match {language.code}'s rule "
                f"{language.plural_forms!r}, and the catalog has plural messages",
                path=path, line=1,
                hint="declare the rule the catalogs use under [languages."
                f"{language.code}] plural-forms in coppub.toml, or correct this header and "
                "reorder the forms of its plural messages; the file was left as it was",
            )
    fresh = not po.metadata
    fields = dict(po.metadata)
    for name in ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date"):
        # The template's value for a new catalog and for the date (as msgmerge does); a
        # project's own name and address stay as its catalogs have them.
        if template.metadata.get(name) and (name == "POT-Creation-Date"
                                            or not fields.get(name)):
            fields[name] = template.metadata[name]
    if fresh:
        po.header = (f"{language.english_name} translation of {path.stem!r}.\n"
                     "Made by `coppub update`; translators' comments go on each entry.")
        fields.setdefault("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")
        fields.setdefault("Last-Translator", "")
        fields.setdefault("Language-Team", f"{language.english_name}")
    fields["Language"] = language.code
    fields["MIME-Version"] = "1.0"
    if fields.get("Content-Type", "").replace(" ", "").lower() != "text/plain;charset=utf-8":
        fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields["Content-Transfer-Encoding"] = "8bit"
    if plural or not _valid_rule(current):  # a valid rule in a catalog without plurals
        fields["Plural-Forms"] = language.plural_forms  # is the tool's to keep
    po.metadata = fields
    if fresh:
        po.metadata_is_fuzzy = False


def _valid_rule(rule: str | None) -> bool:
    """A well-formed rule whose expression never selects a form it does not have."""
    if not rule:
        return False
    try:
        nplurals, expression = parse_plural_forms(rule)
        select = plural_function(expression)
        return all(0 <= int(select(n)) < nplurals for n in range(0, 1001))
    except (CoppubError, ValueError, ArithmeticError):
        return False


def templates(settings: Settings) -> dict[str, Path]:
    """Domain -> template path, for every ``.pot`` under the template folder."""
    return catalogs_in(settings.pot_dir, ".pot")


def _signature(*paths: Path) -> list[int]:
    out: list[int] = []
    for path in paths:
        try:
            stat = path.stat()
            out += [stat.st_size, stat.st_mtime_ns]
        except FileNotFoundError:
            out += [-1, -1]
    return out


class _Cache:
    """What the last update saw of each (template, catalog) pair, to skip unchanged ones.

    Kept in ``build/.cache``; a pair is skipped only when neither file changed (size and
    time) and the options are the same, so a translator's save is always merged again.
    """

    def __init__(self, settings: Settings, code: str, options: str) -> None:
        self.path = settings.build_dir / ".cache" / f"update-{code}.json"
        self.options = options
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            data = {}
        self.seen: dict[str, list[int]] = (data.get("files", {})
                                           if data.get("options") == options else {})

    def fresh(self, domain: str, pot: Path, po: Path) -> bool:
        return self.seen.get(domain) == _signature(pot, po)

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"options": self.options, "files": self.seen},
                                           sort_keys=True).encode())


def _remember(paths: list[Path]) -> list[tuple[Remembered, str]]:
    """What the memory keeps of some catalogs (unreadable ones are skipped here)."""
    items: list[tuple[Remembered, str]] = []
    for path in paths:
        try:
            items += remembered(read_po(path), path.name)
        except CatalogError:
            continue  # reported when that catalog itself is merged
    return items


def build_memory(folder: Path, compendium: Path | None = None) -> Memory:
    """A language's translation memory: all its catalogs, then the compendium."""
    paths = sorted(folder.rglob("*.po")) if folder.is_dir() else []
    memory = Memory()
    for items in fork_map(_remember, chunks(paths, 40), len(paths)):
        memory.extend(items)
    if compendium is not None:
        memory.extend(remembered(read_po(compendium), compendium.name))
    return memory


@dataclass(frozen=True)
class _Options:
    purge_obsolete: bool
    check: bool
    exact_memory_translated: bool


#: What forked workers inherit: settings, language, memory, options.
_SHARED: tuple[Settings, Language, Memory | None, _Options] | None = None

_Result = tuple[str, Path, MergeCounts, "CatalogError | None", list[int]]


def _merge_file(domain: str, pot_path: Path, path: Path) -> _Result:
    """Merge one template into its catalog and write it if it changed."""
    assert _SHARED is not None
    settings, language, memory, options = _SHARED
    try:
        template = read_po(pot_path)
        old = read_po(path) if path.exists() else None
        po, counts = merge(template, old, language, purge_obsolete=options.purge_obsolete,
                           memory=memory,
                           exact_memory_translated=options.exact_memory_translated)
        catalog_header(po, template, language, path)
        data = dump_po(po, settings.wrap_width)
        if old is not None and (data == read_catalog_bytes(path)
                                or same_content(old, po)):
            # Nothing but the wrapping (or the template's date) would change: the file is
            # left as the tool that saved it (Weblate, Poedit, msgmerge…) wrote it.
            return "unchanged", path, MergeCounts(), None, _signature(pot_path, path)
        if not options.check:
            write_atomic(path, data)
        signature = _signature(pot_path, path)
    except CatalogError as exc:
        return "failed", path, MergeCounts(), exc, []
    except OSError as exc:  # read-only folder, full disk: this catalog fails, others go on
        error = CatalogError(f"cannot write: {exc.strerror}", path=path,
                             hint="check the folder's permissions and the free disk space; "
                             "the catalog was left as it was")
        return "failed", path, MergeCounts(), error, []
    return ("created" if old is None else "updated"), path, counts, None, signature


def _merge_chunk(jobs: list[tuple[str, Path, Path]]) -> list[_Result]:
    results = [_merge_file(*job) for job in jobs]
    assert _SHARED is not None
    log.info("%s: %d more catalogs %s", _SHARED[1].code, len(jobs),
             "compared (nothing written)" if _SHARED[3].check else "merged")
    return results


def update(
    settings: Settings,
    codes: Iterable[str] | None = None,
    *,
    purge_obsolete: bool = False,
    check: bool = False,
    use_memory: bool = True,
    compendium: Path | None = None,
    exact_memory_translated: bool = False,
) -> UpdateResult:
    """Create or merge the catalogs of the given (or all) languages.

    With ``check``, nothing is written: the result lists what would change. Large
    projects are merged in forked workers; progress goes to the ``coppub.catalogs``
    logger.
    """
    global _SHARED
    languages = settings.select(codes)
    pots = templates(settings)
    if not pots:
        raise CatalogError(
            f"no templates in {settings.pot_dir}", hint="run `coppub extract` first"
        )
    if compendium is not None and not compendium.is_file():
        raise CatalogError(f"{compendium}: no such compendium", hint="give a .po file")
    options = _Options(purge_obsolete, check, exact_memory_translated)
    result = UpdateResult()
    for language in languages:
        try:
            language = effective_language(settings, language,
                                          settings.declares_plural(language.code))
        except CatalogError as exc:
            result.errors.append(exc)
            continue
        parse_plural_forms(language.plural_forms)
        folder = settings.catalog_dir(language.code)
        for stale in remove_stale_temporaries(folder):
            log.info("removed %s, left by an interrupted run", stale)
        signature_key = json.dumps([__version__, language.plural_forms,
                                    settings.wrap_width, purge_obsolete, use_memory,
                                    str(compendium), exact_memory_translated,
                                    _signature(compendium) if compendium else []])
        cache = _Cache(settings, language.code, signature_key)
        work = []
        for domain, pot_path in pots.items():
            path = folder / f"{domain}.po"
            if not check and path.exists() and cache.fresh(domain, pot_path, path):
                result.unchanged.append(path)
            else:
                work.append((domain, pot_path, path))
        if work:
            memory = build_memory(folder, compendium) if use_memory else None
            if memory is not None:
                log.info("%s: %d catalogs to merge, translation memory of %d messages",
                         language.code, len(work), len(memory))
            _SHARED = (settings, language, memory, options)
            try:
                done = fork_map(_merge_chunk, chunks(work, 25), len(work))
            finally:
                _SHARED = None
            for (domain, _pot, _path), (status, path, counts, error, signature) in zip(
                    work, (r for chunk in done for r in chunk), strict=True):
                if error is not None:
                    result.errors.append(error)
                    continue
                getattr(result, status).append(path)
                result.counts.add(counts)
                if not check:
                    cache.seen[domain] = signature
            if not check:
                try:
                    cache.save()
                except OSError as exc:  # only a cache: the next run merges again
                    log.warning("could not save the update cache: %s", exc.strerror)
        result.without_template += [orphan for domain, orphan in catalogs_in(folder).items()
                                    if domain not in pots]
    return result
