"""The command line: the only place that parses arguments, prints and picks exit codes."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import locale
import logging
import os
import signal
import sys
import traceback
import typing
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ConfigError, CoppubError

# Each command imports what it uses: every command starts sooner than if all of them
# imported everything (`coppub stats` does not load Jinja2, nor the publishing code).
if typing.TYPE_CHECKING:
    from .build import Outcome
    from .config import Settings
    from .publish import Report

EXIT_OK, EXIT_FAILED = 0, 1  # 2, bad usage or configuration, is carried by the errors

DESCRIPTION = """\
Publish a multilingual Sphinx book from gettext catalogs.

Data flows one way: sources -> templates (extract) -> catalogs (update) ->
compiled catalogs and per-language builds (build). Settings come from coppub.toml
at the project's root; path flags override them.
"""


def _paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pot-dir", type=Path, help="templates folder (overrides coppub.toml)")
    parser.add_argument("--locale-dir", type=Path,
                        help="catalogs folder holding <lang>/LC_MESSAGES (overrides coppub.toml)")


def _langs(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-l", "--language", dest="languages", action="append", metavar="LANG",
                        help=f"{what} (repeatable; default: every registered language)")


def make_parser() -> argparse.ArgumentParser:
    from .editions import names as edition_names

    parser = argparse.ArgumentParser(
        prog="coppub", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coppub {__version__}")
    parser.add_argument("--config", type=Path, help="coppub.toml to use (default: nearest one)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print more detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="write a coppub.toml for an existing Sphinx project",
                       description="Read the project's conf.py (locale_dirs, gettext_compact, "
                       "language, project) and the catalogs already there, and write a "
                       "commented coppub.toml beside it. Nothing else is changed.")
    p.add_argument("--force", action="store_true", help="replace an existing coppub.toml")
    p.add_argument("--dry-run", action="store_true", help="print the file, write nothing")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("languages", help="list the language registry",
                       description="List the registered languages. With --publishable, "
                       "only those that pass their threshold (with the source language): "
                       "`--format json` gives a list a CI matrix can build one runner per "
                       "language from.")
    p.add_argument("--publishable", action="store_true",
                   help="only the languages a build of all languages would publish")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_languages)

    p = sub.add_parser("extract", help="sources -> one template per chapter, plus book metadata",
                       description="Extract every translatable string into one template per "
                       "chapter (and _book.pot for the title, subtitle and description). "
                       "Unchanged sources leave the templates byte-identical.")
    p.add_argument("--pot-dir", type=Path, help="templates folder (overrides coppub.toml)")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("update", help="create and merge catalogs from the templates",
                       description="Create missing catalogs and merge changed templates into "
                       "existing ones. Changed messages become fuzzy with their previous "
                       "msgid (#|); removed ones become obsolete (#~). A second run changes "
                       "no byte. Exit status 1 if a catalog could not be processed, or with "
                       "--check if any catalog is out of date.")
    _langs(p, "language to update")
    _paths(p)
    p.add_argument("--purge-obsolete", action="store_true",
                   help="drop obsolete (#~) entries instead of keeping them")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 and list the catalogs that are out of date")
    p.add_argument("--no-memory", action="store_true",
                   help="do not suggest translations from other catalogs (translation memory)")
    p.add_argument("--compendium", type=Path, metavar="FILE",
                   help="a .po file of translations to suggest from, besides the catalogs")
    p.add_argument("--exact-memory-translated", action="store_true",
                   help="take exact matches from the memory as translated, not fuzzy")
    p.set_defaults(run=cmd_update)

    p = sub.add_parser(
        "relayout", help="move catalogs to the layout conf.py's gettext_compact gives now",
        description="For a project whose catalogs are in another layout than the one "
        "conf.py's gettext_compact gives (one catalog per document, per top-level folder, "
        "or one for all): extract the templates, fill each new catalog from the old ones "
        "message by message (translations stay translated, fuzzy drafts stay fuzzy, "
        "comments follow), remove an old catalog only when all its work has moved, then "
        "update. Nothing is written with --dry-run.")
    _langs(p, "language to move")
    _paths(p)
    p.add_argument("--dry-run", action="store_true", help="say what would move; write nothing")
    p.set_defaults(run=cmd_relayout)

    p = sub.add_parser("compile", help="compile catalogs into build/locale (not into locales/)")
    _langs(p, "language to compile")
    _paths(p)
    p.add_argument("--use-fuzzy", action="store_true", help="include fuzzy translations")
    p.set_defaults(run=cmd_compile)

    p = sub.add_parser(
        "stats", help="translation completeness per language or chapter",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Translation completeness, in messages (or source words with --words).\n\n"
        + STATS_DEFINITIONS)
    _langs(p, "language to report")
    _paths(p)
    p.add_argument("--by", choices=["language", "chapter"], default="language",
                   help="one row per language (default) or per chapter")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table")
    p.add_argument("--words", action="store_true", help="count source words, not messages")
    p.add_argument("--fail-under", type=float, metavar="PCT",
                   help="exit 1 naming the languages below PCT %% translated")
    _catalogs_only(p)
    p.add_argument("--checked", action="store_true",
                   help="also run the error-level checks: translations the build would leave "
                   "out count as rejected, not translated (what the publishing gate counts)")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("todo", help="what is left for one language, nearest to done first")
    p.add_argument("-l", "--language", required=True, metavar="LANG")
    _catalogs_only(p)
    p.add_argument("--outdated", action="store_true",
                   help="list each fuzzy (outdated) message with its file and line and what "
                   "changed in its source since it was translated, as [-removed-]{+added+}")
    _paths(p)
    p.set_defaults(run=cmd_todo)

    p = sub.add_parser(
        "check", help="check translations: reST markup, links, plurals, safety",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check every translated message against its source. Codes starting "
        "with E are errors (the build leaves such a translation out and shows the source "
        "text); W are warnings. Exit status 1 when an error is found.\n\n"
        "To silence a check on one entry, add a translator comment to it:\n"
        "    # coppub: ignore W501 W502\n"
        "`coppub check --list` describes every check.")
    _langs(p, "language to check")
    _paths(p)
    p.add_argument("--select", default="", metavar="CODES",
                   help="only these codes or prefixes, comma-separated (E3,W501)")
    p.add_argument("--ignore", default="", metavar="CODES",
                   help="skip these codes or prefixes, comma-separated")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--list", action="store_true", help="describe every check and exit")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("badges", help="write an SVG badge per language (fr.svg: 'fr | 100 %%')")
    _langs(p, "language")
    _paths(p)
    _catalogs_only(p)
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="folder for the badges (default: <build-dir>/badges)")
    p.set_defaults(run=cmd_badges)

    p = sub.add_parser("dashboard", help="write the translation dashboard (static HTML)")
    _paths(p)
    _catalogs_only(p)
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="file to write (default: <build-dir>/site/dashboard.html)")
    p.set_defaults(run=cmd_dashboard)

    p = sub.add_parser("build", help="build HTML and/or EPUB editions",
                       description="Build the book and publish it into build/site: each "
                       "language's HTML under build/site/<lang>/, EPUBs under "
                       "build/site/downloads/, plus the landing, downloads and dashboard "
                       "pages. Without -l, builds the source language. A language is "
                       "published only when all its formats built; a failure keeps its "
                       "previous edition.")
    p.add_argument("format", nargs="?", default="html", choices=[*edition_names(), "all"],
                   help="the edition to build, or all of them (default: html)")
    p.add_argument("-l", "--language", dest="languages", action="append", metavar="LANG",
                   help="language to build (repeatable; default: the source language)")
    p.add_argument("--all-languages", action="store_true",
                   help="the source language and every registered one")
    p.add_argument("--use-fuzzy", action="store_true", help="publish fuzzy translations too")
    p.add_argument("--fresh", action="store_true", help="ignore the cache, rebuild everything")
    p.add_argument("-W", "--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--force", action="store_true",
                   help="build languages below their publishing threshold too")
    p.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                   help="languages built at once (default: one per core)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser(
        "plan", help="per language: publishable or held back, and its inputs' fingerprint",
        description="Apply the publishing gate to every language and print, per language, "
        "whether it is published (or why not) and the fingerprint of its inputs, plus the "
        "published set: what a CI matrix builds (one `coppub pack` per language of "
        "\"matrix\") and what its cache keys on. See README, \"Building on a CI matrix\".")
    p.add_argument("-l", "--language", dest="languages", action="append", metavar="LANG",
                   help="only this language's line (repeatable; the gate still sees all)")
    p.add_argument("--use-fuzzy", action="store_true", help="as `coppub pack --use-fuzzy`")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_plan)

    p = sub.add_parser(
        "pack", help="build one language's editions into one artifact for `coppub assemble`",
        description="Build every edition of one language (its switchers list the published "
        "set given, not what this machine has) and pack them, with a manifest (checksums, "
        "versions, source digests, published set, figures), into DIR/coppub-LANG.zip. An "
        "artifact already there with the same fingerprint is kept, not built again.")
    p.add_argument("-l", "--language", required=True, metavar="LANG")
    p.add_argument("--published", metavar="CODES", default=None,
                   help="the published set, comma-separated (en,fr,ar), as `coppub plan` "
                   "prints it")
    p.add_argument("--plan", type=Path, metavar="FILE", default=None,
                   help="read the published set from `coppub plan --format json` output")
    p.add_argument("-o", "--output", type=Path, default=Path("artifacts"), metavar="DIR",
                   help="folder for the artifact (default: artifacts)")
    p.add_argument("--use-fuzzy", action="store_true", help="publish fuzzy translations too")
    p.add_argument("--fresh", action="store_true", help="ignore every cache, build again")
    p.add_argument("-W", "--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(run=cmd_pack)

    p = sub.add_parser(
        "assemble", help="publish artifacts from `coppub pack` into the site",
        description="Check the artifacts (checksums; one source revision, coppub version "
        "and published set, the same as this checkout's) and refuse them all, touching "
        "nothing, if one does not belong; then publish each language atomically and write "
        "the landing, downloads and dashboard pages. A language of the published set "
        "without an artifact keeps the edition the site has.")
    p.add_argument("artifacts", nargs="+", type=Path, metavar="ARTIFACT")
    p.set_defaults(run=cmd_assemble)
    return parser


STATS_DEFINITIONS = """\
A message is translated when it is not fuzzy and every plural form of its msgstr is
non-empty; fuzzy when flagged fuzzy and it has a translation; otherwise untranslated.
The header and obsolete entries never count. Figures are measured against the current
templates: a template message missing from a catalog is untranslated, a catalog entry
that is not in its template does not count, a catalog without a template is stale.
Words are source (msgid) words: runs of letters and digits (joined by - or '); markup
(role names, link targets, URLs, footnote references) and punctuation are not words.
With --checked, a translation that fails an error-level check (the build leaves it out
and shows the source text) is counted as rejected, not translated.
A language is publishable when its share of translated words, checked, reaches its
threshold: the gate of `coppub build` runs the checks.
"""


def _catalogs_only(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalogs-only", action="store_true",
                   help="measure the catalogs alone (for projects that ship no templates, "
                   "such as python-docs-fr)")


def _settings(args: argparse.Namespace) -> Settings:
    from .config import load_settings

    settings = load_settings(args.config)
    return settings.override(pot_dir=getattr(args, "pot_dir", None),
                             locale_dir=getattr(args, "locale_dir", None))


def _codes(value: str, option: str) -> list[str]:
    """Check codes or prefixes (E3, w501), upper-cased; unknown ones are an error."""
    from .checks import REGISTRY

    every = set(REGISTRY.checks) | set(REGISTRY.file_checks)
    codes = [c.strip().upper() for c in value.replace(" ", ",").split(",") if c.strip()]
    unknown = [c for c in codes if not any(known.startswith(c) for known in every)]
    if unknown:
        raise ConfigError(f"{option}: no check code starts with {', '.join(unknown)}",
                          hint="`coppub check --list` lists the codes (E001, W501…)")
    return codes


def _jobs(value: str) -> int:
    """-j N: a whole number, 0 (one per core) or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of jobs (0 or more)")
    return number


#: -q: summaries and progress are not printed, only errors, warnings and asked-for output.
_QUIET = False


def _summary(*values: object, **kwargs: typing.Any) -> None:
    """Print a summary or progress line, unless -q."""
    if not _QUIET:
        print(*values, **kwargs)


def _show_error(error: CoppubError) -> None:
    print(f"{error.category}: {error}", file=sys.stderr)
    if error.hint:
        print(f"  what to do: {error.hint}", file=sys.stderr)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cmd_init(args: argparse.Namespace) -> int:
    from .init import inspect, write

    root = Path.cwd()
    found = inspect(root)
    if args.dry_run:
        print(found.text, end="")
        return EXIT_OK
    target = write(root, found, force=args.force)
    _summary(f"wrote {_rel(target)}: {len(found.languages) + len(found.unknown)} language(s) "
          f"from {_rel(found.locale_dir)}, templates "
          f"{_rel(found.pot_dir) if found.pot_dir else 'not found (run coppub extract)'}")
    for code in found.unknown:
        print(f"note: Babel does not know {code!r}: give its name and direction in "
              f"{target.name} (marked TODO)", file=sys.stderr)
    if found.source_folder:
        print(f"note: {_rel(found.locale_dir / found.source_folder)} is the source language's "
              "own folder: not registered as a translation", file=sys.stderr)
    if not found.has_extension:
        print(f'next: add "coppub.sphinxext" to extensions in {_rel(found.conf_dir)}/conf.py',
              file=sys.stderr)
    from .sphinxext.themes import MIRRORED  # imports Sphinx: only when needed

    if found.theme not in ("coppub", *MIRRORED):
        print(f"note: the {found.theme} theme gets lang, dir and coppub's language switcher, "
              "but coppub has no right-to-left styles for it: check that a right-to-left "
              'edition is mirrored (see README, "Adopting coppub")', file=sys.stderr)
    return EXIT_OK


def cmd_languages(args: argparse.Namespace) -> int:
    from . import report
    from .build import plan

    settings = _settings(args)
    languages = settings.select(None)  # none at all is an error that says where it looked
    if args.publishable:
        gate = plan(settings, [settings.source_language, *settings.codes])
        languages = [settings.any_language(c) for c in gate.build]
    if args.format == "json":
        print(json.dumps([{"code": lang.code, "name": lang.name, "tag": lang.bcp47,
                           "direction": lang.direction, "threshold": lang.threshold,
                           "plural_forms": lang.plural_forms}
                          for lang in languages], ensure_ascii=False))
        return EXIT_OK
    rows = [("code", "name", "english", "dir", "threshold", "plural forms")]
    rows += [(lang.code, lang.name, lang.english_name, lang.direction,
              f"{lang.threshold:g} %", lang.plural_forms) for lang in languages]
    print("\n".join(report.aligned(rows)))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from .config import CONFIG_NAME
    from .extract import extract

    settings = _settings(args)
    result = extract(settings)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path in result.written:
        logging.info("wrote %s", _rel(path))
    for path in result.removed:
        logging.info("removed %s (its document is gone)", _rel(path))
    for path in result.foreign:
        print(f"note: {_rel(path)} gets no message from any document, but coppub did not "
              "write it, so it is left alone (remove it if it is no longer used)",
              file=sys.stderr)
    if result.excluded:
        logging.info("%d message(s) of documents excluded in %s left out", result.excluded,
                     CONFIG_NAME)
    _summary(f"templates: {len(result.written)} written, {len(result.unchanged)} unchanged, "
          f"{len(result.removed)} removed, in {_rel(settings.pot_dir)}")
    return EXIT_OK


def cmd_relayout(args: argparse.Namespace) -> int:
    import tempfile

    from .extract import extract
    from .relayout import relayout

    settings = _settings(args)
    with tempfile.TemporaryDirectory(prefix="coppub-relayout-") as tmp:
        if args.dry_run:  # the templates the layout would have, in a scratch folder
            print("dry run: nothing is written")
            settings = dataclasses.replace(settings, pot_dir=Path(tmp))
            extract(settings)
        else:
            cmd_extract(args)
        result = relayout(settings, args.languages, dry_run=args.dry_run)
    for error in result.errors:
        _show_error(error)
    for moved in result.languages:
        for path in moved.created:
            logging.info("%s %s", "would create" if args.dry_run else "created", _rel(path))
        for path in moved.removed:
            logging.info("%s %s (all its work moved)",
                         "would remove" if args.dry_run else "removed", _rel(path))
        for path, count in moved.kept.items():
            print(f"note: kept {_rel(path)}: {count} of its translations match no message "
                  "of the templates (they stay there; `coppub update` can suggest them)",
                  file=sys.stderr)
        _summary(f"{moved.code}: {len(moved.created)} catalog(s) filled, {moved.translated} "
              f"translations and {moved.fuzzy} fuzzy drafts carried over, "
              f"{len(moved.removed)} old catalog(s) removed, {len(moved.kept)} kept")
    if result.errors or args.dry_run:
        return EXIT_FAILED if result.errors else EXIT_OK
    args.purge_obsolete = args.check = args.no_memory = args.exact_memory_translated = False
    args.compendium = None
    return cmd_update(args)


def cmd_update(args: argparse.Namespace) -> int:
    from .catalogs import update

    settings = _settings(args)
    result = update(settings, args.languages, purge_obsolete=args.purge_obsolete,
                    check=args.check, use_memory=not args.no_memory,
                    compendium=args.compendium,
                    exact_memory_translated=args.exact_memory_translated)
    for error in result.errors:
        _show_error(error)
    for path in result.without_template:
        print(f"note: {_rel(path)} has no template (kept as it is)", file=sys.stderr)
    c = result.counts
    if args.check:
        for path in result.out_of_date:
            print(f"out of date: {_rel(path)}")
        if result.out_of_date:
            print(f"{len(result.out_of_date)} catalog(s) out of date: run `coppub update`")
        if result.errors:
            print(f"{len(result.errors)} catalog(s) could not be checked (see above)")
        if not result.out_of_date and not result.errors:
            _summary("catalogs are up to date")
        return EXIT_FAILED if result.out_of_date or result.errors else EXIT_OK
    for path in result.created:
        logging.info("created %s", _rel(path))
    for path in result.updated:
        logging.info("updated %s", _rel(path))
    _summary(f"catalogs: {len(result.created)} created, {len(result.updated)} updated, "
          f"{len(result.unchanged)} unchanged, {len(result.errors)} failed; messages: "
          f"{c.new} new, {c.fuzzy} changed (fuzzy), {c.memory} filled from memory, "
          f"{c.obsolete} made obsolete")
    return EXIT_FAILED if result.errors else EXIT_OK


def cmd_compile(args: argparse.Namespace) -> int:
    from .compile import compile_language

    settings = _settings(args)
    failed = 0
    for language in settings.select(args.languages):
        result = compile_language(settings, language.code, use_fuzzy=args.use_fuzzy)
        for error in result.errors:
            _show_error(error)
        for p in result.rejected:
            print(f"warning: {_rel(p.path)}:{p.line}: {p.code} {p.message}; left out, the "
                  f"source text is used (what to do: {p.hint})", file=sys.stderr)
        failed += len(result.errors)
        _summary(f"{language.code}: {len(result.changed)} compiled, {len(result.unchanged)} "
              f"unchanged, {len(result.errors)} failed, {result.left_out} "
              "translation(s) left out by checks")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from . import report
    from .stats import collect

    settings = _settings(args)
    languages, errors = collect(settings, args.languages, catalogs_only=args.catalogs_only,
                                checked=args.checked)
    every_error = errors + [e for lang in languages for e in lang.errors]
    if args.format == "json":
        print(report.json_text(languages, every_error, args.catalogs_only, args.checked),
              end="")
    else:
        render = {"table": report.table, "csv": report.csv_text,
                  "markdown": report.markdown}[args.format]
        print(render(languages, args.by, args.words), end="")
    if args.format != "json":
        for error in every_error:
            _show_error(error)
    status = EXIT_FAILED if every_error else EXIT_OK
    if args.fail_under is not None:
        below = [lang for lang in languages
                 if lang.figures.percent(words=args.words) < args.fail_under]
        if below:
            unit = "words" if args.words else "messages"
            print("below {:g} % ({}): {}".format(args.fail_under, unit, ", ".join(
                f"{lang.language.code} ({lang.figures.percent(words=args.words):.1f} %)"
                for lang in below)), file=sys.stderr)
            status = EXIT_FAILED
    return status


def cmd_todo(args: argparse.Namespace) -> int:
    from . import report
    from .stats import collect, todo

    settings = _settings(args)
    [lang], errors = collect(settings, [args.language], catalogs_only=args.catalogs_only)
    for error in errors + lang.errors:
        _show_error(error)
    f = lang.figures
    left_words = f.fuzzy_words + f.untranslated_words
    print(f"{lang.language.code} ({lang.language.name}): {f.percent(words=True):.1f} % of "
          f"{f.total_words} words translated, threshold {lang.language.threshold:g} %; "
          f"left: {f.untranslated} untranslated and {f.fuzzy} fuzzy messages, "
          f"{left_words} words")
    if args.outdated:
        _print_outdated(settings, lang.language.code)
        return EXIT_FAILED if errors or lang.errors else EXIT_OK
    chapters = list(todo(lang))
    if not chapters:
        print("nothing left to translate")
        return EXIT_FAILED if errors or lang.errors else EXIT_OK
    rows = [("chapter", "done", "untranslated", "fuzzy", "words left", "file")]
    for c in chapters:
        g = c.figures
        rows.append((c.domain, f"{g.percent(words=True):.0f} %", str(g.untranslated),
                     str(g.fuzzy), str(g.fuzzy_words + g.untranslated_words), _rel(c.path)))
    print("\n".join(report.aligned(rows, [False, True, True, True, True, False])))
    return EXIT_FAILED if errors or lang.errors else EXIT_OK


def _print_outdated(settings: Settings, code: str) -> None:
    """``todo --outdated``: every fuzzy message and what changed in its source."""
    from .model import catalogs_in
    from .outdated import outdated_messages
    from .textdiff import as_text

    for path in catalogs_in(settings.catalog_dir(code)).values():
        for message in outdated_messages(path):
            print(f"{_rel(path)}:{message.line}:")
            if message.changes:
                print("  changed: " + as_text(list(message.changes)))
            else:
                print("  source:  " + message.source)
            print("  draft:   " + message.draft)


def cmd_check(args: argparse.Namespace) -> int:
    from .catalogs import effective_language
    from .checks import REGISTRY
    from .checks.runner import check_catalogs, enabled_codes

    if args.list:
        for code, (summary, hint) in sorted(REGISTRY.file_checks.items()):
            print(f"{code}  error    {summary}\n        what to do: {hint}\n")
        for code, item in sorted(REGISTRY.checks.items()):
            examples = "\n".join(f"        {line}" for line in item.examples.splitlines())
            print(f"{code}  {item.level:<7}  {item.summary}\n        what to do: {item.hint}"
                  f"\n{examples}\n")
        return EXIT_OK
    settings = _settings(args)
    split = _codes(args.select, "--select")
    skip = _codes(args.ignore, "--ignore")
    enabled = enabled_codes(split, skip)
    jobs = []
    conflicts = []
    for language in settings.select(args.languages):
        try:
            language = effective_language(settings, language,
                                          settings.declares_plural(language.code))
        except CoppubError as exc:
            conflicts.append(exc)
            _show_error(exc)
        folder = settings.catalog_dir(language.code)
        jobs += [(p, language) for p in sorted(folder.rglob("*.po"))] if folder.is_dir() else []
    _report_relaxed(settings)
    problems = check_catalogs(jobs, enabled, settings.ignored_for,
                              settings.unlocated_syntaxes, settings.demoted_for)
    errors = sum(p.level == "error" for p in problems) + len(conflicts)
    if args.format == "json":
        print(json.dumps({"schema": "coppub-check/1", "catalogs": len(jobs), "problems": [
            {"file": str(p.path), "line": p.line, "code": p.code, "level": p.level,
             "message": p.message, "hint": p.hint} for p in problems]},
            ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(f"{_rel(p.path)}:{p.line}: {p.code} {p.message} (what to do: {p.hint})")
        _summary(f"{errors} error(s), {len(problems) - errors} warning(s) in {len(jobs)} "
              "catalog(s)", file=sys.stderr)
    return EXIT_FAILED if errors else EXIT_OK


def cmd_badges(args: argparse.Namespace) -> int:
    from . import report
    from .pofiles import write_atomic
    from .stats import collect

    settings = _settings(args)
    output = args.output or settings.build_dir / "badges"
    languages, errors = collect(settings, args.languages, catalogs_only=args.catalogs_only)
    errors = errors + [e for lang in languages for e in lang.errors]
    for lang in languages:
        path = output / f"{lang.language.code}.svg"
        write_atomic(path, report.badge(lang.language.code, lang.percent,
                                        lang.language.threshold).encode())
        _summary(f"{_rel(path)}: {lang.percent:.0f} %")
    for error in errors:
        _show_error(error)
    return EXIT_FAILED if errors else EXIT_OK


def cmd_dashboard(args: argparse.Namespace) -> int:
    from . import dashboard
    from .pofiles import write_atomic
    from .site import site_dir
    from .stats import collect

    settings = _settings(args)
    output = args.output or site_dir(settings) / "dashboard.html"
    languages, errors = collect(settings, catalogs_only=args.catalogs_only)
    errors = errors + [e for lang in languages for e in lang.errors]
    write_atomic(output, dashboard.render(settings, languages).encode())
    _summary(f"dashboard: {_rel(output)}")
    for error in errors:
        _show_error(error)
    return EXIT_FAILED if errors else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .editions import names as edition_names
    from .publish import Request, publish_site

    settings = _settings(args)
    _report_relaxed(settings)
    request = Request(
        languages=tuple(args.languages or ()), all_languages=args.all_languages,
        formats=edition_names() if args.format == "all" else (args.format,), jobs=args.jobs,
        force=args.force, use_fuzzy=args.use_fuzzy, fresh=args.fresh, strict=args.strict)

    def gate(report: Report) -> None:
        for path in report.recovered:
            logging.info("removed %s, left by an interrupted build", _rel(path))
        for code, reason in report.held_back.items():
            print(f"{code}: held back: {reason} (--force builds it anyway)", file=sys.stderr)
        for errors in report.unreadable.values():
            for error in errors:
                _show_error(error)

    def progress(outcome: Outcome, done: int, total: int) -> None:
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        state = ("failed: " + outcome.error if outcome.error else
                 ", ".join([*(f"{f} built" for f in outcome.built),
                            *(f"{f} up to date" for f in outcome.up_to_date)]))
        if outcome.left_out:
            state += (f"; {outcome.left_out} translation(s) left out, shown in the source "
                      "language (listed above; `coppub check` shows them too)")
        (print if outcome.error else _summary)(f"[{done}/{total}] {outcome.code}: {state}",
                                               file=sys.stderr)

    _note_sitemap(settings)
    report = publish_site(settings, request, on_gate=gate, progress=progress)
    _summary(f"published: {', '.join(report.published) or 'none'}"
          f"; held back: {', '.join(report.held_back) or 'none'}"
          f"; failed: {', '.join(o.code for o in report.failed) or 'none'}"
          f" — site in {_rel(report.site)}")
    for outcome in report.failed:
        print(f"{outcome.code}: {outcome.error}; its previous edition stays published",
              file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from .artifacts import make_plan

    settings = _settings(args)
    found = make_plan(settings, use_fuzzy=args.use_fuzzy, codes=args.languages)
    _note_sitemap(settings)
    if args.format == "json":
        print(json.dumps(found.as_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    for lang in found.languages:
        state = f"publish  {lang.fingerprint}" if lang.publishable else lang.reason
        print(f"{lang.code:<8}{state}")
    _summary(f"published set: {','.join(found.published)}")
    return EXIT_OK


def _note_sitemap(settings: Settings) -> None:
    """Say (once, as a note: never a failure) why the site gets no sitemap."""
    from .sitemap import base_url

    if not base_url(settings):
        print(f"note: no sitemap.xml: it needs the site's address, html_baseurl in "
              f"{_rel(settings.conf_dir / 'conf.py')}", file=sys.stderr)


def _published_set(args: argparse.Namespace) -> list[str]:
    if (args.published is None) == (args.plan is None):
        raise ConfigError("give the published set: --published CODES or --plan FILE",
                          hint="`coppub plan --format json > plan.json`, then --plan plan.json")
    if args.published is not None:
        return [c.strip() for c in args.published.split(",") if c.strip()]
    try:
        data = json.loads(args.plan.read_text(encoding="utf-8"))
        codes = data["published"]
    except (ValueError, KeyError, TypeError):
        raise ConfigError(f"{args.plan} is not the JSON `coppub plan --format json` prints",
                          hint="write it again with `coppub plan --format json`") from None
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ConfigError(f"{args.plan}: \"published\" is not a list of language codes")
    return codes


def _planned_date(args: argparse.Namespace, settings: Settings) -> int | None:
    """The date the plan gives the language's edition (None: none given)."""
    if args.plan is None:
        return None
    code = settings.any_language(args.language).code
    data = json.loads(args.plan.read_text(encoding="utf-8"))  # read by _published_set
    for lang in data.get("languages", []) if isinstance(data, dict) else []:
        if isinstance(lang, dict) and lang.get("code") == code:
            date = lang.get("source_date_epoch")
            return date if isinstance(date, int) and not isinstance(date, bool) else None
    return None


def cmd_pack(args: argparse.Namespace) -> int:
    from .artifacts import pack

    settings = _settings(args)
    _report_relaxed(settings)
    packed = pack(settings, args.language, _published_set(args), args.output,
                  use_fuzzy=args.use_fuzzy, fresh=args.fresh, strict=args.strict,
                  date=_planned_date(args, settings))
    for warning in packed.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    state = "packed" if packed.built else "up to date (same fingerprint), kept"
    _summary(f"{packed.code}: {state}: {_rel(packed.path)}")
    return EXIT_OK


def cmd_assemble(args: argparse.Namespace) -> int:
    from .artifacts import assemble

    settings = _settings(args)
    done = assemble(settings, args.artifacts)
    for path in done.recovered:
        logging.info("removed %s, left by an interrupted build", _rel(path))
    for code in done.kept:
        print(f"{code}: no artifact; its previous edition stays published", file=sys.stderr)
    for code in done.missing:
        print(f"{code}: no artifact and no previous edition: the other editions' "
              "switchers name it, but the site does not have it", file=sys.stderr)
    _summary(f"published: {', '.join(done.published) or 'none'}"
             f"; kept: {', '.join(done.kept) or 'none'}"
             f"; withdrawn: {', '.join(done.withdrawn) or 'none'}"
             f" — site in {_rel(done.site)}")
    return EXIT_FAILED if done.missing else EXIT_OK


def _report_relaxed(settings: Settings) -> None:
    """Say which checks coppub.toml relaxes: a relaxation is never silent."""
    for pattern, codes in settings.relaxed:
        where = "every catalog" if pattern == "*" else pattern
        print(f"note: coppub.toml relaxes {', '.join(codes)} for {where}", file=sys.stderr)
    for pattern, codes in settings.demoted:
        where = "every catalog" if pattern == "*" else pattern
        print(f"note: coppub.toml makes {', '.join(codes)} warnings for {where} (such "
              "translations are published)", file=sys.stderr)


def _safe_locale() -> None:
    """``LANG=fr`` in the environment is a POSIX locale, not the book's language.

    An invalid locale must not crash anything we run: fall back to C.UTF-8.
    """
    try:
        locale.setlocale(locale.LC_ALL, "")
    except locale.Error:
        for name in ("LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANG", "LANGUAGE"):
            os.environ.pop(name, None)
        os.environ["LANG"] = "C.UTF-8"
        try:
            locale.setlocale(locale.LC_ALL, "C.UTF-8")
        except locale.Error:
            locale.setlocale(locale.LC_ALL, "C")


def main(argv: Sequence[str] | None = None) -> int:
    """Run coppub with ``argv``; return the exit status (tests call this directly)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    _safe_locale()
    global _QUIET
    _QUIET = bool(args.quiet)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    logging.getLogger("sphinx").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    try:  # kill (SIGTERM) stops as Ctrl-C does; only the main thread may set it
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:
        previous = signal.getsignal(signal.SIGTERM)
    try:
        status: int = args.run(args)
        return status
    except CoppubError as error:
        _show_error(error)
        return error.exit_status
    except KeyboardInterrupt:
        print("interrupted: nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `coppub languages | head`: the reader has what it wanted
        raise
    except OSError as exc:  # a file or folder the system refused: say which, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        print("  what to do: check that the path exists, is a regular file or folder you "
              "may write, and that the disk is not full", file=sys.stderr)
        return EXIT_FAILED
    except Exception:  # noqa: BLE001 - the last resort: a bug in coppub, not the user's
        print("internal error: coppub failed unexpectedly; please report it with the "
              "output of the same command run with -v", file=sys.stderr)
        if args.verbose:
            traceback.print_exc()
        return EXIT_FAILED
    finally:
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def console_main() -> None:
    try:
        status = main()
    except KeyboardInterrupt:  # Ctrl-C just after main() returned: the work is done
        status = 130
    except BrokenPipeError:  # `coppub check --list | head`
        # Python would complain again when it flushes stdout at exit: point it nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_OK
    # The command is over: a Ctrl-C or kill while the interpreter shuts its worker pools
    # down must not turn a finished command into a death by signal (status -2).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if status == 130:
        # Interrupted: everything is cleaned up already. Python's exit handlers would now
        # try to wake worker pools whose pipes the interruption closed, and print a
        # traceback ("Bad file descriptor") after coppub's own message: skip them.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(130)
    sys.exit(status)
