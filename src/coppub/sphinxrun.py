"""Run one Sphinx build in this process and collect its warnings (never print)."""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import re
import shutil
import traceback
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BuildError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class SphinxResult:
    """What a Sphinx run left behind: its warnings and its log."""

    warnings: list[str]
    log: str
    #: Addresses coppub's extension wrote into pages from conf.py (not from translations).
    chrome_urls: tuple[str, ...] = ()
    #: Translations a check left out of the compiled catalogs (each also a warning).
    left_out: int = 0


def run_sphinx(builder: str, **kwargs: Any) -> SphinxResult:
    """Build in a forked child process, so that nothing a build caches survives it.

    Python's gettext and Sphinx both cache loaded catalogs per process: a second build
    in the same process would publish stale translations. A child also keeps docutils'
    global registrations apart, and lets builds run side by side.
    """
    with started(builder, **kwargs) as running:
        pass  # the pool waits for the build: a failure is raised below, once the child is gone
    return running.result()


@contextlib.contextmanager
def started(builder: str, **kwargs: Any) -> Iterator[Future[SphinxResult]]:
    """:func:`run_sphinx`, started: the build's future, while it runs in its child.

    With ``announce`` (a pipe's file descriptor), the child writes one byte to it once
    the sources are read and the environment saved, before it writes any page: from then
    on it only reads the doctrees (see :func:`copy_doctrees`).
    """
    from . import clock
    from .parallel import worker_pool

    clock.epoch()  # Sphinx reads it too: a bad value is our clear error, not its traceback
    _prepare()
    _count(+1)
    try:
        with worker_pool(1) as pool:
            yield pool.submit(run_sphinx_here, builder, **kwargs)
    finally:
        _count(-1)


#: Sphinx runs under way in every worker forked inside :func:`counted` (shared memory).
_RUNNING: Any = None


@contextlib.contextmanager
def counted() -> Iterator[None]:
    """Count the Sphinx runs started in the workers forked inside (:func:`idle_core`)."""
    import multiprocessing

    global _RUNNING
    _RUNNING = multiprocessing.get_context("fork").Value("i", 0)
    try:
        yield
    finally:
        _RUNNING = None


def _count(change: int) -> None:
    if _RUNNING is not None:
        with _RUNNING.get_lock():
            _RUNNING.value += change


def idle_core() -> bool:
    """Whether fewer Sphinx runs are under way than this machine has cores (always true
    outside :func:`counted`)."""
    return _RUNNING is None or _RUNNING.value < (os.cpu_count() or 1)


def copy_doctrees(doctreedir: Path, into: Path) -> Path:
    """A copy of a build's doctrees and environment for other formats' builds to run from
    while that build writes its pages: they never write into the folder it reads."""
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(doctreedir, into)
    return into


@functools.cache
def _prepare() -> None:
    """Import, once in this process, the modules every build imports, and load the
    collation table, so that each build's child starts with them (about a second of every
    build otherwise), and the rules of the lexer Sphinx highlights literal blocks with by
    default (Pygments compiles a lexer's patterns once per process). Importing registers
    nothing: Sphinx sets up docutils, its catalogs and the extensions' state when a build
    starts, in the child."""
    from sphinx.application import builtin_extensions
    from sphinx.highlighting import lexer_classes

    for name in [*builtin_extensions, "coppub.sphinxext"]:
        importlib.import_module(name)
    lexer_classes["python"]()  # what Sphinx's "default" highlighting language uses
    from .sphinxext.collation import _collator

    _collator()


def _announced(builder: Any, fd: int) -> None:
    """Write a byte to ``fd`` when ``builder`` starts writing (every Sphinx version saves
    the environment, when anything was read, before it calls its builder's ``write``)."""
    write = builder.write

    def announcing(*args: Any, **kwargs: Any) -> Any:
        os.write(fd, b"r")
        return write(*args, **kwargs)

    builder.write = announcing


#: Sphinx's functions that handle one document: an error raised below one of them is that
#: document's (an error in the builder's finish, after the last page, is no page's).
_PER_DOCUMENT = frozenset({"read_doc", "write_doc", "_write_serial", "_write_parallel",
                           "write_doc_serialized", "get_and_resolve_doctree"})


def _where(app: Any, exc: BaseException) -> str:
    """" on <document> (<file>)" for the document Sphinx was reading or writing, if any."""
    frames = {frame.name for frame in traceback.extract_tb(exc.__traceback__)}
    if app is None or not frames & _PER_DOCUMENT:
        return ""
    env = getattr(app, "env", None)
    docname = (getattr(env, "temp_data", {}) or {}).get("docname") \
        or getattr(getattr(app, "builder", None), "current_docname", None)
    if not docname or env is None:
        return ""
    try:
        return f" on {docname} ({env.doc2path(docname)})"
    except Exception:  # noqa: BLE001 - only a better message
        return f" on {docname}"


def run_sphinx_here(
    builder: str,
    *,
    srcdir: Path,
    confdir: Path,
    outdir: Path,
    doctreedir: Path,
    overrides: Mapping[str, Any] | None = None,
    parallel: int = 1,
    fresh: bool = False,
    whole: bool = False,
    freshenv: bool | None = None,
    announce: int | None = None,
) -> SphinxResult:
    """Build ``srcdir`` with ``builder``; raise :class:`BuildError` on failure.

    ``fresh``: remove ``outdir`` first, and read every source again unless ``freshenv``
    says otherwise. ``whole``: write every page, not only those whose sources changed (an
    edition whose pages are packaged together, such as the EPUB). ``announce``: see
    :func:`started`.
    """
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    status, warning = io.StringIO(), io.StringIO()
    app = None
    if fresh and outdir.is_dir():
        shutil.rmtree(outdir)  # nothing of an earlier build survives --fresh
    try:
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(
                srcdir, confdir, outdir, doctreedir, builder,
                confoverrides=dict(overrides or {}), status=status, warning=warning,
                freshenv=fresh if freshenv is None else freshenv, parallel=parallel,
            )
            if builder != "gettext" and "coppub.sphinxext" not in app.extensions:
                raise BuildError(
                    f"{confdir / 'conf.py'} does not load coppub's extension, so no "
                    "translation would be compiled or checked",
                    hint='add "coppub.sphinxext" to extensions in conf.py')
            # Sphinx decides what to write by the *source* file's time; coppub's
            # extension adds the pages read again since they were written, for whichever
            # format built first (sphinxext.freshness). An edition Sphinx writes as one
            # file (the PDF) is written whole.
            if announce is not None:
                _announced(app.builder, announce)
            app.build(force_all=fresh or whole)
    except BuildError:
        raise
    except (SphinxError, OSError, ValueError) as exc:
        raise BuildError(
            f"Sphinx {builder} build failed{_where(app, exc)}: {exc}",
            hint="see the messages above; fix the source or catalog it names",
        ) from exc
    except Exception as exc:  # noqa: BLE001 - an extension's or Sphinx's own bug
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        raise BuildError(
            f"Sphinx {builder} build failed{_where(app, exc)}: {type(exc).__name__}: {exc} (in "
            f"{Path(frame.filename).name}:{frame.lineno}, {frame.name})",
            hint="if a file of an interrupted build is broken, build again with --fresh; "
            "otherwise report it to the extension or Sphinx named here",
        ) from None
    text = _ANSI.sub("", warning.getvalue())
    warnings = [line for line in text.splitlines() if line.strip()]
    chrome = tuple(sorted(app.__dict__.get("_coppub_chrome_urls", ())))
    return SphinxResult(warnings=warnings, log=_ANSI.sub("", status.getvalue()),
                        chrome_urls=chrome, left_out=app.__dict__.get("_coppub_left_out", 0))
