"""The date of each language's edition: the last change to its own inputs.

An edition is dated (its EPUB's and PDF's dates, Sphinx's ``today`` and "last updated",
the downloads page) by the newest of what it is made from: the sources, ``conf.py``,
``coppub.toml`` and *its own* catalogs. A change to the French catalogs re-dates the
French edition only: every other language keeps its date, its fingerprint and its bytes.

Where the date comes from, first found:

1. ``SOURCE_DATE_EPOCH``, when set: it dates every edition (:mod:`coppub.clock`);
2. git, when the project is a git work tree whose inputs are all committed: the time of
   the last commit that changed one of them (the same in every clone of the history);
3. otherwise the newest modification time of the input files (of the uncommitted ones
   and the last commit's, in a work tree with changes).

Only the first two are reproducible: :func:`edition_date` says which it is, and a
fingerprint covers the date only then (a copy of the project, with other file times,
keeps its fingerprint).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .config import Settings


@dataclass(frozen=True)
class EditionDate:
    """When an edition is dated, and whether every machine finds the same date."""

    epoch: int
    #: "SOURCE_DATE_EPOCH", "git" or "files".
    origin: str

    @property
    def reproducible(self) -> bool:
        return self.origin != "files"


def inputs(settings: Settings, code: str) -> list[Path]:
    """What ``code``'s edition is made from (files and folders), as dated here."""
    paths = [settings.source_dir, settings.conf_dir / "conf.py", settings.root / "coppub.toml"]
    if code != settings.source_language:
        paths.append(settings.catalog_dir(code))
    return [path.resolve() for path in paths if path.exists()]


def edition_date(settings: Settings, code: str) -> EditionDate:
    """The date of ``code``'s edition; see the module docstring."""
    fixed = clock.epoch()
    if fixed is not None:
        return EditionDate(fixed, "SOURCE_DATE_EPOCH")
    paths = inputs(settings, code)
    committed, changed = _git(settings.root, paths)
    if committed is not None and not changed:
        return EditionDate(committed, "git")
    files = changed if committed is not None else _files(settings, paths)
    newest = max((int(path.stat().st_mtime) for path in files if path.is_file()), default=0)
    return EditionDate(max(newest, committed or 0), "files")


def _files(settings: Settings, paths: list[Path]) -> list[Path]:
    from .build import input_files

    build = settings.build_dir.resolve()
    found = []
    for path in paths:
        found += [file for _name, file in input_files("", path, build)] \
            if path.is_dir() else [path]
    return found


def _git(root: Path, paths: list[Path]) -> tuple[int | None, list[Path]]:
    """The time of the last commit that changed ``paths`` (None: not known to git), and
    those of their files that differ from it (changed, or not committed)."""
    if not paths:
        return None, []

    def git(*args: str) -> str | None:
        try:
            run = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                 check=False, timeout=60, env={**os.environ, "LC_ALL": "C"})
        except (OSError, subprocess.SubprocessError):
            return None
        return run.stdout.decode("utf-8", "surrogateescape") if run.returncode == 0 \
            else None

    top = git("rev-parse", "--show-toplevel")
    if not top:
        return None, []
    names = [str(path) for path in paths]
    when = git("log", "-1", "--format=%ct", "--", *names)
    if not when or not when.strip().isdigit():
        return None, []
    status = git("status", "--porcelain", "-z", "--untracked-files=all", "--", *names)
    if status is None:
        return None, []
    base = Path(top.strip())
    changed = []
    entries = iter(status.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        if entry[0] in "RC":  # a rename names the old path next: skip it
            next(entries, None)
        changed.append(base / entry[3:])
    return int(when.strip()), changed
