"""What coppub worked out from a catalog, kept until the catalog changes.

Some answers need a catalog read in full and parsed, or every translation checked (what
the checks refuse, its outdated messages), and a build asks for them again each time.
They are kept in a folder of the build directory, one JSON file per catalog, under a
*signature*: the catalog's size and modification time (taken before it is read), coppub's
version, and whatever else the answer depends on. This is only a cache: a file that is
missing, damaged or signed differently means working the answer out again.

A file changed in the last :data:`SETTLE_NS` is *unsettled*: filesystems keep times in
steps (milliseconds, or seconds on some), so it could change again, keeping its size,
without its time changing. No answer about it is kept (as Git does with its "racily
clean" files): otherwise a translation rewritten within one step of being checked could
reach readers unchecked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from .pofiles import write_atomic

#: How long after a change a file is taken to be settled (see above).
SETTLE_NS = 2_000_000_000


class _Unsettled(str):
    """The part of a signature that says a file is too new to be relied on: it is unique,
    so nothing kept matches it, and :func:`store` keeps nothing under it."""


def stamp(path: Path | None) -> list[object] | None:
    """A file's size and modification time (None for no file); raises OSError if it
    cannot be read."""
    if path is None:
        return None
    stat = path.stat()
    found: list[object] = [stat.st_size, stat.st_mtime_ns]
    if time.time_ns() - stat.st_mtime_ns < SETTLE_NS:
        found.append(_Unsettled(f"unsettled {os.getpid()} {time.perf_counter_ns()}"))
    return found


def settled(sign: object) -> bool:
    """Whether an answer may be kept under ``sign`` (no file in it is too new)."""
    if isinstance(sign, list):
        return all(settled(part) for part in sign)
    return not isinstance(sign, _Unsettled)


def signature(path: Path, *more: object) -> list[object]:
    """What an answer about ``path`` depends on; take it before reading the catalog."""
    from . import __version__

    return [*(stamp(path) or []), __version__, *more]


def _file(folder: Path, path: Path) -> Path:
    return folder / (hashlib.sha1(str(path.resolve()).encode()).hexdigest() + ".json")


def load(folder: Path, path: Path, sign: list[object]) -> Any:
    """The answer kept in ``folder`` for ``path`` under ``sign``, or None."""
    try:
        saved = json.loads(_file(folder, path).read_text(encoding="utf-8"))
        if saved["signature"] == json.loads(json.dumps(sign)):
            return saved["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def store(folder: Path, path: Path, sign: list[object], value: Any) -> None:
    """Keep ``value`` (JSON data) as the answer for ``path`` read under ``sign`` (unless
    a file in ``sign`` is unsettled)."""
    if not settled(sign):
        return
    data = json.dumps({"signature": sign, "value": value}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # only a cache: not synced to disk
        write_atomic(_file(folder, path), data.encode("utf-8"), sync=False)
