"""Per-language builds, in parallel, published atomically into the site.

Each language builds in its own folders: ``build/<lang>/doctrees`` (the parse cache its
editions share) and one per edition (:mod:`coppub.editions`: ``build/<lang>/html``,
``build/<lang>/epub``). A language whose inputs did not change since its last successful
build is not even handed to Sphinx. A language is published into ``build/site`` only
when all its formats built; a failure leaves its previously published edition in place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import logging
import os
import select
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, clock
from .compile import shared
from .config import Settings
from .editions import edition, names
from .errors import CoppubError
from .parallel import worker_pool
from .sphinxrun import SphinxResult, copy_doctrees, counted, idle_core, run_sphinx, started
from .stats import LanguageStats, collect
from .status import below_gate

log = logging.getLogger(__name__)

#: The editions, by name (html, epub): what ``coppub build`` can make.
FORMATS = names()


@dataclass(frozen=True)
class BuildResult:
    """One language and format: where it went and what Sphinx warned about."""

    code: str
    fmt: str
    outdir: Path
    warnings: list[str]
    chrome_urls: tuple[str, ...] = ()
    #: Translations a check left out (the pages show the source text there).
    left_out: int = 0


@dataclass
class Outcome:
    """What happened to one language in a multi-language build."""

    code: str
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    #: Translations a check left out of this build (each one is also among the warnings).
    left_out: int = 0

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Options:
    """How to build: formats, fuzzy translations, cache, strictness, published set."""

    formats: tuple[str, ...] = ("html",)
    #: A language's formats may run side by side (see :func:`_run_formats`).
    overlap: bool = True
    use_fuzzy: bool = False
    fresh: bool = False
    strict: bool = False
    published: tuple[str, ...] | None = None


def build_language(settings: Settings, code: str, fmt: str, *, use_fuzzy: bool = False,
                   fresh: bool = False, published: Sequence[str] | None = None) -> BuildResult:
    """Build ``code`` (the source language or a registered one) as ``fmt``."""
    builder, arguments = _arguments(settings, code, fmt, use_fuzzy, published)
    return _result(code, fmt, arguments, run_sphinx(builder, fresh=fresh, **arguments))


def _arguments(settings: Settings, code: str, fmt: str, use_fuzzy: bool,
               published: Sequence[str] | None,
               doctrees: str = "doctrees") -> tuple[str, dict[str, Any]]:
    """The builder and the arguments of :func:`coppub.sphinxrun.run_sphinx` that build
    ``code`` as ``fmt``, reading and keeping doctrees in ``build/<code>/<doctrees>``."""
    kind = edition(fmt)
    base = settings.output_dir(code)
    # locale_dirs and gettext_auto_build as coppub's extension sets them, given here as
    # well: Sphinx compiles the project's sphinx.po (beside it, in the project's folder)
    # while it starts, before any extension can say otherwise.
    overrides: dict[str, object] = {"language": code, "coppub_use_fuzzy": use_fuzzy,
                                    "locale_dirs": [str(settings.mo_dir())],
                                    "gettext_auto_build": False,
                                    "coppub_template_cache": str(settings.build_dir / ".cache"
                                                                 / "templates"),
                                    **kind.overrides(settings, code)}
    if published is not None:
        overrides["coppub_published"] = list(published)
    return kind.builder, {"srcdir": settings.source_dir, "confdir": settings.conf_dir,
                          "outdir": base / fmt, "doctreedir": base / doctrees,
                          "overrides": overrides, "whole": kind.whole}


def _result(code: str, fmt: str, arguments: dict[str, Any], run: SphinxResult) -> BuildResult:
    return BuildResult(code=code, fmt=fmt, outdir=arguments["outdir"], warnings=run.warnings,
                       chrome_urls=run.chrome_urls, left_out=run.left_out)


def _run_formats(settings: Settings, code: str, formats: Sequence[str],
                 options: Options) -> list[BuildResult | CoppubError]:
    """Run Sphinx for each of ``formats`` of ``code``, in order, up to the first failure.

    The first format reads what changed. With ``options.overlap`` the others start as
    soon as it has (it then only reads the doctrees) if a core is idle, else when it
    ends: they run from a copy of its doctrees (``build/<code>/doctrees-others``) while
    it writes its pages, so that after one edited catalog the EPUB is not left waiting
    for the HTML while the second core sits idle; when every core builds already, the
    formats take turns as before. Without, one after the other from the same doctrees.
    """
    if not formats:
        return []

    def arguments(fmt: str, doctrees: str = "doctrees") -> tuple[str, dict[str, Any]]:
        return _arguments(settings, code, fmt, options.use_fuzzy, options.published, doctrees)

    results: list[BuildResult | CoppubError] = []
    if len(formats) == 1 or not options.overlap:
        for fmt in formats:
            builder, given = arguments(fmt)
            try:
                results.append(_result(code, fmt, given,
                                       run_sphinx(builder, fresh=options.fresh, **given)))
            except CoppubError as exc:
                return [*results, exc]
        return results
    builder, given = arguments(formats[0])
    later: list[BuildResult | CoppubError] = []
    read, announced = os.pipe()
    try:
        with started(builder, fresh=options.fresh, announce=announced, **given) as first:
            # every core busy: side by side would only share one, so after the first
            if _has_read(read, first) and (idle_core() or first.exception() is None):
                copy_doctrees(given["doctreedir"], given["doctreedir"].with_name("doctrees-others"))
                for fmt in formats[1:]:
                    other, theirs = arguments(fmt, "doctrees-others")
                    try:  # the copy is of the environment the first format just saved
                        later.append(_result(code, fmt, theirs, run_sphinx(
                            other, fresh=options.fresh, freshenv=False, **theirs)))
                    except CoppubError as exc:
                        later.append(exc)
                        break
            try:
                results.append(_result(code, formats[0], given, first.result()))
            except CoppubError as exc:
                return [exc]
    finally:
        os.close(read)
        os.close(announced)
    return [*results, *later]


def _has_read(read: int, running: Future[SphinxResult]) -> bool:
    """Wait until the build ``running`` says (on the pipe ``read``) that it has read the
    sources, or ends; whether the other formats can start now (false: it failed)."""
    poller = select.poll()  # not select(): a long-lived program may hold over 1024 files
    poller.register(read, select.POLLIN)
    while not running.done():
        if poller.poll(50):
            return True
    return running.exception() is None


def fingerprint(settings: Settings, code: str, options: Options) -> str:
    """A digest of everything a language's editions depend on: a CI cache can key on it.

    Covered: the contents of the sources, the language's catalogs, conf.py and
    coppub.toml, coppub itself (code, theme, interface catalogs, fonts), the versions of
    Sphinx, docutils and Babel, the published set and the edition's date when it is
    reproducible (SOURCE_DATE_EPOCH, or the last commit that changed the language's own
    inputs: :mod:`coppub.dates`). Files are named relative to their folder and read,
    never dated: a fresh checkout, or a copy of the project in another folder, has the
    same fingerprint. Not covered, because finding
    them means running conf.py: templates, static files and local extensions outside the
    source folder (change one, then build with --fresh).
    """
    import babel
    import docutils
    import sphinx

    from .dates import edition_date

    date = edition_date(settings, code)
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, code, options.use_fuzzy,
                              list(options.published or []), sphinx.__version__,
                              docutils.__version__, babel.__version__,
                              date.epoch if date.reproducible else None]).encode())
    folders = {"source": settings.source_dir, "coppub": Path(__file__).parent}
    if code != settings.source_language:
        folders["catalogs"] = settings.catalog_dir(code)
    files = [("conf.py", settings.conf_dir / "conf.py"),
             ("coppub.toml", settings.root / "coppub.toml")]
    build = settings.build_dir.resolve()
    for tag, folder in folders.items():
        files += input_files(tag, folder, build)
    add_contents(digest, files)
    return digest.hexdigest()


def input_files(tag: str, folder: Path, build: Path) -> list[tuple[str, Path]]:
    """The input files under ``folder``, sorted, each named ``<tag>/<relative path>``."""
    if not folder.is_dir():
        return []
    found = ((p.relative_to(folder), p) for p in sorted(folder.rglob("*")))
    return [(f"{tag}/{rel.as_posix()}", p) for rel, p in found
            if p.is_file() and _input(rel, p, build)]


def add_contents(digest: Any, files: Sequence[tuple[str, Path]]) -> None:
    """Feed ``digest`` each file's name and content (a missing file is skipped)."""
    for name, path in files:
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            continue
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(hashlib.sha256(content).digest())


def _input(relative: Path, path: Path, build: Path) -> bool:
    """Whether a file found under an input folder is an input (not output, cache or VCS).

    With ``source-dir = "."`` the build folder, .git and .venv sit inside the sources:
    counting them would make every build look changed. Only the folders below the input
    folder are looked at: the project itself may live in a dotted folder.
    """
    if any(part.startswith(".") or part == "__pycache__" for part in relative.parts[:-1]):
        return False
    return build not in path.resolve().parents


def _stamp(settings: Settings, code: str, fmt: str) -> Path:
    return settings.output_dir(code) / f".coppub-{fmt}.stamp"


def _published(settings: Settings, code: str, fmt: str) -> bool:
    return edition(fmt).published(settings, code)


@dataclass
class Made:
    """One language's editions as Sphinx left them: not yet guarded nor published."""

    outcome: Outcome
    results: list[BuildResult]
    #: The language's inputs when the build started (the stamp of what was built).
    inputs: str
    #: The date its editions carry (:mod:`coppub.dates`).
    epoch: int
    publish: bool


def build_one(settings: Settings, code: str, options: Options,
              publish: bool = True) -> Outcome:
    """Build and publish one language's formats.

    A translated edition is published only if the output guard finds nothing in its
    pages that the source edition's pages lack (:mod:`coppub.guard`), so the source
    edition must be built first. With ``publish`` false (the source edition built only
    as the guard's reference) nothing is published. Every date the editions carry is the
    last change to the language's own inputs (:mod:`coppub.dates`).
    """
    return finish_one(settings, make_one(settings, code, options, publish))


def make_one(settings: Settings, code: str, options: Options, publish: bool = True) -> Made:
    """The first half of :func:`build_one`, which needs no other language's edition:
    run Sphinx for every format that is not up to date (in a worker process)."""
    from .dates import edition_date

    inputs = fingerprint(settings, code, options)  # as they were when the build started
    epoch = edition_date(settings, code).epoch
    made = Made(Outcome(code), [], inputs, epoch, publish)
    with clock.fixed(epoch):
        _make(settings, made, options)
    return made


def _make(settings: Settings, made: Made, options: Options) -> None:
    code, outcome = made.outcome.code, made.outcome
    # A build that was interrupted or crashed may have left any file of Sphinx's half
    # written (its environment, a doctree, .buildinfo): the next one starts afresh.
    marker = _incomplete(settings, code)
    if marker.exists() and not options.fresh:
        log.info("%s: the last build did not finish; building afresh", code)
        options = dataclasses.replace(options, fresh=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    pending: list[str] = []
    for fmt in options.formats:
        stamp = _stamp(settings, code, fmt)
        key = f"{fmt}:{made.inputs}"
        ready = _published(settings, code, fmt) if made.publish else (
            settings.output_dir(code) / fmt).is_dir()
        if not options.fresh and ready and stamp.exists() and stamp.read_text() == key:
            outcome.up_to_date.append(fmt)
            continue
        pending.append(fmt)
    if not pending:
        return
    for fmt in pending:
        log.info("%s: building %s", code, fmt)
    with shared(settings, code, options.use_fuzzy):  # every format from one compilation
        results = _run_formats(settings, code, pending, options)
    for fmt, result in zip(pending, results, strict=False):
        if isinstance(result, CoppubError):
            hint = f" (what to do: {result.hint})" if result.hint else ""
            outcome.error = f"{fmt}: {result}{hint}"
            return
        outcome.warnings.extend(result.warnings)
        outcome.left_out = max(outcome.left_out, result.left_out)  # same catalogs per format
        if options.strict and result.warnings:
            outcome.error = f"{fmt}: {len(result.warnings)} warning(s) with --strict"
            return
        made.results.append(result)


def _incomplete(settings: Settings, code: str) -> Path:
    """The marker of a build of ``code`` under way (or interrupted)."""
    return settings.output_dir(code) / ".coppub-incomplete"


def finish_one(settings: Settings, made: Made) -> Outcome:
    """The second half of :func:`build_one`, once the source edition is built: guard a
    translated language's new editions, then publish them together."""
    code, outcome = made.outcome.code, made.outcome
    if outcome.error:
        return outcome
    with clock.fixed(made.epoch):
        if code != settings.source_language:
            for result in made.results:
                problem = _guard(settings, result)
                if problem:
                    outcome.error = problem
                    return outcome
        _incomplete(settings, code).unlink(missing_ok=True)  # Sphinx's files are whole again
        for result in made.results:  # all formats built: publish them together
            if made.publish:
                edition(result.fmt).publish(settings, code, result.outdir)
                log.info("%s: %s published", code, result.fmt)
            _stamp(settings, code, result.fmt).write_text(f"{result.fmt}:{made.inputs}")
            outcome.built.append(result.fmt)
    return outcome


def _guard(settings: Settings, result: BuildResult) -> str:
    """Why ``result`` may not be published (empty: its pages add nothing to the source's)."""
    from .guard import guard

    reference = settings.output_dir(settings.source_language) / result.fmt
    if not reference.is_dir():
        return (f"{result.fmt}: the source edition ({reference}) to compare with is missing; "
                "build the source language too")
    violations = guard(reference, result.outdir, [settings.source_language, *settings.codes],
                       allowed=result.chrome_urls, memo=settings.build_dir / ".cache" / "guard"
                       / f"{result.code}-{result.fmt}.json")
    if not violations:
        return ""
    log.warning("%s: %s", result.code, "\n".join(map(str, violations)))
    return (f"{result.fmt}: {len(violations)} page(s) contain what the source edition's "
            f"pages do not, so the edition is not published: {violations[0]}")


@contextlib.contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """One build at a time per build folder: a second one waits for the first.

    The lock is the kernel's (flock): it goes away with the process that held it, so a
    killed build never leaves a stale lock behind.
    """
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.build_dir / ".coppub-build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another coppub build is using %s; waiting for it to finish",
                        settings.build_dir)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def build_many(settings: Settings, codes: Sequence[str], options: Options, jobs: int = 0,
               progress: Callable[[Outcome, int, int], None] | None = None,
               meanwhile: Callable[[], None] | None = None) -> list[Outcome]:
    """Build ``codes`` with up to ``jobs`` languages at a time (0: one per core).

    Every translated edition is compared with the source edition before it is published,
    so the source edition is built too (and only published if asked for). Sphinx runs
    for it alongside the others, in the workers; this process guards and publishes each
    translated language as soon as both its build and the source's are done.
    ``meanwhile``: work for this process once the workers have started (never with
    ``jobs`` 1, where this process builds); what it raises is ignored.
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:  # one Sphinx at a time
        options = dataclasses.replace(options, overlap=False)
    source = settings.source_language
    translated = [code for code in codes if code != source]
    if not translated:
        return [_reported(build_one(settings, source, options), 1, 1, progress)] \
            if source in codes else []
    total = len(translated) + (source in codes)
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        _reported(outcome, len(outcomes), total, progress)

    def finished(made: Made, first: Outcome) -> Outcome:
        if first.error:  # nothing to compare with: not published
            return _source_failed(made.outcome.code, first)
        try:
            return finish_one(settings, made)
        except Exception as exc:  # noqa: BLE001 - as a crashed worker: its language only
            return Outcome(made.outcome.code, error=f"internal error: {exc!r}")

    makes = [source, *translated]
    if jobs == 1:
        first = build_one(settings, source, options, publish=source in codes)
        if source in codes:
            done(first)
        for code in translated:
            done(_source_failed(code, first) if first.error
                 else build_one(settings, code, options))
        return _ordered(outcomes, makes)
    waiting: list[Made] = []
    first_done: Outcome | None = None
    with counted(), worker_pool(min(jobs, len(makes))) as pool:
        futures = {pool.submit(make_one, settings, code, options, code != source
                               or source in codes): code
                   for code in [source, *sorted(translated, reverse=True,
                                                key=lambda c: _weight(settings, c))]}
        if meanwhile is not None:
            with contextlib.suppress(Exception):  # only ahead of time: redone when needed
                meanwhile()
        for future in as_completed(futures):
            code = futures[future]
            try:
                made = future.result()
            except Exception as exc:  # a crashed worker fails its language only
                made = Made(Outcome(code, error=f"internal error: {exc!r}"), [], "", 0, True)
            if code != source:
                if first_done is None:
                    waiting.append(made)
                else:
                    done(finished(made, first_done))
                continue
            first_done = finished(made, Outcome(source))
            if source in codes:
                done(first_done)
            for early in waiting:
                done(finished(early, first_done))
            waiting = []
    return _ordered(outcomes, makes)


def _weight(settings: Settings, code: str) -> int:
    """How long building a translated ``code`` takes, roughly: its catalogs' size plus
    the font files its editions subset (Nastaliq's take seconds). The source edition
    starts first (every translated one is compared with it before it is published: this
    process guards and publishes each while the others build), then the heaviest
    languages, so that no core is left idle while the last one builds alone."""
    from .fonts import find_font
    from .scripts import facts

    weight = 0
    try:
        weight = sum(p.stat().st_size for p in settings.catalog_dir(code).rglob("*.*")
                     if p.is_file())
        language = settings.any_language(code)
        weight += sum(find_font(name).stat().st_size
                      for name in facts(code, language.script).embed)
    except (OSError, CoppubError):
        pass  # only an order: the build reports what is wrong
    return weight


def _source_failed(code: str, first: Outcome) -> Outcome:
    return Outcome(code, error=f"the source edition failed: {first.error}")


def _reported(outcome: Outcome, count: int, total: int,
              progress: Callable[[Outcome, int, int], None] | None) -> Outcome:
    if progress:
        progress(outcome, count, total)
    return outcome


def _ordered(outcomes: list[Outcome], codes: list[str]) -> list[Outcome]:
    order = {code: i for i, code in enumerate(codes)}
    return sorted(outcomes, key=lambda o: order[o.code])


@dataclass(frozen=True)
class Plan:
    """Which languages a build publishes, holds back (and why), and cannot build."""

    build: list[str]
    held_back: dict[str, str]
    stats: dict[str, LanguageStats]
    #: Languages with a catalog that cannot be read: a failure, never "held back".
    unreadable: dict[str, list[CoppubError]] = field(default_factory=dict)


def plan(settings: Settings, codes: list[str], *, force: bool = False) -> Plan:
    """Apply the publishing gate to ``codes`` (the source language always passes).

    A language is held back when its share of translated words is below its threshold,
    unless ``force``; translations an error-level check refuses do not count (readers see
    the source text there). A language one of whose catalogs cannot be read is not built at
    all (even with ``force``): its previous edition stays published and the build fails.
    """
    translated = [c for c in codes if c != settings.source_language]
    figures, _ = collect(settings, translated, checked=True) if translated else ([], [])
    stats = {s.language.code: s for s in figures}
    held: dict[str, str] = {}
    unreadable: dict[str, list[CoppubError]] = {}
    for code, s in stats.items():
        if s.errors:
            unreadable[code] = list(s.errors)
        elif reason := below_gate(s):
            held[code] = reason
    if force:
        held = {}
    return Plan(build=[c for c in codes if c not in held and c not in unreadable],
                held_back=held, stats=stats, unreadable=unreadable)
