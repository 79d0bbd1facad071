"""One frozen :class:`Settings` object: paths, languages, book metadata.

Settings come from ``coppub.toml`` at the project's root (found by walking up from the
current directory); command-line flags override paths with :meth:`Settings.override`.
No ``conf.py`` is executed to find them.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import fnmatch
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, LanguageError
from .languages import CODE_RE, PAPER_RE, Language, check_code, make_language

CONFIG_NAME = "coppub.toml"
#: Width every .po and .pot file is wrapped at, whatever tool saved it last (GNU's default).
WRAP_WIDTH = 79
#: The name of the extra template that holds the book's own metadata.
BOOK_DOMAIN = "_book"


@dataclass(frozen=True)
class Book:
    """The book's own metadata; title, subtitle, description and rights are translatable."""

    slug: str = "book"
    title: str = ""  # none: the project's own (conf.py's project)
    subtitle: str = ""
    description: str = ""
    author: str = ""
    publisher: str = ""
    rights: str = ""
    version: str = "1.0"  # EPUB 3 needs a version (Sphinx warns and EPUBCheck fails without)
    identifier: str = ""
    #: The PDF edition's paper, as Typst names it (a4, us-letter, a5); per language too.
    paper: str = "a4"
    #: Who evaluated the EPUB's accessibility (``accessibility-evaluator``). When set, the
    #: EPUB claims EPUB Accessibility 1.1 - WCAG 2.1 Level AA, certified by them; coppub
    #: checks what tools can (DAISY Ace, EPUBCheck), a person what they cannot (that
    #: text alternatives say what images show, say), so it never claims on its own.
    accessibility_evaluator: str = ""

    def translatable(self) -> list[tuple[str, str]]:
        """(field, text) pairs that go into the book's metadata template."""
        return [
            (name, getattr(self, name))
            for name in ("title", "subtitle", "description", "rights")
            if getattr(self, name)
        ]


@dataclass(frozen=True)
class Settings:
    """Everything a coppub command needs to know about the project it works on."""

    root: Path
    source_dir: Path
    conf_dir: Path
    locale_dir: Path
    pot_dir: Path
    build_dir: Path
    source_language: str = "en"
    languages: tuple[Language, ...] = ()
    book: Book = field(default_factory=Book)
    default_threshold: float = 80.0
    wrap_width: int = WRAP_WIDTH
    #: Checks the project relaxes in coppub.toml: (catalog path pattern, codes) pairs;
    #: the pattern is relative to the project root ("*" for every catalog).
    relaxed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Error-level checks the project turns into warnings (``[checks] warn``): still
    #: reported, no longer keeping a translation out. Same shape as ``relaxed``.
    demoted: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Languages whose plural rule coppub.toml declares (it wins over the catalogs').
    declared_plural: frozenset[str] = frozenset()
    #: True when there is no coppub.toml: paths and languages were found on disk.
    discovered: bool = False
    #: The language whose catalogs lie directly in locale-dir, without <lang>/LC_MESSAGES
    #: (the layout of python-docs-fr and its siblings: one repository per language).
    flat: str | None = None
    #: Documents not offered for translation (``[project] exclude``): glob patterns of
    #: document names relative to source-dir, without suffix ("api/*", "changelog").
    exclude: tuple[str, ...] = ()

    def excluded(self, docname: str) -> bool:
        """True when coppub.toml keeps ``docname`` out of translation."""
        return any(fnmatch.fnmatchcase(docname, pattern) for pattern in self.exclude)

    def declares_plural(self, code: str) -> bool:
        return code in self.declared_plural

    def ignored_for(self, path: Path) -> set[str]:
        """The check codes coppub.toml switches off for the catalog at ``path``."""
        return _matching(self.relaxed, self.root, path)

    def demoted_for(self, path: Path) -> set[str]:
        """The error codes coppub.toml makes warnings for the catalog at ``path``."""
        return _matching(self.demoted, self.root, path)

    def relaxed_for(self, path: Path) -> set[str]:
        """The codes that do not keep a translation out of the catalog at ``path``'s
        build: those switched off and those made warnings."""
        return self.ignored_for(path) | self.demoted_for(path)

    @functools.cached_property
    def unlocated_syntaxes(self) -> frozenset[str]:
        """How to read a message whose catalog entry does not say which document it is
        from: as reST, and also as Markdown when the project has Markdown (MyST) sources,
        so that such a translation passes only if it is harmless read either way.
        (Found once per Settings: it walks the source tree.)"""
        markdown = self.source_dir.is_dir() and any(
            True for suffix in ("*.md", "*.markdown")
            for _ in self.source_dir.rglob(suffix))
        return frozenset({"rst", "myst"} if markdown else {"rst"})

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def language(self, code: str) -> Language:
        """The registered language ``code``; a readable error names the known ones."""
        check_code(code, self.codes)
        return next(lang for lang in self.languages if lang.code == code)

    def any_language(self, code: str) -> Language:
        """A registered language, or the source language (described by Babel)."""
        if code == self.source_language:
            return make_language(code, {}, 0.0)
        return self.language(code)

    def select(self, codes: Iterable[str] | None) -> list[Language]:
        """The languages named (all when ``codes`` is empty or None), validated.

        No language at all is an error that says where coppub looked: a command that
        measured nothing must never report "100 %".
        """
        codes = list(codes or [])
        if not self.languages:
            raise ConfigError(
                f"no languages: none in {CONFIG_NAME} and no <language>/LC_MESSAGES folder "
                f"in {self.locale_dir}",
                hint="run `coppub init`, declare them under [languages], or pass "
                "--locale-dir")
        if not codes:
            return list(self.languages)
        return [self.language(code) for code in dict.fromkeys(codes)]

    def catalog_dir(self, code: str) -> Path:
        """``<locale_dir>/<code>/LC_MESSAGES`` (locale-dir itself for a flat layout), for
        a registered code only."""
        code = self.language(code).code
        if code == self.flat:
            return self.locale_dir.resolve()
        return _inside(self.locale_dir, code, "LC_MESSAGES")

    def mo_dir(self) -> Path:
        """Where compiled catalogs go: under ``build/``, never beside the ``.po`` files."""
        return self.build_dir / "locale"

    def output_dir(self, code: str) -> Path:
        """``build/<code>``: output and cache of one language (the source language too)."""
        if code != self.source_language:
            self.language(code)
        elif not CODE_RE.match(code):
            raise LanguageError(f"malformed source language {code!r}")
        return _inside(self.build_dir, code)

    def override(self, **paths: Path | None) -> Settings:
        """A copy with the given paths replaced (``None`` keeps the configured one).

        Without coppub.toml the languages are the folders found, so a new locale folder
        brings its own languages.
        """
        given: dict[str, Any] = {k: Path(v).resolve() for k, v in paths.items() if v is not None}
        if "locale_dir" in given:
            folder = given["locale_dir"]
            found = languages_in(folder, self.source_language)
            flat = None if found else flat_language(folder)
            given["flat"] = flat
            if self.discovered:
                given["languages"] = found or (
                    (make_language(flat, {}, 80.0),) if flat else ())
            elif flat and flat not in self.codes:
                raise ConfigError(
                    f"the catalogs in {folder} are in {flat!r} (their Language header), "
                    f"which {CONFIG_NAME} does not declare",
                    hint=f"add {flat} = {{}} under [languages]")
        return dataclasses.replace(self, **given)


def _matching(rules: tuple[tuple[str, tuple[str, ...]], ...], root: Path,
              path: Path) -> set[str]:
    """The codes of the (catalog pattern, codes) rules that match ``path``."""
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.as_posix()
    return {code for pattern, codes in rules
            if pattern == "*" or fnmatch.fnmatch(name, pattern) for code in codes}


def _inside(base: Path, *parts: str) -> Path:
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base.resolve()):
        raise LanguageError(f"{'/'.join(parts)!r} would escape {base}")
    return path


def find_config(start: Path) -> Path | None:
    """The nearest ``coppub.toml`` at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(config: Path | None = None, start: Path | None = None) -> Settings:
    """Read ``coppub.toml`` (given, or found from ``start``/the current directory)."""
    start = (start or Path.cwd()).resolve()
    path = config or find_config(start)
    if path is None:
        return _discovered(start)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file", hint="pass an existing coppub.toml") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}", hint="fix the TOML syntax") from None
    return settings_from_mapping(data, Path(path).resolve().parent, path)


def settings_from_mapping(data: Mapping[str, Any], root: Path, origin: Path | str) -> Settings:
    """Validate a parsed ``coppub.toml`` and build the :class:`Settings`."""
    for table in ("project", "book", "languages", "checks"):
        if not isinstance(data.get(table, {}), Mapping):
            raise ConfigError(f"{origin}: [{table}] must be a table, not {data[table]!r}",
                              hint=f"write it as a [{table}] section with keys under it")
    project = dict(data.get("project", {}))
    for key in ("source-dir", "conf-dir", "locale-dir", "pot-dir", "build-dir"):
        if key in project and not isinstance(project[key], str):
            raise ConfigError(f"{origin}: [project] {key} must be a path in quotes, not "
                              f"{project[key]!r}", hint=f'e.g. {key} = "folder"')
    # keys are written with hyphens (accessibility-evaluator), fields with underscores
    book = {str(k).replace("-", "_"): v for k, v in dict(data.get("book", {})).items()}
    langs = data.get("languages", {})
    if not isinstance(langs, Mapping):
        raise ConfigError(f"{origin}: [languages] must be a table", hint='e.g. [languages] fr = {}')
    unknown_keys = set(project) - {
        "source-dir", "conf-dir", "locale-dir", "pot-dir", "build-dir",
        "source-language", "default-threshold", "exclude", "outdated", "required",
        "page-minimum",
    }
    if unknown_keys:
        raise ConfigError(f"{origin}: unknown [project] keys: {', '.join(sorted(unknown_keys))}")
    threshold = _number(project.get("default-threshold", 80), "[project] default-threshold",
                        origin)
    languages = []
    source_code = str(project.get("source-language", "en"))
    if source_code in langs:
        raise ConfigError(f"{origin}: the source language {source_code!r} is also under "
                          "[languages]", hint=f"remove {source_code} from [languages]: it is "
                          "the language of the sources, not a translation")
    for code, declared in langs.items():
        if not isinstance(declared, Mapping):
            raise ConfigError(f"{origin}: [languages.{code}] must be a table",
                              hint=f"{code} = {{}}")
        try:
            # the project's defaults, unless the language says otherwise
            defaults = {k: project[k] for k in ("outdated", "required", "page-minimum")
                        if k in project}
            declared = {**defaults, **declared}
            languages.append(make_language(code, declared, threshold))
        except LanguageError as exc:
            raise ConfigError(f"{origin}: {exc.message}", hint=exc.hint) from None
    fields = {f.name for f in dataclasses.fields(Book)}
    extra = set(book) - fields
    if extra:
        raise ConfigError(f"{origin}: unknown [book] keys: {', '.join(sorted(extra))}")
    _check_book(book, origin)

    def rel(key: str, default: str) -> Path:
        return (root / str(project.get(key, default))).resolve()

    relaxed = _relaxed(data.get("checks", {}), origin)
    demoted = _relaxed(data.get("checks", {}), origin, "warn")
    exclude = project.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(p, str) and p for p in exclude):
        raise ConfigError(f"{origin}: [project] exclude must be a list of document patterns",
                          hint='e.g. exclude = ["api/*", "changelog"] (names relative to '
                          "source-dir, without .rst)")
    source_language = str(project.get("source-language", "en"))
    if not CODE_RE.match(source_language):
        raise ConfigError(f"{origin}: malformed source-language {source_language!r}")
    return Settings(
        root=root,
        source_dir=rel("source-dir", "source"),
        conf_dir=rel("conf-dir", "."),
        locale_dir=rel("locale-dir", "locales"),
        pot_dir=rel("pot-dir", "locales/templates"),
        build_dir=rel("build-dir", "build"),
        source_language=source_language,
        languages=tuple(languages),
        book=Book(**{k: str(v) for k, v in book.items()}),
        default_threshold=threshold,
        relaxed=relaxed,
        demoted=demoted,
        exclude=tuple(exclude),
        declared_plural=frozenset(code for code, declared in langs.items()
                                  if "plural-forms" in declared),
    )


#: Check codes that changed, so that a coppub.toml written for an earlier version still
#: means what it meant (both became warnings: they protect no reader).
RENAMED = {"E103": "W404", "E402": "W402"}


def _relaxed(table: object, origin: Path | str,
             kind: str = "ignore") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[checks] ignore = [...]`` and ``[checks.per-file-ignores] "glob" = [...]`` (or,
    with ``kind="warn"``, ``warn`` and ``per-file-warn``: errors made warnings)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{origin}: [checks] must be a table")
    unknown = set(table) - {"ignore", "per-file-ignores", "warn", "per-file-warn"}
    if unknown:
        raise ConfigError(f"{origin}: unknown [checks] keys: {', '.join(sorted(unknown))}",
                          hint="use ignore = [...], warn = [...], [checks.per-file-ignores] "
                          "and [checks.per-file-warn]")
    plural = "per-file-ignores" if kind == "ignore" else "per-file-warn"
    pairs: list[tuple[str, object]] = [("*", table.get(kind, []))]
    per_file = table.get(plural, {})
    if not isinstance(per_file, Mapping):
        raise ConfigError(f"{origin}: [checks.{plural}] must be a table")
    pairs += list(per_file.items())
    out = []
    for pattern, codes in pairs:
        if isinstance(codes, list):  # codes of earlier versions name the same checks
            codes = [RENAMED.get(str(c).upper(), c) for c in codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{origin}: [checks] {pattern!r} must be a list of codes",
                              hint='e.g. ignore = ["W404"]')
        wrong = [c for c in codes if c.upper() not in _check_codes()
                 or (kind == "warn" and not c.upper().startswith("E"))]
        if wrong:
            raise ConfigError(f"{origin}: [checks] unknown check code(s) {', '.join(wrong)}",
                              hint="`coppub check --list` lists the codes"
                              + ("; warn takes error codes (E…)" if kind == "warn" else ""))
        if codes:
            out.append((str(pattern), tuple(c.upper() for c in codes)))
    return tuple(out)


@functools.cache
def _check_codes() -> frozenset[str]:
    """Every check's code (the checks, and docutils with them, are loaded only when a
    coppub.toml names codes: `coppub stats` needs neither)."""
    from .checks import REGISTRY

    return frozenset(REGISTRY.checks) | frozenset(REGISTRY.file_checks)


def _number(value: object, what: str, origin: Path | str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{origin}: {what} must be a number, not {value!r}",
                          hint="e.g. 80 (a percentage)")
    return float(value)


#: File names coppub makes from the slug (cop-ehandbook-ar.epub): no path, no markup.
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: An identifier goes into the OPF and NCX: a URN or URL without markup or spaces.
IDENTIFIER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$")


def _check_book(book: Mapping[str, Any], origin: Path | str) -> None:
    """Values of [book] that become file names or identifiers are validated here."""
    for key, value in book.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ConfigError(f"{origin}: [book] {key} must be a string, not {value!r}")
    slug = str(book.get("slug", "book"))
    if not SLUG_RE.match(slug) or ".." in slug:
        raise ConfigError(f"{origin}: [book] slug {slug!r} cannot name a file",
                          hint="use letters, digits, '-', '_' and '.', e.g. slug = \"my-book\"")
    paper = str(book.get("paper", "a4"))
    if not PAPER_RE.fullmatch(paper):
        raise ConfigError(f"{origin}: [book] paper {paper!r} is not a paper size's name",
                          hint='e.g. paper = "a4" (or "us-letter", "a5")')
    identifier = book.get("identifier")
    if identifier and (not IDENTIFIER_RE.match(str(identifier))
                                   or any(c in str(identifier) for c in "<>&\"'\\")):
        raise ConfigError(f"{origin}: [book] identifier {identifier!r} is not a URN or URL",
                          hint='e.g. identifier = "urn:example:my-book" (no spaces, quotes, '
                          "backslashes or angle brackets)")


def languages_in(locale_dir: Path, source: str = "en") -> tuple[Language, ...]:
    """The languages of a locale folder: its ``<code>/LC_MESSAGES`` sub-folders, but the
    source language's."""
    found = []
    for child in sorted(locale_dir.iterdir()) if locale_dir.is_dir() else []:
        if child.name == source:
            continue  # the source language's own folder (Sphinx's strings): no translation
        if child.is_dir() and CODE_RE.match(child.name) and (child / "LC_MESSAGES").is_dir():
            with contextlib.suppress(LanguageError):  # a code coppub cannot describe
                found.append(make_language(child.name, {}, 80.0))
    return tuple(found)


def flat_language(folder: Path, sample: int = 25) -> str | None:
    """The language of a folder of catalogs without ``<lang>/LC_MESSAGES`` (the layout
    of python-docs-fr: one repository per language), from their ``Language`` headers.

    None when the folder holds no catalog; an error when none says its language.
    """
    if not folder.is_dir():
        return None
    paths = []
    for path in sorted(folder.rglob("*.po")):
        if ".git" not in path.parts:
            paths.append(path)
        if len(paths) >= sample:
            break
    if not paths:
        return None
    seen: collections.Counter[str] = collections.Counter()
    for path in paths:
        with contextlib.suppress(OSError):
            head = path.read_bytes()[:4000].decode("utf-8", "replace")
            match = re.search(r'^"Language:\s*([^\\"]+?)\s*\\n"', head, re.M)
            if match and CODE_RE.match(match.group(1)):
                seen[match.group(1).replace("-", "_")] += 1
    if not seen:
        raise ConfigError(
            f"{folder} holds catalogs but no <language>/LC_MESSAGES folder, and none of "
            f"{len(paths)} catalogs read says its language (a Language header)",
            hint="set the Language header, or arrange the catalogs as "
            "<locale-dir>/<lang>/LC_MESSAGES")
    return seen.most_common(1)[0][0]


def _discovered(start: Path) -> Settings:
    """Settings for a project without coppub.toml: what is found on disk.

    conf.py's ``locale_dirs`` when there is a conf.py (read as Sphinx reads it), else a
    ``locales`` or ``locale`` folder; the languages are the folders found there.
    """
    from .init import conf_locale_dir

    source = start / "source" if (start / "source").is_dir() else start
    conf_dir = source if (source / "conf.py").exists() else start
    locale_dir = conf_locale_dir(start) or next(
        (start / name for name in ("locales", "locale") if (start / name).is_dir()),
        start if any(start.glob("*.po")) else start / "locales")  # flat: python-docs-fr
    languages = languages_in(locale_dir)
    flat = None if languages else flat_language(locale_dir)
    return Settings(
        root=start,
        source_dir=source,
        conf_dir=conf_dir,
        locale_dir=locale_dir,
        pot_dir=start / "build" / "gettext",
        build_dir=start / "build",
        languages=languages or ((make_language(flat, {}, 80.0),) if flat else ()),
        flat=flat,
        discovered=True,
    )
