"""What coppub worked out from a catalog, kept until the catalog changes.

Some answers need a catalog read in full and parsed, or every translation checked (what
the checks refuse, its outdated messages), and a build asks for them again each time.
They are kept in a folder of the build directory, one JSON file per catalog, under a
*signature*: the catalog's size and modification time (taken before it is read), coppub's
version, and whatever else the answer depends on. This is only a cache: a file that is
missing, damaged or signed differently means working the answer out again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from .pofiles import write_atomic


def signature(path: Path, *more: object) -> list[object]:
    """What an answer about ``path`` depends on; take it before reading the catalog."""
    from . import __version__

    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, __version__, *more]


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
    """Keep ``value`` (JSON data) as the answer for ``path`` read under ``sign``."""
    data = json.dumps({"signature": sign, "value": value}, ensure_ascii=False)
    with contextlib.suppress(OSError):  # only a cache
        write_atomic(_file(folder, path), data.encode("utf-8"))
