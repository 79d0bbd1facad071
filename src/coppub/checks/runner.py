"""Running the checks over catalogs: file-level checks, silencing, selection."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import polib

from ..errors import CatalogError, CoppubError
from ..languages import Language, same_plural_rule
from ..model import forms
from ..pofiles import read_po
from . import MYST, REGISTRY, RST, RST_ONLY, Message, Problem
from .tree import length_limit

#: A translator silences warnings on one entry with a comment: ``# coppub: ignore W501``.
#: Only warnings: an error-level code in such a comment is not honoured (a translator
#: cannot switch off what protects readers; a project relaxes checks in coppub.toml).
IGNORE = re.compile(r"coppub:\s*ignore\s+([A-Z]\d{3}(?:[\s,]+[A-Z]\d{3})*)")

REGISTRY.describe_file_check("E001", "The catalog parses.",
                             "fix the syntax at that line (Poedit shows it too)")
REGISTRY.describe_file_check("E002", "The Language header matches the catalog's folder.",
                             "set Language to the folder's code (coppub update does it)")
REGISTRY.describe_file_check(
    "E003", "A catalog with plural messages uses its language's plural rule.",
    "the rule is coppub's table's, the one this language's catalogs agree on, or the one "
    "declared in coppub.toml ([languages.xx] plural-forms); reorder the plural forms if "
    "the rule changes")
REGISTRY.describe_file_check("E004", "Each plural message has as many forms as the language.",
                             "give every plural form (msgstr[0] … msgstr[N-1])")


def enabled_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> set[str]:
    """Codes to run: all, or those starting with a --select prefix, minus --ignore ones."""
    every = set(REGISTRY.checks) | set(REGISTRY.file_checks)
    chosen = {c for c in every if any(c.startswith(p) for p in select)} if select else every
    return {c for c in chosen if not any(c.startswith(p) for p in ignore)}


def silenced(entry: polib.POEntry) -> set[str]:
    """The warning codes a translator comment silences on this entry."""
    codes: set[str] = set()
    for match in IGNORE.finditer(entry.tcomment or ""):
        codes.update(c for c in re.findall(r"[A-Z]\d{3}", match.group(1)) if c[0] == "W")
    return codes


def _hint(code: str) -> str:
    if code in REGISTRY.checks:
        return REGISTRY.checks[code].hint
    return REGISTRY.file_checks[code][1]


#: Documents Sphinx reads with MyST (myst-parser) rather than as reST.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def syntaxes(entry: polib.POEntry, unlocated: frozenset[str] = RST_ONLY) -> list[str]:
    """How the build parses this entry: as reST, as Markdown (MyST), or both when the
    message occurs in documents of both kinds. Its ``#:`` locations say; ``unlocated``
    is used when it has none (see Settings.unlocated_syntaxes)."""
    found = {_syntax_of(name) for name, _line in entry.occurrences}
    return sorted(found or unlocated)


@functools.lru_cache(maxsize=4096)
def _syntax_of(name: str) -> str:
    """How the build reads the document ``name`` (a catalog names a few, many times)."""
    return MYST if Path(name).suffix.lower() in MARKDOWN_SUFFIXES else RST


def check_entry(entry: polib.POEntry, language: Language, path: Path,
                enabled: set[str], unlocated: frozenset[str] = RST_ONLY) -> list[Problem]:
    """Problems of one translated entry (untranslated, fuzzy and obsolete ones have none)."""
    if entry.obsolete or entry.fuzzy:
        return []
    codes = enabled - silenced(entry)
    problems: list[Problem] = []

    def add(code: str, text: str) -> None:
        problems.append(Problem(path, entry.linenum, code, text, _hint(code)))

    if entry.msgid_plural:
        texts = forms(entry)
        if "E004" in codes and any(texts) and len(texts) != language.nplurals:
            add("E004", f"{len(texts)} plural form(s), {language.code} has "
                        f"{language.nplurals}")
        pairs: list[tuple[str, str, int | None]] = [
            (entry.msgid if i == 0 and language.nplurals > 1 else entry.msgid_plural, f, i)
            for i, f in enumerate(texts)]
    else:
        pairs = [(entry.msgid, entry.msgstr, None)]
    read_as = syntaxes(entry, unlocated)
    for source, translation, form in pairs:
        if not translation:
            continue
        # Nothing longer than the limit is ever parsed or matched: only E308 runs on it.
        run = {"E308"} if len(translation) > length_limit(source) else codes
        for syntax in read_as:
            message = Message(source, translation, language, form, syntax)
            try:
                for check, text in REGISTRY.run(message, run & enabled):
                    add(check.code, text if form is None else f"form {form}: {text}")
            except Exception as exc:  # noqa: BLE001 - a bug in a check refuses, never crashes
                add("E300", f"the checks failed on this translation ({type(exc).__name__}: "
                            f"{exc}); it is not published until they pass (please report it)")
    return list(dict.fromkeys(problems))


def check_header(po: polib.POFile, language: Language, path: Path,
                 enabled: set[str]) -> list[Problem]:
    problems = []
    declared = po.metadata.get("Language", "")
    if "E002" in enabled and declared and declared != language.code:
        problems.append(Problem(path, 1, "E002", f"Language is {declared!r} in a catalog "
                                f"of {language.code!r}", _hint("E002")))
    rule = po.metadata.get("Plural-Forms", "")
    plural = any(e.msgid_plural and not e.obsolete for e in po)
    if "E003" in enabled and rule and plural:  # without plurals, update just sets the rule
        try:
            same = same_plural_rule(rule, language.plural_forms)
        except CoppubError:
            same = False
        if not same:
            problems.append(Problem(path, 1, "E003", f"Plural-Forms {rule!r} differs from "
                                    f"{language.plural_forms!r}", _hint("E003")))
    return problems


def check_catalog(path: Path, language: Language, enabled: set[str],
                  unlocated: frozenset[str] = RST_ONLY) -> list[Problem]:
    """Every problem of one catalog, in line order."""
    try:
        po = read_po(path)
    except CatalogError as exc:
        if "E001" not in enabled:
            return []
        return [Problem(path, exc.line or 1, "E001", exc.message, exc.hint or _hint("E001"))]
    problems = check_header(po, language, path, enabled)
    for entry in po:
        problems.extend(check_entry(entry, language, path, enabled, unlocated))
    return sorted(problems, key=lambda p: (p.line, p.code))


def _catalog_job(job: tuple[Path, Language, frozenset[str], frozenset[str]]
                 ) -> list[Problem]:
    path, language, enabled, unlocated = job
    return check_catalog(path, language, set(enabled), unlocated)


def check_catalogs(jobs: list[tuple[Path, Language]], enabled: set[str],
                   relaxed: Callable[[Path], set[str]] | None = None,
                   unlocated: frozenset[str] = RST_ONLY,
                   demoted: Callable[[Path], set[str]] | None = None) -> list[Problem]:
    """Check many catalogs (in forked workers when there are many).

    ``relaxed`` gives the codes the project switches off for a catalog (coppub.toml),
    ``demoted`` the error codes it reports as warnings; ``unlocated`` how to read entries
    that do not say which document they are from.
    """
    from dataclasses import replace

    from ..parallel import fork_map

    work = [(p, lang, frozenset(enabled - (relaxed(p) if relaxed else set())), unlocated)
            for p, lang in jobs]
    results = fork_map(_catalog_job, work, len(jobs))
    problems = [problem for found in results for problem in found]
    if demoted is None:
        return problems
    return [replace(p, demoted=True) if p.code in demoted(p.path) else p for p in problems]


def publishable(entry: polib.POEntry, language: Language, path: Path,
                relaxed: set[str] | None = None,
                unlocated: frozenset[str] = RST_ONLY) -> list[Problem]:
    """Error-level problems that keep this translation out of a build.

    ``relaxed``: codes the project's coppub.toml relaxes for this catalog.
    """
    codes = ERROR_CODES - (relaxed or set())
    return [p for p in check_entry(entry, language, path, codes, unlocated)
            if p.level == "error"]


ERROR_CODES = {code for code in REGISTRY.checks if code.startswith("E")} | {"E004"}
