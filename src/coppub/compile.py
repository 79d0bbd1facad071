"""Catalogs -> ``.mo`` files under ``build/``; fuzzy entries only when asked for.

A language whose coppub.toml entry says ``outdated = "show"`` gets its fuzzy (outdated)
translations compiled too, and the result lists them (message -> the source text the
translation was made from, when the catalog keeps it) so that the build marks them.

A ``.mo`` is rewritten only when its bytes change, so Sphinx re-reads only the chapters
whose translations changed (and switching ``use_fuzzy`` takes effect on the next build).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import refusals
from .checks import Problem
from .config import BOOK_DOMAIN, Settings
from .errors import CatalogError, CoppubError
from .model import TRANSLATED, Key, catalogs_in, escaped, forms, has_translation, state
from .pofiles import read_po, write_atomic
from .stats import count_words


@dataclass
class CompileResult:
    """Files compiled (changed), left as they were, removed, and catalogs that failed."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)
    #: Translations left out because they fail an error-level check.
    rejected: list[Problem] = field(default_factory=list)
    #: Translated messages compiled, by domain (what the build can use).
    compiled: dict[str, int] = field(default_factory=dict)
    #: Source words of the translations left out, by domain: the page shows them in the
    #: source language, so its "translated" share must not count them.
    rejected_words: dict[str, int] = field(default_factory=dict)
    #: Outdated translations compiled to be shown marked, by domain: msgid -> the
    #: previous source (``#| msgid``), or "" when the catalog does not keep it.
    outdated: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Pages below the language's page-minimum: nothing compiled, shown in the source
    #: language (domain -> the share of its words that was translated).
    withheld: dict[str, float] = field(default_factory=dict)

    @property
    def left_out(self) -> int:
        """How many translations were left out (``rejected`` has a problem each)."""
        return len({(problem.path, problem.line) for problem in self.rejected})


def mo_bytes(po: polib.POFile, use_fuzzy: bool = False,
             leave_out: set[int] | None = None) -> bytes:
    """The ``.mo`` image of ``po``: translated entries, plus fuzzy ones if ``use_fuzzy``.

    Entries whose ``id()`` is in ``leave_out`` are not compiled: the build shows their
    source text instead.
    """
    if use_fuzzy or leave_out:
        copy = polib.POFile()
        copy.metadata = po.metadata
        for entry in po:
            if entry.obsolete or id(entry) in (leave_out or ()):
                continue
            if entry.fuzzy and not use_fuzzy:
                continue
            clone = polib.POEntry(
                msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural, msgstr_plural=dict(entry.msgstr_plural),
                flags=[f for f in entry.flags if f != "fuzzy"],
            )
            copy.append(clone)
        po = copy
    return bytes(po.to_binary())


#: Compilations made for the builds this process starts (:func:`shared`).
_SHARED: dict[tuple[str, str, bool], CompileResult] = {}


@contextlib.contextmanager
def shared(settings: Settings, code: str, use_fuzzy: bool = False) -> Iterator[None]:
    """Compile ``code``'s catalogs now, once for every format built inside: each Sphinx
    run (a child forked from this process) takes this compilation instead of reading
    every catalog again, so every format of the edition is built from the same catalogs.
    If it fails, nothing is shared: each build compiles and reports why."""
    if code == settings.source_language:
        yield
        return
    try:
        key = _shared_key(settings, code, use_fuzzy)
        _SHARED[key] = compile_language(settings, code, use_fuzzy)
    except (CoppubError, OSError):
        yield
        return
    try:
        yield
    finally:
        _SHARED.pop(key, None)


def _shared_key(settings: Settings, code: str, use_fuzzy: bool) -> tuple[str, str, bool]:
    return str(settings.catalog_dir(code)), code, use_fuzzy


def compile_language(settings: Settings, code: str, use_fuzzy: bool = False) -> CompileResult:
    """Compile every catalog of ``code`` into ``build/locale/<code>/LC_MESSAGES`` (or
    take the compilation :func:`shared` made for the build under way).

    A translation that fails an error-level check (changed link, unsafe address, raw
    markup, broken reST…) is left out and listed in ``rejected``.
    """
    from .checks.runner import publishable

    made = _SHARED.get(_shared_key(settings, code, use_fuzzy))
    if made is not None:
        return made

    language = settings.language(code)
    show_outdated = language.outdated == "show" and not use_fuzzy
    use_fuzzy = use_fuzzy or show_outdated
    source = settings.catalog_dir(code)
    target = settings.mo_dir() / code / "LC_MESSAGES"
    result = CompileResult()
    wanted: set[Path] = set()
    unlocated = settings.unlocated_syntaxes
    for domain, po_path in catalogs_in(source).items():
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        wanted.add(mo_path)
        relaxed = settings.relaxed_for(po_path)
        try:
            sign = refusals.signature(po_path, language, relaxed, unlocated)
            po = read_po(po_path)
        except CatalogError as exc:
            result.errors.append(exc)
            continue
        # what the gate's measure found (the translated messages), checked again only
        # where it refused something, to report why
        known = refusals.remembered(settings, po_path, sign)
        refused: set[Key] = set()
        leave_out: set[int] = set()
        for entry in po:
            if entry.obsolete or (entry.fuzzy and not use_fuzzy):
                continue
            if not has_translation(entry):
                continue  # nothing to check, nothing to compile
            translated = state(entry) == TRANSLATED
            if entry.fuzzy:  # checked as if translated, since it will be published
                entry.flags.remove("fuzzy")
                problems = publishable(entry, language, po_path, relaxed, unlocated)
                entry.flags.append("fuzzy")
            elif translated and known is not None \
                    and (entry.msgctxt, escaped(entry.msgid)) not in known:
                problems = []
            else:
                problems = publishable(entry, language, po_path, relaxed, unlocated)
            if problems and translated:
                refused.add((entry.msgctxt, escaped(entry.msgid)))
            if problems:
                leave_out.add(id(entry))
                result.rejected.extend(problems)
                result.rejected_words[domain] = (result.rejected_words.get(domain, 0)
                                                 + count_words(entry.msgid))
            elif entry.fuzzy and show_outdated and all(forms(entry)):
                result.outdated.setdefault(domain, {})[entry.msgid] = \
                    entry.previous_msgid or ""
        usable = [e for e in po if not e.obsolete and e.msgid and id(e) not in leave_out
                  and (use_fuzzy or not e.fuzzy) and all(forms(e))]
        if language.page_minimum and domain != BOOK_DOMAIN:
            total = sum(count_words(e.msgid) for e in po if not e.obsolete and e.msgid)
            share = 100.0 * sum(count_words(e.msgid) for e in usable) / total if total else 100
            if share < language.page_minimum:  # the source page rather than a mix
                result.withheld[domain] = share
                leave_out.update(id(e) for e in usable)
                usable = []
        if known is None:
            refusals.remember(settings, po_path, sign, refused)
        result.compiled[domain] = len(usable)
        data = mo_bytes(po, use_fuzzy, leave_out)
        (result.changed if write_atomic(mo_path, data) else result.unchanged).append(mo_path)
    for stale in sorted(target.rglob("*.mo")) if target.is_dir() else []:
        if stale not in wanted:
            stale.unlink()
            result.removed.append(stale)
    return result
