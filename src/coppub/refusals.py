"""Which translations of a catalog the error-level checks refuse, remembered across steps.

Checking parses every translation and its source: it is the slowest part both of
measuring a language for the publishing gate (:func:`stats.checked_states`) and of
compiling it for a build (:func:`compile.compile_language`), and both need the same
answer. It is kept in ``<build-dir>/.cache/checked`` (:mod:`catalogcache`) under a signature
of what the answer depends on: the catalog's size and modification time (taken before it
is read), coppub's version, the language, and the checks the project relaxes for the
catalog. So an unchanged catalog is checked once, by whichever step comes first.

Only translated messages (:data:`model.TRANSLATED`: not fuzzy, every form filled) are
covered; a step that publishes fuzzy translations checks those itself. This is a cache:
a file that cannot be read or written only means checking again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import catalogcache
from .config import Settings
from .languages import Language
from .model import Key


def signature(path: Path, language: Language, relaxed: Iterable[str],
              unlocated: Iterable[str]) -> list[object]:
    """What the answer for ``path`` depends on; take it before reading the catalog."""
    return catalogcache.signature(path, language.code, sorted(relaxed), sorted(unlocated))


def _folder(settings: Settings) -> Path:
    return settings.build_dir / ".cache" / "checked"


def remembered(settings: Settings, path: Path, sign: list[object]) -> set[Key] | None:
    """The keys (``(msgctxt, escaped msgid)``) refused last time, or None when the
    catalog was not checked under this signature."""
    saved = catalogcache.load(_folder(settings), path, sign)
    return None if saved is None else {(ctx, msgid) for ctx, msgid in saved}


def remember(settings: Settings, path: Path, sign: list[object],
             rejected: Iterable[Key]) -> None:
    """Keep the keys the checks refused in a catalog read under ``sign``."""
    catalogcache.store(_folder(settings), path, sign, sorted(
        ([ctx, msgid] for ctx, msgid in rejected), key=lambda k: (k[0] or "", k[1])))
